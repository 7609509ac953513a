/**
 * Figures read and written: a plan's indicators with their measurements, shown to the
 * partners as they are and to everyone else with small counts about children suppressed
 * (lib/figures/suppression.ts), and measurements saved one at a time or imported as a
 * whole table, all rows or none.
 *
 * Who: whoever may read the plan reads its figures (published plans: everyone); the real
 * values of suppressed counts only whoever may read its internal content; plan editors
 * write them.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { together, type Db } from "../../db/client.ts";
import { formatDutchNumber } from "../../lib/figures/dutch.ts";
import { suppressTable } from "../../lib/figures/suppression.ts";
import { isIsoDate } from "../../lib/dates.ts";
import { groupBy } from "../../lib/group-by.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { LENGTH, optionalText } from "../../lib/limits.ts";
import { InputError, zodProblems, type InputProblem } from "../../lib/validation.ts";
import { escapeRegExp } from "../../lib/escape.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { requirePlan } from "../plans/access.ts";
import { listOrganisations } from "../organisations/service.ts";
import { items } from "../plans/schema.ts";
import { scopeSchema, valueProblem } from "./format.ts";
import { indicatorItems, indicators, measurements, type Direction, type Frequency, type Mark, type Unit } from "./schema.ts";

export interface MeasurementView {
  id: number;
  date: string;
  label: string;
  scope: string;
  /** How the scope reads: "Totaal", "Gemeente Velsen", "PO". */
  scopeName: string;
  /** Null when there is none, or when it is kept from this viewer (`suppressed`). */
  value: number | null;
  /** The value as a page prints it: "2,37%", "20", "< 5". */
  display: string;
  suppressed: boolean;
  /** The narrative of a qualitative measurement. */
  narrative: string | null;
  source: string | null;
  note: string | null;
  provisional: boolean;
  quote: string | null;
  /** Who entered it (an e-mail address, or "import"/"systeem"); for the plan's partners only. */
  enteredBy: string | null;
  interpreted: string[];
  version: number;
}

export interface IndicatorView {
  id: number;
  slug: string;
  name: string;
  definition: string | null;
  unit: Unit;
  direction: Direction;
  frequency: Frequency;
  breakdowns: string[];
  children: boolean;
  baseline: Mark | null;
  targets: Mark[];
  interpreted: string[];
  /** Another indicator of the plan that counts the same from another source (reconciliation.ts). */
  compareWith: string | null;
  items: { id: number; code: string | null; title: string }[];
  /** Oldest first; per date the total first, then the breakdown cells. */
  measurements: MeasurementView[];
  version: number;
}

export interface PlanFigures {
  plan: { slug: string; title: string };
  indicators: IndicatorView[];
  /** Whether the viewer sees the real values of small counts. */
  revealed: boolean;
  /** Whether the viewer may make and change indicators and enter measurements. */
  editable: boolean;
}

/** The plan, if the viewer may change its figures (its editors): the one guard of every figures write and form. */
export const requireFiguresEditor = (db: Db, viewer: Viewer, planSlug: string) =>
  requirePlan(db, viewer, planSlug, "edit", { refusal: "U mag de cijfers van dit plan niet wijzigen." });

export class IndicatorNotFoundError extends NotFoundError {
  constructor() {
    super("Deze indicator bestaat niet bij dit plan.");
  }
}

/** "2,37%", "€ 1.234", "20"; a qualitative indicator has no number. */
export function displayValue(value: number | null, unit: Unit): string {
  if (value === null) return "–";
  if (unit === "percentage") return formatDutchNumber(value, { percent: true });
  if (unit === "euro") return `€ ${formatDutchNumber(value)}`;
  return formatDutchNumber(value);
}

/** A 0-meting or target as text: its value, or the document's words where it sets no number. */
export const markDisplay = (mark: Mark, unit: Unit) => (mark.value === undefined ? (mark.text ?? "") : displayValue(mark.value, unit));

/** Shows counts about children as the viewer may see them: per date, the cells and the total together. */
function shown(indicator: { unit: Unit; children: boolean }, rows: (typeof measurements.$inferSelect)[], revealed: boolean) {
  const guarded = indicator.children && indicator.unit === "aantal" && !revealed;
  const result = new Map<number, { value: number | null; display: string; suppressed: boolean }>();
  if (!guarded) {
    for (const r of rows) result.set(r.id, { value: r.value, display: displayValue(r.value, indicator.unit), suppressed: false });
    return result;
  }
  const byDate = groupBy(rows, (r) => r.date);
  for (const sameDate of byDate.values()) {
    const total = sameDate.find((r) => r.scope === "totaal");
    const cells = sameDate.filter((r) => r.scope !== "totaal");
    const table = suppressTable({ cells: cells.map((r) => ({ key: String(r.id), value: r.value })), total: total ? total.value : undefined });
    for (const cell of table.cells) result.set(Number(cell.key), { value: cell.value, display: cell.text, suppressed: cell.suppressed });
    if (total && table.total) result.set(total.id, { value: table.total.value, display: table.total.text, suppressed: table.total.suppressed });
  }
  return result;
}

