/**
 * Explains abbreviations in place, while text is rendered: the first use of each
 * glossary term on a page becomes a link to its entry on the glossary page, with
 * an <abbr> whose title gives the meaning. Works on text, never on HTML: Markdown
 * through a markdown-it rule over its text tokens (not inside links, code or
 * images), plain text fields through `explainedHtml`. See decision record 0009.
 */
import type { MarkdownIt } from "markdown-it";
import type { GlossaryEntry } from "./format.ts";
import { termAnchor } from "./anchor.ts";
import { escapeHtml, escapeRegExp } from "../../lib/escape.ts";

/** The glossary made ready for matching: built once per load, not per page. */
export interface Glossary {
  pattern: RegExp | undefined;
  byTerm: Map<string, GlossaryEntry>;
}

/** One page's explaining: the glossary and the terms already explained higher up on the page. */
export interface PageGlossary {
  glossary: Glossary;
  seen: Set<string>;
}


export function compileGlossary(entries: readonly GlossaryEntry[]): Glossary {
  // Longest first, so "SWV VO" wins over "SWV" and "5 onder a" over "5a".
  const sorted = [...entries].sort((a, b) => b.term.length - a.term.length);
  const pattern =
    sorted.length === 0
      ? undefined
      : new RegExp(
          // Whole words only (case as written), and not inside an e-mail address or domain name ("redacteur@swv.nl").
          `(?<![\\p{L}\\p{N}&@.])(?:${sorted.map((e) => escapeRegExp(e.term)).join("|")})(?![\\p{L}\\p{N}@]|\\.[\\p{L}\\p{N}])`,
          "gu",
        );
  return { pattern, byTerm: new Map(sorted.map((e) => [e.term, e])) };
}

export const startPage = (glossary: Glossary): PageGlossary => ({ glossary, seen: new Set() });

/** A text cut into plain pieces and first uses of terms; marks the terms it explains as seen. */
export function explainText(page: PageGlossary, text: string): (string | { entry: GlossaryEntry; text: string })[] {
  const { pattern, byTerm } = page.glossary;
  if (!pattern || text.trim() === "") return [text];
  const pieces: (string | { entry: GlossaryEntry; text: string })[] = [];
  let from = 0;
  // The glossary's own pattern, from the start of the text (matchAll would copy it for every text
  // of a page). Terms are never empty, so each match moves on; exec leaves lastIndex at 0 at the end.
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // A match is a term as written, so the match is the entry's term.
    if (page.seen.has(match[0])) continue;
    const entry = byTerm.get(match[0])!;
    page.seen.add(entry.term);
    if (match.index > from) pieces.push(text.slice(from, match.index));
    pieces.push({ entry, text: match[0] });
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push(text.slice(from));
  return pieces;
}

/** The markup of one explained term: a link to its glossary entry around an <abbr> with the meaning. */
export function termHtml(entry: GlossaryEntry, text: string): string {
  const title = entry.full ? `${entry.full}: ${entry.meaning}` : entry.meaning;
  return `<a class="koers-abbr" href="/begrippen#${termAnchor(entry.term)}"><abbr title="${escapeHtml(title)}">${escapeHtml(text)}</abbr></a>`;
}

/** A plain text field as escaped HTML, with its terms explained. Not for text inside a link. */
export function explainedHtml(page: PageGlossary, text: string): string {
  return explainText(page, text)
    .map((piece) => (typeof piece === "string" ? escapeHtml(piece) : termHtml(piece.entry, piece.text)))
    .join("");
}

/** What `md.render(text, env)` takes to explain terms: without `glossary`, nothing is explained. */
export type MarkdownEnv = {
  glossary?: PageGlossary | undefined;
};

/**
 * markdown-it plugin: after inline parsing, splits the text tokens outside links
 * into text and `glossary_term` tokens. Code spans, code blocks and image
 * descriptions are not text tokens of an inline run, so they are left alone.
 */
export function glossaryPlugin(md: MarkdownIt): void {
  md.core.ruler.push("glossary", (state) => {
    const page = (state.env as MarkdownEnv | undefined)?.glossary;
    if (!page?.glossary.pattern) return;
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children) continue;
      let inLink = 0;
      block.children = block.children.flatMap((token) => {
        if (token.type === "link_open") inLink++;
        if (token.type === "link_close") inLink--;
        if (token.type !== "text" || inLink > 0) return [token];
        return explainText(page, token.content).map((piece) => {
          const out = new state.Token(typeof piece === "string" ? "text" : "glossary_term", "", 0);
          out.content = typeof piece === "string" ? piece : piece.text;
          if (typeof piece !== "string") out.meta = piece.entry;
          return out;
        });
      });
    }
  });
  md.renderer.rules.glossary_term = (tokens, idx) => termHtml(tokens[idx]!.meta as GlossaryEntry, tokens[idx]!.content);
}
