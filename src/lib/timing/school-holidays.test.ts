/**
 * The shipped school holiday calendar (data/school-holidays.yaml): its schema, the plausibility
 * of every date, a few dates compared with the ministry's published tables, and how the timing
 * parser uses the calendar and the region.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  holidayNames,
  holidayRegions,
  schoolHolidayCalendar,
  schoolHolidaysFileSchema,
  schoolHolidaysPath,
  shippedSchoolHolidays,
  type SchoolHolidaysFile,
} from "./school-holidays.ts";
import { parseWhen } from "./timing.ts";

const raw = (): SchoolHolidaysFile => parse(readFileSync(schoolHolidaysPath, "utf8")) as SchoolHolidaysFile;
const calendar = shippedSchoolHolidays();
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay(); // 0 = Sunday, 6 = Saturday
const length = (start: string, end: string) => (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;

describe("data/school-holidays.yaml", () => {
  it("validates against the schema", () => {
    expect(schoolHolidaysFileSchema.safeParse(raw()).success).toBe(true);
  });

  it("covers the school years 2019-2020 through 2027-2028 without gaps", () => {
    expect(calendar.schoolYears[0]).toBeLessThanOrEqual(2019);
    expect(calendar.schoolYears.at(-1)).toBeGreaterThanOrEqual(2027);
    calendar.schoolYears.forEach((year, i) => i > 0 && expect(year).toBe(calendar.schoolYears[i - 1]! + 1));
  });

  it("has all five holidays in every region for every school year, each starting no later than it ends", () => {
    for (const schoolYear of calendar.schoolYears) {
      for (const name of holidayNames) {
        for (const region of holidayRegions) {
          const found = calendar.holidays.filter((h) => h.schoolYear === schoolYear && h.name === name && h.region === region);
          expect(found, `${schoolYear} ${name} ${region}`).toHaveLength(1);
          expect(found[0]!.start <= found[0]!.end, `${schoolYear} ${name} ${region}`).toBe(true);
        }
      }
    }
  });

  // Holidays run from a Saturday to a Sunday and last 9 days, or 16 (Christmas), or 44 (summer).
  const weeks = { herfstvakantie: 9, kerstvakantie: 16, voorjaarsvakantie: 9, meivakantie: 9, zomervakantie: 44 };
  const months = { herfstvakantie: ["10"], kerstvakantie: ["12"], voorjaarsvakantie: ["02"], meivakantie: ["04", "05"], zomervakantie: ["07"] };

  it.each(calendar.holidays.map((h) => [`${h.schoolYear} ${h.name} ${h.region}`, h] as const))("%s: Saturday to Sunday, usual length and month", (_, h) => {
    expect(weekday(h.start)).toBe(6);
    expect(weekday(h.end)).toBe(0);
    expect(length(h.start, h.end)).toBe(weeks[h.name]);
    expect(months[h.name]).toContain(h.start.slice(5, 7));
  });

  it("gives every region its own summer holiday weeks, and one Christmas and May holiday to the whole country", () => {
    for (const schoolYear of calendar.schoolYears) {
      const starts = (name: string) => new Set(calendar.holidays.filter((h) => h.schoolYear === schoolYear && h.name === name).map((h) => h.start));
      expect(starts("zomervakantie").size, String(schoolYear)).toBe(3);
      expect(starts("kerstvakantie").size, String(schoolYear)).toBe(1);
      expect(starts("meivakantie").size, String(schoolYear)).toBe(1);
    }
  });

  // Compared by hand with rijksoverheid.nl, "Overzicht schoolvakanties 2024-2025" and "2027-2028".
  it.each([
    ["herfstvakantie", "noord", 2024, "2024-10-26", "2024-11-03"],
    ["voorjaarsvakantie", "midden", 2024, "2025-02-22", "2025-03-02"],
    ["zomervakantie", "zuid", 2024, "2025-07-05", "2025-08-17"],
    ["herfstvakantie", "zuid", 2027, "2027-10-23", "2027-10-31"],
    ["kerstvakantie", "noord", 2027, "2027-12-25", "2028-01-09"],
    ["zomervakantie", "noord", 2027, "2028-07-15", "2028-08-27"],
  ] as const)("%s %s of school year %i is %s to %s as published", (name, region, schoolYear, start, end) => {
    expect(calendar.holidays.find((h) => h.name === name && h.region === region && h.schoolYear === schoolYear)).toMatchObject({ start, end });
  });

  it("marks the herfst- and voorjaarsvakantie as advisory", () => {
    expect(raw().advisory.sort()).toEqual(["herfstvakantie", "voorjaarsvakantie"]);
  });
});

describe("the schema refuses a broken calendar", () => {
  const firstYear = () => structuredClone(raw().schoolYears[0]!) as Record<string, unknown>;
  const withYear = (entry: unknown, more: unknown[] = []) => ({ ...raw(), schoolYears: [entry, ...more] });

  it.each([
    ["a missing holiday", () => {
      const entry = firstYear();
      delete entry.meivakantie;
      return withYear(entry);
    }, "meivakantie"],
    ["a holiday that ends before it starts", () => withYear({ ...firstYear(), meivakantie: { landelijk: ["2020-05-03", "2020-04-25"] } }), "meivakantie"],
    ["a missing region", () => withYear({ ...firstYear(), zomervakantie: { noord: ["2020-07-04", "2020-08-16"], midden: ["2020-07-18", "2020-08-30"] } }), "zomervakantie"],
    ["a date that does not exist", () => withYear({ ...firstYear(), meivakantie: { landelijk: ["2020-04-31", "2020-05-03"] } }), "meivakantie"],
    ["a holiday outside its school year", () => withYear({ ...firstYear(), meivakantie: { landelijk: ["2021-04-24", "2021-05-02"] } }), "meivakantie"],
    ["an unknown holiday", () => withYear({ ...firstYear(), paasvakantie: { landelijk: ["2020-04-10", "2020-04-13"] } }), "paasvakantie"],
    ["a school year of two years apart", () => withYear({ ...firstYear(), schoolYear: "2019-2021" }), "schoolYear"],
    ["school years with a gap", () => withYear(firstYear(), [structuredClone(raw().schoolYears[2])]), "schoolYears"],
  ])("%s", (_, broken, path) => {
    const result = schoolHolidaysFileSchema.safeParse(broken());
    expect(result.success).toBe(false);
    // An unknown key is reported on the object, with the key named in `keys`.
    const where = result.error!.issues.map((issue) => [...issue.path, ...("keys" in issue ? issue.keys : [])].join("."));
    expect(where).toEqual(expect.arrayContaining([expect.stringContaining(path)]));
  });
});

describe("parseWhen and the holiday calendar", () => {
  const schoolYear = { start: "2025-08-01", end: "2026-07-31" };

  it("reads holidays for region noord unless told otherwise", () => {
    expect(parseWhen("voor de zomervakantie", schoolYear)).toEqual(parseWhen("voor de zomervakantie", schoolYear, { region: "noord" }));
  });

  it.each([
    ["noord", "2026-07-03", "2025-10-18"],
    ["midden", "2026-07-17", "2025-10-18"],
    ["zuid", "2026-07-10", "2025-10-11"],
  ] as const)("uses the dates of region %s", (region, dayBeforeSummer, autumnStart) => {
    expect(parseWhen("voor de zomervakantie", schoolYear, { region })).toMatchObject({ kind: "deadline", end: dayBeforeSummer });
    expect(parseWhen("herfstvakantie", schoolYear, { region })).toMatchObject({ kind: "period", start: autumnStart });
    expect(parseWhen("kerstvakantie", schoolYear, { region })).toMatchObject({ start: "2025-12-20", end: "2026-01-04" });
  });

  it("takes the dates from the calendar it is given, not from constants", () => {
    const file = raw();
    const moved = structuredClone(file);
    const year = moved.schoolYears.find((entry) => entry.schoolYear === "2025-2026")!;
    year.zomervakantie = { landelijk: ["2026-06-27", "2026-08-09"] };
    const holidays = schoolHolidayCalendar(moved);
    expect(parseWhen("voor de zomervakantie", schoolYear, { holidays })).toMatchObject({ kind: "deadline", end: "2026-06-26" });
    expect(parseWhen("in de zomervakantie", { start: "2026-01-01", end: "2026-12-31" }, { holidays, region: "zuid" })).toMatchObject({
      start: "2026-06-27",
      end: "2026-08-09",
    });
  });

  it("refuses an unknown region", () => {
    expect(() => parseWhen("2025", schoolYear, { region: "oost" as never })).toThrow(RangeError);
  });
});
