/**
 * Messages Koers sends on its own (rules.ts says when and what): a round opened, reminders around
 * its deadline, the coordinators' daily digest and a meeting's agenda; and the two settings
 * behind them: what each person wants to receive, and each plan's reminder days.
 *
 * ONCE. Every message and every batch has a key in notifications_sent ("ronde-geopend:12:45",
 * "herinnering:12:-7"); a key is claimed in the transaction that sends, so a message goes out
 * once even when two Koers processes run the same job, and a run that fails half-way sends the
 * rest next time. A batch key without a person (user_id null, email "") marks that the batch
 * was handled, so later runs skip it without looking at who is due.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { addDays, startOfDayInNl, todayInNl } from "../../lib/dates.ts";
import { ConflictError } from "../../lib/errors.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import { UnauthenticatedError } from "../access/policy.ts";
import { actorOf, system, type Viewer } from "../access/viewer.ts";
import type { Mailer } from "../accounts/mail.ts";
import { editorsOf } from "../accounts/service.ts";
import { record } from "../audit/service.ts";
import { markAgendaSent, meetingsToAnnounce } from "../governance/notices.ts";
import { updatesWrittenBetween } from "../monitoring/updates.ts";
import { requirePlan } from "../plans/access.ts";
import { openRounds, roundDetail, sendReminders } from "../rounds/service.ts";
import { agendaMessage, chronological, digestMessage, dueReminder, hourInNl, parseDays, roundOpenedMessage, type ReminderSchedule } from "./rules.ts";
import { notificationKinds, notificationPreferences, notificationsSent, reminderSchedules, type NotificationKind } from "./schema.ts";

export interface NotificationSettings {
  /** The reminder days of plans without their own. */
  reminders: ReminderSchedule;
  /** How many days before a meeting its agenda goes out. */
  agendaDaysAhead: number;
  /** From which hour (Dutch time) the day's reminders, digests and agendas go out. */
  sendHour: number;
  /** Koers' own address, for the links in messages. */
  publicUrl: string;
}

// ---------------------------------------------------------------- what a person wants to receive

export type Preferences = Record<NotificationKind, boolean>;

const personal = (viewer: Viewer) => {
  if (viewer.kind !== "user") throw new UnauthenticatedError("Log in om te kiezen welke berichten u krijgt.");
  return viewer;
};

/** The viewer's own choices; every kind is on until switched off. */
export async function myPreferences(db: Db, viewer: Viewer): Promise<Preferences> {
  const user = personal(viewer);
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id));
  return Object.fromEntries(notificationKinds.map((k) => [k, rows.find((r) => r.kind === k)?.enabled ?? true])) as Preferences;
}

const CHOICE = "Kies aan of uit.";
export const preferencesSchema = z.strictObject(Object.fromEntries(notificationKinds.map((k) => [k, z.boolean({ error: CHOICE })])) as Record<NotificationKind, z.ZodBoolean>);

/** Sets the viewer's own choices, all kinds at once. */
export async function setMyPreferences(db: Db, viewer: Viewer, raw: unknown): Promise<Preferences> {
  const user = personal(viewer);
  const parsed = preferencesSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(zodProblems("berichten", parsed.error));
  const rows = notificationKinds.map((kind) => ({ userId: user.id, kind, enabled: parsed.data[kind], updatedAt: new Date() }));
  await db
    .insert(notificationPreferences)
    .values(rows)
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { enabled: sql.raw("excluded.enabled"), updatedAt: new Date() } });
  return parsed.data;
}

/** Of these people, those who switched `kind` off. */
async function switchedOff(db: Db, userIds: readonly number[], kind: NotificationKind): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, [...userIds]), eq(notificationPreferences.kind, kind), eq(notificationPreferences.enabled, false)));
  return new Set(rows.map((r) => r.userId));
}

// ---------------------------------------------------------------- a plan's reminder days

