/**
 * Reporting rounds: a coordinator asks the parties of a plan for their progress
 * over one period, by a deadline; "mijn werk" shows each person what is asked of
 * them, and a calendar feed puts their due moments in their own calendar.
 *
 * WHO MUST REPORT. In a round over a period an update is due for every live item
 * that has a party organisation of its own, or else has no parts below it (a
 * leaf), unless its latest status before that period is afgerond or vervallen
 * (nothing is left to report; the same exemption as lateness rule (b) in
 * status.ts).
 * The organisations responsible for a due item are the parties of the item and of
 * the items above it. An item without a party anywhere above it falls to the
 * plan's owners: someone has to report it, and it is their own work.
 * A person is responsible for a due item when they are redacteur of one of its
 * responsible organisations: the people who may write its update (canEditItem),
 * except that the owners' redacteuren are not responsible for every item. They
 * are the coordinators, and answer only for the items that fall to the owners.
 * DONE. A due item is done when it has its own update over the round's period; a
 * parent that is due is done by its own update, not by those of its parts.
 * COMPLETENESS. Done out of due, in total, per organisation and per person; an
 * item with several responsible organisations counts for each of them.
 *
 * Coordinators are those who may edit the plan (canEditPlan): they open a round,
 * send reminders and close it. A closed round is frozen: saveUpdate (updates.ts)
 * refuses updates over its period.
 */
