/**
 * Progress: reporting periods, evaluations of a plan over a period, and the
 * updates per item (what was achieved, what comes next).
 */
import { and, asc, count, desc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { groupBy } from "../../lib/group-by.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { internalPlans, itemRefs, planRef, resolveItemRefs, visiblePlans } from "../plans/reading.ts";
import { ordered } from "../plans/exchange.ts";
import { items, plans } from "../plans/schema.ts";
import type { Section } from "../plans/format.ts";
import type { EvaluationFile } from "./format.ts";
import { keptBackWords, withoutWords } from "../figures/service.ts";
import { evaluations, progressUpdates, reportingPeriods } from "../monitoring/schema.ts";

export class EvaluationNotFoundError extends NotFoundError {
  constructor(readonly slug: string) {
    super(`Evaluatie '${slug}' bestaat niet.`);
  }
}

export class EvaluationConflictError extends ConflictError {}

export interface EvaluationUpdate {
  item: { id: number; ref: string | null; code: string | null; title: string; level: string };
  heading: string | null;
  results: Section[];
  planning: Section[];
  /** "item" when Koers, not the evaluation, ties this part to its item. */
  interpreted: "item"[];
}

export interface EvaluationDetail {
  slug: string;
  title: string;
  subtitle: string | null;
  plan: { slug: string; title: string };
  period: { label: string; start: string; end: string };
  date: string;
  published: boolean;
  source: string | null;
  sections: Section[];
  updates: EvaluationUpdate[];
  closingSections: Section[];
  footnotes: { mark: string; text: string }[];
}

/** An evaluation is visible when it is published or the viewer may read its plan's internal content. */
function visibleTo(viewer: Viewer) {
  const plansVisible = visiblePlans(viewer);
  return plansVisible === undefined ? undefined : and(plansVisible, or(eq(evaluations.published, true), internalPlans(viewer)));
}

/** Finds or creates the reporting period of a plan with this label. */
async function periodId(db: Db, planId: number, period: EvaluationFile["period"]): Promise<number> {
  const [found] = await db
    .select({ id: reportingPeriods.id, start: reportingPeriods.start, end: reportingPeriods.end })
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.planId, planId), eq(reportingPeriods.label, period.label)));
  if (found) {
    if (found.start !== period.start || found.end !== period.end) {
      throw new EvaluationConflictError(
        `Periode '${period.label}' bestaat al met andere data (${found.start} tot ${found.end}).`,
      );
    }
    return found.id;
  }
  const [row] = await db
    .insert(reportingPeriods)
    .values({ planId, label: period.label, start: period.start, end: period.end })
    .returning({ id: reportingPeriods.id });
  return row!.id;
}

/** Writes evaluations; call inside a transaction. Item codes must resolve (see crossCheck). */
export async function insertEvaluations(db: Db, files: EvaluationFile[], options: { replace?: boolean } = {}): Promise<void> {
  const slugs = files.map((f) => f.slug);
  const existing = slugs.length
    ? await db.select({ id: evaluations.id, slug: evaluations.slug }).from(evaluations).where(inArray(evaluations.slug, slugs))
    : [];
  if (existing.length > 0) {
    if (!options.replace) {
      throw new EvaluationConflictError(
        `Evaluatie ${existing.map((e) => `'${e.slug}'`).join(", ")} bestaat al. Gebruik --replace om haar te vervangen.`,
      );
    }
    await db.delete(evaluations).where(inArray(evaluations.id, existing.map((e) => e.id)));
  }
  for (const file of files) {
    const plan = await planRef(db, system, file.plan);
    const ids = await resolveItemRefs(db, file.plan, file.updates.map((u) => u.item));
    const [row] = await db
      .insert(evaluations)
      .values({
        slug: file.slug,
        planId: plan.id,
        periodId: await periodId(db, plan.id, file.period),
        title: file.title,
        subtitle: file.subtitle ?? null,
        date: file.date,
        published: file.published,
        source: file.source ?? null,
        sections: file.sections,
        closingSections: file.closingSections,
        footnotes: file.footnotes,
      })
      .returning({ id: evaluations.id, periodId: evaluations.periodId });
    if (file.updates.length) {
      await db.insert(progressUpdates).values(
        file.updates.map((u, position) => {
          const itemId = ids.get(u.item);
          if (itemId === undefined) {
            throw new EvaluationConflictError(`Onderdeel '${u.item}' bestaat niet (of niet eenduidig) in plan '${file.plan}'.`);
          }
          return {
            itemId,
            periodId: row!.periodId,
            evaluationId: row!.id,
            position,
            heading: u.heading ?? null,
            interpreted: u.interpreted ?? [],
            results: u.results,
            planning: u.planning,
          };
        }),
      );
    }
  }
}

