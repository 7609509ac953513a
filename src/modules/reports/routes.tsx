/**
 * The report pages: /plannen/{plan}/rapportage?van=LABEL&tot=LABEL (the report; without `van`
 * a choice of periods), .docx and .xlsx of the same, its texts, its saved versions; and the
 * report as JSON under /api/v1/plans/{plan}/report.
 */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { ConflictError } from "../../lib/errors.ts";
import { todayInNl } from "../../lib/dates.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { loadCharts } from "../../web/parts/chart.tsx";
import { requirePlan } from "../plans/access.ts";
import { periodsOf } from "../monitoring/updates.ts";
import { compareReports } from "./compare.ts";
import { ChooseSpanPage, NewVersionPage, TextsPage, VersionPage } from "./forms.tsx";
import type { Report } from "./model.ts";
import { ReportPage, spanQuery } from "./report-page.tsx";
import { listReportVersions, reportOf, reportTexts, reportVersion, saveReportTexts, saveReportVersion, type Span } from "./service.ts";
import { PeriodNotFoundError } from "./build.ts";

const spanIn = (c: Context<AppEnv>): Span | undefined => {
  const from = c.req.query("van");
  return from ? { from, to: c.req.query("tot") || undefined } : undefined;
};

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A file name from the plan's slug and the span, in letters, digits and hyphens only. */
export function reportFileName(report: Pick<Report, "plan" | "spanLabel">, extension: string): string {
  const span = report.spanLabel.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${report.plan.slug}-rapportage-${span}.${extension}`;
}

/** The report as a Word document; the renderer and its libraries load on the first download. */
export async function reportDocx(report: Report): Promise<Uint8Array> {
  const { renderReportDocx } = await import("./word/report.ts");
  return renderReportDocx(report);
}

export async function reportXlsx(report: Report): Promise<Uint8Array> {
  const { renderReportXlsx } = await import("./excel/report.ts");
  return renderReportXlsx(report);
}

function file(c: Context<AppEnv>, bytes: Uint8Array, type: string, name: string) {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { "Content-Type": type, "Content-Disposition": `attachment; filename="${name}"` });
}

export function reportPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const confidential = (c: Context<AppEnv>) => c.req.query("vertrouwelijk") === "ja";

  app.get("/:slug/rapportage", async (c) => {
    const viewer = c.get("viewer");
    const slug = c.req.param("slug");
    const span = spanIn(c);
    const gate = await requirePlan(db, viewer, slug, "read-internal");
    if (!span) return c.render(<ChooseSpanPage plan={gate} periods={await periodsOf(db, gate.id)} />);
    await loadCharts();
    try {
      const [report, versions] = await Promise.all([reportOf(db, viewer, slug, span, { confidential: confidential(c) }), listReportVersions(db, viewer, slug, span)]);
      const saved = c.req.query("bewaard") === "teksten" ? "De teksten zijn opgeslagen." : undefined;
      return c.render(<ReportPage report={report} editable={gate.may.edit} versions={versions} saved={saved} />);
    } catch (error) {
      if (!(error instanceof PeriodNotFoundError)) throw error;
      c.status(404);
      return c.render(<ChooseSpanPage plan={gate} periods={await periodsOf(db, gate.id)} error={error.message} />);
    }
  });

  app.get("/:slug/rapportage.docx", async (c) => {
    const span = spanIn(c);
    if (!span) return c.redirect(`/plannen/${c.req.param("slug")}/rapportage`, 303);
    const report = await reportOf(db, c.get("viewer"), c.req.param("slug"), span, { confidential: confidential(c) });
    return file(c, await reportDocx(report), DOCX, reportFileName(report, "docx"));
  });

  app.get("/:slug/rapportage.xlsx", async (c) => {
    const span = spanIn(c);
    if (!span) return c.redirect(`/plannen/${c.req.param("slug")}/rapportage`, 303);
    const report = await reportOf(db, c.get("viewer"), c.req.param("slug"), span, { confidential: confidential(c) });
    return file(c, await reportXlsx(report), XLSX, reportFileName(report, "xlsx"));
  });

  const needSpan = (c: Context<AppEnv>) => {
    const span = spanIn(c);
    if (!span) throw new InputError([{ file: "rapportage", path: "van", message: "Kies de periode van de rapportage." }]);
    return span;
  };

  app.get("/:slug/rapportage/teksten", async (c) => {
    const viewer = c.get("viewer");
    const slug = c.req.param("slug");
    const span = needSpan(c);
    await requirePlan(db, viewer, slug, "edit");
    const [report, texts] = await Promise.all([reportOf(db, viewer, slug, span), reportTexts(db, viewer, slug, span)]);
    return c.render(<TextsPage report={report} values={{ title: texts?.title ?? report.title, intro: texts?.intro ?? "", closing: texts?.closing ?? "", version: texts?.version ?? 0 }} />);
  });

  app.post("/:slug/rapportage/teksten", async (c) => {
    const viewer = c.get("viewer");
    const slug = c.req.param("slug");
    const span = needSpan(c);
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const values = { title: field("title"), intro: field("intro"), closing: field("closing"), version: Number(field("version")) || 0 };
    try {
      await saveReportTexts(db, viewer, slug, span, values);
      const report = await reportOf(db, viewer, slug, span);
      return c.redirect(`/plannen/${slug}/rapportage${spanQuery(report, { bewaard: "teksten" })}`, 303);
    } catch (error) {
      if (!(error instanceof InputError) && !(error instanceof ConflictError)) throw error;
      const report = await reportOf(db, viewer, slug, span);
      if (error instanceof ConflictError) {
        const now = await reportTexts(db, viewer, slug, span);
        c.status(409);
        // The typed texts stay in the form; the version moves on, so saving again overwrites knowingly.
        return c.render(<TextsPage report={report} values={{ ...values, version: now?.version ?? 0 }} problem={`${error.message} Uw tekst staat hieronder nog.`} />);
      }
      const { errors, other } = problemsForForm(error.problems, (path) => (["title", "intro", "closing"].includes(path) ? path : undefined));
      c.status(400);
      return c.render(<TextsPage report={report} values={values} errors={errors} problem={other.length > 0 ? other.join(" ") : "De teksten zijn niet opgeslagen. Verbeter wat hieronder staat."} />);
    }
  });

  app.get("/:slug/rapportage/versies/nieuw", async (c) => {
    const viewer = c.get("viewer");
    const slug = c.req.param("slug");
    const span = needSpan(c);
    await requirePlan(db, viewer, slug, "edit");
    return c.render(<NewVersionPage report={await reportOf(db, viewer, slug, span)} values={{ sentTo: "", sentOn: todayInNl() }} />);
  });

  app.post("/:slug/rapportage/versies", async (c) => {
    const viewer = c.get("viewer");
    const slug = c.req.param("slug");
    const span = needSpan(c);
    const body = await c.req.parseBody();
    const values = { sentTo: String(body.sentTo ?? ""), sentOn: String(body.sentOn ?? "") };
    try {
      const saved = await saveReportVersion(db, viewer, slug, span, values);
      return c.redirect(`/plannen/${slug}/rapportage/versies/${saved.id}`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const { errors } = problemsForForm(error.problems, (path) => path);
      c.status(400);
      return c.render(<NewVersionPage report={await reportOf(db, viewer, slug, span)} values={values} errors={errors} />);
    }
  });

  const versionOf = (c: Context<AppEnv>) => {
    const id = Number(c.req.param("id"));
    return reportVersion(db, c.get("viewer"), c.req.param("slug")!, Number.isSafeInteger(id) ? id : -1);
  };

  app.get("/:slug/rapportage/versies/:id", async (c) => {
    const { version, report, previous } = await versionOf(c);
    await loadCharts();
    return c.render(<VersionPage version={version} report={report} previous={previous} comparison={previous ? compareReports(previous.report, report) : null} />);
  });

  app.get("/:slug/rapportage/versies/:id/document.docx", async (c) => {
    const { version, report } = await versionOf(c);
    return file(c, await reportDocx(report), DOCX, reportFileName(report, `versie-${version.number}.docx`));
  });

  return app;
}

export function reportApi({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const span = (c: Context<AppEnv>): Span => {
    const from = c.req.query("period") ?? c.req.query("from");
    if (!from) throw new InputError([{ file: "rapportage", path: "period", message: "Geef de periode: ?period=LABEL, of ?from=LABEL&to=LABEL." }]);
    return { from, to: c.req.query("to") || undefined };
  };
  app.get("/:slug/report", async (c) => c.json({ data: await reportOf(db, c.get("viewer"), c.req.param("slug"), span(c), { confidential: c.req.query("confidential") === "true" }) }));
  app.put("/:slug/report/texts", async (c) => c.json({ data: await saveReportTexts(db, c.get("viewer"), c.req.param("slug"), span(c), await c.req.json()) }));
  app.get("/:slug/report/versions", async (c) => c.json({ data: await listReportVersions(db, c.get("viewer"), c.req.param("slug"), span(c)) }));
  app.post("/:slug/report/versions", async (c) => c.json({ data: await saveReportVersion(db, c.get("viewer"), c.req.param("slug"), span(c), await c.req.json()) }, 201));
  return app;
}
