/**
 * The overview of a reporting round (GET /plannen/:slug/rondes/:id/overzicht), without
 * JavaScript: the whole round read top to bottom, every item in the plan's own order and
 * levels with its statuses, texts, figures and what is missing; filtered with a GET form
 * (?thema=ID&organisatie=SLUG&status=STATUS&gewijzigd=1). The rules are in overview.ts.
 */
import { Hono } from "hono";
import { formatDate, formatDateTime, formatPeriod } from "../../lib/dates.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Select } from "../../web/forms.tsx";
import { Page } from "../../web/layout.tsx";
import { Markdown } from "../../web/markdown.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import { lateReasonLabels, statuses, statusLabels } from "../monitoring/status.ts";
import { hasFilters, MISSING, nest, parseFilters, roundOverview, type OverviewEntry, type RoundOverview, type ShownNode } from "./overview.ts";
import { itemHref } from "../plans/parts.ts";

const itemName = (i: { code: string | null; title: string }) => [i.code, i.title].filter(Boolean).join(" ");
const orgNames = (list: { name: string; shortName: string | null }[]) => list.map((o) => o.shortName ?? o.name).join(", ");
const roundPath = (o: RoundOverview) => `/plannen/${o.plan.slug}/rondes/${o.round.id}`;

const changeLabels = { nieuw: "Nieuw", gewijzigd: "Gewijzigd", ongewijzigd: "Ongewijzigd" } as const;

function Filters({ overview }: { overview: RoundOverview }) {
  const { filters } = overview;
  const action = `${roundPath(overview)}/overzicht`;
  const any = hasFilters(filters);
  return (
    <section aria-labelledby="filteren">
      <h2 class="utrecht-heading-2" id="filteren">
        Filteren
      </h2>
      <form method="get" action={action} class="koers-form koers-form--wide">
      <Select
        name="thema"
        label={overview.themeLevel}
        value={filters.theme === null ? "" : String(filters.theme)}
        options={[{ value: "", label: "Alle" }, ...overview.themes.map((t) => ({ value: String(t.id), label: itemName(t) }))]}
      />
      <Select
        name="organisatie"
        label="Organisatie"
        hint="De partijen van het onderdeel en van de onderdelen erboven; zonder partijen de eigenaren van het plan."
        value={filters.organisation ?? ""}
        options={[{ value: "", label: "Alle" }, ...overview.organisations.map((o) => ({ value: o.slug, label: o.name }))]}
      />
      <Select
        name="status"
        label="Status"
        hint="De eigen status, of anders de berekende."
        value={filters.status ?? ""}
        options={[
          { value: "", label: "Alle" },
          ...statuses.map((s) => ({ value: s, label: statusLabels[s] })),
          { value: MISSING, label: "Nog niet gemeld" },
        ]}
      />
      <Checkbox
        name="gewijzigd"
        value="1"
        checked={filters.changed}
        label={overview.previous ? `Alleen nieuw of gewijzigd sinds ${overview.previous.label}` : "Alleen nieuw of gewijzigd"}
      />
      <div>
        <button type="submit" class="koers-button">
          Filter toepassen
        </button>
        {any && (
          <>
            {" "}
            <a class="utrecht-link" href={action}>
              Alle onderdelen tonen
            </a>
          </>
        )}
      </div>
      </form>
    </section>
  );
}

