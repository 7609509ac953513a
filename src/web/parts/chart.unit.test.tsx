/** Charts rendered on the server: figure, caption, SVG and table, and what the SVG may not contain. */
import { describe, expect, it } from "vitest";
import { BarChart, LineChart, SERIES_COLOURS, type ChartValue } from "./chart.tsx";

const render = (node: unknown) => String(node);
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

const svgOf = (html: string) => html.match(/<svg[\s\S]*<\/svg>/)?.[0] ?? "";
/** The SVG's texts, optionally only those in one colour. */
const texts = (svg: string, fill?: string) =>
  [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].filter((m) => !fill || m[1]!.includes(`fill="${fill}"`)).map((m) => unescape(m[2]!));
/** Rows of the data table, each as its cells' text. */
const tableRows = (html: string) =>
  [...(html.match(/<tbody[\s\S]*<\/tbody>/)?.[0] ?? "").matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => unescape(cell[1]!.replace(/<[^>]+>/g, ""))),
  );
/** The lines drawn for series: unfilled paths with the series' width. */
const seriesLines = (svg: string) => [...svg.matchAll(/<path d="([^"]*)" fill="none"[^>]*stroke-width="3"[^>]*>/g)].map((m) => ({ d: m[1]!, tag: m[0] }));

/** WCAG's contrast ratio of a colour against white. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

/** What every chart's SVG must be, whatever its data. */
function expectSafeSvg(svg: string) {
  expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/\son[a-z]+\s*=/i); // event handlers
  expect(svg).not.toMatch(/href|<image|<foreignObject|<use\b/i); // external or embedded references
  expect(svg.match(/url\([^)]*\)/g)?.every((u) => u.startsWith("url(#")) ?? true).toBe(true);
  // The page's CSP allows no inline styles: fonts must come as attributes.
  expect(svg).not.toMatch(/<style|\sstyle=/);
  const sizes = [...svg.matchAll(/font-size="(\d+)/g)].map((m) => Number(m[1]));
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
  for (const [, colour] of svg.matchAll(/<text[^>]* fill="(#[0-9a-f]{6})"/gi)) expect(contrastOnWhite(colour!)).toBeGreaterThanOrEqual(4.5);
}

describe("LineChart", () => {
  const points: ChartValue[] = [
    { label: "1 oktober 2023", value: 16 },
    { label: "1 februari 2024", value: null, text: "< 5" },
    { label: "1 juni 2024", value: 20 },
    { label: "1 oktober 2024", value: 12 },
  ];
  const html = render(
    <LineChart
      id="thuiszitters"
      title="Thuiszitters in de regio"
      unit="aantal"
      direction="lager"
      series={[{ name: "Noord-Kennemerland", points }]}
      baseline={{ label: "2019", value: 18 }}
      target={{ label: "2026", value: 30 }}
    />,
  );
  const svg = svgOf(html);

  it("is a figure with a caption that names the chart and says what it shows", () => {
    expect(html).toMatch(/^<figure class="koers-chart" id="thuiszitters">/);
    const caption = html.match(/<figcaption[^>]*id="([^"]+)"[^>]*>([\s\S]*?)<\/figcaption>/);
    expect(caption?.[2]?.replace(/<[^>]+>/g, "")).toBe(
      "Thuiszitters in de regio: daalde van 16 op 1 oktober 2023 naar 12 op 1 oktober 2024, een verbetering; doel: 30 in 2026; nulmeting: 18 in 2019.",
    );
    // The picture is one image, named by the caption.
    expect(html).toContain(`<div class="koers-chart__image" role="img" aria-labelledby="${caption?.[1]}"><svg `);
    expect(svg).toContain('aria-hidden="true"');
  });

  it("labels every measured point with its value, and a missing one not at all", () => {
    const labels = texts(svg, "#1b1b1b");
    expect(labels.sort()).toEqual(["12", "16", "20", "Doel: 30 in 2026", "Nulmeting: 18 in 2019"].sort());
    expect(texts(svg)).toEqual(expect.arrayContaining(points.map((p) => p.label)));
  });

  it("leaves a gap for a missing value instead of drawing it at zero", () => {
    const [line, ...others] = seriesLines(svg);
    expect(others).toEqual([]);
    // Two runs: the first point alone, then the last two (a line through zero would be one run).
    expect(line!.d.match(/M/g)).toHaveLength(2);
    expect(line!.d.match(/L/g)).toHaveLength(1);
  });

  it("draws baseline and target even when they lie beyond the data", () => {
    // The data reach 20 and the target is 30: the axis goes up to it.
    expect(texts(svg)).toEqual(expect.arrayContaining(["Doel: 30 in 2026", "Nulmeting: 18 in 2019", "30"]));
  });

  it("shows the numbers as a table, with the text of a withheld value", () => {
    expect(html).toContain('<caption class="utrecht-table__caption koers-caption" id="thuiszitters-tabel-titel">Thuiszitters in de regio: de cijfers</caption>');
    expect(tableRows(html)).toEqual([
      ["1 oktober 2023", "16"],
      ["1 februari 2024", "< 5"],
      ["1 juni 2024", "20"],
      ["1 oktober 2024", "12"],
    ]);
  });

  it("is safe to put in a page and readable in it", () => {
    expectSafeSvg(svg);
  });

  it("renders the same props the same way, with ids of its own", () => {
    const again = render(<LineChart id="thuiszitters" title="Thuiszitters in de regio" unit="aantal" direction="lager" series={[{ name: "Noord-Kennemerland", points }]} baseline={{ label: "2019", value: 18 }} target={{ label: "2026", value: 30 }} />);
    expect(again).toBe(html);
    const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id.startsWith("thuiszitters-svg-")).toBe(true);
    const other = svgOf(render(<LineChart id="verzuim" title="Verzuim" unit="aantal" series={[{ name: "A", points }]} />));
    expect(other).toMatch(/ id="verzuim-svg-/);
  });

  it("tells several series apart by symbol, dash and legend, not by colour alone", () => {
    const two = render(
      <LineChart
        id="twee"
        title="Thuiszitters per SWV"
        unit="aantal"
        series={[
          { name: "SWV Noord", points: [{ label: "2022", value: 10 }, { label: "2023", value: 8 }] },
          { name: "SWV Zuid", points: [{ label: "2022", value: 4 }, { label: "2023", value: 6 }] },
        ]}
      />,
    );
    const twoSvg = svgOf(two);
    const lines = seriesLines(twoSvg);
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => /stroke-dasharray/.test(l.tag))).toEqual([false, true]);
    // The symbols: circles (arcs) for the first series, squares for the second.
    expect(twoSvg).toMatch(new RegExp(`<path d="M1 0A[^"]*"[^>]*fill="${SERIES_COLOURS[0]}"`));
    expect(twoSvg).toMatch(new RegExp(`<path d="M-1 -1l2 0l0 2l-2 0Z"[^>]*fill="${SERIES_COLOURS[1]}"`));
    expect(texts(twoSvg)).toEqual(expect.arrayContaining(["SWV Noord", "SWV Zuid"]));
    expect(two).toContain("Thuiszitters per SWV</span>: SWV Noord daalde van 10 in 2022 naar 8 in 2023; SWV Zuid steeg van 4 in 2022 naar 6 in 2023.");
    expect(tableRows(two)).toEqual([
      ["2022", "10", "4"],
      ["2023", "8", "6"],
    ]);
    // One series needs no legend: its name is not in the picture.
    expect(texts(svg)).not.toContain("Noord-Kennemerland");
  });

  it("keeps hostile labels as text", () => {
    const hostile = '<script>alert("x")</script>';
    const out = render(
      <LineChart
        id="kwaad"
        title={hostile}
        unit="aantal"
        series={[
          { name: hostile, points: [{ label: hostile, value: 1 }, { label: "2024", value: 2 }] },
          { name: "B", points: [{ label: hostile, value: 3 }] },
        ]}
        target={{ label: hostile, value: 5 }}
        baseline={{ label: "{a} {b} {c}", value: 4 }}
      />,
    );
    expect(out).not.toMatch(/<script/i);
    const outSvg = svgOf(out);
    // Braces are no placeholders either.
    expect(texts(outSvg)).toEqual(expect.arrayContaining([hostile, `Doel: 5 in ${hostile}`, "Nulmeting: 4 in {a} {b} {c}"]));
    expectSafeSvg(outSvg);
  });

  it("says so when there is nothing to show, without an empty picture", () => {
    const empty = render(<LineChart id="leeg" title="Nieuwe indicator" unit="percentage" series={[{ name: "Regio", points: [] }]} />);
    expect(empty).toBe(
      '<figure class="koers-chart" id="leeg"><figcaption class="koers-chart__caption" id="leeg-bijschrift"><span class="koers-chart__title">Nieuwe indicator</span>: Nog geen metingen.</figcaption></figure>',
    );
    const withheld = render(<LineChart id="klein" title="Thuiszitters" unit="aantal" series={[{ name: "Regio", points: [{ label: "2024", value: null, text: "< 5" }] }]} />);
    expect(withheld).not.toContain("<svg");
    expect(withheld).toContain("Thuiszitters</span>: Nog geen metingen.");
    expect(tableRows(withheld)).toEqual([["2024", "< 5"]]);
  });
});

