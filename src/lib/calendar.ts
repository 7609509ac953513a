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

/**
 * The feed as text. `stamp` is the DTSTAMP of every event: pass the time of the data, for stable output.
 * ical-generator writes each part; the long lines of the events are folded here (foldLine), because
 * the library folds a whole feed a character at a time, which was half the time of a large feed.
 */
export function calendarText(name: string, events: readonly DueEvent[], stamp: Date): string {
  const calendar = ical({ name, prodId: { company: "Koers", product: "Koers", language: "NL" }, method: ICalCalendarMethod.PUBLISH });
  const shell = calendar.toString();
  const written = events.map((e) =>
    calendar
      .createEvent({
        id: e.uid,
        summary: e.title,
        description: e.description ?? null,
        url: e.url ?? null,
        allDay: true,
        start: new Date(`${e.start}T00:00:00Z`),
        // All-day events end on the day after the last one (DTEND is exclusive).
        end: nextDay(e.end ?? e.start),
        stamp,
      })
      .toString(),
  );
  const end = shell.lastIndexOf("END:VCALENDAR");
  return shell.slice(0, end) + written.join("").split("\r\n").map(foldLine).join("\r\n") + shell.slice(end);
}

/**
 * A content line folded as RFC 5545 3.1 asks: no line longer than 75 octets, a continuation
 * starting with a space, never inside a character. The same breaks as ical-generator makes.
 */
export function foldLine(line: string): string {
  if (line.length <= 24 || (line.length <= 74 && Buffer.byteLength(line) <= 74)) return line;
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; ) {
    const code = line.codePointAt(i)!;
    const units = code > 0xffff ? 2 : 1;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    octets += width;
    if (octets > 74) {
      parts.push(line.slice(start, i));
      start = i;
      octets = width;
    }
    i += units;
  }
  parts.push(line.slice(start));
  return parts.join("\r\n ");
}
