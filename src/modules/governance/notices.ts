/**
 * What the notifications module needs to send a body's agenda: the meetings soon to come whose
 * agenda has not gone out yet, with their agenda, documents and the members to write to, and a
 * way to mark an agenda as sent. Governance decides nothing about mail; it only tells what is due.
 */
import { and, asc, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { addDays } from "../../lib/dates.ts";
import { users } from "../accounts/schema.ts";
import { agendaItems, bodies, bodyMembers, meetingDocuments, meetings } from "./schema.ts";

export interface MeetingNotice {
  meetingId: number;
  bodyName: string;
  date: string;
  time: string | null;
  location: string | null;
  href: string;
  agenda: { title: string; proposed: string | null }[];
  documents: { title: string; url: string }[];
  members: { userId: number | null; name: string; email: string }[];
}

/** The page of a meeting, relative to Koers' own address. */
export const meetingHref = (bodySlug: string, meetingId: number) => `/organen/${bodySlug}/vergaderingen/${meetingId}`;

/** Meetings dated from `today` up to `today + daysAhead` whose agenda has not been sent. */
export async function meetingsToAnnounce(db: Db, today: string, daysAhead: number): Promise<MeetingNotice[]> {
  const due = await db
    .select({ id: meetings.id, date: meetings.date, time: meetings.time, location: meetings.location, bodyId: bodies.id, bodyName: bodies.name, bodySlug: bodies.slug })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(isNull(meetings.agendaSentAt), gte(meetings.date, today), lte(meetings.date, addDays(today, daysAhead))))
    .orderBy(asc(meetings.date), asc(meetings.id));
  if (due.length === 0) return [];
  const meetingIds = due.map((m) => m.id);
  const bodyIds = [...new Set(due.map((m) => m.bodyId))];
  const [agenda, documents, members] = await Promise.all([
    db
      .select({ meetingId: agendaItems.meetingId, title: agendaItems.title, proposed: agendaItems.proposed })
      .from(agendaItems)
      .where(inArray(agendaItems.meetingId, meetingIds))
      .orderBy(asc(agendaItems.position), asc(agendaItems.id)),
    db
      .select({ meetingId: meetingDocuments.meetingId, title: meetingDocuments.title, url: meetingDocuments.url })
      .from(meetingDocuments)
      .where(inArray(meetingDocuments.meetingId, meetingIds))
      .orderBy(asc(meetingDocuments.position), asc(meetingDocuments.id)),
    db
      .select({
        bodyId: bodyMembers.bodyId,
        userId: bodyMembers.userId,
        name: bodyMembers.name,
        email: bodyMembers.email,
        userName: users.name,
        userEmail: users.email,
        userDisabled: users.disabled,
      })
      .from(bodyMembers)
      .leftJoin(users, eq(users.id, bodyMembers.userId))
      .where(inArray(bodyMembers.bodyId, bodyIds))
      .orderBy(asc(bodyMembers.position), asc(bodyMembers.id)),
  ]);
  return due.map((m) => ({
    meetingId: m.id,
    bodyName: m.bodyName,
    date: m.date,
    time: m.time,
    location: m.location,
    href: meetingHref(m.bodySlug, m.id),
    agenda: agenda.filter((a) => a.meetingId === m.id).map(({ title, proposed }) => ({ title, proposed })),
    documents: documents.filter((d) => d.meetingId === m.id).map(({ title, url }) => ({ title, url })),
    // A member with an account is written to at the account's address (unless it is disabled);
    // a member without one at the address given; a member with neither is left out.
    members: members
      .filter((p) => p.bodyId === m.bodyId && !p.userDisabled)
      .map((p) => ({ userId: p.userId, name: p.userName ?? p.name, email: p.userEmail ?? p.email ?? "" }))
      .filter((p) => p.email !== ""),
  }));
}

/** Marks a meeting's agenda as sent now (a second call keeps the first moment). */
export async function markAgendaSent(db: Db, meetingId: number): Promise<void> {
  await db.update(meetings).set({ agendaSentAt: new Date() }).where(and(eq(meetings.id, meetingId), isNull(meetings.agendaSentAt)));
}
