/**
 * A plan copied to a new period takes its indicators along: how each item is measured, its
 * 0-meting and targets, and which items it serves. Measurements and reconciliations stay with
 * the old plan: they are about the old period. Called by the copying module inside its
 * transaction, after the plan and its items were copied.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { indicatorItems, indicators } from "./schema.ts";

/**
 * Copies every indicator of plan `fromPlanId` to plan `toPlanId` (same slug, new id, version 1),
 * each with its links to the items that were copied (`itemIdMap`: old item id → new item id);
 * links to items left behind are dropped. Returns how many indicators were copied.
 */
export async function copyIndicators(t: Db, fromPlanId: number, toPlanId: number, itemIdMap: ReadonlyMap<number, number>): Promise<number> {
  const list = await t.select().from(indicators).where(eq(indicators.planId, fromPlanId)).orderBy(asc(indicators.position), asc(indicators.id));
  if (list.length === 0) return 0;
  const links = await t
    .select()
    .from(indicatorItems)
    .where(inArray(indicatorItems.indicatorId, list.map((i) => i.id)))
    .orderBy(asc(indicatorItems.position));
  for (const { id, planId: _, version: __, updatedAt: ___, ...fields } of list) {
    const [row] = await t.insert(indicators).values({ ...fields, planId: toPlanId }).returning({ id: indicators.id });
    const kept = links.filter((l) => l.indicatorId === id && itemIdMap.has(l.itemId));
    if (kept.length) {
      await t.insert(indicatorItems).values(kept.map((l, position) => ({ indicatorId: row!.id, itemId: itemIdMap.get(l.itemId)!, position })));
    }
  }
  return list.length;
}