describe("BarChart", () => {
  const bars: ChartValue[] = [
    { label: "Alkmaar", value: 1.96 },
    { label: "Den Helder", value: null, text: "< 5" },
    { label: "Heerhugowaard", value: 0 },
    { label: "Hollands Kroon", value: 3.2 },
    { label: "Schagen", value: null },
  ];
  const html = render(<BarChart id="per-gemeente" title="Verwijzingen per gemeente, 2024" unit="percentage" bars={bars} />);
  const svg = svgOf(html);

  it("is a figure with a caption naming highest and lowest", () => {
    expect(html).toContain(
      '<figcaption class="koers-chart__caption" id="per-gemeente-bijschrift"><span class="koers-chart__title">Verwijzingen per gemeente, 2024</span>: hoogste: Hollands Kroon met 3,2%; laagste: Heerhugowaard met 0%; voor 2 geen getal.</figcaption>',
    );
    expect(html).toContain('role="img" aria-labelledby="per-gemeente-bijschrift"');
  });

  it("draws one bar per measured cell, all in one colour, with its value on it", () => {
    const barPaths = svg.match(/<path d="M[^"]*Z" fill="#[0-9a-f]{6}"/gi) ?? [];
    // A measured zero is a bar too (of no length); the two missing cells have none.
    expect(barPaths).toHaveLength(3);
    expect(new Set(barPaths.map((p) => p.match(/fill="([^"]+)"/)![1]))).toEqual(new Set([SERIES_COLOURS[0]]));
    expect(texts(svg, "#1b1b1b").sort()).toEqual(["0%", "1,96%", "3,2%"]);
    expect(texts(svg)).toEqual(expect.arrayContaining(bars.map((b) => b.label)));
  });

  it("marks a missing value where its bar would be, never as zero", () => {
    expect(texts(svg).filter((t) => t === "< 5" || t === "geen meting").sort()).toEqual(["< 5", "geen meting"]);
    expect(tableRows(html)).toEqual([
      ["Alkmaar", "1,96%"],
      ["Den Helder", "< 5"],
      ["Heerhugowaard", "0%"],
      ["Hollands Kroon", "3,2%"],
      ["Schagen", "geen meting"],
    ]);
  });

  it("is safe to put in a page and readable in it, hostile labels included", () => {
    expectSafeSvg(svg);
    const out = render(<BarChart id="kwaad" title="x" unit="aantal" bars={[{ label: '"><img src=x onerror=alert(1)>', value: 3 }]} />);
    expect(out).not.toMatch(/<img/i);
    // A long label is broken over two lines of text.
    expect(texts(svgOf(out)).join("")).toContain('"><img src=x onerror=alert(1)>');
    expectSafeSvg(svgOf(out));
  });
});

describe("drawing a chart once", () => {
  const props = (value: number) => ({
    id: "herhaald",
    title: "Verzuim",
    unit: "aantal" as const,
    series: [{ name: "Regio", points: [{ label: "2024", value: 10 }, { label: "2025", value }] }],
  });

  it("gives the same picture for the same data, and a new one as soon as the data differs", () => {
    const first = svgOf(render(LineChart(props(12))));
    expect(svgOf(render(LineChart(props(12))))).toBe(first);
    const other = svgOf(render(LineChart(props(30))));
    expect(other).not.toBe(first);
    expect(texts(other)).toContain("30");
    expect(svgOf(render(LineChart({ ...props(12), id: "ander" })))).toContain('id="ander-svg-');
  });
});
