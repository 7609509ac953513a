/**
 * Timing: reads the Dutch "wanneer" text of a plan item as a period, relative to
 * the period of the plan it belongs to. No clock, no database; the only thing it
 * reads is the school holiday calendar in data/school-holidays.yaml, once, and
 * only for a text that names a school holiday (a caller may pass another calendar).
 *
 * parseWhen(text, planPeriod, options?) returns { text, start, end, kind, moments }:
 * `text` exactly as given, `start`/`end` inclusive ISO dates (or null), and
 * `kind` one of
 *   period      one stretch of time ("November-december 2025", "Q3 2025", "2023")
 *   moments     several moments, or one moment of a single day; `moments` lists
 *               them in the order of the text and start/end span them all
 *   continuous  the whole time ("doorlopend", "gedurende het schooljaar")
 *   from        from a moment to the end of the plan ("Start vanaf januari 2026",
 *               "na de zomervakantie")
 *   deadline    done by a known day, start open ("uiterlijk 1 maart 2026", "voor de
 *               zomervakantie"): `end` is the deadline, `start` the plan's start (or
 *               the deadline itself when that lies before the plan)
 *   undecided   not yet decided ("nader te bepalen"); start/end null
 *   unreadable  not understood; start/end null. Nothing is ever guessed: when any
 *               part of the text is not understood, the whole is unreadable.
 * `moments` is [] for every kind but "moments".
 * options.region ("noord", "midden" or "zuid"; default "noord", which includes all
 * of Noord-Holland) chooses whose herfst-, voorjaars- and zomervakantie count.
 *
 * THE RULES
 *
 * Months. Dutch names and abbreviations, any case, with or without a dot: januari
 * jan, februari feb febr, maart mrt, april apr, mei, juni jun, juli jul, augustus
 * aug, september sep sept, oktober okt, november nov, december dec. A month is
 * the whole month; "1 januari 2024" is that one day.
 *   "begin", "medio" (also "half", "midden", "halverwege") and "eind"/"einde" before
 *   a month are its days 1-10, 11-20 and 21-last ("eind september 2025" = 21-30
 *   September 2025).
 *
 * Missing year. A month (or day, quarter, half year, season) without a year:
 *   1. takes the year written later in the same range or list ("November-december
 *      2025", "sept/okt 2025", "Q3 en Q2 2026"); when the months run past the new
 *      year, the earlier ones fall in the year before ("november-februari 2026" =
 *      November 2025 to February 2026). Within a range, a year written only at the
 *      start carries forward ("september 2025 - juni" ends in June 2026);
 *   2. otherwise takes the one year that puts it entirely inside the plan period
 *      (plan August 2025 - July 2026: "september" = 2025, "maart" = 2026). When no
 *      year or more than one year does that (a plan of several years, "zomer" in a
 *      school-year plan), the text is unreadable. For a deadline ("voor maart") or
 *      an "after" ("na de kerstvakantie") it is the span that results that must fit
 *      inside the plan period.
 *
 * Ranges: "-", "–", "t/m", "tot en met" include the last part ("jan-dec" = all of
 * January to all of December); "tot" stops just before it ("januari tot maart" =
 * 1 January to the end of February). "/" between two consecutive months is a range
 * too ("sept/okt" = September-October); between other moments it lists them.
 * "vanaf X t/m Y" and "van X tot Y" are ranges too. A bare pair of consecutive
 * years ("2025-2026") is unreadable: it could be a school year or two calendar
 * years. "2024 t/m 2026" and "2022-2024" are years.
 *
 * Quarters and halves are calendar ones: Q1 / "eerste kwartaal" = January-March,
 * ... Q4 / "vierde" or "laatste kwartaal" = October-December; "eerste helft" =
 * January-June, "tweede helft" = July-December.
 *
 * Seasons (meteorological): voorjaar or lente = March-May, zomer = June-August,
 * najaar or herfst = September-November, winter = December-February. A winter
 * needs two years ("winter 2025-2026") or none; "winter 2025" is unreadable.
 *
 * Positions in a year. "begin"/"start", "medio"/"half"/"midden"/"halverwege" and
 * "eind"/"einde", also after "aan het", "in het", "bij de" and before "van":
 *   - with a calendar year: "begin 2024" = January-March, "medio 2024" = June-July,
 *     "eind 2023" = October-December;
 *   - with a school year ("schooljaar 2025-2026", "het schooljaar", or with a
 *     position word a bare "2025-2026"): begin = August-October 2025, medio =
 *     January-February 2026, eind = May-July 2026.
 *   "start" is a position only before a year or school year; before a month it is
 *   a filler word ("Start september 2025" = September 2025).
 *
 * School holidays: herfstvakantie, kerstvakantie, voorjaarsvakantie (also
 * krokusvakantie, carnavalsvakantie), meivakantie, zomervakantie, with the dates of
 * the region from data/school-holidays.yaml. With a calendar year, the holiday
 * that starts in that year ("kerstvakantie 2025" = 20 December 2025 - 4 January
 * 2026); with a school year ("kerstvakantie 2025-2026", "zomervakantie van
 * schooljaar 2025-2026"), that school year's; without a year, by rule 2. "zomer"
 * right after "voor", "tot" or "na" is the summer holiday too ("voor de zomer").
 * A holiday of a school year the calendar does not hold is unreadable.
 *
 * Deadlines, kind "deadline":
 *   "uiterlijk X", "t/m X", "tot en met X"  end on the last day of X;
 *   "voor X", "vóór X", "tot X", "uiterlijk voor X"  end on the day before X starts
 *       ("voor 1 maart 2026" = 28 February 2026, "voor de zomervakantie 2026" = the
 *       day before the summer holiday of the region starts), except before an end
 *       position: "voor eind 2025" and "voor het einde van het schooljaar" end on
 *       the last day (31 December 2025, 31 July).
 *
 * After, kind "from": "na X" runs from the day after X to the end of the plan ("na
 * de zomervakantie" in a plan of school year 2025-2026 = 25 August 2025 - 31 July
 * 2026). When that day lies after the plan, it is that one day.
 *
 * School year = 1 August to 31 July. "schooljaar 2024-2025" (or 2024/2025) is
 * 1 August 2024 - 31 July 2025; when the plan period itself is that school year
 * (it starts in July-September and ends in June-August of the next year), the
 * plan's own dates are used. "(het/dit) schooljaar" without years is the plan
 * period when the plan is a school year, otherwise the one school year that
 * overlaps the plan period (unreadable when that is more than one).
 *
 * Years: "2023", "in 2024" = 1 January - 31 December.
 *
 * Continuous, kind "continuous", span = the plan period: "doorlopend", "continu",
 * "permanent", "jaarrond", "te allen tijde", "(het) (ge)hele jaar (door)",
 * "gedurende het jaar", "gedurende de looptijd/periode/planperiode".
 * "gedurende" before any other time makes it continuous over that time
 * ("gedurende het schooljaar", "gedurende 2024").
 *
 * From, kind "from": "vanaf X" runs from the start of X to the end of the plan
 * ("Start vanaf januari 2026" = 2026-01-01 to the plan's end). When X starts after
 * the plan has ended, it runs to the end of X instead.
 *
 * One day: "per 1 januari 2024", "op 1 januari 2024" or "1 januari 2024" is a
 * moment of that single day (kind "moments" with one moment).
 *
 * Undecided, kind "undecided": "nader te bepalen", "nog te bepalen", "n.t.b.",
 * "t.z.t.", "te zijner tijd", "nog niet bekend", "nog niet gepland", "(nog)
 * onbekend". Mixed with a time ("n.t.b.; Q3 2025") the text is unreadable.
 *
 * Several moments. The text is cut into parts at line breaks, at ";" and at a
 * full stop followed by a capital; a list marker at the start of a line or after
 * ";" ("1.", "2 + 3.", "a)", "-", "•") is kept in the moment's text but not read.
 * Within a part, times are separated by ",", "en", "/", "&" or "+". More than one
 * time in all gives kind "moments": each moment is { text, start, end } with text
 * the words of the original belonging to it ("Evaluatie Q3 2025", "Q2 2026"), and
 * start/end of the whole span all moments. A "vanaf" moment runs to the plan end,
 * a "gedurende" moment over its time, a deadline from the plan's start.
 *
 * Filler. Besides the times and separators, a part may only contain these words,
 * which never change the timing: in, het, de, 't, van, op, tijdens, "in de loop
 * van", start, evaluatie, rapportage, oplevering, opgeleverd, afronding, afgerond,
 * gereed, klaar, vastgesteld, implementatie, inventarisatie, uitvoering,
 * voorbereiding, besluitvorming, and ":"; "dit" and "deze" only directly before a
 * time ("dit schooljaar"). "Start" marks when the time is, it does not make it
 * "from": "Start september 2025" is September 2025 (only "vanaf" does: "Start
 * vanaf januari 2026"). Any other word anywhere (an activity's name, "voor" or
 * "na" before something that is not a time, "rond", "binnen", "z.s.m.", "de
 * komende maanden", "eind van het jaar", a date in figures like 01-09-2025) makes
 * the whole text unreadable; so does a part without a time, two times not
 * separated ("2026 jan"), or a time that ends before it starts.
 *
 * Times written with an explicit year are kept even when they fall outside the
 * plan period (an evaluation after the plan has ended, a school year that began
 * before it).
 */
