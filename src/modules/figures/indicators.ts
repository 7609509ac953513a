/**
 * Making and changing an indicator of a plan: what is measured, how, for which items, with its
 * 0-meting and targets. One command with one schema for the form and any other caller; plan
 * editors only; an indicator changed meanwhile by someone else is refused (409).
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { ConflictError, isUniqueViolation } from "../../lib/errors.ts";
import { isIsoDate } from "../../lib/dates.ts";
import { LENGTH, optionalText, requiredText, tooMany } from "../../lib/limits.ts";
import { SLUG_PATTERN, slugNamed } from "../../lib/slug.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { liveItemsOf } from "../plans/access.ts";
import { items } from "../plans/schema.ts";
import { breakdowns, FIGURE_COUNT, indicatorDirections, indicatorFrequencies, indicatorUnits, valueProblem } from "./format.ts";
import { IndicatorNotFoundError, requireFiguresEditor } from "./service.ts";
import { indicatorItems, indicators, measurements, type Mark } from "./schema.ts";

const markInput = (label: string) =>
  z
    .object({
      value: z.number({ error: `${label}: vul een getal in.` }).finite(`${label}: vul een getal in.`).nullable().default(null),
      text: optionalText(`${label} in woorden`, LENGTH.phrase),
      label: requiredText(`${label}: periode`, LENGTH.name, `${label}: zeg wanneer, bijvoorbeeld "2024" of "einde schooljaar 2024-2025".`),
      date: z
        .string()
        .nullable()
        .default(null)
        .refine((d) => d === null || d === "" || isIsoDate(d), `${label}: geef een geldige datum.`)
        .transform((d) => d || null),
    })
    .refine((m) => m.value !== null || m.text !== null, { message: `${label}: geef een getal of beschrijf het in woorden.`, path: ["value"] });

/** The one check of a new or changed indicator. */
export const indicatorInputSchema = z.object({
  /** The version the change was made against; null for a new indicator. */
  version: z.int().min(1).nullable(),
  name: requiredText("Naam", LENGTH.name, "Naam: geef de indicator een naam."),
  definition: optionalText("Wat wordt er geteld", LENGTH.phrase),
  unit: z.enum(indicatorUnits, { error: "Eenheid: kies een eenheid." }),
  direction: z.enum(indicatorDirections, { error: "Richting: kies wat beter is." }),
  frequency: z.enum(indicatorFrequencies, { error: "Meetmomenten: kies hoe vaak er gemeten wordt." }),
  breakdowns: z.array(z.enum(breakdowns, { error: "Uitsplitsing: kies uit de lijst." })).transform((list) => [...new Set(list)]),
  children: z.boolean(),
  /** Item ids of this plan. */
  items: z.array(z.int()).max(FIGURE_COUNT.items, tooMany("Hoort bij", FIGURE_COUNT.items)).transform((list) => [...new Set(list)]),
  baseline: markInput("0-meting").nullable(),
  targets: z.array(markInput("Doel")).max(FIGURE_COUNT.targets, tooMany("Doelen", FIGURE_COUNT.targets)),
  /** The slug of another indicator of the plan that counts the same from another source; none when null or left out. */
  compareWith: z
    .string()
    .nullish()
    .transform((s) => s || null)
    .pipe(slugNamed("Vergelijken met").nullable()),
});
export type IndicatorInput = z.input<typeof indicatorInputSchema>;

const asMark = (m: z.output<ReturnType<typeof markInput>>): Mark => ({
  ...(m.value !== null && { value: m.value }),
  ...(m.text !== null && { text: m.text }),
  ...(m.date !== null && { date: m.date }),
  label: m.label,
});

/** A slug from a name: "Thuiszitters PO IJmond" → "thuiszitters-po-ijmond". */
export function slugFor(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return SLUG_PATTERN.test(slug) ? slug : "indicator";
}

/**
 * Saves an indicator: a new one when `slug` is undefined (its slug made from the name), else the
 * indicator with that slug, if nobody changed it since `input.version`. Returns its slug.
 */
