import { Page } from "../../../web/layout.tsx";
import { pageCount, pageHref } from "../../../lib/paging.ts";
import { Explained } from "../../../web/markdown.tsx";
import { PageNav } from "../../../web/parts/paging.tsx";
import type { PlanSummary } from "../reading.ts";
import type { Child } from "hono/jsx";
import { kindLabel, statusLabel } from "./labels.ts";

export interface PlanGroup {
  title: string;
  plans: PlanSummary[];
}

/**
 * Plans grouped by the region they cover; a plan without a region is grouped by its first owner.
 * The plans come ordered by that group (listPlanPage's "group" order, a page at a time), and the
 * groups keep that order, so a page continues where the page before it stopped.
 */
export function groupPlans(plans: (PlanSummary & { group: string })[]): PlanGroup[] {
  const groups = new Map<string, PlanSummary[]>();
  for (const plan of plans) groups.set(plan.group, [...(groups.get(plan.group) ?? []), plan]);
  return [...groups].map(([title, list]) => ({ title, plans: list }));
}

export function HomePage({
  groups,
  paging,
  evaluations,
  mayCreate = false,
}: {
  groups: PlanGroup[];
  /** Which page of the plans this is, HOME_PLANS_PAGE plans a page. */
  paging: { page: number; pageSize: number; total: number };
  /** What the web layer shows below the plans: the newest evaluations. */
  evaluations?: Child;
  /** Whether the viewer may start a new plan, in Koers or from Word (redacteur somewhere, or administrator). */
  mayCreate?: boolean;
}) {
  const pages = pageCount(paging.total, paging.pageSize);
  const first = (paging.page - 1) * paging.pageSize + 1;
  const shown = groups.reduce((n, g) => n + g.plans.length, 0);
  return (
    <Page title="Plannen">
      <h1 class="utrecht-heading-1">Plannen onderwijs en jeugd</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        <Explained text="De agenda's en plannen van gemeenten en samenwerkingsverbanden passend onderwijs, met wat er gebeurt, wie het doet en wanneer." />
      </p>
      {mayCreate && (
        <p class="utrecht-paragraph koers-tools">
          <a class="utrecht-link" href="/plannen/nieuw">
            Nieuw plan
          </a>
          {" · "}
          <a class="utrecht-link" href="/plannen/inlezen-word">
            Plan inlezen uit Word
          </a>
        </p>
      )}
      {paging.total === 0 && <p class="utrecht-paragraph">Er zijn nog geen plannen.</p>}
      {pages > 1 && (
        <p class="utrecht-paragraph">
          {paging.total.toLocaleString("nl-NL")} plannen
          {paging.page <= pages && `; hier plan ${first.toLocaleString("nl-NL")} tot en met ${(first + shown - 1).toLocaleString("nl-NL")}`}.
        </p>
      )}
      {paging.total > 0 && groups.length === 0 && <p class="utrecht-paragraph">Op deze pagina staan geen plannen meer.</p>}
      {groups.map((g, gi) => (
        <section aria-labelledby={`groep-${gi}`}>
          <h2 class="utrecht-heading-2" id={`groep-${gi}`}>
            {g.title}
          </h2>
          <ul class="koers-cards">
            {g.plans.map((p) => (
              <li class="koers-card">
                <h3 class="utrecht-heading-3">
                  <a class="utrecht-link" href={`/plannen/${p.slug}`}>
                    {p.title}
                  </a>
                </h3>
                {p.subtitle && (
                  <p class="utrecht-paragraph">
                    <Explained text={p.subtitle} />
                  </p>
                )}
                <p class="utrecht-paragraph koers-note">
                  {kindLabel(p.kind)} · {p.period.label} · {statusLabel(p.status)}
                </p>
                <p class="utrecht-paragraph koers-note">
                  Van: <Explained text={p.owners.map((o) => o.shortName ?? o.name).join(", ")} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <PageNav label="Pagina's met plannen" page={paging.page} pages={pages} href={(n) => pageHref("/", n)} />
      {evaluations}
    </Page>
  );
}
