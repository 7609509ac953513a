/**
 * The overview of a reporting round, for the coordinator: every item of the plan in
 * the plan's own order and levels, with its own (stated) and rolled-up (computed)
 * status over the round's period, the texts its owners wrote, the figures entered
 * for it in the period, who wrote the update and when, and what is still missing.
 *
 * MISSING. An item is missing when the round asks an update of it (dueItems in
 * service.ts) and it has none over the round's period.
 * CHANGED. An item's update is new when the item had no update over the period
 * before the round's period (or the round's period is the plan's first), and changed
 * when its status, resultaten or planning differ from that earlier update. An item
 * without an update over the round's period is neither.
 * RESPONSIBLE ORGANISATIONS. As in a round: the parties of the item and of the
 * items above it; an item without a party anywhere above it falls to the plan's owners.
 * FILTERS. Theme (a top-level item), organisation (a responsible organisation),
 * status (the effective status: own, or else rolled up; or "nog niet gemeld" for
 * missing items) and "changed" (new or changed). Every filter given must hold. The
 * items above a matching item stay, as context, so the plan's structure reads the same.
 *
 * Who: whoever may read the plan's internal content; for anyone else the round does
 * not exist (or, for a published plan, they are refused).
 * The rules are plain functions; roundOverview reads, in a fixed number of queries.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { inPeriod, todayInNl } from "../../lib/dates.ts";
import type { Viewer } from "../access/viewer.ts";
import { indicatorsByItem, type IndicatorView, type MeasurementView } from "../figures/service.ts";
import { reportingRounds } from "../monitoring/schema.ts";
import { isStatus, type Lateness, type Status } from "../monitoring/status.ts";
import { progressOfPlan, updatesInPeriod, type ItemProgress, type ProgressUpdate, type ReportingPeriod } from "../monitoring/updates.ts";
import { requirePlan } from "../plans/access.ts";
import { getPlan, type OrganisationRef } from "../plans/reading.ts";
import { dueItems, RoundNotFoundError } from "./service.ts";

// ---------------------------------------------------------------- the rules, as plain functions

/** "nog-niet-gemeld": the items the round asks an update of that have none. */
export const MISSING = "nog-niet-gemeld";
export type StatusFilter = Status | typeof MISSING;

export interface OverviewFilters {
  /** A top-level item's id. */
  theme: number | null;
  /** An organisation's slug. */
  organisation: string | null;
  status: StatusFilter | null;
  /** Only items whose update is new or changed since the period before. */
  changed: boolean;
}

export const noFilters: OverviewFilters = { theme: null, organisation: null, status: null, changed: false };

/**
 * The filters as the GET form sends them (thema, organisatie, status, gewijzigd). A value
 * that is no valid choice counts as no filter: a link from an old page still shows the round.
 */
export function parseFilters(query: Readonly<Record<string, string | undefined>>): OverviewFilters {
  const theme = Number(query.thema);
  const organisation = query.organisatie?.trim();
  const status = query.status;
  return {
    theme: query.thema && Number.isSafeInteger(theme) && theme > 0 ? theme : null,
    organisation: organisation ? organisation : null,
    status: status === MISSING || isStatus(status) ? status : null,
    changed: query.gewijzigd === "1",
  };
}

export const hasFilters = (f: OverviewFilters) => f.theme !== null || f.organisation !== null || f.status !== null || f.changed;

export type Change = "nieuw" | "gewijzigd" | "ongewijzigd";

/** How an item's update compares with its update over the period before; null without an update now (see CHANGED). */
export function changeOf(current: Pick<ProgressUpdate, "status" | "results" | "planning"> | null, previous: Pick<ProgressUpdate, "status" | "results" | "planning"> | null | undefined): Change | null {
  if (!current) return null;
  if (!previous) return "nieuw";
  const same = current.status === previous.status && current.results === previous.results && current.planning === previous.planning;
  return same ? "ongewijzigd" : "gewijzigd";
}

/** An item as the responsibility rule needs it. */
export interface PartyNode {
  id: number;
  parties: readonly { organisations: readonly OrganisationRef[] }[];
  children: readonly PartyNode[];
}

/** Per item id, the organisations that answer for it (see RESPONSIBLE ORGANISATIONS), in order of first appearance. */
export function responsibleOrganisations(roots: readonly PartyNode[], owners: readonly OrganisationRef[]): Map<number, OrganisationRef[]> {
  const result = new Map<number, OrganisationRef[]>();
  const visit = (item: PartyNode, above: readonly OrganisationRef[]) => {
    const found = new Map(above.map((o) => [o.id, o]));
    for (const party of item.parties) for (const o of party.organisations) if (!found.has(o.id)) found.set(o.id, o);
    const responsible = [...found.values()];
    result.set(item.id, responsible.length > 0 ? responsible : [...new Map(owners.map((o) => [o.id, o])).values()]);
    for (const child of item.children) visit(child, responsible);
  };
  for (const root of roots) visit(root, []);
  return result;
}

