/**
 * Renders the small Markdown of plan texts to HTML. Raw HTML in the text is
 * never passed through: markdown-it escapes it, so stored text cannot inject markup.
 * On reading pages, glossary terms are explained at their first use (decision record 0009).
 */
import MarkdownIt from "markdown-it";
import { raw } from "hono/html";
import { glossaryPlugin, type MarkdownEnv } from "../modules/glossary/explain.ts";
import { usePageGlossary } from "../modules/glossary/on-page.tsx";

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false }).use(glossaryPlugin);

export function markdownHtml(text: string, env: MarkdownEnv = {}): string {
  return md.render(text, env);
}

export function Markdown({ text }: { text: string }) {
  return <div class="utrecht-html koers-text">{raw(markdownHtml(text, { glossary: usePageGlossary() }))}</div>;
}
