/** The web application: pages, the JSON API and static assets, without opening a port. */
import { Hono, type MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { jsxRenderer } from "hono/jsx-renderer";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { HTTPException } from "hono/http-exception";
import { ConflictError, isForeignKeyViolation, isUniqueViolation, NotFoundError, sqlState } from "../lib/errors.ts";
import { InputError } from "../lib/validation.ts";
import { loadConfig } from "../config.ts";
import { countQueries, serverTiming } from "../db/query-stats.ts";
import { adminPages } from "../modules/accounts/admin.tsx";
import { oidcRoutes } from "../modules/accounts/oidc.tsx";
import { accountPages } from "../modules/accounts/routes.tsx";
import { auditPages } from "../modules/audit/routes.tsx";
import { planHistoryPages } from "../modules/plans/history.tsx";
import { createMailer } from "../modules/accounts/mail.ts";
import { ForbiddenError, requireWriter, UnauthenticatedError } from "../modules/access/policy.ts";
import { InvalidLinkError, PasswordRuleError } from "../modules/accounts/service.ts";
import { explainAbbreviations, glossaryApi, glossaryPages } from "../modules/glossary/routes.tsx";
import { regionApi, regionPages } from "../modules/organisations/routes.tsx";
import { planApi } from "../modules/plans/api.ts";
import { editPages } from "../modules/plans/edit.tsx";
import { structurePages } from "../modules/plans/structure.tsx";
import { planEditPages } from "../modules/plans/plan-edit.tsx";
import { newPlanPages } from "../modules/plans/new-plan.tsx";
import { copyApi } from "../modules/copying/api.ts";
import { notificationApi } from "../modules/notifications/api.ts";
import { notificationPages } from "../modules/notifications/pages.tsx";
import { copyPages } from "../modules/copying/pages.tsx";
import { topicPages } from "../modules/plans/routes.tsx";
import { planPages } from "./plan-pages.tsx";
import { evaluationApi, evaluationPages } from "../modules/evaluations/routes.tsx";
import { progressApi } from "../modules/monitoring/api.ts";
import { updatePages } from "../modules/monitoring/pages.tsx";
import { roundApi } from "../modules/rounds/api.ts";
import { roundPages } from "../modules/rounds/pages.tsx";
import { progressSheetPages } from "../modules/rounds/progress-sheet-pages.tsx";
import { roundOverviewPages } from "../modules/rounds/overview-page.tsx";
import { dashboardPages } from "../modules/dashboard/pages.tsx";
import { publishedPages } from "../modules/monitoring/published-pages.tsx";
import { feedRoutes } from "./feeds.ts";
import { searchApi, searchPages } from "../modules/search/routes.tsx";
import { versionApi, versionPages } from "../modules/versions/routes.tsx";
import { figuresApi } from "../modules/figures/api.ts";
import { figuresExportPages } from "../modules/figures/export-routes.ts";
import { planDocumentPages } from "../modules/reports/plan-documents.ts";
import { figuresPages } from "../modules/figures/pages.tsx";
import { figuresImportPages } from "../modules/figures/import-pages.tsx";
import { wordImportApi, wordImportPages } from "../modules/wordimport/pages.tsx";
import { indicatorFormPages } from "../modules/figures/indicator-form.tsx";
import { measurementFormPages } from "../modules/figures/measurement-form.tsx";
import { reconciliationPages } from "../modules/figures/reconciliation-pages.tsx";
import { reportApi, reportPages } from "../modules/reports/routes.tsx";
import { governanceApi, governancePages } from "../modules/governance/routes.tsx";
import { personalGovernanceEvents, planGovernanceEvents } from "../modules/governance/calendar.ts";
import { openApiDocument } from "./openapi.ts";
import { authenticate, csrfProtection } from "./auth.ts";
import type { AppDeps, AppEnv } from "./env.ts";
import { ErrorPage } from "./layout.tsx";
import { noStoreWhenPersonal } from "./headers.ts";
import { refuseBadText } from "./request-text.ts";
import { admission, HEALTH_CHECK } from "./admission.ts";
import { pageCache, pageStore, sameRightsCache, stampOnce } from "./page-cache.ts";
import { staticRoutes } from "./static.ts";

/**
 * The pages whose content depends on a signed-in person's rights and not on who they are, kept
 * for everyone with the same rights (sameRightsCache): home, a plan and its reading pages,
 * evaluations, topics and search. Not the forms to start a plan, nor anyone's own pages.
 */
const SAME_FOR_SAME_RIGHTS = /^\/(?:|plannen\/(?!nieuw$|inlezen-word$)[^/]+(?:\/(?:dashboard|tijdlijn|wijzigingen|rapportage|cijfers|versies))?|evaluaties(?:\/[^/]+)?|onderwerpen(?:\/[^/]+)?|zoeken)$/;

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500;

function statusOf(error: unknown): { status: ErrorStatus; message: string } {
  if (error instanceof NotFoundError) return { status: 404, message: error.message };
  if (error instanceof ConflictError) return { status: 409, message: error.message };
  if (error instanceof UnauthenticatedError) return { status: 401, message: error.message };
  if (error instanceof ForbiddenError) return { status: 403, message: error.message };
  if (error instanceof InputError || error instanceof PasswordRuleError || error instanceof InvalidLinkError) {
    return { status: 400, message: error.message };
  }
  // A service that did not expect it still never answers 500 for these: someone else was first.
  if (isUniqueViolation(error)) return { status: 409, message: "Dit bestaat al: iemand anders heeft het net toegevoegd. Laad de pagina opnieuw." };
  if (isForeignKeyViolation(error)) return { status: 409, message: "Wat u wilt wijzigen, is intussen verwijderd of veranderd. Laad de pagina opnieuw." };
  // PostgreSQL's "data exception" class (22…): input the database cannot take, such as a NUL byte.
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === "string" && code.startsWith("22")) return { status: 400, message: "Ongeldige invoer." };
  if (error instanceof HTTPException && [400, 401, 403, 404, 409, 413, 429].includes(error.status)) {
    return { status: error.status as ErrorStatus, message: error.message || "Ongeldig verzoek." };
  }
  return { status: 500, message: "Er ging iets mis aan onze kant. Probeer het later opnieuw." };
}

