/**
 * Published progress: what of a plan's progress anyone may read.
 *
 * PUBLISHED PERIOD. A reporting period of a plan is published when
 *   (a) its reporting round was closed and then published by a coordinator
 *       (publishRound in the rounds module), or
 *   (b) a published evaluation of the plan is about it.
 * The last published period is the published period that starts latest (then:
 * ends latest).
 *
 * WHAT IS PUBLIC of a published period: per live item, the status of the
 * monitoring update of a published round (its own status, and for a parent what
 * follows from its parts, status.ts), and the texts resultaten and planning of
 * those updates and of the published evaluations about the period. Never public:
 * the reason for a status (statusReason: written for the coordinators), the
 * percentage, who wrote an update and when, internal notes, unpublished rounds,
 * and any period that is not published. Texts go through the same filter as an
 * evaluation's (figures module, keptBackWords): where they repeat words that hold a
 * small count about children, a viewer without internal access gets a note instead.
 *
 * COUNTS IN PLAIN WORDS. Over the items without parts of their own (the ones
 * reported on), per status in the statuses order, "no status" last:
 * "12 van de 20 activiteiten liggen op koers".
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { todayInNl } from "../../lib/dates.ts";
import { NotFoundError } from "../../lib/errors.ts";
import type { Viewer } from "../access/viewer.ts";
import { keptBackWords, withoutWords } from "../figures/service.ts";
import type { Section } from "../plans/format.ts";
import { liveItemsOf, requirePlan } from "../plans/access.ts";
import { getPlan, visiblePlans, type PlanDetail, type PlanItem } from "../plans/reading.ts";
import { items, plans } from "../plans/schema.ts";
import { parseWhen } from "../../lib/timing/timing.ts";
import { evaluations, progressUpdates, reportingPeriods, reportingRounds } from "./schema.ts";
import { statuses, statusesOf, type Status } from "./status.ts";
import type { ItemProgress, PlanProgress, ReportingPeriod } from "./updates.ts";

// ---------------------------------------------------------------- the rules, as plain functions

/** A period's label as it stands in an address: "T2 2025" → "t2-2025". */
export function periodSlug(label: string): string {
  return label
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The address of a published period's own page. */
export const periodHref = (planSlug: string, label: string) => `/plannen/${planSlug}/voortgang/${periodSlug(label)}`;

const byPeriod = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0;

/** The last published period (see PUBLISHED PERIOD), or null. */
export function lastPublished<P extends { start: string; end: string }>(periods: readonly P[]): P | null {
  return [...periods].sort(byPeriod).at(-1) ?? null;
}

const verbs: Record<Status | "geen", [one: string, more: string]> = {
  "niet-gestart": ["is nog niet gestart", "zijn nog niet gestart"],
  "op-koers": ["ligt op koers", "liggen op koers"],
  "aandacht-nodig": ["vraagt aandacht", "vragen aandacht"],
  "achter-op-planning": ["loopt achter op de planning", "lopen achter op de planning"],
  afgerond: ["is afgerond", "zijn afgerond"],
  uitgesteld: ["is uitgesteld", "zijn uitgesteld"],
  vervallen: ["is vervallen", "zijn vervallen"],
  geen: ["heeft nog geen status", "hebben nog geen status"],
};

/**
 * Counts per status in plain Dutch, one sentence each: "12 van de 20 activiteiten
 * liggen op koers". `level`: the plan's word for the items counted, e.g.
 * { name: "Activiteit", plural: "Activiteiten" }.
 */
export function statusSentences(counts: readonly { status: Status | null; count: number }[], level: { name: string; plural?: string | undefined }): string[] {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  // Dutch plurals follow no one rule (actie → acties, stap → stappen): without the plan's own word, "onderdelen".
  const plural = (level.plural ?? "onderdelen").toLowerCase();
  const single = level.plural ? level.name.toLowerCase() : "onderdeel";
  return counts
    .filter((c) => c.count > 0)
    .map((c) => {
      const [one, more] = verbs[c.status ?? "geen"];
      const noun = total === 1 ? single : plural;
      const n = c.count.toLocaleString("nl-NL");
      return total === 1 ? `De ene ${noun} ${one}.` : `${n} van de ${total.toLocaleString("nl-NL")} ${noun} ${c.count === 1 ? one : more}.`;
    });
}


/** Per status (statuses order, no status last), how many of these statuses there are; only counts above 0. */
export function countStatuses(list: readonly (Status | null)[]): { status: Status | null; count: number }[] {
  return [...statuses, null].map((status) => ({ status, count: list.filter((s) => s === status).length })).filter((c) => c.count > 0);
}

// ---------------------------------------------------------------- reading

export interface PublishedPeriodRef extends ReportingPeriod {
  /** In the address of its page. */
  slug: string;
}

export interface Publication {
  kind: "ronde" | "evaluatie";
  /** "ronde-12" or "evaluatie-tussenevaluatie-…": unique within Koers. */
  key: string;
  plan: { slug: string; title: string };
  period: PublishedPeriodRef;
  /** When it became public: the round's publication, or the evaluation's date. */
  publishedAt: Date;
  title: string;
  /** For an evaluation: its page. */
  evaluation: { slug: string; title: string } | null;
}

export interface PublishedText {
  source: "ronde" | "evaluatie";
  heading: string | null;
  results: Section[];
  planning: Section[];
}

export interface PublishedItem {
  item: { id: number; parentId: number | null; depth: number; code: string | null; title: string; level: string; hasChildren: boolean };
  /** Its own status in a published round over the period; null without one (and always for an evaluation). */
  status: Status | null;
  rolledUp: Status | null;
  effective: Status | null;
  texts: PublishedText[];
}

export interface PublishedPeriod {
  plan: { slug: string; title: string; published: boolean };
  period: PublishedPeriodRef;
  /** Every published period of the plan, earliest first. */
  periods: PublishedPeriodRef[];
  /** What made this period public, newest first. */
  publications: Publication[];
  /** A published round over the period: the items have statuses. */
  withStatuses: boolean;
  /** Every live item, in plan order (depth first). */
  items: PublishedItem[];
  /** The plan's word for the items without parts, singular and plural. */
  leafLevel: { name: string; plural?: string | undefined };
  /** Counts over the items without parts (see COUNTS IN PLAIN WORDS). */
  counts: { status: Status | null; count: number }[];
}

const toRef = (p: ReportingPeriod): PublishedPeriodRef => ({ id: p.id, label: p.label, start: p.start, end: p.end, slug: periodSlug(p.label) });
const evaluationDay = (date: string) => new Date(`${date}T12:00:00Z`);

/** The publications of the plans matching `where`, newest first. Published content only. */
async function publicationsWhere(db: Db, where: ReturnType<typeof and>): Promise<Publication[]> {
  const period = { id: reportingPeriods.id, label: reportingPeriods.label, start: reportingPeriods.start, end: reportingPeriods.end };
  const [rounds, evaluated] = await Promise.all([
    db
      .select({ id: reportingRounds.id, publishedAt: reportingRounds.publishedAt, period, slug: plans.slug, title: plans.title })
      .from(reportingRounds)
      .innerJoin(plans, eq(plans.id, reportingRounds.planId))
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, reportingRounds.periodId))
      .where(and(where, isNotNull(reportingRounds.publishedAt), isNotNull(reportingRounds.closedAt))),
    db
      .select({ slug: evaluations.slug, evaluationTitle: evaluations.title, date: evaluations.date, period, planSlug: plans.slug, title: plans.title })
      .from(evaluations)
      .innerJoin(plans, eq(plans.id, evaluations.planId))
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, evaluations.periodId))
      .where(and(where, eq(evaluations.published, true))),
  ]);
  const list: Publication[] = [
    ...rounds.map((r) => ({
      kind: "ronde" as const,
      key: `ronde-${r.id}`,
      plan: { slug: r.slug, title: r.title },
      period: toRef(r.period),
      publishedAt: r.publishedAt!,
      title: `Voortgang ${r.period.label}`,
      evaluation: null,
    })),
    ...evaluated.map((e) => ({
      kind: "evaluatie" as const,
      key: `evaluatie-${e.slug}`,
      plan: { slug: e.planSlug, title: e.title },
      period: toRef(e.period),
      publishedAt: evaluationDay(e.date),
      title: e.evaluationTitle,
      evaluation: { slug: e.slug, title: e.evaluationTitle },
    })),
  ];
  return list.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || a.key.localeCompare(b.key));
}

