/** Pages for plans: the overview and one plan in its own layout. */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { progressOfPlan } from "../monitoring/updates.ts";
import { listEvaluations, updatesForPlan } from "../evaluations/service.ts";
import { findItem, getPlan, listPlans, listTopics, topicOverview } from "./reading.ts";
import { TopicPage, TopicsPage } from "./views/topic-pages.tsx";
import { groupPlans, HomePage } from "./views/home-page.tsx";
import { PlanPage } from "./views/plan-page.tsx";

export function planPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/", async (c) => {
      const viewer = c.get("viewer");
      const [plans, evaluations] = await Promise.all([listPlans(db, viewer), listEvaluations(db, viewer)]);
      return c.render(<HomePage groups={groupPlans(plans)} evaluations={evaluations} />);
    })
    .get("/plannen/:slug", async (c) => {
      const viewer = c.get("viewer");
      const slug = c.req.param("slug");
      const plan = await getPlan(db, viewer, slug);
      const [progress, evaluations] = await Promise.all([updatesForPlan(db, viewer, slug), listEvaluations(db, viewer, slug)]);
      // The current period, or after the plan's time the last one: what partners see beside each item.
      const current = plan.may.readInternal ? await progressOfPlan(db, plan, undefined, { lastWhenOver: true }) : null;
      const monitoring = current?.period
        ? {
            period: current.period.label,
            byItem: new Map(current.items.map((i) => [i.item.id, { status: i.effective, rolledUp: i.status === null && i.rolledUp !== null, late: i.late.late }])),
          }
        : null;
      const savedId = Number(c.req.query("opgeslagen"));
      const saved = Number.isInteger(savedId) ? findItem(plan.items, savedId) : undefined;
      return c.render(<PlanPage plan={plan} progress={progress} monitoring={monitoring} evaluations={evaluations} saved={saved} />);
    })
    .get("/onderwerpen", async (c) => c.render(<TopicsPage topics={await listTopics(db, c.get("viewer"))} />))
    .get("/onderwerpen/:slug", async (c) =>
      c.render(<TopicPage overview={await topicOverview(db, c.get("viewer"), c.req.param("slug"))} />),
    );
}
