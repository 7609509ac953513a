/**
 * The plan dashboard: where a plan stands, what is late, what is due soon and
 * which items have not been reported on for a while. Plain functions over a
 * plan's progress (updatesOfPlan) and today; `loadDashboard` reads what they need.
 *
 * STATUS PER THEME. For each top-level item: its effective status in the period
 * shown, and how many of the items below it (those without parts of their own:
 * the ones whose progress is reported and rolled up) have each status.
 *
 * LATE. The items that status.ts calls late (its LATENESS rules, judged against
 * the plan's current reporting round), with the reasons.
 *
 * DUE SOON. An item is due at the end of its planned time ("wanneer"), and for
 * an item with several moments at the end of each moment. It is due within N
 * days when such a day falls from today up to and including today + N. Items
 * that are done with are left out: their latest known status is afgerond or
 * vervallen, or every item below them is.
 *
 * WITHOUT A RECENT UPDATE. An update is recent when it is about the period shown
 * (normally the current one) or the period just before it. Listed are the items
 * without parts of their own that have no recent update, leaving out items that
 * are done with (as above) and items planned to start after the period shown.
 *
 * "Latest known status": the item's effective status in the period shown, or
 * else its own status in the latest earlier period that has one.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../access/viewer.ts";
import { addDays } from "../../lib/dates.ts";
import { items } from "../plans/schema.ts";
import { getPlan, liveItemsOf } from "../plans/reading.ts";
import { progressUpdates } from "../monitoring/schema.ts";
import { statuses, type LateReason, type Status } from "../monitoring/status.ts";
import { publishedPlanProgress, type PublishedPeriod } from "../monitoring/published.ts";
import { requirePlan } from "../plans/access.ts";
import { currentRound, progressOfPlan, type ItemProgress, type PlanProgress, type ReportingPeriod, type RoundRef } from "../monitoring/updates.ts";

/** An item's own status over one period. */
export interface OwnStatus {
  itemId: number;
  periodId: number;
  status: Status;
}

export interface ThemeStatus {
  entry: ItemProgress;
  /** Items below it without parts of their own, per effective status (statuses order, no status last); only counts above 0. */
  counts: { status: Status | null; count: number }[];
  total: number;
}

export interface DueMoment {
  entry: ItemProgress;
  date: string;
  /** "gereed": the end of its planned time; "moment": the end of one of its moments. */
  kind: "gereed" | "moment";
  /** The words of the moment as written; for "gereed" the whole "wanneer". */
  text: string;
}

export interface StaleItem {
  entry: ItemProgress;
  /** The latest period up to the one shown with an update of the item; null when it never had one. */
  lastReported: ReportingPeriod | null;
}

export interface Dashboard {
  progress: PlanProgress;
  round: (RoundRef & { period: ReportingPeriod | null }) | null;
  themes: ThemeStatus[];
  late: { entry: ItemProgress; reasons: LateReason[] }[];
  /** Due from today up to and including today + 30 days. */
  due30: DueMoment[];
  /** Due after those 30 days, up to and including today + 90 days. */
  due90: DueMoment[];
  /** The period before the one shown: with it, what "recent" means; null when there is none. */
  previous: ReportingPeriod | null;
  stale: StaleItem[];
}

/** From the date module; the dashboard tests and test plan import it from here. */
export { addDays };

const byPeriod = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0;

/** The items directly below each item. */
function childrenOf(progress: PlanProgress): Map<number, ItemProgress[]> {
  const map = new Map<number, ItemProgress[]>();
  for (const e of progress.items) {
    if (e.item.parentId === null) continue;
    const list = map.get(e.item.parentId);
    if (list) list.push(e);
    else map.set(e.item.parentId, [e]);
  }
  return map;
}

/** The items without parts of their own below an item (not the item itself). */
function leavesBelow(entry: ItemProgress, children: Map<number, ItemProgress[]>): ItemProgress[] {
  return (children.get(entry.item.id) ?? []).flatMap((c) => (c.item.hasChildren ? leavesBelow(c, children) : [c]));
}

