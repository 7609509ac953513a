import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { loadViewer } from "../accounts/service.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { items, type Level } from "./schema.ts";
import { findItem, getPlan, listPlans, type PlanItem } from "./reading.ts";
import { StaleVersionError } from "./editing.ts";
import { addItem, childLevels, deleteItem, listBin, moveItem, restoreItem, StructureError } from "./structure.ts";

const levels = (...keys: string[]): Level[] => keys.map((key) => ({ key, name: key[0]!.toUpperCase() + key.slice(1) }));

describe("which level may stand under which", () => {
  const uitvoering = levels("thema", "ambitie", "stap", "deelstap");
  const swv = levels("hoofdstuk", "pijler", "onderdeel", "actielijn");
  const jaarplan = levels("focusgebied", "focus", "actie");
  it.each([
    ["the top holds the first level", uitvoering, "ambitie", null, ["thema", "ambitie"]],
    ["under a theme: an ambition", uitvoering, "ambitie", "thema", ["ambitie"]],
    ["under an ambition (the row): only a step", uitvoering, "ambitie", "ambitie", ["stap"]],
    ["under a step: only a sub-step", uitvoering, "ambitie", "stap", ["deelstap"]],
    ["under the lowest level: nothing", uitvoering, "ambitie", "deelstap", []],
    ["under an unknown level: nothing", uitvoering, "ambitie", "hoofdstuk", []],
    ["above the row a level may be skipped, and repeated", swv, "actielijn", "pijler", ["onderdeel", "pijler", "actielijn"]],
    ["an intermediate level may hold its own kind", swv, "actielijn", "onderdeel", ["actielijn", "onderdeel"]],
    ["the first level does not hold its own kind", swv, "actielijn", "hoofdstuk", ["pijler", "onderdeel", "actielijn"]],
    ["the row level holds nothing when it is the lowest", jaarplan, "actie", "actie", []],
    ["the top may hold rows directly", jaarplan, "actie", null, ["focusgebied", "focus", "actie"]],
  ] as const)("%s", (_, lv, rowLevel, parent, expected) => {
    expect(childLevels(lv, rowLevel, parent)).toEqual(expected);
  });
});

