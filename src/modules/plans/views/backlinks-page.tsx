/** Every item that links to one item, a page at a time: the plan page shows the first BACKLINKS_SHOWN. */
import { Page } from "../../../web/layout.tsx";
import { DataTable } from "../../../web/parts/table.tsx";
import { Paging } from "../../../web/parts/paging.tsx";
import type { BacklinkPage } from "../reading.ts";
import { itemHref } from "../parts.ts";

export const backlinksHref = (planSlug: string, itemId: number, page = 1) =>
  `/plannen/${planSlug}/onderdelen/${itemId}/hiernaar${page > 1 ? `?pagina=${page}` : ""}`;

export function BacklinksPage({ list }: { list: BacklinkPage }) {
  const { plan, item, backlinks, total, page, pageSize } = list;
  const name = `${item.code ? `${item.code} ` : ""}${item.title}`;
  const first = (page - 1) * pageSize + 1;
  const last = first + backlinks.length - 1;
  return (
    <Page
      title={`Verwijzingen naar ${name}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Hiernaar verwijst</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        <a class="utrecht-link" href={itemHref(plan.slug, item.id)}>
          {name}
        </a>
      </p>
      {backlinks.length === 0 ? (
        <p class="utrecht-paragraph">
          {total === 0 ? "Geen onderdeel dat u mag lezen verwijst hiernaar." : "Op deze pagina staan geen verwijzingen meer."}
        </p>
      ) : (
        <DataTable
          id="verwijzingen"
          caption={`${total.toLocaleString("nl-NL")} ${total === 1 ? "onderdeel verwijst" : "onderdelen verwijzen"} hiernaar${total > backlinks.length ? `; hier ${first.toLocaleString("nl-NL")} tot en met ${last.toLocaleString("nl-NL")}` : ""}`}
          columns={[
            { label: "Plan", cell: (b) => b.source.planTitle },
            {
              label: "Onderdeel",
              rowHeader: true,
              cell: (b) => (
                <a class="utrecht-link" href={itemHref(b.source.planSlug, b.source.id)}>
                  {b.source.code ? `${b.source.code} ` : ""}
                  {b.source.title}
                </a>
              ),
            },
            { label: "Soort", cell: (b) => b.kind },
          ]}
          rows={backlinks}
        />
      )}
      <Paging
        label="Meer verwijzingen"
        prev={page > 1 ? { href: backlinksHref(plan.slug, item.id, page - 1), text: `Vorige ${pageSize}` } : null}
        next={last < total ? { href: backlinksHref(plan.slug, item.id, page + 1), text: `Volgende ${pageSize}` } : null}
      />
    </Page>
  );
}
