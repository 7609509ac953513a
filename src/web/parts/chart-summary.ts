/**
 * Numbers and one-sentence summaries in Dutch for Koers' charts (src/web/parts/chart.tsx).
 *
 * The sentence says in words what the chart shows (first and last known value, the target), so
 * that a reader who cannot see the chart, or cannot tell its lines apart, gets the point of it.
 */

export type ChartUnit = "aantal" | "percentage" | "euro" | "dagen" | "score";
/** Which way is better: lower (thuiszitters), higher, or neither. */
export type ChartDirection = "lager" | "hoger" | "geen";

export interface ChartPoint {
  /** The period or peildatum, as the reader knows it: "2021", "1 oktober 2024", "schooljaar 2023-2024". */
  label: string;
  /** `null`: no measurement, or withheld (a small count about children). */
  value: number | null;
}

/** A baseline (nulmeting) or target (doel): one value for one period. */
export interface ChartMark {
  label: string;
  value: number;
}

const number = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });
const cents = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A value with its unit: "12", "1,96%" (a percentage is given in percent: 1.96 means 1,96%),
 * "€ 1.234", "€ 12,50", "12 dagen", "1 dag".
 */
export function formatValue(value: number, unit: ChartUnit): string {
  switch (unit) {
    case "percentage":
      return `${number.format(value)}%`;
    case "euro":
      return `€ ${Number.isInteger(value) ? number.format(value) : cents.format(value)}`;
    case "dagen":
      return `${number.format(value)} ${value === 1 ? "dag" : "dagen"}`;
    case "aantal":
    case "score":
      return number.format(value);
  }
}

/** "in 2021", "op 1 oktober 2024" (a label that starts with a day of the month is a date); "" without a label. */
function when(label: string): string {
  const text = label.trim();
  if (!text) return "";
  return /^\d{1,2}[ \-/]/.test(text) ? ` op ${text}` : ` in ${text}`;
}

/** A value at a moment: "0 in 2024", "12 op 1 oktober 2024", "12" when the label is empty. */
export function formatMark(mark: ChartMark, unit: ChartUnit): string {
  return `${formatValue(mark.value, unit)}${when(mark.label)}`;
}

/**
 * How one series went, from its first known value to its last: "daalde van 1,96% in 2021 naar
 * 0,58% in 2022", "steeg van 16 naar 20", "bleef 12 van 2021 tot en met 2023", "was 12 in 2021"
 * (one measurement), or "Nog geen metingen.". With a direction, a rise or fall is called an
 * improvement or a decline; with a target, "; doel: 0 in 2024" follows. Points without a value
 * (gaps, withheld counts) are skipped.
 */
export function summariseSeries(
  points: readonly ChartPoint[],
  unit: ChartUnit,
  direction?: ChartDirection,
  target?: ChartMark,
): string {
  const known = points.filter((p): p is ChartPoint & { value: number } => p.value !== null && Number.isFinite(p.value));
  const goal = target ? `; doel: ${formatMark(target, unit)}` : "";
  const first = known[0];
  const last = known.at(-1);
  if (!first || !last) return target ? `Nog geen metingen${goal}.` : "Nog geen metingen.";
  const at = (p: ChartPoint & { value: number }) => formatMark(p, unit);
  if (known.length === 1) return `was ${at(first)}${goal}`;
  if (first.value === last.value) {
    if (known.every((p) => p.value === first.value)) {
      const span = first.label.trim() && last.label.trim() ? ` van ${first.label.trim()} tot en met ${last.label.trim()}` : "";
      return `bleef ${formatValue(first.value, unit)}${span}${goal}`;
    }
    return `was ${at(first)} en weer ${at(last)}${goal}`;
  }
  const rose = last.value > first.value;
  const verdict =
    direction === "lager" || direction === "hoger"
      ? rose === (direction === "hoger")
        ? ", een verbetering"
        : ", een verslechtering"
      : "";
  return `${rose ? "steeg" : "daalde"} van ${at(first)} naar ${at(last)}${verdict}${goal}`;
}

/** "A", "A en B", "A, B en C". */
function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} en ${names.at(-1)}`;
}

/**
 * The highest and lowest of a breakdown for one period: "hoogste: Haarlem met 20; laagste: Velsen
 * met 3; voor 2 geen getal", "overal 12", "Haarlem: 20", or "Nog geen metingen.".
 */
export function summariseBars(bars: readonly ChartPoint[], unit: ChartUnit): string {
  const known = bars.filter((b): b is ChartPoint & { value: number } => b.value !== null && Number.isFinite(b.value));
  const missing = bars.length - known.length;
  const withoutNumber = missing > 0 ? `; voor ${missing} geen getal` : "";
  const first = known[0];
  if (!first) return "Nog geen metingen.";
  if (known.length === 1) return `${first.label}: ${formatValue(first.value, unit)}${withoutNumber}`;
  const values = known.map((b) => b.value);
  const max = Math.max(...values);
  const min = Math.min(...values);
  if (max === min) return `overal ${formatValue(max, unit)}${withoutNumber}`;
  const named = (value: number) => `${list(known.filter((b) => b.value === value).map((b) => b.label))} met ${formatValue(value, unit)}`;
  return `hoogste: ${named(max)}; laagste: ${named(min)}${withoutNumber}`;
}
