/**
 * The access matrix: every route of the app, asked by every kind of viewer, about a
 * published and an unpublished plan, answers as the rules say.
 *
 * - not found (404): the viewer may not read the plan. For the unpublished plan the
 *   answer is the same as for a slug that was never used, and never names the plan;
 * - refused (401 signed out, 403 signed in; a page asked for while signed out sends to
 *   the sign-in page): the viewer may read the plan but not do this;
 * - allowed (2xx, 3xx, 400, 409): the viewer got through to the work. Write requests
 *   carry content that fails harmlessly (an old version, a missing field), so the data
 *   stays as it was for the next viewer.
 *
 * The route list comes from the app itself: a new route without a row here fails.
 */
import { insertFigures } from "../../src/modules/figures/exchange.ts";
import { figuresFileSchema } from "../../src/modules/figures/format.ts";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createApiToken, listApiTokens, sessionViewer, startSession } from "../../src/modules/accounts/service.ts";
import { system, type Viewer } from "../../src/modules/access/viewer.ts";
import { listGlossary } from "../../src/modules/glossary/service.ts";
import { configureCycle } from "../../src/modules/monitoring/updates.ts";
import { progressDatabase, SLUG } from "../../src/modules/monitoring/test-plan.ts";
import { insertPlans, toPlanFile } from "../../src/modules/plans/exchange.ts";
import { findItem, getPlan } from "../../src/modules/plans/reading.ts";
import { deleteItem, listBin } from "../../src/modules/plans/structure.ts";
import { openRound } from "../../src/modules/rounds/service.ts";
import { takeSnapshot } from "../../src/modules/plans/snapshots.ts";
import { createBody, createMeeting } from "../../src/modules/governance/service.ts";
import { saveReportVersion } from "../../src/modules/reports/service.ts";
import { CSRF_COOKIE, SESSION_COOKIE } from "../../src/web/auth.ts";
import { assetHref } from "../../src/web/static.ts";
import { createApp } from "../../src/web/app.tsx";
import { makeUser, PASSWORD } from "../helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../helpers/databases.ts";

const roles = ["anoniem", "lezer", "redacteur", "partij", "buitenstaander", "beheerder", "leessleutel", "schrijfsleutel"] as const;
type Role = (typeof roles)[number];

/**
 * What each viewer may, by the policy, with the test plans (owned by SWV NK; PPO-NK is a party
 * to item 1.2): a lezer and a redacteur of SWV NK, a redacteur of PPO-NK, a redacteur of Velsen
 * (nothing to do with the plans), an administrator, and API keys of the SWV NK redacteur.
 */
const may: Record<Role, { signedIn: boolean; session: boolean; write: boolean; admin: boolean; internal: boolean; edit: boolean; editItem: boolean }> = {
  anoniem:        { signedIn: false, session: false, write: false, admin: false, internal: false, edit: false, editItem: false },
  lezer:          { signedIn: true,  session: true,  write: true,  admin: false, internal: true,  edit: false, editItem: false },
  redacteur:      { signedIn: true,  session: true,  write: true,  admin: false, internal: true,  edit: true,  editItem: true },
  partij:         { signedIn: true,  session: true,  write: true,  admin: false, internal: true,  edit: false, editItem: true },
  buitenstaander: { signedIn: true,  session: true,  write: true,  admin: false, internal: false, edit: false, editItem: false },
  beheerder:      { signedIn: true,  session: true,  write: true,  admin: true,  internal: true,  edit: true,  editItem: true },
  leessleutel:    { signedIn: true,  session: false, write: false, admin: false, internal: true,  edit: false, editItem: false },
  schrijfsleutel: { signedIn: true,  session: false, write: true,  admin: false, internal: true,  edit: true,  editItem: true },
};

/**
 * What a route needs. Plan rules (`read`, `read-internal`, `edit`, `edit-item` of item 1.2) are
 * asked of both plans; the others once: `public` (anyone), `signed-in`, `session` (one's own
 * account, in a browser), `admin`, and `calendar-key` (a read key in the address).
 */
type Rule = "read" | "read-internal" | "edit" | "edit-item" | "public" | "signed-in" | "session" | "admin" | "calendar-key" | "create-plan";
/** Who may start a new plan: a redacteur of any organisation (with credentials that may write), or an administrator. */
const planCreators: readonly Role[] = ["redacteur", "partij", "buitenstaander", "beheerder", "schrijfsleutel"];
const planRules: readonly Rule[] = ["read", "read-internal", "edit", "edit-item"];
/** Governance bodies (the fixture's body is of SWV NK): `body-manage` for its redacteuren and administrators, `any-editor` for a redacteur of any organisation. */
type BodyRule = "body-manage" | "any-editor";