/** One indicator's measurements whose date falls in the period. */
export interface PeriodFigures {
  indicator: { slug: string; name: string };
  measurements: MeasurementView[];
}

/** The measurements of the indicators whose date falls in the period (start and end included), per indicator that has any. */
export function figuresInPeriod(list: readonly Pick<IndicatorView, "slug" | "name" | "measurements">[], period: { start: string; end: string }): PeriodFigures[] {
  return list
    .map((i) => ({ indicator: { slug: i.slug, name: i.name }, measurements: i.measurements.filter((m) => inPeriod(m.date, period)) }))
    .filter((f) => f.measurements.length > 0);
}

export interface OverviewEntry {
  id: number;
  parentId: number | null;
  depth: number;
  code: string | null;
  title: string;
  /** The plan's own word for the level. */
  level: string;
  hasChildren: boolean;
  /** Whether the viewer may change the item and write its update. */
  editable: boolean;
  /** The top-level item it belongs to (itself for a top-level item). */
  themeId: number;
  organisations: OrganisationRef[];
  update: ProgressUpdate | null;
  /** Its own (stated) status over the period. */
  status: Status | null;
  /** What follows from the parts below it; null for an item without parts or when nothing is known. */
  rolledUp: Status | null;
  /** Its own status, or else the rolled-up one. */
  effective: Status | null;
  /** Its own status differs from the rolled-up one. */
  overridden: boolean;
  late: Lateness;
  /** The round asks an update of it. */
  due: boolean;
  /** Due, without an update over the period (see MISSING). */
  missing: boolean;
  change: Change | null;
  /** Whether any indicator measures it (so "no figures in this period" is worth saying). */
  measured: boolean;
  figures: PeriodFigures[];
}

/** The overview's entries in plan order, from the period's progress and what the rules above need. */
export function overviewEntries(input: {
  progress: readonly ItemProgress[];
  due: ReadonlySet<number>;
  previous: ReadonlyMap<number, ProgressUpdate>;
  organisations: ReadonlyMap<number, OrganisationRef[]>;
  indicators: ReadonlyMap<number, readonly Pick<IndicatorView, "slug" | "name" | "measurements">[]>;
  period: { start: string; end: string };
}): OverviewEntry[] {
  const themes = new Map<number, number>();
  return input.progress.map((e) => {
    const { item } = e;
    const themeId = item.parentId === null ? item.id : (themes.get(item.parentId) ?? item.parentId);
    themes.set(item.id, themeId);
    const due = input.due.has(item.id);
    const measuredBy = input.indicators.get(item.id) ?? [];
    return {
      id: item.id,
      parentId: item.parentId,
      depth: item.depth,
      code: item.code,
      title: item.title,
      level: item.level,
      hasChildren: item.hasChildren,
      editable: item.editable,
      themeId,
      organisations: input.organisations.get(item.id) ?? [],
      update: e.update,
      status: e.status,
      rolledUp: e.rolledUp,
      effective: e.effective,
      overridden: e.overridden,
      late: e.late,
      due,
      missing: due && e.update === null,
      change: changeOf(e.update, input.previous.get(item.id)),
      measured: measuredBy.length > 0,
      figures: figuresInPeriod(measuredBy, input.period),
    };
  });
}

/** Whether the entry itself meets every filter that is set. */
export function matches(entry: OverviewEntry, filters: OverviewFilters): boolean {
  if (filters.theme !== null && entry.themeId !== filters.theme) return false;
  if (filters.organisation !== null && !entry.organisations.some((o) => o.slug === filters.organisation)) return false;
  if (filters.status === MISSING && !entry.missing) return false;
  if (filters.status !== null && filters.status !== MISSING && entry.effective !== filters.status) return false;
  if (filters.changed && entry.change !== "nieuw" && entry.change !== "gewijzigd") return false;
  return true;
}

export interface ShownEntry {
  entry: OverviewEntry;
  /** False for an item shown only as context: an item above a matching one. */
  match: boolean;
}

/** The entries that meet the filters, with the items above them as context, in plan order. */
export function applyFilters(entries: readonly OverviewEntry[], filters: OverviewFilters): ShownEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const matching = new Set(entries.filter((e) => matches(e, filters)).map((e) => e.id));
  const kept = new Set<number>();
  for (const id of matching) {
    for (let at: number | null | undefined = id; at != null && !kept.has(at); at = byId.get(at)?.parentId) kept.add(at);
  }
  return entries.filter((e) => kept.has(e.id)).map((entry) => ({ entry, match: matching.has(entry.id) }));
}

