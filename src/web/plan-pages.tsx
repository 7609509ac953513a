/**
 * The home page and a plan's own page bring several modules together: the plan itself,
 * the evaluations written on it, the figures each item is measured by and, for its partners,
 * each item's progress in the current period. Composing them is the web layer's work, so that plans depend on neither.
 */
import { Hono } from "hono";
import { EVALUATIONS_PAGE, listEvaluationPage, listEvaluations, updatesForPlan } from "../modules/evaluations/service.ts";
import { NewestEvaluations } from "../modules/evaluations/views.tsx";
import { ItemFigures } from "../modules/figures/item-figures.tsx";
import { overTime } from "../modules/figures/over-time.tsx";
import { loadCharts } from "./parts/chart.tsx";
import { indicatorsByItem } from "../modules/figures/service.ts";
import { StatusBadge } from "../modules/monitoring/status-badge.tsx";
import { progressOfPlan } from "../modules/monitoring/updates.ts";
import { publishedProgress } from "../modules/monitoring/published.ts";
import { feedHref, publishedByItem, PublishedLinks } from "../modules/monitoring/published-pages.tsx";
import { findItem, getPlan, HOME_PLANS_PAGE, listPlanPage } from "../modules/plans/reading.ts";
import { chosenPart, planParts } from "../modules/plans/parts.ts";
import { pageNumber } from "../lib/paging.ts";
import { groupPlans, HomePage } from "../modules/plans/views/home-page.tsx";
import { PlanPage, type Monitoring } from "../modules/plans/views/plan-page.tsx";
import type { AppDeps, AppEnv } from "./env.ts";
import { decisionsOfPlan, hasRoute } from "../modules/governance/service.ts";
import { PlanDecisions } from "../modules/governance/views.tsx";
import { canCreatePlan } from "../modules/access/policy.ts";

/** What an indicator weighs beside an item, in characters of text (planParts): with its chart drawn, or its figures only. */
const CHART_WEIGHT = 15_000;
const FIGURE_WEIGHT = 1_500;

export function planPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/", async (c) => {
      const viewer = c.get("viewer");
      const [list, evaluations] = await Promise.all([
        listPlanPage(db, viewer, { page: pageNumber(c.req.query("pagina")), pageSize: HOME_PLANS_PAGE, order: "group" }),
        listEvaluationPage(db, viewer, { page: 1, pageSize: EVALUATIONS_PAGE }),
      ]);
      return c.render(<HomePage groups={groupPlans(list.plans)} paging={list} evaluations={<NewestEvaluations list={evaluations} />} mayCreate={canCreatePlan(viewer)} />);
    })
    .get("/plannen/:slug", async (c) => {
      const viewer = c.get("viewer");
      const slug = c.req.param("slug");
      const plan = await getPlan(db, viewer, slug);
      const [progress, evaluations, measured, published, decided, routed] = await Promise.all([
        updatesForPlan(db, viewer, slug),
        listEvaluations(db, viewer, slug),
        indicatorsByItem(db, viewer, slug),
        publishedProgress(db, viewer, slug, undefined, { plan }),
        decisionsOfPlan(db, viewer, slug),
        hasRoute(db, plan.id),
      ]);
      const parts = planParts(plan.items, plan.layout.rowLevel, { extra: (id) => (measured.get(id) ?? []).reduce((n, i) => n + (overTime(i).drawn ? CHART_WEIGHT : FIGURE_WEIGHT), 0) });
      const query = c.req.query();
      const named = [query.onderdeel, query.opgeslagen, query.verplaatst, query.teruggezet].map(Number).find(Number.isInteger);
      const part = chosenPart(parts, { deel: query.deel, item: named });
      if (part) for (const id of measured.keys()) if (!part.shows.has(id)) measured.delete(id);
      if ([...measured.values()].flat().some((i) => overTime(i).drawn)) await loadCharts();
      const figures = new Map([...measured].map(([itemId, indicators]) => [itemId, <ItemFigures planSlug={plan.slug} itemId={itemId} indicators={indicators} />]));
      // The current period, or after the plan's time the last one: what partners see beside each item.
      const current = plan.may.readInternal ? await progressOfPlan(db, plan, undefined, { lastWhenOver: true }) : null;
      const monitoring: Monitoring | null = current?.period
        ? {
            period: current.period.label,
            byItem: new Map(
              current.items.map((i) => [
                i.item.id,
                {
                  badge: <StatusBadge status={i.effective} note={i.status === null && i.rolledUp !== null ? "berekend" : undefined} />,
                  late: i.late.late,
                },
              ]),
            ),
          }
        : null;
      const savedId = Number(c.req.query("opgeslagen"));
      const saved = Number.isInteger(savedId) ? findItem(plan.items, savedId) : undefined;
      const publication = {
        byItem: publishedByItem(published),
        links: <PublishedLinks published={published} planSlug={plan.slug} dashboard={!plan.may.readInternal} />,
        feed: { href: feedHref(plan.slug), title: `Publicaties van ${plan.title}` },
      };
      return c.render(<PlanPage plan={plan} progress={progress} monitoring={monitoring} figures={figures} published={publication} evaluations={evaluations} saved={saved} parts={parts} part={part} decisions={<PlanDecisions planSlug={plan.slug} decisions={decided} route={routed || plan.may.edit} />} />);
    });
}
