import { Page } from "../../web/layout.tsx";
import { Footnotes, Sections, SourceNote } from "../../web/document.tsx";
import { formatDate } from "../plans/views/labels.ts";
import { Interpreted, InterpretedLegend } from "../../web/interpreted.tsx";
import type { EvaluationDetail } from "./service.ts";
import { itemHref } from "../plans/parts.ts";


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