interface PlanFixture {
  slug: string;
  title: string;
  published: boolean;
  /** Item 1.2, which PPO-NK is a party to. */
  itemId: number;
  periodId: number;
  /** The period as Koers shows it ("Q1 2025"), for the report pages. */
  periodLabel: string;
  roundId: number;
  versionId: number;
}

interface Fixture {
  db: TestDatabase["db"];
  plans: PlanFixture[];
  termId: number;
  /** A meeting of the fixture's body. */
  meetingId: number;
  /** A saved report version per plan slug. */
  reportVersions: Record<string, number>;
  userIds: Partial<Record<Role, number>>;
  /** The people behind the roles, as signed in through a browser (the keys are the redacteur's). */
  viewers: Partial<Record<Role, Viewer>>;
  secrets: { read: string; readWrite: string };
}

interface Case {
  role: Role;
  plan: PlanFixture | null;
}

interface Row {
  rule: Rule | BodyRule;
  /** Values for the path's parameters other than :slug. */
  params?: (fx: Fixture, c: Case) => Record<string, string> | Promise<Record<string, string>>;
  query?: (fx: Fixture, c: Case) => string;
  /** Form fields (pages) or JSON (API) of a write; by default an empty form or `{}`. */
  body?: (fx: Fixture, c: Case) => Record<string, unknown>;
  /** The request ends the session it is made with: give it one of its own. */
  endsSession?: boolean;
}

const item = (_: Fixture, c: Case) => ({ id: String(c.plan!.itemId) });
const round = (_: Fixture, c: Case) => ({ id: String(c.plan!.roundId) });
const period = (_: Fixture, c: Case) => `?periode=${c.plan!.periodId}`;
const span = (_: Fixture, c: Case) => `?van=${encodeURIComponent(c.plan!.periodLabel)}`;