import { and, asc, desc, eq, gte, inArray, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { ConflictError, isForeignKeyViolation, isUniqueViolation, NotFoundError } from "../../lib/errors.ts";
import { LENGTH, optionalText } from "../../lib/limits.ts";
import { InputError } from "../../lib/validation.ts";
import { UnauthenticatedError } from "../access/policy.ts";
import type { Mailer } from "../accounts/mail.ts";
import { editorsOf } from "../accounts/service.ts";
import { actorOf, type Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { planOwners, plans } from "../plans/schema.ts";
import { PlanNotFoundError, requirePlan } from "../plans/access.ts";
import { getPlan, internalPlans, type OrganisationRef, type PlanDetail } from "../plans/reading.ts";
import { formatDate } from "../plans/views/labels.ts";
import type { DueEvent } from "../../lib/calendar.ts";
import { reportingPeriods, reportingRounds } from "../monitoring/schema.ts";
import { roundReminders } from "./schema.ts";
import type { Status } from "../monitoring/status.ts";
import { daysBetween, isIsoDate, todayInNl } from "../../lib/dates.ts";
import { parseWhen } from "../../lib/timing/timing.ts";
import { periodsOf, progressOfPlan, type ReportingPeriod, type RoundRef } from "../monitoring/updates.ts";
import { itemHref } from "../plans/parts.ts";


// ---------------------------------------------------------------- the rules, as plain functions

/** An item as the rules need it: the organisations of its own parties, and its parts. */
export interface ItemNode {
  id: number;
  parties: readonly { organisations: readonly { id: number }[] }[];
  children: readonly ItemNode[];
}

export interface DueItem {
  itemId: number;
  /** The organisations that answer for it (see WHO MUST REPORT). */
  organisationIds: number[];
}

/** The items a round asks an update for, in plan order. `settled`: items afgerond or vervallen before the round's period. */
export function dueItems(roots: readonly ItemNode[], ownerIds: readonly number[], settled: ReadonlySet<number> = new Set()): DueItem[] {
  const due: DueItem[] = [];
  const visit = (item: ItemNode, above: readonly number[]) => {
    const own = item.parties.flatMap((p) => p.organisations.map((o) => o.id));
    const responsible = [...new Set([...above, ...own])];
    if ((own.length > 0 || item.children.length === 0) && !settled.has(item.id)) {
      due.push({ itemId: item.id, organisationIds: responsible.length > 0 ? responsible : [...new Set(ownerIds)] });
    }
    for (const child of item.children) visit(child, responsible);
  };
  for (const root of roots) visit(root, []);
  return due;
}

export interface Tally {
  due: number;
  done: number;
}

export interface Completeness {
  total: Tally;
  /** Per organisation id, in order of first appearance; `open`: the due item ids not done. */
  organisations: Map<number, Tally & { open: number[] }>;
  /** Per person id, only people with something due. */
  people: Map<number, Tally & { open: number[] }>;
  /** Due items that no person answers for (no redacteur of their organisations). */
  unassigned: number[];
}

/** Done out of due, in total, per organisation and per person. `people`: each person's redacteur organisations. */
export function completeness(
  due: readonly DueItem[],
  done: ReadonlySet<number>,
  people: readonly { id: number; organisationIds: readonly number[] }[],
): Completeness {
  const count = (map: Map<number, Tally & { open: number[] }>, key: number, item: DueItem) => {
    const tally = map.get(key) ?? { due: 0, done: 0, open: [] };
    tally.due += 1;
    if (done.has(item.itemId)) tally.done += 1;
    else tally.open.push(item.itemId);
    map.set(key, tally);
  };
  const result: Completeness = { total: { due: 0, done: 0 }, organisations: new Map(), people: new Map(), unassigned: [] };
  for (const item of due) {
    result.total.due += 1;
    if (done.has(item.itemId)) result.total.done += 1;
    for (const org of item.organisationIds) count(result.organisations, org, item);
    const answering = people.filter((p) => p.organisationIds.some((o) => item.organisationIds.includes(o)));
    for (const person of answering) count(result.people, person.id, item);
    if (answering.length === 0) result.unassigned.push(item.itemId);
  }
  return result;
}

/** Days from `today` to `deadline` (ISO dates): 0 on the day itself, negative after it. */
export function daysUntil(today: string, deadline: string): number {
  return daysBetween(today, deadline);
}

// ---------------------------------------------------------------- reading

export interface RoundItem {
  id: number;
  code: string | null;
  title: string;
  /** The plan's own word for the level. */
  level: string;
  organisations: OrganisationRef[];
  done: boolean;
  /** Its own status over the round's period. */
  status: Status | null;
  late: boolean;
  /** The page to write its update over the round's period. */
  href: string;
}

export interface RoundSummary {
  id: number;
  plan: { slug: string; title: string };
  period: ReportingPeriod;
  deadline: string;
  message: string | null;
  open: boolean;
  openedBy: string;
  openedAt: Date;
  closedBy: string | null;
  closedAt: Date | null;
  /** When the closed round was made public (publishRound); null while it is not. */
  publishedAt: Date | null;
  publishedBy: string | null;
  total: Tally;
  organisations: (OrganisationRef & Tally)[];
}

export interface RoundsOverview {
  plan: { slug: string; title: string };
  periods: ReportingPeriod[];
  /** Periods without a round: where a round can still be opened. */
  openable: ReportingPeriod[];
  /** Newest period first. */
  rounds: RoundSummary[];
  today: string;
  may: { coordinate: boolean };
}

export interface RoundPerson {
  id: number;
  name: string;
  email: string;
  organisations: OrganisationRef[];
  due: number;
  done: number;
  open: RoundItem[];
  lastReminder: Date | null;
}

export interface RoundDetail extends RoundSummary {
  today: string;
  /** Every due item, in plan order. */
  items: RoundItem[];
  /** Per person; only for coordinators (names and addresses of colleagues), [] for others. */
  people: RoundPerson[];
  unassigned: RoundItem[];
  /** Newest first; only for coordinators. */
  reminders: { email: string; sentAt: Date; sentBy: string; items: number }[];
  may: { coordinate: boolean };
}

type RoundRow = typeof reportingRounds.$inferSelect;

export class RoundNotFoundError extends NotFoundError {
  constructor() {
    super("Deze rapportageronde bestaat niet.");
  }
}

/** Invalid input for a new round or a reminder, per field, in Dutch. */
export class RoundInputError extends InputError {
  constructor(readonly fields: Partial<Record<"periodId" | "deadline" | "message" | "emails", string>>) {
    super(Object.entries(fields).map(([path, message]) => ({ file: "ronde", path, message })));
    this.name = "RoundInputError";
    this.message = Object.values(fields).join(" ");
  }
}

const refusals = {
  "read-internal": "Alleen de partners van dit plan zien de rapportagerondes.",
  edit: "Alleen wie het plan mag bewerken, opent, herinnert en sluit rapportagerondes.",
} as const;

/**
 * The round, once the guard let the viewer do `action` with its plan: the plan named
 * by `planSlug` (checked first, as every route names one), or else the round's own plan.
 * A round of a plan the viewer may not read does not exist.
 */
async function guardedRound(db: Db, viewer: Viewer, roundId: number, action: keyof typeof refusals, planSlug?: string) {
  const valid = Number.isSafeInteger(roundId);
  let slug = planSlug;
  if (slug === undefined) {
    const [row] = valid
      ? await db.select({ slug: plans.slug }).from(reportingRounds).innerJoin(plans, eq(plans.id, reportingRounds.planId)).where(eq(reportingRounds.id, roundId))
      : [];
    if (!row) throw new RoundNotFoundError();
    slug = row.slug;
  }
  const plan = await requirePlan(db, viewer, slug, action, { refusal: refusals[action] }).catch((error: unknown) => {
    throw planSlug === undefined && error instanceof PlanNotFoundError ? new RoundNotFoundError() : error;
  });
  const [round] = valid
    ? await db.select().from(reportingRounds).where(and(eq(reportingRounds.id, roundId), eq(reportingRounds.planId, plan.id)))
    : [];
  if (!round) throw new RoundNotFoundError();
  return { round, plan };
}

function organisationsOf(plan: PlanDetail): Map<number, OrganisationRef> {
  const found = new Map(plan.owners.map((o) => [o.id, o]));
  const visit = (list: PlanDetail["items"]) => {
    for (const item of list) {
      for (const party of item.parties) for (const o of party.organisations) found.set(o.id, o);
      visit(item.children);
    }
  };
  visit(plan.items);
  return found;
}

/** The state of one round: its due items, which are done, and each due item as a page shows it. */
async function roundState(db: Db, plan: PlanDetail, round: RoundRow, today: string) {
  const progress = await progressOfPlan(db, plan, round.periodId, { today, round: { periodId: round.periodId, deadline: round.deadline } });
  const settled = new Set([...progress.earlier].filter(([, s]) => s === "afgerond" || s === "vervallen").map(([id]) => id));
  const due = dueItems(plan.items, plan.access.ownerIds, settled);
  const entries = new Map(progress.items.map((e) => [e.item.id, e]));
  const done = new Set(due.filter((d) => entries.get(d.itemId)!.update !== null).map((d) => d.itemId));
  const orgs = organisationsOf(plan);
  const items = new Map<number, RoundItem>(
    due.map((d) => {
      const e = entries.get(d.itemId)!;
      return [
        d.itemId,
        {
          id: d.itemId,
          code: e.item.code,
          title: e.item.title,
          level: e.item.level,
          organisations: d.organisationIds.map((id) => orgs.get(id)!),
          done: done.has(d.itemId),
          status: e.status,
          late: e.late.late,
          href: `/plannen/${plan.slug}/onderdelen/${d.itemId}/voortgang?periode=${round.periodId}`,
        },
      ];
    }),
  );
  return { period: progress.period!, due, done, items, orgs };
}

function summaryOf(plan: PlanDetail, round: RoundRow, state: Awaited<ReturnType<typeof roundState>>, tally: Completeness): RoundSummary {
  return {
    id: round.id,
    plan: { slug: plan.slug, title: plan.title },
    period: state.period,
    deadline: round.deadline,
    message: round.message,
    open: round.closedAt === null,
    openedBy: round.openedBy,
    openedAt: round.openedAt,
    closedBy: round.closedBy,
    closedAt: round.closedAt,
    publishedAt: round.publishedAt,
    publishedBy: round.publishedBy,
    total: tally.total,
    organisations: [...tally.organisations].map(([id, t]) => ({ ...state.orgs.get(id)!, due: t.due, done: t.done })),
  };
}

/** A plan's rounds with their completeness per organisation, and the periods a round can still be opened for. Internal content. */
export async function listRounds(db: Db, viewer: Viewer, planSlug: string, options: { today?: string } = {}): Promise<RoundsOverview> {
  await requirePlan(db, viewer, planSlug, "read-internal", { refusal: refusals["read-internal"] });
  const plan = await getPlan(db, viewer, planSlug);
  const today = options.today ?? todayInNl();
  const [periods, rows] = await Promise.all([
    periodsOf(db, plan.id),
    db
      .select({ round: reportingRounds })
      .from(reportingRounds)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, reportingRounds.periodId))
      .where(eq(reportingRounds.planId, plan.id))
      .orderBy(desc(reportingPeriods.start), desc(reportingRounds.id)),
  ]);
  const rounds: RoundSummary[] = [];
  for (const { round } of rows) {
    const state = await roundState(db, plan, round, today);
    rounds.push(summaryOf(plan, round, state, completeness(state.due, state.done, [])));
  }
  const taken = new Set(rows.map((r) => r.round.periodId));
  return {
    plan: { slug: plan.slug, title: plan.title },
    periods,
    openable: periods.filter((p) => !taken.has(p.id)),
    rounds,
    today,
    may: { coordinate: plan.may.edit },
  };
}


