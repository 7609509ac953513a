/**
 * JSON API for progress: GET /api/v1/plans/{slug}/updates?period=ID and
 * PUT /api/v1/plans/{slug}/items/{id}/updates/{periodId}.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { saveUpdate, updatesOfPlan, UpdateInputError, type ItemProgress, type PlanProgress, type ProgressUpdate, type UpdateInputRaw } from "./updates.ts";

export function updateJson(u: ProgressUpdate) {
  return {
    id: u.id,
    periodId: u.periodId,
    status: u.status,
    results: u.results,
    planning: u.planning,
    percentage: u.percentage,
    statusReason: u.statusReason,
    author: u.author.name,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
    version: u.version,
  };
}

function itemProgressJson(p: ItemProgress) {
  return {
    ...p.item,
    status: p.status,
    rolledUp: p.rolledUp,
    effective: p.effective,
    overridden: p.overridden,
    late: p.late,
    update: p.update && updateJson(p.update),
  };
}

export function progressJson(p: PlanProgress) {
  return {
    plan: p.plan,
    cycle: p.cycle,
    periods: p.periods,
    period: p.period,
    today: p.today,
    items: p.items.map(itemProgressJson),
  };
}

/** A whole number from the path or query, or a 400 naming the parameter. */
function idParam(value: string | undefined, name: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new UpdateInputError({ [name]: "Geef een nummer (een heel getal)." });
  return id;
}

export function progressApi({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/:slug/updates", async (c) => {
      const period = c.req.query("period");
      const progress = await updatesOfPlan(db, c.get("viewer"), c.req.param("slug"), period === undefined ? undefined : idParam(period, "period"));
      return c.json({ data: progressJson(progress) });
    })
    .put("/:slug/items/:id/updates/:periodId", async (c) => {
      const body = await c.req.json().catch(() => {
        throw new HTTPException(400, { message: "De inhoud is geen geldige JSON." });
      });
      // The JSON is the command's input as it is: saveUpdate checks it (updateInputSchema), as it does for the form.
      const saved = await saveUpdate(
        db,
        c.get("viewer"),
        c.req.param("slug"),
        idParam(c.req.param("id"), "id"),
        idParam(c.req.param("periodId"), "periodId"),
        body as UpdateInputRaw,
      );
      return c.json({ data: updateJson(saved) });
    });
}