export async function countUpdatesForPlans(db: Db, planSlugs: string[]): Promise<number> {
  if (planSlugs.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(progressUpdates)
    .innerJoin(items, eq(items.id, progressUpdates.itemId))
    .innerJoin(plans, eq(plans.id, items.planId))
    .where(inArray(plans.slug, planSlugs));
  return row?.n ?? 0;
}

export interface EvaluationSummary {
  slug: string;
  title: string;
  date: string;
  period: string;
  plan: { slug: string; title: string };
}

/** Evaluations per page of the list of evaluations, and on the home page. */
export const EVALUATIONS_PAGE = 10;
/** Evaluations per page of GET /api/v1/evaluations, unless the client asks for fewer (or, up to API_EVALUATIONS_MAX, more). */
export const API_EVALUATIONS_PAGE = 100;
export const API_EVALUATIONS_MAX = 500;

/** The evaluations the viewer may read, of one plan or of all. */
function readable(db: Db, viewer: Viewer, planSlug: string | undefined) {
  return db
    .select({
      slug: evaluations.slug,
      title: evaluations.title,
      date: evaluations.date,
      period: reportingPeriods.label,
      planSlug: plans.slug,
      planTitle: plans.title,
    })
    .from(evaluations)
    .innerJoin(plans, eq(plans.id, evaluations.planId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, evaluations.periodId))
    .where(and(visibleTo(viewer), planSlug ? eq(plans.slug, planSlug) : undefined))
    .$dynamic();
}

const summary = (r: { slug: string; title: string; date: string; period: string; planSlug: string; planTitle: string }): EvaluationSummary => ({
  slug: r.slug,
  title: r.title,
  date: r.date,
  period: r.period,
  plan: { slug: r.planSlug, title: r.planTitle },
});

/** The evaluations of one plan, oldest first. */
export async function listEvaluations(db: Db, viewer: Viewer, planSlug: string): Promise<EvaluationSummary[]> {
  return (await readable(db, viewer, planSlug).orderBy(asc(evaluations.date), asc(evaluations.id))).map(summary);
}

/** A page of the evaluations the viewer may read (of one plan, or of all), newest first, with how many there are. */
export async function listEvaluationPage(
  db: Db,
  viewer: Viewer,
  { page, pageSize, planSlug }: { page: number; pageSize: number; planSlug?: string | undefined },
): Promise<{ evaluations: EvaluationSummary[]; total: number; page: number; pageSize: number }> {
  const [rows, [counted]] = await Promise.all([
    readable(db, viewer, planSlug)
      .orderBy(desc(evaluations.date), desc(evaluations.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(evaluations)
      .innerJoin(plans, eq(plans.id, evaluations.planId))
      .where(and(visibleTo(viewer), planSlug ? eq(plans.slug, planSlug) : undefined)),
  ]);
  return { evaluations: rows.map(summary), total: counted?.total ?? 0, page, pageSize };
}

export async function getEvaluation(db: Db, viewer: Viewer, slug: string): Promise<EvaluationDetail> {
  const [row] = await db
    .select({ evaluation: evaluations, period: reportingPeriods, planSlug: plans.slug, planTitle: plans.title })
    .from(evaluations)
    .innerJoin(plans, eq(plans.id, evaluations.planId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, evaluations.periodId))
    .where(and(eq(evaluations.slug, slug), visibleTo(viewer)));
  if (!row) throw new EvaluationNotFoundError(slug);
  const updates = await db
    .select({ update: progressUpdates, item: { id: items.id, code: items.code, title: items.title, level: items.level } })
    .from(progressUpdates)
    .innerJoin(items, eq(items.id, progressUpdates.itemId))
    .where(eq(progressUpdates.evaluationId, row.evaluation.id))
    .orderBy(asc(progressUpdates.position));
  const refs = await itemRefs(db, row.planSlug, updates.map((u) => u.item.id));
  const hide = await hider(db, viewer, row.planSlug, true);
  const e = row.evaluation;
  return {
    slug: e.slug,
    title: e.title,
    subtitle: e.subtitle,
    plan: { slug: row.planSlug, title: row.planTitle },
    period: { label: row.period.label, start: row.period.start, end: row.period.end },
    date: e.date,
    published: e.published,
    source: e.source,
    sections: hide(e.sections),
    updates: updates.map((u) => ({
      item: { ...u.item, ref: refs.get(u.item.id) ?? null },
      heading: u.update.heading,
      results: hide(u.update.results),
      planning: hide(u.update.planning),
      interpreted: u.update.interpreted,
    })),
    closingSections: hide(e.closingSections),
    footnotes: e.footnotes,
  };
}

/**
 * Texts as the viewer may read them: where an evaluation repeats the document's words that hold
 * a small count about children, a visitor gets a note instead (figures module, keptBackWords).
 */
async function hider(db: Db, viewer: Viewer, planSlug: string, needed: boolean): Promise<(sections: Section[]) => Section[]> {
  const words = needed ? await keptBackWords(db, viewer, planSlug) : [];
  if (words.length === 0) return (sections) => sections;
  return (sections) => sections.map((s) => ({ ...s, text: withoutWords(s.text, words) }));
}

/** Updates of one plan's items, per item id, with the period they cover; for the plan page. */
export async function updatesForPlan(
  db: Db,
  viewer: Viewer,
  planSlug: string,
): Promise<Map<number, { itemId: number; evaluation: { slug: string; title: string }; period: string; heading: string | null; results: Section[]; planning: Section[] }[]>> {
  const rows = await db
    .select({
      itemId: progressUpdates.itemId,
      heading: progressUpdates.heading,
      results: progressUpdates.results,
      planning: progressUpdates.planning,
      period: reportingPeriods.label,
      evaluationSlug: evaluations.slug,
      evaluationTitle: evaluations.title,
    })
    .from(progressUpdates)
    .innerJoin(evaluations, eq(evaluations.id, progressUpdates.evaluationId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressUpdates.periodId))
    .innerJoin(plans, eq(plans.id, evaluations.planId))
    .where(and(eq(plans.slug, planSlug), visibleTo(viewer)))
    .orderBy(asc(reportingPeriods.start), asc(progressUpdates.position));
  const hide = await hider(db, viewer, planSlug, rows.length > 0);
  const entries = rows.map((r) => ({
    itemId: r.itemId,
    evaluation: { slug: r.evaluationSlug, title: r.evaluationTitle },
    period: r.period,
    heading: r.heading,
    results: hide(r.results),
    planning: hide(r.planning),
  }));
  return groupBy(entries, (e) => e.itemId);
}

/** The evaluation in the exchange format. */
export function toEvaluationFile(e: EvaluationDetail): EvaluationFile {
  return {
    slug: e.slug,
    title: e.title,
    ...(e.subtitle !== null && { subtitle: e.subtitle }),
    plan: e.plan.slug,
    period: e.period,
    date: e.date,
    published: e.published,
    ...(e.source !== null && { source: e.source }),
    sections: ordered.sections(e.sections),
    updates: e.updates.map((u) => ({
      item: u.item.ref ?? "",
      ...(u.heading !== null && { heading: u.heading }),
      results: ordered.sections(u.results),
      planning: ordered.sections(u.planning),
      ...(u.interpreted.length > 0 && { interpreted: [...u.interpreted] }),
    })),
    closingSections: ordered.sections(e.closingSections),
    footnotes: ordered.footnotes(e.footnotes),
  };
}
