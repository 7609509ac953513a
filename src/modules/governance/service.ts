/**
 * Governance: bodies with their organisations and members, their meetings with agenda and
 * documents, the decisions they take, and each plan's approval route. Every write is one
 * command with one zod schema (docs/decisions/0016), checked after access and written with its
 * audit entry in one transaction. Access: any signed-in person reads the bodies and meetings;
 * administrators and the redacteuren of a body's organisations manage it; a plan's route is
 * set, started and decided by the plan's editors. Agenda items and decisions about a plan the
 * viewer may not read are left out for them, as if they were not there.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNull, max } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { isIsoDate, todayInNl } from "../../lib/dates.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { COUNT, LENGTH, optionalText, requiredText, tooMany } from "../../lib/limits.ts";
import { slugFromText } from "../../lib/slug.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import { canCreateBody, canManageBody, refusal } from "../access/policy.ts";
import type { Viewer } from "../access/viewer.ts";
import { users } from "../accounts/schema.ts";
import { record } from "../audit/service.ts";
import { progressOfPlan } from "../monitoring/updates.ts";
import { organisations } from "../organisations/schema.ts";
import { requirePlan, type PlanGate } from "../plans/access.ts";
import { keepAdoptedVersion, recordPlanApproval, setPlanStatus } from "../plans/approval.ts";
import { getPlan, listPlans } from "../plans/reading.ts";
import { items, planOwners, plans } from "../plans/schema.ts";
import { reports, reportVersions } from "../reports/schema.ts";
import { meetingHref } from "./notices.ts";
import {
  agendaItems,
  approvalSteps,
  bodies,
  bodyKinds,
  bodyMembers,
  bodyOrganisations,
  decisionItems,
  decisionOutcomes,
  decisions,
  meetingDocuments,
  meetings,
  type BodyKind,
  type DecisionOutcome,
} from "./schema.ts";
import {
  agendaProposals,
  approvalOutcome,
  checkRouteChange,
  checkRouteDecision,
  checkRouteStart,
  outcomeLabels,
  routeState,
  type AgendaProposal,
  type RouteState,
  type StepAction,
} from "./rules.ts";

export const bodyKindLabels: Record<BodyKind, string> = {
  oogo: "OOGO (op overeenstemming gericht overleg)",
  regiegroep: "Regiegroep",
  kernberaad: "Kernberaad",
  opr: "OPR (ondersteuningsplanraad)",
  alv: "ALV (algemene ledenvergadering)",
  bestuur: "Bestuur",
  "raad-van-toezicht": "Raad van Toezicht",
  gemeenteraad: "Gemeenteraad",
  overig: "Overig",
};

export class BodyNotFoundError extends NotFoundError {
  constructor() {
    super("Dit orgaan bestaat niet.");
  }
}

export class MeetingNotFoundError extends NotFoundError {
  constructor() {
    super("Deze vergadering bestaat niet (meer).");
  }
}

export class StaleGovernanceError extends ConflictError {
  constructor(what: string) {
    super(`${what} is intussen gewijzigd door iemand anders. Laad de pagina opnieuw en probeer het dan nog eens.`);
  }
}

// ---------------------------------------------------------------- schemas

const isoDate = (label: string) =>
  z.string({ error: `${label}: vul een datum in (jjjj-mm-dd).` }).trim().refine(isIsoDate, `${label}: vul een geldige datum in (jjjj-mm-dd).`);
const optionalDate = (label: string) =>
  z.union([z.literal("").transform(() => null), isoDate(label)]).nullish().transform((v) => v ?? null);
const version = (label = "Versie") => z.coerce.number({ error: `${label}: ontbreekt.` }).int(`${label}: ontbreekt.`);
const id = (label: string) => z.coerce.number({ error: `${label}: kies er een.` }).int(`${label}: kies er een.`).positive(`${label}: kies er een.`);
const optionalId = (label: string) => z.union([z.literal("").transform(() => null), id(label)]).nullish().transform((v) => v ?? null);
const optionalSlug = (label: string) =>
  z.string({ error: `${label}: geef de korte naam.` }).trim().max(LENGTH.slug, `${label}: hoogstens ${LENGTH.slug} tekens.`).nullish().transform((v) => v || null);
const stepAction = z.enum(["advies", "instemming", "vaststelling", "kennisname"], { error: "Wat het orgaan doet: kies advies, instemming, vaststelling of kennisname." });

export const bodySchema = z.object({
  name: requiredText("Naam", LENGTH.name, "Naam: vul de naam van het orgaan in."),
  kind: z.enum(bodyKinds, { error: "Soort: kies de soort orgaan." }),
  description: optionalText("Omschrijving", LENGTH.note),
  organisations: z
    .array(z.string().trim(), { error: "Organisaties: kies de organisaties die deelnemen." })
    .max(COUNT.parties, tooMany("Organisaties", COUNT.parties))
    .transform((list) => [...new Set(list.filter(Boolean))])
    .refine((list) => list.length > 0, "Organisaties: kies ten minste één organisatie die deelneemt."),
});
export type BodyInput = z.input<typeof bodySchema>;

export const bodyUpdateSchema = bodySchema.extend({ version: version() });
export type BodyUpdateInput = z.input<typeof bodyUpdateSchema>;

export const memberSchema = z
  .object({
    version: version(),
    /** The address of a Koers account, or of someone without one. */
    email: z
      .string({ error: "E-mailadres: geef een adres." })
      .trim()
      .toLowerCase()
      .max(LENGTH.name, `E-mailadres: hoogstens ${LENGTH.name} tekens.`)
      .refine((v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "E-mailadres: dit is geen geldig adres.")
      .nullish()
      .transform((v) => v || null),
    name: optionalText("Naam", LENGTH.name),
    organisation: optionalSlug("Organisatie"),
    role: optionalText("Rol", LENGTH.name),
  })
  .refine((m) => m.email !== null || m.name !== null, { path: ["name"], error: "Naam: vul een naam of een e-mailadres in." });
export type MemberInput = z.input<typeof memberSchema>;

export const removeSchema = z.object({ version: version(), id: id("Wat u verwijdert") });
export type RemoveInput = z.input<typeof removeSchema>;

export const meetingSchema = z.object({
  date: isoDate("Datum"),
  time: optionalText("Tijd", 40),
  location: optionalText("Plaats", LENGTH.name),
  notes: optionalText("Aantekeningen", LENGTH.note),
});
export type MeetingInput = z.input<typeof meetingSchema>;
export const meetingUpdateSchema = meetingSchema.extend({ version: version() });
export type MeetingUpdateInput = z.input<typeof meetingUpdateSchema>;