import {
  defaultHolidayRegion,
  holidayRegions,
  shippedSchoolHolidays,
  type HolidayName,
  type HolidayRegion,
  type SchoolHoliday,
  type SchoolHolidayCalendar,
} from "./school-holidays.ts";
import { addDays, daysInMonth, DUTCH_MONTHS, isIsoDate, isoDate as iso, monthOf, yearOf } from "../dates.ts";

export type WhenKind = "period" | "moments" | "continuous" | "from" | "deadline" | "undecided" | "unreadable";

export interface When {
  /** Exactly as given. */
  text: string;
  /** ISO date, inclusive; null when undecided or unreadable. */
  start: string | null;
  /** ISO date, inclusive; null when undecided or unreadable. */
  end: string | null;
  kind: WhenKind;
  /** The separate moments when kind is "moments"; [] otherwise. */
  moments: { text: string; start: string; end: string }[];
}

export interface PlanPeriod {
  start: string;
  end: string;
}

export interface WhenOptions {
  /** Whose school holidays count; "noord" (all of Noord-Holland) when not given. */
  region?: HolidayRegion | undefined;
  /** Another holiday calendar than data/school-holidays.yaml (tests). */
  holidays?: SchoolHolidayCalendar | undefined;
}

interface Span {
  start: string;
  end: string;
}

