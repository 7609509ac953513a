/**
 * An indicator's course over time as a picture for a Word document: the same chart the pages
 * draw (figures/over-time.tsx, drawn by ECharts as SVG), turned into a PNG by resvg at twice
 * its size, so that it prints sharp. resvg is loaded with the first chart, not with the server.
 */
import type { IndicatorView } from "../../figures/service.ts";

export interface ChartImage {
  png: Uint8Array;
  /** The size the picture has on the page, in pixels at 96 per inch. */
  width: number;
  height: number;
}

/** How much larger than its drawing the picture is rendered: print quality. */
const SCALE = 2;
/** The width on an A4 page within its margins, in pixels at 96 per inch. */
const PAGE_WIDTH = 600;

/** The chart as an SVG string, or null when there is nothing to draw (one period, or a qualitative indicator). */
export async function indicatorChartSvg(indicator: IndicatorView): Promise<string | null> {
  const [{ loadCharts }, { OverTimeChart }] = await Promise.all([import("../../../web/parts/chart.tsx"), import("../../figures/over-time.tsx")]);
  await loadCharts();
  const figure = OverTimeChart({ indicator, id: `grafiek-${indicator.slug}` });
  if (!figure) return null;
  const html = await figure.toString();
  return /<svg\b[\s\S]*?<\/svg>/.exec(html)?.[0] ?? null;
}

export async function svgToPng(svg: string): Promise<ChartImage> {
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: SCALE },
    background: "#ffffff",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  const image = resvg.render();
  const png = image.asPng();
  const width = Math.min(PAGE_WIDTH, image.width / SCALE);
  return { png: new Uint8Array(png), width, height: Math.round((image.height / image.width) * width) };
}

export async function indicatorChart(indicator: IndicatorView): Promise<ChartImage | null> {
  const svg = await indicatorChartSvg(indicator);
  return svg ? svgToPng(svg) : null;
}
