/**
 * Timing: reads the Dutch "wanneer" text of a plan item as a period, relative to
 * the period of the plan it belongs to. Pure: no clock, no database, no I/O.
 *
 * parseWhen(text, planPeriod) returns { text, start, end, kind, moments }:
 * `text` exactly as given, `start`/`end` inclusive ISO dates (or null), and
 * `kind` one of
 *   period      one stretch of time ("November-december 2025", "Q3 2025", "2023")
 *   moments     several moments, or one moment of a single day; `moments` lists
 *               them in the order of the text and start/end span them all
 *   continuous  the whole time ("doorlopend", "gedurende het schooljaar")
 *   from        from a moment to the end of the plan ("Start vanaf januari 2026")
 *   undecided   not yet decided ("nader te bepalen"); start/end null
 *   unreadable  not understood; start/end null. Nothing is ever guessed: when any
 *               part of the text is not understood, the whole is unreadable.
 * `moments` is [] for every kind but "moments".
 *
 * THE RULES
 *
 * Months. Dutch names and abbreviations, any case, with or without a dot: januari
 * jan, februari feb febr, maart mrt, april apr, mei, juni jun, juli jul, augustus
 * aug, september sep sept, oktober okt, november nov, december dec. A month is
 * the whole month; "1 januari 2024" is that one day.
 *   "begin", "medio"/"half" and "eind"/"einde" before a month are its days 1-10,
 *   11-20 and 21-last ("eind september 2025" = 21-30 September 2025).
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
 *      school-year plan), the text is unreadable.
 *
 * Ranges: "-", "–", "t/m", "tot en met" include the last part ("jan-dec" = all of
 * January to all of December); "tot" stops just before it ("januari tot maart" =
 * 1 January to the end of February). "/" between two consecutive months is a range
 * too ("sept/okt" = September-October); between other moments it lists them.
 * A bare pair of consecutive years ("2025-2026") is unreadable: it could be a
 * school year or two calendar years. "2024 t/m 2026" and "2022-2024" are years.
 *
 * Quarters and halves are calendar ones: Q1 / "eerste kwartaal" = January-March,
 * ... Q4 / "vierde" or "laatste kwartaal" = October-December; "eerste helft" =
 * January-June, "tweede helft" = July-December.
 *
 * Seasons (meteorological): voorjaar or lente = March-May, zomer = June-August,
 * najaar or herfst = September-November, winter = December-February. A winter
 * needs two years ("winter 2025-2026") or none; "winter 2025" is unreadable.
 *
 * Parts of a year: "begin 2024" = January-March 2024, "eind 2023" / "einde 2023"
 * = October-December 2023. "medio 2024" is unreadable (no agreed meaning).
 *
 * "voor de zomer(vakantie) [van] 2026": from the start of that school year
 * (1 August 2025), or from the plan's start when the plan starts later, to 15 July
 * 2026. 15 July stands for "mid-July", roughly when the summer holiday of region
 * Noord (Noord-Holland) starts; the real first day differs by a week or so from
 * year to year. Without a year: the one summer holiday inside the plan period.
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
 * a "gedurende" moment over its time.
 *
 * Filler. Besides the times and separators, a part may only contain these words,
 * which never change the timing: in, het, de, 't, van, op, start, evaluatie,
 * rapportage, oplevering, afronding, afgerond, gereed, implementatie,
 * inventarisatie, uitvoering, voorbereiding, besluitvorming, and ":"; "dit" and
 * "deze" only directly before a time ("dit schooljaar"). "Start" marks when the
 * time is, it does not make it "from": "Start september 2025" is September 2025
 * (only "vanaf" does: "Start vanaf januari 2026"). Any other word anywhere
 * (an activity's name, "voor" other than before "zomer(vakantie)", "tot" without a
 * start, "na", "uiterlijk", "rond", "binnen", "in de zomervakantie", "medio 2024",
 * "de komende maanden", a date in figures like 01-09-2025) makes the whole text
 * unreadable; so does a part without a time, two times not separated ("2026 jan"),
 * or a time that ends before it starts.
 *
 * Times written with an explicit year are kept even when they fall outside the
 * plan period (an evaluation after the plan has ended, a school year that began
 * before it).
 */

export interface When {
  /** Exactly as given. */
  text: string;
  /** ISO date, inclusive; null when undecided or unreadable. */
  start: string | null;
  /** ISO date, inclusive; null when undecided or unreadable. */
  end: string | null;
  kind: "period" | "moments" | "continuous" | "from" | "undecided" | "unreadable";
  /** The separate moments when kind is "moments"; [] otherwise. */
  moments: { text: string; start: string; end: string }[];
}

