/** The search page: a form that works without JavaScript, and the results with their place in the plan. */
import { Paging } from "../../web/parts/paging.tsx";
import { Page } from "../../web/layout.tsx";
import { kindLabel } from "../plans/views/labels.ts";
import type { Highlighted, SearchFacets, SearchPage as Results, SearchResult } from "../plans/search.ts";
import { itemHref } from "../plans/parts.ts";

/** What the form holds: the query and the filters, by their names in the address. */
export interface SearchForm {
  q: string;
  plan: string;
  organisatie: string;
  regio: string;
  onderwerp: string;
  niveau: string;
  pagina: number;
}

/** The address of the search page for this form, on another page of results. */
export function searchHref(form: SearchForm, pagina: number): string {
  const params = new URLSearchParams();
  for (const key of ["q", "plan", "organisatie", "regio", "onderwerp", "niveau"] as const) {
    if (form[key]) params.set(key, form[key]);
  }
  if (pagina > 1) params.set("pagina", String(pagina));
  return `/zoeken?${params}`;
}

/** Text with its hits in <mark>; every part is text, so nothing from the database becomes markup. */
function Marked({ parts }: { parts: Highlighted }) {
  return <>{parts.map((p) => (p.hit ? <mark class="utrecht-mark">{p.text}</mark> : p.text))}</>;
}

const shorten = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

function Select(props: { name: keyof SearchForm; label: string; all: string; value: string; options: { value: string; label: string }[] }) {
  const id = `zoek-${props.name}`;
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} class="utrecht-select utrecht-select--html-select">
        <option value="" selected={props.value === ""}>
          {props.all}
        </option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Form({ form, facets }: { form: SearchForm; facets: SearchFacets }) {
  return (
    <form method="get" action="/zoeken" role="search" class="koers-form" aria-label="Zoeken in de plannen">
      <div>
        <label for="zoekvraag">Zoekwoorden</label>
        <p class="utrecht-paragraph koers-note" id="zoekvraag-uitleg">
          Bijvoorbeeld <i>thuiszitters</i>, <i>"passend onderwijs"</i> (precies deze woorden na elkaar),{" "}
          <i>verzuim of thuiszitters</i> (een van beide) of <i>jeugdhulp -wachtlijst</i> (zonder dat woord).
        </p>
        <input
          id="zoekvraag"
          name="q"
          type="search"
          value={form.q}
          maxlength={500}
          autocomplete="off"
          aria-describedby="zoekvraag-uitleg"
          class="utrecht-textbox utrecht-textbox--html-input"
        />
      </div>
      <fieldset>
        <legend>Alleen zoeken in</legend>
        <Select name="plan" label="Plan" all="Alle plannen" value={form.plan} options={facets.plans.map((p) => ({ value: p.slug, label: p.title }))} />
        <Select
          name="organisatie"
          label="Organisatie (eigenaar of betrokken partij)"
          all="Alle organisaties"
          value={form.organisatie}
          options={facets.organisations.map((o) => ({ value: o.slug, label: o.name }))}
        />
        <Select name="regio" label="Regio" all="Alle regio's" value={form.regio} options={facets.regions.map((r) => ({ value: r.slug, label: r.name }))} />
        <Select
          name="onderwerp"
          label="Onderwerp"
          all="Alle onderwerpen"
          value={form.onderwerp}
          options={facets.topics.map((t) => ({ value: t.slug, label: t.name }))}
        />
        <Select name="niveau" label="Niveau" all="Alle niveaus" value={form.niveau} options={facets.levels.map((l) => ({ value: l.key, label: l.name }))} />
      </fieldset>
      <button type="submit" class="koers-button">
        Zoeken
      </button>
    </form>
  );
}

