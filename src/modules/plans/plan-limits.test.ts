/**
 * How much one plan may hold, and how many of the items that link to one item a plan shows:
 * the first BACKLINKS_SHOWN with a count of the rest, which a page of their own (and the API)
 * gives page by page. Items of any plan may link to any item they can read, so their number
 * must not decide how large another organisation's plan page is (docs/security.md).
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { loadConfig } from "../../config.ts";
import { NotFoundError, ConflictError } from "../../lib/errors.ts";
import { COUNT, LENGTH } from "../../lib/limits.ts";
import { InputError } from "../../lib/validation.ts";
import { createApp } from "../../web/app.tsx";
import { anonymous, system } from "../access/viewer.ts";
import { importDataSet, parseFiles } from "../exchange/service.ts";
import { updateItem } from "./editing.ts";
import { BACKLINKS_PAGE, BACKLINKS_SHOWN, getPlan, listBacklinks, type PlanItem } from "./reading.ts";
import { planTextSize } from "./size.ts";
import { addItem, deleteItem, restoreItem, StructureError } from "./structure.ts";

/** Items of the plan that points at the target's first item: more than one page of the list. */
const SOURCES = BACKLINKS_PAGE + 5;

function plan(slug: string, options: { title: string; published: boolean; owner: string; items: { code: string; links?: string[] }[] }) {
  return {
    slug,
    title: options.title,
    kind: "jaarplan",
    status: "vastgesteld",
    published: options.published,
    period: { label: "2025", start: "2025-01-01", end: "2025-12-31" },
    owners: [options.owner],
    levels: [{ key: "actie", name: "Actie", plural: "Acties" }],
    layout: { style: "table", rowLevel: "actie", columns: [{ label: "Wat", show: ["title"] }] },
    items: options.items.map(({ code, links = [] }) => ({
      code,
      level: "actie",
      title: `Actie ${code}`,
      links: links.map((to) => ({ to, kind: "zie ook" })),
    })),
  };
}
const codes = (n: number, links: (i: number) => string[] = () => []) => Array.from({ length: n }, (_, i) => ({ code: String(i + 1), links: links(i) }));

async function load(database: TestDatabase, plans: ReturnType<typeof plan>[]) {
  const { data, names } = parseFiles(plans.map((p) => ({ name: `${p.slug}.yaml`, text: JSON.stringify(p) })));
  await importDataSet(database, data, names);
}