export interface PlanPeriod {
  start: string;
  end: string;
}

interface Span {
  start: string;
  end: string;
}

// ---------------------------------------------------------------- dates

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for an existing calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

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

const monthWords: Record<string, number> = {
  januari: 1, jan: 1,
  februari: 2, feb: 2, febr: 2,
  maart: 3, mrt: 3,
  april: 4, apr: 4,
  mei: 5,
  juni: 6, jun: 6,
  juli: 7, jul: 7,
  augustus: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

const seasonWords: Record<string, 3 | 6 | 9 | 12> = { voorjaar: 3, lente: 3, zomer: 6, najaar: 9, herfst: 9, winter: 12 };

/** Ordinals; "laatste" is resolved by what it counts (quarter 4, half 2). */
const ordinalWords: Record<string, number | "last"> = {
  eerste: 1, "1e": 1, "1ste": 1,
  tweede: 2, "2e": 2, "2de": 2,
  derde: 3, "3e": 3, "3de": 3,
  vierde: 4, "4e": 4, "4de": 4,
  laatste: "last",
};

const determiners = new Set(["het", "de", "'t", "dit", "deze"]);
const separators = new Set([",", "en", "/", "&", "+"]);
const fillers = new Set([
  ":", "in", "het", "de", "'t", "van", "op",
  "start", "evaluatie", "rapportage", "oplevering", "afronding", "afgerond", "gereed",
  "implementatie", "inventarisatie", "uitvoering", "voorbereiding", "besluitvorming",
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

type Third = "begin" | "medio" | "eind";

/** A calendar reference; `year` may be missing until it is filled in or resolved. */
type Point =
  | { type: "day"; month: number; day: number; year?: number }
  | { type: "month"; month: number; third?: Third; year?: number }
  | { type: "quarter"; quarter: number; year?: number }
  | { type: "half"; half: number; year?: number }
  | { type: "season"; firstMonth: 3 | 6 | 9 | 12; year?: number }
  | { type: "yearPart"; part: "begin" | "eind"; year: number }
  | { type: "year"; year: number }
  | { type: "schoolYear"; year?: number }
  | { type: "beforeSummer"; year?: number };

type Expr =
  | { type: "point"; point: Point }
  | { type: "range"; from: Point; to: Point; exclusive: boolean }
  | { type: "plan" }
  | { type: "undecided" };

type Mode = "in" | "during" | "from";

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
  const month = monthWords[tokens[i]?.value ?? ""];
  if (month === undefined) return null;
  return { value: month, next: is(tokens, i + 1, ".") ? i + 2 : i + 1 };
}

function readPoint(tokens: Token[], start: number): Found<Point> | null {
  const i = skipDeterminers(tokens, start);
  const word = tokens[i]?.value ?? "";

  if (word === "schooljaar") {
    const pair = readYearPair(tokens, i + 1);
    return pair ? { value: { type: "schoolYear", year: pair.value }, next: pair.next } : { value: { type: "schoolYear" }, next: i + 1 };
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
  const third: Third | undefined =
    word === "begin" ? "begin" : word === "eind" || word === "einde" ? "eind" : word === "medio" || word === "half" ? "medio" : undefined;
  if (third) {
    const after = is(tokens, i + 1, "van") ? i + 2 : i + 1;
    const month = readMonth(tokens, after);
    if (month) {
      const year = readYear(tokens, month.next);
      return { value: { type: "month", month: month.value, third, year: year?.value }, next: year?.next ?? month.next };
    }
    const year = readYear(tokens, after);
    if (!year || third === "medio") return null;
    return { value: { type: "yearPart", part: third, year: year.value }, next: year.next };
  }
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

/** One time expression with how it applies: in, during ("gedurende") or from ("vanaf"). */
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
    const point = readPoint(tokens, i + 1);
    return point && { value: { expr: { type: "point", point: point.value }, mode: "from" }, next: point.next };
  }
  if (word === "per") {
    const point = readPoint(tokens, i + 1);
    return point && point.value.type === "day" ? { value: { expr: { type: "point", point: point.value }, mode: "in" }, next: point.next } : null;
  }
  if (word === "voor") {
    const j = skipDeterminers(tokens, i + 1);
    if (!is(tokens, j, "zomer") && !is(tokens, j, "zomervakantie")) return null;
    const { year, next: after } = optionalYear(tokens, j + 1);
    return { value: { expr: { type: "point", point: { type: "beforeSummer", year } }, mode: "in" }, next: after };
  }
  const range = readRange(tokens, i);
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

/** The span of a point in a given year (for a school year: its first year), or null if it does not exist. */
function spanIn(point: Point, year: number, plan: PlanPeriod): Span | null {
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
      return months(year, point.part === "begin" ? 1 : 10, 3);
    case "year":
      return months(year, 1, 12);
    case "schoolYear":
      return planIsSchoolYear(plan) && yearOf(plan.start) === year ? { ...plan } : { start: iso(year, 8, 1), end: iso(year + 1, 7, 31) };
    case "beforeSummer": {
      const end = iso(year, 7, 15);
      const schoolStart = iso(year - 1, 8, 1);
      return { start: plan.start > schoolStart && plan.start <= end ? plan.start : schoolStart, end };
    }
  }
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

function pointSpan(point: Point, plan: PlanPeriod): Span | null {
  if (point.year !== undefined) return spanIn(point, point.year, plan);
  if (point.type === "schoolYear") {
    if (planIsSchoolYear(plan)) return { ...plan };
    return onlyFit(candidateYears(plan).map((y) => spanIn(point, y, plan)), plan, (span) => overlaps(span, plan));
  }
  return onlyFit(candidateYears(plan).map((y) => spanIn(point, y, plan)), plan);
}

function join(from: Span | null, to: Span | null, exclusive: boolean): Span | null {
  return from && to ? { start: from.start, end: exclusive ? dayBefore(to.start) : to.end } : null;
}

function rangeSpan(from: Point, to: Point, exclusive: boolean, plan: PlanPeriod): Span | null {
  if (from.year !== undefined || to.year !== undefined) return join(pointSpan(from, plan), pointSpan(to, plan), exclusive);
  if (!isMovable(from) || !isMovable(to)) return null;
  const wrap = anchor(to) < anchor(from) ? 1 : 0;
  return onlyFit(candidateYears(plan).map((y) => join(spanIn(from, y, plan), spanIn(to, y + wrap, plan), exclusive)), plan);
}

type PieceKind = "period" | "moment" | "continuous" | "from" | "undecided";

/** The span and kind of one piece; null when it cannot be placed. */
function placePiece({ expr, mode }: Piece, plan: PlanPeriod): { span: Span | null; kind: PieceKind } | null {
  if (expr.type === "undecided") return { span: null, kind: "undecided" };
  if (expr.type === "plan") return { span: { ...plan }, kind: "continuous" };
  const span = expr.type === "range" ? rangeSpan(expr.from, expr.to, expr.exclusive, plan) : pointSpan(expr.point, plan);
  if (!span || span.start > span.end) return null;
  if (mode === "from") return { span: { start: span.start, end: plan.end >= span.start ? plan.end : span.end }, kind: "from" };
  if (mode === "during") return { span, kind: "continuous" };
  return { span, kind: expr.type === "point" && expr.point.type === "day" ? "moment" : "period" };
}

// ---------------------------------------------------------------- the whole text

interface Placed {
  text: string;
  span: Span | null;
  kind: PieceKind;
}

/** Reads one part; each piece gets the words of the part up to the separators around it. */
function readPart(part: Part, plan: PlanPeriod): Placed[] | null {
  const read = readPieces(tokenize(part));
  if (!read) return null;
  fillYears(read.pieces);
  const placed: Placed[] = [];
  for (const [k, piece] of read.pieces.entries()) {
    const place = placePiece(piece, plan);
    if (!place) return null;
    const from = k === 0 ? 0 : read.cuts[k - 1]!.end;
    const to = k === read.pieces.length - 1 ? part.text.length : read.cuts[k]!.start;
    placed.push({ text: part.text.slice(from, to).trim(), ...place });
  }
  return placed;
}

/** Reads a Dutch "wanneer" text against the plan period (ISO dates); see the rules above. */
export function parseWhen(text: string, planPeriod: { start: string; end: string }): When {
  if (!isIsoDate(planPeriod.start) || !isIsoDate(planPeriod.end) || planPeriod.start > planPeriod.end) {
    throw new RangeError(`Ongeldige planperiode ${planPeriod.start}/${planPeriod.end}.`);
  }
  const plan = { start: planPeriod.start, end: planPeriod.end };
  const unreadable: When = { text, start: null, end: null, kind: "unreadable", moments: [] };
  const placed: Placed[] = [];
  for (const part of splitParts(text)) {
    const read = readPart(part, plan);
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
