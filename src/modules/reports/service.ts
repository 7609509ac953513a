/**
 * Reports as the coordinator keeps them: the texts written for the report of a plan over a
 * span of periods, and the versions saved when it went to a meeting, compared with the one before.
 *
 * Who: whoever may read the plan's internal content reads its reports; its editors write them.
 */
import { and, asc, desc, eq, max } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { ConflictError, isUniqueViolation, NotFoundError } from "../../lib/errors.ts";
import { isIsoDate, todayInNl } from "../../lib/dates.ts";
import { LENGTH, tooLong } from "../../lib/limits.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import { actorOf, type Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { requirePlan } from "../plans/access.ts";
import { periodsOf } from "../monitoring/updates.ts";
import { buildReport, spanOf, type ReportTexts } from "./build.ts";
import type { Report } from "./model.ts";
import { reports, reportVersions } from "./schema.ts";

export interface Span {
  from: string;
  to?: string | undefined;
}

export interface StoredTexts extends ReportTexts {
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface VersionSummary {
  id: number;
  number: number;
  sentTo: string;
  sentOn: string;
  createdBy: string;
  createdAt: Date;
}

export class ReportVersionNotFoundError extends NotFoundError {
  constructor() {
    super("Deze versie van de rapportage bestaat niet.");
  }
}

/** The plan and its periods from `span.from` to `span.to`, checked for `action`. */
async function spanIn(db: Db, viewer: Viewer, planSlug: string, span: Span, action: "read-internal" | "edit") {
  const gate = await requirePlan(db, viewer, planSlug, action);
  const periods = spanOf(await periodsOf(db, gate.id), span.from, span.to);
  return { gate, periods, first: periods[0]!, last: periods.at(-1)! };
}

const rowOf = (planId: number, fromId: number, toId: number) =>
  and(eq(reports.planId, planId), eq(reports.fromPeriodId, fromId), eq(reports.toPeriodId, toId));

/** What the coordinator wrote for this report; null when nothing was written yet. */
export async function reportTexts(db: Db, viewer: Viewer, planSlug: string, span: Span): Promise<StoredTexts | null> {
  const { gate, first, last } = await spanIn(db, viewer, planSlug, span, "read-internal");
  const [row] = await db.select().from(reports).where(rowOf(gate.id, first.id, last.id));
  return row ? { title: row.title, intro: row.intro, closing: row.closing, version: row.version, updatedBy: row.updatedBy, updatedAt: row.updatedAt } : null;
}

/** The report over the span, with the coordinator's texts when there are any. */
export async function reportOf(db: Db, viewer: Viewer, planSlug: string, span: Span, options: { today?: string; confidential?: boolean } = {}): Promise<Report> {
  const texts = await reportTexts(db, viewer, planSlug, span);
  return buildReport(db, viewer, planSlug, span, texts, options);
}

const text = (label: string) => z.string({ error: `${label}: geef een tekst.` }).max(LENGTH.text, tooLong(label, LENGTH.text));

/** The one check of a report's texts, from the form, the API or the command line. */
export const reportTextsSchema = z.object({
  title: z.string({ error: "Titel: geef een titel." }).trim().min(1, "Titel: geef een titel.").max(LENGTH.title, tooLong("Titel", LENGTH.title)),
  intro: text("Inleiding").default(""),
  closing: text("Tot slot").default(""),
  /** The version the texts were read at; 0 when none were written yet. */
  version: z.coerce.number({ error: "Versie: geef een heel getal." }).int("Versie: geef een heel getal.").min(0, "Versie: geef een heel getal."),
});
export type ReportTextsInput = z.input<typeof reportTextsSchema>;

const staleTexts = () =>
  new ConflictError("De teksten van deze rapportage zijn intussen door iemand anders gewijzigd. Lees de nieuwe teksten en sla dan opnieuw op.");

/** Saves the coordinator's texts of a report, if nobody changed them since `version`. Plan editors only. */
export async function saveReportTexts(db: Db, viewer: Viewer, planSlug: string, span: Span, input: ReportTextsInput): Promise<{ version: number }> {
  const { gate, first, last } = await spanIn(db, viewer, planSlug, span, "edit");
  const parsed = reportTextsSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("rapportage", parsed.error));
  const data = parsed.data;
  const updatedBy = actorOf(viewer).actor;
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const [current] = await t.select().from(reports).where(rowOf(gate.id, first.id, last.id)).for("update");
      if ((current?.version ?? 0) !== data.version) throw staleTexts();
      const values = { title: data.title, intro: data.intro, closing: data.closing, updatedBy, updatedAt: new Date() };
      const [row] = current
        ? await t.update(reports).set({ ...values, version: current.version + 1 }).where(eq(reports.id, current.id)).returning()
        : await t.insert(reports).values({ planId: gate.id, fromPeriodId: first.id, toPeriodId: last.id, ...values }).returning();
      await record(t, viewer, {
        action: "rapportage-teksten",
        entityType: "rapportage",
        entityId: row!.id,
        planId: gate.id,
        summary: `Teksten van de rapportage over ${first.label === last.label ? first.label : `${first.label} t/m ${last.label}`} opgeslagen`,
        before: current ? { title: current.title, intro: current.intro, closing: current.closing } : null,
        after: { title: data.title, intro: data.intro, closing: data.closing },
      });
      return { version: row!.version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw staleTexts();
    throw error;
  }
}