/** One round: completeness per organisation and, for coordinators, per person, with the reminders sent. Internal content. */
export async function roundDetail(db: Db, viewer: Viewer, roundId: number, options: { today?: string; planSlug?: string } = {}): Promise<RoundDetail> {
  return (await detailOf(db, viewer, roundId, options)).detail;
}

async function detailOf(db: Db, viewer: Viewer, roundId: number, options: { today?: string; planSlug?: string }, action: keyof typeof refusals = "read-internal") {
  const { round, plan: gate } = await guardedRound(db, viewer, roundId, action, options.planSlug);
  const plan = await getPlan(db, viewer, gate.slug);
  const today = options.today ?? todayInNl();
  const coordinate = plan.may.edit;
  const state = await roundState(db, plan, round, today);
  const people = coordinate ? await editorsOf(db, [...state.orgs.keys()]) : [];
  const tally = completeness(state.due, state.done, people);
  const reminders = coordinate
    ? await db.select().from(roundReminders).where(eq(roundReminders.roundId, round.id)).orderBy(desc(roundReminders.sentAt), desc(roundReminders.id))
    : [];
  const detail: RoundDetail = {
    ...summaryOf(plan, round, state, tally),
    today,
    items: [...state.items.values()],
    people: people
      .filter((p) => tally.people.has(p.id))
      .map((p) => {
        const t = tally.people.get(p.id)!;
        return {
          id: p.id,
          name: p.name,
          email: p.email,
          organisations: p.organisationIds.filter((id) => tally.organisations.has(id)).map((id) => state.orgs.get(id)!),
          due: t.due,
          done: t.done,
          open: t.open.map((id) => state.items.get(id)!),
          lastReminder: reminders.find((r) => r.userId === p.id)?.sentAt ?? null,
        };
      }),
    unassigned: tally.unassigned.map((id) => state.items.get(id)!),
    reminders: reminders.map((r) => ({ email: r.email, sentAt: r.sentAt, sentBy: r.sentBy, items: r.itemIds.length })),
    may: { coordinate },
  };
  return { detail, plan };
}

