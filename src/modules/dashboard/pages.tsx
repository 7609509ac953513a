/**
 * The plan dashboard (GET /plannen/:slug/dashboard), the timeline
 * (GET /plannen/:slug/tijdlijn), both with an optional ?periode=ID, and the
 * plan's calendar feed (GET /plannen/:slug/agenda.ics).
 */
import { Hono } from "hono";
import { NotFoundError } from "../../lib/errors.ts";
import { addressLimit } from "../../web/auth.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Select } from "../../web/forms.tsx";
import { Page } from "../../web/layout.tsx";
import { tokenViewer } from "../accounts/service.ts";
import { formatDate, formatPeriod } from "../../lib/dates.ts";
import { DataTable } from "../../web/parts/table.tsx";
import { loadDashboard, loadProgress, loadPublicDashboard, readsInternal, type Dashboard, type DueMoment } from "./service.ts";
import { PublicDashboardPage, PublicTimelinePage } from "./public.tsx";
import { planCalendar } from "./plan-calendar.ts";
import { lateReasonLabels, statusLabels } from "../monitoring/status.ts";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import { Timeline } from "./timeline.tsx";
import type { ItemProgress, PlanProgress } from "../monitoring/updates.ts";
import { itemHref } from "../plans/parts.ts";

const itemName = (e: ItemProgress) => `${e.item.code ? `${e.item.code} ` : ""}${e.item.title}`;

/** The item on the plan page, and its update form when the viewer may write it. */
function ItemLinks({ entry, progress }: { entry: ItemProgress; progress: PlanProgress }) {
  const { slug } = progress.plan;
  return (
    <>
      <a class="utrecht-link" href={itemHref(slug, entry.item.id)}>
        {itemName(entry)}
      </a>
      {entry.item.editable && progress.period && (
        <>
          {" "}
          <a class="utrecht-link koers-dash-action" href={`/plannen/${slug}/onderdelen/${entry.item.id}/voortgang?periode=${progress.period.id}`}>
            Voortgang bijwerken<span class="visually-hidden"> van {itemName(entry)}</span>
          </a>
        </>
      )}
    </>
  );
}

/** A GET form to show another reporting period. */
export function PeriodChooser({ progress, action }: { progress: PlanProgress; action: string }) {
  if (!progress.period) return null;
  return (
    <form method="get" action={action} class="koers-form koers-dash-period">
      <Select
        name="periode"
        label="Periode"
        value={String(progress.period.id)}
        options={progress.periods.map((p) => ({ value: String(p.id), label: `${p.label} (${formatPeriod(p)})` }))}
      />
      <button type="submit" class="koers-button koers-button--secondary">
        Toon deze periode
      </button>
    </form>
  );
}

function NoPeriods({ slug }: { slug: string }) {
  return (
    <p class="utrecht-paragraph">
      Dit plan heeft nog geen rapportageperiodes, dus er is nog geen voortgang gemeld.{" "}
      <a class="utrecht-link" href={`/plannen/${slug}/rapportageperiodes`}>
        Rapportageperiodes van dit plan
      </a>
    </p>
  );
}

export const countsText = (t: Dashboard["themes"][number]) =>
  t.total === 0
    ? "Geen onderdelen eronder."
    : `${t.counts.map((c) => `${c.count} ${(c.status ? statusLabels[c.status] : "Nog geen status").toLowerCase()}`).join(", ")} (van ${t.total}).`;

export function DueList({ due, progress, empty }: { due: DueMoment[]; progress: PlanProgress; empty: string }) {
  if (due.length === 0) return <p class="utrecht-paragraph">{empty}</p>;
  return (
    <ul class="utrecht-unordered-list koers-dash-list">
      {due.map((d) => (
        <li class="utrecht-unordered-list__item">
          <strong>{formatDate(d.date)}</strong>: <ItemLinks entry={d.entry} progress={progress} />
          <br />
          {d.kind === "gereed" ? `Gereed; gepland: "${d.text}".` : `Moment: "${d.text}".`}
        </li>
      ))}
    </ul>
  );
}

