/**
 * An indicator over time as a line chart, the same on the indicator page, the plan's figures
 * page and beside an item: the whole area when there is a total, else one line per area, at
 * most LINES (every value stays in the data table).
 */
import { groupBy } from "../../lib/group-by.ts";
import { LineChart } from "../../web/parts/chart.tsx";
import type { Mark } from "./schema.ts";
import type { IndicatorView } from "./service.ts";

/** Most lines in one chart: more would not be readable. */
export const LINES = 6;

const chartMark = (mark: Mark | null | undefined) => (mark?.value === undefined ? undefined : { label: mark.label, value: mark.value });

export function overTime(i: IndicatorView) {
  const periods = [...new Set(i.measurements.map((m) => m.label))];
  const byArea = [...groupBy(i.measurements, (m) => m.scope).entries()];
  const onlyTotal = byArea.some(([scope]) => scope === "totaal");
  const shown = onlyTotal ? byArea.filter(([scope]) => scope === "totaal") : byArea.slice(0, LINES);
  const series = shown.map(([, list]) => ({
    name: list[0]!.scopeName,
    points: periods.map((label) => {
      const m = list.find((x) => x.label === label);
      return m ? { label, value: m.value, text: m.display } : { label, value: null, text: "geen meting" };
    }),
  }));
  /** Whether a line shows a change: a number for more than one period. */
  const drawn = i.unit !== "tekst" && series.some((s) => s.points.filter((p) => p.value !== null || p.text !== "geen meting").length > 1);
  return { series, areas: byArea.length, shownAreas: shown.length, onlyTotal, drawn };
}

export function OverTimeChart({ indicator: i, id }: { indicator: IndicatorView; id: string }) {
  const { series, drawn } = overTime(i);
  if (!drawn) return null;
  return (
    <LineChart
      id={id}
      title={`${i.name}: verloop`}
      unit={i.unit as Exclude<IndicatorView["unit"], "tekst">}
      series={series}
      direction={i.direction}
      baseline={chartMark(i.baseline)}
      target={chartMark(i.targets.findLast((t) => t.value !== undefined))}
    />
  );
}