// ---------------------------------------------------------------- coordinating

const PERIOD = "Periode: kies een rapportageperiode van dit plan.";
const DEADLINE = "Uiterste datum: geef een geldige datum, bijvoorbeeld 2025-11-30.";

/** Opening a round: the only check of what the form sends, applied by openRound itself (with the period's own dates after it). */
export const openRoundSchema = z.strictObject({
  periodId: z.int({ error: PERIOD }).min(1, PERIOD).max(2_147_483_647, PERIOD),
  deadline: z.string({ error: DEADLINE }).trim().refine(isIsoDate, DEADLINE),
  /** A word to the partners, in the reminders and on Mijn werk. */
  message: optionalText("Bericht", LENGTH.note),
});

/** Sending reminders: to everyone with open items, or to the people named by e-mail address. */
export const remindSchema = z.strictObject({
  emails: z
    .array(z.string({ error: "E-mailadres: geef een e-mailadres." }).trim().toLowerCase().max(254, "E-mailadres: hoogstens 254 tekens."), {
      error: "E-mailadressen: geef een lijst.",
    })
    .max(500, "E-mailadressen: hoogstens 500.")
    .optional(),
});

/** The first problem per field of a refused round input. */
function fieldsOf(error: z.ZodError): RoundInputError["fields"] {
  const fields: RoundInputError["fields"] = {};
  for (const issue of error.issues) fields[(issue.path[0] ?? "periodId") as keyof RoundInputError["fields"]] ??= issue.message;
  return fields;
}

