/** Reporting periods per cycle, for the shapes of plan period in data/plans. */
import { describe, expect, it } from "vitest";
import { currentPeriod, cycles, isSchoolYearPlan, periodsFor, type Cycle } from "./periods.ts";

const schoolYear = { start: "2025-08-01", end: "2026-07-31" }; // uitvoeringsplan-nk-2025-2026
const calendarYear = { start: "2023-01-01", end: "2023-12-31" }; // jaarplan-ppo-nk-2023
const threeYears = { start: "2022-01-01", end: "2024-12-31" }; // allen-voor-een-2022-2024

const rows = (cycle: Cycle, plan: { start: string; end: string }) => periodsFor(cycle, plan).map((p) => [p.label, p.start, p.end]);

describe("periodsFor", () => {
  it("makes school-year trimesters for a school-year plan", () => {
    expect(rows("trimester", schoolYear)).toEqual([
      ["T1 2025-2026", "2025-08-01", "2025-11-30"],
      ["T2 2025-2026", "2025-12-01", "2026-03-31"],
      ["T3 2025-2026", "2026-04-01", "2026-07-31"],
    ]);
  });

  it("makes calendar trimesters for a calendar-year plan", () => {
    expect(rows("trimester", calendarYear)).toEqual([
      ["T1 2023", "2023-01-01", "2023-04-30"],
      ["T2 2023", "2023-05-01", "2023-08-31"],
      ["T3 2023", "2023-09-01", "2023-12-31"],
    ]);
  });

  it("makes calendar quarters, cut off at the plan's start and end", () => {
    expect(rows("kwartaal", schoolYear)).toEqual([
      ["Q3 2025", "2025-08-01", "2025-09-30"],
      ["Q4 2025", "2025-10-01", "2025-12-31"],
      ["Q1 2026", "2026-01-01", "2026-03-31"],
      ["Q2 2026", "2026-04-01", "2026-06-30"],
      ["Q3 2026", "2026-07-01", "2026-07-31"],
    ]);
  });

  it("makes half years and years of the school year or the calendar", () => {
    expect(rows("halfjaar", schoolYear)).toEqual([
      ["1e helft 2025-2026", "2025-08-01", "2026-01-31"],
      ["2e helft 2025-2026", "2026-02-01", "2026-07-31"],
    ]);
    expect(rows("halfjaar", calendarYear)).toEqual([
      ["1e helft 2023", "2023-01-01", "2023-06-30"],
      ["2e helft 2023", "2023-07-01", "2023-12-31"],
    ]);
    expect(rows("jaar", schoolYear)).toEqual([["schooljaar 2025-2026", "2025-08-01", "2026-07-31"]]);
    expect(rows("jaar", threeYears)).toEqual([
      ["2022", "2022-01-01", "2022-12-31"],
      ["2023", "2023-01-01", "2023-12-31"],
      ["2024", "2024-01-01", "2024-12-31"],
    ]);
  });

  it("covers the plan period without gaps or overlap, for every cycle and plan", () => {
    const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const plan of [schoolYear, calendarYear, threeYears, { start: "2024-03-15", end: "2026-09-10" }]) {
      for (const cycle of cycles) {
        const list = periodsFor(cycle, plan);
        expect(list[0]!.start).toBe(plan.start);
        expect(list.at(-1)!.end).toBe(plan.end);
        list.slice(1).forEach((p, i) => expect(p.start).toBe(dayAfter(list[i]!.end)));
        expect(new Set(list.map((p) => p.label)).size).toBe(list.length);
      }
    }
  });

  it("sees a school year in plans from July-September to June-August", () => {
    expect(isSchoolYearPlan(schoolYear)).toBe(true);
    expect(isSchoolYearPlan({ start: "2025-09-01", end: "2029-08-31" })).toBe(true);
    expect(isSchoolYearPlan(calendarYear)).toBe(false);
    expect(isSchoolYearPlan({ start: "2025-08-01", end: "2025-12-31" })).toBe(false);
  });
});

describe("currentPeriod", () => {
  const list = periodsFor("trimester", calendarYear);
  it("is the period containing today, else the last one ended, else the first", () => {
    expect(currentPeriod(list, "2023-06-15")?.label).toBe("T2 2023");
    expect(currentPeriod(list, "2026-11-27")?.label).toBe("T3 2023");
    expect(currentPeriod(list, "2020-01-01")?.label).toBe("T1 2023");
    expect(currentPeriod([], "2023-06-15")).toBeUndefined();
  });

  it("takes the latest to start when periods overlap", () => {
    const overlapping = [...list, { label: "2023", start: "2023-01-01", end: "2023-12-31" }];
    expect(currentPeriod(overlapping, "2023-06-15")?.label).toBe("T2 2023");
  });
});
