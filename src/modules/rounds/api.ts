/** JSON API for reporting rounds: GET /api/v1/plans/{slug}/rounds. */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { listRounds, type RoundSummary } from "./service.ts";

export function roundJson(r: RoundSummary) {
  return {
    id: r.id,
    period: r.period,
    deadline: r.deadline,
    message: r.message,
    open: r.open,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    completeness: r.total,
    organisations: r.organisations.map((o) => ({ slug: o.slug, name: o.name, due: o.due, done: o.done })),
    links: { html: `/plannen/${r.plan.slug}/rondes/${r.id}` },
  };
}

export function roundApi({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/:slug/rounds", async (c) => {
    const overview = await listRounds(db, c.get("viewer"), c.req.param("slug"));
    return c.json({ data: overview.rounds.map(roundJson) });
  });
}