/** Opens a round over one of the plan's periods; one round per plan and period. Coordinators only. */
export async function openRound(db: Db, viewer: Viewer, planSlug: string, raw: z.input<typeof openRoundSchema>): Promise<RoundRef> {
  const plan = await requirePlan(db, viewer, planSlug, "edit", { refusal: refusals.edit });
  const parsed = openRoundSchema.safeParse(raw);
  const fields = parsed.success ? {} : fieldsOf(parsed.error);
  // The schema first, then what only the plan's own periods can tell: all problems at once.
  const period = fields.periodId === undefined ? (await periodsOf(db, plan.id)).find((p) => p.id === raw.periodId) : undefined;
  if (!period) fields.periodId ??= PERIOD;
  else if (parsed.success && parsed.data.deadline < period.start) {
    fields.deadline = `Uiterste datum: kies een datum op of na het begin van de periode (${formatDate(period.start)}).`;
  }
  if (!parsed.success || !period || Object.keys(fields).length > 0) throw new RoundInputError(fields);
  const input = parsed.data;
  const { message } = input;

  const taken = () => new ConflictError(`Over ${period.label} is al een rapportageronde geopend.`);
  const [existing] = await db
    .select({ id: reportingRounds.id })
    .from(reportingRounds)
    .where(and(eq(reportingRounds.planId, plan.id), eq(reportingRounds.periodId, period.id)));
  if (existing) throw taken();
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const [row] = await t
        .insert(reportingRounds)
        .values({ planId: plan.id, periodId: period.id, deadline: input.deadline, message, openedBy: actorOf(viewer).actor })
        .returning();
      await record(t, viewer, {
        action: "ronde-geopend",
        entityType: "ronde",
        entityId: row!.id,
        planId: plan.id,
        summary: `Rapportageronde over ${period.label} van '${plan.title}' geopend, uiterste datum ${formatDate(input.deadline)}`,
        after: { period: period.label, deadline: input.deadline, message },
      });
      return { id: row!.id, periodId: row!.periodId, deadline: row!.deadline, closed: false };
    });
  } catch (error) {
    // Two coordinators at once: the unique constraint refuses the second.
    if (isUniqueViolation(error)) throw taken();
    // The period went meanwhile (the plan's cycle was set again).
    if (isForeignKeyViolation(error)) throw new ConflictError(`De rapportageperiode ${period.label} bestaat niet meer: de rapportageperiodes van dit plan zijn intussen opnieuw ingesteld.`);
    throw error;
  }
}

/** Closes a round: from then on its period's updates are frozen. Coordinators only. */
export async function closeRound(db: Db, viewer: Viewer, roundId: number, options: { planSlug?: string } = {}): Promise<void> {
  const { round, plan } = await guardedRound(db, viewer, roundId, "edit", options.planSlug);
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [closed] = await t
      .update(reportingRounds)
      .set({ closedAt: new Date(), closedBy: actorOf(viewer).actor })
      .where(and(eq(reportingRounds.id, round.id), isNull(reportingRounds.closedAt)))
      .returning();
    if (!closed) {
      // Another coordinator closed it first, or it went with its period.
      const [still] = await t.select({ id: reportingRounds.id }).from(reportingRounds).where(eq(reportingRounds.id, round.id));
      throw still ? new ConflictError("Deze rapportageronde is al gesloten.") : new RoundNotFoundError();
    }
    const [period] = await t.select({ label: reportingPeriods.label }).from(reportingPeriods).where(eq(reportingPeriods.id, round.periodId));
    await record(t, viewer, {
      action: "ronde-gesloten",
      entityType: "ronde",
      entityId: round.id,
      planId: plan.id,
      summary: `Rapportageronde over ${period!.label} van '${plan.title}' gesloten`,
      before: { closed: false },
      after: { closed: true },
    });
  });
}

/**
 * Publishes a closed round: from then on the statuses and texts of its period are
 * public (monitoring/published.ts), also for visitors. Coordinators only; refused
 * while the round is open, and when it is published already.
 */
export async function publishRound(db: Db, viewer: Viewer, roundId: number, options: { planSlug?: string } = {}): Promise<{ publishedAt: Date }> {
  return setPublished(db, viewer, roundId, true, options);
}

/** Withdraws the publication of a round: its period's progress is internal again. Coordinators only. */
export async function withdrawPublication(db: Db, viewer: Viewer, roundId: number, options: { planSlug?: string } = {}): Promise<void> {
  await setPublished(db, viewer, roundId, false, options);
}

