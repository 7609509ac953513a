/**
 * Monitoring: a plan's reporting cycle and periods, and the progress update per
 * item per period (status, resultaten, planning, percentage), with each item's
 * rolled-up status and whether it is late. The rules themselves are plain
 * functions in status.ts and periods.ts; this file reads and writes.
 *
 * Who: progress written by the partners is internal content (readers and
 * redacteuren of the plan's organisations); an update is written by whoever may
 * edit the item (canEditItem: redacteuren of a party of the item and of the plan's
 * owners); the cycle is set by plan editors (canEditPlan).
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt } from "drizzle-orm";
import { z } from "zod";
import { together, type Db } from "../../db/client.ts";
import { todayInNl } from "../../lib/dates.ts";
import { NotFoundError, ConflictError, isUniqueViolation } from "../../lib/errors.ts";
import { LENGTH, tooLong } from "../../lib/limits.ts";
import { InputError, zodProblems, type InputProblem } from "../../lib/validation.ts";
import "../../lib/zod-nl.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import type { Section } from "../plans/format.ts";
import { items, planOwners, plans } from "../plans/schema.ts";
import { ItemNotFoundError, liveItemsOf, requirePlan } from "../plans/access.ts";
import { findItem, getPlan, type PlanDetail, type PlanItem } from "../plans/reading.ts";
import { currentPeriod, cycleLabels, cycles, periodsFor, type Cycle } from "./periods.ts";
import { evaluations, progressUpdates, reportingCycles, reportingPeriods, reportingRounds } from "./schema.ts";
import { lateness, statuses, statusesOf, statusLabels, type Lateness, type Status } from "./status.ts";
import { parseWhen, type When } from "../../lib/timing/timing.ts";

export interface ReportingPeriod {
  id: number;
  label: string;
  start: string;
  end: string;
}

export interface ProgressUpdate {
  id: number;
  itemId: number;
  periodId: number;
  status: Status;
  /** What was achieved; Markdown as in the plan texts, "" when empty. */
  results: string;
  /** What comes next; "" when empty. */
  planning: string;
  percentage: number | null;
  statusReason: string | null;
  author: { id: number | null; name: string | null };
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface ItemProgress {
  item: {
    id: number;
    parentId: number | null;
    depth: number;
    code: string | null;
    title: string;
    /** The plan's own word for the level. */
    level: string;
    levelKey: string;
    hasChildren: boolean;
    when: When | null;
    /** Whether the viewer may write this item's update. */
    editable: boolean;
  };
  /** The item's update in the period, if any. */
  update: ProgressUpdate | null;
  /** Its own status in the period. */
  status: Status | null;
  /** What follows from the parts below it (status.ts); null for an item without parts or when nothing is known. */
  rolledUp: Status | null;
  /** Its own status, or else the rolled-up one. */
  effective: Status | null;
  /** Its own status differs from the rolled-up one. */
  overridden: boolean;
  late: Lateness;
}

export interface PlanProgress {
  plan: { id: number; slug: string; title: string; period: { label: string; start: string; end: string } };
  cycle: Cycle | null;
  periods: ReportingPeriod[];
  /** The period shown: the one asked for, or the current one; null when the plan has no periods. */
  period: ReportingPeriod | null;
  today: string;
  /** Every item of the plan in the order of the plan (depth first). */
  items: ItemProgress[];
}

export interface UpdateInput {
  /** The version the update was written against; null for a first update. */
  version: number | null;
  status: Status;
  results: string;
  planning: string;
  percentage: number | null;
  statusReason: string | null;
}

/** Invalid input for an update, per field (the field names of the API), in Dutch. */
export class UpdateInputError extends InputError {
  constructor(readonly fields: Record<string, string>) {
    super(Object.entries(fields).map(([path, message]) => ({ file: "voortgang", path, message })));
    this.name = "UpdateInputError";
    this.message = Object.entries(fields)
      .map(([field, message]) => `${field}: ${message}`)
      .join("; ");
  }
}

export class StaleUpdateError extends ConflictError {
  constructor(readonly current: ProgressUpdate, period: string) {
    super(
      `De voortgang over ${period} is intussen opgeslagen door ${current.author.name ?? "iemand anders"} (nu versie ${current.version}). ` +
        "Haal haar opnieuw op, neem de wijzigingen over en sla dan op.",
    );
  }
}