export interface PlanReminderSchedule extends ReminderSchedule {
  /** False while the plan follows Koers' default days. */
  own: boolean;
  /** 0 while the plan has no days of its own; send it back with a change. */
  version: number;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** The reminder days of a plan: its own, or Koers' default. Partners of the plan read them. */
export async function reminderScheduleOf(db: Db, viewer: Viewer, planSlug: string, defaults: ReminderSchedule): Promise<PlanReminderSchedule> {
  const plan = await requirePlan(db, viewer, planSlug, "read-internal");
  const [row] = await db.select().from(reminderSchedules).where(eq(reminderSchedules.planId, plan.id));
  return row
    ? { daysBefore: row.daysBefore, daysAfter: row.daysAfter, own: true, version: row.version, updatedBy: row.updatedBy, updatedAt: row.updatedAt }
    : { ...defaults, own: false, version: 0, updatedBy: null, updatedAt: null };
}

const days = (label: string) => {
  const message = `${label}: geef hele dagen van 0 tot 365, gescheiden door komma's, bijvoorbeeld 7, 1. Laat leeg voor geen.`;
  return z.preprocess(
    (value) => (typeof value === "string" ? (parseDays(value) ?? value) : value),
    z.array(z.int({ error: message }).min(0, message).max(365, message), { error: message }).max(10, `${label}: hoogstens 10 dagen.`),
  );
};

export const reminderScheduleSchema = z.strictObject({
  daysBefore: days("Dagen voor de uiterste datum"),
  daysAfter: days("Dagen na de uiterste datum"),
  /** The version read; 0 when the plan had no days of its own. */
  version: z.int({ error: "Versie: ontbreekt." }).min(0),
});

/** Sets a plan's reminder days. Coordinators (who may edit the plan) only; refused when someone changed them meanwhile. */
export async function setReminderSchedule(db: Db, viewer: Viewer, planSlug: string, raw: unknown): Promise<PlanReminderSchedule> {
  const plan = await requirePlan(db, viewer, planSlug, "edit", { refusal: "Alleen wie het plan mag bewerken, stelt de herinneringen in." });
  const parsed = reminderScheduleSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(zodProblems("herinneringen", parsed.error));
  const input = parsed.data;
  const sorted = chronological(input);
  const { actor } = actorOf(viewer);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [current] = await t.select().from(reminderSchedules).where(eq(reminderSchedules.planId, plan.id)).for("update");
    const stale = new ConflictError("Iemand anders heeft de herinneringen van dit plan intussen gewijzigd. Bekijk ze opnieuw en pas ze dan aan.");
    if ((current?.version ?? 0) !== input.version) throw stale;
    const values = { ...sorted, version: input.version + 1, updatedBy: actor, updatedAt: new Date() };
    if (current) await t.update(reminderSchedules).set(values).where(eq(reminderSchedules.planId, plan.id));
    else {
      const inserted = await t.insert(reminderSchedules).values({ planId: plan.id, ...values }).onConflictDoNothing().returning();
      if (inserted.length === 0) throw stale;
    }
    await record(t, viewer, {
      action: "herinneringen-ingesteld",
      entityType: "plan",
      entityId: plan.id,
      planId: plan.id,
      summary: `Herinneringen van '${plan.title}': ${sorted.daysBefore.join(", ") || "geen"} dagen voor en ${sorted.daysAfter.join(", ") || "geen"} dagen na de uiterste datum`,
      before: current ? { daysBefore: current.daysBefore, daysAfter: current.daysAfter } : null,
      after: sorted,
    });
    return { ...sorted, own: true, version: values.version, updatedBy: actor, updatedAt: values.updatedAt };
  });
}

// ---------------------------------------------------------------- sending

/** Claims a key; false when it was claimed before (the message went, or the batch was handled). */
async function claim(db: Db, key: string, kind: NotificationKind, to: { userId: number | null; email: string } = { userId: null, email: "" }): Promise<boolean> {
  const rows = await db.insert(notificationsSent).values({ key, kind, userId: to.userId, email: to.email }).onConflictDoNothing().returning({ id: notificationsSent.id });
  return rows.length > 0;
}

/** Of these keys, those claimed already. */
async function claimed(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.select({ key: notificationsSent.key }).from(notificationsSent).where(inArray(notificationsSent.key, [...keys]));
  return new Set(rows.map((r) => r.key));
}

const inTransaction = <T>(db: Db, work: (t: Db) => Promise<T>) => db.transaction((tx) => work(tx as unknown as Db));

/** Rounds opened in the last two days and not announced yet: everyone with open items is told. */
export async function announceRounds(db: Db, mailer: Mailer, settings: NotificationSettings, now: Date): Promise<number> {
  const recent = await openRounds(db, { openedSince: new Date(now.getTime() - 2 * 24 * 3600 * 1000) });
  const done = await claimed(db, recent.map((r) => `ronde-geopend:${r.id}`));
  let sent = 0;
  for (const round of recent.filter((r) => !done.has(`ronde-geopend:${r.id}`))) {
    sent += await inTransaction(db, async (t) => {
      if (!(await claim(t, `ronde-geopend:${round.id}`, "ronde-geopend"))) return 0;
      const detail = await roundDetail(t, system, round.id, { today: todayInNl(now) });
      const due = detail.people.filter((p) => p.open.length > 0);
      const off = await switchedOff(t, due.map((p) => p.id), "ronde-geopend");
      let count = 0;
      for (const person of due.filter((p) => !off.has(p.id))) {
        if (!(await claim(t, `ronde-geopend:${round.id}:${person.id}`, "ronde-geopend", { userId: person.id, email: person.email }))) continue;
        await mailer.send(t, roundOpenedMessage(detail, person, settings.publicUrl));
        count++;
      }
      return count;
    });
  }
  return sent;
}

