/** JSON API for copying a plan: POST /api/v1/plans/{slug}/copy. */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { jsonBody } from "../plans/api.ts";
import { copyPlan, type CopyPlanInput } from "./service.ts";

export function copyApi({ db }: AppDeps) {
  return new Hono<AppEnv>().post("/:slug/copy", async (c) => {
    // The JSON is copyPlan's input as it is (copyPlanSchema), as for the form.
    const outcome = await copyPlan(db, c.get("viewer"), c.req.param("slug"), (await jsonBody(c)) as CopyPlanInput);
    return c.json({ data: { ...outcome, links: { self: `/api/v1/plans/${outcome.slug}`, html: `/plannen/${outcome.slug}` } } }, 201);
  });
}
