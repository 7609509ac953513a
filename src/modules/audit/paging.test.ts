/**
 * The change history is read newest first, a page at a time by id, for a plan or one item: the
 * database reads it from an index in that order and stops after the page, whatever the size of
 * the trail (no sort of all the plan's entries).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { system } from "../access/viewer.ts";
import { plans } from "../plans/schema.ts";
import { record, trailOfPlan } from "./service.ts";

describe.each(databaseKinds)("the change history's pages on %s", (kind) => {
  let database: TestDatabase;
  let planId: number;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    planId = (await database.db.select({ id: plans.id }).from(plans).orderBy(plans.id).limit(1))[0]!.id;
    for (let i = 0; i < 30; i++) await record(database.db, system, { action: "wijzigen", entityType: "plan", entityId: planId, planId, summary: `Wijziging ${i}` });
  });
  afterAll(() => database.dispose());

  it("come newest first, and the next page continues below the last id", async () => {
    const first = await trailOfPlan(database.db, planId, { limit: 10 });
    expect(first.map((r) => r.id)).toEqual([...first.map((r) => r.id)].sort((a, b) => b - a));
    const next = await trailOfPlan(database.db, planId, { limit: 10, before: first.at(-1)!.id });
    expect(next[0]!.id).toBeLessThan(first.at(-1)!.id);
    expect(next.map((r) => r.summary)).not.toContain(first[0]!.summary);
  });

  it.each([
    ["plan_id", "audit_plan_idx"],
    ["item_id", "audit_item_idx"],
  ])("by %s are read from %s in order, without sorting the trail", async (column, index) => {
    const plan = await database.db.transaction(async (t) => {
      await t.execute(sql`set local enable_seqscan = off`);
      const result = (await t.execute(sql.raw(`explain select * from audit_log where ${column} = 1 and id < 1000000 order by id desc limit 100`))) as { rows: { "QUERY PLAN": string }[] };
      return result.rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/\bSort\b/);
  });
});
