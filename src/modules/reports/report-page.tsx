/**
 * The report as a web page that prints as the document people hand on: the plan's own
 * structure and words, headings per level, the updates, figures with their charts and tables,
 * decisions. On paper (koers.css, print): A4, page numbers, the title on every page, no
 * navigation, table rows and charts kept whole.
 */
import type { Child } from "hono/jsx";
import { Page } from "../../web/layout.tsx";
import { Markdown } from "../../web/markdown.tsx";
import { Footnotes } from "../../web/document.tsx";
import { Notice } from "../../web/forms.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { ActionMenu } from "../../web/parts/action-menu.tsx";
import { formatDate } from "../../lib/dates.ts";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import { statusLabels } from "../monitoring/status.ts";
import { OverTimeChart } from "../figures/over-time.tsx";
import type { IndicatorView } from "../figures/service.ts";
import type { Section } from "../plans/format.ts";
import type { Report, ReportItem, ReportUpdate } from "./model.ts";

type Level = 2 | 3 | 4 | 5 | 6;
const level = (n: number): Level => Math.min(Math.max(n, 2), 6) as Level;

/** Where the report's pages are: its query string names the span. */
export function spanQuery(report: Pick<Report, "periods">, extra: Record<string, string> = {}): string {
  const from = report.periods[0]!.label;
  const to = report.periods.at(-1)!.label;
  const params = new URLSearchParams({ van: from, ...(to !== from && { tot: to }), ...extra });
  return `?${params.toString()}`;
}

function Heading({ level: n, id, children }: { level: Level; id?: string; children: Child }) {
  const H = `h${n}` as "h2";
  return (
    <H class={`utrecht-heading-${n}`} id={id}>
      {children}
    </H>
  );
}

function Texts({ sections, level: n }: { sections: Section[]; level: Level }) {
  return (
    <>
      {sections.map((s) => (
        <section class="koers-report__text">
          <Heading level={n}>{s.title}</Heading>
          <Markdown text={s.text} />
        </section>
      ))}
    </>
  );
}

const itemName = (item: { code: string | null; title: string }) => `${item.code ? `${item.code} ` : ""}${item.title}`;

function Update({ update: u, level: n }: { update: ReportUpdate; level: Level }) {
  return (
    <section class="koers-report__update">
      <Heading level={n}>{u.heading ?? `Voortgang ${u.period}`}</Heading>
      {u.status && (
        <p class="utrecht-paragraph">
          Status: <StatusBadge status={u.status} />
          {u.percentage !== null && ` · ${u.percentage}% gereed`}
        </p>
      )}
      {u.statusReason && <p class="utrecht-paragraph">Toelichting op de status: {u.statusReason}</p>}
      <Texts sections={u.results} level={level(n + 1)} />
      <Texts sections={u.planning} level={level(n + 1)} />
      <p class="utrecht-paragraph koers-note">
        {u.source.kind === "evaluatie" ? `Uit ${u.source.title}, ${formatDate(u.date)}` : `${u.author ? `${u.author}, ` : ""}${formatDate(u.date)}`}
      </p>
    </section>
  );
}

function Figures({ indicator: i, periods, level: n }: { indicator: IndicatorView; periods: Report["periods"]; level: Level }) {
  const start = periods[0]!.start;
  const inSpan = i.measurements.filter((m) => m.date >= start);
  const rows = inSpan.length > 0 ? inSpan : i.measurements.filter((m) => m.date === i.measurements.at(-1)?.date);
  return (
    <section class="koers-report__figures">
      <Heading level={n}>{i.name}</Heading>
      {i.definition && <p class="utrecht-paragraph">{i.definition}</p>}
      <figure class="koers-report__chart">
        <OverTimeChart indicator={i} id={`grafiek-${i.slug}`} />
      </figure>
      {rows.length === 0 ? (
        <p class="utrecht-paragraph">Nog geen meting.</p>
      ) : (
        <DataTable
          id={`cijfers-${i.slug}`}
          caption={`${i.name}: metingen`}
          hideCaption
          columns={[
            { label: "Peildatum", cell: (m) => m.label, rowHeader: true },
            { label: "Gebied", cell: (m) => m.scopeName },
            { label: "Waarde", cell: (m) => (i.unit === "tekst" ? (m.narrative ?? "") : m.display), numeric: i.unit !== "tekst" },
            { label: "Bron", cell: (m) => m.source ?? "" },
          ]}
          rows={rows}
        />
      )}
    </section>
  );
}