const agendaEntry = z.object({
  title: requiredText("Titel", LENGTH.title, "Titel: vul in waarover het agendapunt gaat."),
  plan: optionalSlug("Plan"),
  itemId: optionalId("Onderdeel"),
  reportVersionId: optionalId("Rapportage"),
  proposed: z.union([z.literal("").transform(() => null), stepAction]).nullish().transform((v) => v ?? null),
  note: optionalText("Toelichting", LENGTH.phrase),
});
export const agendaSchema = z.object({
  version: version(),
  items: z.array(agendaEntry).min(1, "Agendapunten: kies ten minste één punt.").max(COUNT.items, tooMany("Agendapunten", COUNT.items)),
});
export type AgendaInput = z.input<typeof agendaSchema>;

export const documentSchema = z.object({
  version: version(),
  title: requiredText("Titel", LENGTH.title, "Titel: vul de titel van het stuk in."),
  url: z
    .string({ error: "Adres: geef het adres van het stuk." })
    .trim()
    .max(LENGTH.phrase, `Adres: hoogstens ${LENGTH.phrase} tekens.`)
    .refine((v) => /^https?:\/\/\S+$/.test(v) || /^\/[^\s/]\S*$/.test(v), "Adres: geef een adres dat begint met https:// of met / (een pagina in Koers)."),
  agendaItemId: optionalId("Agendapunt"),
});
export type DocumentInput = z.input<typeof documentSchema>;

export const decisionSchema = z.object({
  date: isoDate("Datum van het besluit"),
  outcome: z.enum(decisionOutcomes, { error: "Uitkomst: kies advies, instemming, vaststelling, kennisname of afwijzing." }),
  text: z.string({ error: "Besluit: geef een tekst." }).trim().max(LENGTH.text, `Besluit: hoogstens ${LENGTH.text} tekens.`).default(""),
  meetingId: optionalId("Vergadering"),
  agendaItemId: optionalId("Agendapunt"),
  plan: optionalSlug("Plan"),
  reportVersionId: optionalId("Rapportage"),
  itemIds: z.array(id("Onderdeel")).max(COUNT.items, tooMany("Onderdelen", COUNT.items)).default([]).transform((l) => [...new Set(l)]),
  /** The route as the person saw it (routeVersion), for a decision that takes a step. */
  routeVersion: z.string().trim().max(100).nullish().transform((v) => v || null),
});
export type DecisionInput = z.input<typeof decisionSchema>;

export const routeSchema = z
  .object({
    version: z.string({ error: "Versie: ontbreekt." }).trim().min(1, "Versie: ontbreekt."),
    steps: z
      .array(z.object({ body: z.string({ error: "Orgaan: kies een orgaan." }).trim().min(1, "Orgaan: kies een orgaan."), action: stepAction, due: optionalDate("Uiterlijk") }))
      .max(20, tooMany("Stappen", 20)),
  })
  .superRefine((r, ctx) => {
    const adopting = r.steps.map((s, i) => (s.action === "vaststelling" ? i : -1)).filter((i) => i >= 0);
    if (adopting.length > 1) ctx.addIssue({ code: "custom", path: ["steps", adopting[1]!, "action"], message: "Wat het orgaan doet: één orgaan stelt het plan vast." });
    else if (adopting.length === 1 && adopting[0] !== r.steps.length - 1) {
      ctx.addIssue({ code: "custom", path: ["steps", adopting[0]!, "action"], message: "Wat het orgaan doet: de vaststelling is de laatste stap van de route." });
    }
  });
export type RouteInput = z.input<typeof routeSchema>;

export const startSchema = z.object({ version: z.string({ error: "Versie: ontbreekt." }).trim().min(1, "Versie: ontbreekt.") });
export type StartInput = z.input<typeof startSchema>;

function parse<T extends z.ZodType>(schema: T, file: string, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems(file, parsed.error));
  return parsed.data;
}

const inputError = (path: string, message: string) => new InputError([{ file: "orgaan", path, message }]);

// ---------------------------------------------------------------- access

function requireSignedIn(viewer: Viewer): void {
  if (viewer.kind === "anonymous") throw refusal(viewer, "Log in om de organen en hun vergaderingen te zien.");
}

interface BodyRow {
  id: number;
  slug: string;
  name: string;
  kind: BodyKind;
  description: string | null;
  version: number;
  organisationIds: number[];
}

async function bodyBySlug(db: Db, viewer: Viewer, slug: string, lock = false): Promise<BodyRow> {
  requireSignedIn(viewer);
  const query = db.select().from(bodies).where(eq(bodies.slug, slug));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new BodyNotFoundError();
  const orgs = await db.select({ id: bodyOrganisations.organisationId }).from(bodyOrganisations).where(eq(bodyOrganisations.bodyId, row.id)).orderBy(asc(bodyOrganisations.position));
  return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, description: row.description, version: row.version, organisationIds: orgs.map((o) => o.id) };
}

function requireManage(viewer: Viewer, body: BodyRow): void {
  if (!canManageBody(viewer, body.organisationIds)) throw refusal(viewer, "Alleen redacteuren van de deelnemende organisaties beheren dit orgaan.");
}

/** The ids of the plans the viewer may read, to leave out what is about the others. */
async function readablePlanIds(db: Db, viewer: Viewer): Promise<Set<number>> {
  return new Set((await listPlans(db, viewer)).map((p) => p.id));
}

async function organisationIdsOf(db: Db, slugs: readonly string[], field: string): Promise<number[]> {
  if (slugs.length === 0) return [];
  const rows = await db.select({ id: organisations.id, slug: organisations.slug }).from(organisations).where(inArray(organisations.slug, [...slugs]));
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const unknown = slugs.find((s) => !bySlug.has(s));
  if (unknown) throw inputError(field, `Organisatie: '${unknown}' bestaat niet in Koers.`);
  return slugs.map((s) => bySlug.get(s)!);
}

// ---------------------------------------------------------------- reading

export interface BodySummary {
  slug: string;
  name: string;
  kind: BodyKind;
  organisations: string[];
  nextMeeting: string | null;
}

export async function listBodies(db: Db, viewer: Viewer, today = todayInNl()): Promise<{ bodies: BodySummary[]; mayCreate: boolean }> {
  requireSignedIn(viewer);
  const [rows, orgs, upcoming] = await Promise.all([
    db.select().from(bodies).orderBy(asc(bodies.name)),
    db
      .select({ bodyId: bodyOrganisations.bodyId, name: organisations.name, shortName: organisations.shortName })
      .from(bodyOrganisations)
      .innerJoin(organisations, eq(organisations.id, bodyOrganisations.organisationId))
      .orderBy(asc(bodyOrganisations.position)),
    db.select({ bodyId: meetings.bodyId, date: meetings.date }).from(meetings).where(gte(meetings.date, today)).orderBy(asc(meetings.date)),
  ]);
  return {
    mayCreate: canCreateBody(viewer),
    bodies: rows.map((b) => ({
      slug: b.slug,
      name: b.name,
      kind: b.kind,
      organisations: orgs.filter((o) => o.bodyId === b.id).map((o) => o.shortName ?? o.name),
      nextMeeting: upcoming.find((m) => m.bodyId === b.id)?.date ?? null,
    })),
  };
}