/** The reminders due today (rules.ts, dueReminder), to everyone with open items who did not switch them off. */
export async function remindRounds(db: Db, mailer: Mailer, settings: NotificationSettings, now: Date): Promise<number> {
  const today = todayInNl(now);
  const rounds = await openRounds(db);
  if (rounds.length === 0) return 0;
  const own = await db.select().from(reminderSchedules).where(inArray(reminderSchedules.planId, [...new Set(rounds.map((r) => r.planId))]));
  const due = rounds.flatMap((round) => {
    const schedule = own.find((s) => s.planId === round.planId) ?? settings.reminders;
    const moment = dueReminder(today, round.openedOn, round.deadline, schedule);
    return moment ? [{ round, key: `herinnering:${round.id}:${moment.offset}` }] : [];
  });
  const done = await claimed(db, due.map((d) => d.key));
  let sent = 0;
  for (const { round, key } of due.filter((d) => !done.has(d.key))) {
    sent += await inTransaction(db, async (t) => {
      if (!(await claim(t, key, "herinnering"))) return 0;
      const detail = await roundDetail(t, system, round.id, { today });
      const open = detail.people.filter((p) => p.open.length > 0);
      const off = await switchedOff(t, open.map((p) => p.id), "herinnering");
      const emails = open.filter((p) => !off.has(p.id)).map((p) => p.email);
      if (emails.length === 0) return 0;
      return (await sendReminders(t, system, mailer, round.id, { emails, today, publicUrl: settings.publicUrl })).length;
    });
  }
  return sent;
}

/** Yesterday's updates, to the coordinators of their plans (redacteuren of the owners), once a day. */
export async function sendDigests(db: Db, mailer: Mailer, settings: NotificationSettings, now: Date): Promise<number> {
  const today = todayInNl(now);
  const day = addDays(today, -1);
  const batch = `dagoverzicht:${day}`;
  if ((await claimed(db, [batch])).size > 0) return 0;
  return inTransaction(db, async (t) => {
    if (!(await claim(t, batch, "dagoverzicht"))) return 0;
    const updates = await updatesWrittenBetween(t, startOfDayInNl(day), startOfDayInNl(today));
    if (updates.length === 0) return 0;
    const coordinators = await editorsOf(t, [...new Set(updates.flatMap((u) => u.plan.ownerIds))]);
    const off = await switchedOff(t, coordinators.map((p) => p.id), "dagoverzicht");
    let sent = 0;
    for (const person of coordinators.filter((p) => !off.has(p.id))) {
      const theirs = updates.filter((u) => u.plan.ownerIds.some((id) => person.organisationIds.includes(id)));
      if (theirs.length === 0) continue;
      if (!(await claim(t, `${batch}:${person.id}`, "dagoverzicht", { userId: person.id, email: person.email }))) continue;
      await mailer.send(t, digestMessage(day, person, theirs, settings.publicUrl));
      sent++;
    }
    return sent;
  });
}

/** The agendas of meetings coming up within `agendaDaysAhead` days, to the members of their bodies. */
export async function sendAgendas(db: Db, mailer: Mailer, settings: NotificationSettings, now: Date): Promise<number> {
  const meetings = await meetingsToAnnounce(db, todayInNl(now), settings.agendaDaysAhead);
  let sent = 0;
  for (const meeting of meetings) {
    sent += await inTransaction(db, async (t) => {
      const off = await switchedOff(t, meeting.members.flatMap((m) => (m.userId === null ? [] : [m.userId])), "agenda");
      let count = 0;
      for (const member of meeting.members.filter((m) => m.userId === null || !off.has(m.userId))) {
        if (!(await claim(t, `agenda:${meeting.meetingId}:${member.email}`, "agenda", { userId: member.userId, email: member.email }))) continue;
        await mailer.send(t, agendaMessage(meeting, member, settings.publicUrl));
        count++;
      }
      await markAgendaSent(t, meeting.meetingId);
      return count;
    });
  }
  return sent;
}

export interface RunOutcome {
  opened: number;
  reminders: number;
  digests: number;
  agendas: number;
}

/**
 * One run of the notifications job: opened rounds at once; reminders, digests and agendas from
 * `sendHour` on (nobody gets mail at night). Each part is safe to run again.
 */
export async function runNotifications(db: Db, mailer: Mailer, settings: NotificationSettings, now = new Date()): Promise<RunOutcome> {
  const opened = await announceRounds(db, mailer, settings, now);
  if (hourInNl(now) < settings.sendHour) return { opened, reminders: 0, digests: 0, agendas: 0 };
  return {
    opened,
    reminders: await remindRounds(db, mailer, settings, now),
    digests: await sendDigests(db, mailer, settings, now),
    agendas: await sendAgendas(db, mailer, settings, now),
  };
}
