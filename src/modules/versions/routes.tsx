/**
 * Versions of a plan: the pages /plannen/{slug}/versies and …/versies/vergelijk,
 * and the API /api/v1/plans/{slug}/versions and …/versions/compare.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { compareVersions, listSnapshots, type VersionInfo } from "./service.ts";
import { ComparePage, VersionsPage } from "./views.tsx";

export function versionPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/:slug/versies", async (c) => {
      const { plan, versions } = await listSnapshots(db, c.get("viewer"), c.req.param("slug"));
      return c.render(<VersionsPage plan={plan} versions={versions} />);
    })
    .get("/:slug/versies/vergelijk", async (c) => {
      return c.render(<ComparePage result={await compareVersions(db, c.get("viewer"), c.req.param("slug"), c.req.query("van"), c.req.query("met"))} />);
    });
}

const versionJson = (v: VersionInfo) => ({ id: v.id, label: v.label, takenAt: v.takenAt?.toISOString() ?? null, takenBy: v.takenBy });

export function versionApi({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/:slug/versions", async (c) => {
      const { plan, versions } = await listSnapshots(db, c.get("viewer"), c.req.param("slug"));
      const base = `/api/v1/plans/${plan.slug}/versions`;
      return c.json({
        data: versions.map((v) => ({ ...versionJson(v), links: { compareToToday: `${base}/compare?from=${v.id}&to=vandaag` } })),
      });
    })
    .get("/:slug/versions/compare", async (c) => {
      const { plan, from: older, to: newer, comparison } = await compareVersions(db, c.get("viewer"), c.req.param("slug"), c.req.query("from"), c.req.query("to"));
      return c.json({
        data: {
          plan,
          from: versionJson(older),
          to: versionJson(newer),
          counts: comparison.counts,
          planChanges: comparison.plan,
          items: comparison.items,
        },
      });
    });
}
