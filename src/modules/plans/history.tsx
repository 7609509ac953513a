/** A plan's change history (or one item's in it), behind the plan's guard: for those who may read its internal content. */
import { Hono } from "hono";
import type { Db } from "../../db/client.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import type { Viewer } from "../access/viewer.ts";
import { AUDIT_PAGE, auditBefore, auditResponse } from "../audit/routes.tsx";
import { trailOfPlan, type AuditFilter, type AuditRow } from "../audit/service.ts";
import { requirePlan, type PlanGate } from "./access.ts";

export async function planHistory(db: Db, viewer: Viewer, slug: string, filter: AuditFilter = {}): Promise<{ plan: PlanGate; rows: AuditRow[] }> {
  const plan = await requirePlan(db, viewer, slug, "read-internal", { refusal: "Alleen de partners van dit plan zien de wijzigingen." });
  return { plan, rows: await trailOfPlan(db, plan.id, filter) };
}

export function planHistoryPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const csv of [false, true]) {
    app.get(`/plannen/:slug/wijzigingen${csv ? ".csv" : ""}`, async (c) => {
      const itemId = c.req.query("onderdeel") ? Number(c.req.query("onderdeel")) : undefined;
      const { plan, rows } = await planHistory(db, c.get("viewer"), c.req.param("slug"), { itemId, before: auditBefore(c), limit: csv ? 100_000 : AUDIT_PAGE + 1 });
      return auditResponse(c, rows, {
        title: itemId ? `Wijzigingen in een onderdeel van ${plan.title}` : `Wijzigingen in ${plan.title}`,
        base: `/plannen/${plan.slug}/wijzigingen`,
        query: itemId ? `?onderdeel=${itemId}` : "",
        crumbs: [
          { href: "/", label: "Plannen" },
          { href: `/plannen/${plan.slug}`, label: plan.title },
        ],
        csv,
        filename: `wijzigingen-${plan.slug}`,
      });
    });
  }
  return app;
}