export interface ShownNode extends ShownEntry {
  children: ShownNode[];
}

/** The shown entries as a tree again (each under the nearest shown item above it), for nested sections. */
export function nest(shown: readonly ShownEntry[]): ShownNode[] {
  const nodes = new Map(shown.map((s) => [s.entry.id, { ...s, children: [] as ShownNode[] }]));
  const roots: ShownNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.entry.parentId === null ? undefined : nodes.get(node.entry.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export interface Counts {
  /** Items the round asks an update of. */
  due: number;
  /** Of those, with an update. */
  done: number;
  missing: number;
  /** Updates new or changed since the period before. */
  changed: number;
}

export function countsOf(entries: readonly OverviewEntry[]): Counts {
  return {
    due: entries.filter((e) => e.due).length,
    done: entries.filter((e) => e.due && !e.missing).length,
    missing: entries.filter((e) => e.missing).length,
    changed: entries.filter((e) => e.change === "nieuw" || e.change === "gewijzigd").length,
  };
}

// ---------------------------------------------------------------- reading

export interface RoundOverview {
  round: { id: number; deadline: string; open: boolean; closedAt: Date | null };
  plan: { slug: string; title: string };
  period: ReportingPeriod;
  /** The period before the round's period, which "changed" compares with; null for the plan's first. */
  previous: ReportingPeriod | null;
  /** The plan's word for its top level ("Thema", "Speerpunt"). */
  themeLevel: string;
  /** The choices of the filters. */
  themes: { id: number; code: string | null; title: string }[];
  organisations: OrganisationRef[];
  filters: OverviewFilters;
  /** Over the whole round, whatever the filters. */
  counts: Counts;
  /** What the filters leave, with context, in plan order. */
  shown: ShownEntry[];
  /** How many items meet the filters themselves. */
  matching: number;
  today: string;
}

/** The overview of one round of a plan, filtered. Internal content: whoever may not read it, finds no round. */
export async function roundOverview(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  roundId: number,
  filters: OverviewFilters = noFilters,
  options: { today?: string } = {},
): Promise<RoundOverview> {
  const gate = await requirePlan(db, viewer, planSlug, "read-internal", { refusal: "Alleen de partners van dit plan zien het overzicht van een rapportageronde." });
  const [round] = Number.isSafeInteger(roundId)
    ? await db.select().from(reportingRounds).where(and(eq(reportingRounds.id, roundId), eq(reportingRounds.planId, gate.id)))
    : [];
  if (!round) throw new RoundNotFoundError();
  const plan = await getPlan(db, viewer, gate.slug);
  const today = options.today ?? todayInNl();
  const [progress, indicators] = await Promise.all([
    progressOfPlan(db, plan, round.periodId, { today, round: { periodId: round.periodId, deadline: round.deadline } }),
    indicatorsByItem(db, viewer, plan.slug),
  ]);
  const period = progress.period!;
  const previous = progress.periods[progress.periods.findIndex((p) => p.id === period.id) - 1] ?? null;
  const earlierUpdates = previous ? await updatesInPeriod(db, plan.id, previous.id) : new Map<number, ProgressUpdate>();
  const settled = new Set([...progress.earlier].filter(([, s]) => s === "afgerond" || s === "vervallen").map(([id]) => id));
  const due = new Set(dueItems(plan.items, plan.access.ownerIds, settled).map((d) => d.itemId));
  const organisations = responsibleOrganisations(plan.items, plan.owners);
  const entries = overviewEntries({ progress: progress.items, due, previous: earlierUpdates, organisations, indicators, period });
  const shown = applyFilters(entries, filters);
  const allOrganisations = new Map<number, OrganisationRef>();
  for (const list of organisations.values()) for (const o of list) allOrganisations.set(o.id, o);
  return {
    round: { id: round.id, deadline: round.deadline, open: round.closedAt === null, closedAt: round.closedAt },
    plan: { slug: plan.slug, title: plan.title },
    period,
    previous,
    themeLevel: entries.find((e) => e.depth === 0)?.level ?? "Thema",
    themes: plan.items.map((i) => ({ id: i.id, code: i.code, title: i.title })),
    organisations: [...allOrganisations.values()].sort((a, b) => a.name.localeCompare(b.name, "nl")),
    filters,
    counts: countsOf(entries),
    shown,
    matching: shown.filter((s) => s.match).length,
    today,
  };
}