function Item({ item, report }: { item: ReportItem; report: Report }) {
  const n = level(item.depth + 2);
  return (
    <section class="koers-report__item" aria-labelledby={`onderdeel-${item.id}`}>
      <Heading level={n} id={`onderdeel-${item.id}`}>
        <span class="koers-report__level">{item.level} </span>
        {itemName(item)}
      </Heading>
      <p class="utrecht-paragraph">
        <StatusBadge status={item.status} note={item.status && !item.statusStated ? "berekend uit de onderdelen" : undefined} />
        {item.late && <strong class="koers-report__late"> Achter op planning</strong>}
      </p>
      {item.fields.length > 0 && (
        <dl class="koers-meta koers-report__fields">
          {item.fields.map((f) => (
            <>
              <dt>{f.label}</dt>
              <dd>
                <Markdown text={f.text} />
              </dd>
            </>
          ))}
        </dl>
      )}
      {item.updates.map((u) => (
        <Update update={u} level={level(n + 1)} />
      ))}
      {item.indicators.map((i) => (
        <Figures indicator={i} periods={report.periods} level={level(n + 1)} />
      ))}
    </section>
  );
}

export function Summary({ report }: { report: Report }) {
  const { themes, late, finished } = report.summary;
  return (
    <section class="koers-report__summary" aria-labelledby="samenvatting">
      <h2 class="utrecht-heading-2" id="samenvatting">
        Samenvatting
      </h2>
      {themes.length > 0 && (
        <DataTable
          id="stand-per-thema"
          caption={`Stand per ${report.plan.levels[0]?.name.toLowerCase() ?? "thema"} aan het eind van ${report.periods.at(-1)!.label}`}
          columns={[
            { label: report.plan.levels[0]?.name ?? "Thema", cell: (t) => itemName(t), rowHeader: true },
            { label: "Stand", cell: (t) => <StatusBadge status={t.status} /> },
            {
              label: "Onderdelen per status",
              cell: (t) => t.counts.map((c) => `${c.count} ${c.status ? statusLabels[c.status].toLowerCase() : "zonder status"}`).join(", "),
            },
            { label: "Aantal onderdelen", cell: (t) => String(t.total), numeric: true },
          ]}
          rows={themes}
        />
      )}
      <h3 class="utrecht-heading-3">Achter op planning</h3>
      {late.length === 0 ? (
        <p class="utrecht-paragraph">Geen onderdelen.</p>
      ) : (
        <ul class="utrecht-unordered-list">
          {late.map((l) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`#onderdeel-${l.id}`}>
                {itemName(l)}
              </a>
              : {l.reason}
            </li>
          ))}
        </ul>
      )}
      <h3 class="utrecht-heading-3">Afgerond in deze periode</h3>
      {finished.length === 0 ? (
        <p class="utrecht-paragraph">Geen onderdelen.</p>
      ) : (
        <ul class="utrecht-unordered-list">
          {finished.map((f) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`#onderdeel-${f.id}`}>
                {itemName(f)}
              </a>{" "}
              ({f.period})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The report itself, for the report page and a saved version alike. */
export function ReportBody({ report }: { report: Report }) {
  return (
    <article class="koers-report">
      <p class="koers-report__running" aria-hidden="true">
        {report.title}
        {report.confidential && " · Vertrouwelijk"}
      </p>
      <h1 class="utrecht-heading-1">{report.title}</h1>
      {report.subtitle && <p class="utrecht-paragraph utrecht-paragraph--lead">{report.subtitle}</p>}
      {report.confidential && (
        <Notice kind="info">Vertrouwelijk: deze rapportage bevat kleine aantallen over kinderen. Alleen voor de partners van het plan.</Notice>
      )}
      <dl class="koers-meta">
        <dt>Plan</dt>
        <dd>{report.plan.title}</dd>
        <dt>Periode</dt>
        <dd>{report.spanLabel}</dd>
        {report.plan.owners.length > 0 && (
          <>
            <dt>Van</dt>
            <dd>{report.plan.owners.join(", ")}</dd>
          </>
        )}
        <dt>Datum</dt>
        <dd>{formatDate(report.date)}</dd>
      </dl>
      <Texts sections={report.intro} level={2} />
      <Summary report={report} />
      {report.items.map((item) => (
        <Item item={item} report={report} />
      ))}
      {report.decisions.length > 0 && (
        <section aria-labelledby="besluiten">
          <h2 class="utrecht-heading-2" id="besluiten">
            Besluiten
          </h2>
          <DataTable
            id="besluiten-tabel"
            caption="Besluiten in deze periode"
            hideCaption
            columns={[
              { label: "Orgaan", cell: (d) => d.body, rowHeader: true },
              { label: "Datum", cell: (d) => (d.date ? formatDate(d.date) : "") },
              { label: "Besluit", cell: (d) => d.outcome },
              { label: "Toelichting", cell: (d) => d.note ?? "" },
            ]}
            rows={report.decisions}
          />
        </section>
      )}
      <Texts sections={report.closing} level={2} />
      <Footnotes footnotes={report.footnotes} />
    </article>
  );
}

export interface ReportPageProps {
  report: Report;
  /** Whether the viewer may write the texts and save versions. */
  editable: boolean;
  versions: { id: number; number: number; sentTo: string; sentOn: string }[];
  saved?: string | undefined;
}

export function ReportPage({ report, editable, versions, saved }: ReportPageProps) {
  const base = `/plannen/${report.plan.slug}/rapportage`;
  const q = spanQuery(report);
  const confidential: Record<string, string> = report.confidential ? { vertrouwelijk: "ja" } : {};
  return (
    <Page
      title={report.title}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${report.plan.slug}`, label: report.plan.title },
        { href: base, label: "Rapportages" },
      ]}
    >
      <div class="koers-tools">
        {saved && <Notice kind="ok">{saved}</Notice>}
        <ActionMenu
          about={report.title}
          label="Downloaden en bewerken"
          actions={[
            { href: `${base}.docx${spanQuery(report, confidential)}`, label: "Downloaden als Word-bestand" },
            { href: `${base}.xlsx${spanQuery(report, confidential)}`, label: "Downloaden als Excelbestand" },
            editable && { href: `${base}/teksten${q}`, label: "Inleiding en slottekst schrijven" },
            editable && { href: `${base}/versies/nieuw${q}`, label: "Bewaren als versie voor een vergadering" },
            report.confidential
              ? { href: `${base}${q}`, label: "Zonder kleine aantallen tonen (om te delen)" }
              : { href: `${base}${spanQuery(report, { vertrouwelijk: "ja" })}`, label: "Vertrouwelijk tonen, met kleine aantallen" },
          ]}
        />
        <p class="utrecht-paragraph koers-note">Afdrukken of bewaren als PDF kan met de afdrukknop van de browser: de pagina is op A4 opgemaakt.</p>
        {versions.length > 0 && (
          <section aria-labelledby="versies">
            <h2 class="utrecht-heading-2" id="versies">
              Bewaarde versies
            </h2>
            <ul class="utrecht-unordered-list">
              {versions.map((v) => (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={`${base}/versies/${v.id}`}>
                    Versie {v.number}: naar {v.sentTo}, {formatDate(v.sentOn)}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <ReportBody report={report} />
    </Page>
  );
}
