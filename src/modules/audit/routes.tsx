/** The whole change history, for administrators; a plan's own history is a page of the plans module. */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { auditCsv, listAudit, type AuditRow } from "./service.ts";
import { AuditPage } from "./views.tsx";

/** Rows on one page of the history. */
export const AUDIT_PAGE = 100;
const PAGE = AUDIT_PAGE;

/** The history as a page (with the next page's link) or as CSV. */
export function auditResponse(
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

/** The `voor` parameter: the id to continue below. */
export const auditBefore = (c: Context<AppEnv>) => (c.req.query("voor") ? Number(c.req.query("voor")) : undefined);

export function auditPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  for (const csv of [false, true]) {
    app.get(`/beheer/wijzigingen${csv ? ".csv" : ""}`, async (c) => {
      const rows = await listAudit(db, c.get("viewer"), { before: auditBefore(c), limit: csv ? 100_000 : PAGE + 1 });
      return auditResponse(c, rows, {
        title: "Alle wijzigingen",
        base: "/beheer/wijzigingen",
        query: "",
        crumbs: [{ href: "/beheer", label: "Beheer" }],
        csv,
        filename: "koers-wijzigingen",
      });
    });

  }
  return app;
}
