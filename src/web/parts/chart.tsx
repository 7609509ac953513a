/**
 * Charts for Koers' figures, drawn on the server as SVG by Apache ECharts (no script in the page).
 *
 * Each chart is a `<figure>`: a caption with the title and a sentence that says what the chart
 * shows (chart-summary.ts), the picture (one image to assistive technology, named by that
 * caption), and the same numbers as a table. The chart does not depend on colour: every series
 * has its own symbol and dash, values stand on the points and bars, and baseline and target are
 * labelled lines. A missing value (not measured, or withheld because the count is small) is a
 * gap, never a zero; the table shows its text (e.g. "< 5").
 */
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import type * as EChartsCore from "echarts/core";
import { createRequire } from "node:module";
import { raw } from "hono/html";
import { LRUCache } from "lru-cache";
import type { Child } from "hono/jsx";
import { formatMark, formatValue, summariseBars, summariseSeries, type ChartDirection, type ChartMark, type ChartUnit } from "./chart-summary.ts";
import { DataTable } from "./table.tsx";

let loaded: typeof EChartsCore | undefined;
type Parts = [typeof EChartsCore, typeof import("echarts/charts"), typeof import("echarts/components"), typeof import("echarts/renderers")];
const ready = ([core, charts, components, renderers]: Parts) => {
  core.use([charts.LineChart, charts.BarChart, charts.ScatterChart, components.GridComponent, components.LegendComponent, components.MarkLineComponent, renderers.SVGRenderer]);
  return core;
};

/**
 * Loads ECharts before a page with charts is rendered. Pages call it, so that the compiled
 * server takes ECharts from its bundle (tree-shaken, a fraction of the memory of the package's
 * hundreds of files); a page that did not still gets its chart, from the package.
 */
export async function loadCharts(): Promise<void> {
  loaded ??= ready(await Promise.all([import("echarts/core"), import("echarts/charts"), import("echarts/components"), import("echarts/renderers")]));
}

/** ECharts, loaded on the first chart drawn rather than with every page of Koers (it takes a third of a second and tens of megabytes). */
function echarts(): typeof EChartsCore {
  if (!loaded) {
    const load = createRequire(import.meta.url);
    loaded = ready([load("echarts/core"), load("echarts/charts"), load("echarts/components"), load("echarts/renderers")] as Parts);
  }
  return loaded;
}

type Option = ComposeOption<LineSeriesOption | BarSeriesOption | ScatterSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption>;

export interface ChartValue {
  label: string;
  /** `null`: no measurement, or withheld for privacy: a gap in the chart. */
  value: number | null;
  /** What the table shows for a missing value, e.g. "< 5"; "geen meting" when left out. */
  text?: string;
}

export interface LineSeries {
  name: string;
  points: readonly ChartValue[];
}

export interface LineChartProps {
  /** Unique on the page; the caption, the table and the SVG's own ids derive from it. */
  id: string;
  title: string;
  unit: ChartUnit;
  /** Which way is better; the summary then calls a change an improvement or a decline. */
  direction?: ChartDirection;
  series: readonly LineSeries[];
  baseline?: ChartMark;
  target?: ChartMark;
}

export interface BarChartProps {
  id: string;
  title: string;
  unit: ChartUnit;
  /** One bar per breakdown cell (gemeente, school, SWV), for one period. */
  bars: readonly ChartValue[];
}

/** The drawing's own size; CSS scales it to the width of the page. */
const WIDTH = 640;
const LINE_HEIGHT = 320;
const FONT = "system-ui, sans-serif";
const FONT_SIZE = 14;
/** Text on white: 16:1 and 8.6:1 (WCAG AA asks 4.5:1). */
const TEXT = "#1b1b1b";
const MUTED = "#4b4b4b";
/**
 * Series colours, all dark enough for 4.5:1 on white (Rijkshuisstijl's dark blue, ruby, dark
 * green, dark brown, violet). Colour only helps: symbol and dash tell the series apart.
 */
export const SERIES_COLOURS = ["#154273", "#a90061", "#275937", "#673327", "#42145f"] as const;
const SYMBOLS = ["circle", "rect", "triangle", "diamond", "emptyCircle"] as const;
type LineType = NonNullable<NonNullable<LineSeriesOption["lineStyle"]>["type"]>;
const DASHES: readonly LineType[] = ["solid", "dashed", "dotted", [10, 4, 2, 4], [2, 6]];

