/**
 * The exchange format of a plan's figures: `data/figures/<plan-slug>.yaml` holds the
 * indicators of one plan (what is measured, for which items) with their 0-meting,
 * targets and measurements, each figure with the exact words of the source document
 * it stands in. Every field is validated here, so a bad file is refused with the
 * path of the field that is wrong and a Dutch message.
 */
import { z } from "zod";
import { slug, SLUG_PATTERN } from "../../lib/slug.ts";
import { LENGTH, tooLong, tooMany } from "../../lib/limits.ts";
import "../../lib/zod-nl.ts";
import { escapeRegExp } from "../../lib/escape.ts";

/** Non-empty text of at most `max` characters; files keep their text as written (no trimming). */
const limited = (label: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${label}: vul dit in.` : `${label}: geef een tekst.`) })
    .min(1, `${label}: vul dit in.`)
    .max(max, tooLong(label, max));
/** A list of at most `max` entries. */
const upTo = <T extends z.ZodType>(schema: T, label: string, max: number) => z.array(schema).max(max, tooMany(label, max));

const isoDate = (label: string) =>
  z.iso.date({ error: (issue) => (issue.input === undefined ? `${label}: vul een datum in (JJJJ-MM-DD).` : `${label}: geef een datum als JJJJ-MM-DD.`) });

/** Most entries per list in one figures file (these lists exist only here, so their limits live here). */
export const FIGURE_COUNT = {
  indicators: 500,
  measurements: 2_000,
  targets: 50,
  /** Items one indicator serves: as many as the links of one item. */
  items: 50,
} as const;

/** What a value counts. `tekst` is qualitative: measured by narrative, never by a number. */
export const indicatorUnits = ["aantal", "percentage", "euro", "dagen", "score", "tekst"] as const;
export type IndicatorUnit = (typeof indicatorUnits)[number];

/** Which way is better. */
export const indicatorDirections = ["lager", "hoger", "geen"] as const;

/** How often it is measured; `peildata` is four fixed dates a year. */
export const indicatorFrequencies = ["peildata", "kwartaal", "jaar", "schooljaar", "eenmalig", "onbekend"] as const;

/** The ways a figure can be split; a measurement's scope names one of them. */
export const breakdowns = ["gemeente", "swv", "regio", "schoolsoort", "school", "leeftijd"] as const;
export type Breakdown = (typeof breakdowns)[number];

/** Keys of the `schoolsoort` breakdown. */
export const schoolTypes = ["vve", "po", "sbo", "so", "vo", "pro", "vso", "mbo", "regulier", "gespecialiseerd"] as const;

/** Breakdowns whose key is an organisation slug (data/organisations), and the one whose key is a region slug. */
export const organisationBreakdowns: readonly Breakdown[] = ["gemeente", "swv", "school"];
export const regionBreakdowns: readonly Breakdown[] = ["regio"];

/** Fields of an indicator that are Koers's reading: item links the document does not make, a unit or frequency it does not state. */
export const indicatorInterpretations = ["items", "unit", "frequency"] as const;
/** Fields of a measurement, 0-meting or target that are Koers's reading: the date for "januari 2023", a scope, a label. */
export const measurementInterpretations = ["label", "date", "scope"] as const;

/** A list of interpreted fields; left out when there are none, so that export and import agree. */
const interpretedList = <const T extends readonly [string, ...string[]]>(fields: T) =>
  z
    .array(z.enum(fields, { error: `kies uit ${fields.join(", ")}` }))
    .min(1, "laat 'interpreted' weg als niets geïnterpreteerd is")
    .optional();

const SCOPE_PATTERN = new RegExp(`^(?:totaal|(?:${breakdowns.join("|")}):${SLUG_PATTERN.source.slice(1, -1)})$`);

/** "totaal", or "<breakdown>:<key>": "swv:swv-po-ijmond", "schoolsoort:po", "gemeente:velsen". */
export const scopeSchema = z
  .string({ error: "Bereik: geef 'totaal' of '<indeling>:<sleutel>'." })
  .max(LENGTH.name, tooLong("Bereik", LENGTH.name))
  .regex(SCOPE_PATTERN, `Bereik: geef 'totaal' of '<indeling>:<sleutel>' met als indeling ${breakdowns.join(", ")} (bijvoorbeeld swv:swv-po-ijmond).`);

/** The breakdown and key of a scope, or undefined for "totaal". */
export function parseScope(scope: string): { breakdown: Breakdown; key: string } | undefined {
  if (scope === "totaal") return undefined;
  const [breakdown, key] = scope.split(":", 2) as [Breakdown, string];
  return { breakdown, key };
}

/** A source document in data/sources. */
const sourceFile = z
  .string({ error: "Brondocument: geef de bestandsnaam in data/sources." })
  .max(LENGTH.name, tooLong("Brondocument", LENGTH.name))
  .regex(/^[\w.-]+\.txt$/, "Brondocument: geef de bestandsnaam in data/sources (eindigt op .txt).");

const quoteText = limited("Citaat", LENGTH.phrase);

const value = z.number({ error: "Waarde: geef een getal (een percentage zoals geschreven: 1.96 voor 1,96%)." }).finite();

/** One figure as a document reports it. */
export const measurementSchema = z.strictObject({
  /** The period or peildatum as the document says it: "januari 2023", "schooljaar 2021 – 2022". */
  label: limited("Periode", LENGTH.name),
  /** The date it stands for: the end of the period, or the peildatum. */
  date: isoDate("Datum"),
  scope: scopeSchema.default("totaal"),
  /** A number; a percentage as written (1.96 for 1,96%). Left out for unit `tekst` and for a figure the document gives only in words ("alle scholen"). */
  value: value.optional(),
  /** The narrative of a qualitative measurement, or the document's words beside a number. */
  text: limited("Tekst", LENGTH.note).optional(),
  /** Where the figure comes from, as the document says ("gemeld bij de inspectie"), else the document's title. */
  source: limited("Herkomst", LENGTH.name),
  /** The document the quote is from, when it is not the plan's own source (an evaluation's source). */
  sourceFile: sourceFile.optional(),
  provisional: z.boolean({ error: "Voorlopig: geef true of false." }).default(false),
  /** The exact words of the source document in which this figure stands. */
  quote: z
    .string({ error: (issue) => (issue.input === undefined ? "Citaat: elke meting heeft de letterlijke woorden uit het brondocument." : "Citaat: geef een tekst.") })
    .pipe(quoteText),
  /** Koers's explanation of a reading (why this date, what the scope means). */
  note: limited("Toelichting", LENGTH.phrase).optional(),
  interpreted: interpretedList(measurementInterpretations),
});
export type MeasurementFile = z.infer<typeof measurementSchema>;

/** A 0-meting or a target: a value, or words when the document sets no number ("binnen 3 maanden"). */
export const referenceSchema = z
  .strictObject({
    value: value.optional(),
    text: limited("Tekst", LENGTH.phrase).optional(),
    date: isoDate("Datum").optional(),
    label: limited("Periode", LENGTH.name),
    note: limited("Toelichting", LENGTH.phrase).optional(),
    /** The document's words that set it; optional, but when present it is held to the source like a measurement's. */
    quote: quoteText.optional(),
    sourceFile: sourceFile.optional(),
    interpreted: interpretedList(measurementInterpretations),
  })
  .refine((r) => r.value !== undefined || r.text !== undefined, { message: "geef een waarde (value) of een tekst (text)" });
export type ReferenceFile = z.infer<typeof referenceSchema>;

export const indicatorSchema = z
  .strictObject({
    slug,
    /** Koers's short name for what is measured. */
    name: limited("Naam", LENGTH.name),
    /** What is counted, in the document's words where it has them. */
    definition: limited("Definitie", LENGTH.phrase).optional(),
    unit: z.enum(indicatorUnits, { error: `Eenheid: kies uit ${indicatorUnits.join(", ")}.` }),
    direction: z.enum(indicatorDirections, { error: `Richting: kies uit ${indicatorDirections.join(", ")}.` }),
    frequency: z.enum(indicatorFrequencies, { error: `Frequentie: kies uit ${indicatorFrequencies.join(", ")}.` }).default("onbekend"),
    breakdowns: z
      .array(z.enum(breakdowns, { error: `Indeling: kies uit ${breakdowns.join(", ")}.` }))
      .max(breakdowns.length, tooMany("Indelingen", breakdowns.length))
      .refine((b) => new Set(b).size === b.length, { message: "Indelingen: noem elke indeling één keer." })
      .default([]),
    /** Counts about children: small numbers are suppressed in public. */
    children: z.boolean({ error: "Kinderen: geef true of false." }).default(false),
    /** The plan items it serves, as references ("1.2", "2.1/3/3b"). */
    items: upTo(limited("Onderdeel", LENGTH.name), "Onderdelen", FIGURE_COUNT.items).default([]),
    /** The words in which the document names this indicator (a Monitoring or Indicator cell). */
    quote: quoteText.optional(),
    sourceFile: sourceFile.optional(),
    /** Koers's remark: what is not measured yet, how the indicator relates to another. */
    note: limited("Toelichting", LENGTH.phrase).optional(),
    baseline: referenceSchema.optional(),
    targets: upTo(referenceSchema, "Streefwaarden", FIGURE_COUNT.targets).default([]),
    measurements: upTo(measurementSchema, "Metingen", FIGURE_COUNT.measurements).default([]),
    interpreted: interpretedList(indicatorInterpretations),
    /** The slug of another indicator of the same plan that counts the same from another source (leerplicht/RMC, the municipalities). */
    compareWith: slug.optional(),
  })
  .superRefine((indicator, ctx) => {
    const qualitative = indicator.unit === "tekst";
    if (indicator.compareWith === indicator.slug) {
      ctx.addIssue({ code: "custom", path: ["compareWith"], message: "Vergelijken met: noem een andere indicator dan deze." });
    }
    const references: [ReferenceFile | undefined, (string | number)[]][] = [
      [indicator.baseline, ["baseline"]],
      ...indicator.targets.map((t, i): [ReferenceFile, (string | number)[]] => [t, ["targets", i]]),
    ];
    for (const [ref, path] of references) {
      if (ref && qualitative && ref.value !== undefined) {
        ctx.addIssue({ code: "custom", path: [...path, "value"], message: "Waarde: een indicator met eenheid 'tekst' heeft geen getal; beschrijf het in 'text'." });
      }
      if (ref?.value !== undefined) checkValue(indicator.unit, ref.value, [...path, "value"], ctx);
    }
    const seen = new Map<string, number>();
    indicator.measurements.forEach((m, i) => {
      if (qualitative && m.value !== undefined) {
        ctx.addIssue({ code: "custom", path: ["measurements", i, "value"], message: "Waarde: een indicator met eenheid 'tekst' heeft geen getal; beschrijf de meting in 'text'." });
      }
      if (m.value === undefined && m.text === undefined) {
        ctx.addIssue({ code: "custom", path: ["measurements", i], message: qualitative ? "Tekst: een kwalitatieve meting heeft een tekst." : "geef een waarde (value) of, als het document geen getal noemt, een tekst (text)" });
      }
      if (m.value !== undefined) checkValue(indicator.unit, m.value, ["measurements", i, "value"], ctx);
      const scope = parseScope(m.scope);
      if (scope && !indicator.breakdowns.includes(scope.breakdown)) {
        ctx.addIssue({ code: "custom", path: ["measurements", i, "scope"], message: `Bereik: indeling '${scope.breakdown}' staat niet in de indelingen van deze indicator (${indicator.breakdowns.join(", ") || "geen"}).` });
      }
      if (scope?.breakdown === "schoolsoort" && !(schoolTypes as readonly string[]).includes(scope.key)) {
        ctx.addIssue({ code: "custom", path: ["measurements", i, "scope"], message: `Bereik: schoolsoort '${scope.key}' bestaat niet; kies uit ${schoolTypes.join(", ")}.` });
      }
      const key = `${m.scope}@${m.date}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        ctx.addIssue({ code: "custom", path: ["measurements", i], message: `dubbele meting: measurements[${earlier}] heeft hetzelfde bereik (${m.scope}) en dezelfde datum (${m.date}).` });
      } else seen.set(key, i);
    });
  });