export async function saveIndicator(db: Db, viewer: Viewer, planSlug: string, slug: string | undefined, input: IndicatorInput): Promise<{ slug: string; version: number }> {
  const gate = await requireFiguresEditor(db, viewer, planSlug);
  const parsed = indicatorInputSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("indicator", parsed.error));
  const data = parsed.data;
  const live = data.items.length
    ? new Set((await db.select({ id: items.id }).from(items).where(and(liveItemsOf(gate.id), inArray(items.id, data.items)))).map((r) => r.id))
    : new Set<number>();
  const unknown = data.items.filter((id) => !live.has(id));
  if (unknown.length > 0) throw new InputError([{ file: "indicator", path: "items", message: "Hoort bij: kies onderdelen van dit plan." }]);
  if (data.compareWith !== null) {
    const [other] = await db.select({ unit: indicators.unit }).from(indicators).where(and(eq(indicators.planId, gate.id), eq(indicators.slug, data.compareWith)));
    if (!other || other.unit === "tekst" || data.compareWith === slug) {
      throw new InputError([{ file: "indicator", path: "compareWith", message: "Vergelijken met: kies een andere indicator van dit plan die met een getal meet." }]);
    }
  }
  const fields = {
    name: data.name,
    definition: data.definition,
    unit: data.unit,
    direction: data.direction,
    frequency: data.frequency,
    breakdowns: data.breakdowns,
    children: data.children,
    baseline: data.baseline ? asMark(data.baseline) : null,
    targets: data.targets.map(asMark),
    compareWith: data.compareWith,
  };
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      let id: number;
      let saved: { slug: string; version: number };
      if (slug === undefined) {
        const base = slugFor(data.name);
        const taken = new Set((await t.select({ slug: indicators.slug }).from(indicators).where(eq(indicators.planId, gate.id))).map((r) => r.slug));
        let candidate = base;
        for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
        const [row] = await t.insert(indicators).values({ ...fields, planId: gate.id, slug: candidate, position: taken.size }).returning();
        id = row!.id;
        saved = { slug: row!.slug, version: row!.version };
      } else {
        const [current] = await t.select().from(indicators).where(and(eq(indicators.planId, gate.id), eq(indicators.slug, slug))).for("update");
        if (!current) throw new IndicatorNotFoundError();
        if (current.version !== data.version) {
          throw new ConflictError("Deze indicator is intussen door iemand anders gewijzigd. Open hem opnieuw, neem de wijzigingen over en sla dan op.");
        }
        // Its measurements must still fit the unit (a count is a whole number).
        const values = await t.select({ value: measurements.value }).from(measurements).where(eq(measurements.indicatorId, current.id));
        const misfit = values.find((m) => m.value !== null && valueProblem(data.unit, m.value));
        if (misfit) {
          throw new InputError([{ file: "indicator", path: "unit", message: `Eenheid: past niet bij de metingen van deze indicator (${valueProblem(data.unit, misfit.value!)!.replace(/^Waarde: /, "").replace(/\.$/, "")}).` }]);
        }
        // What the document said no longer holds once a person rewrites it.
        const [row] = await t
          .update(indicators)
          .set({ ...fields, interpreted: [], version: current.version + 1, updatedAt: new Date() })
          .where(eq(indicators.id, current.id))
          .returning();
        await t.delete(indicatorItems).where(eq(indicatorItems.indicatorId, current.id));
        id = current.id;
        saved = { slug: row!.slug, version: row!.version };
      }
      if (data.items.length > 0) await t.insert(indicatorItems).values(data.items.map((itemId, position) => ({ indicatorId: id, itemId, position })));
      await record(t, viewer, {
        action: slug === undefined ? "indicator-gemaakt" : "indicator-gewijzigd",
        entityType: "indicator",
        entityId: id,
        planId: gate.id,
        summary: `Indicator '${data.name}' ${slug === undefined ? "gemaakt" : "gewijzigd"} bij '${gate.title}'`,
        after: { ...fields, items: data.items },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("Er is tegelijk een indicator met dezelfde naam gemaakt. Kies een andere naam of open die indicator.");
    throw error;
  }
}
