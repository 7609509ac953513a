/**
 * What the copy form proposes for next year's plan: the same plan, its years moved on by the
 * length of its period (a school year by one, a plan of three years by three).
 */
import { isIsoDate } from "../../lib/dates.ts";

/** Whole years a period spans, at least one: 2025-08-01 to 2026-07-31 is one, 2022-01-01 to 2024-12-31 three. */
export function yearsSpanned(period: { start: string; end: string }): number {
  if (!isIsoDate(period.start) || !isIsoDate(period.end)) return 1;
  const days = (Date.parse(`${period.end}T00:00:00Z`) - Date.parse(`${period.start}T00:00:00Z`)) / 86_400_000 + 1;
  return Math.max(1, Math.round(days / 365.25));
}

/** The same day `years` later; 29 February becomes 28 February in a year without it. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** Every year (1900-2099) in a text moved on: "schooljaar 2025-2026" → "schooljaar 2026-2027". */
export function moveYears(text: string, years: number): string {
  return text.replace(/\b(19|20)\d{2}\b/g, (y) => String(Number(y) + years));
}

/** Title and period proposed for the copy of a plan. */
export function proposeCopy(plan: { title: string; period: { label: string; start: string; end: string } }) {
  const years = yearsSpanned(plan.period);
  const title = moveYears(plan.title, years);
  return {
    title: title === plan.title ? `${plan.title} (vervolg)` : title,
    period: { label: moveYears(plan.period.label, years), start: addYears(plan.period.start, years), end: addYears(plan.period.end, years) },
  };
}
