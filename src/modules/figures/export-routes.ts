/**
 * Downloads of figures as CSV and Excel, in the columns the import reads:
 * /plannen/{slug}/cijfers.csv|.xlsx (every indicator of the plan) and
 * /plannen/{slug}/cijfers/{indicator}/metingen.csv|.xlsx (one indicator). Whoever may read
 * the plan may download; small counts about children go out as the pages show them.
 */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { figuresCsv, figuresTable, figuresXlsx, type FiguresTable } from "./export.ts";
import { indicatorFigures, planFigures } from "./service.ts";

const formats = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;
type Format = keyof typeof formats;

async function download(c: Context<AppEnv>, format: Format, name: string, table: FiguresTable) {
  const bytes = format === "csv" ? figuresCsv(table) : await figuresXlsx(table, "Cijfers");
  // writeCsv and writeXlsx make their own buffers, never shared ones.
  // Slugs hold only a-z, 0-9 and hyphens, so the name needs no quoting beyond the quotes.
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": formats[format],
    "Content-Disposition": `attachment; filename="${name}.${format}"`,
  });
}

export function figuresExportPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const format of Object.keys(formats) as Format[]) {
    app.get(`/plannen/:slug/cijfers.${format}`, async (c) => {
      const figures = await planFigures(db, c.get("viewer"), c.req.param("slug"));
      return download(c, format, `${figures.plan.slug}-cijfers`, figuresTable(figures));
    });
    app.get(`/plannen/:slug/cijfers/:indicator/metingen.${format}`, async (c) => {
      const figures = await indicatorFigures(db, c.get("viewer"), c.req.param("slug"), c.req.param("indicator"));
      return download(c, format, `${figures.plan.slug}-${figures.indicator.slug}`, figuresTable(figures, figures.indicator.slug));
    });
  }
  return app;
}
