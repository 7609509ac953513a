/**
 * Explaining terms on the page being rendered: the glossary middleware starts a
 * page (reading pages only), and Markdown and `<Explained>` (src/web/markdown.tsx)
 * take it from the request, so that each term is explained at its first use on the whole page.
 * Components render in document order, so "first" is first as read.
 */
import type { Context } from "hono";
import { useContext } from "hono/jsx";
import { RequestContext } from "hono/jsx-renderer";
import { startPage, type Glossary, type PageGlossary } from "./explain.ts";

const pages = new WeakMap<Context, PageGlossary>();

export function explainOnPage(c: Context, glossary: Glossary): void {
  pages.set(c, startPage(glossary));
}

/** Inside a component: the page's explaining, or undefined where terms are not explained (forms, the glossary itself). */
export function usePageGlossary(): PageGlossary | undefined {
  const c = useContext(RequestContext);
  return c ? pages.get(c) : undefined;
}