export function statusPerTheme(progress: PlanProgress): ThemeStatus[] {
  const children = childrenOf(progress);
  return progress.items
    .filter((e) => e.item.parentId === null)
    .map((entry) => {
      const leaves = leavesBelow(entry, children);
      const counts = [...statuses, null]
        .map((status) => ({ status, count: leaves.filter((l) => l.effective === status).length }))
        .filter((c) => c.count > 0);
      return { entry, counts, total: leaves.length };
    });
}

export function lateItems(progress: PlanProgress): Dashboard["late"] {
  return progress.items.filter((e) => e.late.late).map((entry) => ({ entry, reasons: entry.late.reasons }));
}

/** Periods up to and including the one shown, latest first. */
function periodsUpToShown(progress: PlanProgress): ReportingPeriod[] {
  const shown = progress.period;
  if (!shown) return [];
  return progress.periods.filter((p) => byPeriod(p, shown) <= 0).sort(byPeriod).reverse();
}

/** Own status per item, per period. */
function byItem(history: readonly OwnStatus[]): Map<number, Map<number, Status>> {
  const map = new Map<number, Map<number, Status>>();
  for (const h of history) {
    const periods = map.get(h.itemId) ?? new Map<number, Status>();
    periods.set(h.periodId, h.status);
    map.set(h.itemId, periods);
  }
  return map;
}

/** Ids of the items that are done with: latest known status afgerond or vervallen, or every item below them is done with. */
export function doneWith(progress: PlanProgress, history: readonly OwnStatus[]): Set<number> {
  const earlier = periodsUpToShown(progress).filter((p) => p.id !== progress.period?.id);
  const own = byItem(history);
  const latestOwn = (itemId: number) => {
    const periods = own.get(itemId);
    const found = periods && earlier.find((p) => periods.has(p.id));
    return found ? periods.get(found.id)! : null;
  };
  const children = childrenOf(progress);
  const done = new Set<number>();
  // Depth first in plan order: reversed, every item comes after the items below it.
  for (const e of [...progress.items].reverse()) {
    const latest = e.effective ?? latestOwn(e.item.id);
    const below = children.get(e.item.id) ?? [];
    if (latest === "afgerond" || latest === "vervallen" || (below.length > 0 && below.every((c) => done.has(c.item.id)))) done.add(e.item.id);
  }
  return done;
}

/** The days an item is due (see DUE SOON above). */
export function dueDays(entry: ItemProgress): Omit<DueMoment, "entry">[] {
  const when = entry.item.when;
  if (!when || when.end === null) return [];
  if (when.kind === "moments") return when.moments.map((m) => ({ date: m.end, kind: "moment" as const, text: m.text }));
  return [{ date: when.end, kind: "gereed", text: when.text }];
}

/** Due moments from `from` up to and including `to`, by date, then in plan order. */
export function dueBetween(progress: PlanProgress, done: ReadonlySet<number>, from: string, to: string): DueMoment[] {
  return progress.items
    .filter((e) => !done.has(e.item.id))
    .flatMap((entry) => dueDays(entry).map((d) => ({ entry, ...d })))
    .filter((d) => from <= d.date && d.date <= to)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)); // stable: plan order within a day
}

/** The period just before the one shown, if any. */
export function previousPeriod(progress: PlanProgress): ReportingPeriod | null {
  return periodsUpToShown(progress)[1] ?? null;
}

export function withoutRecentUpdate(progress: PlanProgress, history: readonly OwnStatus[], done: ReadonlySet<number>): StaleItem[] {
  const shown = progress.period;
  if (!shown) return [];
  const upToShown = periodsUpToShown(progress);
  const recent = upToShown.slice(0, 2);
  const own = byItem(history);
  return progress.items
    .filter((e) => !e.item.hasChildren && !done.has(e.item.id))
    .filter((e) => !(e.item.when?.start && e.item.when.start > shown.end))
    .filter((e) => !recent.some((p) => own.get(e.item.id)?.has(p.id)))
    .map((entry) => ({ entry, lastReported: upToShown.find((p) => own.get(entry.item.id)?.has(p.id)) ?? null }));
}