function DashboardPage({ dashboard }: { dashboard: Dashboard & { published: boolean } }) {
  const { progress, round } = dashboard;
  const { slug, title } = progress.plan;
  const topLevel = progress.items.find((e) => e.item.parentId === null)?.item.level.toLowerCase() ?? "onderdeel";
  return (
    <Page
      title={`Dashboard · ${title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${slug}`, label: title },
      ]}
    >
      <h1 class="utrecht-heading-1">Dashboard</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {title}
        {progress.period && `: voortgang over ${progress.period.label}`}
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/plannen/${slug}/tijdlijn${progress.period ? `?periode=${progress.period.id}` : ""}`}>
          Tijdlijn van dit plan
        </a>
      </p>
      {progress.period ? <PeriodChooser progress={progress} action={`/plannen/${slug}/dashboard`} /> : <NoPeriods slug={slug} />}
      <p class="utrecht-paragraph">
        {round
          ? `Huidige rapportageronde: voortgang over ${round.period?.label ?? "een periode"}, uiterlijk ${formatDate(round.deadline)}${round.closed ? " (afgesloten)" : ""}.`
          : "Er is nog geen rapportageronde gehouden."}
      </p>

      <h2 class="utrecht-heading-2">Stand per {topLevel}</h2>
      {dashboard.themes.length === 0 ? (
        <p class="utrecht-paragraph">Dit plan heeft nog geen onderdelen.</p>
      ) : (
        <DataTable
          id="stand"
          caption={`Stand per ${topLevel}`}
          hideCaption
          rows={dashboard.themes}
          columns={[
            {
              label: progress.items[0]!.item.level,
              rowHeader: true,
              cell: (t) => (
                <a class="utrecht-link" href={itemHref(slug, t.entry.item.id)}>
                  {itemName(t.entry)}
                </a>
              ),
            },
            { label: "Status", cell: (t) => <StatusBadge status={t.entry.effective} note={t.entry.status === null && t.entry.rolledUp !== null ? "berekend" : undefined} /> },
            { label: "Onderdelen eronder", cell: (t) => countsText(t) },
          ]}
        />
      )}

      <h2 class="utrecht-heading-2">Te laat ({dashboard.late.length})</h2>
      <p class="utrecht-paragraph koers-note">
        Te laat is een onderdeel als de geplande tijd voorbij is zonder dat het is afgerond, of als het in de huidige ronde geen voortgang
        heeft na de uiterste datum.
      </p>
      {dashboard.late.length === 0 ? (
        <p class="utrecht-paragraph">Er is niets te laat.</p>
      ) : (
        <ul class="utrecht-unordered-list koers-dash-list">
          {dashboard.late.map(({ entry, reasons }) => (
            <li class="utrecht-unordered-list__item">
              <ItemLinks entry={entry} progress={progress} />
              <br />
              {reasons.map((r) => lateReasonLabels[r]).join(" ")}
            </li>
          ))}
        </ul>
      )}

      <h2 class="utrecht-heading-2">Binnenkort gereed</h2>
      <p class="utrecht-paragraph koers-note">
        Een onderdeel is gereed aan het einde van de tijd die in het plan staat, en bij meer momenten aan het einde van elk moment. Wat al is
        afgerond of vervallen staat hier niet.
      </p>
      <h3 class="utrecht-heading-3">Binnen 30 dagen ({dashboard.due30.length})</h3>
      <DueList due={dashboard.due30} progress={progress} empty="Niets in de komende 30 dagen." />
      <h3 class="utrecht-heading-3">Over 31 tot 90 dagen ({dashboard.due90.length})</h3>
      <DueList due={dashboard.due90} progress={progress} empty="Niets over 31 tot 90 dagen." />

      <h2 class="utrecht-heading-2">Zonder recente voortgang ({dashboard.stale.length})</h2>
      {progress.period ? (
        <>
          <p class="utrecht-paragraph koers-note">
            Onderdelen op het laagste niveau waarover geen voortgang is gemeld over {progress.period.label}
            {dashboard.previous && ` of ${dashboard.previous.label}`}. Wat al is afgerond of vervallen, of volgens het plan pas later
            begint, staat hier niet.
          </p>
          {dashboard.stale.length === 0 ? (
            <p class="utrecht-paragraph">Van alle onderdelen is recent voortgang gemeld.</p>
          ) : (
            <ul class="utrecht-unordered-list koers-dash-list">
              {dashboard.stale.map(({ entry, lastReported }) => (
                <li class="utrecht-unordered-list__item">
                  <ItemLinks entry={entry} progress={progress} />
                  <br />
                  {lastReported ? `Laatste voortgang over ${lastReported.label}.` : "Nog nooit voortgang gemeld."}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p class="utrecht-paragraph">Zonder rapportageperiodes is er nog geen voortgang te melden.</p>
      )}

      <h2 class="utrecht-heading-2">In uw agenda</h2>
      <p class="utrecht-paragraph">
        De data uit dit plan (wanneer onderdelen gereed zijn, de uiterste data van rapportagerondes en de besluiten) staan ook in een agenda
        die u in uw agendaprogramma kunt opnemen:{" "}
        <a class="utrecht-link" href={`/plannen/${slug}/agenda.ics`}>
          agenda van dit plan
        </a>
        .{" "}
        {dashboard.published
          ? "Het plan is openbaar, dus iedereen met het adres kan de agenda lezen; de status van onderdelen staat er niet in."
          : 'Het plan is niet openbaar: zet achter het adres "?sleutel=" en een API-sleutel die alleen mag lezen. Die maakt u op uw accountpagina.'}
      </p>
    </Page>
  );
}

function TimelinePage({ progress }: { progress: PlanProgress }) {
  const { slug, title } = progress.plan;
  return (
    <Page
      title={`Tijdlijn · ${title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${slug}`, label: title },
      ]}
    >
      <h1 class="utrecht-heading-1">Tijdlijn</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {title}, {formatPeriod(progress.plan.period)}
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/plannen/${slug}/dashboard${progress.period ? `?periode=${progress.period.id}` : ""}`}>
          Dashboard van dit plan
        </a>
      </p>
      {progress.period ? <PeriodChooser progress={progress} action={`/plannen/${slug}/tijdlijn`} /> : <NoPeriods slug={slug} />}
      <Timeline progress={progress} />
    </Page>
  );
}

