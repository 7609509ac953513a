/** JSON API for plans: /api/v1/plans and /api/v1/plans/{slug}. */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { getPlan, listPlans, type PlanDetail, type PlanItem, type PlanSummary } from "./service.ts";

const owner = (o: PlanSummary["owners"][number]) => ({ slug: o.slug, name: o.name, shortName: o.shortName });

export function planSummaryJson(p: PlanSummary) {
  return {
    slug: p.slug,
    title: p.title,
    subtitle: p.subtitle,
    kind: p.kind,
    status: p.status,
    period: p.period,
    owners: p.owners.map(owner),
    regions: p.regions,
    links: { self: `/api/v1/plans/${p.slug}`, html: `/plannen/${p.slug}` },
  };
}

export function itemJson(plan: PlanDetail, item: PlanItem): Record<string, unknown> {
  return {
    id: item.id,
    code: item.code,
    level: plan.levels.find((l) => l.key === item.level)?.name ?? item.level,
    levelKey: item.level,
    title: item.title,
    sections: item.sections,
    parties: item.parties.map((p) => ({ role: p.role, task: p.task, organisations: p.organisations.map(owner) })),
    when: item.when,
    budget: item.budget,
    priority: item.priority,
    reducedCapacity: item.reducedCapacity,
    topics: item.topics,
    links: item.links.map((l) => ({
      kind: l.kind,
      note: l.note,
      target: { plan: l.target.planSlug, code: l.target.code, title: l.target.title, id: l.target.id },
    })),
    version: item.version,
    children: item.children.map((c) => itemJson(plan, c)),
  };
}

export function planJson(plan: PlanDetail) {
  return {
    ...planSummaryJson(plan),
    published: plan.published,
    parent: plan.parent,
    parentTitle: plan.parentTitle,
    source: plan.source,
    levels: plan.levels,
    layout: plan.layout,
    approvals: plan.approvals,
    sections: plan.sections,
    items: plan.items.map((i) => itemJson(plan, i)),
    closingSections: plan.closingSections,
    footnotes: plan.footnotes,
    version: plan.version,
    updatedAt: plan.updatedAt.toISOString(),
  };
}

export function planApi({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/", async (c) => c.json({ data: (await listPlans(db, c.get("viewer"))).map(planSummaryJson) }))
    .get("/:slug", async (c) => c.json({ data: planJson(await getPlan(db, c.get("viewer"), c.req.param("slug"))) }));
}