export interface DecisionView {
  id: number;
  body: { slug: string; name: string };
  meetingId: number | null;
  date: string;
  outcome: DecisionOutcome;
  text: string;
  plan: { slug: string; title: string } | null;
  reportVersion: { id: number; number: number } | null;
  items: { id: number; code: string | null; title: string }[];
  step: number | null;
  snapshotId: number | null;
}

async function decisionsWhere(db: Db, viewer: Viewer, where: ReturnType<typeof eq>, readable?: Set<number>): Promise<DecisionView[]> {
  const rows = await db
    .select({
      id: decisions.id,
      bodySlug: bodies.slug,
      bodyName: bodies.name,
      meetingId: decisions.meetingId,
      date: decisions.date,
      outcome: decisions.outcome,
      text: decisions.text,
      planId: decisions.planId,
      planSlug: plans.slug,
      planTitle: plans.title,
      reportVersionId: decisions.reportVersionId,
      reportNumber: reportVersions.number,
      stepPosition: approvalSteps.position,
      snapshotId: decisions.snapshotId,
    })
    .from(decisions)
    .innerJoin(bodies, eq(bodies.id, decisions.bodyId))
    .leftJoin(plans, eq(plans.id, decisions.planId))
    .leftJoin(reportVersions, eq(reportVersions.id, decisions.reportVersionId))
    .leftJoin(approvalSteps, eq(approvalSteps.id, decisions.approvalStepId))
    .where(where)
    .orderBy(desc(decisions.date), desc(decisions.id));
  const allowed = readable ?? (rows.some((r) => r.planId !== null) ? await readablePlanIds(db, viewer) : new Set<number>());
  const shown = rows.filter((r) => r.planId === null || allowed.has(r.planId));
  const linked = shown.length
    ? await db
        .select({ decisionId: decisionItems.decisionId, id: items.id, code: items.code, title: items.title })
        .from(decisionItems)
        .innerJoin(items, eq(items.id, decisionItems.itemId))
        .where(and(inArray(decisionItems.decisionId, shown.map((r) => r.id)), isNull(items.deletionId)))
    : [];
  return shown.map((r) => ({
    id: r.id,
    body: { slug: r.bodySlug, name: r.bodyName },
    meetingId: r.meetingId,
    date: r.date,
    outcome: r.outcome,
    text: r.text,
    plan: r.planSlug && r.planTitle ? { slug: r.planSlug, title: r.planTitle } : null,
    reportVersion: r.reportVersionId !== null && r.reportNumber !== null ? { id: r.reportVersionId, number: r.reportNumber } : null,
    items: linked.filter((l) => l.decisionId === r.id).map(({ id, code, title }) => ({ id, code, title })),
    step: r.stepPosition === null ? null : r.stepPosition + 1,
    snapshotId: r.snapshotId,
  }));
}

export interface MemberView {
  id: number;
  name: string;
  email: string | null;
  hasAccount: boolean;
  organisation: string | null;
  role: string | null;
}

export interface MeetingSummary {
  id: number;
  date: string;
  time: string | null;
  location: string | null;
  agendaCount: number;
  agendaSent: boolean;
}

export interface BodyDetail {
  slug: string;
  name: string;
  kind: BodyKind;
  description: string | null;
  version: number;
  organisations: { slug: string; name: string }[];
  members: MemberView[];
  meetings: MeetingSummary[];
  decisions: DecisionView[];
  may: { manage: boolean };
}

export async function getBody(db: Db, viewer: Viewer, slug: string): Promise<BodyDetail> {
  const body = await bodyBySlug(db, viewer, slug);
  const [orgs, members, meetingRows, agendaCounts, decided] = await Promise.all([
    db
      .select({ slug: organisations.slug, name: organisations.name })
      .from(bodyOrganisations)
      .innerJoin(organisations, eq(organisations.id, bodyOrganisations.organisationId))
      .where(eq(bodyOrganisations.bodyId, body.id))
      .orderBy(asc(bodyOrganisations.position)),
    db
      .select({ id: bodyMembers.id, name: bodyMembers.name, email: bodyMembers.email, userId: bodyMembers.userId, userName: users.name, userEmail: users.email, organisation: organisations.name, role: bodyMembers.role })
      .from(bodyMembers)
      .leftJoin(users, eq(users.id, bodyMembers.userId))
      .leftJoin(organisations, eq(organisations.id, bodyMembers.organisationId))
      .where(eq(bodyMembers.bodyId, body.id))
      .orderBy(asc(bodyMembers.position), asc(bodyMembers.id)),
    db.select().from(meetings).where(eq(meetings.bodyId, body.id)).orderBy(desc(meetings.date), desc(meetings.id)),
    db
      .select({ meetingId: agendaItems.meetingId, id: agendaItems.id })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(eq(meetings.bodyId, body.id)),
    decisionsWhere(db, viewer, eq(decisions.bodyId, body.id)),
  ]);
  return {
    slug: body.slug,
    name: body.name,
    kind: body.kind,
    description: body.description,
    version: body.version,
    organisations: orgs,
    members: members.map((m) => ({ id: m.id, name: m.userName ?? m.name, email: m.userEmail ?? m.email, hasAccount: m.userId !== null, organisation: m.organisation, role: m.role })),
    meetings: meetingRows.map((m) => ({
      id: m.id,
      date: m.date,
      time: m.time,
      location: m.location,
      agendaCount: agendaCounts.filter((a) => a.meetingId === m.id).length,
      agendaSent: m.agendaSentAt !== null,
    })),
    decisions: decided,
    may: { manage: canManageBody(viewer, body.organisationIds) },
  };
}

export interface AgendaItemView {
  id: number;
  position: number;
  title: string;
  plan: { slug: string; title: string } | null;
  item: { id: number; code: string | null; title: string } | null;
  reportVersionId: number | null;
  proposed: DecisionOutcome | null;
  note: string | null;
}

export interface MeetingDetail {
  id: number;
  body: { slug: string; name: string };
  date: string;
  time: string | null;
  location: string | null;
  notes: string | null;
  agendaSentAt: Date | null;
  version: number;
  href: string;
  agenda: AgendaItemView[];
  documents: { id: number; title: string; url: string; agendaItemId: number | null }[];
  decisions: DecisionView[];
  may: { manage: boolean };
}

async function meetingOf(db: Db, body: BodyRow, meetingId: number, lock = false) {
  if (!Number.isSafeInteger(meetingId)) throw new MeetingNotFoundError();
  const query = db.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.bodyId, body.id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new MeetingNotFoundError();
  return row;
}