const rows: Record<string, Row> = {
  "GET /static/:file": { rule: "public", params: () => ({ file: assetHref("koers.css").slice("/static/".length) }) },
  "GET /healthz": { rule: "public" },
  "GET /api/v1": { rule: "public" },
  "GET /api/v1/openapi.json": { rule: "public" },
  "GET /api/v1/plans": { rule: "public" },
  "GET /api/v1/plans/:slug": { rule: "read" },
  // A new plan (createPlan) and a copy (copyPlan): the empty content is refused with 400, nothing is made.
  "POST /api/v1/plans": { rule: "create-plan" },
  "POST /api/v1/plans/:slug/copy": { rule: "edit" },
  "GET /plannen/nieuw": { rule: "create-plan" },
  "POST /plannen/nieuw": { rule: "create-plan" },
  "GET /plannen/:slug/kopieren": { rule: "edit" },
  "POST /plannen/:slug/kopieren": { rule: "edit" },
  "GET /api/v1/plans/:slug/items/:id/backlinks": { rule: "read", params: item },
  "GET /api/v1/plans/:slug/indicators": { rule: "read" },
  "GET /api/v1/plans/:slug/indicators/:indicator": { rule: "read", params: () => ({ indicator: "meting" }) },
  // Checked as a whole after the guard: one row with a value that cannot be a date is refused (400) by whoever may write.
  "POST /api/v1/plans/:slug/measurements": { rule: "edit", body: () => ({ data: [{ indicator: "meting", date: "geen datum", value: 1 }] }) },
  "PATCH /api/v1/plans/:slug/items/:id": { rule: "edit-item", params: item, body: () => ({ version: 999_999 }) },
  "GET /api/v1/plans/:slug/rounds": { rule: "read-internal" },
  // The fixture's rounds are open: publishing is refused (409), as is withdrawing what is not published.
  "POST /api/v1/plans/:slug/rounds/:id/publication": { rule: "edit", params: round },
  "DELETE /api/v1/plans/:slug/rounds/:id/publication": { rule: "edit", params: round },
  "GET /api/v1/plans/:slug/versions": { rule: "read" },
  "GET /api/v1/plans/:slug/versions/compare": { rule: "read", query: (_, c) => `?from=${c.plan!.versionId}&to=vandaag` },
  "GET /api/v1/plans/:slug/updates": { rule: "read-internal", query: (_, c) => `?period=${c.plan!.periodId}` },
  "PUT /api/v1/plans/:slug/items/:id/updates/:periodId": {
    rule: "edit-item",
    params: (_, c) => ({ id: String(c.plan!.itemId), periodId: String(c.plan!.periodId) }),
    body: () => ({ version: 999_999, status: "op-koers" }),
  },
  "GET /api/v1/plans/:slug/report": { rule: "read-internal", query: (_, c) => `?period=${encodeURIComponent(c.plan!.periodLabel)}` },
  "GET /api/v1/plans/:slug/report/versions": { rule: "read-internal", query: (_, c) => `?period=${encodeURIComponent(c.plan!.periodLabel)}` },
  // Texts against an old version, a version without a meeting: refused (409, 400) by whoever may write.
  "PUT /api/v1/plans/:slug/report/texts": { rule: "edit", query: (_, c) => `?period=${encodeURIComponent(c.plan!.periodLabel)}`, body: () => ({ title: "Rapportage", version: 999_999 }) },
  "POST /api/v1/plans/:slug/report/versions": { rule: "edit", query: (_, c) => `?period=${encodeURIComponent(c.plan!.periodLabel)}`, body: () => ({ sentOn: "2025-01-01" }) },
  "GET /api/v1/evaluations": { rule: "public" },
  "GET /api/v1/evaluations/:slug": { rule: "public", params: () => ({ slug: "tussenevaluatie-allen-voor-een-2023" }) },
  "GET /api/v1/glossary": { rule: "public" },
  "GET /api/v1/regions": { rule: "public" },
  "GET /api/v1/search": { rule: "public", query: () => "?q=thuiszitters" },

  "GET /inloggen": { rule: "public" },
  // Signing in ends the session the request came with (the token rotates).
  "POST /inloggen": { rule: "public", body: () => ({ email: "lezer@swvnk.nl", password: PASSWORD }), endsSession: true },
  "POST /uitloggen": { rule: "public", endsSession: true },
  "GET /wachtwoord-vergeten": { rule: "public" },
  "POST /wachtwoord-vergeten": { rule: "public" },
  "GET /wachtwoord-instellen": { rule: "public", query: () => "?token=onbekend" },
  "POST /wachtwoord-instellen": { rule: "public" },
  "GET /account": { rule: "session" },
  "POST /account/wachtwoord": { rule: "session" },
  "GET /account/berichten": { rule: "session" },
  "POST /account/berichten": { rule: "session" },
  "GET /api/v1/account/notifications": { rule: "signed-in" },
  "PUT /api/v1/account/notifications": { rule: "signed-in" },
  "POST /account/sleutels": { rule: "session" },
  "POST /account/sleutels/:id/intrekken": {
    rule: "session",
    // A key of the viewer's own user, made for this request: revoking it changes nothing else.
    params: async (fx, c) => {
      const owner = fx.viewers[c.role] ?? fx.viewers.redacteur!;
      await createApiToken(fx.db, owner, "om in te trekken", "read");
      return { id: String((await listApiTokens(fx.db, owner)).at(-1)!.id) };
    },
  },
  "GET /beheer": { rule: "admin" },
  "GET /beheer/gebruikers": { rule: "admin" },
  "POST /beheer/gebruikers": { rule: "admin" },
  // An existing person, as the form sends it, but against an old version: refused as stale.
  "POST /beheer/gebruikers/rol": { rule: "admin", body: () => ({ email: "lezer@swvnk.nl", organisation: "swvnk", role: "lezer", version: "0" }) },
  "POST /beheer/gebruikers/status": { rule: "admin", body: () => ({ email: "lezer@swvnk.nl", version: "0" }) },
  "POST /beheer/gebruikers/beheerder": { rule: "admin", body: () => ({ email: "lezer@swvnk.nl", version: "0" }) },
  "GET /beheer/outbox": { rule: "admin" },
  "GET /beheer/wijzigingen": { rule: "admin" },
  "GET /beheer/wijzigingen.csv": { rule: "admin" },
  "GET /plannen/:slug/wijzigingen": { rule: "read-internal" },
  "GET /plannen/:slug/wijzigingen.csv": { rule: "read-internal" },

  "GET /": { rule: "public" },
  "GET /plannen/:slug": { rule: "read" },
  "GET /plannen/:slug/bewerken": { rule: "edit" },
  "POST /plannen/:slug/bewerken": { rule: "edit" },
  "GET /plannen/:slug/onderdelen/:id/bewerken": { rule: "edit-item", params: item },
  "POST /plannen/:slug/onderdelen/:id/bewerken": { rule: "edit-item", params: item },
  "GET /plannen/:slug/onderdelen/:id/hiernaar": { rule: "read", params: item },
  // A plan from Word: a redacteur of any organisation or an administrator (as any-editor); without a file the post is refused with 400.
  "GET /plannen/inlezen-word": { rule: "any-editor" },
  "POST /plannen/inlezen-word": { rule: "any-editor" },
  "POST /api/v1/plans/import/docx": { rule: "any-editor" },
  "GET /plannen/:slug/cijfers/inlezen": { rule: "edit" },
  // An empty form (no file chosen) is refused (400) for whoever may edit.
  "POST /plannen/:slug/cijfers/inlezen": { rule: "edit" },
  "GET /plannen/:slug/cijfers": { rule: "read" },
  "GET /plannen/:slug/cijfers/nieuw": { rule: "edit" },
  // An empty form: refused (400) for whoever may edit, before anything is saved.
  "POST /plannen/:slug/cijfers/nieuw": { rule: "edit" },
  "GET /plannen/:slug/cijfers/:indicator/bewerken": { rule: "edit", params: () => ({ indicator: "meting" }) },
  "POST /plannen/:slug/cijfers/:indicator/bewerken": { rule: "edit", params: () => ({ indicator: "meting" }) },
  "GET /plannen/:slug/cijfers/:indicator/meting": { rule: "edit", params: () => ({ indicator: "meting" }) },
  // An empty form (no date) is refused (400) for whoever may edit, before anything is saved.
  "POST /plannen/:slug/cijfers/:indicator/meting": { rule: "edit", params: () => ({ indicator: "meting" }) },
  "GET /plannen/:slug/cijfers/:indicator": { rule: "read", params: () => ({ indicator: "meting" }) },
  // The fixture's indicator is compared with no other: the page says so.
  "GET /plannen/:slug/cijfers/:indicator/vergelijken": { rule: "read", params: () => ({ indicator: "meting" }) },
  // An empty form: refused (400) for whoever may edit, before anything is saved.
  "POST /plannen/:slug/cijfers/:indicator/vergelijken": { rule: "edit", params: () => ({ indicator: "meting" }) },
  "GET /plannen/:slug/cijfers.csv": { rule: "read" },
  "GET /plannen/:slug/rapportage": { rule: "read-internal", query: span },
  "GET /plannen/:slug/rapportage.docx": { rule: "read-internal", query: span },
  "GET /plannen/:slug/rapportage.xlsx": { rule: "read-internal", query: span },
  "GET /plannen/:slug/rapportage/teksten": { rule: "edit", query: span },
  "POST /plannen/:slug/rapportage/teksten": { rule: "edit", query: span, body: () => ({ title: "Rapportage", version: "999999" }) },
  "GET /plannen/:slug/rapportage/versies/nieuw": { rule: "edit", query: span },
  "POST /plannen/:slug/rapportage/versies": { rule: "edit", query: span, body: () => ({ sentOn: "2025-01-01" }) },
  "GET /plannen/:slug/rapportage/versies/:id": { rule: "read-internal", params: (fx, c) => ({ id: String(fx.reportVersions[c.plan!.slug]) }) },
  "GET /plannen/:slug/rapportage/versies/:id/document.docx": { rule: "read-internal", params: (fx, c) => ({ id: String(fx.reportVersions[c.plan!.slug]) }) },
  "GET /plannen/:slug/cijfers.xlsx": { rule: "read" },
  "GET /plannen/:slug/document.docx": { rule: "read" },
  "GET /plannen/:slug/document.xlsx": { rule: "read" },
  "GET /plannen/:slug/cijfers/:indicator/metingen.csv": { rule: "read", params: () => ({ indicator: "meting" }) },
  "GET /plannen/:slug/cijfers/:indicator/metingen.xlsx": { rule: "read", params: () => ({ indicator: "meting" }) },
  "GET /plannen/:slug/onderdelen/:id/verwijzen": { rule: "edit-item", params: item },
  "POST /plannen/:slug/onderdelen/:id/verwijzen": { rule: "edit-item", params: item },
  "GET /plannen/:slug/onderdelen/nieuw": { rule: "edit" },
  "POST /plannen/:slug/onderdelen/nieuw": { rule: "edit" },
  "GET /plannen/:slug/onderdelen/:id/verplaatsen": { rule: "edit", params: item },
  "POST /plannen/:slug/onderdelen/:id/verplaatsen": { rule: "edit", params: item },
  "GET /plannen/:slug/onderdelen/:id/verwijderen": { rule: "edit", params: item },
  "POST /plannen/:slug/onderdelen/:id/verwijderen": { rule: "edit", params: item },
  "GET /plannen/:slug/prullenbak": { rule: "edit" },
  "POST /plannen/:slug/prullenbak/:deletionId/terugzetten": {
    rule: "edit",
    // Restoring works without further content: put item 1.3 in the bin for each request.
    params: async (fx, c) => ({ deletionId: String(await binEntry(fx, c.plan!.slug)) }),
  },
  "GET /plannen/:slug/versies": { rule: "read" },
  "GET /plannen/:slug/versies/vergelijk": { rule: "read", query: (_, c) => `?van=${c.plan!.versionId}&met=vandaag` },
  "GET /plannen/:slug/onderdelen/:id/voortgang": { rule: "edit-item", params: item, query: period },
  "POST /plannen/:slug/onderdelen/:id/voortgang": { rule: "edit-item", params: item, body: (_, c) => ({ periode: String(c.plan!.periodId) }) },
  "GET /plannen/:slug/rapportageperiodes": { rule: "read-internal" },
  "POST /plannen/:slug/rapportageperiodes": { rule: "edit" },
  "GET /plannen/:slug/rondes": { rule: "read-internal" },
  "GET /plannen/:slug/herinneringen": { rule: "read-internal" },
  "POST /plannen/:slug/herinneringen": { rule: "edit" },
  "GET /api/v1/plans/:slug/reminders": { rule: "read-internal" },
  "PUT /api/v1/plans/:slug/reminders": { rule: "edit" },
  "POST /plannen/:slug/rondes": { rule: "edit" },
  "GET /plannen/:slug/rondes/:id": { rule: "read-internal", params: round },
  "GET /plannen/:slug/rondes/:id/overzicht": { rule: "read-internal", params: round },
  "POST /plannen/:slug/rondes/:id/herinneren": { rule: "edit", params: round },
  "GET /plannen/:slug/rondes/:id/sluiten": { rule: "read-internal", params: round },
  "POST /plannen/:slug/rondes/:id/sluiten": { rule: "edit", params: round },
  // Progress by spreadsheet: for whoever may update an item in the round; an empty form asks for a file (400).
  "GET /plannen/:slug/rondes/:id/voortgang.xlsx": { rule: "edit-item", params: round },
  "GET /plannen/:slug/rondes/:id/voortgang-uploaden": { rule: "edit-item", params: round },
  "POST /plannen/:slug/rondes/:id/voortgang-uploaden": { rule: "edit-item", params: round },
  // Whoever may read the plan but not its internal content sees the published progress only.
  "GET /plannen/:slug/dashboard": { rule: "read" },
  "GET /plannen/:slug/tijdlijn": { rule: "read" },
  "POST /plannen/:slug/rondes/:id/publiceren": { rule: "edit", params: round },
  "POST /plannen/:slug/rondes/:id/publicatie-intrekken": { rule: "edit", params: round },
  // The fixture's rounds are not published: a published evaluation's period, public to all.
  "GET /plannen/:slug/voortgang/:period": { rule: "public", params: () => ({ slug: "allen-voor-een-2022-2024", period: "2022" }) },
  "GET /plannen/:slug/publicaties.atom": { rule: "read" },
  "GET /publicaties.atom": { rule: "public" },
  "GET /plannen/:slug/agenda.ics": { rule: "read" },
  "GET /mijn-werk": { rule: "signed-in" },
  "GET /mijn-werk/agenda.ics": {
    rule: "calendar-key",
    query: (fx, c) => (c.role === "leessleutel" ? `?sleutel=${fx.secrets.read}` : c.role === "schrijfsleutel" ? `?sleutel=${fx.secrets.readWrite}` : ""),
  },
  // Governance: bodies and meetings are read by anyone signed in; the fixture's body (of SWV NK) is
  // managed by its redacteuren. Empty forms and content are refused (400) for those who may, nothing changes.
  "GET /organen": { rule: "signed-in" },
  "POST /organen": { rule: "any-editor" },
  "GET /organen/:slug": { rule: "signed-in", params: () => ({ slug: "matrix-orgaan" }) },
  "POST /organen/:slug": { rule: "body-manage", params: () => ({ slug: "matrix-orgaan" }) },
  "POST /organen/:slug/leden": { rule: "body-manage", params: () => ({ slug: "matrix-orgaan" }) },
  "POST /organen/:slug/lid-verwijderen": { rule: "body-manage", params: () => ({ slug: "matrix-orgaan" }) },
  "POST /organen/:slug/vergaderingen": { rule: "body-manage", params: () => ({ slug: "matrix-orgaan" }) },
  "POST /organen/:slug/besluiten": { rule: "body-manage", params: () => ({ slug: "matrix-orgaan" }) },
  "GET /organen/:slug/vergaderingen/:id": { rule: "signed-in", params: (fx: Fixture) => ({ slug: "matrix-orgaan", id: String(fx.meetingId) }) },
  "POST /organen/:slug/vergaderingen/:id": { rule: "body-manage", params: (fx: Fixture) => ({ slug: "matrix-orgaan", id: String(fx.meetingId) }) },
  "POST /organen/:slug/vergaderingen/:id/agendapunten": { rule: "body-manage", params: (fx: Fixture) => ({ slug: "matrix-orgaan", id: String(fx.meetingId) }) },
  "POST /organen/:slug/vergaderingen/:id/agendapunt-verwijderen": { rule: "body-manage", params: (fx: Fixture) => ({ slug: "matrix-orgaan", id: String(fx.meetingId) }) },
  "POST /organen/:slug/vergaderingen/:id/stukken": { rule: "body-manage", params: (fx: Fixture) => ({ slug: "matrix-orgaan", id: String(fx.meetingId) }) },
  "POST /organen/:slug/vergaderingen/:id/stuk-verwijderen": { rule: "body-manage", params: (fx: Fixture) => ({ slug: "matrix-orgaan", id: String(fx.meetingId) }) },
  "GET /api/v1/bodies": { rule: "signed-in" },
  "POST /api/v1/bodies": { rule: "any-editor" },
  "GET /api/v1/bodies/:body": { rule: "signed-in", params: () => ({ body: "matrix-orgaan" }) },
  "PATCH /api/v1/bodies/:body": { rule: "body-manage", params: () => ({ body: "matrix-orgaan" }) },
  "POST /api/v1/bodies/:body/members": { rule: "body-manage", params: () => ({ body: "matrix-orgaan" }) },
  "POST /api/v1/bodies/:body/meetings": { rule: "body-manage", params: () => ({ body: "matrix-orgaan" }) },
  "POST /api/v1/bodies/:body/decisions": { rule: "body-manage", params: () => ({ body: "matrix-orgaan" }) },
  "GET /api/v1/bodies/:body/meetings/:id": { rule: "signed-in", params: (fx: Fixture) => ({ body: "matrix-orgaan", id: String(fx.meetingId) }) },
  "PATCH /api/v1/bodies/:body/meetings/:id": { rule: "body-manage", params: (fx: Fixture) => ({ body: "matrix-orgaan", id: String(fx.meetingId) }) },
  // The proposed agenda is for those who make the agenda.
  "GET /api/v1/bodies/:body/meetings/:id/proposals": { rule: "body-manage", params: (fx: Fixture) => ({ body: "matrix-orgaan", id: String(fx.meetingId) }) },
  "POST /api/v1/bodies/:body/meetings/:id/agenda": { rule: "body-manage", params: (fx: Fixture) => ({ body: "matrix-orgaan", id: String(fx.meetingId) }) },
  "POST /api/v1/bodies/:body/meetings/:id/documents": { rule: "body-manage", params: (fx: Fixture) => ({ body: "matrix-orgaan", id: String(fx.meetingId) }) },
  // A plan's approval route: read with the plan, set, started and decided by its editors (the fixture's plans have no route: 400/409).
  "GET /plannen/:slug/besluitvorming": { rule: "read" },
  "POST /plannen/:slug/besluitvorming": { rule: "edit" },
  "POST /plannen/:slug/besluitvorming/start": { rule: "edit" },
  "POST /plannen/:slug/besluitvorming/besluit": { rule: "edit" },
  "GET /api/v1/plans/:slug/route": { rule: "read" },
  "PUT /api/v1/plans/:slug/route": { rule: "edit" },
  "POST /api/v1/plans/:slug/route/start": { rule: "edit" },
  "POST /api/v1/plans/:slug/route/decisions": { rule: "edit" },
  "GET /onderwerpen": { rule: "public" },
  "GET /onderwerpen/:slug": { rule: "public", params: () => ({ slug: "thuiszitters" }) },
  "GET /evaluaties": { rule: "public" },
  "GET /evaluaties/:slug": { rule: "public", params: () => ({ slug: "tussenevaluatie-allen-voor-een-2023" }) },
  "GET /begrippen": { rule: "public" },
  "POST /begrippen": { rule: "admin" },
  "GET /begrippen/:id/bewerken": { rule: "admin", params: (fx) => ({ id: String(fx.termId) }) },
  "POST /begrippen/:id": { rule: "admin", params: (fx) => ({ id: String(fx.termId) }) },
  "POST /begrippen/:id/verwijderen": { rule: "admin", params: (fx) => ({ id: String(fx.termId) }) },
  "GET /regio": { rule: "public" },
  "GET /zoeken": { rule: "public", query: () => "?q=thuiszitters" },
};

