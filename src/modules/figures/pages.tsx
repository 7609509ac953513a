/**
 * Pages for figures: a plan's indicators (/plannen/{slug}/cijfers) and one indicator with its
 * charts and data table (/plannen/{slug}/cijfers/{indicator}). Small counts about children
 * are shown as the service gives them: suppressed for whoever may not see them.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Page } from "../../web/layout.tsx";
import { Explained } from "../../web/markdown.tsx";
import { Notice } from "../../web/forms.tsx";
import { BarChart, loadCharts } from "../../web/parts/chart.tsx";
import { OverTimeChart, overTime } from "./over-time.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { formatDate } from "../plans/views/labels.ts";
import type { Mark } from "./schema.ts";
import { displayValue, indicatorFigures, markDisplay, planFigures, type IndicatorView, type MeasurementView, type PlanFigures } from "./service.ts";
import { itemHref } from "../plans/parts.ts";

const unitLabels: Record<IndicatorView["unit"], string> = {
  aantal: "aantal",
  percentage: "percentage",
  euro: "bedrag in euro's",
  dagen: "aantal dagen",
  score: "score",
  tekst: "kwalitatief (beschreven in woorden)",
};
const directionLabels: Record<IndicatorView["direction"], string> = { lager: "lager is beter", hoger: "hoger is beter", geen: "geen richting" };
const frequencyLabels: Record<IndicatorView["frequency"], string> = {
  peildata: "vier peildata per jaar",
  kwartaal: "per kwartaal",
  jaar: "per jaar",
  schooljaar: "per schooljaar",
  eenmalig: "eenmalig",
  onbekend: "niet vastgelegd",
};

const totals = (i: IndicatorView) => i.measurements.filter((m) => m.scope === "totaal");
const latest = (i: IndicatorView): MeasurementView | undefined => totals(i).at(-1) ?? i.measurements.at(-1);
const href = (plan: string, i: IndicatorView) => `/plannen/${plan}/cijfers/${i.slug}`;

function PrivacyNote({ figures }: { figures: PlanFigures }) {
  if (figures.revealed || !figures.indicators.some((i) => i.children)) return null;
  return (
    <p class="utrecht-paragraph koers-note">
      Kleine aantallen over kinderen (1 tot en met 4) staan hier als "&lt; 5", en een getal waaruit zo'n aantal terug te rekenen
      is, staat er ook niet. Zo is geen kind te herkennen. De partners van het plan zien de echte waarden.
    </p>
  );
}

function FiguresPage({ figures, imported }: { figures: PlanFigures; imported: number }) {
  const { plan } = figures;
  return (
    <Page
      title={`Cijfers · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Cijfers</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{plan.title}: tellen én vertellen</p>
      {figures.editable && (
        <p class="utrecht-paragraph koers-tools">
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers/nieuw`}>
            Nieuwe indicator
          </a>
          {" · "}
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers/inlezen`}>
            Cijfers inlezen
          </a>
        </p>
      )}
      {figures.indicators.length > 0 && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers.csv`}>
            Cijfers als CSV
          </a>
          {" · "}
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers.xlsx`}>
            als Excel
          </a>
        </p>
      )}
      {imported > 0 && <Notice kind="ok">{imported === 1 ? "1 meting ingelezen." : `${imported} metingen ingelezen.`}</Notice>}
      <PrivacyNote figures={figures} />
      {figures.indicators.length === 0 ? (
        <p class="utrecht-paragraph">Bij dit plan zijn nog geen indicatoren vastgelegd.</p>
      ) : (
        <DataTable
          id="indicatoren"
          caption={`Indicatoren van ${plan.title}`}
          rows={figures.indicators}
          columns={[
            {
              label: "Indicator",
              rowHeader: true,
              cell: (i) => (
                <a class="utrecht-link" href={href(plan.slug, i)}>
                  {i.name}
                </a>
              ),
            },
            { label: "Hoort bij", cell: (i) => i.items.map((item) => item.code ?? item.title).join(", ") || "–" },
            { label: "Eenheid", cell: (i) => unitLabels[i.unit] },
            {
              label: "Laatste meting",
              cell: (i) => {
                const m = latest(i);
                if (!m) return "nog geen";
                return `${i.unit === "tekst" ? "beschreven" : m.display} (${m.label}${m.scope === "totaal" ? "" : `, ${m.scopeName}`})`;
              },
            },
          ]}
        />
      )}
      {figures.indicators.some((i) => overTime(i).drawn) && (
        <section aria-labelledby="verloop">
          <h2 class="utrecht-heading-2" id="verloop">
            Verloop
          </h2>
          {figures.indicators
            .filter((i) => overTime(i).drawn)
            .map((i) => (
              <details class="koers-chart-details">
                <summary>{i.name}</summary>
                <OverTimeChart indicator={i} id={`verloop-${i.slug}`} />
              </details>
            ))}
        </section>
      )}
    </Page>
  );
}

function IndicatorPage({ figures, saved }: { figures: PlanFigures & { indicator: IndicatorView }; saved: "indicator" | "meting" | null }) {
  const { plan, indicator: i } = figures;
  const line = overTime(i);
  const lastDate = i.measurements.filter((m) => m.scope !== "totaal").at(-1)?.date;
  const cells = lastDate ? i.measurements.filter((m) => m.date === lastDate && m.scope !== "totaal") : [];
  return (
    <Page
      title={`${i.name} · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
        { href: `/plannen/${plan.slug}/cijfers`, label: "Cijfers" },
      ]}
    >
      <h1 class="utrecht-heading-1">{i.name}</h1>
      {saved && <Notice kind="ok">{saved === "meting" ? "De meting is opgeslagen." : "De indicator is opgeslagen."}</Notice>}
      {figures.editable && (
        <p class="utrecht-paragraph koers-tools">
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers/${i.slug}/meting`}>
            Meting toevoegen
          </a>
          {" · "}
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers/${i.slug}/bewerken`}>
            Indicator wijzigen
          </a>
        </p>
      )}
      {i.compareWith && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers/${i.slug}/vergelijken`}>
            Twee bronnen vergelijken
          </a>
        </p>
      )}
      {i.definition && (
        <p class="utrecht-paragraph utrecht-paragraph--lead">
          <Explained text={i.definition} />
        </p>
      )}
      <dl class="koers-meta">
        <dt>Eenheid</dt>
        <dd>
          {unitLabels[i.unit]}
          {i.unit !== "tekst" && `, ${directionLabels[i.direction]}`}
        </dd>
        <dt>Meetmomenten</dt>
        <dd>{frequencyLabels[i.frequency]}</dd>
        {i.baseline && (
          <>
            <dt>0-meting</dt>
            <dd>
              {markDisplay(i.baseline, i.unit)} ({i.baseline.label})
            </dd>
          </>
        )}
        {i.targets.length > 0 && (
          <>
            <dt>Doel</dt>
            <dd>{i.targets.map((t) => `${markDisplay(t, i.unit)} (${t.label})${t.note ? `: ${t.note}` : ""}`).join("; ")}</dd>
          </>
        )}
        <dt>Hoort bij</dt>
        <dd>
          {i.items.length === 0
            ? "–"
            : i.items.map((item, n) => (
                <>
                  {n > 0 && ", "}
                  <a class="utrecht-link" href={itemHref(plan.slug, item.id)}>
                    {item.code ? `${item.code} ` : ""}
                    {item.title}
                  </a>
                </>
              ))}
        </dd>
      </dl>
      <PrivacyNote figures={figures} />
      <OverTimeChart indicator={i} id="verloop" />
      {line.drawn && line.shownAreas < line.areas && (
        <p class="utrecht-paragraph koers-note">
          De grafiek toont {line.onlyTotal ? "het totaal" : `${line.shownAreas} van de ${line.areas} gebieden`}; alle metingen staan in de tabel onder
          "Alle metingen".
        </p>
      )}
      {i.unit !== "tekst" && cells.length > 1 && (
        <BarChart
          id="verdeling"
          title={`${i.name} per gebied, ${cells[0]!.label}`}
          unit={i.unit}
          bars={cells.map((m) => ({ label: m.scopeName, value: m.value, text: m.display }))}
        />
      )}
      <h2 class="utrecht-heading-2" id="metingen-kop">
        Alle metingen
      </h2>
      {i.measurements.length > 0 && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers/${i.slug}/metingen.csv`}>
            Metingen als CSV
          </a>
          {" · "}
          <a class="utrecht-link" href={`/plannen/${plan.slug}/cijfers/${i.slug}/metingen.xlsx`}>
            als Excel
          </a>
        </p>
      )}
      {i.measurements.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen metingen.</p>
      ) : (
        <DataTable
          id="metingen"
          caption={`Metingen van ${i.name}`}
          hideCaption
          rows={i.measurements}
          columns={[
            { label: "Periode", rowHeader: true, cell: (m) => `${m.label}${m.provisional ? " (voorlopig)" : ""}` },
            { label: "Peildatum", cell: (m) => formatDate(m.date) },
            { label: "Gebied", cell: (m) => m.scopeName },
            i.unit !== "tekst" && { label: "Waarde", numeric: true, cell: (m) => m.display },
            { label: "Toelichting", cell: (m) => (m.narrative || m.note ? <Explained text={[m.narrative, m.note].filter(Boolean).join(" ")} /> : "") },
            { label: "Bron", cell: (m) => m.source ?? "" },
            figures.revealed && { label: "Ingevoerd door", cell: (m) => m.enteredBy ?? "" },
          ]}
        />
      )}
      {i.measurements.some((m) => m.quote) && (
        <>
          <h2 class="utrecht-heading-2">Zo staat het in het document</h2>
          <ul class="utrecht-unordered-list">
            {i.measurements
              .filter((m) => m.quote)
              .map((m) => (
                <li class="utrecht-unordered-list__item">
                  {m.label}: “{m.quote}”
                </li>
              ))}
          </ul>
        </>
      )}
    </Page>
  );
}

export function figuresPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/:slug/cijfers", async (c) => {
      await loadCharts();
      const imported = Number(c.req.query("ingelezen"));
      return c.render(<FiguresPage figures={await planFigures(db, c.get("viewer"), c.req.param("slug"))} imported={Number.isSafeInteger(imported) ? imported : 0} />);
    })
    .get("/:slug/cijfers/:indicator", async (c) => {
      await loadCharts();
      return c.render(<IndicatorPage figures={await indicatorFigures(db, c.get("viewer"), c.req.param("slug"), c.req.param("indicator"))} saved={c.req.query("meting") === "opgeslagen" ? "meting" : c.req.query("opgeslagen") === "1" ? "indicator" : null} />);
    });
}