/** A plan's publications (published rounds and evaluations), newest first. Anyone who may read the plan. */
export async function publicationsOf(db: Db, viewer: Viewer, planSlug: string): Promise<{ plan: { slug: string; title: string; published: boolean }; publications: Publication[] }> {
  const gate = await requirePlan(db, viewer, planSlug, "read");
  const [row] = await db.select({ published: plans.published }).from(plans).where(eq(plans.id, gate.id));
  return { plan: { slug: gate.slug, title: gate.title, published: row!.published }, publications: await publicationsWhere(db, eq(plans.id, gate.id)) };
}

/** The publications of every plan the viewer may read, newest first; `limit` at most. */
export async function allPublications(db: Db, viewer: Viewer, limit = 50): Promise<Publication[]> {
  return (await publicationsWhere(db, visiblePlans(viewer))).slice(0, limit);
}

/** The published periods among the publications, earliest first. */
function periodsOfPublications(list: readonly Publication[]): PublishedPeriodRef[] {
  const unique = new Map(list.map((p) => [p.period.id, p.period]));
  return [...unique.values()].sort(byPeriod);
}

/** Texts as the viewer may read them (see WHAT IS PUBLIC). */
async function hider(db: Db, viewer: Viewer, planSlug: string): Promise<(sections: Section[]) => Section[]> {
  const words = await keptBackWords(db, viewer, planSlug);
  if (words.length === 0) return (sections) => sections;
  return (sections) => sections.map((s) => ({ ...s, text: withoutWords(s.text, words) }));
}