async function setPublished(db: Db, viewer: Viewer, roundId: number, publish: boolean, options: { planSlug?: string }): Promise<{ publishedAt: Date }> {
  const { round, plan } = await guardedRound(db, viewer, roundId, "edit", options.planSlug);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // The row locked: two coordinators at once publish it once.
    const [current] = await t.select().from(reportingRounds).where(eq(reportingRounds.id, round.id)).for("update");
    if (!current) throw new RoundNotFoundError();
    const [period] = await t.select({ label: reportingPeriods.label }).from(reportingPeriods).where(eq(reportingPeriods.id, current.periodId));
    if (publish && current.closedAt === null) {
      throw new ConflictError(`Deze rapportageronde is nog open. Sluit haar eerst: pas daarna ligt de voortgang over ${period!.label} vast en kan ze openbaar worden.`);
    }
    if (publish && current.publishedAt !== null) throw new ConflictError(`De voortgang over ${period!.label} is al openbaar gemaakt.`);
    if (!publish && current.publishedAt === null) throw new ConflictError(`De voortgang over ${period!.label} is niet openbaar; er is niets in te trekken.`);
    const publishedAt = new Date();
    await t
      .update(reportingRounds)
      .set(publish ? { publishedAt, publishedBy: actorOf(viewer).actor } : { publishedAt: null, publishedBy: null })
      .where(eq(reportingRounds.id, round.id));
    await record(t, viewer, {
      action: publish ? "ronde-gepubliceerd" : "publicatie-ingetrokken",
      entityType: "ronde",
      entityId: round.id,
      planId: plan.id,
      summary: publish
        ? `Voortgang over ${period!.label} van '${plan.title}' openbaar gemaakt`
        : `Publicatie van de voortgang over ${period!.label} van '${plan.title}' ingetrokken`,
      before: { published: !publish },
      after: { published: publish },
    });
    return { publishedAt };
  });
}

/** The reminder to one person, in plain Dutch. `publicUrl`: Koers' address for the links ("" for paths only). */
export function reminderMessage(round: RoundDetail, person: RoundPerson, publicUrl: string, coordinator: string) {
  const items = person.open.map((i) => `- ${[i.code, i.title].filter(Boolean).join(" ")}\n  ${publicUrl}${i.href}`).join("\n");
  const days = daysUntil(round.today, round.deadline);
  return {
    to: person.email,
    subject: `Herinnering: voortgang ${round.plan.title} over ${round.period.label}`,
    body: [
      `Beste ${person.name},`,
      `Voor het plan "${round.plan.title}" vragen we de voortgang over ${round.period.label}. ` +
        (days >= 0
          ? `Wilt u die uiterlijk ${formatDate(round.deadline)} in Koers zetten?`
          : `De uiterste datum was ${formatDate(round.deadline)}. Wilt u de voortgang zo snel mogelijk in Koers zetten?`),
      ...(round.message ? [round.message] : []),
      `Van deze onderdelen hebben we nog geen voortgang van u:\n${items}`,
      `Al uw openstaande onderdelen staan ook op ${publicUrl}/mijn-werk.`,
      `Met vriendelijke groet,\n${coordinator}`,
    ].join("\n\n"),
  };
}

/**
 * Reminds every person with open items in an open round (or only those with the
 * given e-mail addresses) by mail: in the outbox, and sent when SMTP is set up.
 * Coordinators only. Returns who was reminded.
 */
export async function sendReminders(
  db: Db,
  viewer: Viewer,
  mailer: Mailer,
  roundId: number,
  options: { emails?: readonly string[]; planSlug?: string; publicUrl?: string; today?: string } = {},
): Promise<{ email: string; name: string; items: number }[]> {
  const { detail: round, plan } = await detailOf(db, viewer, roundId, options, "edit");
  const asked = remindSchema.safeParse(options.emails === undefined ? {} : { emails: options.emails });
  if (!asked.success) throw new RoundInputError(fieldsOf(asked.error));
  const wanted = asked.data.emails;
  if (!round.open) throw new ConflictError("Deze rapportageronde is gesloten; er gaan geen herinneringen meer uit.");
  const targets = round.people.filter((p) => p.open.length > 0 && (!wanted || wanted.includes(p.email)));
  const signature = viewer.kind === "user" ? viewer.name : "Koers";
  if (targets.length === 0) return [];
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // Closing the round waits for reminders on their way (it updates this row), or they find it closed: none goes out after the close.
    const [still] = await t.select({ closedAt: reportingRounds.closedAt }).from(reportingRounds).where(eq(reportingRounds.id, round.id)).for("share");
    if (!still || still.closedAt) throw new ConflictError("Deze rapportageronde is gesloten; er gaan geen herinneringen meer uit.");
    // Each mail first, then the record of it: a reminder in the list has really gone to the outbox.
    for (const person of targets) await mailer.send(t, reminderMessage(round, person, options.publicUrl ?? "", signature));
    await t.insert(roundReminders).values(
      targets.map((p) => ({ roundId: round.id, userId: p.id, email: p.email, itemIds: p.open.map((i) => i.id), sentBy: actorOf(viewer).actor })),
    );
    await record(t, viewer, {
      action: "herinnering-gestuurd",
      entityType: "ronde",
      entityId: round.id,
      planId: plan.id,
      summary: `Herinnering voor de rapportageronde over ${round.period.label} van '${round.plan.title}' gestuurd aan ${targets.map((p) => p.email).join(", ")}`,
      after: { to: targets.map((p) => ({ email: p.email, items: p.open.map((i) => i.id) })) },
    });
  });
  return targets.map((p) => ({ email: p.email, name: p.name, items: p.open.length }));
}