describe.each(databaseKinds)("plan structure on %s", (kind) => {
  const SLUG = "uitvoeringsplan-nk-2025-2026";
  let database: TestDatabase;
  let editor: Viewer;
  let reader: Viewer;
  let stranger: Viewer;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    const viewer = async (email: string, roles: [string, "redacteur" | "lezer"][]) =>
      (await loadViewer(database.db, (await makeUser(database.db, email, { roles })).userId, "session"))!;
    editor = await viewer("redacteur@alkmaar.nl", [["alkmaar", "redacteur"]]);
    reader = await viewer("lezer@alkmaar.nl", [["alkmaar", "lezer"]]);
    stranger = await viewer("redacteur@beverwijk.nl", [["beverwijk", "redacteur"]]);
  });
  afterAll(() => database.dispose());

  const plan = () => getPlan(database.db, system, SLUG);
  /** The item at a path of codes, from the top: at(p, "2", "2.1", "3"). */
  const at = (list: PlanItem[], ...codes: string[]): PlanItem => {
    const [first, ...rest] = codes;
    const found = list.find((i) => i.code === first);
    if (!found) throw new Error(`geen onderdeel ${codes.join(" / ")}`);
    return rest.length ? at(found.children, ...rest) : found;
  };
  /** The live children of a parent as stored: ids and positions, in order. */
  const stored = async (parentId: number) =>
    database.db
      .select({ id: items.id, position: items.position })
      .from(items)
      .where(and(eq(items.parentId, parentId), isNull(items.deletionId)))
      .orderBy(asc(items.position), asc(items.id));
  const expectDense = async (parentId: number, ids: number[]) => {
    expect(await stored(parentId)).toEqual(ids.map((id, position) => ({ id, position })));
  };

  it("the rule fits every parent and child in the source plans", async () => {
    for (const summary of await listPlans(database.db, system)) {
      const p = await getPlan(database.db, system, summary.slug);
      const check = (list: PlanItem[], parentLevel: string | null) => {
        for (const item of list) {
          expect(childLevels(p.levels, p.layout.rowLevel, parentLevel), `${p.slug}: ${item.title}`).toContain(item.level);
          check(item.children, item.level);
        }
      };
      check(p.items, null);
    }
  });

  it("adds an item at the next level, in the chosen place, and records it", async () => {
    const ambition = at((await plan()).items, "1", "1.2");
    const steps = ambition.children.map((c) => c.id);
    const first = await addItem(database.db, editor, SLUG, { parentId: ambition.id, afterId: null, code: "0", title: "  Nieuwe eerste stap " });
    const middle = await addItem(database.db, editor, SLUG, { parentId: ambition.id, afterId: steps[1]!, title: "Stap na de tweede" });
    await expectDense(ambition.id, [first.id, steps[0]!, steps[1]!, middle.id, ...steps.slice(2)]);
    const added = findItem((await plan()).items, first.id)!;
    expect(added).toMatchObject({ level: "stap", code: "0", title: "Nieuwe eerste stap", version: 1 });
    const [entry] = await listAudit(database.db, system, { itemId: first.id });
    expect(entry).toMatchObject({ action: "onderdeel-toegevoegd", actor: "redacteur@alkmaar.nl", summary: "0 Nieuwe eerste stap toegevoegd onder 1.2 " + ambition.title });
    const top = await addItem(database.db, editor, SLUG, { parentId: null, afterId: at((await plan()).items, "3").id, code: "4", title: "Nieuw thema" });
    expect((await plan()).items.at(-1)).toMatchObject({ id: top.id, level: "thema" });
  });

  it("refuses what does not fit, in Dutch, and adds nothing", async () => {
    const p = await plan();
    const subStep = at(p.items, "2", "2.1", "3", "3a");
    const theme = at(p.items, "1");
    const refusal = (input: Parameters<typeof addItem>[3]) => addItem(database.db, editor, SLUG, input).catch((e: unknown) => e);
    expect(await refusal({ parentId: subStep.id, afterId: null, title: "Te diep" })).toMatchObject({
      field: "parentId",
      message: expect.stringContaining("Onder een deelstap kunnen geen onderdelen: dat is het laagste niveau"),
    });
    const misfit = await refusal({ parentId: theme.id, afterId: null, title: "Stap onder thema", level: "stap" });
    expect(misfit).toBeInstanceOf(StructureError);
    expect(misfit).toMatchObject({ field: "level", message: "Een stap kan niet onder een thema staan: dan klopt de opbouw van dit plan (Thema › Ambitie › Stap › Deelstap) niet meer. Een stap hoort onder een ambitie." });
    expect(await refusal({ parentId: theme.id, afterId: null, title: "   " })).toMatchObject({ problems: [{ path: "title", message: "Titel: vul een titel in." }] });
    expect(await refusal({ parentId: theme.id, afterId: subStep.id, title: "Ergens" })).toMatchObject({ field: "afterId" });
    expect(await refusal({ parentId: 999999, afterId: null, title: "Nergens" })).toMatchObject({ field: "parentId" });
    expect(JSON.stringify((await plan()).items)).toEqual(JSON.stringify(p.items));
  });

  it("lets only the plan's editors change its structure", async () => {
    const theme = at((await plan()).items, "1");
    const add = (viewer: Viewer) => addItem(database.db, viewer, SLUG, { parentId: theme.id, afterId: null, title: "Mag niet" });
    await expect(add(reader)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(add(stranger)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(add(anonymous)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(deleteItem(database.db, reader, SLUG, theme.id, theme.version)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(moveItem(database.db, reader, SLUG, theme.id, { version: theme.version, parentId: null, afterId: null })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listBin(database.db, reader, SLUG)).rejects.toBeInstanceOf(ForbiddenError);
    expect(at((await plan()).items, "1").children.map((c) => c.title)).not.toContain("Mag niet");
  });

  it("moves an item to another parent, renumbering both, and bumps its version", async () => {
    const p = await plan();
    const from = at(p.items, "1", "1.2");
    const to = at(p.items, "2", "2.1");
    const step = from.children[1]!;
    const result = await moveItem(database.db, editor, SLUG, step.id, { version: step.version, parentId: to.id, afterId: to.children[0]!.id });
    expect(result.version).toBe(step.version + 1);
    await expectDense(from.id, from.children.filter((c) => c.id !== step.id).map((c) => c.id));
    await expectDense(to.id, [to.children[0]!.id, step.id, ...to.children.slice(1).map((c) => c.id)]);
    const [entry] = await listAudit(database.db, system, { itemId: step.id, limit: 1 });
    expect(entry).toMatchObject({ action: "onderdeel-verplaatst", before: { parentId: from.id, position: 1 }, after: { parentId: to.id, position: 1 } });
    expect(entry!.summary).toContain(`naar onder 2.1 ${to.title}`);

    // Within the same parent: last, then first.
    const siblings = (await stored(to.id)).map((r) => r.id);
    await moveItem(database.db, editor, SLUG, step.id, { version: result.version, parentId: to.id, afterId: siblings.at(-1)! });
    await expectDense(to.id, [...siblings.filter((id) => id !== step.id), step.id]);
  });

  it("refuses to move into its own subtree, under a level that does not fit, or from a stale version", async () => {
    const p = await plan();
    const ambition = at(p.items, "2", "2.1");
    const step = at(p.items, "2", "2.1", "3");
    const move = (id: number, m: Parameters<typeof moveItem>[4]) => moveItem(database.db, editor, SLUG, id, m).catch((e: unknown) => e);
    expect(await move(ambition.id, { version: ambition.version, parentId: step.id, afterId: null })).toMatchObject({
      field: "parentId",
      message: expect.stringContaining("niet onder zichzelf of onder een van zijn eigen onderdelen"),
    });
    expect(await move(step.id, { version: step.version, parentId: at(p.items, "3").id, afterId: null })).toMatchObject({
      field: "parentId",
      message: expect.stringMatching(/^Een stap kan niet onder een thema staan: .* Een stap hoort onder een ambitie\.$/),
    });
    expect(await move(step.id, { version: step.version, parentId: null, afterId: null })).toMatchObject({
      message: expect.stringContaining("Een stap kan niet bovenaan het plan staan"),
    });
    expect(await move(step.id, { version: step.version - 1, parentId: ambition.id, afterId: null })).toBeInstanceOf(StaleVersionError);
    expect(JSON.stringify((await plan()).items)).toEqual(JSON.stringify(p.items));
  });

  it("lets only one of two moves made from the same version through", async () => {
    const p = await plan();
    const step = at(p.items, "2", "2.1", "1");
    const targets = [at(p.items, "1", "1.2").id, at(p.items, "1", "1.3").id];
    const results = await Promise.allSettled(
      targets.map((parentId) => moveItem(database.db, editor, SLUG, step.id, { version: step.version, parentId, afterId: null })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: expect.any(StaleVersionError) });
    expect(findItem((await plan()).items, step.id)!.version).toBe(step.version + 1);
  });

  it("deletes an item with everything below it to the bin, and restores it to its old place", async () => {
    const p = await plan();
    const ambition = at(p.items, "2", "2.1");
    const step = at(p.items, "2", "2.1", "3");
    const below = step.children.map((c) => c.id);
    const siblings = ambition.children.map((c) => c.id);
    await expect(deleteItem(database.db, editor, SLUG, step.id, step.version + 5)).rejects.toBeInstanceOf(StaleVersionError);

    const gone = await deleteItem(database.db, editor, SLUG, step.id, step.version);
    expect(gone).toMatchObject({ items: 1 + below.length, parentId: ambition.id });
    const after = await plan();
    for (const id of [step.id, ...below]) expect(findItem(after.items, id)).toBeUndefined();
    await expectDense(ambition.id, siblings.filter((id) => id !== step.id));
    const [entry] = await listBin(database.db, editor, SLUG);
    expect(entry).toMatchObject({
      id: gone.deletionId,
      itemId: step.id,
      code: "3",
      title: step.title,
      level: "Stap",
      items: 4,
      deletedBy: "redacteur@alkmaar.nl",
      parent: { id: ambition.id, inBin: false },
    });
    expect((await listAudit(database.db, system, { itemId: step.id, limit: 1 }))[0]).toMatchObject({
      action: "onderdeel-verwijderd",
      summary: `3 ${step.title} naar de prullenbak (met 3 onderliggende onderdelen)`,
    });

    await restoreItem(database.db, editor, SLUG, gone.deletionId);
    await expectDense(ambition.id, siblings);
    const back = findItem((await plan()).items, step.id)!;
    expect(back.children.map((c) => c.id)).toEqual(below);
    expect(back.version).toBe(step.version + 2);
    expect(await listBin(database.db, editor, SLUG)).toEqual([]);
    expect((await listAudit(database.db, system, { itemId: step.id, limit: 1 }))[0]).toMatchObject({ action: "onderdeel-teruggezet" });
    await expect(restoreItem(database.db, editor, SLUG, gone.deletionId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("restores a child only after its parent, which came back without it", async () => {
    const p = await plan();
    const step = at(p.items, "2", "2.1", "3");
    const subStep = at(p.items, "2", "2.1", "3", "3b");
    const child = await deleteItem(database.db, editor, SLUG, subStep.id, subStep.version);
    const parent = await deleteItem(database.db, editor, SLUG, step.id, step.version);
    expect(parent.items).toBe(3);
    const bin = await listBin(database.db, editor, SLUG);
    expect(bin.map((b) => b.id)).toEqual([parent.deletionId, child.deletionId]);
    expect(bin[1]!.parent).toMatchObject({ id: step.id, inBin: true });

    const refused = await restoreItem(database.db, editor, SLUG, child.deletionId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toBe(
      `‘3b ${subStep.title}’ hoort onder ‘3 ${step.title}’, en dat staat zelf ook in de prullenbak. Zet eerst ‘${step.title}’ terug; daarna kunt u dit onderdeel terugzetten.`,
    );
    await restoreItem(database.db, editor, SLUG, parent.deletionId);
    expect(findItem((await plan()).items, step.id)!.children.map((c) => c.code)).toEqual(["3a", "3c"]);
    await restoreItem(database.db, editor, SLUG, child.deletionId);
    expect(findItem((await plan()).items, step.id)!.children.map((c) => c.code)).toEqual(["3a", "3b", "3c"]);
  });
});