describe.each(databaseKinds)("the size of a plan on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let target: PlanItem;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({}) });
    await load(database, [
      plan("doel", { title: "Doelplan", published: true, owner: "swvnk", items: codes(2) }),
      // "Bronplan A" sorts before "Bronplan Z": the page lists by plan title, then by item.
      plan("bron-open", { title: "Bronplan Z", published: true, owner: "velsen", items: codes(SOURCES, () => ["doel#1"]) }),
      plan("bron-dicht", { title: "Bronplan A", published: false, owner: "velsen", items: codes(1, () => ["doel#1"]) }),
      // As many items as a plan may hold, and as many links as its items may have together, less one.
      plan("vol", { title: "Vol plan", published: true, owner: "swvnk", items: codes(COUNT.items) }),
      plan("veel-verwijzingen", {
        title: "Veel verwijzingen",
        published: true,
        owner: "swvnk",
        items: codes(COUNT.planLinks / COUNT.links, (i) =>
          Array.from({ length: i === 0 ? COUNT.links - 1 : COUNT.links }, (_, l) => `vol#${l + 1}`),
        ),
      }),
    ]);
    target = (await getPlan(database.db, system, "doel")).items[0]!;
  }, 300_000);
  afterAll(() => database.dispose());

  describe("items that link to one item", () => {
    it("the plan gives the first of them and counts them all, as far as the viewer may read them", async () => {
      const seen = (await getPlan(database.db, anonymous, "doel")).items[0]!;
      expect(seen.backlinks).toHaveLength(BACKLINKS_SHOWN);
      expect(seen.backlinkCount).toBe(SOURCES);
      expect(seen.backlinks.map((b) => b.source.code)).toEqual(Array.from({ length: BACKLINKS_SHOWN }, (_, i) => String(i + 1)));
      // The unpublished plan's item comes first for whoever may read it.
      const all = (await getPlan(database.db, system, "doel")).items[0]!;
      expect(all.backlinkCount).toBe(SOURCES + 1);
      expect(all.backlinks[0]!.source.planSlug).toBe("bron-dicht");
      expect((await getPlan(database.db, anonymous, "doel")).items[1]!.backlinkCount).toBe(0);
    });

    it("the list of them goes page by page, and ends", async () => {
      const first = await listBacklinks(database.db, anonymous, "doel", target.id, 1);
      expect(first).toMatchObject({ total: SOURCES, page: 1, pageSize: BACKLINKS_PAGE, item: { id: target.id, code: "1" } });
      expect(first.backlinks).toHaveLength(BACKLINKS_PAGE);
      const second = await listBacklinks(database.db, anonymous, "doel", target.id, 2);
      expect(second.backlinks.map((b) => b.source.code)).toEqual(["51", "52", "53", "54", "55"]);
      expect((await listBacklinks(database.db, anonymous, "doel", target.id, 3)).backlinks).toEqual([]);
      // Nonsense for a page number is the first page.
      expect((await listBacklinks(database.db, anonymous, "doel", target.id, Number.NaN)).page).toBe(1);
    });

    it("an item of another plan, or a plan the viewer may not read, is not found", async () => {
      const other = (await getPlan(database.db, system, "bron-open")).items[0]!;
      await expect(listBacklinks(database.db, anonymous, "doel", other.id, 1)).rejects.toThrow(NotFoundError);
      await expect(listBacklinks(database.db, anonymous, "bron-dicht", other.id, 1)).rejects.toThrow(NotFoundError);
    });

    it("the plan page names the rest and links to their list, which pages on", async () => {
      const page = await (await app.request("/plannen/doel")).text();
      expect(page).toContain(`href="/plannen/doel/onderdelen/${target.id}/hiernaar"`);
      expect(page).toMatch(new RegExp(`en nog ${SOURCES - BACKLINKS_SHOWN} andere`));
      const list = await app.request(`/plannen/doel/onderdelen/${target.id}/hiernaar`);
      expect(list.status).toBe(200);
      const html = await list.text();
      expect(html).toContain(`${SOURCES} onderdelen verwijzen hiernaar; hier 1 tot en met ${BACKLINKS_PAGE}`);
      expect(html).toContain(`href="/plannen/doel/onderdelen/${target.id}/hiernaar?pagina=2" rel="next"`);
      expect(html).not.toContain("Bronplan A");
      const last = await (await app.request(`/plannen/doel/onderdelen/${target.id}/hiernaar?pagina=2`)).text();
      expect(last).toContain(`hier ${BACKLINKS_PAGE + 1} tot en met ${SOURCES}`);
      expect(last).not.toContain('rel="next"');
      expect((await app.request(`/plannen/bron-dicht/onderdelen/${target.id}/hiernaar`)).status).toBe(404);
    });

    it("the API gives the first of them with the count, and the rest page by page", async () => {
      const planJson = (await (await app.request("/api/v1/plans/doel")).json()) as { data: { items: { backlinks: unknown[]; backlinkCount: number }[] } };
      expect(planJson.data.items[0]).toMatchObject({ backlinkCount: SOURCES });
      expect(planJson.data.items[0]!.backlinks).toHaveLength(BACKLINKS_SHOWN);
      const first = (await (await app.request(`/api/v1/plans/doel/items/${target.id}/backlinks`)).json()) as {
        data: { source: { plan: string; code: string } }[];
        total: number;
        links: { next: string | null };
      };
      expect(first.total).toBe(SOURCES);
      expect(first.data).toHaveLength(BACKLINKS_PAGE);
      expect(first.data[0]).toMatchObject({ kind: "zie ook", source: { plan: "bron-open", code: "1" } });
      const second = (await (await app.request(first.links.next!)).json()) as { data: unknown[]; links: { next: string | null } };
      expect(second.data).toHaveLength(SOURCES - BACKLINKS_PAGE);
      expect(second.links.next).toBeNull();
    });
  });

  describe("items per plan", () => {
    it("a plan that holds as many items as it may takes no more", async () => {
      const error = await addItem(database.db, system, "vol", { title: "Eén te veel", parentId: null, afterId: null }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StructureError);
      expect((error as Error).message).toBe(`Dit plan heeft al ${COUNT.items} onderdelen, het hoogste aantal in één plan. Verwijder eerst een onderdeel dat niet meer nodig is.`);
    });

    it("an item in the bin does not count, but comes back only when there is room", async () => {
      const first = (await getPlan(database.db, system, "vol")).items[0]!;
      const { deletionId } = await deleteItem(database.db, system, "vol", first.id, first.version);
      const { id } = await addItem(database.db, system, "vol", { title: "In de plaats", parentId: null, afterId: null });
      await expect(restoreItem(database.db, system, "vol", deletionId)).rejects.toThrow(ConflictError);
      const added = (await getPlan(database.db, system, "vol")).items.find((i) => i.id === id)!;
      await deleteItem(database.db, system, "vol", id, added.version);
      await expect(restoreItem(database.db, system, "vol", deletionId)).resolves.toEqual({ itemId: first.id });
    });
  });

  describe("text in one plan", () => {
    it("a change after which the plan would hold more text than a plan may is refused, and nothing of it is kept", async () => {
      const longest = Array.from({ length: COUNT.sections }, (_, i) => ({ title: `Tekst ${i + 1}`, text: "x".repeat(LENGTH.text) }));
      const [first, second] = (await getPlan(database.db, system, "vol")).items as [PlanItem, PlanItem];
      await updateItem(database.db, system, "vol", first.id, { version: first.version, sections: longest });
      const before = planTextSize(await getPlan(database.db, system, "vol"));
      expect(before).toBeLessThan(LENGTH.plan);
      const error = await updateItem(database.db, system, "vol", second.id, { version: second.version, sections: longest }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const [problem] = (error as InputError).problems;
      expect(problem).toMatchObject({ file: "onderdeel", path: "sections" });
      expect(problem!.message).toMatch(/^Tekst: een plan mag samen hoogstens 2\.000\.000 tekens bevatten; dit plan zou er 2\.\d{3}\.\d{3} hebben\.$/);
      const after = await getPlan(database.db, system, "vol");
      expect(planTextSize(after)).toBe(before);
      expect(after.items[1]).toMatchObject({ id: second.id, version: second.version, sections: second.sections });
      // Making room lets the change in.
      await updateItem(database.db, system, "vol", first.id, { version: first.version + 1, sections: [] });
      await updateItem(database.db, system, "vol", second.id, { version: second.version, sections: longest });
    });
  });

  describe("links from one plan", () => {
    it("the items of a plan together have at most so many links; replacing an item's own links is counted without them", async () => {
      const [almostFull, full] = (await getPlan(database.db, system, "veel-verwijzingen")).items as [PlanItem, PlanItem];
      const links = (item: PlanItem) => item.links.map((l) => ({ targetId: l.target.id, kind: "zie ook" as const }));
      const more = [...links(almostFull), { targetId: target.id, kind: "zie ook" as const }];
      const saved = await updateItem(database.db, system, "veel-verwijzingen", almostFull.id, { version: almostFull.version, links: more });
      expect(saved.version).toBe(almostFull.version + 1);
      // The plan now has all the links it may have. An item may still change its own,
      const doel = (await getPlan(database.db, system, "doel")).items;
      const changed = [...links(full).slice(2), ...doel.map((i) => ({ targetId: i.id, kind: "zie ook" as const }))];
      await updateItem(database.db, system, "veel-verwijzingen", full.id, { version: full.version, links: changed });
      // but a new one may not add any.
      const { id } = await addItem(database.db, system, "veel-verwijzingen", { title: "Nieuw", parentId: null, afterId: null });
      const error = await updateItem(database.db, system, "veel-verwijzingen", id, { version: 1, links: [{ targetId: target.id, kind: "zie ook" }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems).toEqual([
        { file: "onderdeel", path: "links", message: `Verwijzingen: hoogstens ${COUNT.planLinks.toLocaleString("nl-NL")} vanuit één plan; de andere onderdelen van dit plan hebben er al 2.500.` },
      ]);
    });
  });
});