/** What placing a time needs besides the text: the plan period and the region's holidays. */
interface Context {
  plan: PlanPeriod;
  /** A holiday of the school year that starts in `schoolYear`, or the one that starts in calendar year `startYear`. */
  holiday(name: HolidayName, which: { schoolYear: number } | { startYear: number }): Span | null;
}

// ---------------------------------------------------------------- dates

/** `count` whole months from `firstMonth` of `year` (may run into the next year). */
function months(year: number, firstMonth: number, count: number): Span {
  const last = firstMonth + count - 1;
  const endYear = year + Math.floor((last - 1) / 12);
  const endMonth = ((last - 1) % 12) + 1;
  return { start: iso(year, firstMonth, 1), end: iso(endYear, endMonth, daysInMonth(endYear, endMonth)) };
}

function inside(span: Span, plan: PlanPeriod): boolean {
  return span.start >= plan.start && span.end <= plan.end;
}

function overlaps(span: Span, plan: PlanPeriod): boolean {
  return span.start <= plan.end && span.end >= plan.start;
}

/** A plan period shaped like a school year: starts July-September, ends June-August of the next year. */
function planIsSchoolYear(plan: PlanPeriod): boolean {
  return (
    yearOf(plan.end) === yearOf(plan.start) + 1 &&
    monthOf(plan.start) >= 7 &&
    monthOf(plan.start) <= 9 &&
    monthOf(plan.end) >= 6 &&
    monthOf(plan.end) <= 8
  );
}

// ---------------------------------------------------------------- words


const seasonWords: Record<string, 3 | 6 | 9 | 12> = { voorjaar: 3, lente: 3, zomer: 6, najaar: 9, herfst: 9, winter: 12 };

/** Ordinals; "laatste" is resolved by what it counts (quarter 4, half 2). */
const ordinalWords: Record<string, number | "last"> = {
  eerste: 1, "1e": 1, "1ste": 1,
  tweede: 2, "2e": 2, "2de": 2,
  derde: 3, "3e": 3, "3de": 3,
  vierde: 4, "4e": 4, "4de": 4,
  laatste: "last",
};

type Position = "begin" | "medio" | "eind";

const positionWords: Record<string, Position> = {
  begin: "begin", start: "begin",
  medio: "medio", half: "medio", midden: "medio", halverwege: "medio",
  eind: "eind", einde: "eind",
};

const holidayWords: Record<string, HolidayName> = {
  herfstvakantie: "herfstvakantie",
  kerstvakantie: "kerstvakantie",
  voorjaarsvakantie: "voorjaarsvakantie", krokusvakantie: "voorjaarsvakantie", carnavalsvakantie: "voorjaarsvakantie",
  meivakantie: "meivakantie",
  zomervakantie: "zomervakantie",
};

const determiners = new Set(["het", "de", "'t", "dit", "deze"]);
const separators = new Set([",", "en", "/", "&", "+"]);
const fillers = new Set([
  ":", "in", "het", "de", "'t", "van", "op", "tijdens",
  "start", "evaluatie", "rapportage", "oplevering", "opgeleverd", "afronding", "afgerond", "gereed", "klaar",
  "vastgesteld", "implementatie", "inventarisatie", "uitvoering", "voorbereiding", "besluitvorming",
]);
const undecidedPhrases = [
  ["nader", "te", "bepalen"], ["nog", "te", "bepalen"], ["ntb"], ["tzt"], ["te", "zijner", "tijd"],
  ["nog", "niet", "bekend"], ["nog", "niet", "gepland"], ["nog", "onbekend"], ["onbekend"],
];
const continuousPhrases = [["doorlopend"], ["continu"], ["continue"], ["permanent"], ["jaarrond"], ["te", "allen", "tijde"]];
const wholeYearWords = new Set(["hele", "gehele"]);
const planWords = new Set(["jaar", "looptijd", "periode", "planperiode"]);

// ---------------------------------------------------------------- text → parts → tokens

interface Part {
  /** The part as written (list marker kept, trailing full stop dropped). */
  text: string;
  /** Where reading starts: after the list marker. */
  bodyStart: number;
}

interface Token {
  value: string;
  start: number;
  end: number;
}

const listMarker = /^(?:\d{1,2}(?:\s*(?:\+|,|&|en)\s*\d{1,2})*\s*[.)]|[a-z]\)|[-•*–])\s+/i;

/** Cuts the text at line breaks, ";" and sentence ends (a full stop before a capital). */
function splitParts(text: string): Part[] {
  const parts: Part[] = [];
  for (const line of text.split(/\r?\n/)) {
    for (const chunk of line.split(";")) {
      const trimmed = chunk.trim();
      const marker = listMarker.exec(trimmed)?.[0] ?? "";
      const sentences = trimmed.slice(marker.length).split(/\.\s+(?=\p{Lu})/u);
      sentences.forEach((sentence, i) => {
        const body = sentence.replace(/[\s.]+$/, "");
        const prefix = i === 0 ? marker : "";
        if (body || prefix) parts.push({ text: prefix + body, bodyStart: prefix.length });
      });
    }
  }
  return parts;
}

const tokenPattern =
  /\bn\.\s*t\.\s*b\b\.?|\bt\.\s*z\.\s*t\b\.?|\bt\s*\/\s*m\b|\bq[1-4]\b|\b\d{1,2}(?:ste|de|e)\b|['’]t\b|[\p{L}\p{M}][\p{L}\p{M}'’]*|\d+|\S/giu;