export const reportVersionSchema = z.object({
  sentTo: z
    .string({ error: "Naar: schrijf waar de rapportage heen gaat, bijvoorbeeld 'OOGO'." })
    .trim()
    .min(1, "Naar: schrijf waar de rapportage heen gaat, bijvoorbeeld 'OOGO'.")
    .max(LENGTH.name, tooLong("Naar", LENGTH.name)),
  sentOn: z.string({ error: "Datum: vul een datum in." }).refine(isIsoDate, "Datum: vul een geldige datum in, bijvoorbeeld 2023-04-20."),
});
export type ReportVersionInput = z.input<typeof reportVersionSchema>;

/**
 * Saves the report as it is now as the next version, with where it went and when: what was
 * sent to a meeting stays readable as it was. Plan editors only.
 */
export async function saveReportVersion(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  span: Span,
  input: ReportVersionInput,
  options: { today?: string } = {},
): Promise<VersionSummary> {
  const { gate, first, last } = await spanIn(db, viewer, planSlug, span, "edit");
  const parsed = reportVersionSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("rapportage", parsed.error));
  const report = await reportOf(db, viewer, planSlug, span, { today: options.today ?? todayInNl() });
  const createdBy = actorOf(viewer).actor;
  const save = () =>
    db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      let [definition] = await t.select({ id: reports.id }).from(reports).where(rowOf(gate.id, first.id, last.id));
      definition ??= (
        await t
          .insert(reports)
          .values({ planId: gate.id, fromPeriodId: first.id, toPeriodId: last.id, title: report.title, updatedBy: createdBy })
          .returning({ id: reports.id })
      )[0]!;
      const [{ highest } = { highest: 0 }] = await t.select({ highest: max(reportVersions.number) }).from(reportVersions).where(eq(reportVersions.reportId, definition.id));
      const [row] = await t
        .insert(reportVersions)
        .values({ reportId: definition.id, number: (highest ?? 0) + 1, sentTo: parsed.data.sentTo, sentOn: parsed.data.sentOn, content: report, createdBy })
        .returning();
      await record(t, viewer, {
        action: "rapportage-versie",
        entityType: "rapportage",
        entityId: definition.id,
        planId: gate.id,
        summary: `Rapportage '${report.title}' bewaard als versie ${row!.number} (naar ${row!.sentTo}, ${row!.sentOn})`,
        after: { number: row!.number, sentTo: row!.sentTo, sentOn: row!.sentOn },
      });
      return row!;
    });
  let row;
  try {
    row = await save();
  } catch (error) {
    // Two saves at once took the same number: the second takes the next one.
    if (!isUniqueViolation(error)) throw error;
    row = await save();
  }
  return { id: row.id, number: row.number, sentTo: row.sentTo, sentOn: row.sentOn, createdBy: row.createdBy, createdAt: row.createdAt };
}

/** The saved versions of a report, newest first. */
export async function listReportVersions(db: Db, viewer: Viewer, planSlug: string, span: Span): Promise<VersionSummary[]> {
  const { gate, first, last } = await spanIn(db, viewer, planSlug, span, "read-internal");
  return db
    .select({
      id: reportVersions.id,
      number: reportVersions.number,
      sentTo: reportVersions.sentTo,
      sentOn: reportVersions.sentOn,
      createdBy: reportVersions.createdBy,
      createdAt: reportVersions.createdAt,
    })
    .from(reportVersions)
    .innerJoin(reports, eq(reports.id, reportVersions.reportId))
    .where(rowOf(gate.id, first.id, last.id))
    .orderBy(desc(reportVersions.number));
}

/** One saved version, and the one before it (for comparing), of a report of this plan. */
export async function reportVersion(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  versionId: number,
): Promise<{ version: VersionSummary; report: Report; previous: (VersionSummary & { report: Report }) | null }> {
  const gate = await requirePlan(db, viewer, planSlug, "read-internal");
  const [row] = await db
    .select({ version: reportVersions })
    .from(reportVersions)
    .innerJoin(reports, eq(reports.id, reportVersions.reportId))
    .where(and(eq(reportVersions.id, versionId), eq(reports.planId, gate.id)));
  if (!row) throw new ReportVersionNotFoundError();
  const [before] = await db
    .select()
    .from(reportVersions)
    .where(and(eq(reportVersions.reportId, row.version.reportId), eq(reportVersions.number, row.version.number - 1)))
    .orderBy(asc(reportVersions.number));
  const summary = ({ content: _, reportId: __, ...rest }: typeof reportVersions.$inferSelect): VersionSummary => rest;
  return {
    version: summary(row.version),
    report: row.version.content,
    previous: before ? { ...summary(before), report: before.content } : null,
  };
}
