/**
 * Progress statuses, how a parent's status follows from its children (roll-up),
 * and when an item is late. Pure: no clock, no database.
 *
 * ROLL-UP. The status of an item that has parts below it follows from the
 * statuses of those parts in the same reporting period (for a part that has parts
 * itself: its own status, or else its rolled-up one). In this order:
 *   1. No part has a status yet: no roll-up (nothing is known).
 *   2. Vervallen parts are left out. When every part with a status is vervallen
 *      and no other part remains, the whole is vervallen.
 *   3. When none of the remaining parts has a status: no roll-up.
 *   4. Any part achter op planning: achter op planning.
 *   5. Otherwise any part aandacht nodig: aandacht nodig.
 *   6. Every remaining part afgerond: afgerond (a part without a status is not
 *      afgerond, so one forgotten update never makes a theme look finished).
 *   7. Every remaining part uitgesteld: uitgesteld.
 *   8. No remaining part has started (each is niet gestart, uitgesteld or has no
 *      status): niet gestart.
 *   9. Otherwise, some work is on track or done and nothing signals a problem:
 *      op koers.
 * The worst signal wins, so a problem deep down is never hidden above; a
 * postponement alone is a decision, not a problem signal. A parent may state its
 * own status; when it differs from the roll-up a reason is required, and the
 * roll-up stays visible next to it.
 *
 * LATENESS. An item is late when
 *   (a) its planned time has ended without it being afgerond: the reporting
 *       period in which the item's planned end falls (or the planned end itself
 *       when no period covers it) has ended before today, and its latest status
 *       is not afgerond. Progress is reported per period, so an item due in
 *       November is judged after the trimester it falls in, not on 1 December;
 *       or
 *   (b) the current round asked for an update over a period, its deadline has
 *       passed, and the item has no status in that period.
 * A vervallen item is never late, and neither is an item whose latest status
 * before the round is afgerond (rule b). An item without a readable planned
 * time (nader te bepalen, unreadable) is only late by rule (b). Uitgesteld does
 * not excuse (a): the planning in the plan still says when; change the "wanneer"
 * of the item when the new time is agreed.
 */

export const statuses = [
  "niet-gestart",
  "op-koers",
  "aandacht-nodig",
  "achter-op-planning",
  "afgerond",
  "uitgesteld",
  "vervallen",
] as const;

export type Status = (typeof statuses)[number];

export const statusLabels: Record<Status, string> = {
  "niet-gestart": "Niet gestart",
  "op-koers": "Op koers",
  "aandacht-nodig": "Aandacht nodig",
  "achter-op-planning": "Achter op planning",
  afgerond: "Afgerond",
  uitgesteld: "Uitgesteld",
  vervallen: "Vervallen",
};

export function isStatus(value: unknown): value is Status {
  return typeof value === "string" && (statuses as readonly string[]).includes(value);
}

/** The status that follows from the parts below an item; `null` entries are parts without a status. */
export function rollUp(children: readonly (Status | null)[]): Status | null {
  if (children.every((s) => s === null)) return null;
  const remaining = children.filter((s) => s !== "vervallen");
  if (remaining.length === 0) return "vervallen";
  if (remaining.every((s) => s === null)) return null;
  if (remaining.includes("achter-op-planning")) return "achter-op-planning";
  if (remaining.includes("aandacht-nodig")) return "aandacht-nodig";
  if (remaining.every((s) => s === "afgerond")) return "afgerond";
  if (remaining.every((s) => s === "uitgesteld")) return "uitgesteld";
  if (remaining.every((s) => s === null || s === "niet-gestart" || s === "uitgesteld")) return "niet-gestart";
  return "op-koers";
}

export interface PeriodSpan {
  id: number;
  start: string;
  end: string;
}

export type LateReason = "verlopen" | "geen-update";

export const lateReasonLabels: Record<LateReason, string> = {
  verlopen: "De geplande tijd is voorbij en het is niet afgerond.",
  "geen-update": "Er is geen voortgang gemeld in de huidige ronde.",
};

export interface Lateness {
  late: boolean;
  reasons: LateReason[];
  /** After this day the item is late by rule (a) unless afgerond; null without a planned end. */
  dueAfter: string | null;
}

/**
 * Whether one item is late (see LATENESS above).
 * `due`: the end of the item's planned time (ISO date) or null; `statuses`: the
 * item's status per period (own, or rolled up for a parent); `round`: the current
 * reporting round, when there is one.
 */
export function lateness(input: {
  due: string | null;
  periods: readonly PeriodSpan[];
  statuses: readonly { periodId: number; status: Status | null }[];
  today: string;
  round?: { periodId: number; deadline: string } | null | undefined;
}): Lateness {
  const { due, periods, today, round } = input;
  const periodOf = new Map(periods.map((p) => [p.id, p]));
  const known = input.statuses
    .filter((s): s is { periodId: number; status: Status } => s.status !== null && periodOf.has(s.periodId))
    .sort((a, b) => order(periodOf.get(a.periodId)!, periodOf.get(b.periodId)!));
  const latest = known.at(-1)?.status ?? null;
  const reasons: LateReason[] = [];
  if (latest === "vervallen") return { late: false, reasons, dueAfter: null };

  const covering = due === null ? undefined : periods.filter((p) => p.start <= due && due <= p.end).sort(order)[0];
  const dueAfter = covering?.end ?? due;
  if (dueAfter !== null && today > dueAfter && latest !== "afgerond") reasons.push("verlopen");

  if (round && today > round.deadline) {
    const roundPeriod = periodOf.get(round.periodId);
    const before = roundPeriod ? known.filter((s) => order(periodOf.get(s.periodId)!, roundPeriod) < 0).at(-1)?.status : undefined;
    const reported = known.some((s) => s.periodId === round.periodId);
    if (!reported && before !== "afgerond") reasons.push("geen-update");
  }
  return { late: reasons.length > 0, reasons, dueAfter };
}

function order(a: { start: string; end: string }, b: { start: string; end: string }): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0;
}

/** Own, rolled-up and effective status of every item of a tree, from the own statuses given (one period). */
export function statusesOf(roots: readonly { id: number; children: readonly unknown[] }[], own: ReadonlyMap<number, Status>) {
  type Node = { id: number; children: readonly Node[] };
  const result = new Map<number, { rolledUp: Status | null; effective: Status | null }>();
  const visit = (item: Node): Status | null => {
    const below = item.children.map(visit);
    const rolledUp = item.children.length > 0 ? rollUp(below) : null;
    const effective = own.get(item.id) ?? rolledUp;
    result.set(item.id, { rolledUp, effective });
    return effective;
  };
  (roots as readonly Node[]).forEach(visit);
  return result;
}
