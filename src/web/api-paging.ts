/**
 * Lists in the API, a page at a time: `?page=N` (from 1) and `?limit=M` (1 to `max`; without it
 * `size`). The answer carries the page's rows as `data`, with `total`, `page`, `pageSize` and
 * links to the pages before and after.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { pageCount, pageHref, pageNumber } from "../lib/paging.ts";

export interface ApiPageAsked {
  page: number;
  pageSize: number;
  /** The address of another page of the same list: `base` with the limit asked, if any. */
  href: (page: number) => string;
}

/** The page a request asks for; a limit out of range is refused with a plain message. */
export function apiPageAsked(c: Context, base: string, { size, max }: { size: number; max: number }): ApiPageAsked {
  const limitAsked = c.req.query("limit");
  const pageSize = limitAsked === undefined ? size : Number(limitAsked);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > max) {
    throw new HTTPException(400, { message: `limit moet een heel getal van 1 tot en met ${max} zijn.` });
  }
  const withLimit = limitAsked === undefined ? base : pageHref(`${base}${base.includes("?") ? "&" : "?"}limit=${pageSize}`, 1, "page");
  return { page: pageNumber(c.req.query("page")), pageSize, href: (page) => pageHref(withLimit, page, "page") };
}

/** The JSON of one page of a list. */
export function apiPage<T>(asked: ApiPageAsked, list: { page: number; total: number }, data: T[]) {
  const pages = pageCount(list.total, asked.pageSize);
  return {
    data,
    total: list.total,
    page: list.page,
    pageSize: asked.pageSize,
    links: { next: list.page < pages ? asked.href(list.page + 1) : null, prev: list.page > 1 ? asked.href(Math.min(list.page - 1, pages)) : null },
  };
}
