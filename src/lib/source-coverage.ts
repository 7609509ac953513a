/**
 * Checks that a structured encoding holds every sentence of its source document.
 * The source is cut into fragments (at line ends, table cells, list items and
 * sentence ends); a fragment counts as present when its letters and digits,
 * without case or accents, occur in the letters and digits of the encoding's
 * reading text, and every number in it keeps its punctuation ("1,96%" is not
 * "19,6%" nor "196"; "04-12-2023" is not "04122023").
 * Short fragments (page numbers, bullets) are not checked.
 */

const MIN_FRAGMENT = 12;
/** "1. ", "3a. ", "b. " at the start of a numbered list item. */
const LIST_MARKER = /^(?:\d{1,2}[a-z]?|[a-z])\.\s+/;
/**
 * A number as written: digits with the punctuation inside them ("1,96", "25.000",
 * "04-12-2023", "2025-2026", "80-100"), an optional euro sign before and percent sign after.
 */
const NUMBER = /(?:€\s?)?\d+(?:[.,:/-]\d+)*(?:\s?%)?/g;

export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** The numbers in a text with their punctuation, spaces inside them removed ("€ 25.000" → "€25.000"). */
export function numberTokens(text: string): string[] {
  return [...text.matchAll(NUMBER)].map((m) => m[0].replace(/\s+/g, ""));
}

/** Like `normalise`, but every number keeps its own punctuation, percent and euro signs. */
export function normaliseKeepingNumbers(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(NUMBER)) {
    out += normalise(text.slice(last, m.index)) + m[0].replace(/\s+/g, "");
    last = m.index + m[0].length;
  }
  return out + normalise(text.slice(last));
}

export interface Fragment {
  line: number;
  text: string;
}

/** Removes what the text extraction added around table cells: HTML tags, link targets, escapes. */
export function cleanExtraction(text: string): string {
  return text
    .replace(/<[^>]+>/g, "\n") // HTML fragments from table cells
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // [link text](#)
    .replace(/\\([()[\]*_])/g, "$1");
}

/** Cuts one piece of text at line ends, sentence ends and list items; drops list numbers. */
export function cutFragments(text: string, minLength = MIN_FRAGMENT): string[] {
  return text
    .split(/\t|\n|(?<=[.!?;])\s+|\s+•\s+|\s+(?=(?:\d{1,2}[a-z]?|[a-z])\.\s)/)
    .map((piece) => piece.trim().replace(/^[•■➔-]\s*/, "").replace(LIST_MARKER, ""))
    .filter((piece) => !/^(?:\d{1,2}[a-z]?|[a-z])\.$/.test(piece) && normalise(piece).length >= Math.max(minLength, 1));
}

export function sourceFragments(source: string, ignoredLines: readonly string[] = []): Fragment[] {
  const ignored = new Set(ignoredLines.map((l) => l.trim()));
  const fragments: Fragment[] = [];
  source.split("\n").forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (ignored.has(line) || /^\d{1,3}$/.test(line)) return;
    for (const text of cutFragments(cleanExtraction(line))) fragments.push({ line: index + 1, text });
  });
  return fragments;
}

/** The fragments of `source` that none of the reading texts holds (numbers with their punctuation). */
export function missingFragments(source: string, readingTexts: string[], ignoredLines: readonly string[] = []): Fragment[] {
  const haystack = readingTexts.map(normaliseKeepingNumbers).join("|");
  return sourceFragments(source, ignoredLines).filter((f) => !haystack.includes(normaliseKeepingNumbers(f.text)));
}

export interface SourceTable {
  /** The header cells as written ("Wie", "Budget (Begrotingsonderdeel)"). */
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/**
 * The tab-separated tables of a text extraction whose header line `isHeader` accepts,
 * with their rows: every later line with tabs, up to the next header. A line with a
 * single filled cell continues the row above it (the extraction breaks long rows at
 * page ends); lines of dashes are skipped.
 */
export function sourceTables(source: string, isHeader: (cells: string[]) => boolean): SourceTable[] {
  const tables: SourceTable[] = [];
  let current: SourceTable | undefined;
  source.split("\n").forEach((raw, index) => {
    if (!raw.includes("\t")) return;
    const cells = raw.split("\t").map((c) => cleanExtraction(c).replace(/\s+/g, " ").trim());
    if (isHeader(cells)) {
      current = { header: cells, rows: [] };
      tables.push(current);
      return;
    }
    if (!current || cells.every((c) => /^[-\s]*$/.test(c))) return;
    const previous = current.rows.at(-1);
    if (previous && cells.filter(Boolean).length === 1) {
      cells.forEach((c, i) => {
        if (c) previous.cells[i] = previous.cells[i] ? `${previous.cells[i]} ${c}` : c;
      });
      return;
    }
    current.rows.push({ line: index + 1, cells });
  });
  return tables;
}

/** Lower-case words without accents, separated by single spaces and padded: " swv po nk ". */
const wordsOf = (text: string) => ` ${text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;

/**
 * Whether a text names an organisation, as whole words: its short name, its name, or its
 * name without "Gemeente" ("beleidsmedewerker onderwijs Dijk en Waard" names Gemeente Dijk en
 * Waard; "SWV VO NK" does not name swvnk, and "SWV VO NK" does not name Vonk).
 */
export function namesOrganisation(text: string, org: { name: string; shortName?: string | null | undefined }): boolean {
  const haystack = wordsOf(text);
  return [org.shortName, org.name, org.name.replace(/^Gemeente\s+/i, "")].some((n) => n && haystack.includes(wordsOf(n)));
}