function Figures({ entry, overview }: { entry: OverviewEntry; overview: RoundOverview }) {
  if (entry.figures.length === 0) return <>Geen cijfers over deze periode.</>;
  const rows = entry.figures.flatMap((f) => f.measurements.map((m) => ({ indicator: f.indicator, m })));
  return (
    <DataTable
      id={`cijfers-${entry.id}`}
      caption={`Cijfers van ${itemName(entry)} over ${overview.period.label}`}
      hideCaption
      rows={rows}
      columns={[
        {
          label: "Indicator",
          rowHeader: true,
          cell: (r) => (
            <a class="utrecht-link" href={`/plannen/${overview.plan.slug}/cijfers/${r.indicator.slug}`}>
              {r.indicator.name}
            </a>
          ),
        },
        { label: "Peildatum", cell: (r) => formatDate(r.m.date) },
        { label: "Voor", cell: (r) => r.m.scopeName },
        { label: "Waarde", cell: (r) => (r.m.narrative ?? r.m.display) + (r.m.provisional ? " (voorlopig)" : "") },
        { label: "Bron", cell: (r) => r.m.source ?? "" },
      ]}
    />
  );
}

/** One item: its heading at its depth, what is known of it over the period, and the items below it. */
function Item({ node, overview }: { node: ShownNode; overview: RoundOverview }) {
  const { entry, match } = node;
  const { slug } = overview.plan;
  // Below the page's h2 "Onderdelen": the plan's top level is h3, each level deeper one more (at most h6).
  const level = Math.min(entry.depth + 3, 6);
  const Heading = `h${level}` as "h2";
  const headingId = `onderdeel-${entry.id}`;
  const name = `${entry.level} ${itemName(entry)}`;
  const updateHref = `/plannen/${slug}/onderdelen/${entry.id}/voortgang?periode=${overview.period.id}`;
  const u = entry.update;
  return (
    <section class="koers-block" aria-labelledby={headingId}>
      <Heading class={`utrecht-heading-${level}`} id={headingId}>
        {entry.editable ? (
          <a class="utrecht-link" href={`/plannen/${slug}/onderdelen/${entry.id}/bewerken`}>
            {name}
          </a>
        ) : (
          <a class="utrecht-link" href={itemHref(slug, entry.id)}>
            {name}
          </a>
        )}
      </Heading>
      {!match ? (
        <p class="utrecht-paragraph koers-note">Staat hier ter plaatsing: dit onderdeel valt zelf niet onder het filter.</p>
      ) : (
        <>
          {(entry.missing || (entry.change && entry.change !== "ongewijzigd") || entry.late.late) && (
            <p class="utrecht-paragraph">
              {entry.missing && <strong class="koers-badge">Nog niet gemeld</strong>}{" "}
              {entry.change && entry.change !== "ongewijzigd" && <span class="koers-badge">{changeLabels[entry.change]}</span>}{" "}
              {entry.late.late && <span class="koers-badge">Te laat</span>}
            </p>
          )}
          <dl>
            <dt>Gemelde status</dt>
            <dd>
              {u ? <StatusBadge status={entry.status} /> : entry.due ? "Nog niet gemeld" : "Niet gevraagd in deze ronde"}
            </dd>
            {entry.hasChildren && (
              <>
                <dt>Berekende status</dt>
                <dd>
                  {entry.rolledUp ? <StatusBadge status={entry.rolledUp} note="berekend" /> : "Nog niets bekend van de onderdelen eronder"}
                </dd>
              </>
            )}
            {u?.statusReason && (
              <>
                <dt>Reden voor de status</dt>
                <dd class="koers-pre">{u.statusReason}</dd>
              </>
            )}
            {u?.percentage != null && (
              <>
                <dt>Percentage</dt>
                <dd>{u.percentage}%</dd>
              </>
            )}
            {u && (
              <>
                <dt>Resultaten</dt>
                <dd>{u.results ? <Markdown text={u.results} /> : "(leeg)"}</dd>
                <dt>Planning</dt>
                <dd>{u.planning ? <Markdown text={u.planning} /> : "(leeg)"}</dd>
                <dt>Gemeld door</dt>
                <dd>
                  {u.author.name ?? "onbekend"}, {formatDateTime(u.updatedAt)}
                  {u.version > 1 && ` (${u.version}e versie)`}
                </dd>
                <dt>{overview.previous ? `Sinds ${overview.previous.label}` : "Vorige periode"}</dt>
                <dd>
                  {entry.change === "nieuw"
                    ? overview.previous
                      ? `Nieuw: over ${overview.previous.label} is niets gemeld.`
                      : "Nieuw: dit is de eerste periode van het plan."
                    : entry.change === "gewijzigd"
                      ? "Gewijzigd: de status of de tekst is anders."
                      : "Ongewijzigd: dezelfde status en tekst."}
                </dd>
              </>
            )}
            {entry.measured && (
              <>
                <dt>Cijfers</dt>
                <dd>
                  <Figures entry={entry} overview={overview} />
                </dd>
              </>
            )}
            <dt>Organisaties</dt>
            <dd>{orgNames(entry.organisations)}</dd>
            {entry.late.late && (
              <>
                <dt>Te laat</dt>
                <dd>{entry.late.reasons.map((r) => lateReasonLabels[r]).join(" ")}</dd>
              </>
            )}
          </dl>
          {entry.editable && (entry.due || u) && (
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={updateHref}>
                {!overview.round.open ? "Voortgang bekijken" : u ? "Voortgang bijwerken" : "Voortgang melden"}
                <span class="visually-hidden"> van {itemName(entry)}</span>
              </a>
            </p>
          )}
        </>
      )}
      {node.children.map((child) => (
        <Item node={child} overview={overview} />
      ))}
    </section>
  );
}