/** A bin entry of the plan: item 1.3 deleted, unless an earlier request left it there. */
async function binEntry(fx: Fixture, slug: string): Promise<number> {
  const [entry] = await listBin(fx.db, system, slug);
  if (entry) return entry.id;
  const plan = await getPlan(fx.db, system, slug);
  const target = plan.items.flatMap((i) => i.children).find((i) => i.code === "1.3")!;
  return (await deleteItem(fx.db, system, slug, target.id, target.version)).deletionId;
}

type Answer = "allowed" | "refused" | "not-found";

function expected(rule: Rule | BodyRule, role: Role, plan: PlanFixture | null, apiWrite: boolean): Answer {
  const m = may[role];
  // Before anything else, a write to the API needs someone signed in whose credentials may write.
  if (apiWrite && !m.write) return "refused";
  if (plan) {
    if (!plan.published && !m.internal) return "not-found";
    const allowed = rule === "read" || (rule === "read-internal" && m.internal) || (rule === "edit" && m.edit) || (rule === "edit-item" && m.editItem);
    return allowed ? "allowed" : "refused";
  }
  if (rule === "body-manage") return m.edit ? "allowed" : "refused";
  if (rule === "any-editor") return m.write && role !== "lezer" ? "allowed" : "refused";
  const allowed =
    rule === "public" ||
    (rule === "signed-in" && m.signedIn) ||
    (rule === "session" && m.session) ||
    (rule === "admin" && m.admin && m.session) ||
    (rule === "calendar-key" && role === "leessleutel") ||
    (rule === "create-plan" && planCreators.includes(role));
  return allowed ? "allowed" : "refused";
}