export class PeriodNotPublishedError extends NotFoundError {
  constructor() {
    super("Over deze periode is geen voortgang openbaar gemaakt.");
  }
}

/**
 * The published progress of one period of a plan (`periodSlugOrId`: the slug of its
 * label or its id), or of the last published period when none is named; null when
 * nothing of the plan is published. A period that is not published does not exist
 * (PeriodNotPublishedError). Anyone who may read the plan.
 */
export async function publishedProgress(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  periodSlugOrId?: string | number,
  /** `plan`: the plan as the caller read it for this viewer (getPlan), so it is not read twice. */
  options: { plan?: PlanDetail } = {},
): Promise<PublishedPeriod | null> {
  return (await load(db, viewer, planSlug, periodSlugOrId, options.plan ?? false)).published;
}

/** `plan`: the plan read already, or false when it is not needed if nothing is published. */
async function load(db: Db, viewer: Viewer, planSlug: string, periodSlugOrId: string | number | undefined, given: PlanDetail | false | undefined) {
  const { plan: planRef, publications } = await publicationsOf(db, viewer, planSlug);
  const periods = periodsOfPublications(publications);
  const period =
    periodSlugOrId === undefined ? lastPublished(periods) : periods.find((p) => (typeof periodSlugOrId === "number" ? p.id === periodSlugOrId : p.slug === periodSlugOrId));
  if (period === undefined) throw new PeriodNotPublishedError();
  if (period === null && given === false) return { published: null, plan: null, roundPeriods: [] };
  const plan = given || (await getPlan(db, viewer, planSlug, "read", { backlinks: false }));
  if (period === null) return { published: null, plan, roundPeriods: [] };
  const own = publications.filter((p) => p.period.id === period.id);
  const withStatuses = own.some((p) => p.kind === "ronde");
  const rows = await db
    .select({
      itemId: progressUpdates.itemId,
      status: progressUpdates.status,
      heading: progressUpdates.heading,
      results: progressUpdates.results,
      planning: progressUpdates.planning,
      evaluationId: progressUpdates.evaluationId,
      evaluationPublished: evaluations.published,
    })
    .from(progressUpdates)
    .innerJoin(items, eq(items.id, progressUpdates.itemId))
    .leftJoin(evaluations, eq(evaluations.id, progressUpdates.evaluationId))
    .where(and(liveItemsOf(plan.id), eq(progressUpdates.periodId, period.id)))
    .orderBy(asc(evaluations.date), asc(progressUpdates.position), asc(progressUpdates.id));
  // The monitoring updates only when a round over the period is published; the updates of published evaluations only.
  const kept = rows.filter((r) => (r.evaluationId === null ? withStatuses : r.evaluationPublished === true));
  const hide = await hider(db, viewer, planSlug);
  const ownStatus = new Map(kept.filter((r) => r.evaluationId === null && r.status !== null).map((r) => [r.itemId, r.status!]));
  const computed = statusesOf(plan.items, ownStatus);
  const texts = new Map<number, PublishedText[]>();
  // Monitoring first, then the evaluations by date.
  for (const r of [...kept.filter((k) => k.evaluationId === null), ...kept.filter((k) => k.evaluationId !== null)]) {
    const results = hide(r.results);
    const planning = hide(r.planning);
    if (results.length === 0 && planning.length === 0) continue;
    const list = texts.get(r.itemId) ?? [];
    list.push({ source: r.evaluationId === null ? "ronde" : "evaluatie", heading: r.heading, results, planning });
    texts.set(r.itemId, list);
  }
  const list: PublishedItem[] = [];
  const walk = (level: PlanItem[], parentId: number | null, depth: number) => {
    for (const item of level) {
      const s = computed.get(item.id)!;
      list.push({
        item: { id: item.id, parentId, depth, code: item.code, title: item.title, level: levelName(plan, item.level), hasChildren: item.children.length > 0 },
        status: ownStatus.get(item.id) ?? null,
        rolledUp: s.rolledUp,
        effective: s.effective,
        texts: texts.get(item.id) ?? [],
      });
      walk(item.children, item.id, depth + 1);
    }
  };
  walk(plan.items, null, 0);
  const leaves = list.filter((i) => !i.item.hasChildren);
  const published: PublishedPeriod = {
    plan: planRef,
    period,
    periods,
    publications: own,
    withStatuses,
    items: list,
    leafLevel: leafLevelOf(plan, leaves),
    counts: countStatuses(leaves.map((l) => l.effective)),
  };
  return { published, plan, roundPeriods: [...new Set(publications.filter((p) => p.kind === "ronde").map((p) => p.period.id))] };
}