export async function getMeeting(db: Db, viewer: Viewer, bodySlug: string, meetingId: number): Promise<MeetingDetail> {
  const body = await bodyBySlug(db, viewer, bodySlug);
  const meeting = await meetingOf(db, body, meetingId);
  const readable = await readablePlanIds(db, viewer);
  const [agenda, documents, decided] = await Promise.all([
    db
      .select({
        id: agendaItems.id,
        position: agendaItems.position,
        title: agendaItems.title,
        planId: agendaItems.planId,
        planSlug: plans.slug,
        planTitle: plans.title,
        itemId: agendaItems.itemId,
        itemCode: items.code,
        itemTitle: items.title,
        reportVersionId: agendaItems.reportVersionId,
        proposed: agendaItems.proposed,
        note: agendaItems.note,
      })
      .from(agendaItems)
      .leftJoin(plans, eq(plans.id, agendaItems.planId))
      .leftJoin(items, eq(items.id, agendaItems.itemId))
      .where(eq(agendaItems.meetingId, meeting.id))
      .orderBy(asc(agendaItems.position), asc(agendaItems.id)),
    db.select().from(meetingDocuments).where(eq(meetingDocuments.meetingId, meeting.id)).orderBy(asc(meetingDocuments.position), asc(meetingDocuments.id)),
    decisionsWhere(db, viewer, eq(decisions.meetingId, meeting.id), readable),
  ]);
  const shownAgenda = agenda.filter((a) => a.planId === null || readable.has(a.planId));
  const hidden = new Set(agenda.filter((a) => !shownAgenda.includes(a)).map((a) => a.id));
  return {
    id: meeting.id,
    body: { slug: body.slug, name: body.name },
    date: meeting.date,
    time: meeting.time,
    location: meeting.location,
    notes: meeting.notes,
    agendaSentAt: meeting.agendaSentAt,
    version: meeting.version,
    href: meetingHref(body.slug, meeting.id),
    agenda: shownAgenda.map((a) => ({
      id: a.id,
      position: a.position,
      title: a.title,
      plan: a.planSlug && a.planTitle ? { slug: a.planSlug, title: a.planTitle } : null,
      item: a.itemId !== null && a.itemTitle !== null ? { id: a.itemId, code: a.itemCode, title: a.itemTitle } : null,
      reportVersionId: a.reportVersionId,
      proposed: a.proposed,
      note: a.note,
    })),
    documents: documents.filter((d) => d.agendaItemId === null || !hidden.has(d.agendaItemId)).map(({ id, title, url, agendaItemId }) => ({ id, title, url, agendaItemId })),
    decisions: decided,
    may: { manage: canManageBody(viewer, body.organisationIds) },
  };
}

// ---------------------------------------------------------------- bodies

async function uniqueBodySlug(db: Db, name: string): Promise<string> {
  const base = slugFromText(name, 60) || "orgaan";
  const taken = new Set((await db.select({ slug: bodies.slug }).from(bodies)).map((b) => b.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new body with the organisations taking part; the viewer must be redacteur of one of them (or administrator). */
export async function createBody(db: Db, viewer: Viewer, input: BodyInput): Promise<{ slug: string }> {
  requireSignedIn(viewer);
  if (!canCreateBody(viewer)) throw refusal(viewer, "Alleen redacteuren en beheerders leggen een orgaan aan.");
  const data = parse(bodySchema, "orgaan", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const orgIds = await organisationIdsOf(t, data.organisations, "organisations");
    if (!canManageBody(viewer, orgIds)) throw inputError("organisations", "Organisaties: kies ten minste één organisatie waarvan u redacteur bent.");
    const slug = await uniqueBodySlug(t, data.name);
    const [row] = await t.insert(bodies).values({ slug, name: data.name, kind: data.kind, description: data.description }).returning({ id: bodies.id });
    await t.insert(bodyOrganisations).values(orgIds.map((organisationId, position) => ({ bodyId: row!.id, organisationId, position })));
    await record(t, viewer, { action: "orgaan-aangemaakt", entityType: "orgaan", entityId: row!.id, summary: `Orgaan '${data.name}' aangemaakt`, after: data });
    return { slug };
  });
}

export async function updateBody(db: Db, viewer: Viewer, slug: string, input: BodyUpdateInput): Promise<{ version: number }> {
  requireManage(viewer, await bodyBySlug(db, viewer, slug));
  const data = parse(bodyUpdateSchema, "orgaan", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const body = await bodyBySlug(t, viewer, slug, true);
    requireManage(viewer, body);
    if (body.version !== data.version) throw new StaleGovernanceError("Dit orgaan");
    const orgIds = await organisationIdsOf(t, data.organisations, "organisations");
    if (!canManageBody(viewer, orgIds)) throw inputError("organisations", "Organisaties: houd ten minste één organisatie waarvan u redacteur bent.");
    await t.update(bodies).set({ name: data.name, kind: data.kind, description: data.description, version: body.version + 1 }).where(eq(bodies.id, body.id));
    await t.delete(bodyOrganisations).where(eq(bodyOrganisations.bodyId, body.id));
    await t.insert(bodyOrganisations).values(orgIds.map((organisationId, position) => ({ bodyId: body.id, organisationId, position })));
    await record(t, viewer, {
      action: "orgaan-gewijzigd",
      entityType: "orgaan",
      entityId: body.id,
      summary: `Orgaan '${data.name}' gewijzigd`,
      before: { name: body.name, kind: body.kind, description: body.description },
      after: data,
    });
    return { version: body.version + 1 };
  });
}

/** Within a body's transaction: lock it, check the version and raise it. */
async function touchBody(t: Db, viewer: Viewer, slug: string, expected: number): Promise<BodyRow> {
  const body = await bodyBySlug(t, viewer, slug, true);
  requireManage(viewer, body);
  if (body.version !== expected) throw new StaleGovernanceError("Dit orgaan");
  await t.update(bodies).set({ version: body.version + 1 }).where(eq(bodies.id, body.id));
  return body;
}

/** A member: a Koers account (found by its address) or a name with an address, with organisation and role. */
export async function addMember(db: Db, viewer: Viewer, slug: string, input: MemberInput): Promise<{ id: number }> {
  requireManage(viewer, await bodyBySlug(db, viewer, slug));
  const data = parse(memberSchema, "lid", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const body = await touchBody(t, viewer, slug, data.version);
    const [account] = data.email ? await t.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, data.email)) : [];
    const name = data.name ?? account?.name ?? null;
    if (!name) throw new InputError([{ file: "lid", path: "name", message: "Naam: dit adres hoort bij geen account in Koers; vul dan een naam in." }]);
    const [organisationId] = data.organisation ? await organisationIdsOf(t, [data.organisation], "organisation") : [null];
    const [last] = await t.select({ position: max(bodyMembers.position) }).from(bodyMembers).where(eq(bodyMembers.bodyId, body.id));
    const [row] = await t
      .insert(bodyMembers)
      .values({ bodyId: body.id, userId: account?.id ?? null, name, email: account ? null : data.email, organisationId: organisationId ?? null, role: data.role, position: (last?.position ?? -1) + 1 })
      .returning({ id: bodyMembers.id });
    await record(t, viewer, { action: "orgaanlid-toegevoegd", entityType: "orgaan", entityId: body.id, summary: `${name} lid van '${body.name}'${data.role ? ` (${data.role})` : ""}`, after: { name, email: data.email, role: data.role } });
    return { id: row!.id };
  });
}

