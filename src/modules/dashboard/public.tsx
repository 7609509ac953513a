/**
 * The dashboard and the timeline as anyone may read them: built from the published
 * progress only (monitoring/published.ts), without what is late or has no recent
 * update (those judge rounds and deadlines), without names and without update links.
 * The partners of a plan see the pages in pages.tsx.
 */
import { formatPeriod } from "../../lib/dates.ts";
import { Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { PublishedLinks, feedHref } from "../monitoring/published-pages.tsx";
import { periodHref } from "../monitoring/published.ts";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import type { ItemProgress } from "../monitoring/updates.ts";
import { countsText, DueList, PeriodChooser } from "./pages.tsx";
import type { PublicDashboard } from "./service.ts";
import { Timeline } from "./timeline.tsx";
import { itemHref } from "../plans/parts.ts";

const itemName = (e: ItemProgress) => `${e.item.code ? `${e.item.code} ` : ""}${e.item.title}`;

/** Which published period is shown, and how to read it; or that nothing is published yet. */
function PublishedIntro({ view, action }: { view: PublicDashboard; action: string }) {
  const { published, plan } = view;
  if (!published) {
    return (
      <p class="utrecht-paragraph">
        Van dit plan is nog geen voortgang openbaar gemaakt. Zodra de partners hun voortgang over een periode openbaar maken, staat die
        hier.
      </p>
    );
  }
  return (
    <>
      <p class="utrecht-paragraph">
        U ziet de voortgang die openbaar is gemaakt, over {published.period.label} ({formatPeriod(published.period)}).{" "}
        {published.withStatuses
          ? "De status van een onderdeel met delen eronder volgt uit die delen, tenzij het een eigen status heeft."
          : "Over deze periode is een evaluatie verschenen, zonder status per onderdeel."}
      </p>
      <PublishedLinks published={published} planSlug={plan.slug} dashboard={false} />
      {published.periods.length > 1 && <PeriodChooser progress={view.progress} action={action} />}
    </>
  );
}

export function PublicDashboardPage({ view }: { view: PublicDashboard }) {
  const { progress, plan } = view;
  const topLevel = progress.items.find((e) => e.item.parentId === null)?.item.level.toLowerCase() ?? "onderdeel";
  return (
    <Page
      title={`Dashboard · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
      feeds={[{ href: feedHref(plan.slug), title: `Publicaties van ${plan.title}` }]}
    >
      <h1 class="utrecht-heading-1">Dashboard</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {plan.title}
        {view.published && `: voortgang over ${view.published.period.label}`}
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/plannen/${plan.slug}/tijdlijn${view.published ? `?periode=${view.published.period.id}` : ""}`}>
          Tijdlijn van dit plan
        </a>
      </p>
      <PublishedIntro view={view} action={`/plannen/${plan.slug}/dashboard`} />

      {view.published?.withStatuses && (
        <>
          <h2 class="utrecht-heading-2">Stand per {topLevel}</h2>
          <DataTable
            id="stand"
            caption={`Stand per ${topLevel}`}
            hideCaption
            rows={view.themes}
            columns={[
              {
                label: progress.items[0]!.item.level,
                rowHeader: true,
                cell: (t) => (
                  <a class="utrecht-link" href={itemHref(plan.slug, t.entry.item.id)}>
                    {itemName(t.entry)}
                  </a>
                ),
              },
              { label: "Status", cell: (t) => <StatusBadge status={t.entry.effective} note={t.entry.status === null && t.entry.rolledUp !== null ? "berekend" : undefined} /> },
              { label: "Onderdelen eronder", cell: (t) => countsText(t) },
            ]}
          />
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={periodHref(plan.slug, view.published.period.label)}>
              Wat er over {view.published.period.label} per {topLevel} is gedaan, en wat er nu komt
            </a>
          </p>
        </>
      )}

      <h2 class="utrecht-heading-2">Binnenkort gereed</h2>
      <p class="utrecht-paragraph koers-note">
        Een onderdeel is gereed aan het einde van de tijd die in het plan staat, en bij meer momenten aan het einde van elk moment. Wat
        volgens de openbare voortgang al is afgerond of vervallen staat hier niet.
      </p>
      <h3 class="utrecht-heading-3">Binnen 30 dagen ({view.due30.length})</h3>
      <DueList due={view.due30} progress={progress} empty="Niets in de komende 30 dagen." />
      <h3 class="utrecht-heading-3">Over 31 tot 90 dagen ({view.due90.length})</h3>
      <DueList due={view.due90} progress={progress} empty="Niets over 31 tot 90 dagen." />
    </Page>
  );
}

export function PublicTimelinePage({ view }: { view: PublicDashboard }) {
  const { progress, plan } = view;
  return (
    <Page
      title={`Tijdlijn · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Tijdlijn</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {plan.title}, {formatPeriod(progress.plan.period)}
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/plannen/${plan.slug}/dashboard${view.published ? `?periode=${view.published.period.id}` : ""}`}>
          Dashboard van dit plan
        </a>
      </p>
      <PublishedIntro view={view} action={`/plannen/${plan.slug}/tijdlijn`} />
      <Timeline progress={progress} />
    </Page>
  );
}
