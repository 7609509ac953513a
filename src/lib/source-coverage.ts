/**
 * Checks that a structured encoding holds every sentence of its source document.
 * The source is cut into fragments (at line ends, table cells, list items and
 * sentence ends); a fragment counts as present when its letters and digits,
 * without case or accents, occur in the letters and digits of the encoding.
 * Short fragments (page numbers, bullets) are not checked.
 */

const MIN_FRAGMENT = 12;

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
    for (const piece of cleaned.split(/\t|\n|(?<=[.!?;])\s+|\s+•\s+/)) {
      if (normalise(piece).length >= MIN_FRAGMENT) fragments.push({ line: index + 1, text: piece.trim() });
    }
  });
  return fragments;
}

/** All strings inside a parsed YAML/JSON value, in document order. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => collectStrings(v, out));
  return out;
}

export function missingFragments(
  source: string,
  encodings: unknown[],
  ignoredLines: readonly string[] = [],
): Fragment[] {
  const haystack = encodings.map((e) => normalise(collectStrings(e).join("\n"))).join("|");
  return sourceFragments(source, ignoredLines).filter((f) => !haystack.includes(normalise(f.text)));
}