function Place({ result }: { result: SearchResult }) {
  if (!result.item) {
    return (
      <p class="utrecht-paragraph koers-note">
        Tekst van het plan zelf: {kindLabel(result.plan.kind)} <a class="utrecht-link" href={`/plannen/${result.plan.slug}`}>{result.plan.title}</a>
      </p>
    );
  }
  return (
    <p class="utrecht-paragraph koers-note">
      {result.item.level} in{" "}
      <a class="utrecht-link" href={`/plannen/${result.plan.slug}`}>
        {result.plan.title}
      </a>
      {result.place.map((step) => (
        <>
          {" › "}
          <a class="utrecht-link" href={itemHref(result.plan.slug, step.id)}>
            {step.level} {step.code ? `${step.code} ` : ""}
            {shorten(step.title)}
          </a>
        </>
      ))}
    </p>
  );
}

function Result({ result }: { result: SearchResult }) {
  return (
    <li class="koers-search-result">
      <h3 class="utrecht-heading-3">
        <a class="utrecht-link" href={result.href}>
          {result.item?.code && <span class="koers-code">{result.item.code}</span>}
          <Marked parts={result.title} />
        </a>
      </h3>
      <Place result={result} />
      {result.passage.length > 0 && (
        <p class="utrecht-paragraph">
          <Marked parts={result.passage} />
        </p>
      )}
    </li>
  );
}

function ResultsPaging({ form, results }: { form: SearchForm; results: Results }) {
  const page = form.pagina;
  const hasNext = results.offset + results.results.length < results.total;
  return (
    <Paging
      label="Meer resultaten"
      prev={page > 1 ? { href: searchHref(form, page - 1), text: `Vorige ${results.limit} resultaten` } : null}
      next={hasNext ? { href: searchHref(form, page + 1), text: "Volgende resultaten" } : null}
    />
  );
}

function ResultsSection({ form, results }: { form: SearchForm; results: Results }) {
  const { total, offset } = results;
  const list = results.results;
  if (list.length === 0) {
    return (
      <section aria-labelledby="resultaten">
        <h2 class="utrecht-heading-2" id="resultaten">
          {offset > 0 && total === 0 ? "Geen resultaten meer" : `Geen resultaten voor ‘${results.query}’`}
        </h2>
        {offset > 0 ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={searchHref(form, 1)}>
              Naar de eerste resultaten
            </a>
          </p>
        ) : (
          <>
            <p class="utrecht-paragraph">Probeer het zo:</p>
            <ul class="utrecht-unordered-list">
              <li class="utrecht-unordered-list__item">controleer de spelling;</li>
              <li class="utrecht-unordered-list__item">gebruik minder of andere woorden, of een woord met dezelfde betekenis;</li>
              <li class="utrecht-unordered-list__item">zet de keuzes onder ‘Alleen zoeken in’ terug op ‘Alle’.</li>
            </ul>
          </>
        )}
      </section>
    );
  }
  return (
    <section aria-labelledby="resultaten">
      <h2 class="utrecht-heading-2" id="resultaten">
        {total === 1 ? "1 resultaat" : `${total} resultaten`} voor ‘{results.query}’
      </h2>
      {total > list.length && (
        <p class="utrecht-paragraph koers-note">
          Resultaat {offset + 1} tot en met {offset + list.length}, het best passende eerst.
        </p>
      )}
      <ol class="koers-search-results" start={offset + 1}>
        {list.map((r) => (
          <Result result={r} />
        ))}
      </ol>
      <ResultsPaging form={form} results={results} />
    </section>
  );
}

export function SearchPage({ form, facets, results }: { form: SearchForm; facets: SearchFacets; results: Results | null }) {
  const title = results ? `Zoeken: ${results.query}` : "Zoeken";
  return (
    <Page title={title} crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Zoeken</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        Zoek in alle plannen en hun onderdelen: ambities, doelen, acties en stappen, met hun teksten.
      </p>
      <Form form={form} facets={facets} />
      {results ? (
        <ResultsSection form={form} results={results} />
      ) : (
        <p class="utrecht-paragraph">
          Typ hierboven een of meer woorden en kies <strong>Zoeken</strong>. Koers vindt ook andere vormen van een woord
          (<i>thuiszitter</i> vindt ook <i>thuiszitters</i>) en let niet op accenten (<i>coordinator</i> vindt ook{" "}
          <i>coördinator</i>).
        </p>
      )}
    </Page>
  );
}