/**
 * ECharts measures text on the server by a table of character widths; fonts that run wider
 * (DejaVu Sans, Linux' usual system-ui) would be cut at the edges without this margin.
 */
const SLACK = { left: 24, right: 16, top: 4, bottom: 4 };

/** The picture's text: the page's sans-serif at 14 user units or more. */
const text = (extra: Record<string, unknown> = {}) => ({ fontFamily: FONT, fontSize: FONT_SIZE, color: TEXT, ...extra });
/** Text on the plot: a white edge keeps it legible where it crosses a line or a grid line. */
const plotText = (extra: Record<string, unknown> = {}) => text({ textBorderColor: "#ffffff", textBorderWidth: 3, ...extra });

/** Values on the chart itself: "12" rather than "12 dagen" (the table and the summary name the unit). */
function chartValue(value: number, unit: ChartUnit): string {
  return formatValue(value, unit === "dagen" ? "aantal" : unit);
}

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above `value` (> 0). */
function roundUp(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= value - 1e-9) ?? 10;
  return step * power;
}

/**
 * ECharts leaves out a marked line outside the axis, and the axis follows the data only: when a
 * baseline or target lies beyond the data, the axis is stretched to a round number past it.
 */
function axisBounds(values: readonly number[], marks: readonly number[]): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  const dataMax = Math.max(0, ...values);
  const dataMin = Math.min(0, ...values);
  const markMax = Math.max(...marks);
  const markMin = Math.min(...marks);
  if (marks.length && markMax > dataMax) bounds.max = roundUp(markMax);
  if (marks.length && markMin < dataMin) bounds.min = -roundUp(-markMin);
  return bounds;
}

/** Presentation attributes ECharts writes as `style="…"`, which the page's CSP (style-src 'self') would drop. */
const FONT_PROPERTIES = new Set(["font-size", "font-family", "font-style", "font-weight"]);

/**
 * Renders an ECharts option to an SVG string and makes it fit for inline use in a Koers page:
 * - inline `style` attributes become presentation attributes, and the `<style>` element (hover
 *   rules only) goes, since the Content-Security-Policy blocks inline styles;
 * - ECharts' process-wide ids (`zr3-c0`) become ids derived from the chart's id, so that the
 *   same page renders the same way and two charts on a page cannot collide;
 * - ECharts' metadata attributes and hover classes go;
 * - the SVG itself is hidden from assistive technology: its wrapper is the image.
 * ECharts escapes the text it writes (labels, names), so a hostile label stays text.
 */
