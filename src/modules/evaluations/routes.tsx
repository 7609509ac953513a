import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { apiPage, apiPageAsked } from "../../web/api-paging.ts";
import { pageHref, pageNumber } from "../../lib/paging.ts";
import { API_EVALUATIONS_MAX, API_EVALUATIONS_PAGE, EVALUATIONS_PAGE, getEvaluation, listEvaluationPage } from "./service.ts";
import { EvaluationPage, EvaluationsPage } from "./views.tsx";

export function evaluationPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/", async (c) => c.render(<EvaluationsPage list={await listEvaluationPage(db, c.get("viewer"), { page: pageNumber(c.req.query("pagina")), pageSize: EVALUATIONS_PAGE })} />))
    .get("/:slug", async (c) => c.render(<EvaluationPage evaluation={await getEvaluation(db, c.get("viewer"), c.req.param("slug"))} />));
}

export function evaluationApi({ db }: AppDeps) {
  return new Hono<AppEnv>()
    // A page at a time (?page=N, ?limit=M), newest first; ?plan=slug for one plan's.
    .get("/", async (c) => {
      const planSlug = c.req.query("plan");
      const asked = apiPageAsked(c, planSlug ? pageHref(`/api/v1/evaluations?plan=${encodeURIComponent(planSlug)}`, 1) : "/api/v1/evaluations", { size: API_EVALUATIONS_PAGE, max: API_EVALUATIONS_MAX });
      const list = await listEvaluationPage(db, c.get("viewer"), { page: asked.page, pageSize: asked.pageSize, planSlug });
      return c.json(apiPage(asked, list, list.evaluations));
    })
    .get("/:slug", async (c) => c.json({ data: await getEvaluation(db, c.get("viewer"), c.req.param("slug")) }));
}