function normalise(raw: string): string {
  const value = raw
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/’/g, "'")
    .replace(/[–—‐−]/g, "-")
    .replace(/\s+/g, "");
  return value === "." ? value : value.replace(/\./g, "");
}

function tokenize(part: Part): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = part.bodyStart;
  for (let match = tokenPattern.exec(part.text); match; match = tokenPattern.exec(part.text)) {
    tokens.push({ value: normalise(match[0]), start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

// ---------------------------------------------------------------- grammar

/** A calendar reference; `year` may be missing until it is filled in or resolved. */
type Point =
  | { type: "day"; month: number; day: number; year?: number }
  | { type: "month"; month: number; third?: Position; year?: number }
  | { type: "quarter"; quarter: number; year?: number }
  | { type: "half"; half: number; year?: number }
  | { type: "season"; firstMonth: 3 | 6 | 9 | 12; year?: number }
  | { type: "yearPart"; part: Position; year: number }
  | { type: "year"; year: number }
  | { type: "schoolYear"; year?: number; part?: Position }
  /** `year`: the calendar year it starts in ("zomervakantie 2026"); `schoolYear`: the first year of its school year. */
  | { type: "holiday"; name: HolidayName; year?: number; schoolYear?: number };

type Expr =
  | { type: "point"; point: Point }
  | { type: "range"; from: Point; to: Point; exclusive: boolean }
  | { type: "plan" }
  | { type: "undecided" };

/**
 * How a time applies: in it, during it ("gedurende"), from its start ("vanaf"), from
 * after it ("na"), done by its end ("uiterlijk", "t/m") or done before it ("voor", "tot").
 */
type Mode = "in" | "during" | "from" | "after" | "until" | "before";

interface Found<T> {
  value: T;
  next: number;
}

interface Piece {
  expr: Expr;
  mode: Mode;
  first: number;
  next: number;
}

/** Matches a fixed word sequence at i; returns the index after it or -1. */
function phrase(tokens: Token[], i: number, words: string[]): number {
  return words.every((word, k) => tokens[i + k]?.value === word) ? i + words.length : -1;
}

function firstPhrase(tokens: Token[], i: number, phrases: string[][]): number {
  for (const words of phrases) {
    const next = phrase(tokens, i, words);
    if (next >= 0) return next;
  }
  return -1;
}

function is(tokens: Token[], i: number, words: Set<string> | string): boolean {
  const value = tokens[i]?.value;
  return value !== undefined && (typeof words === "string" ? value === words : words.has(value));
}

function skipDeterminers(tokens: Token[], i: number): number {
  while (is(tokens, i, determiners)) i++;
  return i;
}

function readYear(tokens: Token[], i: number): Found<number> | null {
  const value = tokens[i]?.value;
  return value && /^(19|20)\d\d$/.test(value) ? { value: Number(value), next: i + 1 } : null;
}

/** An optional year, optionally after "van" ("het voorjaar van 2024"). */
function optionalYear(tokens: Token[], i: number): { year?: number; next: number } {
  const year = readYear(tokens, is(tokens, i, "van") ? i + 1 : i);
  return year ? { year: year.value, next: year.next } : { next: i };
}

/** "2024-2025" or "2024/2025": two consecutive years; returns the first. */
function readYearPair(tokens: Token[], i: number): Found<number> | null {
  const first = readYear(tokens, i);
  if (!first || !(is(tokens, first.next, "-") || is(tokens, first.next, "/"))) return null;
  const second = readYear(tokens, first.next + 1);
  return second && second.value === first.value + 1 ? { value: first.value, next: second.next } : null;
}

function readMonth(tokens: Token[], i: number): Found<number> | null {
  const month = DUTCH_MONTHS[tokens[i]?.value ?? ""];
  if (month === undefined) return null;
  return { value: month, next: is(tokens, i + 1, ".") ? i + 2 : i + 1 };
}

/**
 * The year of a holiday, if written: "2026", "2025-2026", "van 2026", "(van) (het) schooljaar
 * 2025-2026"; null for two years that are not one school year ("kerstvakantie 2025-2027").
 */
function holidayYear(tokens: Token[], i: number): { year?: number; schoolYear?: number; next: number } | null {
  const after = skipDeterminers(tokens, is(tokens, i, "van") ? i + 1 : i);
  const pair = readYearPair(tokens, is(tokens, after, "schooljaar") ? after + 1 : after);
  if (pair) return { schoolYear: pair.value, next: pair.next };
  const year = readYear(tokens, is(tokens, i, "van") ? i + 1 : i);
  if (!year) return { next: i };
  if ((is(tokens, year.next, "-") || is(tokens, year.next, "/")) && readYear(tokens, year.next + 1)) return null;
  return { year: year.value, next: year.next };
}

/**
 * What follows a position word ("begin", "medio", "eind", ...), after an optional "van"
 * and determiners: a month (not after "start"), a school year, a year pair (a school
 * year) or a calendar year.
 */
function readPosition(tokens: Token[], i: number): Found<Point> | null {
  const word = tokens[i]!.value;
  const position = positionWords[word]!;
  const j = skipDeterminers(tokens, is(tokens, i + 1, "van") ? i + 2 : i + 1);
  const month = word === "start" ? null : readMonth(tokens, j);
  if (month) {
    const year = readYear(tokens, month.next);
    return { value: { type: "month", month: month.value, third: position, year: year?.value }, next: year?.next ?? month.next };
  }
  if (is(tokens, j, "schooljaar")) {
    const pair = readYearPair(tokens, j + 1);
    return { value: { type: "schoolYear", year: pair?.value, part: position }, next: pair?.next ?? j + 1 };
  }
  const pair = readYearPair(tokens, j);
  if (pair) return { value: { type: "schoolYear", year: pair.value, part: position }, next: pair.next };
  const year = readYear(tokens, j);
  return year ? { value: { type: "yearPart", part: position, year: year.value }, next: year.next } : null;
}

/** One calendar reference at `start`. `summerHoliday`: "zomer" is the summer holiday (after voor, tot, na). */
function readPoint(tokens: Token[], start: number, summerHoliday = false): Found<Point> | null {
  let i = skipDeterminers(tokens, start);
  // "aan het begin van", "bij de start van", "aan het einde van"
  if (is(tokens, i, "aan") || is(tokens, i, "bij")) {
    i = skipDeterminers(tokens, i + 1);
    if (positionWords[tokens[i]?.value ?? ""] === undefined) return null;
  }
  const word = tokens[i]?.value ?? "";

  if (word === "schooljaar") {
    const pair = readYearPair(tokens, i + 1);
    return pair ? { value: { type: "schoolYear", year: pair.value }, next: pair.next } : { value: { type: "schoolYear" }, next: i + 1 };
  }
  const holiday = holidayWords[word] ?? (summerHoliday && word === "zomer" ? "zomervakantie" : undefined);
  if (holiday) {
    const written = holidayYear(tokens, i + 1);
    if (!written) return null;
    const { year, schoolYear, next } = written;
    return { value: { type: "holiday", name: holiday, year, schoolYear }, next };
  }
  if (/^q[1-4]$/.test(word)) {
    const { year, next } = optionalYear(tokens, i + 1);
    return { value: { type: "quarter", quarter: Number(word[1]), year }, next };
  }
  const ordinal = ordinalWords[word];
  if (ordinal !== undefined && (is(tokens, i + 1, "kwartaal") || is(tokens, i + 1, "helft"))) {
    const quarter = is(tokens, i + 1, "kwartaal");
    const n = ordinal === "last" ? (quarter ? 4 : 2) : ordinal;
    if (!quarter && n > 2) return null;
    const { year, next } = optionalYear(tokens, i + 2);
    return { value: quarter ? { type: "quarter", quarter: n, year } : { type: "half", half: n, year }, next };
  }
  const season = seasonWords[word];
  if (season !== undefined) {
    if (season === 12) {
      const pair = readYearPair(tokens, is(tokens, i + 1, "van") ? i + 2 : i + 1);
      if (pair) return { value: { type: "season", firstMonth: 12, year: pair.value }, next: pair.next };
      return readYear(tokens, is(tokens, i + 1, "van") ? i + 2 : i + 1) ? null : { value: { type: "season", firstMonth: 12 }, next: i + 1 };
    }
    const { year, next } = optionalYear(tokens, i + 1);
    return { value: { type: "season", firstMonth: season, year }, next };
  }
  if (positionWords[word] !== undefined) return readPosition(tokens, i);
  if (/^\d{1,2}$/.test(word)) {
    const month = readMonth(tokens, i + 1);
    if (!month) return null;
    const year = readYear(tokens, month.next);
    return { value: { type: "day", day: Number(word), month: month.value, year: year?.value }, next: year?.next ?? month.next };
  }
  const month = readMonth(tokens, i);
  if (month) {
    const year = readYear(tokens, month.next);
    return { value: { type: "month", month: month.value, year: year?.value }, next: year?.next ?? month.next };
  }
  const year = readYear(tokens, i);
  return year ? { value: { type: "year", year: year.value }, next: year.next } : null;
}

function isPlainMonth(point: Point): point is { type: "month"; month: number; year?: number } {
  return point.type === "month" && point.third === undefined;
}

/** "2025-2026" or "2025/2026" without "schooljaar": a school year or two calendar years? Unreadable. */
function yearPair(from: Point, to: Point): boolean {
  return from.type === "year" && to.type === "year" && to.year === from.year + 1;
}

/** A point, or a range of two points ("jan-dec", "september 2025 t/m juni 2026", "sept/okt"). */
function readRange(tokens: Token[], i: number): Found<Expr> | null {
  const from = readPoint(tokens, i);
  if (!from) return null;
  const single: Found<Expr> = { value: { type: "point", point: from.value }, next: from.next };
  let after = -1;
  let exclusive = false;
  if (is(tokens, from.next, "-") || is(tokens, from.next, "t/m")) after = from.next + 1;
  else if (phrase(tokens, from.next, ["tot", "en", "met"]) >= 0) after = from.next + 3;
  else if (is(tokens, from.next, "tot")) [after, exclusive] = [from.next + 1, true];
  else if (is(tokens, from.next, "/")) {
    const to = readPoint(tokens, from.next + 1);
    if (to && yearPair(from.value, to.value)) return null;
    const consecutive = to && isPlainMonth(from.value) && isPlainMonth(to.value) && to.value.month === (from.value.month % 12) + 1;
    return consecutive ? { value: { type: "range", from: from.value, to: to.value, exclusive: false }, next: to.next } : single;
  }
  if (after < 0) return single;
  const to = readPoint(tokens, after);
  if (!to) return single;
  if (is(tokens, from.next, "-") && yearPair(from.value, to.value)) return null;
  return { value: { type: "range", from: from.value, to: to.value, exclusive }, next: to.next };
}

/** A point read with a mode: the time after "voor", "uiterlijk", "tot", "na". */
function target(tokens: Token[], i: number, mode: Mode): Found<{ expr: Expr; mode: Mode }> | null {
  const point = readPoint(tokens, i, true);
  return point && { value: { expr: { type: "point", point: point.value }, mode }, next: point.next };
}

/** One time expression with how it applies (see Mode). */
function readExpr(tokens: Token[], i: number): Found<{ expr: Expr; mode: Mode }> | null {
  const word = tokens[i]?.value;
  let next = firstPhrase(tokens, i, undecidedPhrases);
  if (next >= 0) return { value: { expr: { type: "undecided" }, mode: "in" }, next };
  next = firstPhrase(tokens, i, continuousPhrases);
  if (next >= 0) return { value: { expr: { type: "plan" }, mode: "during" }, next };
  const whole = skipDeterminers(tokens, i);
  if (is(tokens, whole, wholeYearWords) && is(tokens, whole + 1, "jaar")) {
    return { value: { expr: { type: "plan" }, mode: "during" }, next: is(tokens, whole + 2, "door") ? whole + 3 : whole + 2 };
  }
  if (word === "gedurende") {
    let j = skipDeterminers(tokens, i + 1);
    if (is(tokens, j, wholeYearWords)) j++;
    if (is(tokens, j, planWords)) return { value: { expr: { type: "plan" }, mode: "during" }, next: j + 1 };
    const range = readRange(tokens, i + 1);
    return range && { value: { expr: range.value, mode: "during" }, next: range.next };
  }
  if (word === "vanaf") {
    // "vanaf X" runs to the plan's end; "vanaf X t/m Y" is the range X-Y.
    const range = readRange(tokens, i + 1);
    return range && { value: { expr: range.value, mode: range.value.type === "range" ? "in" : "from" }, next: range.next };
  }
  if (word === "per") {
    const point = readPoint(tokens, i + 1);
    return point && point.value.type === "day" ? { value: { expr: { type: "point", point: point.value }, mode: "in" }, next: point.next } : null;
  }
  if (word === "voor") return target(tokens, i + 1, "before");
  if (word === "uiterlijk") {
    const j = is(tokens, i + 1, "op") || is(tokens, i + 1, "in") ? i + 2 : i + 1;
    return is(tokens, j, "voor") ? target(tokens, j + 1, "before") : target(tokens, j, "until");
  }
  if (word === "tot") {
    next = phrase(tokens, i, ["tot", "en", "met"]);
    return next >= 0 ? target(tokens, next, "until") : target(tokens, i + 1, "before");
  }
  if (word === "t/m") return target(tokens, i + 1, "until");
  if (word === "na") return target(tokens, i + 1, "after");
  next = phrase(tokens, i, ["in", "de", "loop", "van"]);
  const range = readRange(tokens, next >= 0 ? next : i);
  return range && { value: { expr: range.value, mode: "in" }, next: range.next };
}

/** Reads one part into its time expressions, or null when anything in it is not understood. */
function readPieces(tokens: Token[]): { pieces: Piece[]; cuts: Token[] } | null {
  const pieces: Piece[] = [];
  const cuts: Token[] = []; // the separator between each two pieces
  let separated = true;
  for (let i = 0; i < tokens.length; ) {
    const found = readExpr(tokens, i);
    if (found) {
      if (!separated) return null;
      pieces.push({ ...found.value, first: i, next: found.next });
      separated = false;
      i = found.next;
      continue;
    }
    const token = tokens[i]!;
    if (separators.has(token.value)) {
      if (pieces.length > 0 && !separated) {
        cuts.push(token);
        separated = true;
      }
    } else if (!fillers.has(token.value)) return null;
    i++;
  }
  return pieces.length > 0 ? { pieces, cuts } : null;
}

// ---------------------------------------------------------------- years and spans

type Movable = Extract<Point, { type: "day" | "month" | "quarter" | "half" | "season" }>;

/** Points that can take their year from a neighbour: not a winter, which spans two years. */
function isMovable(point: Point): point is Movable {
  return ["day", "month", "quarter", "half"].includes(point.type) || (point.type === "season" && point.firstMonth !== 12);
}

/** The month a movable point starts in, to see whether a list runs past the new year. */
function anchor(point: Movable): number {
  switch (point.type) {
    case "day":
    case "month":
      return point.month;
    case "quarter":
      return point.quarter * 3 - 2;
    case "half":
      return point.half * 6 - 5;
    case "season":
      return point.firstMonth;
  }
}

/** Rule 1 for a missing year: take it from the year written in the same range, then in the same part. */
function fillYears(pieces: Piece[]): void {
  for (const { expr } of pieces) {
    if (expr.type !== "range" || !isMovable(expr.from) || !isMovable(expr.to)) continue;
    const { from, to } = expr;
    if (from.year === undefined && to.year !== undefined) from.year = to.year - (anchor(from) > anchor(to) ? 1 : 0);
    if (to.year === undefined && from.year !== undefined) to.year = from.year + (anchor(to) < anchor(from) ? 1 : 0);
  }
  const points = pieces.flatMap(({ expr }) => (expr.type === "range" ? [expr.from, expr.to] : expr.type === "point" ? [expr.point] : []));
  let carry: Movable | null = null;
  for (const point of points.reverse()) {
    if (!isMovable(point)) carry = null;
    else if (point.year !== undefined) carry = point;
    else if (carry?.year !== undefined) {
      point.year = carry.year - (anchor(point) > anchor(carry) ? 1 : 0);
      carry = point;
    }
  }
}

/** Begin, medio and eind of a calendar year and of the school year that starts in `year`. */
function positionSpan(position: Position, year: number, schoolYear: boolean): Span {
  if (schoolYear) return position === "begin" ? months(year, 8, 3) : position === "medio" ? months(year + 1, 1, 2) : months(year + 1, 5, 3);
  return position === "begin" ? months(year, 1, 3) : position === "medio" ? months(year, 6, 2) : months(year, 10, 3);
}

/** The span of a point in a given year (for a school year: its first year), or null if it does not exist. */
function spanIn(point: Point, year: number, ctx: Context): Span | null {
  switch (point.type) {
    case "day":
      return point.day >= 1 && point.day <= daysInMonth(year, point.month)
        ? { start: iso(year, point.month, point.day), end: iso(year, point.month, point.day) }
        : null;
    case "month": {
      const last = daysInMonth(year, point.month);
      const [from, to] = point.third === "begin" ? [1, 10] : point.third === "medio" ? [11, 20] : point.third === "eind" ? [21, last] : [1, last];
      return { start: iso(year, point.month, from), end: iso(year, point.month, to) };
    }
    case "quarter":
      return months(year, point.quarter * 3 - 2, 3);
    case "half":
      return months(year, point.half * 6 - 5, 6);
    case "season":
      return months(year, point.firstMonth, 3);
    case "yearPart":
      return positionSpan(point.part, year, false);
    case "year":
      return months(year, 1, 12);
    case "schoolYear": {
      const { plan } = ctx;
      if (point.part) return positionSpan(point.part, year, true);
      return planIsSchoolYear(plan) && yearOf(plan.start) === year ? { ...plan } : { start: iso(year, 8, 1), end: iso(year + 1, 7, 31) };
    }
    case "holiday":
      return point.schoolYear !== undefined ? ctx.holiday(point.name, { schoolYear: point.schoolYear }) : ctx.holiday(point.name, { startYear: year });
  }
}

/** The span of a point whose year is written ("2025", "schooljaar 2025-2026", "kerstvakantie 2025-2026"); undefined when none is. */
function writtenSpan(point: Point, ctx: Context): Span | null | undefined {
  if (point.type === "holiday" && point.schoolYear !== undefined) return spanIn(point, point.schoolYear, ctx);
  return point.year === undefined ? undefined : spanIn(point, point.year, ctx);
}

function candidateYears(plan: PlanPeriod): number[] {
  const years: number[] = [];
  for (let y = yearOf(plan.start) - 1; y <= yearOf(plan.end) + 1; y++) years.push(y);
  return years;
}

/** Rule 2 for a missing year: the one year that puts the whole span inside the plan period. */
function onlyFit(spans: (Span | null)[], plan: PlanPeriod, fits: (span: Span) => boolean = (s) => inside(s, plan)): Span | null {
  const fitting = spans.filter((span): span is Span => span !== null && fits(span));
  return fitting.length === 1 ? fitting[0]! : null;
}

/** The span of the point itself, its year written or resolved by rule 2. */
function pointSpan(point: Point, ctx: Context): Span | null {
  const { plan } = ctx;
  const written = writtenSpan(point, ctx);
  if (written !== undefined) return written;
  if (point.type === "schoolYear") {
    if (planIsSchoolYear(plan)) return spanIn(point, yearOf(plan.start), ctx);
    // A whole school year need only overlap the plan; a part of one must lie inside it.
    if (!point.part) return onlyFit(candidateYears(plan).map((y) => spanIn(point, y, ctx)), plan, (span) => overlaps(span, plan));
  }
  return onlyFit(candidateYears(plan).map((y) => spanIn(point, y, ctx)), plan);
}

/**
 * The span derived from a point (a deadline, what comes after it), its year written
 * or resolved by rule 2 applied to the derived span.
 */
function derivedSpan(point: Point, ctx: Context, derive: (span: Span) => Span): Span | null {
  const written = writtenSpan(point, ctx);
  if (written !== undefined) return written && derive(written);
  if (point.type === "schoolYear" && !point.part) {
    const span = pointSpan(point, ctx);
    return span && derive(span);
  }
  return onlyFit(
    candidateYears(ctx.plan).map((y) => {
      const span = spanIn(point, y, ctx);
      return span && derive(span);
    }),
    ctx.plan,
  );
}

function join(from: Span | null, to: Span | null, exclusive: boolean): Span | null {
  return from && to ? { start: from.start, end: exclusive ? addDays(to.start, -1) : to.end } : null;
}

function rangeSpan(from: Point, to: Point, exclusive: boolean, ctx: Context): Span | null {
  const { plan } = ctx;
  if (from.year !== undefined || to.year !== undefined || !isMovable(from) || !isMovable(to)) {
    return join(pointSpan(from, ctx), pointSpan(to, ctx), exclusive);
  }
  const wrap = anchor(to) < anchor(from) ? 1 : 0;
  return onlyFit(candidateYears(plan).map((y) => join(spanIn(from, y, ctx), spanIn(to, y + wrap, ctx), exclusive)), plan);
}

/** "voor eind 2025": the end of an end position is the deadline itself, not the day before it starts. */
function isEndPosition(point: Point): boolean {
  return (
    (point.type === "month" && point.third === "eind") ||
    (point.type === "yearPart" && point.part === "eind") ||
    (point.type === "schoolYear" && point.part === "eind")
  );
}

type PieceKind = "period" | "moment" | "continuous" | "from" | "deadline" | "undecided";

/** The span and kind of one piece; null when it cannot be placed. */
function placePiece({ expr, mode }: Piece, ctx: Context): { span: Span | null; kind: PieceKind } | null {
  const { plan } = ctx;
  if (expr.type === "undecided") return { span: null, kind: "undecided" };
  if (expr.type === "plan") return { span: { ...plan }, kind: "continuous" };
  const deadline = (end: string): Span => ({ start: plan.start <= end ? plan.start : end, end });
  let placed: { span: Span | null; kind: PieceKind };
  if (mode === "after" || mode === "until" || mode === "before") {
    if (expr.type !== "point") return null;
    const { point } = expr;
    placed =
      mode === "after"
        ? {
            span: derivedSpan(point, ctx, (x) => {
              const start = addDays(x.end, 1);
              return { start, end: plan.end >= start ? plan.end : start };
            }),
            kind: "from",
          }
        : {
            span: derivedSpan(point, ctx, (x) => deadline(mode === "until" || isEndPosition(point) ? x.end : addDays(x.start, -1))),
            kind: "deadline",
          };
  } else {
    const span = expr.type === "range" ? rangeSpan(expr.from, expr.to, expr.exclusive, ctx) : pointSpan(expr.point, ctx);
    if (!span) return null;
    if (mode === "from") placed = { span: { start: span.start, end: plan.end >= span.start ? plan.end : span.end }, kind: "from" };
    else if (mode === "during") placed = { span, kind: "continuous" };
    else placed = { span, kind: expr.type === "point" && expr.point.type === "day" ? "moment" : "period" };
  }
  return placed.span && placed.span.start <= placed.span.end ? placed : null;
}

// ---------------------------------------------------------------- the whole text

interface Placed {
  text: string;
  span: Span | null;
  kind: PieceKind;
}

/** Reads one part; each piece gets the words of the part up to the separators around it. */
function readPart(part: Part, ctx: Context): Placed[] | null {
  const read = readPieces(tokenize(part));
  if (!read) return null;
  fillYears(read.pieces);
  const placed: Placed[] = [];
  for (const [k, piece] of read.pieces.entries()) {
    const place = placePiece(piece, ctx);
    if (!place) return null;
    const from = k === 0 ? 0 : read.cuts[k - 1]!.end;
    const to = k === read.pieces.length - 1 ? part.text.length : read.cuts[k]!.start;
    placed.push({ text: part.text.slice(from, to).trim(), ...place });
  }
  return placed;
}

/** The holidays of one region, looked up lazily: most texts name none. */
function context(plan: PlanPeriod, options: WhenOptions): Context {
  const region = options.region ?? defaultHolidayRegion;
  if (!holidayRegions.includes(region)) throw new RangeError(`Onbekende vakantieregio '${String(region)}': kies noord, midden of zuid.`);
  let holidays: SchoolHoliday[] | undefined;
  return {
    plan,
    holiday(name, which) {
      holidays ??= (options.holidays ?? shippedSchoolHolidays()).holidays.filter((h) => h.region === region);
      const found = holidays.find(
        (h) => h.name === name && ("schoolYear" in which ? h.schoolYear === which.schoolYear : yearOf(h.start) === which.startYear),
      );
      return found ? { start: found.start, end: found.end } : null;
    },
  };
}

/** Reads a Dutch "wanneer" text against the plan period (ISO dates); see the rules above. */
export function parseWhen(text: string, planPeriod: { start: string; end: string }, options: WhenOptions = {}): When {
  if (!isIsoDate(planPeriod.start) || !isIsoDate(planPeriod.end) || planPeriod.start > planPeriod.end) {
    throw new RangeError(`Ongeldige planperiode ${planPeriod.start}/${planPeriod.end}.`);
  }
  const ctx = context({ start: planPeriod.start, end: planPeriod.end }, options);
  const unreadable: When = { text, start: null, end: null, kind: "unreadable", moments: [] };
  const placed: Placed[] = [];
  for (const part of splitParts(text)) {
    const read = readPart(part, ctx);
    if (!read) return unreadable;
    placed.push(...read);
  }
  if (placed.length === 0) return unreadable;
  if (placed.every((p) => p.kind === "undecided")) return { text, start: null, end: null, kind: "undecided", moments: [] };
  const moments: When["moments"] = [];
  for (const { text: momentText, span } of placed) {
    if (!span) return unreadable; // undecided mixed with times
    moments.push({ text: momentText, ...span });
  }
  const only = placed[0]!;
  if (placed.length === 1 && only.kind !== "moment" && only.kind !== "undecided") {
    return { text, start: only.span!.start, end: only.span!.end, kind: only.kind, moments: [] };
  }
  const start = moments.map((m) => m.start).reduce((a, b) => (b < a ? b : a));
  const end = moments.map((m) => m.end).reduce((a, b) => (b > a ? b : a));
  return { text, start, end, kind: "moments", moments };
}
