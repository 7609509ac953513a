/**
 * Two sources of one count side by side: an indicator and the indicator it names in
 * `compareWith` (the partnership's own registration of thuiszitters and the count of
 * leerplicht/RMC or the municipalities, for the same peildatum), per date and area, with the
 * difference and the plan editors' explanation of it.
 *
 * Values are read through indicatorFigures, so whoever may not see small counts about children
 * sees them suppressed here too; a difference is only given between two values the viewer sees,
 * and an explanation beside a suppressed value is kept back with it (it may name the count).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { isIsoDate } from "../../lib/dates.ts";
import { ConflictError, isUniqueViolation } from "../../lib/errors.ts";
import { LENGTH, optionalText } from "../../lib/limits.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { actorOf } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { scopeSchema } from "./format.ts";
import { indicators, measurements, reconciliations, type Unit } from "./schema.ts";
import { displayValue, IndicatorNotFoundError, indicatorFigures, planFigures, type IndicatorView, type MeasurementView, requireFiguresEditor } from "./service.ts";

/** One source's value on one date in one area, as the viewer may see it. */
export interface SourceValue {
  /** Null when kept from this viewer (`suppressed`) or when the measurement has no number. */
  value: number | null;
  /** "20", "< 5". */
  display: string;
  suppressed: boolean;
}

export interface ReconciliationRow {
  date: string;
  /** The period as the measurements name it: "januari 2023". */
  label: string;
  scope: string;
  scopeName: string;
  /** Undefined when that source has no measurement for this date and area. */
  own: SourceValue | undefined;
  other: SourceValue | undefined;
  /** This source minus the other; only when the viewer sees both as numbers. */
  difference: number | null;
  /** "+2", "-1", "0"; "–" when there is no difference to show. */
  differenceDisplay: string;
  /** Whether the two sources give the same number; null when that cannot be said to this viewer. */
  agree: boolean | null;
  /** The explanation of the difference; null when there is none or it is kept back with a suppressed value. */
  explanation: string | null;
  /** The explanation's version to change it against; 0 when none has been written. */
  version: number;
}

export interface Reconciliation {
  plan: { slug: string; title: string };
  indicator: { slug: string; name: string; unit: Unit; direction: IndicatorView["direction"] };
  /** The other source; null when the indicator names none (or names one that is gone). */
  other: { slug: string; name: string } | null;
  /** Newest date first; per date the total first, then the areas by name. */
  rows: ReconciliationRow[];
  /** Whether the viewer sees the real values of small counts. */
  revealed: boolean;
  /** Whether the viewer may write explanations. */
  editable: boolean;
  /**
   * The other indicators of the items this one serves (how long children stay home, the pact
   * target): what a reader of the comparison wants beside it.
   */
  related: IndicatorView[];
}

const sourceValue = (m: MeasurementView): SourceValue => ({ value: m.value, display: m.display, suppressed: m.suppressed });

function signed(difference: number, unit: Unit): string {
  if (difference === 0) return "0";
  const text = displayValue(Math.abs(difference), unit);
  return `${difference > 0 ? "+" : "-"}${text}`;
}

/** The indicator and the one it is compared with, side by side per date and area, as the viewer may see them. */
export async function reconcile(db: Db, viewer: Viewer, planSlug: string, indicatorSlug: string): Promise<Reconciliation> {
  const own = await indicatorFigures(db, viewer, planSlug, indicatorSlug);
  const items = new Set(own.indicator.items.map((i) => i.id));
  const related = (await planFigures(db, viewer, planSlug)).indicators.filter(
    (i) => i.slug !== own.indicator.slug && i.slug !== own.indicator.compareWith && i.items.some((item) => items.has(item.id)),
  );
  const base: Omit<Reconciliation, "other" | "rows"> = {
    plan: own.plan,
    indicator: { slug: own.indicator.slug, name: own.indicator.name, unit: own.indicator.unit, direction: own.indicator.direction },
    revealed: own.revealed,
    editable: own.editable,
    related,
  };
  const [link] = await db.select({ compareWith: indicators.compareWith }).from(indicators).where(eq(indicators.id, own.indicator.id));
  const otherSlug = link?.compareWith ?? null;
  const other = otherSlug === null ? undefined : await indicatorFigures(db, viewer, planSlug, otherSlug).catch((error: unknown) => {
    if (error instanceof IndicatorNotFoundError) return undefined;
    throw error;
  });
  if (!other) return { ...base, other: null, rows: [] };

  const key = (m: { date: string; scope: string }) => `${m.date} ${m.scope}`;
  const byKey = new Map<string, { date: string; label: string; scope: string; scopeName: string; own?: MeasurementView; other?: MeasurementView }>();
  for (const [side, list] of [["own", own.indicator.measurements], ["other", other.indicator.measurements]] as const) {
    for (const m of list) {
      const entry = byKey.get(key(m)) ?? { date: m.date, label: m.label, scope: m.scope, scopeName: m.scopeName };
      entry[side] = m;
      byKey.set(key(m), entry);
    }
  }
  const explanations = new Map(
    (await db.select().from(reconciliations).where(eq(reconciliations.indicatorId, own.indicator.id))).map((r) => [key(r), r]),
  );
  const rows = [...byKey.values()].map((entry): ReconciliationRow => {
    const a = entry.own;
    const b = entry.other;
    const seen = (m: MeasurementView | undefined) => m !== undefined && !m.suppressed && m.value !== null;
    const difference = seen(a) && seen(b) ? a!.value! - b!.value! : null;
    const saved = explanations.get(key(entry));
    const keptBack = Boolean(a?.suppressed || b?.suppressed);
    return {
      date: entry.date,
      label: entry.label,
      scope: entry.scope,
      scopeName: entry.scopeName,
      own: a && sourceValue(a),
      other: b && sourceValue(b),
      difference,
      differenceDisplay: difference === null ? "–" : signed(difference, own.indicator.unit),
      agree: difference === null ? null : difference === 0,
      explanation: keptBack ? null : (saved?.explanation ?? null),
      version: saved?.version ?? 0,
    };
  });
  rows.sort(
    (x, y) =>
      y.date.localeCompare(x.date) || Number(y.scope === "totaal") - Number(x.scope === "totaal") || x.scopeName.localeCompare(y.scopeName, "nl"),
  );
  return { ...base, other: { slug: other.indicator.slug, name: other.indicator.name }, rows };
}