function levelName(plan: PlanDetail, key: string): string {
  return plan.levels.find((l) => l.key === key)?.name ?? key;
}

/** The word for the items counted: their level when they share one, else "onderdeel". */
function leafLevelOf(plan: PlanDetail, leaves: readonly PublishedItem[]): { name: string; plural?: string | undefined } {
  const keys = new Set<string>();
  const visit = (list: PlanItem[]) => list.forEach((i) => (i.children.length === 0 ? keys.add(i.level) : visit(i.children)));
  visit(plan.items);
  if (keys.size === 1 && leaves.length > 0) {
    const level = plan.levels.find((l) => l.key === [...keys][0]);
    if (level) return { name: level.name, plural: level.plural };
  }
  return { name: "Onderdeel", plural: "Onderdelen" };
}

/**
 * A plan's progress as the public may see it, in the shape the dashboard and the timeline
 * read (PlanProgress): the items with their published statuses in one published period
 * (default: the last one), the published periods as the periods, nothing late (lateness
 * judges rounds and deadlines, which are internal), no updates and nothing editable.
 * `history`: the own statuses of every published round, per period. Null when nothing is published.
 */
export async function publishedPlanProgress(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  periodId?: number,
  options: { today?: string } = {},
): Promise<{ plan: PlanDetail; progress: PlanProgress; history: { itemId: number; periodId: number; status: Status }[]; published: PublishedPeriod | null }> {
  const loaded = await load(db, viewer, planSlug, periodId, undefined);
  const { published, roundPeriods } = loaded;
  const plan = loaded.plan!;
  const history = roundPeriods.length
    ? (
        await db
          .select({ itemId: progressUpdates.itemId, periodId: progressUpdates.periodId, status: progressUpdates.status })
          .from(progressUpdates)
          .innerJoin(items, eq(items.id, progressUpdates.itemId))
          .where(and(liveItemsOf(plan.id), isNull(progressUpdates.evaluationId), inArray(progressUpdates.periodId, roundPeriods)))
          .orderBy(desc(progressUpdates.periodId))
      ).filter((r): r is { itemId: number; periodId: number; status: Status } => r.status !== null)
    : [];
  const byId = new Map(published?.items.map((i) => [i.item.id, i]));
  const entries: ItemProgress[] = [];
  const walk = (list: PlanItem[], parentId: number | null, depth: number) => {
    for (const item of list) {
      const p = byId.get(item.id);
      entries.push(entry(item, parentId, depth, p));
      walk(item.children, item.id, depth + 1);
    }
  };
  const entry = (item: PlanItem, parentId: number | null, depth: number, p: PublishedItem | undefined): ItemProgress => {
    return {
      item: {
        id: item.id,
        parentId,
        depth,
        code: item.code,
        title: item.title,
        level: levelName(plan, item.level),
        hasChildren: item.children.length > 0,
        levelKey: item.level,
        when: item.when === null ? null : parseWhen(item.when, plan.period),
        editable: false,
      },
      update: null,
      status: p?.status ?? null,
      rolledUp: p?.rolledUp ?? null,
      effective: p?.effective ?? null,
      overridden: false,
      late: { late: false, reasons: [], dueAfter: null },
    };
  };
  walk(plan.items, null, 0);
  const bare = (p: PublishedPeriodRef): ReportingPeriod => ({ id: p.id, label: p.label, start: p.start, end: p.end });
  return {
    plan,
    progress: {
      plan: { id: plan.id, slug: plan.slug, title: plan.title, period: plan.period },
      cycle: null,
      periods: (published?.periods ?? []).map(bare),
      period: published ? bare(published.period) : null,
      today: options.today ?? todayInNl(),
      items: entries,
    },
    history,
    published,
  };
}