/** Whether the round over this period of the plan is closed, so its progress is frozen. */
export async function periodFrozen(db: Db, planId: number, periodId: number): Promise<boolean> {
  const [round] = await db
    .select({ closedAt: reportingRounds.closedAt })
    .from(reportingRounds)
    .where(and(eq(reportingRounds.planId, planId), eq(reportingRounds.periodId, periodId)));
  return Boolean(round?.closedAt);
}

/** A closed round is frozen: no update over its period is written any more. */
export class RoundClosedError extends ConflictError {
  constructor(period: string) {
    super(`De rapportageronde over ${period} is gesloten. De voortgang over ${period} ligt vast en kan niet meer worden gewijzigd.`);
  }
}

const percentageError = "Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg.";
const text = (label: string, max: number) => z.string({ error: `${label}: geef een tekst.` }).trim().max(max, tooLong(label, max));

/** A progress update: the only check of what the form or the API sends, applied by saveUpdate itself. Limits from lib/limits.ts. */
export const updateInputSchema = z.strictObject(
  {
    version: z
      .int({ error: "Versie: geef de versie waarop u voortbouwt als heel getal, of null voor een eerste update." })
      .min(1, "Versie: een versie is 1 of hoger.")
      .nullable()
      .default(null),
    status: z.enum(statuses, { error: `Status: kies een status (${statuses.join(", ")}).` }),
    results: text("Resultaten", LENGTH.text).default(""),
    planning: text("Planning", LENGTH.text).default(""),
    percentage: z.int({ error: percentageError }).min(0, percentageError).max(100, percentageError).nullable().default(null),
    statusReason: text("Reden voor deze status", LENGTH.note)
      .nullable()
      .default(null)
      .transform((v) => v || null),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Onbekende velden: ${issue.keys.join(", ")}.` : "Geef de voortgang als object met status, results, planning, percentage en statusReason.") },
);

/** What a form or the API hands to saveUpdate: checked there, by updateInputSchema. */
export type UpdateInputRaw = z.input<typeof updateInputSchema>;

/** Checks an update as the API or a form gives it; throws UpdateInputError naming each wrong field. */
export function parseUpdateInput(body: unknown): UpdateInput {
  const parsed = updateInputSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "inhoud";
    fields[field] ??= issue.message;
  }
  throw new UpdateInputError(fields);
}

const asSections = (title: string, text: string): Section[] => (text ? [{ title, text }] : []);
const textOf = (sections: Section[]): string => sections.map((s) => s.text).join("\n\n");

type UpdateRow = typeof progressUpdates.$inferSelect;

function toUpdate(row: UpdateRow): ProgressUpdate {
  return {
    id: row.id,
    itemId: row.itemId,
    periodId: row.periodId,
    status: row.status!,
    results: textOf(row.results),
    planning: textOf(row.planning),
    percentage: row.percentage,
    statusReason: row.statusReason,
    author: { id: row.authorId, name: row.authorName },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** A plan's reporting periods, earliest first. */
export async function periodsOf(db: Db, planId: number): Promise<ReportingPeriod[]> {
  return db
    .select({ id: reportingPeriods.id, label: reportingPeriods.label, start: reportingPeriods.start, end: reportingPeriods.end })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId))
    .orderBy(asc(reportingPeriods.start), asc(reportingPeriods.end), asc(reportingPeriods.id));
}

async function cycleOf(db: Db, planId: number): Promise<Cycle | null> {
  const [row] = await db.select({ cycle: reportingCycles.cycle }).from(reportingCycles).where(eq(reportingCycles.planId, planId));
  return row?.cycle ?? null;
}

/** The monitoring updates of the plan's live items (all periods, or one). */
async function monitoringRows(db: Db, planId: number, periodId?: number): Promise<UpdateRow[]> {
  const rows = await db
    .select({ update: progressUpdates })
    .from(progressUpdates)
    .innerJoin(items, eq(items.id, progressUpdates.itemId))
    .where(
      and(
        liveItemsOf(planId),
        isNull(progressUpdates.evaluationId),
        periodId === undefined ? undefined : eq(progressUpdates.periodId, periodId),
      ),
    );
  return rows.map((r) => r.update);
}


function ownStatuses(rows: readonly UpdateRow[]): Map<number, Status> {
  return new Map(rows.filter((r) => r.status !== null).map((r) => [r.itemId, r.status!]));
}

/**
 * The progress of every item of a plan in one period (default: the current
 * period), with its rolled-up status and whether it is late. Internal content.
 * `round`: the reporting round to judge lateness rule (b) by; by default the
 * plan's current round (rounds.ts), `null` for none.
 */
export async function updatesOfPlan(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  periodId?: number,
  options: { today?: string; round?: { periodId: number; deadline: string } | null } = {},
): Promise<PlanProgress> {
  const plan = await getPlan(db, viewer, planSlug, "read-internal");
  const { earlier: _, ...progress } = await progressOfPlan(db, plan, periodId, options);
  return progress;
}

/**
 * updatesOfPlan for a plan the caller has read with getPlan and may read the
 * progress of (reporting rounds read the plan for more). `earlier`: per item, its
 * effective status in the latest period before the one shown that has one.
 */
export async function progressOfPlan(
  db: Db,
  plan: PlanDetail,
  periodId?: number,
  /** `lastWhenOver`: without a current period, show the last one that has started (a plan whose time is over). */
  options: { today?: string; round?: { periodId: number; deadline: string } | null; lastWhenOver?: boolean } = {},
): Promise<PlanProgress & { earlier: Map<number, Status> }> {
  const today = options.today ?? todayInNl();
  const [periods, cycle, rows, round] = await together(db, [
    () => periodsOf(db, plan.id),
    () => cycleOf(db, plan.id),
    () => monitoringRows(db, plan.id),
    () => (options.round === undefined ? currentRound(db, plan.id) : Promise.resolve(options.round)),
  ]);
  const fallback = options.lastWhenOver ? periods.filter((p) => p.start <= today).at(-1) : undefined;
  const period = periodId === undefined ? (currentPeriod(periods, today) ?? fallback ?? null) : periods.find((p) => p.id === periodId);
  if (period === undefined) throw new NotFoundError(`Rapportageperiode ${periodId} bestaat niet in plan '${plan.slug}'.`);

  const rowsByPeriod = new Map(periods.map((p) => [p.id, rows.filter((r) => r.periodId === p.id)]));
  const statusesByPeriod = new Map(periods.map((p) => [p.id, statusesOf(plan.items, ownStatuses(rowsByPeriod.get(p.id)!))]));
  const shown = new Map((period ? rowsByPeriod.get(period.id)! : []).map((r) => [r.itemId, r]));
  // periodsOf lists the periods in time order.
  const before = period ? periods.slice(0, periods.indexOf(period)) : [];
  const earlier = new Map<number, Status>();
  for (const p of before) for (const [itemId, s] of statusesByPeriod.get(p.id)!) if (s.effective) earlier.set(itemId, s.effective);

  const list: ItemProgress[] = [];
  const walk = (level: PlanItem[], parentId: number | null, depth: number) => {
    for (const item of level) {
      const row = shown.get(item.id);
      const when = item.when === null ? null : parseWhen(item.when, plan.period);
      const inPeriod = period ? statusesByPeriod.get(period.id)!.get(item.id)! : { rolledUp: null, effective: null };
      const status = row?.status ?? null;
      list.push({
        item: {
          id: item.id,
          parentId,
          depth,
          code: item.code,
          title: item.title,
          level: levelName(plan, item),
          levelKey: item.level,
          hasChildren: item.children.length > 0,
          when,
          editable: item.editable,
        },
        update: row ? toUpdate(row) : null,
        status,
        rolledUp: inPeriod.rolledUp,
        effective: inPeriod.effective,
        overridden: status !== null && inPeriod.rolledUp !== null && status !== inPeriod.rolledUp,
        late: lateness({
          due: when?.end ?? null,
          periods,
          statuses: periods.map((p) => ({ periodId: p.id, status: statusesByPeriod.get(p.id)!.get(item.id)!.effective })),
          today,
          round,
        }),
      });
      walk(item.children, item.id, depth + 1);
    }
  };
  walk(plan.items, null, 0);
  return { plan: { id: plan.id, slug: plan.slug, title: plan.title, period: plan.period }, cycle, periods, period, today, items: list, earlier };
}

/**
 * The monitoring updates of a plan's live items over one period, per item id, for a
 * caller that has read the plan with getPlan and may read its progress (the round
 * overview compares a period with the one before it).
 */
export async function updatesInPeriod(db: Db, planId: number, periodId: number): Promise<Map<number, ProgressUpdate>> {
  return new Map((await monitoringRows(db, planId, periodId)).map((r) => [r.itemId, toUpdate(r)]));
}

function levelName(plan: PlanDetail, item: PlanItem): string {
  return plan.levels.find((l) => l.key === item.level)?.name ?? item.level;
}

/** The item and period an update is written for, checked: the viewer may edit the item, the period is the plan's. */
async function target(db: Db, viewer: Viewer, planSlug: string, itemId: number, periodId: number) {
  await requirePlan(db, viewer, planSlug, "edit-item", { item: itemId, refusal: "U mag de voortgang van dit onderdeel niet bijwerken." });
  const plan = await getPlan(db, viewer, planSlug);
  const item = findItem(plan.items, itemId);
  if (!item) throw new ItemNotFoundError(itemId);
  const period = (await periodsOf(db, plan.id)).find((p) => p.id === periodId);
  if (!period) throw new NotFoundError(`Rapportageperiode ${periodId} bestaat niet in plan '${planSlug}'.`);
  return { plan, item, period };
}

/** What the parts below an item add up to in a period (null for an item without parts, or when nothing is known). */
async function rolledUpIn(db: Db, plan: PlanDetail, item: PlanItem, periodId: number): Promise<Status | null> {
  if (item.children.length === 0) return null;
  return statusesOf([item], ownStatuses(await monitoringRows(db, plan.id, periodId))).get(item.id)!.rolledUp;
}

/** The problem with a parent's status that differs from its roll-up without a reason, if any. */
function reasonMissing(input: UpdateInput, rolledUp: Status | null): string | undefined {
  if (rolledUp === null || input.status === rolledUp || input.statusReason) return undefined;
  return `Reden voor deze status: uit de onderdelen eronder volgt "${statusLabels[rolledUp]}". Leg uit waarom u "${statusLabels[input.status]}" kiest.`;
}

/** What an update stores, given its checked input and the roll-up of its parts. */
function valuesOf(viewer: Viewer, input: UpdateInput, rolledUp: Status | null) {
  const overrides = rolledUp !== null && input.status !== rolledUp;
  const author = viewer.kind === "user" ? { authorId: viewer.id, authorName: viewer.name } : { authorId: null, authorName: viewer.kind === "system" ? viewer.label : null };
  return {
    status: input.status,
    results: asSections("Resultaten", input.results),
    planning: asSections("Planning", input.planning),
    percentage: input.percentage,
    statusReason: overrides ? input.statusReason : null,
    ...author,
  };
}
type UpdateValues = ReturnType<typeof valuesOf>;

const ownUpdate = (itemId: number, periodId: number) =>
  and(eq(progressUpdates.itemId, itemId), eq(progressUpdates.periodId, periodId), isNull(progressUpdates.evaluationId));

/**
 * In a transaction: shared locks on the period and the round over it, so they stay as they are until
 * the writing is done (configureCycle may remove periods; closing the round waits, or this sees it closed).
 */
async function lockPeriod(t: Db, plan: PlanDetail, period: ReportingPeriod): Promise<void> {
  const [periodRow] = await t.select({ id: reportingPeriods.id }).from(reportingPeriods).where(eq(reportingPeriods.id, period.id)).for("share");
  if (!periodRow) throw new NotFoundError(`Rapportageperiode ${period.label} bestaat niet meer: de rapportageperiodes van dit plan zijn intussen opnieuw ingesteld.`);
  const [round] = await t
    .select({ closedAt: reportingRounds.closedAt })
    .from(reportingRounds)
    .where(and(eq(reportingRounds.planId, plan.id), eq(reportingRounds.periodId, period.id)))
    .for("share");
  if (round?.closedAt) throw new RoundClosedError(period.label);
}

/** In a transaction: the item is still live (it may have gone to the bin since it was read), and its current update, locked. */
async function lockCurrent(t: Db, itemId: number, periodId: number): Promise<UpdateRow | undefined> {
  const [itemRow] = await t.select({ id: items.id }).from(items).where(and(eq(items.id, itemId), isNull(items.deletionId))).for("share");
  if (!itemRow) throw new ItemNotFoundError(itemId);
  const [current] = await t.select().from(progressUpdates).where(ownUpdate(itemId, periodId)).for("update");
  return current;
}

/** Why an update written against `version` may not replace `current`, if it may not. */
function versionConflict(current: UpdateRow | undefined, version: number | null, period: ReportingPeriod): ConflictError | undefined {
  if ((current?.version ?? null) === version) return undefined;
  if (current) return new StaleUpdateError(toUpdate(current), period.label);
  return new ConflictError(`De voortgang over ${period.label} bestaat (nog) niet; laat de versie leeg om haar voor het eerst op te slaan.`);
}

/** In a transaction, after the checks: writes the update and its audit record. */
async function writeUpdate(t: Db, viewer: Viewer, plan: PlanDetail, item: PlanItem, period: ReportingPeriod, current: UpdateRow | undefined, values: UpdateValues): Promise<ProgressUpdate> {
  const [saved] = current
    ? await t
        .update(progressUpdates)
        .set({ ...values, version: current.version + 1, updatedAt: new Date() })
        .where(eq(progressUpdates.id, current.id))
        .returning()
    : await t.insert(progressUpdates).values({ itemId: item.id, periodId: period.id, ...values }).returning();
  const snapshot = (row: UpdateRow) => ({ period: period.label, ...toUpdate(row), author: row.authorName });
  await record(t, viewer, {
    action: "voortgang-opgeslagen",
    entityType: "voortgang",
    entityId: saved!.id,
    planId: plan.id,
    itemId: item.id,
    summary: `${item.code ? `${item.code} ` : ""}${item.title}: voortgang over ${period.label} (${statusLabels[values.status]})`,
    before: current ? snapshot(current) : null,
    after: snapshot(saved!),
  });
  return toUpdate(saved!);
}

/**
 * Writes the update of one item over one period. Refused with StaleUpdateError
 * when someone saved it after `input.version` (or at all, for version null), with
 * UpdateInputError when a parent's status differs from its roll-up without a
 * reason, and with RoundClosedError when the round over the period is closed.
 */
export async function saveUpdate(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  itemId: number,
  periodId: number,
  raw: UpdateInputRaw,
): Promise<ProgressUpdate> {
  const { plan, item, period } = await target(db, viewer, planSlug, itemId, periodId);
  const input = parseUpdateInput(raw);
  const rolledUp = await rolledUpIn(db, plan, item, periodId);
  const missing = reasonMissing(input, rolledUp);
  if (missing) throw new UpdateInputError({ statusReason: missing });
  const values = valuesOf(viewer, input, rolledUp);
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      await lockPeriod(t, plan, period);
      const current = await lockCurrent(t, itemId, periodId);
      const conflict = versionConflict(current, input.version, period);
      if (conflict) throw conflict;
      return writeUpdate(t, viewer, plan, item, period, current, values);
    });
  } catch (error) {
    // Two first saves at once: the unique index refuses the second.
    if (!isUniqueViolation(error)) throw error;
    const [current] = await db.select().from(progressUpdates).where(ownUpdate(itemId, periodId));
    throw current ? new StaleUpdateError(toUpdate(current), period.label) : error;
  }
}

/** One row of a batch of updates: `row` names it in problems ("rij 7"). */
export interface BatchUpdateRow {
  row: string;
  itemId: number;
  input: UpdateInputRaw;
}

export interface BatchUpdateOutcome {
  row: string;
  itemId: number;
  /** new: a first update; changed: a new version; unchanged: the same as stored, nothing written. */
  change: "new" | "changed" | "unchanged";
  before: ProgressUpdate | null;
  /** What is (or, in a dry run, would be) stored. */
  after: { status: Status; results: string; planning: string; percentage: number | null; statusReason: string | null };
}

/** Whether the stored update already says what the values say. */
function sameAs(current: UpdateRow, values: UpdateValues): boolean {
  return (
    current.status === values.status &&
    textOf(current.results) === textOf(values.results) &&
    textOf(current.planning) === textOf(values.planning) &&
    current.percentage === values.percentage &&
    (current.statusReason ?? null) === (values.statusReason ?? null)
  );
}

/**
 * Writes the updates of many items over one period, all or none: every row is checked
 * by the rules of saveUpdate (updateInputSchema, the reason for a status that differs
 * from the roll-up, which here counts the batch's own statuses of the parts, the version
 * it builds on, whether the viewer may edit the item), and when any row is wrong nothing
 * is written and InputError names each problem by row and field ("rij 7, status").
 * A row that says what is stored already is left alone (no new version), even when
 * it builds on an older version. RoundClosedError when the round over the period is closed.
 * `dryRun`: check and report, write nothing.
 */
export async function saveUpdates(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  periodId: number,
  rows: readonly BatchUpdateRow[],
  options: { file?: string; dryRun?: boolean } = {},
): Promise<BatchUpdateOutcome[]> {
  const gate = await requirePlan(db, viewer, planSlug, "read-internal", { refusal: "Alleen de partners van dit plan zien en melden de voortgang." });
  const plan = await getPlan(db, viewer, gate.slug);
  const period = (await periodsOf(db, plan.id)).find((p) => p.id === periodId);
  if (!period) throw new NotFoundError(`Rapportageperiode ${periodId} bestaat niet in plan '${planSlug}'.`);
  if (await periodFrozen(db, plan.id, period.id)) throw new RoundClosedError(period.label);
  const file = options.file ?? "voortgang";
  const problems: InputProblem[] = [];
  const problem = (row: string, field: string, message: string) => problems.push({ file, path: `${row}, ${field}`, message });

  const parsed: { row: BatchUpdateRow; item: PlanItem; input: UpdateInput }[] = [];
  const seen = new Map<number, string>();
  for (const row of rows) {
    const item = Number.isSafeInteger(row.itemId) ? findItem(plan.items, row.itemId) : undefined;
    if (!item) {
      problem(row.row, "item", `Onderdeel: dit plan heeft geen onderdeel met nummer ${row.itemId}.`);
      continue;
    }
    if (!item.editable) {
      problem(row.row, "item", "Onderdeel: u mag de voortgang van dit onderdeel niet bijwerken.");
      continue;
    }
    const earlier = seen.get(item.id);
    if (earlier) {
      problem(row.row, "item", `Onderdeel: dit onderdeel staat ook al in ${earlier}; geef het één keer.`);
      continue;
    }
    seen.set(item.id, row.row);
    try {
      parsed.push({ row, item, input: parseUpdateInput(row.input) });
    } catch (error) {
      if (!(error instanceof UpdateInputError)) throw error;
      for (const [field, message] of Object.entries(error.fields)) problem(row.row, field, message);
    }
  }
  // The roll-up of each parent counts the statuses this batch gives its parts.
  const own = ownStatuses(await monitoringRows(db, plan.id, period.id));
  for (const { item, input } of parsed) own.set(item.id, input.status);
  const rolled = statusesOf(plan.items, own);
  const checked = parsed.flatMap(({ row, item, input }) => {
    const rolledUp = item.children.length > 0 ? rolled.get(item.id)!.rolledUp : null;
    const missing = reasonMissing(input, rolledUp);
    if (missing) {
      problem(row.row, "statusReason", missing);
      return [];
    }
    return [{ row, item, input, values: valuesOf(viewer, input, rolledUp) }];
  });

  const run = async (t: Db) => {
    await lockPeriod(t, plan, period);
    const outcomes: BatchUpdateOutcome[] = [];
    const writes: (() => Promise<unknown>)[] = [];
    // Locked in the order of their ids, so two batches at once wait for each other instead of deadlocking.
    const locked = new Map<number, UpdateRow | undefined | "gone">();
    for (const { item } of [...checked].sort((a, b) => a.item.id - b.item.id)) {
      try {
        locked.set(item.id, await lockCurrent(t, item.id, period.id));
      } catch (error) {
        if (!(error instanceof ItemNotFoundError)) throw error;
        locked.set(item.id, "gone");
      }
    }
    for (const { row, item, input, values } of checked) {
      const current = locked.get(item.id);
      if (current === "gone") {
        problem(row.row, "item", "Onderdeel: dit onderdeel is intussen verwijderd.");
        continue;
      }
      const after = { status: values.status, results: input.results, planning: input.planning, percentage: values.percentage, statusReason: values.statusReason };
      const base = { row: row.row, itemId: item.id, before: current ? toUpdate(current) : null, after };
      if (current && sameAs(current, values)) {
        outcomes.push({ ...base, change: "unchanged" });
        continue;
      }
      const conflict = versionConflict(current, input.version, period);
      if (conflict) {
        problem(row.row, "version", `Versie: ${conflict.message}`);
        continue;
      }
      outcomes.push({ ...base, change: current ? "changed" : "new" });
      writes.push(() => writeUpdate(t, viewer, plan, item, period, current, values));
    }
    if (problems.length > 0) throw new InputError(problems);
    if (!options.dryRun) for (const write of writes) await write();
    return outcomes;
  };
  // Also with problems already found: the versions are checked too, so one report names every problem.
  try {
    return await db.transaction((tx) => run(tx as unknown as Db));
  } catch (error) {
    // Someone else's first save of one of these at the same moment: the unique index refuses this batch.
    if (!isUniqueViolation(error)) throw error;
    throw new ConflictError(`De voortgang over ${period.label} is intussen door iemand anders opgeslagen. Er is niets opgeslagen; probeer het opnieuw.`);
  }
}

export interface PeriodsOverview {
  plan: { slug: string; title: string; period: { start: string; end: string } };
  cycle: Cycle | null;
  periods: (ReportingPeriod & {
    /** Updates over this period, of evaluations and monitoring. */
    updates: number;
    /** Part of the chosen cycle; otherwise kept because updates, an evaluation or a round are about it. */
    inCycle: boolean;
  })[];
  current: ReportingPeriod | null;
  may: { edit: boolean };
}

async function planWithPeriod(db: Db, viewer: Viewer, planSlug: string, action: "read-internal" | "edit") {
  const refusal = action === "edit" ? "Alleen wie het plan mag bewerken, stelt de rapportageperiodes in." : "Alleen de partners van dit plan zien de voortgang.";
  const { id, slug, title, may } = await requirePlan(db, viewer, planSlug, action, { refusal });
  const [row] = await db.select({ start: plans.periodStart, end: plans.periodEnd }).from(plans).where(eq(plans.id, id));
  return { id, slug, title, may, period: row! };
}

/** A plan's reporting cycle and periods, each with how many updates are about it. Internal content. */
export async function reportingPeriodsOf(db: Db, viewer: Viewer, planSlug: string, options: { today?: string } = {}): Promise<PeriodsOverview> {
  const plan = await planWithPeriod(db, viewer, planSlug, "read-internal");
  const [periods, cycle, counts] = await Promise.all([
    periodsOf(db, plan.id),
    cycleOf(db, plan.id),
    db
      .select({ periodId: progressUpdates.periodId, n: count() })
      .from(progressUpdates)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressUpdates.periodId))
      .where(eq(reportingPeriods.planId, plan.id))
      .groupBy(progressUpdates.periodId),
  ]);
  const inCycle = new Set(cycle ? periodsFor(cycle, plan.period).map((p) => p.label) : []);
  return {
    plan: { slug: plan.slug, title: plan.title, period: plan.period },
    cycle,
    periods: periods.map((p) => ({ ...p, updates: counts.find((c) => c.periodId === p.id)?.n ?? 0, inCycle: inCycle.has(p.label) })),
    current: currentPeriod(periods, options.today ?? todayInNl()) ?? null,
    may: { edit: plan.may.edit },
  };
}

const cycleChoice = z.enum(cycles, { error: `Cyclus: kies hoe vaak dit plan rapporteert (${cycles.join(", ")}).` });

/** Setting a plan's reporting cycle: the only check of what the form sends, applied by configureCycle itself. */
export const cycleInputSchema = z.strictObject({
  cycle: cycleChoice,
  /** The cycle the form was opened with (null: none yet); when given, a cycle set by someone else meanwhile refuses the change. */
  basis: cycleChoice.nullable().optional(),
});

/** Someone else set the cycle after the form was opened: nothing was changed. */
export class StaleCycleError extends ConflictError {
  constructor(readonly current: Cycle | null) {
    super(
      `De rapportageperiodes zijn intussen door iemand anders ingesteld: ${current ? `dit plan rapporteert nu ${cycleLabels[current].toLowerCase()}` : "er is nu geen keuze meer"}. ` +
        "Er is nog niets veranderd. Kijk of dat klopt, en kies zo nodig opnieuw.",
    );
  }
}

/**
 * Sets how often a plan reports and makes its periods (periods.ts). Periods of an
 * earlier cycle go, unless updates, an evaluation or a reporting round are about them; a period of the
 * new cycle that exists already (by label) is kept as it is. Plan editors only.
 * With `basis` (the cycle the form showed), a change made by someone else meanwhile is refused (StaleCycleError).
 * One change at a time per plan; a progress update or a round over a period waits for it, so no period
 * goes while something is being written about it.
 */
export async function configureCycle(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  chosen: Cycle | string,
  options: { basis?: Cycle | string | null } = {},
): Promise<{ cycle: Cycle; periods: ReportingPeriod[] }> {
  const plan = await planWithPeriod(db, viewer, planSlug, "edit");
  const parsed = cycleInputSchema.safeParse({ cycle: chosen, ...(options.basis !== undefined && { basis: options.basis }) });
  if (!parsed.success) throw new InputError(zodProblems("rapportageperiodes", parsed.error));
  const { cycle, basis } = parsed.data;
  const drafts = periodsFor(cycle, plan.period);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // The plan's cycle and periods are changed by one transaction at a time; its periods stay
    // until this one is done, so an update or a round being written about one is seen below.
    await t.select({ id: plans.id }).from(plans).where(eq(plans.id, plan.id)).for("no key update");
    await t.select({ id: reportingPeriods.id }).from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).for("update");
    const before = await periodsOf(t, plan.id);
    const oldCycle = await cycleOf(t, plan.id);
    if (basis !== undefined && oldCycle !== basis) throw new StaleCycleError(oldCycle);
    // One after the other: a transaction has one connection.
    const used = await t.selectDistinct({ id: progressUpdates.periodId }).from(progressUpdates).innerJoin(reportingPeriods, eq(reportingPeriods.id, progressUpdates.periodId)).where(eq(reportingPeriods.planId, plan.id));
    const evaluated = await t.selectDistinct({ id: evaluations.periodId }).from(evaluations).where(eq(evaluations.planId, plan.id));
    const asked = await t.selectDistinct({ id: reportingRounds.periodId }).from(reportingRounds).where(eq(reportingRounds.planId, plan.id));
    const kept = new Set([...used, ...evaluated, ...asked].map((r) => r.id));
    const wanted = new Set(drafts.map((d) => d.label));
    for (const p of before) {
      if (!wanted.has(p.label) && !kept.has(p.id)) await t.delete(reportingPeriods).where(eq(reportingPeriods.id, p.id));
    }
    const existing = new Set(before.map((p) => p.label));
    const added = drafts.filter((d) => !existing.has(d.label));
    if (added.length) await t.insert(reportingPeriods).values(added.map((d) => ({ planId: plan.id, ...d })));
    await t
      .insert(reportingCycles)
      .values({ planId: plan.id, cycle })
      .onConflictDoUpdate({ target: reportingCycles.planId, set: { cycle, updatedAt: new Date() } });
    const after = await periodsOf(t, plan.id);
    await record(t, viewer, {
      action: "rapportageperiodes-ingesteld",
      entityType: "plan",
      entityId: plan.slug,
      planId: plan.id,
      summary: `Rapportageperiodes van '${plan.title}': ${cycleLabels[cycle].toLowerCase()} (${after.length} periodes)`,
      before: { cycle: oldCycle, periods: before.map((p) => p.label) },
      after: { cycle, periods: after.map((p) => p.label) },
    });
    return { cycle, periods: after };
  });
}

export interface RoundRef {
  id: number;
  periodId: number;
  deadline: string;
  closed: boolean;
}

/**
 * The plan's current round: the round over its latest period that has one, open
 * or closed. Lateness rule (b) in status.ts judges against it.
 */
export async function currentRound(db: Db, planId: number): Promise<RoundRef | null> {
  const [row] = await db
    .select({ id: reportingRounds.id, periodId: reportingRounds.periodId, deadline: reportingRounds.deadline, closedAt: reportingRounds.closedAt })
    .from(reportingRounds)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, reportingRounds.periodId))
    .where(eq(reportingRounds.planId, planId))
    .orderBy(desc(reportingPeriods.start))
    .limit(1);
  return row ? { id: row.id, periodId: row.periodId, deadline: row.deadline, closed: row.closedAt !== null } : null;
}

export interface WrittenUpdate {
  plan: { id: number; slug: string; title: string; ownerIds: number[] };
  item: { id: number; code: string | null; title: string };
  period: { id: number; label: string };
  status: Status | null;
  author: string | null;
  updatedAt: Date;
}

/**
 * The progress updates (not evaluation parts) written or changed in [from, to), with their plan,
 * item and period, in plan and plan order; for the coordinators' daily digest. Reads through the
 * index on updated_at, so it costs what that day holds.
 */
export async function updatesWrittenBetween(db: Db, from: Date, to: Date): Promise<WrittenUpdate[]> {
  const rows = await db
    .select({
      planId: plans.id,
      planSlug: plans.slug,
      planTitle: plans.title,
      itemId: items.id,
      code: items.code,
      title: items.title,
      periodId: reportingPeriods.id,
      periodLabel: reportingPeriods.label,
      status: progressUpdates.status,
      author: progressUpdates.authorName,
      updatedAt: progressUpdates.updatedAt,
    })
    .from(progressUpdates)
    .innerJoin(items, eq(items.id, progressUpdates.itemId))
    .innerJoin(plans, eq(plans.id, items.planId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressUpdates.periodId))
    .where(and(gte(progressUpdates.updatedAt, from), lt(progressUpdates.updatedAt, to), isNull(progressUpdates.evaluationId), isNull(items.deletionId)))
    .orderBy(asc(plans.slug), asc(items.position), asc(items.id));
  if (rows.length === 0) return [];
  const planIds = [...new Set(rows.map((r) => r.planId))];
  const owners = await db.select().from(planOwners).where(inArray(planOwners.planId, planIds));
  return rows.map((r) => ({
    plan: { id: r.planId, slug: r.planSlug, title: r.planTitle, ownerIds: owners.filter((o) => o.planId === r.planId).map((o) => o.organisationId) },
    item: { id: r.itemId, code: r.code, title: r.title },
    period: { id: r.periodId, label: r.periodLabel },
    status: r.status,
    author: r.author,
    updatedAt: r.updatedAt,
  }));
}
