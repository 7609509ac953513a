/**
 * Renders the small Markdown of plan texts to HTML. Raw HTML in the text is
 * never passed through: markdown-it escapes it, so stored text cannot inject markup.
 */
import MarkdownIt from "markdown-it";
import { raw } from "hono/html";

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

export function markdownHtml(text: string): string {
  return md.render(text);
}

export function Markdown({ text }: { text: string }) {
  return <div class="utrecht-html koers-text">{raw(markdownHtml(text))}</div>;
}
