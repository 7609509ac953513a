/** Messages Koers sends on its own, on both databases: each once, to those who want them, and the job queue that runs them. */
import { desc, eq, gt, like } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { addDays, startOfDayInNl, todayInNl } from "../../lib/dates.ts";
import { ConflictError } from "../../lib/errors.ts";
import { InputError } from "../../lib/validation.ts";
import { ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { createMailer } from "../accounts/mail.ts";
import { outbox } from "../accounts/schema.ts";
import { listAudit } from "../audit/service.ts";
import { addAgendaItems, addMember, createBody, createMeeting, getBody } from "../governance/service.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { configureCycle, saveUpdate } from "../monitoring/updates.ts";
import { getPlan } from "../plans/reading.ts";
import { reportingRounds } from "../monitoring/schema.ts";
import { openRound, roundDetail } from "../rounds/service.ts";
import { startJobs } from "./jobs.ts";
import {
  announceRounds,
  myPreferences,
  reminderScheduleOf,
  remindRounds,
  runNotifications,
  sendAgendas,
  sendDigests,
  setMyPreferences,
  setReminderSchedule,
  type NotificationSettings,
} from "./service.ts";

const logger = pino({ level: "silent" });
const mailer = createMailer({ smtpUrl: undefined, from: "Koers <koers@example.nl>" }, logger);
const settings: NotificationSettings = { reminders: { daysBefore: [7, 1], daysAfter: [1, 7] }, agendaDaysAhead: 7, sendHour: 7, publicUrl: "https://koers.example" };
/** 08:00 in the Netherlands on that day. */
const at = (day: string, hour = 8) => new Date(startOfDayInNl(day).getTime() + hour * 3_600_000);
const allOn = { "ronde-geopend": true, herinnering: true, dagoverzicht: true, agenda: true };

describe.each(databaseKinds)("notifications on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let roundId: number;
  const ids: Record<string, number> = {};
  let lastMail = 0;
  const db = () => database.db;
  /** The messages since the last call, as [to, subject]. */
  const newMail = async () => {
    const rows = await db().select().from(outbox).where(gt(outbox.id, lastMail)).orderBy(outbox.id);
    lastMail = rows.at(-1)?.id ?? lastMail;
    return rows.map((r) => [r.to, r.subject]);
  };

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    collectItemIds((await getPlan(db(), system, SLUG)).items, ids);
    const { periods } = await configureCycle(db(), viewers.owner, SLUG, "trimester");
    const t2 = periods.find((p) => p.label === "T2 2025")!;
    ({ id: roundId } = await openRound(db(), viewers.owner, SLUG, { periodId: t2.id, deadline: "2025-09-10" }));
    // The round opened on 20 August 2025, as the tests' clock has it.
    await db().update(reportingRounds).set({ openedAt: at("2025-08-20", 9) }).where(eq(reportingRounds.id, roundId));
    await newMail();
  });
  afterAll(() => database?.dispose());

  it("tells everyone with open items that a round opened, once", async () => {
    expect(await announceRounds(db(), mailer, settings, at("2025-08-20", 10))).toBe(2);
    const mail = await newMail();
    expect(mail.map(([to]) => to).sort()).toEqual([people.owner, people.party].sort());
    expect(mail[0]![1]).toBe("Voortgang gevraagd: Werkplan voortgang over T2 2025");
    const [toParty] = await db().select().from(outbox).where(eq(outbox.to, people.party)).orderBy(desc(outbox.id)).limit(1);
    expect(toParty!.body).toContain("1.2 Overstap po-vo verbeteren");
    expect(toParty!.body).not.toContain("1.1 Verzuimaanpak");
    expect(await announceRounds(db(), mailer, settings, at("2025-08-20", 11))).toBe(0);
    expect(await newMail()).toEqual([]);
  });

  it("does not announce rounds that opened longer ago (the first run after an upgrade sends no old news)", async () => {
    expect(await announceRounds(db(), mailer, settings, at("2025-08-25"))).toBe(0);
  });

  it("keeps each person's choices, every kind on until switched off", async () => {
    expect(await myPreferences(db(), viewers.party)).toEqual(allOn);
    await setMyPreferences(db(), viewers.party, { ...allOn, herinnering: false });
    expect(await myPreferences(db(), viewers.party)).toEqual({ ...allOn, herinnering: false });
    expect(await myPreferences(db(), viewers.owner)).toEqual(allOn);
    await expect(setMyPreferences(db(), viewers.party, { ...allOn, agenda: "ja" })).rejects.toBeInstanceOf(InputError);
    await expect(setMyPreferences(db(), viewers.party, { herinnering: true })).rejects.toBeInstanceOf(InputError);
    await expect(myPreferences(db(), anonymous)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("reminds on the days of the schedule, once per moment, not those who switched reminders off", async () => {
    expect(await remindRounds(db(), mailer, settings, at("2025-09-02"))).toBe(0);
    expect(await remindRounds(db(), mailer, settings, at("2025-09-03"))).toBe(1);
    expect(await newMail()).toEqual([[people.owner, "Herinnering: voortgang Werkplan voortgang over T2 2025"]]);
    expect(await remindRounds(db(), mailer, settings, at("2025-09-03", 9))).toBe(0);
    expect(await remindRounds(db(), mailer, settings, at("2025-09-05"))).toBe(0);
    // The coordinator sees the automatic reminder in the round's list, and the change history has it.
    const detail = await roundDetail(db(), viewers.owner, roundId, { today: "2025-09-05" });
    expect(detail.reminders.map((r) => [r.email, r.sentBy])).toEqual([[people.owner, "systeem"]]);
    const audit = await listAudit(db(), system, { planId: (await getPlan(db(), system, SLUG)).id });
    expect(audit.some((e) => e.action === "herinnering-gestuurd" && e.actor === "systeem")).toBe(true);
  });

  it("follows a plan's own reminder days, set by its coordinators with a version", async () => {
    expect(await reminderScheduleOf(db(), viewers.reader, SLUG, settings.reminders)).toMatchObject({ daysBefore: [7, 1], daysAfter: [1, 7], own: false, version: 0 });
    await expect(setReminderSchedule(db(), viewers.reader, SLUG, { daysBefore: [3], daysAfter: [], version: 0 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setReminderSchedule(db(), viewers.party, SLUG, { daysBefore: [3], daysAfter: [], version: 0 })).rejects.toBeInstanceOf(ForbiddenError);
    const refused = await setReminderSchedule(db(), viewers.owner, SLUG, { daysBefore: "een week", daysAfter: "", version: 0 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).problems.map((p) => p.path)).toEqual(["daysBefore"]);
    expect(await setReminderSchedule(db(), viewers.owner, SLUG, { daysBefore: "1, 3", daysAfter: "", version: 0 })).toMatchObject({ daysBefore: [3, 1], daysAfter: [], version: 1 });
    await expect(setReminderSchedule(db(), viewers.owner, SLUG, { daysBefore: [2], daysAfter: [], version: 0 })).rejects.toBeInstanceOf(ConflictError);
    expect(await reminderScheduleOf(db(), viewers.reader, SLUG, settings.reminders)).toMatchObject({ daysBefore: [3, 1], daysAfter: [], own: true, version: 1, updatedBy: people.owner });

    expect(await remindRounds(db(), mailer, settings, at("2025-09-07"))).toBe(1);
    expect(await newMail()).toEqual([[people.owner, "Herinnering: voortgang Werkplan voortgang over T2 2025"]]);
    // No day after the deadline in this plan's schedule: nothing more.
    expect(await remindRounds(db(), mailer, settings, at("2025-09-09"))).toBe(1);
    expect(await remindRounds(db(), mailer, settings, at("2025-09-20"))).toBe(0);
    await newMail();
  });

  it("sends the coordinators a digest of yesterday's updates, once, and nothing on a quiet day", async () => {
    const t2 = (await roundDetail(db(), viewers.owner, roundId)).period.id;
    await saveUpdate(db(), viewers.party, SLUG, ids["1.2"]!, t2, { version: null, status: "aandacht-nodig", results: "Eerste gesprekken gevoerd.", planning: "", percentage: null, statusReason: null });
    const today = todayInNl();
    const tomorrow = at(addDays(today, 1));
    expect(await sendDigests(db(), mailer, settings, tomorrow)).toBe(1);
    const [digest] = await db().select().from(outbox).where(like(outbox.subject, "Dagoverzicht%")).orderBy(desc(outbox.id)).limit(1);
    expect(digest!.to).toBe(people.owner);
    expect(digest!.body).toContain("1.2 Overstap po-vo verbeteren (aandacht nodig, door");
    expect(await sendDigests(db(), mailer, settings, tomorrow)).toBe(0);
    expect(await sendDigests(db(), mailer, settings, at(addDays(today, 3)))).toBe(0);
    await newMail();
  });

  it("sends a meeting's agenda to the members, a week ahead, once; members choose too", async () => {
    const { slug } = await createBody(db(), system, { name: `OPR ${kind}`, kind: "opr", organisations: ["swvnk"] });
    await addMember(db(), system, slug, { version: (await getBody(db(), system, slug)).version, email: people.owner, role: "voorzitter" });
    await addMember(db(), system, slug, { version: (await getBody(db(), system, slug)).version, email: "ouder@example.nl", name: "Ouderlid" });
    await addMember(db(), system, slug, { version: (await getBody(db(), system, slug)).version, email: people.party });
    await setMyPreferences(db(), viewers.party, { ...allOn, agenda: false });
    const meeting = await createMeeting(db(), system, slug, { date: "2025-09-15", time: "19:30", location: "Alkmaar" });
    await addAgendaItems(db(), system, slug, meeting.id, { version: 1, items: [{ title: "Werkplan voortgang", plan: SLUG, proposed: "instemming" }] });

    expect(await sendAgendas(db(), mailer, settings, at("2025-09-07"))).toBe(0);
    expect(await sendAgendas(db(), mailer, settings, at("2025-09-08"))).toBe(2);
    const mail = await newMail();
    expect(mail.map(([to]) => to).sort()).toEqual(["ouder@example.nl", people.owner].sort());
    expect(mail[0]![1]).toBe("Agenda OPR " + kind + " 15 september 2025");
    expect(await sendAgendas(db(), mailer, settings, at("2025-09-09"))).toBe(0);
    expect((await getBody(db(), system, slug)).meetings.find((m) => m.id === meeting.id)?.agendaSent).toBe(true);
  });

  it("sends nothing but opening messages at night", async () => {
    const late = await openRound(db(), viewers.owner, SLUG, { periodId: (await roundDetail(db(), viewers.owner, roundId)).period.id + 1, deadline: "2025-12-20" });
    await db().update(reportingRounds).set({ openedAt: at("2025-09-20", 1) }).where(eq(reportingRounds.id, late.id));
    const night = await runNotifications(db(), mailer, settings, at("2025-09-20", 3));
    expect(night).toEqual({ opened: 2, reminders: 0, digests: 0, agendas: 0 });
  });
});

describe.each(databaseKinds)("the job queue on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  const db = () => database.db;
  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    await configureCycle(db(), viewers.owner, SLUG, "trimester");
  });
  afterAll(() => database?.dispose());

  it("runs the notifications in the background, picks up after a restart, and sends once with two processes", async () => {
    const periods = (await configureCycle(db(), viewers.owner, SLUG, "trimester")).periods;
    await openRound(db(), viewers.owner, SLUG, { periodId: periods[0]!.id, deadline: addDays(todayInNl(), 20) });
    const first = await startJobs(database, { mailer, logger, settings });
    await first.runNow();
    const sent = async () => (await db().select().from(outbox).where(like(outbox.subject, "Voortgang gevraagd%"))).length;
    await expect.poll(sent, { timeout: 30_000, interval: 250 }).toBe(2);
    await first.stop();

    // While no process runs, another round opens; the next start catches up.
    await openRound(db(), viewers.owner, SLUG, { periodId: periods[1]!.id, deadline: addDays(todayInNl(), 40) });
    const again = await startJobs(database, { mailer, logger, settings });
    const second = kind === "postgres" ? await startJobs(database, { mailer, logger, settings }) : undefined;
    await Promise.all([again.runNow(), second?.runNow(), again.runNow()]);
    await expect.poll(sent, { timeout: 30_000, interval: 250 }).toBe(4);
    // However many runs and processes: each message once.
    await again.runNow();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await sent()).toBe(4);
    await Promise.all([again.stop(), second?.stop()]);
  });
});
