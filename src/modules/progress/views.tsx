import { Page } from "../../web/layout.tsx";
import { Markdown } from "../../web/markdown.tsx";
import { formatDate } from "../plans/views/labels.ts";
import type { Section } from "../plans/format.ts";
import type { EvaluationDetail } from "./service.ts";

function Blocks({ sections, level }: { sections: Section[]; level: 3 | 4 }) {
  const H = `h${level}` as "h3";
  return (
    <>
      {sections.map((s) => (
        <>
          <H class={`utrecht-heading-${level}`}>{s.title}</H>
          <Markdown text={s.text} />
        </>
      ))}
    </>
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
        {e.sections.map((s) => (
          <section>
            <h2 class="utrecht-heading-2">{s.title}</h2>
            <Markdown text={s.text} />
          </section>
        ))}
        {e.updates.map((u) => {
          const hasContent = u.results.length > 0 || u.planning.length > 0;
          return (
            <section>
              <h2 class="utrecht-heading-2">{u.heading ?? `${u.item.code ?? ""} ${u.item.title}`}</h2>
              {hasContent && (
                <p class="utrecht-paragraph koers-note">
                  Bij{" "}
                  <a class="utrecht-link" href={`/plannen/${e.plan.slug}#onderdeel-${u.item.id}`}>
                    {u.item.code ? `${u.item.code} ` : ""}
                    {u.item.title}
                  </a>
                </p>
              )}
              <Blocks sections={u.results} level={3} />
              <Blocks sections={u.planning} level={3} />
            </section>
          );
        })}
        {e.closingSections.map((s) => (
          <section>
            <h2 class="utrecht-heading-2">{s.title}</h2>
            <Markdown text={s.text} />
          </section>
        ))}
        {e.footnotes.length > 0 && (
          <section class="koers-footnotes" aria-labelledby="voetnoten">
            <h2 class="utrecht-heading-2" id="voetnoten">
              Voetnoten
            </h2>
            <dl class="koers-meta">
              {e.footnotes.map((f) => (
                <>
                  <dt>{f.mark}</dt>
                  <dd>
                    <Markdown text={f.text} />
                  </dd>
                </>
              ))}
            </dl>
          </section>
        )}
        {e.source && <p class="utrecht-paragraph koers-note">Bron: het oorspronkelijke document ({e.source}).</p>}
      </article>
    </Page>
  );
}
