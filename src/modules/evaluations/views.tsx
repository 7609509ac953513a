import { Page } from "../../web/layout.tsx";
import { Footnotes, Sections, SourceNote } from "../../web/document.tsx";
import { formatDate } from "../plans/views/labels.ts";
import { Interpreted, InterpretedLegend } from "../../web/interpreted.tsx";
import type { EvaluationDetail, EvaluationSummary } from "./service.ts";
import { itemHref } from "../plans/parts.ts";
import { Explained } from "../../web/markdown.tsx";
import { PageNav } from "../../web/parts/paging.tsx";
import { pageCount, pageHref } from "../../lib/paging.ts";

/** Evaluations as a list: each with the plan it is about, its period and date. */
export function EvaluationList({ evaluations }: { evaluations: EvaluationSummary[] }) {
  return (
    <ul class="utrecht-unordered-list">
      {evaluations.map((e) => (
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={`/evaluaties/${e.slug}`}>
            {e.title}
          </a>{" "}
          — over <Explained text={e.plan.title} /> ({e.period}, {formatDate(e.date)})
        </li>
      ))}
    </ul>
  );
}

/** The newest evaluations, below the plans on the home page, with a link to all of them when there are more. */
export function NewestEvaluations({ list }: { list: { evaluations: EvaluationSummary[]; total: number } }) {
  if (list.total === 0) return null;
  return (
    <section aria-labelledby="evaluaties">
      <h2 class="utrecht-heading-2" id="evaluaties">
        Evaluaties
      </h2>
      <EvaluationList evaluations={list.evaluations} />
      {list.total > list.evaluations.length && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/evaluaties">
            Alle {list.total} evaluaties
          </a>
        </p>
      )}
    </section>
  );
}

/** Every evaluation the viewer may read, newest first, a page at a time. */
export function EvaluationsPage({ list }: { list: { evaluations: EvaluationSummary[]; total: number; page: number; pageSize: number } }) {
  const pages = pageCount(list.total, list.pageSize);
  return (
    <Page title="Evaluaties" crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Evaluaties</h1>
      {list.total === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen evaluaties die u kunt lezen.</p>
      ) : (
        <>
          <p class="utrecht-paragraph">
            {list.total === 1 ? "1 evaluatie" : `${list.total} evaluaties`}, de nieuwste eerst.
          </p>
          <EvaluationList evaluations={list.evaluations} />
        </>
      )}
      <PageNav label="Pagina's met evaluaties" page={list.page} pages={pages} href={(n) => pageHref("/evaluaties", n)} />
    </Page>
  );
}

export function EvaluationPage({ evaluation: e }: { evaluation: EvaluationDetail }) {
  return (
    <Page
      title={e.title}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${e.plan.slug}`, label: e.plan.title },
      ]}
    >
      <article>
        <h1 class="utrecht-heading-1">{e.title}</h1>
        {e.subtitle && <p class="utrecht-paragraph utrecht-paragraph--lead">{e.subtitle}</p>}
        <dl class="koers-meta">
          <dt>Over</dt>
          <dd>
            <a class="utrecht-link" href={`/plannen/${e.plan.slug}`}>
              {e.plan.title}
            </a>
          </dd>
          <dt>Periode</dt>
          <dd>{e.period.label}</dd>
          <dt>Datum</dt>
          <dd>{formatDate(e.date)}</dd>
        </dl>
        {e.updates.some((u) => u.interpreted.length > 0) && (
          <InterpretedLegend subject="de evaluatie" example="hier het onderdeel van het plan waar Koers een doelstelling bij heeft gezet" />
        )}
        <Sections sections={e.sections} level={2} />
        {e.updates.map((u) => {
          const hasContent = u.results.length > 0 || u.planning.length > 0;
          return (
            <section>
              <h2 class="utrecht-heading-2">{u.heading ?? `${u.item.code ?? ""} ${u.item.title}`}</h2>
              {hasContent && (
                <p class="utrecht-paragraph koers-note">
                  Bij{" "}
                  <Interpreted marked={u.interpreted.includes("item")}>
                    <a class="utrecht-link" href={itemHref(e.plan.slug, u.item.id)}>
                      {u.item.code ? `${u.item.code} ` : ""}
                      {u.item.title}
                    </a>
                  </Interpreted>
                </p>
              )}
              <Sections sections={u.results} level={3} />
              <Sections sections={u.planning} level={3} />
            </section>
          );
        })}
        <Sections sections={e.closingSections} level={2} />
        <Footnotes footnotes={e.footnotes} />
        <SourceNote source={e.source} />
      </article>
    </Page>
  );
}