// ---------------------------------------------------------------- mijn werk

export interface MyRound {
  id: number;
  plan: { slug: string; title: string };
  period: ReportingPeriod;
  deadline: string;
  message: string | null;
  /** Days left until the deadline; negative after it. */
  daysLeft: number;
  /** The person is redacteur of an owner of the plan: they coordinate the round. */
  coordinator: boolean;
  total: Tally;
  /** The items this person answers for. */
  items: RoundItem[];
}

export interface MyWork {
  today: string;
  /** Open rounds in which the person has items or that they coordinate, earliest deadline first. */
  rounds: MyRound[];
  /** Plans whose owners the person is redacteur of: where they open rounds. */
  coordinates: { slug: string; title: string }[];
}

function signedIn(viewer: Viewer) {
  if (viewer.kind !== "user") throw new UnauthenticatedError();
  const editorOf = [...viewer.roles].filter(([, role]) => role === "redacteur").map(([id]) => id);
  // internalPlans of the person as redacteur only: the plans whose owners or parties they edit for.
  const worksOn = internalPlans({ ...viewer, isAdmin: false, roles: new Map(editorOf.map((id) => [id, "redacteur" as const])) });
  return { user: viewer, editorOf, worksOn };
}

/**
 * What a person is asked to report: the open rounds of the plans they work on
 * (redacteur of an owner or a party), with per item of theirs whether it is done
 * and whether it is late. Responsibility follows the person's roles, not how
 * they signed in, so a read key sees the same work.
 */
export async function myWork(db: Db, viewer: Viewer, options: { today?: string } = {}): Promise<MyWork> {
  const { user, editorOf, worksOn } = signedIn(viewer);
  const today = options.today ?? todayInNl();
  if (editorOf.length === 0) return { today, rounds: [], coordinates: [] };
  const [openRounds, coordinates] = await Promise.all([
    db
      .select({ round: reportingRounds, slug: plans.slug })
      .from(reportingRounds)
      .innerJoin(plans, eq(plans.id, reportingRounds.planId))
      .where(and(isNull(reportingRounds.closedAt), worksOn))
      .orderBy(asc(reportingRounds.deadline), asc(plans.title)),
    db
      .selectDistinct({ slug: plans.slug, title: plans.title })
      .from(plans)
      .innerJoin(planOwners, eq(planOwners.planId, plans.id))
      .where(inArray(planOwners.organisationId, editorOf))
      .orderBy(asc(plans.title), asc(plans.slug)),
  ]);
  const planCache = new Map<string, PlanDetail>();
  const rounds: MyRound[] = [];
  for (const { round, slug } of openRounds) {
    const plan = planCache.get(slug) ?? (await getPlan(db, user, slug));
    planCache.set(slug, plan);
    const state = await roundState(db, plan, round, today);
    const mine = state.due.filter((d) => d.organisationIds.some((id) => editorOf.includes(id))).map((d) => state.items.get(d.itemId)!);
    const coordinator = plan.access.ownerIds.some((id) => editorOf.includes(id));
    if (mine.length === 0 && !coordinator) continue;
    rounds.push({
      id: round.id,
      plan: { slug: plan.slug, title: plan.title },
      period: state.period,
      deadline: round.deadline,
      message: round.message,
      daysLeft: daysUntil(today, round.deadline),
      coordinator,
      total: completeness(state.due, state.done, []).total,
      items: mine,
    });
  }
  return { today, rounds, coordinates };
}

