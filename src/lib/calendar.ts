/**
 * Calendar feeds (iCalendar, RFC 5545) that a calendar program subscribes to:
 * due moments of items, round deadlines and governance meetings, as all-day events.
 */
import ical, { ICalCalendarMethod } from "ical-generator";
import { addDays } from "./dates.ts";

export interface DueEvent {
  /** Stable across requests, so a calendar program updates instead of duplicating: "item-12-2026-03-31@koers". */
  uid: string;
  title: string;
  description?: string | undefined;
  /** Absolute URL of the page to read more. */
  url?: string | undefined;
  /** First day, ISO date. */
  start: string;
  /** Last day (inclusive), ISO date; the start when omitted. */
  end?: string | undefined;
}

const nextDay = (iso: string) => new Date(`${addDays(iso, 1)}T00:00:00Z`);

/** The feed as text. `stamp` is the DTSTAMP of every event: pass the time of the data, for stable output. */
export function calendarText(name: string, events: readonly DueEvent[], stamp: Date): string {
  const calendar = ical({ name, prodId: { company: "Koers", product: "Koers", language: "NL" }, method: ICalCalendarMethod.PUBLISH });
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      summary: e.title,
      description: e.description ?? null,
      url: e.url ?? null,
      allDay: true,
      start: new Date(`${e.start}T00:00:00Z`),
      // All-day events end on the day after the last one (DTEND is exclusive).
      end: nextDay(e.end ?? e.start),
      stamp,
    });
  }
  return calendar.toString();
}
