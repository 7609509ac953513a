/**
 * A plan to download as a Word document or an Excel workbook, in its own layout:
 * /plannen/{slug}/document.docx and /plannen/{slug}/document.xlsx. Whoever may read the plan
 * may download it (getPlan guards, and an unreadable plan is not found); internal notes are
 * never in it. The libraries load with the first download, not with the server.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { getPlan, type PlanDetail } from "../plans/reading.ts";

export const documentFormats = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;
export type DocumentFormat = keyof typeof documentFormats;

/** The plan as a file of this format. */
export async function renderPlanDocument(plan: PlanDetail, format: DocumentFormat): Promise<Uint8Array> {
  if (format === "docx") return (await import("./word/plan.ts")).renderPlanDocx(plan);
  return (await import("./excel/plan.ts")).renderPlanXlsx(plan);
}

export function planDocumentPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const format of Object.keys(documentFormats) as DocumentFormat[]) {
    app.get(`/plannen/:slug/document.${format}`, async (c) => {
      const plan = await getPlan(db, c.get("viewer"), c.req.param("slug"));
      const bytes = await renderPlanDocument(plan, format);
      // Slugs hold only a-z, 0-9 and hyphens, so the name needs no quoting beyond the quotes.
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": documentFormats[format],
        "Content-Disposition": `attachment; filename="${plan.slug}.${format}"`,
      });
    });
  }
  return app;
}
