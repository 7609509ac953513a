/**
 * Links to the page before and after, for every list that is shown a page at a time, and
 * optionally which page this is ("Pagina 2 van 5", marked as the current page).
 */
export interface PageLink {
  href: string;
  text: string;
}

export function Paging({ label, prev, next, current }: { label: string; prev?: PageLink | null; next?: PageLink | null; current?: string }) {
  if (!prev && !next) return null;
  return (
    <nav aria-label={label} class="koers-paging">
      <ul class="utrecht-unordered-list">
        {prev && (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={prev.href} rel="prev">
              {prev.text}
            </a>
          </li>
        )}
        {current && (
          <li class="utrecht-unordered-list__item">
            <span aria-current="page">{current}</span>
          </li>
        )}
        {next && (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={next.href} rel="next">
              {next.text}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/**
 * The pager of a list shown `pages` pages long, at `page` (1-based): previous and next page,
 * and which page this is. A page past the last links back to the last one.
 */
export function PageNav({ label, page, pages, href }: { label: string; page: number; pages: number; href: (page: number) => string }) {
  return (
    <Paging
      label={label}
      current={page <= pages ? `Pagina ${page} van ${pages}` : undefined}
      prev={page > pages ? { href: href(pages), text: "Naar de laatste pagina" } : page > 1 ? { href: href(page - 1), text: "Vorige pagina" } : null}
      next={page < pages ? { href: href(page + 1), text: "Volgende pagina" } : null}
    />
  );
}
