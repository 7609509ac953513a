/**
 * The rules of the messages Koers sends on its own, as plain functions: when a reminder is due,
 * what each message says, and which schedule a plan's reminders follow.
 *
 * WHEN. A round's reminders go out on the days of its schedule, counted from the deadline
 * (so many days before, so many days after). A reminder whose day passed while no reminder job
 * ran (Koers was down) still goes out, once, on the next run; a moment that lies before the day
 * the round opened does not (the opening message told everyone already). Only the latest passed
 * moment counts: after a week of silence nobody gets three reminders at once.
 */
import { addDays, formatDate } from "../../lib/dates.ts";
import type { NotificationKind } from "./schema.ts";

export interface ReminderSchedule {
  /** Days before the deadline, e.g. [7, 1]. */
  daysBefore: readonly number[];
  /** Days after the deadline, e.g. [1, 7]. */
  daysAfter: readonly number[];
}

/** A reminder moment: its offset from the deadline in days (negative before it) and its date. */
export interface ReminderMoment {
  offset: number;
  date: string;
}

/** Every reminder moment of a round, earliest first. */
export function reminderMoments(deadline: string, schedule: ReminderSchedule): ReminderMoment[] {
  const offsets = new Set([...schedule.daysBefore.map((d) => -d), ...schedule.daysAfter]);
  return [...offsets].sort((a, b) => a - b).map((offset) => ({ offset, date: addDays(deadline, offset) }));
}

/** The reminder due on `today` for a round opened on `openedOn`, or null. See WHEN above. */
export function dueReminder(today: string, openedOn: string, deadline: string, schedule: ReminderSchedule): ReminderMoment | null {
  const passed = reminderMoments(deadline, schedule).filter((m) => m.date <= today);
  const latest = passed.at(-1);
  return latest && latest.date > openedOn ? latest : null;
}

