/** Links to the page before and after, for every list that is shown a page at a time. */
export interface PageLink {
  href: string;
  text: string;
}

export function Paging({ label, prev, next }: { label: string; prev?: PageLink | null; next?: PageLink | null }) {
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