/** A period id from the query; undefined when none is given. */
function periodParam(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError("Deze rapportageperiode bestaat niet.");
  return id;
}

export function dashboardPages(deps: AppDeps) {
  const { db, config } = deps;
  // Wrong keys in the address count with wrong keys in the Authorization header, per client address.
  const keyFailures = addressLimit(deps, "api-sleutel", config.apiKeyFailureLimitPerMinute);
  return new Hono<AppEnv>()
    .get("/:slug/dashboard", async (c) => {
      // Whoever may not read the plan's internal content sees its published progress only.
      if (!(await readsInternal(db, c.get("viewer"), c.req.param("slug")))) {
        return c.render(<PublicDashboardPage view={await loadPublicDashboard(db, c.get("viewer"), c.req.param("slug"), periodParam(c.req.query("periode")))} />);
      }
      const dashboard = await loadDashboard(db, c.get("viewer"), c.req.param("slug"), periodParam(c.req.query("periode")));
      return c.render(<DashboardPage dashboard={dashboard} />);
    })
    .get("/:slug/tijdlijn", async (c) => {
      if (!(await readsInternal(db, c.get("viewer"), c.req.param("slug")))) {
        return c.render(<PublicTimelinePage view={await loadPublicDashboard(db, c.get("viewer"), c.req.param("slug"), periodParam(c.req.query("periode")))} />);
      }
      const { progress } = await loadProgress(db, c.get("viewer"), c.req.param("slug"), periodParam(c.req.query("periode")));
      return c.render(<TimelinePage progress={progress} />);
    })
    .get("/:slug/agenda.ics", async (c) => {
      let viewer = c.get("viewer");
      const key = c.req.query("sleutel");
      // Calendar programs send no cookie or header: this route alone takes a read key in its address.
      if (key !== undefined) {
        await keyFailures.refuseWhenSpent(c);
        const keyed = await tokenViewer(db, key);
        if (!keyed) {
          await keyFailures.countFailure(c);
          return c.text("Deze sleutel is onbekend of ingetrokken.", 401);
        }
        if (keyed.kind !== "user" || keyed.via !== "token-read") {
          return c.text("Gebruik voor een agenda een API-sleutel die alleen mag lezen: een adres met een sleutel is makkelijk gedeeld.", 403);
        }
        viewer = keyed;
      }
      const baseUrl = config.publicUrl || new URL(c.req.url).origin;
      const feed = await planCalendar(db, viewer, c.req.param("slug"), baseUrl, deps.calendarSources?.plan);
      return c.body(feed.text, 200, {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": `inline; filename="${feed.slug}.ics"`,
        "cache-control": feed.public ? "public, max-age=900" : "private, no-store",
      });
    });
}
