import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  daysInMonth,
  formatDate,
  formatDateTime,
  formatPeriod,
  formatShortDate,
  inPeriod,
  isIsoDate,
  overlaps,
  parseDate,
  periodLength,
  schoolYear,
  schoolYearOf,
  todayInNl,
} from "./dates.ts";

describe("ISO dates", () => {
  it.each([
    ["2023-12-04", true],
    ["2024-02-29", true], // leap year
    ["2023-02-29", false],
    ["1900-02-29", false], // divisible by 100, not by 400
    ["2000-02-29", true], // divisible by 400
    ["2023-04-31", false],
    ["2023-13-01", false],
    ["2023-00-10", false],
    ["2023-12-00", false],
    ["2023-12-4", false],
    ["04-12-2023", false],
    ["", false],
  ])("%s is an existing ISO date: %s", (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
  });

  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [2100, 2, 28],
    [2023, 12, 31],
    [2023, 4, 30],
  ])("%i-%i has %i days", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe("adding and counting days", () => {
  it.each([
    ["2023-12-04", 1, "2023-12-05"],
    ["2023-12-31", 1, "2024-01-01"],
    ["2024-01-01", -1, "2023-12-31"],
    ["2024-02-28", 1, "2024-02-29"], // leap day
    ["2023-02-28", 1, "2023-03-01"],
    ["2024-03-30", 1, "2024-03-31"], // summer time starts in the night to 31 March 2024
    ["2024-03-31", 1, "2024-04-01"],
    ["2024-10-26", 1, "2024-10-27"], // summer time ends in the night to 27 October 2024
    ["2024-10-27", 1, "2024-10-28"],
    ["2025-08-01", 364, "2026-07-31"],
    ["2023-12-04", 0, "2023-12-04"],
  ])("%s plus %i days is %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    ["2024-03-01", "2024-04-01", 31], // across the start of summer time: whole days, no fraction
    ["2024-10-01", "2024-11-01", 31], // across its end
    ["2024-01-01", "2025-01-01", 366],
    ["2023-01-01", "2024-01-01", 365],
    ["2026-07-31", "2025-08-01", -364],
  ])("from %s to %s is %i days", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe("today in the Netherlands", () => {
  it.each([
    ["2024-01-15T22:59:59Z", "2024-01-15"], // winter: UTC+1
    ["2024-01-15T23:00:00Z", "2024-01-16"],
    ["2024-07-15T21:59:59Z", "2024-07-15"], // summer: UTC+2
    ["2024-07-15T22:00:00Z", "2024-07-16"],
    ["2024-03-30T23:30:00Z", "2024-03-31"], // the night summer time starts
    ["2024-10-26T22:30:00Z", "2024-10-27"], // the night it ends, still UTC+2 until 01:00 UTC
    ["2024-10-27T22:30:00Z", "2024-10-27"], // back to UTC+1
    ["2024-02-28T23:00:00Z", "2024-02-29"],
  ])("at %s it is %s", (moment, date) => {
    expect(todayInNl(new Date(moment))).toBe(date);
  });
});

describe("periods and school years", () => {
  const period = { start: "2025-08-01", end: "2026-07-31" };

  it.each([
    ["2025-07-31", false],
    ["2025-08-01", true],
    ["2026-02-15", true],
    ["2026-07-31", true],
    ["2026-08-01", false],
  ])("%s lies in the school year 2025-2026: %s", (date, inside) => {
    expect(inPeriod(date, period)).toBe(inside);
  });

  it.each([
    [{ start: "2026-07-31", end: "2026-12-31" }, true], // one shared day
    [{ start: "2026-08-01", end: "2026-12-31" }, false],
    [{ start: "2025-01-01", end: "2025-07-31" }, false],
    [{ start: "2025-01-01", end: "2027-01-01" }, true],
  ])("overlap with %o: %s", (other, shared) => {
    expect(overlaps(period, other)).toBe(shared);
    expect(overlaps(other, period)).toBe(shared);
  });

  it("counts both ends of a period", () => {
    expect(periodLength(period)).toBe(365);
    expect(periodLength({ start: "2023-08-01", end: "2024-07-31" })).toBe(366); // with 29 February 2024
    expect(periodLength({ start: "2024-05-01", end: "2024-05-01" })).toBe(1);
  });

  it.each([
    ["2025-07-31", "2024-2025", "2024-08-01", "2025-07-31"],
    ["2025-08-01", "2025-2026", "2025-08-01", "2026-07-31"],
    ["2026-01-01", "2025-2026", "2025-08-01", "2026-07-31"],
    ["2024-02-29", "2023-2024", "2023-08-01", "2024-07-31"],
  ])("%s is in school year %s", (date, label, start, end) => {
    expect(schoolYearOf(date)).toEqual({ label, start, end });
  });

  it("names a school year by the year it starts in", () => {
    expect(schoolYear(2025)).toEqual({ label: "2025-2026", start: "2025-08-01", end: "2026-07-31" });
  });
});

describe("Dutch ways of writing a date", () => {
  it.each([
    ["2023-12-04", "4 december 2023", "04-12-2023"],
    ["2024-02-29", "29 februari 2024", "29-02-2024"],
    ["2025-03-01", "1 maart 2025", "01-03-2025"],
    ["2024-10-27", "27 oktober 2024", "27-10-2024"],
  ])("%s is %s, or %s", (date, long, short) => {
    expect(formatDate(date)).toBe(long);
    expect(formatShortDate(date)).toBe(short);
    expect(parseDate(short)).toBe(date);
  });

  it("writes a period, or a single day", () => {
    expect(formatPeriod({ start: "2023-08-01", end: "2023-08-31" })).toBe("1 augustus 2023 tot en met 31 augustus 2023");
    expect(formatPeriod({ start: "2023-08-01", end: "2023-08-01" })).toBe("1 augustus 2023");
  });

  it.each([
    ["2024-10-27T00:30:00Z", "27 oktober 2024 om 02:30"], // summer time
    ["2024-10-27T01:30:00Z", "27 oktober 2024 om 02:30"], // the same clock time again, an hour later
    ["2024-01-15T23:05:00Z", "16 januari 2024 om 00:05"],
  ])("the moment %s reads %s", (moment, text) => {
    expect(formatDateTime(new Date(moment))).toBe(text);
  });

  it.each([
    ["2023-12-04", "2023-12-04"],
    [" 4-12-2023 ", "2023-12-04"],
    ["4/12/2023", "2023-12-04"],
    ["4.12.2023", "2023-12-04"],
    ["29-02-2024", "2024-02-29"],
    ["29-02-2023", null],
    ["31-04-2024", null],
    ["12-31-2023", null], // American order: month 31 does not exist
    ["2023-02-30", null],
    ["4 december 2023", null],
    ["", null],
  ])("reads %j as %s", (text, date) => {
    expect(parseDate(text)).toBe(date);
  });
});
