/** JSON API for plans: /api/v1/plans and /api/v1/plans/{slug}. */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { apiPage, apiPageAsked } from "../../web/api-paging.ts";
import { parseWhen } from "../../lib/timing/timing.ts";
import { API_PLANS_MAX, API_PLANS_PAGE, findItem, getPlan, listBacklinks, listPlanPage, type Backlink, type PlanDetail, type PlanItem, type PlanSummary } from "./reading.ts";
import { updateItem, type ItemPatchInput } from "./editing.ts";
import { createPlan, type NewPlanInput } from "./create.ts";

/** The request's JSON, or a Dutch 400. */
export async function jsonBody(c: { req: { json: () => Promise<unknown> } }): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new HTTPException(400, { message: "De inhoud is geen geldige JSON." });
  });
}

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

const backlinkJson = (b: Backlink) => ({
  kind: b.kind,
  source: { plan: b.source.planSlug, code: b.source.code, title: b.source.title, id: b.source.id },
});

export function itemJson(plan: PlanDetail, item: PlanItem): Record<string, unknown> {
  return {
    id: item.id,
    code: item.code,
    level: plan.levels.find((l) => l.key === item.level)?.name ?? item.level,
    levelKey: item.level,
    title: item.title,
    sections: item.sections,
    parties: item.parties.map((p) => ({ role: p.role, task: p.task, organisations: p.organisations.map(owner) })),
    when: item.when === null ? null : parseWhen(item.when, plan.period),
    budget: item.budget,
    priority: item.priority,
    reducedCapacity: item.reducedCapacity,
    ...(item.internalNote !== null && { internalNote: item.internalNote }),
    interpreted: item.interpreted,
    editable: item.editable,
    topics: item.topics,
    links: item.links.map((l) => ({
      kind: l.kind,
      note: l.note,
      target: { plan: l.target.planSlug, code: l.target.code, title: l.target.title, id: l.target.id },
    })),
    backlinks: item.backlinks.map(backlinkJson),
    backlinkCount: item.backlinkCount,
    /** The item it was copied from (next year's plan from this one), when the viewer may read that plan. */
    origin: item.origin ? { plan: item.origin.planSlug, code: item.origin.code, title: item.origin.title, id: item.origin.id } : null,
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
    copiedFrom: plan.copiedFrom ? { slug: plan.copiedFrom.slug, title: plan.copiedFrom.title, links: { self: `/api/v1/plans/${plan.copiedFrom.slug}`, html: `/plannen/${plan.copiedFrom.slug}` } } : null,
    source: plan.source,
    levels: plan.levels,
    layout: plan.layout,
    approvals: plan.approvals,
    sections: plan.sections,
    items: plan.items.map((i) => itemJson(plan, i)),
    closingSections: plan.closingSections,
    footnotes: plan.footnotes,
    ...(plan.internalNote !== null && { internalNote: plan.internalNote }),
    version: plan.version,
    updatedAt: plan.updatedAt.toISOString(),
  };
}

export function planApi({ db }: AppDeps) {
  return new Hono<AppEnv>()
    // A page at a time (?page=N, ?limit=M): without them, the first API_PLANS_PAGE plans.
    .get("/", async (c) => {
      const asked = apiPageAsked(c, "/api/v1/plans", { size: API_PLANS_PAGE, max: API_PLANS_MAX });
      const list = await listPlanPage(db, c.get("viewer"), { page: asked.page, pageSize: asked.pageSize, order: "period" });
      return c.json(apiPage(asked, list, list.plans.map(planSummaryJson)));
    })
    // A new, empty concept plan: the JSON is createPlan's input as it is (newPlanSchema).
    .post("/", async (c) => {
      const viewer = c.get("viewer");
      const { slug } = await createPlan(db, viewer, (await jsonBody(c)) as NewPlanInput);
      return c.json({ data: planJson(await getPlan(db, viewer, slug)) }, 201);
    })
    .get("/:slug", async (c) => c.json({ data: planJson(await getPlan(db, c.get("viewer"), c.req.param("slug"))) }))
    .get("/:slug/items/:id/backlinks", async (c) => {
      const list = await listBacklinks(db, c.get("viewer"), c.req.param("slug"), Number(c.req.param("id")), Number(c.req.query("page") ?? 1));
      const next = list.page * list.pageSize < list.total ? `/api/v1/plans/${list.plan.slug}/items/${list.item.id}/backlinks?page=${list.page + 1}` : null;
      return c.json({ data: list.backlinks.map(backlinkJson), total: list.total, page: list.page, pageSize: list.pageSize, links: { next } });
    })
    .patch("/:slug/items/:id", async (c) => {
      const body = await c.req.json().catch(() => {
        throw new HTTPException(400, { message: "De inhoud is geen geldige JSON." });
      });
      const viewer = c.get("viewer");
      // The JSON is the command's input as it is: updateItem checks it (itemPatchSchema), as it does for the form.
      const updated = await updateItem(db, viewer, c.req.param("slug"), Number(c.req.param("id")), body as ItemPatchInput);
      // The item as GET gives it, so a client needs one shape only.
      const plan = await getPlan(db, viewer, c.req.param("slug"));
      const { children: _, ...item } = itemJson(plan, findItem(plan.items, updated.id)!);
      return c.json({ data: item });
    });
}
