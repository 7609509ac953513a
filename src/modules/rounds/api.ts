/** JSON API for reporting rounds: GET /api/v1/plans/{slug}/rounds; POST and DELETE /api/v1/plans/{slug}/rounds/{id}/publication publish a closed round or withdraw it. */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { listRounds, publishRound, roundDetail, withdrawPublication, type RoundSummary } from "./service.ts";

export function roundJson(r: RoundSummary) {
  return {
    id: r.id,
    period: r.period,
    deadline: r.deadline,
    message: r.message,
    open: r.open,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    completeness: r.total,
    organisations: r.organisations.map((o) => ({ slug: o.slug, name: o.name, due: o.due, done: o.done })),
    links: { html: `/plannen/${r.plan.slug}/rondes/${r.id}` },
  };
}

export function roundApi({ db }: AppDeps) {
  // The service answers "does not exist" for an id that is not a whole number.
  const id = (value: string) => (/^\d+$/.test(value) ? Number(value) : Number.NaN);
  const answer = async (c: Context<AppEnv>) => {
    const slug = c.req.param("slug")!;
    return c.json({ data: roundJson(await roundDetail(db, c.get("viewer"), id(c.req.param("id")!), { planSlug: slug })) });
  };
  return new Hono<AppEnv>()
    .get("/:slug/rounds", async (c) => {
      const overview = await listRounds(db, c.get("viewer"), c.req.param("slug"));
      return c.json({ data: overview.rounds.map(roundJson) });
    })
    .post("/:slug/rounds/:id/publication", async (c) => {
      await publishRound(db, c.get("viewer"), id(c.req.param("id")), { planSlug: c.req.param("slug") });
      return answer(c);
    })
    .delete("/:slug/rounds/:id/publication", async (c) => {
      await withdrawPublication(db, c.get("viewer"), id(c.req.param("id")), { planSlug: c.req.param("slug") });
      return answer(c);
    });
}
