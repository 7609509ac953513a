/**
 * Explains abbreviations in place: in a rendered page, the first use of each
 * glossary term becomes a link to its entry on the glossary page, with an
 * <abbr> whose title gives the meaning. Works on Koers' own (well-formed) HTML:
 * only text between tags is touched, never attributes, and never inside the
 * head, links, existing abbreviations, scripts, styles, form controls or SVG pictures.
 */
import type { GlossaryEntry } from "./format.ts";
import { termAnchor } from "./anchor.ts";

// An SVG picture (the timeline) has its own text alternative; links inside it would be unreachable.
const SKIP = new Set(["head", "a", "abbr", "script", "style", "textarea", "select", "option", "button", "label", "title", "code", "pre", "svg"]);

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface Annotator {
  (html: string): string;
}

export function abbreviationAnnotator(entries: readonly GlossaryEntry[]): Annotator {
  if (entries.length === 0) return (html) => html;
  // Longest first, so "SWV VO" wins over "SWV" and "5 onder a" over "5a".
  const sorted = [...entries].sort((a, b) => b.term.length - a.term.length);
  const byEscaped = new Map(sorted.map((e) => [escapeHtml(e.term), e]));
  const pattern = new RegExp(
    // Whole words only, and not inside an e-mail address or domain name ("redacteur@swv.nl").
    `(?<![\\p{L}\\p{N}&#;@.])(${[...byEscaped.keys()].map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}@]|\\.[\\p{L}\\p{N}])`,
    "gu",
  );

  return (html) => {
    const seen = new Set<string>();
    const open: string[] = [];
    return html
      .split(/(<[^>]*>)/)
      .map((part) => {
        if (part.startsWith("<")) {
          const tag = part.match(/^<\/?([a-zA-Z0-9-]+)/)?.[1]?.toLowerCase();
          if (!tag) return part;
          if (part.startsWith("</")) {
            const at = open.lastIndexOf(tag);
            if (at >= 0) open.length = at;
          } else if (SKIP.has(tag) && !part.endsWith("/>")) open.push(tag);
          return part;
        }
        if (open.length > 0 || part.trim() === "") return part;
        return part.replace(pattern, (match: string) => {
          const entry = byEscaped.get(match)!;
          if (seen.has(entry.term)) return match;
          seen.add(entry.term);
          const title = entry.full ? `${entry.full}: ${entry.meaning}` : entry.meaning;
          return `<a class="koers-abbr" href="/begrippen#${termAnchor(entry.term)}"><abbr title="${escapeHtml(title)}">${match}</abbr></a>`;
        });
      })
      .join("");
  };
}
