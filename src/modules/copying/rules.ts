/**
 * Which items of last year's plan come along to next year's: the rules, as plain functions.
 * "Only what is not finished" leaves out an item whose latest status is afgerond or vervallen,
 * but only when everything below it is left out too: an item that still has open work below it
 * comes along, so that work keeps its place in the plan.
 */
import type { Status } from "../monitoring/status.ts";

export const copyChoices = ["all", "unfinished"] as const;
export type CopyChoice = (typeof copyChoices)[number];

/** Statuses after which an item needs no place in next year's plan. */
export const FINISHED: readonly Status[] = ["afgerond", "vervallen"];

/**
 * Each item's latest status: its status in the period shown (its own, or rolled up from its
 * parts), or else the one it had in the latest period before that had one.
 */
export function latestStatuses(
  current: readonly { item: { id: number }; effective: Status | null }[],
  earlier: ReadonlyMap<number, Status>,
): Map<number, Status> {
  const latest = new Map(earlier);
  for (const { item, effective } of current) if (effective !== null) latest.set(item.id, effective);
  return latest;
}

interface Node {
  id: number;
  children: readonly Node[];
}

/** The items to leave out: finished ones (latest status in FINISHED) with nothing unfinished below them. */
export function finishedItems(roots: readonly Node[], latest: ReadonlyMap<number, Status>): Set<number> {
  const out = new Set<number>();
  const visit = (item: Node): boolean => {
    const childrenOut = item.children.map(visit).every(Boolean);
    const status = latest.get(item.id);
    const finished = status !== undefined && FINISHED.includes(status) && childrenOut;
    if (finished) out.add(item.id);
    return finished;
  };
  roots.forEach(visit);
  return out;
}
