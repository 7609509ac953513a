/**
 * Reporting periods of a plan for a reporting cycle. Pure: no clock, no database.
 *
 * A plan shaped like a school year (it starts in July-September and ends in
 * June-August, over one or more years) reports in school years of 1 August to
 * 31 July; any other plan in calendar years. Per cycle:
 *   trimester  school year: T1 August-November, T2 December-March, T3 April-July,
 *              labelled "T1 2025-2026"; calendar year: January-April, May-August,
 *              September-December, labelled "T1 2023";
 *   kwartaal   always calendar quarters, "Q3 2025" (July-September 2025), the way
 *              the plans and the "wanneer" texts write them;
 *   halfjaar   school year: August-January and February-July, "1e helft 2025-2026";
 *              calendar year: "1e helft 2026" (January-June), "2e helft 2026";
 *   jaar       school year: "schooljaar 2025-2026"; calendar year: "2025".
 * Every period that overlaps the plan period is made; the first and last are cut
 * off at the plan's start and end (a school-year plan per kwartaal starts with
 * "Q3 2025" from 1 August to 30 September).
 */

import { daysInMonth, isoDate as iso, monthOf, yearOf } from "../../lib/dates.ts";

export const cycles = ["trimester", "kwartaal", "halfjaar", "jaar"] as const;
export type Cycle = (typeof cycles)[number];

export const cycleLabels: Record<Cycle, string> = {
  trimester: "Per trimester (drie keer per jaar)",
  kwartaal: "Per kwartaal (vier keer per jaar)",
  halfjaar: "Per half jaar",
  jaar: "Per jaar",
};

export function isCycle(value: unknown): value is Cycle {
  return typeof value === "string" && (cycles as readonly string[]).includes(value);
}

export interface PeriodDraft {
  label: string;
  start: string;
  end: string;
}


/** A plan period that runs over school years: starts July-September, ends June-August. */
export function isSchoolYearPlan(plan: { start: string; end: string }): boolean {
  const [from, to] = [monthOf(plan.start), monthOf(plan.end)];
  return yearOf(plan.end) > yearOf(plan.start) && from >= 7 && from <= 9 && to >= 6 && to <= 8;
}

const ordinal = ["1e", "2e"];

/** The reporting periods of a plan for a cycle, in order. */
export function periodsFor(cycle: Cycle, plan: { start: string; end: string }): PeriodDraft[] {
  const school = cycle !== "kwartaal" && isSchoolYearPlan(plan);
  const firstMonth = school ? 8 : 1;
  const length = { trimester: 4, kwartaal: 3, halfjaar: 6, jaar: 12 }[cycle];
  const perYear = 12 / length;
  let year = yearOf(plan.start) - (monthOf(plan.start) < firstMonth ? 1 : 0);
  const periods: PeriodDraft[] = [];
  for (; ; year++) {
    for (let n = 1; n <= perYear; n++) {
      const from = firstMonth + (n - 1) * length; // may pass 12: the next calendar year
      const to = from + length - 1;
      const start = iso(year + Math.floor((from - 1) / 12), ((from - 1) % 12) + 1, 1);
      const endYear = year + Math.floor((to - 1) / 12);
      const endMonth = ((to - 1) % 12) + 1;
      const end = iso(endYear, endMonth, daysInMonth(endYear, endMonth));
      if (start > plan.end) return periods;
      if (end < plan.start) continue;
      const span = school ? `${year}-${year + 1}` : String(year);
      const label = {
        trimester: `T${n} ${span}`,
        kwartaal: `Q${n} ${span}`,
        halfjaar: `${ordinal[n - 1]} helft ${span}`,
        jaar: school ? `schooljaar ${span}` : span,
      }[cycle];
      periods.push({ label, start: start < plan.start ? plan.start : start, end: end > plan.end ? plan.end : end });
    }
  }
}

/**
 * The period to show when none is asked for: the one that contains today (the
 * latest to start, when periods overlap), else the last one that has ended, else
 * the first.
 */
export function currentPeriod<P extends { start: string; end: string }>(periods: readonly P[], today: string): P | undefined {
  const byStart = [...periods].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return (
    byStart.filter((p) => p.start <= today && today <= p.end).at(-1) ??
    byStart.filter((p) => p.end < today).sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0)).at(-1) ??
    byStart[0]
  );
}
