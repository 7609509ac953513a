/** The versions pages and API, through the routes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { importPlans, planYaml } from "../../../test/helpers/plans.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { system } from "../access/viewer.ts";
import { getPlan, type PlanItem } from "../plans/reading.ts";
import { updateItem } from "../plans/editing.ts";
import { takeSnapshot } from "../plans/snapshots.ts";
import { listSnapshots } from "./service.ts";

const SLUG = "activiteitenplan-swvnk-2024";

const hiddenPlan = planYaml(
  { slug: "versies-verborgen", title: "Verborgen plan", status: "vastgesteld", published: false, owners: ["velsen"] },
  `approvals: [{ body: Raad, date: 2025-03-01, outcome: vastgesteld, adopts: true }]
items: [{ code: "1", level: actie, title: Enige actie }]
`,
);

/** A concept: nothing adopted it yet, so no version was kept. */
const conceptPlan = planYaml({ slug: "versies-concept", title: "Conceptplan", status: "concept", published: true }, "items: []\n");

describe.each(databaseKinds)("version pages and API on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let adopted: number;
  let hiddenVersion: number;
  let item: PlanItem;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    await importPlans(database, hiddenPlan);
    await importPlans(database, conceptPlan);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    await makeUser(database.db, "redacteur@swvnk.nl", { roles: [["swvnk", "redacteur"]] });
    adopted = (await listSnapshots(database.db, system, SLUG)).versions[0]!.id as number;
    hiddenVersion = (await listSnapshots(database.db, system, "versies-verborgen")).versions[0]!.id as number;

    const plan = await getPlan(database.db, system, SLUG);
    const pillar = plan.items[0]!.children[0]!;
    item = pillar.children[0]!;
    const second = pillar.children[1]!;
    await updateItem(database.db, system, SLUG, item.id, {
      version: item.version,
      title: `${item.title} voor alle jongeren`,
      sections: [...item.sections, { title: "Monitoring", text: "Een <b>nieuwe</b> meting." }],
    });
    await updateItem(database.db, system, SLUG, second.id, { version: second.version, priority: !second.priority });
  });
  afterAll(() => database?.dispose());

  const get = (path: string) => app.request(path);

  describe("GET /plannen/:slug/versies", () => {
    it("lists the kept versions with a form to compare two of them", async () => {
      const res = await get(`/plannen/${SLUG}/versies`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<h1 class="utrecht-heading-1">Versies van Activiteitenplan 2024</h1>');
      expect(visibleText(html)).toMatch(/Vastgesteld door Vaststelling op 20 december 2023\s*\d+ \w+ \d{4} om \d\d:\d\d/);
      expect(html).toMatch(new RegExp(`<form method="get" action="/plannen/${SLUG}/versies/vergelijk"`));
      expect(html).toContain('<label for="versie-van">Vergelijk</label>');
      expect(html).toContain('<label for="versie-met">Met</label>');
      expect(html).toMatch(new RegExp(`<select id="versie-van" name="van"[^>]*><option value="${adopted}" selected="">Vastgesteld door Vaststelling`));
      expect(html).toMatch(/<select id="versie-met" name="met"[^>]*>.*<option value="vandaag" selected="">Vandaag/);
    });

    it("shows who kept a version only to those who may read the plan's internal content", async () => {
      expect(visibleText(await (await get(`/plannen/${SLUG}/versies`)).text())).not.toContain("Bij het inlezen");
      const redacteur = await signedInClient(app, "redacteur@swvnk.nl");
      expect(visibleText(await (await redacteur.get(`/plannen/${SLUG}/versies`)).text())).toContain("Bij het inlezen van het plan");
    });

    it("shows the version a source plan adopted without a named decision got on import", async () => {
      const html = visibleText(await (await get("/plannen/jaarplan-ppo-nk-2023/versies")).text());
      expect(html).toMatch(/Vastgesteld bij inlezen\s*\d+ \w+ \d{4} om \d\d:\d\d/);
    });

    it("says so when no version was kept yet", async () => {
      const html = await (await get("/plannen/versies-concept/versies")).text();
      expect(html).toContain("Van dit plan is nog geen versie bewaard.");
      expect(html).not.toContain("<form");
    });
  });

  describe("GET /plannen/:slug/versies/vergelijk", () => {
    it("shows what changed since the adopted version, with the changed words marked", async () => {
      const res = await get(`/plannen/${SLUG}/versies/vergelijk?van=${adopted}&met=vandaag`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const text = visibleText(html);
      expect(text).toMatch(/2 onderdelen gewijzigd/);
      expect(text).not.toMatch(/toegevoegd\n|verwijderd\n|verplaatst\n/);
      expect(html).toContain(`<ins><span class="visually-hidden">toegevoegd: </span>voor alle jongeren</ins>`);
      expect(html).toContain(`<ins><span class="visually-hidden">toegevoegd: </span>Een &lt;b&gt;nieuwe&lt;/b&gt; meting.</ins>`);
      expect(html).toMatch(/<del><span class="visually-hidden">verwijderd: <\/span>nee<\/del> <ins><span class="visually-hidden">toegevoegd: <\/span>ja<\/ins>|<del><span class="visually-hidden">verwijderd: <\/span>ja<\/del> <ins><span class="visually-hidden">toegevoegd: <\/span>nee<\/ins>/);
      // Two blocks, in plan order, each named in the plan's own words, with the badge.
      const headings = [...html.matchAll(/<h3 class="utrecht-heading-3" id="wijziging-(\d+)">([\s\S]*?)<\/h3>/g)].map((m) => [Number(m[1]), m[2]!.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim()]);
      expect(headings).toHaveLength(2);
      expect(headings).toEqual([
        [item.id, "Actielijn Jeugd- en oudersteunpunt (JONK) voor alle jongeren Gewijzigd"],
        [expect.any(Number), "Actielijn JongerenTop NHN Gewijzigd"],
      ]);
      expect(html).toContain(`href="/plannen/${SLUG}?onderdeel=${item.id}#onderdeel-${item.id}"`);
    });

    it("finds nothing changed between a version and itself", async () => {
      const text = visibleText(await (await get(`/plannen/${SLUG}/versies/vergelijk?van=${adopted}&met=${adopted}`)).text());
      expect(text).toContain("Er is niets veranderd tussen deze twee versies.");
    });

    it("shows a later version removed what today has, read the other way round", async () => {
      const later = await takeSnapshot(database.db, system, SLUG, "Na de zomer");
      const html = await (await get(`/plannen/${SLUG}/versies/vergelijk?van=${later.id}&met=${adopted}`)).text();
      expect(html).toContain(`<del><span class="visually-hidden">verwijderd: </span> voor alle jongeren</del>`);
      // Neither side is today: no links into the plan as it is now.
      expect(html).not.toContain(`href="/plannen/${SLUG}?onderdeel=`);
    });

    it.each([
      ["an unknown version", () => `van=999999&met=vandaag`, 404, "bestaat niet bij dit plan"],
      ["a version that is no number", () => `van=abc&met=vandaag`, 404, "bestaat niet bij dit plan"],
      ["a version of another plan", () => `van=${hiddenVersion}&met=vandaag`, 404, "bestaat niet bij dit plan"],
      ["a missing version", () => `van=${adopted}`, 400, "Kies twee versies om te vergelijken."],
    ])("refuses %s in Dutch", async (_, query, status, message) => {
      const res = await get(`/plannen/${SLUG}/versies/vergelijk?${query()}`);
      expect(res.status).toBe(status);
      expect(visibleText(await res.text())).toContain(message);
    });

    it("shows nothing of a plan the visitor may not read", async () => {
      expect((await get(`/plannen/versies-verborgen/versies`)).status).toBe(404);
      expect((await get(`/plannen/versies-verborgen/versies/vergelijk?van=${hiddenVersion}&met=vandaag`)).status).toBe(404);
      // Asked without two versions, or with nonsense for one, it is still not found: the guard answers first.
      expect((await get(`/plannen/versies-verborgen/versies/vergelijk?van=${hiddenVersion}`)).status).toBe(404);
      expect((await get(`/api/v1/plans/versies-verborgen/versions/compare?from=vandaag`)).status).toBe(404);
    });
  });

  describe("the API", () => {
    it("lists the versions", async () => {
      const res = await get(`/api/v1/plans/${SLUG}/versions`);
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { id: number; label: string; takenAt: string; takenBy: string | null; links: { compareToToday: string } }[] };
      expect(data[0]).toEqual({
        id: adopted,
        label: "Vastgesteld door Vaststelling op 20 december 2023",
        takenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        takenBy: null,
        links: { compareToToday: `/api/v1/plans/${SLUG}/versions/compare?from=${adopted}&to=vandaag` },
      });
    });

    it("compares two versions", async () => {
      const res = await get(`/api/v1/plans/${SLUG}/versions/compare?from=${adopted}&to=vandaag`);
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { to: { id: string }; counts: Record<string, number>; planChanges: unknown[]; items: { id: number; status: string; changes: { field: string }[] }[] } };
      expect(data.to.id).toBe("vandaag");
      expect(data.counts).toEqual({ added: 0, removed: 0, moved: 0, changed: 2 });
      expect(data.planChanges).toEqual([]);
      expect(data.items[0]).toMatchObject({ id: item.id, status: "kept" });
      expect(new Set(data.items[0]!.changes.map((c) => c.field))).toEqual(new Set(["title", "section"]));
    });

    it("still serves the plan itself next to its versions", async () => {
      const res = await get(`/api/v1/plans/${SLUG}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: { slug: string } }).data.slug).toBe(SLUG);
    });

    it.each([
      [`from=999999&to=vandaag`, 404],
      [`from=vandaag`, 400],
    ])("answers %s with %i and a Dutch message", async (query, status) => {
      const res = await get(`/api/v1/plans/${SLUG}/versions/compare?${query}`);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/bestaat niet|Kies twee versies/);
    });

    it("is documented in the OpenAPI description", async () => {
      const doc = (await (await get("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/plans/{slug}/versions", "/plans/{slug}/versions/compare"]));
    });
  });
});