/** The plan's indicators with what each is compared with, for the indicator form's choice "Vergelijken met". */
export async function comparableIndicators(db: Db, planId: number): Promise<{ slug: string; name: string; unit: Unit; compareWith: string | null }[]> {
  return db
    .select({ slug: indicators.slug, name: indicators.name, unit: indicators.unit, compareWith: indicators.compareWith })
    .from(indicators)
    .where(eq(indicators.planId, planId))
    .orderBy(asc(indicators.position), asc(indicators.id));
}

/** The one check of an explanation, from the form or any other caller. */
export const explanationInputSchema = z.object({
  date: z.string({ error: "Peildatum: vul een datum in." }).refine(isIsoDate, "Peildatum: vul een geldige datum in."),
  scope: z.string({ error: "Gebied: geef 'totaal' of '<indeling>:<sleutel>'." }).trim().toLowerCase().pipe(scopeSchema),
  explanation: optionalText("Toelichting", LENGTH.note),
  /** The version the explanation was read at; 0 when there was none. */
  version: z.int("Versie: geef een heel getal.").min(0, "Versie: geef een heel getal."),
});
export type ExplanationInput = z.input<typeof explanationInputSchema>;

/**
 * Saves the explanation of the difference between the two sources on one date in one area, if
 * nobody changed it since `version`. Plan editors only. An empty explanation clears it.
 */
export async function saveExplanation(db: Db, viewer: Viewer, planSlug: string, indicatorSlug: string, input: ExplanationInput): Promise<{ version: number }> {
  const gate = await requireFiguresEditor(db, viewer, planSlug);
  const parsed = explanationInputSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("toelichting", parsed.error));
  const data = parsed.data;
  const [indicator] = await db
    .select({ id: indicators.id, name: indicators.name, compareWith: indicators.compareWith })
    .from(indicators)
    .where(and(eq(indicators.planId, gate.id), eq(indicators.slug, indicatorSlug)));
  if (!indicator) throw new IndicatorNotFoundError();
  if (indicator.compareWith === null) throw new InputError([{ file: "toelichting", path: "", message: "Deze indicator is met geen andere bron verbonden." }]);
  const pair = await db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.planId, gate.id), inArray(indicators.slug, [indicatorSlug, indicator.compareWith])));
  const [measured] = await db
    .select({ id: measurements.id })
    .from(measurements)
    .where(and(inArray(measurements.indicatorId, pair.map((p) => p.id)), eq(measurements.date, data.date), eq(measurements.scope, data.scope)))
    .limit(1);
  if (!measured) throw new InputError([{ file: "toelichting", path: "date", message: "Peildatum: geen van beide bronnen heeft een meting op deze datum in dit gebied." }]);

  const stale = () => new ConflictError("Deze toelichting is intussen door iemand anders gewijzigd. Lees de nieuwe toelichting en sla dan opnieuw op.");
  const updatedBy = actorOf(viewer).actor;
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const where = and(eq(reconciliations.indicatorId, indicator.id), eq(reconciliations.date, data.date), eq(reconciliations.scope, data.scope));
      const [current] = await t.select().from(reconciliations).where(where).for("update");
      if ((current?.version ?? 0) !== data.version) throw stale();
      const [row] = current
        ? await t
            .update(reconciliations)
            .set({ explanation: data.explanation, version: current.version + 1, updatedBy, updatedAt: new Date() })
            .where(eq(reconciliations.id, current.id))
            .returning()
        : await t.insert(reconciliations).values({ indicatorId: indicator.id, date: data.date, scope: data.scope, explanation: data.explanation, updatedBy }).returning();
      await record(t, viewer, {
        action: "verschil-toegelicht",
        entityType: "indicator",
        entityId: indicator.id,
        planId: gate.id,
        summary: `Verschil tussen twee bronnen toegelicht bij '${indicator.name}' (${data.date}, ${data.scope})`,
        before: current ? { explanation: current.explanation } : null,
        after: { date: data.date, scope: data.scope, explanation: data.explanation },
      });
      return { version: row!.version };
    });
  } catch (error) {
    // Two first explanations at once: the second finds the row the first made.
    if (isUniqueViolation(error)) throw stale();
    throw error;
  }
}