/**
 * The events of a person's calendar feed: the due moments of the items they
 * answer for (the end of a planned period, or the end of each of its moments; not
 * "doorlopend", "vanaf ..." or undecided timing), and the deadlines of the open
 * rounds of the plans they work on; closed (afgesloten) plans are left out.
 * `stamp`: when the data last changed.
 */
export async function myCalendar(db: Db, viewer: Viewer, options: { publicUrl?: string } = {}): Promise<{ name: string; events: DueEvent[]; stamp: Date }> {
  const { user, editorOf, worksOn } = signedIn(viewer);
  const base = options.publicUrl ?? "";
  const name = `Koers: werk van ${user.name}`;
  if (editorOf.length === 0) return { name, events: [], stamp: new Date(0) };
  const worked = await db
    .select({ id: plans.id, slug: plans.slug })
    .from(plans)
    .where(and(worksOn, ne(plans.status, "afgesloten")))
    .orderBy(asc(plans.title), asc(plans.slug));
  const events: DueEvent[] = [];
  let stamp = new Date(0);
  const titles = new Map<number, string>();
  for (const { slug } of worked) {
    const plan = await getPlan(db, user, slug);
    titles.set(plan.id, plan.title);
    if (plan.updatedAt > stamp) stamp = plan.updatedAt;
    const byId = new Map<number, PlanDetail["items"][number]>();
    const index = (list: PlanDetail["items"]) => list.forEach((i) => (byId.set(i.id, i), index(i.children)));
    index(plan.items);
    for (const due of dueItems(plan.items, plan.access.ownerIds)) {
      if (!due.organisationIds.some((id) => editorOf.includes(id))) continue;
      const item = byId.get(due.itemId)!;
      const when = item.when === null ? null : parseWhen(item.when, plan.period);
      const label = [item.code, item.title].filter(Boolean).join(" ");
      const url = `${base}${itemHref(plan.slug, item.id)}`;
      const moments =
        when?.kind === "moments" ? when.moments.map((m) => ({ date: m.end, text: m.text })) : (when?.kind === "period" || when?.kind === "deadline") && when.end ? [{ date: when.end, text: when.text }] : [];
      for (const m of moments) {
        events.push({ uid: `item-${item.id}-${m.date}@koers`, title: `Gereed: ${label}`, description: `${plan.title}. Gepland: ${m.text}`, url, start: m.date });
      }
    }
  }
  if (worked.length > 0) {
    const open = await db
      .select({ round: reportingRounds, label: reportingPeriods.label })
      .from(reportingRounds)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, reportingRounds.periodId))
      .where(and(isNull(reportingRounds.closedAt), inArray(reportingRounds.planId, worked.map((p) => p.id))))
      .orderBy(asc(reportingRounds.deadline));
    for (const { round, label } of open) {
      if (round.openedAt > stamp) stamp = round.openedAt;
      events.push({
        uid: `ronde-${round.id}@koers`,
        title: `Uiterste datum voortgang ${label}: ${titles.get(round.planId)}`,
        description: round.message ?? "Zet de voortgang van uw onderdelen in Koers.",
        url: `${base}/mijn-werk`,
        start: round.deadline,
      });
    }
  }
  return { name, events, stamp };
}

// ---------------------------------------------------------------- for messages sent on their own

export interface OpenRound {
  id: number;
  planId: number;
  deadline: string;
  /** The day the round opened, in the Netherlands. */
  openedOn: string;
}

/** Every open round (few: one per plan at most, usually), or only those opened since `openedSince`. */
export async function openRounds(db: Db, options: { openedSince?: Date } = {}): Promise<OpenRound[]> {
  const rows = await db
    .select({ id: reportingRounds.id, planId: reportingRounds.planId, deadline: reportingRounds.deadline, openedAt: reportingRounds.openedAt })
    .from(reportingRounds)
    .where(and(isNull(reportingRounds.closedAt), options.openedSince ? gte(reportingRounds.openedAt, options.openedSince) : undefined))
    .orderBy(asc(reportingRounds.id));
  return rows.map((r) => ({ id: r.id, planId: r.planId, deadline: r.deadline, openedOn: todayInNl(r.openedAt) }));
}
