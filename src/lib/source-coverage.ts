/**
 * Checks that a structured encoding holds every sentence of its source document.
 * The source is cut into fragments (at line ends, table cells, list items and
 * sentence ends, list items); a fragment counts as present when its letters and
 * digits, without case or accents, occur in the letters and digits of the
 * encoding's reading text.
 * Short fragments (page numbers, bullets) are not checked.
 */

const MIN_FRAGMENT = 12;
/** "1. ", "3a. ", "b. " at the start of a numbered list item. */
const LIST_MARKER = /^(?:\d{1,2}[a-z]?|[a-z])\.\s+/;

export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

export interface Fragment {
  line: number;
  text: string;
}

export function sourceFragments(source: string, ignoredLines: readonly string[] = []): Fragment[] {
  const ignored = new Set(ignoredLines.map((l) => l.trim()));
  const fragments: Fragment[] = [];
  source.split("\n").forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (ignored.has(line) || /^\d{1,3}$/.test(line)) return;
    const cleaned = line
      .replace(/<[^>]+>/g, "\n") // HTML fragments from table cells
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // [link text](#)
      .replace(/\\([()[\]*_])/g, "$1");
    for (const piece of cleaned.split(/\t|\n|(?<=[.!?;])\s+|\s+•\s+|\s+(?=(?:\d{1,2}[a-z]?|[a-z])\.\s)/)) {
      const text = piece.trim().replace(LIST_MARKER, "");
      if (normalise(text).length >= MIN_FRAGMENT) fragments.push({ line: index + 1, text });
    }
  });
  return fragments;
}

/** The fragments of `source` that none of the reading texts holds. */
export function missingFragments(source: string, readingTexts: string[], ignoredLines: readonly string[] = []): Fragment[] {
  const haystack = readingTexts.map(normalise).join("|");
  return sourceFragments(source, ignoredLines).filter((f) => !haystack.includes(normalise(f.text)));
}
