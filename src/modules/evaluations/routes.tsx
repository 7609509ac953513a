import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { getEvaluation, listEvaluations } from "./service.ts";
import { EvaluationPage } from "./views.tsx";

export function evaluationPages({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/:slug", async (c) =>
    c.render(<EvaluationPage evaluation={await getEvaluation(db, c.get("viewer"), c.req.param("slug"))} />),
  );
}

export function evaluationApi({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/", async (c) => c.json({ data: await listEvaluations(db, c.get("viewer"), c.req.query("plan")) }))
    .get("/:slug", async (c) => c.json({ data: await getEvaluation(db, c.get("viewer"), c.req.param("slug")) }));
}