export async function removeMember(db: Db, viewer: Viewer, slug: string, input: RemoveInput): Promise<void> {
  requireManage(viewer, await bodyBySlug(db, viewer, slug));
  const data = parse(removeSchema, "lid", input);
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const body = await touchBody(t, viewer, slug, data.version);
    const [gone] = await t.delete(bodyMembers).where(and(eq(bodyMembers.id, data.id), eq(bodyMembers.bodyId, body.id))).returning({ name: bodyMembers.name });
    if (!gone) throw new NotFoundError("Dit lid hoort (niet meer) bij dit orgaan.");
    await record(t, viewer, { action: "orgaanlid-verwijderd", entityType: "orgaan", entityId: body.id, summary: `${gone.name} geen lid meer van '${body.name}'` });
  });
}

// ---------------------------------------------------------------- meetings

export async function createMeeting(db: Db, viewer: Viewer, bodySlug: string, input: MeetingInput): Promise<{ id: number; href: string }> {
  const body = await bodyBySlug(db, viewer, bodySlug);
  requireManage(viewer, body);
  const data = parse(meetingSchema, "vergadering", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t.insert(meetings).values({ bodyId: body.id, ...data, createdBy: actorName(viewer) }).returning({ id: meetings.id });
    await record(t, viewer, { action: "vergadering-aangemaakt", entityType: "vergadering", entityId: row!.id, summary: `Vergadering van '${body.name}' op ${data.date}`, after: data });
    return { id: row!.id, href: meetingHref(body.slug, row!.id) };
  });
}

function actorName(viewer: Viewer): string {
  return viewer.kind === "user" ? viewer.email : viewer.kind === "system" ? viewer.label : "anoniem";
}

/** Within a meeting's transaction: lock it, check its version and raise it. */
async function touchMeeting(t: Db, viewer: Viewer, bodySlug: string, meetingId: number, expected: number) {
  const body = await bodyBySlug(t, viewer, bodySlug);
  requireManage(viewer, body);
  const meeting = await meetingOf(t, body, meetingId, true);
  if (meeting.version !== expected) throw new StaleGovernanceError("Deze vergadering");
  await t.update(meetings).set({ version: meeting.version + 1 }).where(eq(meetings.id, meeting.id));
  return { body, meeting };
}

export async function updateMeeting(db: Db, viewer: Viewer, bodySlug: string, meetingId: number, input: MeetingUpdateInput): Promise<{ version: number }> {
  requireManage(viewer, await bodyBySlug(db, viewer, bodySlug));
  const data = parse(meetingUpdateSchema, "vergadering", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const { body, meeting } = await touchMeeting(t, viewer, bodySlug, meetingId, data.version);
    const { version: _, ...fields } = data;
    await t.update(meetings).set(fields).where(eq(meetings.id, meeting.id));
    await record(t, viewer, {
      action: "vergadering-gewijzigd",
      entityType: "vergadering",
      entityId: meeting.id,
      summary: `Vergadering van '${body.name}' op ${fields.date} gewijzigd`,
      before: { date: meeting.date, time: meeting.time, location: meeting.location, notes: meeting.notes },
      after: fields,
    });
    return { version: meeting.version + 1 };
  });
}

/** Adds points to a meeting's agenda (one, or the ones picked from the proposal). */
export async function addAgendaItems(db: Db, viewer: Viewer, bodySlug: string, meetingId: number, input: AgendaInput): Promise<{ version: number; ids: number[] }> {
  requireManage(viewer, await bodyBySlug(db, viewer, bodySlug));
  const data = parse(agendaSchema, "agenda", input);
  // Every plan named must be one the viewer may read (else: not found); items and reports must be of it.
  const gates = new Map<string, PlanGate>();
  for (const entry of data.items) if (entry.plan && !gates.has(entry.plan)) gates.set(entry.plan, await requirePlan(db, viewer, entry.plan, "read"));
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const { body, meeting } = await touchMeeting(t, viewer, bodySlug, meetingId, data.version);
    const [last] = await t.select({ position: max(agendaItems.position) }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id));
    const ids: number[] = [];
    for (const [index, entry] of data.items.entries()) {
      const plan = entry.plan ? gates.get(entry.plan)! : null;
      await checkLinks(t, plan, entry.itemId ? [entry.itemId] : [], entry.reportVersionId, `items[${index}]`);
      const [row] = await t
        .insert(agendaItems)
        .values({
          meetingId: meeting.id,
          position: (last?.position ?? -1) + 1 + index,
          title: entry.title,
          planId: plan?.id ?? null,
          itemId: entry.itemId,
          reportVersionId: entry.reportVersionId,
          proposed: entry.proposed,
          note: entry.note,
        })
        .returning({ id: agendaItems.id });
      ids.push(row!.id);
    }
    await record(t, viewer, {
      action: "agenda-aangevuld",
      entityType: "vergadering",
      entityId: meeting.id,
      planId: data.items.length === 1 && data.items[0]!.plan ? gates.get(data.items[0]!.plan)!.id : null,
      summary: `Agenda van '${body.name}' op ${meeting.date}: ${data.items.map((i) => i.title).join("; ")}`,
      after: data.items,
    });
    return { version: meeting.version + 1, ids };
  });
}

/** Items must be live items of the plan, a report version a version of the plan's report. */
async function checkLinks(t: Db, plan: PlanGate | null, itemIds: readonly number[], reportVersionId: number | null, path: string): Promise<void> {
  if ((itemIds.length || reportVersionId !== null) && !plan) throw new InputError([{ file: "orgaan", path: `${path}.plan`, message: "Plan: kies het plan waar het onderdeel of de rapportage bij hoort." }]);
  if (!plan) return;
  if (itemIds.length) {
    const found = await t.select({ id: items.id }).from(items).where(and(eq(items.planId, plan.id), isNull(items.deletionId), inArray(items.id, [...itemIds])));
    if (found.length !== itemIds.length) throw new InputError([{ file: "orgaan", path: `${path}.itemId`, message: "Onderdeel: dit onderdeel bestaat niet (meer) in dit plan." }]);
  }
  if (reportVersionId !== null) {
    const [found] = await t
      .select({ id: reportVersions.id })
      .from(reportVersions)
      .innerJoin(reports, eq(reports.id, reportVersions.reportId))
      .where(and(eq(reportVersions.id, reportVersionId), eq(reports.planId, plan.id)));
    if (!found) throw new InputError([{ file: "orgaan", path: `${path}.reportVersionId`, message: "Rapportage: deze versie hoort niet bij dit plan." }]);
  }
}

