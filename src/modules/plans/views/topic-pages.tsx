import { Page } from "../../../web/layout.tsx";
import { Explained } from "../../../web/markdown.tsx";
import { pageCount, pageHref } from "../../../lib/paging.ts";
import { PageNav } from "../../../web/parts/paging.tsx";
import type { TopicOverview, TopicSummary } from "../reading.ts";
import { itemHref } from "../parts.ts";

export function TopicsPage({ topics }: { topics: TopicSummary[] }) {
  return (
    <Page title="Onderwerpen" crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Onderwerpen</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        Waar de agenda's van Noord-, Midden- en Zuid-Kennemerland elkaar raken: per onderwerp alle onderdelen uit alle
        plannen.
      </p>
      <ul class="utrecht-unordered-list">
        {topics.map((t) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`/onderwerpen/${t.slug}`}>
              {t.name}
            </a>{" "}
            <span class="koers-note">
              — {t.items} {t.items === 1 ? "onderdeel" : "onderdelen"} in {t.plans} {t.plans === 1 ? "plan" : "plannen"}
            </span>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function TopicPage({ overview }: { overview: TopicOverview }) {
  const { topic, plans, total, page, pageSize } = overview;
  const pages = pageCount(total.plans, pageSize);
  return (
    <Page title={topic.name} crumbs={[{ href: "/", label: "Plannen" }, { href: "/onderwerpen", label: "Onderwerpen" }]}>
      <h1 class="utrecht-heading-1">{topic.name}</h1>
      {topic.description && (
        <p class="utrecht-paragraph utrecht-paragraph--lead">
          <Explained text={topic.description} />
        </p>
      )}
      {total.items === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen onderdelen met dit onderwerp.</p>
      ) : (
        <p class="utrecht-paragraph">
          {total.items.toLocaleString("nl-NL")} {total.items === 1 ? "onderdeel" : "onderdelen"} in {total.plans.toLocaleString("nl-NL")}{" "}
          {total.plans === 1 ? "plan" : "plannen"}
          {pages > 1 && page <= pages && `; hier plan ${((page - 1) * pageSize + 1).toLocaleString("nl-NL")} tot en met ${((page - 1) * pageSize + plans.length).toLocaleString("nl-NL")}`}
          .
        </p>
      )}
      {total.items > 0 && plans.length === 0 && <p class="utrecht-paragraph">Op deze pagina staan geen plannen meer.</p>}
      {plans.map((p, i) => (
        <section aria-labelledby={`plan-${i}`}>
          <h2 class="utrecht-heading-2" id={`plan-${i}`}>
            <a class="utrecht-link" href={`/plannen/${p.slug}`}>
              {p.title}
            </a>
          </h2>
          <p class="utrecht-paragraph koers-note">
            {p.period.label}
            {p.regions.length > 0 && ` · ${p.regions.map((r) => r.name).join(", ")}`} · van{" "}
            <Explained text={p.owners.map((o) => o.shortName ?? o.name).join(", ")} />
          </p>
          <ul class="utrecht-unordered-list">
            {p.items.map((item) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={itemHref(p.slug, item.id)}>
                  {item.level} {item.code ? `${item.code} ` : ""}
                  {item.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <PageNav label="Pagina's met plannen" page={page} pages={pages} href={(n) => pageHref(`/onderwerpen/${topic.slug}`, n)} />
    </Page>
  );
}
