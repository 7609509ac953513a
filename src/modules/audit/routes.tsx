/** The change history: everything for administrators, per plan and item for those who may read it. */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { auditCsv, listAudit, planHistory, type AuditRow } from "./service.ts";
import { AuditPage } from "./views.tsx";

const PAGE = 100;

function respond(
  c: Context<AppEnv>,
  rows: AuditRow[],
  page: { title: string; base: string; query: string; crumbs: { href: string; label: string }[]; csv: boolean; filename: string },
) {
  if (page.csv) {
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${page.filename}.csv"`);
    return c.body(auditCsv(rows));
  }
  const sep = page.query ? "&" : "?";
  const shown = rows.slice(0, PAGE);
  const nextHref = rows.length > PAGE ? `${page.base}${page.query}${sep}voor=${shown.at(-1)!.id}` : undefined;
  return c.render(
    <AuditPage title={page.title} rows={shown} csvHref={`${page.base}.csv${page.query}`} nextHref={nextHref} crumbs={page.crumbs} />,
  );
}

export function auditPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const before = (c: Context<AppEnv>) => (c.req.query("voor") ? Number(c.req.query("voor")) : undefined);

  for (const csv of [false, true]) {
    app.get(`/beheer/wijzigingen${csv ? ".csv" : ""}`, async (c) => {
      const rows = await listAudit(db, c.get("viewer"), { before: before(c), limit: csv ? 100_000 : PAGE + 1 });
      return respond(c, rows, {
        title: "Alle wijzigingen",
        base: "/beheer/wijzigingen",
        query: "",
        crumbs: [{ href: "/beheer", label: "Beheer" }],
        csv,
        filename: "koers-wijzigingen",
      });
    });

    app.get(`/plannen/:slug/wijzigingen${csv ? ".csv" : ""}`, async (c) => {
      const itemId = c.req.query("onderdeel") ? Number(c.req.query("onderdeel")) : undefined;
      const { plan, rows } = await planHistory(db, c.get("viewer"), c.req.param("slug"), { itemId, before: before(c), limit: csv ? 100_000 : PAGE + 1 });
      return respond(c, rows, {
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