/** The days of a schedule as people write them: "7, 1" or "1 en 7". Null when it is not a list of whole days from 0 to 365. */
export function parseDays(text: string): number[] | null {
  const parts = text
    .split(/[\s,;]+|\ben\b/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const days = [...new Set(parts.map(Number))];
  if (days.some((d) => d > 365) || days.length > 10) return null;
  return days.sort((a, b) => b - a);
}

/** A schedule in the order of time: the days before from far to near, the days after from near to far. */
export function chronological(schedule: ReminderSchedule): { daysBefore: number[]; daysAfter: number[] } {
  return { daysBefore: [...new Set(schedule.daysBefore)].sort((a, b) => b - a), daysAfter: [...new Set(schedule.daysAfter)].sort((a, b) => a - b) };
}

export const formatDays = (days: readonly number[]) => days.join(", ");

/** What each kind of message is, for the preferences page. */
export const kindLabels: Record<NotificationKind, { label: string; hint: string }> = {
  "ronde-geopend": { label: "Een rapportageronde is geopend", hint: "Als u voor onderdelen voortgang moet melden." },
  herinnering: { label: "Herinneringen", hint: "Rond de uiterste datum van een ronde, zolang u nog voortgang moet melden." },
  dagoverzicht: { label: "Dagoverzicht van meldingen", hint: "Voor coördinatoren: elke ochtend de voortgang die de dag ervoor is gemeld." },
  agenda: { label: "Agenda van vergaderingen", hint: "Voor leden van een orgaan: de agenda een week voor de vergadering." },
};

/** The hour of the day (0–23) in the Netherlands. */
export function hourInNl(now: Date): number {
  return Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", hour: "numeric", hourCycle: "h23" }).format(now));
}

const settingsLine = (publicUrl: string) => `U kiest zelf welke berichten u van Koers krijgt: ${publicUrl}/account/berichten.`;

export interface OpenedRound {
  plan: { title: string };
  period: { label: string };
  deadline: string;
  message: string | null;
}

/** The message to a person with open items when a round opens. */
export function roundOpenedMessage(
  round: OpenedRound,
  person: { name: string; email: string; open: readonly { code: string | null; title: string; href: string }[] },
  publicUrl: string,
) {
  const items = person.open.map((i) => `- ${[i.code, i.title].filter(Boolean).join(" ")}\n  ${publicUrl}${i.href}`).join("\n");
  return {
    to: person.email,
    subject: `Voortgang gevraagd: ${round.plan.title} over ${round.period.label}`,
    body: [
      `Beste ${person.name},`,
      `Voor het plan "${round.plan.title}" is de rapportageronde over ${round.period.label} geopend. Wilt u uiterlijk ${formatDate(round.deadline)} de voortgang van deze onderdelen in Koers zetten?`,
      ...(round.message ? [round.message] : []),
      items,
      `Al uw openstaande onderdelen staan ook op ${publicUrl}/mijn-werk.`,
      settingsLine(publicUrl),
    ].join("\n\n"),
  };
}

export interface DigestUpdate {
  plan: { slug: string; title: string };
  item: { id: number; code: string | null; title: string };
  period: { id: number; label: string };
  status: string | null;
  author: string | null;
}

/** The coordinator's digest of the updates written on `day`, grouped per plan. */
export function digestMessage(day: string, person: { name: string; email: string }, updates: readonly DigestUpdate[], publicUrl: string) {
  const plans = new Map<string, DigestUpdate[]>();
  for (const u of updates) plans.set(u.plan.slug, [...(plans.get(u.plan.slug) ?? []), u]);
  const sections = [...plans.values()].map((list) => {
    const lines = list.map((u) => {
      const who = u.author ? `, door ${u.author}` : "";
      const status = u.status ? ` (${u.status.replaceAll("-", " ")}${who})` : who ? ` (${who.slice(2)})` : "";
      return `- ${[u.item.code, u.item.title].filter(Boolean).join(" ")}${status}\n  ${publicUrl}/plannen/${u.plan.slug}/onderdelen/${u.item.id}/voortgang?periode=${u.period.id}`;
    });
    return `${list[0]!.plan.title}, ${list[0]!.period.label}:\n${lines.join("\n")}`;
  });
  const count = updates.length === 1 ? "1 voortgangsmelding" : `${updates.length} voortgangsmeldingen`;
  return {
    to: person.email,
    subject: `Dagoverzicht Koers ${formatDate(day)}: ${count}`,
    body: [`Beste ${person.name},`, `Op ${formatDate(day)} is in Koers ${count} gedaan voor plannen die u coördineert.`, ...sections, settingsLine(publicUrl)].join(
      "\n\n",
    ),
  };
}

export interface AgendaNotice {
  bodyName: string;
  date: string;
  time: string | null;
  location: string | null;
  href: string;
  agenda: readonly { title: string; proposed: string | null }[];
  documents: readonly { title: string; url: string }[];
}

/** The agenda of a meeting, to one member. */
export function agendaMessage(meeting: AgendaNotice, member: { name: string; email: string }, publicUrl: string) {
  const when = [formatDate(meeting.date), meeting.time].filter(Boolean).join(", ");
  const agenda = meeting.agenda.length
    ? meeting.agenda.map((a, i) => `${i + 1}. ${a.title}${a.proposed ? ` (ter ${a.proposed})` : ""}`).join("\n")
    : "De agenda volgt nog.";
  const documents = meeting.documents.map((d) => `- ${d.title}: ${d.url.startsWith("/") ? publicUrl + d.url : d.url}`).join("\n");
  return {
    to: member.email,
    subject: `Agenda ${meeting.bodyName} ${formatDate(meeting.date)}`,
    body: [
      `Beste ${member.name},`,
      `Hierbij de agenda van de vergadering van ${meeting.bodyName} op ${when}${meeting.location ? ` in ${meeting.location}` : ""}.`,
      agenda,
      ...(documents ? [`Stukken:\n${documents}`] : []),
      `De vergadering in Koers: ${publicUrl}${meeting.href}`,
      settingsLine(publicUrl),
    ].join("\n\n"),
  };
}

/** Days from the deadline, for the coordinator's list of reminders: "3 dagen voor", "op de dag", "2 dagen na". */
export function offsetLabel(offset: number): string {
  if (offset === 0) return "op de uiterste datum";
  const days = Math.abs(offset) === 1 ? "1 dag" : `${Math.abs(offset)} dagen`;
  return offset < 0 ? `${days} voor de uiterste datum` : `${days} na de uiterste datum`;
}