export function renderSvg(id: string, option: Option, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(option);
    svg = chart.renderToSVGString({ useViewBox: true });
  } finally {
    chart.dispose();
  }
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "")
    .replace(/ style="([^"]*)"/g, (_, css: string) =>
      css
        .split(";")
        .map((declaration) => {
          const colon = declaration.indexOf(":");
          const property = declaration.slice(0, colon).trim().toLowerCase();
          return colon > 0 && FONT_PROPERTIES.has(property) ? ` ${property}="${declaration.slice(colon + 1).trim()}"` : "";
        })
        .join(""),
    )
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, "")
    .replace(/ class="zr\d+-cls-\d+"/g, "")
    .replace(/( id="|url\(#)zr\d+-/g, `$1${id}-svg-`)
    .replace(/^<svg /, '<svg class="koers-chart__svg" aria-hidden="true" focusable="false" ')
    .replace(/\n/g, "");
}

/**
 * Drawings already made, by everything they are drawn from (the chart's props): the same data
 * gives the same picture, so a page shown again, to anyone, does not draw it again. Drawing is
 * most of the work of a plan page with charts.
 */
const drawings = new LRUCache<string, string>({ max: 500 });

function drawnOnce(kind: "line" | "bar", props: LineChartProps | BarChartProps, draw: () => string): string {
  const key = JSON.stringify([kind, props]);
  const kept = drawings.get(key);
  if (kept !== undefined) return kept;
  const svg = draw();
  drawings.set(key, svg);
  return svg;
}

/** A caption sentence: the summary closed with a full stop. */
function sentence(summary: string): string {
  return summary.endsWith(".") ? summary : `${summary}.`;
}

/** Without a single known value there is no picture: the caption says so, the table shows any withheld values. */
function Figure(props: { id: string; title: string; summary: string; svg: string | null; table: Child }) {
  const captionId = `${props.id}-bijschrift`;
  return (
    <figure class="koers-chart" id={props.id}>
      <figcaption class="koers-chart__caption" id={captionId}>
        <span class="koers-chart__title">{props.title}</span>: {sentence(props.summary)}
      </figcaption>
      {props.svg !== null && (
        <div class="koers-chart__image" role="img" aria-labelledby={captionId}>
          {raw(props.svg)}
        </div>
      )}
      {props.table}
    </figure>
  );
}

function cellText(point: ChartValue | undefined, unit: ChartUnit): string {
  if (point && point.value !== null) return formatValue(point.value, unit);
  return point?.text ?? "geen meting";
}

/** Values over time: one line per series, with baseline and target as labelled horizontal lines. */
export function LineChart(props: LineChartProps) {
  const { unit, baseline, target } = props;
  // Formatters are functions: ECharts would read "{b}" or "{c}" in a formatter string as a placeholder.
  // One category per period, in the order the series give them.
  const periods = [...new Set(props.series.flatMap((s) => s.points.map((p) => p.label)))];
  const valueAt = (s: LineSeries, period: string) => s.points.find((p) => p.label === period);
  const several = props.series.length > 1;
  const values = props.series.flatMap((s) => s.points.flatMap((p) => (p.value === null ? [] : [p.value])));
  const marks = [baseline, target].filter((m): m is ChartMark => !!m);

  const markLine: MarkLineComponentOption | undefined = marks.length
    ? {
        silent: true,
        symbol: "none",
        data: [
          ...(baseline
            ? [
                {
                  yAxis: baseline.value,
                  lineStyle: { color: MUTED, type: "dotted" as const, width: 2 },
                  label: { ...plotText(), position: "insideEndBottom" as const, formatter: () => `Nulmeting: ${formatMark(baseline, unit)}` },
                },
              ]
            : []),
          ...(target
            ? [
                {
                  yAxis: target.value,
                  lineStyle: { color: TEXT, type: [8, 4], width: 2 },
                  label: { ...plotText({ fontWeight: "bold" }), position: "insideEndTop" as const, formatter: () => `Doel: ${formatMark(target, unit)}` },
                },
              ]
            : []),
        ],
      }
    : undefined;

  const option: Option = {
    animation: false,
    textStyle: text(),
    color: [...SERIES_COLOURS],
    legend: several ? { top: 0, selectedMode: false, itemWidth: 36, itemGap: 32, textStyle: text() } : { show: false },
    grid: { top: several ? 56 : 32, left: 32, right: 24, bottom: 16, outerBounds: SLACK },
    xAxis: {
      type: "category",
      data: periods,
      boundaryGap: true,
      axisLine: { lineStyle: { color: MUTED } },
      axisTick: { alignWithLabel: true },
      axisLabel: { ...text({ color: MUTED }), interval: 0, width: Math.max(48, (WIDTH - 120) / Math.max(periods.length, 1)), overflow: "break" },
    },
    yAxis: {
      type: "value",
      ...axisBounds(values, marks.map((m) => m.value)),
      axisLabel: { ...text({ color: MUTED }), formatter: (v: number) => chartValue(v, unit) },
      splitLine: { lineStyle: { color: "#d9d9d9" } },
    },
    series: props.series.map((s, i): LineSeriesOption => ({
      type: "line",
      name: s.name,
      data: periods.map((period) => valueAt(s, period)?.value ?? null),
      connectNulls: false,
      showAllSymbol: true,
      symbol: SYMBOLS[i % SYMBOLS.length],
      symbolSize: 10,
      lineStyle: { width: 3, type: DASHES[i % DASHES.length] },
      emphasis: { disabled: true },
      label: {
        show: true,
        position: "top",
        ...plotText(),
        formatter: (p) => (typeof p.value === "number" ? chartValue(p.value, unit) : ""),
      },
      labelLayout: { moveOverlap: "shiftY" },
      ...(i === 0 && markLine ? { markLine } : {}),
    })),
  };
  const svg = values.length ? drawnOnce("line", props, () => renderSvg(props.id, option, WIDTH, LINE_HEIGHT)) : null;

  const summary = several
    ? [
        ...props.series.map((s) => {
          const said = summariseSeries(s.points, unit, props.direction);
          return said === "Nog geen metingen." ? `${s.name}: nog geen metingen` : `${s.name} ${said}`;
        }),
        ...(target ? [`doel: ${formatMark(target, unit)}`] : []),
      ].join("; ")
    : summariseSeries(props.series[0]?.points ?? [], unit, props.direction, target);
  const withBaseline = baseline ? `${summary.replace(/\.$/, "")}; nulmeting: ${formatMark(baseline, unit)}` : summary;

  return (
    <Figure
      id={props.id}
      title={props.title}
      summary={withBaseline}
      svg={svg}
      table={
        periods.length > 0 && (
          <DataTable
            id={`${props.id}-tabel`}
            caption={`${props.title}: de cijfers`}
            rows={periods}
            columns={[
              { label: "Periode", rowHeader: true, cell: (period: string) => period },
              ...props.series.map((s) => ({
                label: s.name,
                numeric: true,
                cell: (period: string) => cellText(valueAt(s, period), unit),
              })),
            ]}
          />
        )
      }
    />
  );
}

/** One bar per breakdown cell for one period; all bars in one colour, the value at the end of each. */
export function BarChart(props: BarChartProps) {
  const { unit, bars } = props;
  const labels = bars.map((b) => b.label);
  const height = Math.max(160, 48 + bars.length * 40);
  const option: Option = {
    animation: false,
    textStyle: text(),
    grid: { top: 16, left: 32, right: 88, bottom: 16, outerBounds: SLACK },
    xAxis: {
      type: "value",
      axisLabel: { ...text({ color: MUTED }), formatter: (v: number) => chartValue(v, unit) },
      splitLine: { lineStyle: { color: "#d9d9d9" } },
    },
    yAxis: {
      type: "category",
      data: labels,
      inverse: true,
      axisLine: { lineStyle: { color: MUTED } },
      axisLabel: { ...text({ color: MUTED }), interval: 0, width: 180, overflow: "break" },
    },
    series: [
      {
        type: "bar",
        name: props.title,
        data: bars.map((b) => b.value),
        barMaxWidth: 28,
        itemStyle: { color: SERIES_COLOURS[0] },
        emphasis: { disabled: true },
        label: { show: true, position: "right", ...plotText(), formatter: (p) => (typeof p.value === "number" ? chartValue(p.value, unit) : "") },
      },
      // A missing value says so where its bar would be ("< 5"), so that it cannot pass for zero.
      {
        type: "scatter",
        name: "zonder getal",
        silent: true,
        symbolSize: 0,
        itemStyle: { color: SERIES_COLOURS[0], opacity: 1 },
        data: bars.flatMap((b, i) => (b.value === null ? [[0, i]] : [])),
        emphasis: { disabled: true },
        label: {
          show: true,
          position: "right",
          ...plotText({ color: MUTED, fontStyle: "italic" }),
          formatter: (p) => {
            const index = Array.isArray(p.value) ? Number(p.value[1]) : -1;
            return bars[index]?.text ?? "geen meting";
          },
        },
      },
    ],
  };
  const svg = bars.some((b) => b.value !== null) ? drawnOnce("bar", props, () => renderSvg(props.id, option, WIDTH, height)) : null;
  return (
    <Figure
      id={props.id}
      title={props.title}
      summary={summariseBars(bars, unit)}
      svg={svg}
      table={
        bars.length > 0 && (
          <DataTable
            id={`${props.id}-tabel`}
            caption={`${props.title}: de cijfers`}
            rows={bars}
            columns={[
              { label: "Onderdeel", rowHeader: true, cell: (b: ChartValue) => b.label },
              { label: "Waarde", numeric: true, cell: (b: ChartValue) => cellText(b, unit) },
            ]}
          />
        )
      }
    />
  );
}