export async function removeAgendaItem(db: Db, viewer: Viewer, bodySlug: string, meetingId: number, input: RemoveInput): Promise<{ version: number }> {
  requireManage(viewer, await bodyBySlug(db, viewer, bodySlug));
  const data = parse(removeSchema, "agenda", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const { body, meeting } = await touchMeeting(t, viewer, bodySlug, meetingId, data.version);
    const [gone] = await t.delete(agendaItems).where(and(eq(agendaItems.id, data.id), eq(agendaItems.meetingId, meeting.id))).returning({ title: agendaItems.title });
    if (!gone) throw new NotFoundError("Dit agendapunt staat (niet meer) op de agenda.");
    await record(t, viewer, { action: "agendapunt-verwijderd", entityType: "vergadering", entityId: meeting.id, summary: `Van de agenda van '${body.name}' op ${meeting.date}: ${gone.title}` });
    return { version: meeting.version + 1 };
  });
}

export async function addDocument(db: Db, viewer: Viewer, bodySlug: string, meetingId: number, input: DocumentInput): Promise<{ version: number }> {
  requireManage(viewer, await bodyBySlug(db, viewer, bodySlug));
  const data = parse(documentSchema, "stuk", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const { body, meeting } = await touchMeeting(t, viewer, bodySlug, meetingId, data.version);
    if (data.agendaItemId !== null) {
      const [point] = await t.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.id, data.agendaItemId), eq(agendaItems.meetingId, meeting.id)));
      if (!point) throw new InputError([{ file: "stuk", path: "agendaItemId", message: "Agendapunt: dit punt staat niet op de agenda van deze vergadering." }]);
    }
    const [last] = await t.select({ position: max(meetingDocuments.position) }).from(meetingDocuments).where(eq(meetingDocuments.meetingId, meeting.id));
    await t.insert(meetingDocuments).values({ meetingId: meeting.id, agendaItemId: data.agendaItemId, position: (last?.position ?? -1) + 1, title: data.title, url: data.url });
    await record(t, viewer, { action: "vergaderstuk-toegevoegd", entityType: "vergadering", entityId: meeting.id, summary: `Stuk '${data.title}' bij de vergadering van '${body.name}' op ${meeting.date}`, after: { title: data.title, url: data.url } });
    return { version: meeting.version + 1 };
  });
}

export async function removeDocument(db: Db, viewer: Viewer, bodySlug: string, meetingId: number, input: RemoveInput): Promise<{ version: number }> {
  requireManage(viewer, await bodyBySlug(db, viewer, bodySlug));
  const data = parse(removeSchema, "stuk", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const { body, meeting } = await touchMeeting(t, viewer, bodySlug, meetingId, data.version);
    const [gone] = await t.delete(meetingDocuments).where(and(eq(meetingDocuments.id, data.id), eq(meetingDocuments.meetingId, meeting.id))).returning({ title: meetingDocuments.title });
    if (!gone) throw new NotFoundError("Dit stuk hoort (niet meer) bij deze vergadering.");
    await record(t, viewer, { action: "vergaderstuk-verwijderd", entityType: "vergadering", entityId: meeting.id, summary: `Stuk '${gone.title}' weg bij de vergadering van '${body.name}' op ${meeting.date}` });
    return { version: meeting.version + 1 };
  });
}

// ---------------------------------------------------------------- the proposed agenda

/** What is due for this meeting: plans awaiting this body, reports not yet taken note of, items late or due. */
export async function proposeAgenda(db: Db, viewer: Viewer, bodySlug: string, meetingId: number): Promise<AgendaProposal[]> {
  const body = await bodyBySlug(db, viewer, bodySlug);
  requireManage(viewer, body);
  const meeting = await meetingOf(db, body, meetingId);
  const readable = await readablePlanIds(db, viewer);
  const [nextMeeting] = await db
    .select({ date: meetings.date })
    .from(meetings)
    .where(and(eq(meetings.bodyId, body.id), gt(meetings.date, meeting.date)))
    .orderBy(asc(meetings.date))
    .limit(1);
  // Plans of the body's organisations, and plans whose route names the body.
  const owned = body.organisationIds.length
    ? await db.selectDistinct({ planId: planOwners.planId }).from(planOwners).where(inArray(planOwners.organisationId, body.organisationIds))
    : [];
  const routed = await db.selectDistinct({ planId: approvalSteps.planId }).from(approvalSteps).where(eq(approvalSteps.bodyId, body.id));
  const ownedIds = owned.map((o) => o.planId).filter((id) => readable.has(id));
  const routedIds = routed.map((r) => r.planId).filter((id) => readable.has(id));
  const planRows = [...new Set([...ownedIds, ...routedIds])].length
    ? await db.select({ id: plans.id, slug: plans.slug, title: plans.title, status: plans.status }).from(plans).where(inArray(plans.id, [...new Set([...ownedIds, ...routedIds])]))
    : [];
  const plansAwaiting: Parameters<typeof agendaProposals>[0]["plansAwaiting"] = [];
  for (const p of planRows.filter((p) => routedIds.includes(p.id) && p.status === "in-besluitvorming")) {
    const state = await routeOf(db, p.id);
    if (state.next) plansAwaiting.push({ planId: p.id, title: p.title, step: { bodyId: state.next.bodyId, action: state.next.action, due: state.next.due } });
  }
  const reportRows = ownedIds.length
    ? await db
        .select({ id: reportVersions.id, planId: reports.planId, number: reportVersions.number, sentTo: reportVersions.sentTo, sentOn: reportVersions.sentOn })
        .from(reportVersions)
        .innerJoin(reports, eq(reports.id, reportVersions.reportId))
        .where(inArray(reports.planId, ownedIds))
        .orderBy(asc(reportVersions.sentOn), asc(reportVersions.id))
    : [];
  const noted = reportRows.length
    ? new Set(
        (
          await db
            .select({ id: decisions.reportVersionId })
            .from(decisions)
            .where(and(inArray(decisions.reportVersionId, reportRows.map((r) => r.id)), eq(decisions.outcome, "kennisname")))
        ).map((d) => d.id),
      )
    : new Set<number | null>();
  const titles = new Map(planRows.map((p) => [p.id, p.title]));
  const itemFacts: Parameters<typeof agendaProposals>[0]["items"] = [];
  for (const p of planRows.filter((p) => ownedIds.includes(p.id))) {
    const detail = await getPlan(db, viewer, p.slug, "read");
    if (!detail.may.readInternal) continue;
    const progress = await progressOfPlan(db, detail, undefined, { today: meeting.date, lastWhenOver: true });
    for (const i of progress.items) {
      itemFacts.push({ id: i.item.id, planId: p.id, planTitle: p.title, code: i.item.code, title: i.item.title, status: i.status ?? i.effective, end: i.item.when?.end ?? null });
    }
  }
  const onAgenda = await db.select({ planId: agendaItems.planId, itemId: agendaItems.itemId, reportVersionId: agendaItems.reportVersionId }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id));
  return agendaProposals({
    bodyId: body.id,
    meetingDate: meeting.date,
    nextMeetingDate: nextMeeting?.date ?? null,
    plansAwaiting,
    reports: reportRows.filter((r) => !noted.has(r.id)).map((r) => ({ ...r, planTitle: titles.get(r.planId) ?? "" })),
    items: itemFacts,
    onAgenda,
  });
}