export type IndicatorFile = z.infer<typeof indicatorSchema>;

/** What is wrong with a value for an indicator of this unit, or undefined: the one rule for files, forms, the API and imports. */
export function valueProblem(unit: IndicatorUnit, v: number): string | undefined {
  if (unit === "aantal" && !(Number.isInteger(v) && v >= 0)) return `Waarde: een aantal is een heel getal van 0 of meer (nu ${v.toLocaleString("nl-NL")}).`;
  if (unit === "dagen" && v < 0) return `Waarde: een aantal dagen is 0 of meer (nu ${v.toLocaleString("nl-NL")}).`;
  return undefined;
}

function checkValue(unit: IndicatorUnit, v: number, path: (string | number)[], ctx: z.RefinementCtx) {
  const message = valueProblem(unit, v);
  if (message) ctx.addIssue({ code: "custom", path, message });
}

/** One file of data/figures: the indicators of one plan. */
export const figuresFileSchema = z
  .strictObject({
    /** Slug of the plan the indicators belong to. */
    plan: slug,
    indicators: upTo(indicatorSchema, "Indicatoren", FIGURE_COUNT.indicators).default([]),
  })
  .superRefine((file, ctx) => {
    const first = new Map<string, number>();
    file.indicators.forEach((indicator, i) => {
      const earlier = first.get(indicator.slug);
      if (earlier !== undefined) {
        ctx.addIssue({ code: "custom", path: ["indicators", i, "slug"], message: `'${indicator.slug}' komt al voor bij indicators[${earlier}]; een slug is uniek in het bestand.` });
      } else first.set(indicator.slug, i);
    });
  });
