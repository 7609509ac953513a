/**
 * Next year's plan from this one: the plan's own texts, owners, regions, levels and layout and
 * its items with their parties, topics and links, written as a new concept plan. Which items
 * come along is the caller's choice (the copying module leaves out finished work); an item left
 * out takes its children with it. Progress, approvals and kept versions stay with the old plan,
 * which does not change. Call inside the caller's transaction.
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { system } from "../access/viewer.ts";
import { getPlan, type PlanDetail, type PlanItem } from "./reading.ts";
import { itemLinks, itemParties, itemPartyOrganisations, items, itemTopics, planOwners, planRegions, plans, topics } from "./schema.ts";
import { regions } from "../organisations/schema.ts";

export interface PlanCopyFields {
  slug: string;
  title: string;
  period: { label: string; start: string; end: string };
}

export interface PlanCopy {
  id: number;
  slug: string;
  /** Old item id → new item id, for every item that came along. */
  itemIds: Map<number, number>;
  /** Items of the old plan that were left out, their children included. */
  leftOut: number;
}

/** The items that come along: every item not in `leaveOut` whose parents all come along, in plan order. */
export function itemsToCopy(roots: readonly PlanItem[], leaveOut: ReadonlySet<number>): PlanItem[] {
  const kept: PlanItem[] = [];
  const walk = (list: readonly PlanItem[]) => {
    for (const item of list) {
      if (leaveOut.has(item.id)) continue;
      kept.push(item);
      walk(item.children);
    }
  };
  walk(roots);
  return kept;
}

const countAll = (list: readonly PlanItem[]): number => list.reduce((n, i) => n + 1 + countAll(i.children), 0);

/**
 * Writes a copy of plan `fromSlug` (read whole, as stored) as a new concept plan, not public,
 * copied from the old one; each item keeps the id of its origin. Links between copied items
 * point to the copies; links to items left out or in other plans point where they pointed.
 */
export async function insertPlanCopy(t: Db, fromSlug: string, to: PlanCopyFields, leaveOut: ReadonlySet<number>): Promise<PlanCopy> {
  const from: PlanDetail = await getPlan(t, system, fromSlug, "read");
  const [stored] = await t.select({ parentId: plans.parentId }).from(plans).where(eq(plans.id, from.id));
  const [row] = await t
    .insert(plans)
    .values({
      slug: to.slug,
      title: to.title,
      subtitle: from.subtitle,
      kind: from.kind,
      status: "concept",
      published: false,
      periodLabel: to.period.label,
      periodStart: to.period.start,
      periodEnd: to.period.end,
      parentId: stored?.parentId ?? null,
      parentTitle: from.parentTitle,
      copiedFromId: from.id,
      levels: from.levels,
      layout: from.layout,
      sections: from.sections,
      closingSections: from.closingSections,
      footnotes: from.footnotes,
      internalNote: from.internalNote,
    })
    .returning({ id: plans.id });
  const planId = row!.id;
  if (from.owners.length) await t.insert(planOwners).values(from.owners.map((o, position) => ({ planId, organisationId: o.id, position })));
  if (from.regions.length) {
    const regionRows = await t.select({ id: regions.id, slug: regions.slug }).from(regions).where(inArray(regions.slug, from.regions.map((r) => r.slug)));
    await t.insert(planRegions).values(from.regions.map((r, position) => ({ planId, regionId: regionRows.find((x) => x.slug === r.slug)!.id, position })));
  }

  const topicSlugs = [...new Set(itemsToCopy(from.items, leaveOut).flatMap((i) => i.topics.map((tp) => tp.slug)))];
  const topicIds = new Map(
    topicSlugs.length ? (await t.select({ id: topics.id, slug: topics.slug }).from(topics).where(inArray(topics.slug, topicSlugs))).map((r) => [r.slug, r.id]) : [],
  );
  const itemIds = new Map<number, number>();
  const copied: PlanItem[] = [];
  const insert = async (list: readonly PlanItem[], parentId: number | null) => {
    let position = 0;
    for (const item of list) {
      if (leaveOut.has(item.id)) continue;
      const [made] = await t
        .insert(items)
        .values({
          planId,
          parentId,
          position: position++,
          code: item.code,
          level: item.level,
          title: item.title,
          sections: item.sections,
          whenText: item.when,
          budget: item.budget,
          priority: item.priority,
          reducedCapacity: item.reducedCapacity,
          internalNote: item.internalNote,
          interpreted: item.interpreted,
          originItemId: item.id,
        })
        .returning({ id: items.id });
      itemIds.set(item.id, made!.id);
      copied.push(item);
      for (const [partyPosition, party] of item.parties.entries()) {
        const [p] = await t.insert(itemParties).values({ itemId: made!.id, position: partyPosition, role: party.role, task: party.task }).returning({ id: itemParties.id });
        if (party.organisations.length) {
          await t.insert(itemPartyOrganisations).values(party.organisations.map((o, i) => ({ partyId: p!.id, organisationId: o.id, position: i })));
        }
      }
      const itemTopicIds = item.topics.map((tp) => topicIds.get(tp.slug)).filter((id): id is number => id !== undefined);
      if (itemTopicIds.length) await t.insert(itemTopics).values(itemTopicIds.map((topicId, i) => ({ itemId: made!.id, topicId, position: i })));
      await insert(item.children, made!.id);
    }
  };
  await insert(from.items, null);
  const links = copied.flatMap((item) =>
    item.links.map((l, position) => ({ fromItemId: itemIds.get(item.id)!, toItemId: itemIds.get(l.target.id) ?? l.target.id, position, kind: l.kind, note: l.note })),
  );
  if (links.length) await t.insert(itemLinks).values(links);
  return { id: planId, slug: to.slug, itemIds, leftOut: countAll(from.items) - copied.length };
}