// ---------------------------------------------------------------- the approval route

async function stepsOf(db: Db, planId: number) {
  return db
    .select({ id: approvalSteps.id, position: approvalSteps.position, bodyId: approvalSteps.bodyId, bodyName: bodies.name, bodySlug: bodies.slug, action: approvalSteps.action, due: approvalSteps.due })
    .from(approvalSteps)
    .innerJoin(bodies, eq(bodies.id, approvalSteps.bodyId))
    .where(eq(approvalSteps.planId, planId))
    .orderBy(asc(approvalSteps.position), asc(approvalSteps.id));
}

async function routeOf(db: Db, planId: number): Promise<RouteState & { fingerprint: string; status: string }> {
  const [steps, taken, [plan]] = await Promise.all([
    stepsOf(db, planId),
    db.select({ id: decisions.id, approvalStepId: decisions.approvalStepId, outcome: decisions.outcome, date: decisions.date }).from(decisions).where(eq(decisions.planId, planId)),
    db.select({ status: plans.status }).from(plans).where(eq(plans.id, planId)),
  ]);
  const state = routeState(steps, taken);
  // The route as seen: its steps, the decisions that took them and the plan's status. A form
  // sends it back, so that a change made against an older route is refused (optimistic locking).
  const seen = JSON.stringify([plan?.status, steps.map((s) => [s.id, s.bodyId, s.action, s.due]), taken.filter((d) => d.approvalStepId !== null).map((d) => d.id)]);
  return { ...state, fingerprint: createHash("sha256").update(seen).digest("hex").slice(0, 16), status: plan?.status ?? "" };
}

export interface PlanRoute {
  plan: { id: number; slug: string; title: string; status: string };
  steps: (RouteState["steps"][number] & { bodySlug: string })[];
  next: { position: number; bodyName: string; bodySlug: string; action: StepAction; due: string | null } | null;
  rejected: { date: string } | null;
  /** Send it back with a change: a change against another route is refused. */
  version: string;
  decisions: DecisionView[];
  bodies: { slug: string; name: string }[];
  may: { edit: boolean };
}

export async function planRoute(db: Db, viewer: Viewer, planSlug: string): Promise<PlanRoute> {
  const gate = await requirePlan(db, viewer, planSlug, "read");
  const [state, steps, decided, bodyList, [plan]] = await Promise.all([
    routeOf(db, gate.id),
    stepsOf(db, gate.id),
    decisionsWhere(db, viewer, eq(decisions.planId, gate.id), new Set([gate.id])),
    db.select({ slug: bodies.slug, name: bodies.name }).from(bodies).orderBy(asc(bodies.name)),
    db.select({ status: plans.status }).from(plans).where(eq(plans.id, gate.id)),
  ]);
  const slugOf = new Map(steps.map((s) => [s.id, s.bodySlug]));
  return {
    plan: { id: gate.id, slug: gate.slug, title: gate.title, status: plan!.status },
    steps: state.steps.map((s) => ({ ...s, bodySlug: slugOf.get(s.id)! })),
    next: state.next && plan!.status === "in-besluitvorming"
      ? { position: state.next.position, bodyName: state.next.bodyName, bodySlug: slugOf.get(state.next.id)!, action: state.next.action, due: state.next.due }
      : null,
    rejected: state.rejected && plan!.status === "concept" ? { date: state.rejected.date } : null,
    version: state.fingerprint,
    decisions: decided,
    bodies: bodyList,
    may: { edit: gate.may.edit },
  };
}

/** The decisions about a plan, for its page (after the plan's own guard, which the caller passed). */
export async function decisionsOfPlan(db: Db, viewer: Viewer, planSlug: string): Promise<DecisionView[]> {
  const gate = await requirePlan(db, viewer, planSlug, "read");
  return decisionsWhere(db, viewer, eq(decisions.planId, gate.id), new Set([gate.id]));
}

/** Sets the route's steps (while the plan is not in besluitvorming). */
export async function setRoute(db: Db, viewer: Viewer, planSlug: string, input: RouteInput): Promise<{ version: string }> {
  const gate = await requirePlan(db, viewer, planSlug, "edit");
  const data = parse(routeSchema, "route", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.select({ id: plans.id }).from(plans).where(eq(plans.id, gate.id)).for("update");
    const before = await routeOf(t, gate.id);
    if (before.fingerprint !== data.version) throw new StaleGovernanceError("De route van dit plan");
    const locked = checkRouteChange(before.status);
    if (locked) throw new ConflictError(locked);
    const slugs = [...new Set(data.steps.map((s) => s.body))];
    const found = slugs.length ? await t.select({ id: bodies.id, slug: bodies.slug, name: bodies.name }).from(bodies).where(inArray(bodies.slug, slugs)) : [];
    const bySlug = new Map(found.map((b) => [b.slug, b]));
    const unknown = data.steps.findIndex((s) => !bySlug.has(s.body));
    if (unknown >= 0) throw new InputError([{ file: "route", path: `steps[${unknown}].body`, message: `Orgaan: '${data.steps[unknown]!.body}' bestaat niet in Koers.` }]);
    // Steps already taken keep their id (their decisions point at them) when the same body still does the same thing.
    const old = await stepsOf(t, gate.id);
    const kept = new Set<number>();
    for (const [position, step] of data.steps.entries()) {
      const body = bySlug.get(step.body)!;
      const same = old.find((o) => !kept.has(o.id) && o.bodyId === body.id && o.action === step.action);
      if (same) {
        kept.add(same.id);
        await t.update(approvalSteps).set({ position, due: step.due }).where(eq(approvalSteps.id, same.id));
      } else {
        await t.insert(approvalSteps).values({ planId: gate.id, position, bodyId: body.id, action: step.action, due: step.due });
      }
    }
    const dropped = old.filter((o) => !kept.has(o.id)).map((o) => o.id);
    if (dropped.length) await t.delete(approvalSteps).where(inArray(approvalSteps.id, dropped));
    await record(t, viewer, {
      action: "route-gewijzigd",
      entityType: "route",
      entityId: gate.id,
      planId: gate.id,
      summary: `Route van plan '${gate.title}': ${data.steps.map((s) => `${bySlug.get(s.body)!.name} (${s.action})`).join(", ") || "geen stappen"}`,
      before: old.map((o) => ({ body: o.bodySlug, action: o.action, due: o.due })),
      after: data.steps,
    });
    return { version: (await routeOf(t, gate.id)).fingerprint };
  });
}