function OverviewPage({ overview }: { overview: RoundOverview }) {
  const { plan, period, counts } = overview;
  const path = roundPath(overview);
  const filtered = hasFilters(overview.filters);
  return (
    <Page
      title={`Overzicht rapportageronde ${period.label} · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
        { href: `/plannen/${plan.slug}/rondes`, label: "Rapportagerondes" },
        { href: path, label: `Rapportageronde ${period.label}` },
      ]}
    >
      <h1 class="utrecht-heading-1">Overzicht rapportageronde {period.label}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{plan.title}</p>
      <dl class="koers-meta">
        <dt>Periode</dt>
        <dd>{formatPeriod(period)}</dd>
        <dt>Uiterste datum</dt>
        <dd>{formatDate(overview.round.deadline)}</dd>
        <dt>Ronde</dt>
        <dd>{overview.round.open ? "Open" : `Gesloten op ${formatDateTime(overview.round.closedAt!)}`}</dd>
        <dt>Gemeld</dt>
        <dd>
          {counts.done} van {counts.due} onderdelen; nog niet gemeld: {counts.missing}
        </dd>
        <dt>{overview.previous ? `Sinds ${overview.previous.label}` : "Nieuw"}</dt>
        <dd>{counts.changed} nieuw of gewijzigd</dd>
      </dl>
      <p class="utrecht-paragraph">
        Per onderdeel staan hier de gemelde status (door de trekker gekozen) en, bij onderdelen met onderdelen eronder, de
        berekende status (wat uit die onderdelen volgt). <a class="utrecht-link" href={path}>Terug naar de ronde</a>
      </p>
      <Filters overview={overview} />
      <h2 class="utrecht-heading-2" id="onderdelen">
        Onderdelen
      </h2>
      <p class="utrecht-paragraph">
        {overview.matching === 0
          ? "Geen onderdeel voldoet aan dit filter."
          : filtered
            ? `${overview.matching} ${overview.matching === 1 ? "onderdeel voldoet" : "onderdelen voldoen"} aan het filter.`
            : `${overview.matching} ${overview.matching === 1 ? "onderdeel" : "onderdelen"}.`}
      </p>
      {nest(overview.shown).map((node) => (
        <Item node={node} overview={overview} />
      ))}
    </Page>
  );
}

export function roundOverviewPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get("/plannen/:slug/rondes/:id/overzicht", async (c) => {
    const overview = await roundOverview(db, c.get("viewer"), c.req.param("slug"), Number(c.req.param("id")), parseFilters(c.req.query()));
    return c.render(<OverviewPage overview={overview} />);
  });
  return app;
}