function answerOf(res: Response): Answer | `unexpected ${number}` {
  const toSignIn = res.status >= 300 && res.status < 400 && (res.headers.get("location") ?? "").startsWith("/inloggen");
  if (res.status === 404) return "not-found";
  if (res.status === 401 || res.status === 403 || toSignIn) return "refused";
  if ((res.status >= 200 && res.status < 400) || res.status === 400 || res.status === 409) return "allowed";
  return `unexpected ${res.status}`;
}

const CSRF = "matrix-csrf-token";
const MISSING = "geen-plan-met-deze-naam";

describe.each(databaseKinds)("access matrix on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let fx: Fixture;
  const sessions: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    const made = await progressDatabase(kind);
    database = made.database;
    const db = database.db;
    const admin = await makeUser(db, "beheerder@koers.test", { admin: true });
    sessions.lezer = made.sessions.reader;
    sessions.redacteur = made.sessions.owner;
    sessions.partij = made.sessions.party;
    sessions.buitenstaander = made.sessions.outsider;
    sessions.beheerder = admin.session;
    const viewers: Fixture["viewers"] = {
      lezer: made.viewers.reader,
      redacteur: made.viewers.owner,
      partij: made.viewers.party,
      buitenstaander: made.viewers.outsider,
      beheerder: (await sessionViewer(db, admin.session))!,
      leessleutel: made.viewers.owner,
      schrijfsleutel: made.viewers.owner,
    };
    const secrets = {
      read: await createApiToken(db, made.viewers.owner, "matrix lezen", "read"),
      readWrite: await createApiToken(db, made.viewers.owner, "matrix schrijven", "read-write"),
    };
    const userIds: Fixture["userIds"] = {};
    for (const [role, v] of Object.entries(viewers)) if (v.kind === "user") userIds[role as Role] = v.id;

    // The same plan, unpublished, under a name nobody outside may learn.
    const published = await getPlan(db, system, SLUG);
    const hidden = { ...toPlanFile(published), slug: "verborgen-werkplan", title: "Geheim werkplan Zandbank", published: false };
    await insertPlans(db, [hidden]);

    const plans: PlanFixture[] = [];
    const reportVersions: Record<string, number> = {};
    for (const { slug, title, published: isPublished } of [published, hidden]) {
      const plan = await getPlan(db, system, slug);
      const itemId = plan.items.flatMap((i) => i.children).find((i) => i.code === "1.2")!.id;
      const { periods } = await configureCycle(db, system, slug, "trimester");
      const periodId = periods[0]!.id;
      const { id: roundId } = await openRound(db, system, slug, { periodId, deadline: periods[0]!.end });
      const { id: versionId } = await takeSnapshot(db, system, slug, "Vastgesteld door de ALV");
      await binEntry({ db } as Fixture, slug);
      await insertFigures(db, [figuresFileSchema.parse({ plan: slug, indicators: [{ slug: "meting", name: "Meting", unit: "aantal", direction: "lager" }] })], [`${slug}.yaml`], system);
      expect(findItem(plan.items, itemId)?.code).toBe("1.2");
      reportVersions[slug] = (await saveReportVersion(db, system, slug, { from: periods[0]!.label }, { sentTo: "Regiegroep", sentOn: "2025-01-01" })).id;
      plans.push({ slug, title, published: isPublished, itemId, periodId, periodLabel: periods[0]!.label, roundId, versionId: versionId as number });
    }
    const [term] = await listGlossary(db);
    await createBody(db, system, { name: "Matrix-orgaan", kind: "opr", organisations: ["swvnk"] });
    const { id: meetingId } = await createMeeting(db, system, "matrix-orgaan", { date: "2025-03-01" });
    fx = { db, plans, termId: term!.id, meetingId, reportVersions, userIds, viewers, secrets };

    const config = { ...loadConfig({}), signInLimitPerMinute: 1_000_000, apiKeyFailureLimitPerMinute: 1_000_000 };
    app = createApp({ db, logger: pino({ level: "silent" }), config });
  });

  afterAll(async () => {
    await database?.dispose();
  });

  async function ask(method: string, path: string, role: Role, row: Row, c: Case) {
    const headers: Record<string, string> = { cookie: `${CSRF_COOKIE}=${CSRF}` };
    let session = sessions[role];
    if (session && row.endsSession) session = await startSession(fx.db, fx.userIds[role]!);
    if (session) headers.cookie += `; ${SESSION_COOKIE}=${session}`;
    if (role === "leessleutel") headers.authorization = `Bearer ${fx.secrets.read}`;
    if (role === "schrijfsleutel") headers.authorization = `Bearer ${fx.secrets.readWrite}`;
    let body: string | undefined;
    if (method !== "GET") {
      headers.origin = "http://localhost";
      headers["x-csrf-token"] = CSRF;
      const content = row.body?.(fx, c) ?? {};
      if (path.startsWith("/api/")) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(content);
      } else {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(content as Record<string, string>).toString();
      }
    }
    return app.request(path, { method, headers, ...(body !== undefined && { body }) });
  }

  function routeList(): string[] {
    const seen = new Set<string>();
    for (const r of app.routes) if (r.method !== "ALL") seen.add(`${r.method} ${r.path}`);
    return [...seen];
  }

  it("has a row for every route of the app, and no row for a route that is gone", () => {
    const routes = routeList();
    expect(routes.filter((r) => !(r in rows)), "routes without a row in the matrix").toEqual([]);
    expect(Object.keys(rows).filter((r) => !routes.includes(r)), "rows for routes the app does not have").toEqual([]);
  });

  it.each(Object.keys(rows))("%s", async (route) => {
    const row = rows[route]!;
    const [method, pattern] = route.split(" ") as [string, string];
    const apiWrite = pattern.startsWith("/api/") && method !== "GET";
    const problems: string[] = [];
    const targets: (PlanFixture | null)[] = (planRules as readonly string[]).includes(row.rule) ? fx.plans : [null];
    for (const plan of targets) {
      for (const role of roles) {
        const c: Case = { role, plan };
        const params: Record<string, string> = { ...(plan && { slug: plan.slug }), ...(await row.params?.(fx, c)) };
        const path = (slug?: string) =>
          pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(name === "slug" && slug ? slug : params[name]!)) + (row.query?.(fx, c) ?? "");
        const res = await ask(method, path(), role, row, c);
        const want = expected(row.rule, role, plan, apiWrite);
        const got = answerOf(res);
        const where = `${role} on ${plan ? (plan.published ? "the published plan" : "the unpublished plan") : route}`;
        if (got !== want) problems.push(`${where}: expected ${want}, got ${got} (${res.status})`);
        else if (got === "refused" && row.rule !== "calendar-key" && res.status !== 303 && (role === "anoniem") !== (res.status === 401)) {
          problems.push(`${where}: refused with ${res.status}; signed out is 401, signed in is 403`);
        }
        if (plan && !plan.published && want !== "allowed" && !may[role].internal) {
          // Nothing tells an unpublished plan from one that does not exist.
          const text = await res.text();
          const probe = await ask(method, path(MISSING), role, row, c);
          const probeText = await probe.text();
          if (probe.status !== res.status) problems.push(`${where}: ${res.status}, but ${probe.status} for a plan that does not exist`);
          if (text.includes(plan.title)) problems.push(`${where}: the answer names the plan`);
          if (text.replaceAll(plan.slug, MISSING) !== probeText) problems.push(`${where}: the answer differs from the one for a plan that does not exist`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("checks who writes to the API before reading what they send", async () => {
    const writes = routeList().filter((r) => r.includes(" /api/") && !r.startsWith("GET "));
    expect(writes.length).toBeGreaterThan(0);
    const plan = fx.plans[0]!;
    for (const route of writes) {
      const [method, pattern] = route.split(" ") as [string, string];
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => (name === "slug" ? plan.slug : String(plan.itemId)));
      for (const [role, status] of [["anoniem", 401], ["leessleutel", 403]] as const) {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (role === "leessleutel") headers.authorization = `Bearer ${fx.secrets.read}`;
        const res = await app.request(path, { method, headers, body: "dit is geen JSON" });
        expect(res.status, `${role} ${route}`).toBe(status);
      }
    }
  });

  it("left the plans as they were: published and unpublished", async () => {
    for (const plan of fx.plans) expect((await getPlan(fx.db, system, plan.slug)).published).toBe(plan.published);
  });
});