async function scopeNames(db: Db): Promise<(scope: string) => string> {
  const names = new Map((await listOrganisations(db)).map((o) => [o.slug, o.name]));
  return (scope) => {
    if (scope === "totaal") return "Totaal";
    const [kind, key] = scope.split(":") as [string, string];
    if (kind === "schoolsoort") return key.toUpperCase();
    return names.get(key) ?? key;
  };
}

async function readIndicators(db: Db, planId: number, revealed: boolean, only?: string): Promise<IndicatorView[]> {
  const rows = await db
    .select()
    .from(indicators)
    .where(only === undefined ? eq(indicators.planId, planId) : and(eq(indicators.planId, planId), eq(indicators.slug, only)))
    .orderBy(asc(indicators.position), asc(indicators.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [itemRows, measurementRows, nameOf] = await together(db, [
    () => db
      .select({ indicatorId: indicatorItems.indicatorId, id: items.id, code: items.code, title: items.title })
      .from(indicatorItems)
      .innerJoin(items, eq(items.id, indicatorItems.itemId))
      .where(inArray(indicatorItems.indicatorId, ids))
      .orderBy(asc(indicatorItems.position)),
    () => db.select().from(measurements).where(inArray(measurements.indicatorId, ids)).orderBy(asc(measurements.date), asc(measurements.scope)),
    () => scopeNames(db),
  ] as const);
  const itemsOf = groupBy(itemRows, (r) => r.indicatorId);
  const measurementsOf = groupBy(measurementRows, (r) => r.indicatorId);
  return rows.map((r) => {
    const own = (measurementsOf.get(r.id) ?? []).sort((a, b) => a.date.localeCompare(b.date) || Number(b.scope === "totaal") - Number(a.scope === "totaal"));
    const values = shown(r, own, revealed);
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      definition: r.definition,
      unit: r.unit,
      direction: r.direction,
      frequency: r.frequency,
      breakdowns: r.breakdowns,
      children: r.children,
      baseline: r.baseline ?? null,
      targets: r.targets,
      interpreted: r.interpreted,
      compareWith: r.compareWith ?? null,
      items: (itemsOf.get(r.id) ?? []).map(({ id, code, title }) => ({ id, code, title })),
      measurements: own.map((m) => {
        const value = values.get(m.id)!;
        // Words beside a suppressed count may hold the count itself: they are kept back with it.
        const words = (text: string | null) => (value.suppressed ? null : text);
        return {
        id: m.id,
        date: m.date,
        label: m.label,
        scope: m.scope,
        scopeName: nameOf(m.scope),
        ...value,
        narrative: words(m.text),
        source: m.source,
        note: words(m.note),
        provisional: m.provisional,
        quote: words(m.quote),
        enteredBy: revealed ? m.enteredBy : null,
        interpreted: m.interpreted,
        version: m.version,
        };
      }),
      version: r.version,
    };
  });
}

/** Every indicator of a plan with its measurements, as the viewer may see them. */
export async function planFigures(db: Db, viewer: Viewer, planSlug: string): Promise<PlanFigures> {
  const gate = await requirePlan(db, viewer, planSlug, "read");
  const revealed = gate.may.readInternal;
  return { plan: { slug: gate.slug, title: gate.title }, indicators: await readIndicators(db, gate.id, revealed), revealed, editable: gate.may.edit };
}

/** One indicator of a plan. */
export async function indicatorFigures(db: Db, viewer: Viewer, planSlug: string, indicatorSlug: string): Promise<PlanFigures & { indicator: IndicatorView }> {
  const gate = await requirePlan(db, viewer, planSlug, "read");
  const revealed = gate.may.readInternal;
  const [indicator] = await readIndicators(db, gate.id, revealed, indicatorSlug);
  if (!indicator) throw new IndicatorNotFoundError();
  return { plan: { slug: gate.slug, title: gate.title }, indicators: [indicator], indicator, revealed, editable: gate.may.edit };
}

/** What stands in a text instead of the document's words that hold a count kept from the reader. */
export const KEPT_BACK = "[Hier staat een aantal kinderen kleiner dan 5; Koers toont het niet, zodat geen kind te herkennen is.]";

/**
 * The document's words that hold a count this viewer may not see (the quotes of suppressed
 * measurements), for texts that repeat them: an evaluation's results, a plan's sections.
 * Nothing for whoever may see the real values.
 */
export async function keptBackWords(db: Db, viewer: Viewer, planSlug: string): Promise<string[]> {
  const gate = await requirePlan(db, viewer, planSlug, "read");
  if (gate.may.readInternal) return [];
  return wordsKeptBack(db, await readIndicators(db, gate.id, false));
}

/**
 * A plan's figures as they may be handed on, whoever asks: a report goes to a meeting and from
 * there to anyone, so small counts about children are kept back in it, with the words that hold them.
 * `confidential`: the real values, for a report marked confidential; only for the plan's partners.
 */
export async function figuresToHandOn(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  options: { confidential?: boolean } = {},
): Promise<{ indicators: IndicatorView[]; keptBack: string[] }> {
  const gate = await requirePlan(db, viewer, planSlug, options.confidential ? "read-internal" : "read");
  const list = await readIndicators(db, gate.id, Boolean(options.confidential));
  return { indicators: list, keptBack: options.confidential ? [] : await wordsKeptBack(db, list) };
}

async function wordsKeptBack(db: Db, list: IndicatorView[]): Promise<string[]> {
  const rows = await db
    .select({ id: measurements.id, quote: measurements.quote })
    .from(measurements)
    .where(inArray(measurements.id, list.flatMap((i) => i.measurements.filter((m) => m.suppressed).map((m) => m.id)).concat(-1)));
  return rows.flatMap((r) => (r.quote ? [r.quote] : []));
}


/** `text` with each of `words` (matched across any white space and line breaks) replaced by KEPT_BACK. */
export function withoutWords(text: string, words: readonly string[]): string {
  let result = text;
  for (const quote of words) {
    const pattern = new RegExp(quote.trim().split(/\s+/).map(escapeRegExp).join("\\s+"), "g");
    result = result.replace(pattern, KEPT_BACK);
  }
  return result;
}

/** The indicators with a number that one item is measured by, with their measurements: for the progress form of that item. */
export async function indicatorsOfItem(db: Db, viewer: Viewer, planSlug: string, itemId: number): Promise<IndicatorView[]> {
  const { indicators: list } = await planFigures(db, viewer, planSlug);
  return list.filter((i) => i.unit !== "tekst" && i.items.some((item) => item.id === itemId));
}

/** The indicators per item of a plan, for the plan page: item id → indicators with their latest total. */
export async function indicatorsByItem(db: Db, viewer: Viewer, planSlug: string): Promise<Map<number, IndicatorView[]>> {
  const { indicators: list } = await planFigures(db, viewer, planSlug);
  const byItem = new Map<number, IndicatorView[]>();
  for (const indicator of list) for (const item of indicator.items) byItem.set(item.id, [...(byItem.get(item.id) ?? []), indicator]);
  return byItem;
}

/** One measurement as a form, the API and an import row give it: the only check of what they send. */
export const measurementInputSchema = z.object({
  date: z.string({ error: "Peildatum: vul een datum in." }).refine(isIsoDate, "Peildatum: vul een geldige datum in, bijvoorbeeld 01-10-2023."),
  label: optionalText("Periode", LENGTH.name),
  scope: z
    .string({ error: "Bereik: geef 'totaal' of '<indeling>:<sleutel>'." })
    .trim()
    .toLowerCase()
    .default("totaal")
    .transform((s) => s || "totaal")
    .pipe(scopeSchema),
  value: z.number({ error: "Waarde: vul een getal in." }).finite("Waarde: vul een getal in.").nullable().default(null),
  text: optionalText("Toelichting bij de waarde", LENGTH.text),
  source: optionalText("Bron", LENGTH.phrase),
  note: optionalText("Opmerking", LENGTH.note),
  provisional: z.boolean({ error: "Voorlopig: ja of nee." }).default(false),
});
export type MeasurementInput = z.input<typeof measurementInputSchema>;

const labelOf = (date: string) => date.split("-").reverse().join("-");
const WRITE_BATCH = 1_000;

/**
 * Saves measurements of one plan's indicators: every row, or none when one is wrong. A row for
 * an indicator, date and area that already has a value replaces it. `rows` name their
 * indicator by slug; `row` is how the problem report names each (a spreadsheet row number).
 */
export async function saveMeasurements(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  rows: readonly { row: string; indicator: string; input: MeasurementInput }[],
  options: { file?: string; dryRun?: boolean; forItem?: number } = {},
): Promise<{ saved: number; rows: { row: string; indicator: string; measurement: z.output<typeof measurementInputSchema> }[] }> {
  // Plan editors enter any figures; whoever may write an item's progress, those of the indicators that item is measured by.
  const gate =
    options.forItem === undefined
      ? await requireFiguresEditor(db, viewer, planSlug)
      : await requirePlan(db, viewer, planSlug, "edit-item", { item: options.forItem, refusal: "U mag de cijfers van dit onderdeel niet bijwerken." });
  const file = options.file ?? "cijfers";
  if (rows.length === 0) throw new InputError([{ file, path: "", message: "Geen metingen: geef minstens één rij met een indicator, een datum en een waarde." }]);
  const served = options.forItem === undefined ? undefined : db.select({ id: indicatorItems.indicatorId }).from(indicatorItems).where(eq(indicatorItems.itemId, options.forItem));
  const known = new Map(
    (
      await db
        .select({ id: indicators.id, slug: indicators.slug, unit: indicators.unit })
        .from(indicators)
        .where(and(eq(indicators.planId, gate.id), served && inArray(indicators.id, served)))
    ).map((i) => [i.slug, i]),
  );
  const problems: InputProblem[] = [];
  const checked: { row: string; indicator: string; id: number; measurement: z.output<typeof measurementInputSchema> }[] = [];
  const seen = new Set<string>();
  for (const { row, indicator, input } of rows) {
    const target = known.get(indicator.trim().toLowerCase());
    if (!target) {
      problems.push({ file, path: `${row}, indicator`, message: `Indicator: '${indicator}' hoort niet bij dit ${options.forItem === undefined ? "plan" : "onderdeel"}.` });
      continue;
    }
    const parsed = measurementInputSchema.safeParse(input);
    if (!parsed.success) {
      for (const p of zodProblems(file, parsed.error)) problems.push({ ...p, path: `${row}, ${p.path}` });
      continue;
    }
    const m = parsed.data;
    if (target.unit !== "tekst" && m.value === null) problems.push({ file, path: `${row}, value`, message: "Waarde: vul een getal in." });
    const wrong = m.value === null ? undefined : valueProblem(target.unit, m.value);
    if (wrong) problems.push({ file, path: `${row}, value`, message: wrong });
    const key = `${target.id} ${m.date} ${m.scope}`;
    if (seen.has(key)) problems.push({ file, path: row, message: `Deze rij noemt dezelfde indicator, datum en hetzelfde gebied als een rij erboven.` });
    seen.add(key);
    checked.push({ row, indicator: target.slug, id: target.id, measurement: m });
  }
  if (problems.length > 0) throw new InputError(problems);
  const result = { saved: checked.length, rows: checked.map(({ row, indicator, measurement }) => ({ row, indicator, measurement })) };
  if (options.dryRun || checked.length === 0) return result;
  const enteredBy = viewer.kind === "user" ? viewer.email : viewer.kind;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // In batches (an import may have a hundred thousand rows), each batch as one JSON parameter:
    // with a parameter per field, building the statement took longer than running it
    // (docs/performance/figures.md).
    for (let from = 0; from < checked.length; from += WRITE_BATCH) {
      const batch = checked.slice(from, from + WRITE_BATCH).map(({ id, measurement: m }) => ({
        indicator_id: id,
        date: m.date,
        label: m.label ?? labelOf(m.date),
        scope: m.scope,
        value: m.value,
        text: m.text,
        source: m.source,
        note: m.note,
        provisional: m.provisional,
        entered_by: enteredBy,
      }));
      await t.execute(sql`
        insert into ${measurements} (indicator_id, date, label, scope, value, text, source, note, provisional, entered_by)
        select indicator_id, date, label, scope, value, text, source, note, provisional, entered_by
        from json_to_recordset(${JSON.stringify(batch)}::json) as r(indicator_id integer, date date, label text, scope text,
          value double precision, text text, source text, note text, provisional boolean, entered_by text)
        on conflict (indicator_id, date, scope) do update set
          value = excluded.value, label = excluded.label, text = excluded.text, source = excluded.source, note = excluded.note,
          provisional = excluded.provisional, entered_by = excluded.entered_by, version = ${measurements}.version + 1, updated_at = now()`);
    }
    await record(t, viewer, {
      action: "cijfers-ingevoerd",
      entityType: "plan",
      entityId: gate.id,
      planId: gate.id,
      summary: `${checked.length} ${checked.length === 1 ? "meting" : "metingen"} ingevoerd bij '${gate.title}'`,
      after: { rows: checked.slice(0, 1_000).map(({ indicator, measurement: m }) => ({ indicator, date: m.date, scope: m.scope, value: m.value })), ...(checked.length > 1_000 && { more: checked.length - 1_000 }) },
    });
  });
  return result;
}
