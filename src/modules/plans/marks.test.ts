/** A person's change to a field that Koers interpreted from the document removes its mark, and keeps the others (items and a plan's decisions). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { system } from "../access/viewer.ts";
import { updateItem } from "./editing.ts";
import { updatePlan } from "./plan-editing.ts";
import { getPlan, type PlanItem } from "./reading.ts";

const SLUG = "activiteitenplan-swvnk-2024";
const all = (list: PlanItem[]): PlanItem[] => list.flatMap((i) => [i, ...all(i.children)]);

describe.each(databaseKinds)("interpretation marks after an edit on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await seededDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("drops the mark of a rewritten wanneer, keeps that of the parties, and keeps both when nothing marked changes", async () => {
    const marked = all((await getPlan(database.db, system, SLUG)).items).find((i) => i.interpreted.includes("when") && i.interpreted.includes("parties.organisations"))!;
    await updateItem(database.db, system, SLUG, marked.id, { version: marked.version, title: `${marked.title} (bijgewerkt)`, when: marked.when });
    const same = all((await getPlan(database.db, system, SLUG)).items).find((i) => i.id === marked.id)!;
    expect(same.interpreted).toEqual(marked.interpreted);
    await updateItem(database.db, system, SLUG, marked.id, { version: same.version, when: "in het voorjaar van 2025" });
    const after = all((await getPlan(database.db, system, SLUG)).items).find((i) => i.id === marked.id)!;
    expect(after.interpreted).toEqual(marked.interpreted.filter((m) => m !== "when"));
    expect(after.interpreted).toContain("parties.organisations");
  });

  it("keeps the marks of a plan's decisions when the plan form saves them with one more", async () => {
    const plan = await getPlan(database.db, system, SLUG);
    const marked = plan.approvals.filter((a) => a.interpreted.length > 0);
    expect(marked.length).toBeGreaterThan(0);
    const approvals = [...plan.approvals.map(({ interpreted: _, ...a }) => a), { body: "Bestuur", date: "2024-02-01", outcome: "kennisgenomen", adopts: false, note: null }];
    await updatePlan(database.db, system, SLUG, plan.version, { approvals });
    const after = await getPlan(database.db, system, SLUG);
    expect(after.approvals.map((a) => a.interpreted)).toEqual([...plan.approvals.map((a) => a.interpreted), []]);
  });
});