export type FiguresFile = z.infer<typeof figuresFileSchema>;

const NUMBER_WORDS: Record<number, string[]> = {
  0: ["nul", "geen", "nihil"],
  1: ["een", "één", "eén"],
  2: ["twee"],
  3: ["drie"],
  4: ["vier"],
  5: ["vijf"],
  6: ["zes"],
  7: ["zeven"],
  8: ["acht"],
  9: ["negen"],
  10: ["tien"],
  11: ["elf"],
  12: ["twaalf"],
  13: ["dertien"],
  14: ["veertien"],
  15: ["vijftien"],
  16: ["zestien"],
  17: ["zeventien"],
  18: ["achttien"],
  19: ["negentien"],
  20: ["twintig"],
};

/**
 * How a Dutch document writes `value`: decimal comma (1.96 → "1,96"), with or without
 * thousands dots (1500 → "1.500", "1500"), and small whole numbers also in words (2 → "twee").
 */
export function dutchForms(value: number): { digits: string[]; words: string[] } {
  const [whole, fraction] = Math.abs(value).toString().split(".") as [string, string | undefined];
  const sign = value < 0 ? "-" : "";
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const tail = fraction ? `,${fraction}` : "";
  const digits = [...new Set([`${sign}${whole}${tail}`, `${sign}${grouped}${tail}`])];
  return { digits, words: NUMBER_WORDS[value] ?? [] };
}

/** Whether `text` states `value` as a whole number token (not inside "2022" or "1,96"), or in words. */
export function statesValue(text: string, value: number): boolean {
  const { digits, words } = dutchForms(value);
  const asDigits = digits.some((d) => new RegExp(`(?<![\\d,.])${escapeRegExp(d)}(?![\\d]|[,.]\\d)`).test(text));
  const asWords = words.some((w) => new RegExp(`(?<!\\p{L})${escapeRegExp(w)}(?!\\p{L})`, "iu").test(text));
  return asDigits || asWords;
}