/** What failed, without the stack or the SQL: the error's kind, the database's code and message. */
function errorSummary(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const inner = cause instanceof Error ? cause : error;
  const code = sqlState(error);
  const message = inner instanceof Error && !/^Failed query/.test(inner.message) ? inner.message.split("\n")[0] : "";
  return [error instanceof Error ? error.name : typeof error, code, message].filter(Boolean).join(": ");
}

/** Each response says how many queries it made and how long they took: a Server-Timing header and a debug log line. */
function reportQueries(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { stats } = await countQueries(() => next());
    // "kept": the page came from memory (src/web/page-cache.ts).
    c.header("Server-Timing", `${serverTiming(stats)}${c.get("kept") ? ", kept" : ""}`);
    logger.debug({ method: c.req.method, path: c.req.path, status: c.res.status, queries: stats.count, dbMs: Math.round(stats.ms * 10) / 10, slowest: stats.slowest }, "queries");
  };
}

export function createApp(given: Pick<AppDeps, "db" | "logger"> & Partial<AppDeps>) {
  const config = given.config ?? loadConfig({});
  const deps: AppDeps = {
    ...given,
    config,
    mailer: given.mailer ?? createMailer(config.mail, given.logger),
    calendarSources: given.calendarSources ?? { plan: planGovernanceEvents, person: personalGovernanceEvents },
  };
  const app = new Hono<AppEnv>();
  if (config.queryStats) app.use(reportQueries(deps.logger));
  // Pages render through c.render(), which adds the doctype and lets the layout see the request.
  app.use(jsxRenderer(({ children }) => <>{children}</>, { docType: true }));
  app.use(
    secureHeaders({
      // "no-referrer" (the default) makes browsers send "Origin: null" on Koers' own forms,
      // which the CSRF origin check must refuse; "same-origin" tells other sites nothing.
      referrerPolicy: "same-origin",
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    }),
  );
  app.use(noStoreWhenPersonal());
  // Static files are the same for everyone: served before anyone is looked up or given a cookie.
  app.route("/static", staticRoutes);
  // Public pages kept ready are served before any other work (and before waiting for a turn).
  const kept = pageStore(config.pageCacheBytes);
  const stampOf = kept && stampOnce(deps.db);
  app.use(pageCache(deps.db, kept, deps.onReplica));
  app.use(admission(config.admission));
  app.use(bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.text("Het verzoek is te groot.", 413) }));
  app.use(authenticate(deps, stampOf));
  // Anonymous page views read from the replica, when there is one; anyone signed in sees their own writes at once.
  if (deps.onReplica) {
    const onReplica = deps.onReplica;
    app.use((c, next) => ((c.req.method === "GET" || c.req.method === "HEAD") && c.get("viewer").kind === "anonymous" ? onReplica(next) : next()));
  }
  app.use(csrfProtection(deps));
  // API writes: who asks, and whether its key may write, is settled before any body is read.
  app.use("/api/*", async (c, next) => {
    if (!["GET", "HEAD", "OPTIONS"].includes(c.req.method)) requireWriter(c.get("viewer"));
    return next();
  });
  // NULs, half characters and bytes that are not UTF-8 are refused, naming the field, before any route reads them.
  app.use(refuseBadText());
  if (kept && stampOf) app.use(sameRightsCache(stampOf, kept, (path) => SAME_FOR_SAME_RIGHTS.test(path)));

  app.use(explainAbbreviations(deps));
  app.get("/api/v1", (c) => c.json(openApiDocument));
  app.get("/api/v1/openapi.json", (c) => c.json(openApiDocument));
  app.route("/api/v1/plans", wordImportApi(deps));
  app.route("/api/v1/plans", planApi(deps));
  app.route("/api/v1/plans", roundApi(deps));
  app.route("/api/v1/plans", versionApi(deps));
  app.route("/api/v1/plans", progressApi(deps));
  app.route("/api/v1/plans", figuresApi(deps));
  app.route("/api/v1/plans", reportApi(deps));
  app.route("/api/v1/plans", copyApi(deps));
  app.route("/api/v1/evaluations", evaluationApi(deps));
  app.route("/api/v1/glossary", glossaryApi(deps));
  app.route("/api/v1/regions", regionApi(deps));
  app.route("/api/v1/search", searchApi(deps));
  app.route("/api/v1", governanceApi(deps));
  app.route("/api/v1", notificationApi(deps));
  if (deps.config.oidc) app.route("/inloggen/oidc", oidcRoutes(deps));
  app.route("/", accountPages(deps));
  app.route("/", notificationPages(deps));
  app.route("/beheer", adminPages(deps));
  app.route("/", auditPages(deps));
  app.route("/", planHistoryPages(deps));
  app.route("/plannen", wordImportPages(deps));
  app.route("/plannen", editPages(deps));
  app.route("/plannen", versionPages(deps));
  app.route("/plannen", structurePages(deps));
  app.route("/plannen", updatePages(deps));
  app.route("/", roundPages(deps));
  app.route("/", progressSheetPages(deps));
  app.route("/", roundOverviewPages(deps));
  app.route("/plannen", dashboardPages(deps));
  app.route("/plannen", publishedPages(deps));
  app.route("/", feedRoutes(deps));
  app.route("/", figuresExportPages(deps));
  app.route("/", planDocumentPages(deps));
  app.route("/plannen", figuresImportPages(deps));
  app.route("/plannen", indicatorFormPages(deps));
  app.route("/plannen", measurementFormPages(deps));
  app.route("/plannen", reconciliationPages(deps));
  app.route("/plannen", reportPages(deps));
  app.route("/plannen", figuresPages(deps));
  app.route("/plannen", planEditPages(deps));
  app.route("/plannen", newPlanPages(deps));
  app.route("/plannen", copyPages(deps));
  app.route("/", governancePages(deps));
  app.route("/", planPages(deps));
  app.route("/", topicPages(deps));
  app.route("/evaluaties", evaluationPages(deps));
  app.route("/begrippen", glossaryPages(deps));
  app.route("/regio", regionPages(deps));
  app.route("/zoeken", searchPages(deps));
  app.get(HEALTH_CHECK, (c) => c.json({ status: "ok" }));

  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? c.json({ error: { status: 404, message: "Niet gevonden." } }, 404)
      : (c.status(404), c.render(<ErrorPage status={404} message="Deze pagina bestaat niet." />)),
  );
  app.onError((error, c) => {
    const { status, message } = statusOf(error);
    if (status === 401 && !c.req.path.startsWith("/api/") && c.req.method === "GET") {
      return c.redirect(`/inloggen?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    if (status === 500) {
      // The stack and a failed statement with its values (what people typed) go to the debug log only.
      deps.logger.error({ path: c.req.path, error: errorSummary(error) }, "request failed");
      deps.logger.debug({ err: error, path: c.req.path }, "request failed: details");
    }
    // A refused input also lists its problems one by one, each with the field it is about.
    const problems = error instanceof InputError && { problems: error.problems.map((p) => ({ field: p.path, message: p.message })) };
    return c.req.path.startsWith("/api/")
      ? c.json({ error: { status, message, ...problems } }, status)
      : (c.status(status), c.render(<ErrorPage status={status} message={message} />));
  });
  return app;
}