/** The whole dashboard; `today` defaults to the day the progress was judged on. */
export function dashboardOf(progress: PlanProgress, history: readonly OwnStatus[], round: RoundRef | null, today = progress.today): Dashboard {
  const done = doneWith(progress, history);
  const in30 = addDays(today, 30);
  return {
    progress,
    round: round && { ...round, period: progress.periods.find((p) => p.id === round.periodId) ?? null },
    themes: statusPerTheme(progress),
    late: lateItems(progress),
    due30: dueBetween(progress, done, today, in30),
    due90: dueBetween(progress, done, addDays(in30, 1), addDays(today, 90)),
    previous: previousPeriod(progress),
    stale: withoutRecentUpdate(progress, history, done),
  };
}

/** The own statuses of a plan's live items over every period (monitoring updates only). */
async function ownStatuses(db: Db, planId: number): Promise<OwnStatus[]> {
  const rows = await db
    .select({ itemId: progressUpdates.itemId, periodId: progressUpdates.periodId, status: progressUpdates.status })
    .from(progressUpdates)
    .innerJoin(items, eq(items.id, progressUpdates.itemId))
    .where(and(liveItemsOf(planId), isNull(progressUpdates.evaluationId)));
  return rows.filter((r): r is OwnStatus => r.status !== null);
}

/**
 * A plan's progress in one period (default: the current one), judged against its
 * current reporting round. Internal content: the guard refuses other viewers.
 */
export async function loadProgress(db: Db, viewer: Viewer, planSlug: string, periodId?: number, options: { today?: string } = {}) {
  const plan = await getPlan(db, viewer, planSlug, "read-internal", { backlinks: false });
  const round = await currentRound(db, plan.id);
  const { earlier: _, ...progress } = await progressOfPlan(db, plan, periodId, { ...options, round });
  return { planId: plan.id, published: plan.published, round, progress };
}

export async function loadDashboard(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  periodId?: number,
  options: { today?: string } = {},
): Promise<Dashboard & { published: boolean }> {
  const { planId, published, round, progress } = await loadProgress(db, viewer, planSlug, periodId, options);
  return { ...dashboardOf(progress, await ownStatuses(db, planId), round), published };
}

export interface PublicDashboard {
  plan: { slug: string; title: string; published: boolean };
  /** Built from the published progress only (monitoring/published.ts); null when nothing of the plan is published. */
  published: PublishedPeriod | null;
  progress: PlanProgress;
  themes: ThemeStatus[];
  due30: DueMoment[];
  due90: DueMoment[];
}

/**
 * The dashboard for whoever may read the plan but not its internal content: the status
 * per theme in a published period (default: the last one), and what is due soon by the
 * plan's own timing, judged done with by published statuses only. Nothing late or stale:
 * those judge rounds and deadlines, which are internal.
 */
export async function loadPublicDashboard(db: Db, viewer: Viewer, planSlug: string, periodId?: number, options: { today?: string } = {}): Promise<PublicDashboard> {
  const { plan, progress, history, published } = await publishedPlanProgress(db, viewer, planSlug, periodId, options);
  const done = doneWith(progress, history);
  const in30 = addDays(progress.today, 30);
  return {
    plan: { slug: plan.slug, title: plan.title, published: plan.published },
    published,
    progress,
    themes: statusPerTheme(progress),
    due30: dueBetween(progress, done, progress.today, in30),
    due90: dueBetween(progress, done, addDays(in30, 1), addDays(progress.today, 90)),
  };
}

/** Whether the viewer may read the plan's internal content (and so sees the partners' dashboard); the guard refuses a plan they may not read. */
export async function readsInternal(db: Db, viewer: Viewer, planSlug: string): Promise<boolean> {
  return (await requirePlan(db, viewer, planSlug, "read")).may.readInternal;
}
