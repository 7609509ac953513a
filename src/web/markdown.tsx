/**
 * Renders the small Markdown of plan texts to HTML. Raw HTML in the text is
 * never passed through: markdown-it escapes it, so stored text cannot inject markup.
 * On reading pages, glossary terms are explained at their first use, in Markdown and in
 * plain text fields shown with <Explained> (decision record 0009).
 */
import MarkdownIt from "markdown-it";
import { raw } from "hono/html";
import { explainedHtml, glossaryPlugin, type MarkdownEnv } from "../modules/glossary/explain.ts";
import { usePageGlossary } from "../modules/glossary/on-page.tsx";

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false }).use(glossaryPlugin);

export function markdownHtml(text: string, env: MarkdownEnv = {}): string {
  return md.render(text, env);
}

export function Markdown({ text }: { text: string }) {
  return <div class="utrecht-html koers-text">{raw(markdownHtml(text, { glossary: usePageGlossary() }))}</div>;
}

/** A plain text field (a title, a table cell) with glossary terms explained. Not for text inside a link or an SVG picture. */
export function Explained({ text }: { text: string }) {
  const page = usePageGlossary();
  return page ? raw(explainedHtml(page, text)) : <>{text}</>;
}