/** Starts the route: the concept goes into besluitvorming, and the first step's body is next. */
export async function startRoute(db: Db, viewer: Viewer, planSlug: string, input: StartInput): Promise<{ version: string }> {
  const gate = await requirePlan(db, viewer, planSlug, "edit");
  const data = parse(startSchema, "route", input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.select({ id: plans.id }).from(plans).where(eq(plans.id, gate.id)).for("update");
    const before = await routeOf(t, gate.id);
    if (before.fingerprint !== data.version) throw new StaleGovernanceError("De route van dit plan");
    const refused = checkRouteStart(before.steps, before.status);
    if (refused) throw new ConflictError(refused);
    await setPlanStatus(t, viewer, gate.id, "in-besluitvorming", ["concept"]);
    await record(t, viewer, { action: "route-gestart", entityType: "route", entityId: gate.id, planId: gate.id, summary: `Besluitvorming over plan '${gate.title}' gestart` });
    return { version: (await routeOf(t, gate.id)).fingerprint };
  });
}

/**
 * Records what a body decided. About a plan whose route names the body, the decision takes the
 * route's next step (in order, by the plan's editors): it is written as the plan's approval, a
 * vaststelling adopts the plan (status vastgesteld, a version kept) and an afwijzing ends the route
 * (back to concept). Other decisions (a report taken note of, a decision without a plan) are only recorded.
 */
export async function recordDecision(db: Db, viewer: Viewer, bodySlug: string, input: DecisionInput): Promise<{ id: number; snapshotId: number | null }> {
  const body = await bodyBySlug(db, viewer, bodySlug);
  // Who may not manage the body nor name a plan is refused before anything they sent is read.
  if (!canManageBody(viewer, body.organisationIds) && !input.plan) throw refusal(viewer, "Alleen redacteuren van de deelnemende organisaties of van het plan leggen besluiten vast.");
  const data = parse(decisionSchema, "besluit", input);
  const gate = data.plan ? await requirePlan(db, viewer, data.plan, "read") : null;
  if (!canManageBody(viewer, body.organisationIds) && !gate?.may.edit) throw refusal(viewer, "Alleen redacteuren van de deelnemende organisaties of van het plan leggen besluiten vast.");
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (data.meetingId !== null) {
      const meeting = await meetingOf(t, body, data.meetingId).catch(() => null);
      if (!meeting) throw new InputError([{ file: "besluit", path: "meetingId", message: "Vergadering: deze vergadering is niet van dit orgaan." }]);
    }
    if (data.agendaItemId !== null) {
      const [point] = await t.select({ meetingId: agendaItems.meetingId }).from(agendaItems).where(eq(agendaItems.id, data.agendaItemId));
      if (!point || point.meetingId !== data.meetingId) throw new InputError([{ file: "besluit", path: "agendaItemId", message: "Agendapunt: dit punt staat niet op de agenda van deze vergadering." }]);
    }
    await checkLinks(t, gate, data.itemIds, data.reportVersionId, "besluit");
    let stepId: number | null = null;
    let nextStatus: string | null = null;
    if (gate) await t.select({ id: plans.id }).from(plans).where(eq(plans.id, gate.id)).for("update");
    const route = gate ? await routeOf(t, gate.id) : null;
    const inRoute = gate !== null && data.reportVersionId === null && route!.steps.some((s) => s.bodyId === body.id);
    if (inRoute) {
      if (!gate.may.edit) throw refusal(viewer, "Besluiten in de route van een plan legt een redacteur van het plan vast.");
      if (data.routeVersion !== null && data.routeVersion !== route!.fingerprint) throw new StaleGovernanceError("De route van dit plan");
      const check = checkRouteDecision(route!, route!.status, { id: body.id, name: body.name }, data.outcome);
      if (!check.ok) throw new ConflictError(check.message);
      stepId = check.step.id;
      nextStatus = check.status;
    } else if (data.outcome === "vaststelling" && gate) {
      throw new ConflictError(`Een plan wordt vastgesteld via zijn route: neem ${body.name} op in de route van het plan en start de besluitvorming.`);
    }
    const [row] = await t
      .insert(decisions)
      .values({
        bodyId: body.id,
        meetingId: data.meetingId,
        agendaItemId: data.agendaItemId,
        date: data.date,
        outcome: data.outcome,
        text: data.text,
        planId: gate?.id ?? null,
        reportVersionId: data.reportVersionId,
        approvalStepId: stepId,
        createdBy: actorName(viewer),
      })
      .returning({ id: decisions.id });
    if (data.itemIds.length) await t.insert(decisionItems).values(data.itemIds.map((itemId) => ({ decisionId: row!.id, itemId })));
    let snapshotId: number | null = null;
    if (gate && stepId !== null) {
      const approval = { body: body.name, date: data.date, outcome: approvalOutcome[data.outcome], adopts: data.outcome === "vaststelling", note: data.text ? data.text.slice(0, LENGTH.phrase) : null };
      const planApprovalId = await recordPlanApproval(t, viewer, gate.id, approval);
      if (nextStatus) await setPlanStatus(t, viewer, gate.id, nextStatus as "concept" | "vastgesteld", ["in-besluitvorming"]);
      if (data.outcome === "vaststelling") snapshotId = await keepAdoptedVersion(t, viewer, gate.slug, approval);
      await t.update(decisions).set({ planApprovalId, snapshotId }).where(eq(decisions.id, row!.id));
    }
    await record(t, viewer, {
      action: "besluit-genomen",
      entityType: "besluit",
      entityId: row!.id,
      planId: gate?.id ?? null,
      summary: `${body.name}: ${outcomeLabels[data.outcome].toLowerCase()} op ${data.date}${gate ? ` over '${gate.title}'` : ""}${stepId !== null ? " (stap van de route)" : ""}`,
      after: { ...data, routeVersion: undefined },
    });
    return { id: row!.id, snapshotId };
  });
}

/** Bodies a person takes part in (as a member with their account), for their calendar. */
export async function bodiesOfUser(db: Db, userId: number): Promise<number[]> {
  return (await db.selectDistinct({ id: bodyMembers.bodyId }).from(bodyMembers).where(eq(bodyMembers.userId, userId))).map((r) => r.id);
}


/** Whether the plan has an approval route (for the link on its page; the caller read the plan). */
export async function hasRoute(db: Db, planId: number): Promise<boolean> {
  const [step] = await db.select({ id: approvalSteps.id }).from(approvalSteps).where(eq(approvalSteps.planId, planId)).limit(1);
  return step !== undefined;
}

/**
 * The decision of a step of the plan's route, from the route page: by the plan's editors, for the
 * body named (or else the body whose step is next).
 */
export async function recordRouteDecision(db: Db, viewer: Viewer, planSlug: string, input: DecisionInput & { body?: string | null }): Promise<{ id: number; snapshotId: number | null }> {
  const gate = await requirePlan(db, viewer, planSlug, "edit");
  const { body, ...decision } = input;
  let bodySlug = body || null;
  if (!bodySlug) {
    const state = await routeOf(db, gate.id);
    const next = state.status === "in-besluitvorming" ? state.next : null;
    if (!next) throw new ConflictError("Er is geen open stap in de route van dit plan: leg de route vast en start de besluitvorming.");
    bodySlug = (await stepsOf(db, gate.id)).find((s) => s.id === next.id)!.bodySlug;
  }
  return recordDecision(db, viewer, bodySlug, { ...decision, plan: gate.slug });
}
