/**
 * Calendar dates as Koers uses them: ISO strings "YYYY-MM-DD" without a time or a time
 * zone, periods of whole days (start and end both included), school years of 1 August to
 * 31 July, "today" as it is in the Netherlands, and the Dutch ways of writing a date.
 *
 * Arithmetic works on the date alone (in UTC, where every day has 24 hours), so summer
 * time never moves a date. Only `todayInNl` and `formatDateTime` look at a clock time.
 */

/** A calendar date written YYYY-MM-DD. */
export type IsoDate = string;

/** Dutch month names and the abbreviations people write, lower case, to the month's number. */
export const DUTCH_MONTHS: Readonly<Record<string, number>> = {
  januari: 1, jan: 1,
  februari: 2, feb: 2, febr: 2,
  maart: 3, mrt: 3, mar: 3, maa: 3,
  april: 4, apr: 4,
  mei: 5,
  juni: 6, jun: 6,
  juli: 7, jul: 7,
  augustus: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

/** Whole days from `start` to `end`, both included. */
export interface Period {
  start: IsoDate;
  end: IsoDate;
}

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date of these numbers, written YYYY-MM-DD (month 1-12). */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Days in a month (1-12) of a year: February has 29 in leap years. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a date that exists, written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = ISO.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));
export const monthOf = (date: IsoDate): number => Number(date.slice(5, 7));

const dayNumber = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDayNumber = (n: number): IsoDate => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The date `days` later (earlier when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Days from `from` to `to`: 0 on the same day, negative when `to` comes first. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

const nlDay = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Amsterdam" });

/** Today's date in the Netherlands (a server in UTC would be a day behind between midnight and 1 or 2 o'clock). */
export function todayInNl(now: Date = new Date()): IsoDate {
  return nlDay.format(now);
}

/** The moment a day begins in the Netherlands (23:00 or 22:00 UTC the day before, winter or summer time). */
export function startOfDayInNl(date: IsoDate): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  for (const hours of [1, 2]) {
    const moment = new Date(midnightUtc - hours * 3_600_000);
    if (todayInNl(moment) === date && todayInNl(new Date(moment.getTime() - 1)) !== date) return moment;
  }
  throw new Error(`Geen begin van de dag gevonden voor ${date}`);
}

/** Whether a date lies within a period. */
export function inPeriod(date: IsoDate, period: Period): boolean {
  return date >= period.start && date <= period.end;
}

/** Whether two periods share at least one day. */
export function overlaps(a: Period, b: Period): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The number of days in a period, both ends included. */
export function periodLength(period: Period): number {
  return daysBetween(period.start, period.end) + 1;
}

/** The school year that starts on 1 August of `startYear`, labelled "2025-2026". */
export function schoolYear(startYear: number): Period & { label: string } {
  return { start: isoDate(startYear, 8, 1), end: isoDate(startYear + 1, 7, 31), label: `${startYear}-${startYear + 1}` };
}

/** The school year a date falls in: 31 July 2025 is in 2024-2025, 1 August 2025 in 2025-2026. */
export function schoolYearOf(date: IsoDate): Period & { label: string } {
  return schoolYear(yearOf(date) - (monthOf(date) < 8 ? 1 : 0));
}

const longDate = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "2023-12-04" → "4 december 2023". */
export function formatDate(date: IsoDate): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}

/** "2023-12-04" → "04-12-2023", the short Dutch way. */
export function formatShortDate(date: IsoDate): string {
  return `${date.slice(8, 10)}-${date.slice(5, 7)}-${date.slice(0, 4)}`;
}

/** "2023-08-01", "2023-08-31" → "1 augustus 2023 tot en met 31 augustus 2023". */
export function formatPeriod(period: Period): string {
  return period.start === period.end ? formatDate(period.start) : `${formatDate(period.start)} tot en met ${formatDate(period.end)}`;
}

const dateTime = new Intl.DateTimeFormat("nl-NL", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Amsterdam" });

/** A moment as people in the Netherlands read it: "4 december 2023 om 14:05". */
export function formatDateTime(moment: Date): string {
  return dateTime.format(moment);
}

const SHORT = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

/**
 * A date as a person types it, in ISO ("2023-12-04") or the Dutch order ("04-12-2023",
 * "4-12-2023", "4/12/2023", "4.12.2023"); null when it is no existing date.
 */
export function parseDate(text: string): IsoDate | null {
  const value = text.trim();
  if (ISO.test(value)) return isIsoDate(value) ? value : null;
  const match = SHORT.exec(value);
  if (!match) return null;
  const date = isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
  return isIsoDate(date) ? date : null;
}
