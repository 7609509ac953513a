/** Page numbers for lists shown a page at a time (pages as ?pagina=N, the API as ?page=N). */

/** No list has more pages than this; a larger number is read as this one (and gives an empty page). */
export const MAX_PAGE = 1_000_000;

/** The page a query string asks for: a whole number from 1; anything else (missing, 0, "x") is page 1. */
export function pageNumber(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value ?? 1);
  return Number.isSafeInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE) : 1;
}

/** How many pages `total` rows fill, `size` a page; at least 1, so an empty list has one (empty) page. */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** `path` (which may have a query string) on page `page`: the parameter is left out for page 1. */
export function pageHref(path: string, page: number, param = "pagina"): string {
  const [base, query] = path.split("?", 2) as [string, string | undefined];
  const params = new URLSearchParams(query);
  if (page > 1) params.set(param, String(page));
  else params.delete(param);
  const rest = params.toString();
  return rest ? `${base}?${rest}` : base;
}
