/**
 * The Dutch school holiday calendar per region, shipped as data in data/school-holidays.yaml
 * (dates as published on rijksoverheid.nl). The timing parser uses it for texts such as
 * "voor de zomervakantie" and "na de herfstvakantie". Reading the file is the only I/O in the
 * timing library; it happens once, on first use.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { InputError, zodProblems } from "../validation.ts";

export const holidayNames = ["herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie", "zomervakantie"] as const;
export type HolidayName = (typeof holidayNames)[number];

/** The three holiday regions; all of Noord-Holland (Kennemerland included) is "noord". */
export const holidayRegions = ["noord", "midden", "zuid"] as const;
export type HolidayRegion = (typeof holidayRegions)[number];
/** The region Koers reads holidays for unless a caller names another. */
export const defaultHolidayRegion: HolidayRegion = "noord";

/** One holiday in one region: `schoolYear` is the first calendar year of its school year (2025 for 2025-2026). */
export interface SchoolHoliday {
  name: HolidayName;
  schoolYear: number;
  region: HolidayRegion;
  /** ISO date, inclusive. */
  start: string;
  /** ISO date, inclusive. */
  end: string;
}

const days = z
  .tuple([z.iso.date(), z.iso.date()])
  .refine(([start, end]) => start <= end, "het begin ligt na het einde");

/** A holiday with its own dates per region, or one set of dates for the whole country. */
const holidaySchema = z.union([
  z.strictObject({ noord: days, midden: days, zuid: days }),
  z.strictObject({ landelijk: days }),
]);

const schoolYearSchema = z
  .strictObject({
    schoolYear: z
      .string()
      .regex(/^\d{4}-\d{4}$/, "schrijf het schooljaar als JJJJ-JJJJ, bijvoorbeeld 2025-2026")
      .refine((value) => Number(value.slice(5)) === Number(value.slice(0, 4)) + 1, "twee opeenvolgende jaren"),
    note: z.string().optional(),
    herfstvakantie: holidaySchema,
    kerstvakantie: holidaySchema,
    voorjaarsvakantie: holidaySchema,
    meivakantie: holidaySchema,
    zomervakantie: holidaySchema,
  })
  .superRefine((entry, ctx) => {
    // Every holiday lies in its own school year: from 1 August to the end of the next summer holiday.
    const first = Number(entry.schoolYear.slice(0, 4));
    for (const name of holidayNames) {
      for (const [region, [start, end]] of Object.entries(entry[name])) {
        if (start < `${first}-08-01` || end > `${first + 1}-09-30`) {
          ctx.addIssue({ code: "custom", path: [name, region], message: `valt niet in schooljaar ${entry.schoolYear}` });
        }
      }
    }
  });

export const schoolHolidaysFileSchema = z
  .strictObject({
    source: z.url(),
    /** Holidays whose dates are advice to schools rather than fixed. */
    advisory: z.array(z.enum(holidayNames)),
    schoolYears: z.array(schoolYearSchema).min(1),
  })
  .superRefine((file, ctx) => {
    file.schoolYears.forEach((entry, i) => {
      const previous = file.schoolYears[i - 1];
      if (previous && Number(entry.schoolYear.slice(0, 4)) !== Number(previous.schoolYear.slice(0, 4)) + 1) {
        ctx.addIssue({ code: "custom", path: ["schoolYears", i, "schoolYear"], message: `volgt niet op ${previous.schoolYear}` });
      }
    });
  });

export type SchoolHolidaysFile = z.infer<typeof schoolHolidaysFileSchema>;

/** The calendar as a flat list, every holiday once per region. */
export interface SchoolHolidayCalendar {
  holidays: SchoolHoliday[];
  /** First years of the school years covered, in order. */
  schoolYears: number[];
}

/** Validates the parsed file and flattens it; throws a ZodError naming the wrong field. */
export function schoolHolidayCalendar(file: unknown): SchoolHolidayCalendar {
  const valid = schoolHolidaysFileSchema.parse(file);
  const holidays: SchoolHoliday[] = [];
  for (const entry of valid.schoolYears) {
    const schoolYear = Number(entry.schoolYear.slice(0, 4));
    for (const name of holidayNames) {
      const dates = entry[name];
      for (const region of holidayRegions) {
        const [start, end] = "landelijk" in dates ? dates.landelijk : dates[region];
        holidays.push({ name, schoolYear, region, start, end });
      }
    }
  }
  return { holidays, schoolYears: valid.schoolYears.map((entry) => Number(entry.schoolYear.slice(0, 4))) };
}

/** data/school-holidays.yaml, from src/lib/timing as well as from the compiled dist/lib/timing. */
export const schoolHolidaysPath = resolve(import.meta.dirname, "../../../data/school-holidays.yaml");

let shipped: SchoolHolidayCalendar | undefined;

/** The calendar shipped with Koers, read and validated once; an InputError names every wrong field. */
export function shippedSchoolHolidays(): SchoolHolidayCalendar {
  if (!shipped) {
    const result = schoolHolidaysFileSchema.safeParse(parse(readFileSync(schoolHolidaysPath, "utf8")));
    if (!result.success) throw new InputError(zodProblems("data/school-holidays.yaml", result.error));
    shipped = schoolHolidayCalendar(result.data);
  }
  return shipped;
}
