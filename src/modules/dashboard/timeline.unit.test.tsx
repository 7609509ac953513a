/** The timeline as data, as SVG and as a table. */
import { describe, expect, it } from "vitest";
import { visibleText } from "../../../test/helpers/html.ts";
import { progressOf, type Spec } from "../monitoring/test-progress.ts";
import { scale, Timeline, timelineData, TimelineSvg } from "./timeline.tsx";

const specs: Spec[] = [
  { id: 1, effective: "aandacht-nodig", own: false },
  { id: 11, parent: 1, when: "februari-maart 2026", effective: "op-koers" },
  { id: 12, parent: 1, when: "nader te bepalen" },
  { id: 13, parent: 1, when: "Evaluatie Q2 2026; oplevering 1 oktober 2026", effective: "aandacht-nodig" },
  { id: 2 },
  { id: 21, parent: 2, when: "de komende maanden" },
  { id: 3, when: "doorlopend", effective: "achter-op-planning" },
  { id: 31, parent: 3 },
  { id: 32, parent: 3, when: "vanaf september 2026" },
];

const render = (node: unknown) => String(node);

describe("the timeline's data", () => {
  it("groups rows by top-level item and leaves out groups with nothing to place", () => {
    const data = timelineData(progressOf(specs));
    expect(data.rows.map((r) => [r.entry.item.id, r.group, r.placed])).toEqual([
      [1, true, false],
      [11, false, true],
      [13, false, true],
      [3, true, true],
      [32, false, true],
    ]);
    expect(data.unplaced.map((e) => [e.item.id, e.item.when!.kind])).toEqual([
      [12, "undecided"],
      [21, "unreadable"],
    ]);
  });

  it("uses the reporting periods as columns, or calendar quarters when there are none", () => {
    expect(timelineData(progressOf(specs)).columns.map((c) => c.label)).toEqual(["T1 2026", "T2 2026", "T3 2026"]);
    const quarters = timelineData({ ...progressOf(specs, null), periods: [] });
    expect(quarters.columnsAreQuarters).toBe(true);
    expect(quarters.columns.map((c) => c.label)).toEqual(["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]);
  });

  it("spans the plan period, widened to an item planned outside it", () => {
    expect(timelineData(progressOf(specs))).toMatchObject({ start: "2026-01-01", end: "2026-12-31" });
    expect(timelineData(progressOf([{ id: 1, when: "evaluatie januari 2027" }]))).toMatchObject({ start: "2026-01-01", end: "2027-01-31" });
  });

  it("places a day where it starts, from the first day to the day after the last", () => {
    const x = scale("2026-01-01", "2026-12-31");
    expect(x("2026-01-01")).toBe(480);
    expect(x("2027-01-01")).toBe(990);
    expect(x("2026-07-02")).toBe(734.3); // 182 of 365 days after the start
  });
});

describe("the timeline as SVG", () => {
  const progress = progressOf(specs, 2, "2026-07-02");
  const svg = render(<TimelineSvg progress={progress} data={timelineData(progress)} />);

  it("is an image with a title and a description, and no style attributes", () => {
    expect(svg).toMatch(/^<svg class="koers-timeline__svg" role="img" viewBox="0 0 1000 202" aria-labelledby="tijdlijn-titel tijdlijn-uitleg">/);
    expect(svg).toContain('<title id="tijdlijn-titel">Tijdlijn van Plan</title>');
    expect(svg).toContain(
      '<desc id="tijdlijn-uitleg">5 onderdelen van 1 januari 2026 tot en met 31 december 2026, met de rapportageperiodes als kolommen ' +
        "en een lijn bij vandaag (2 juli 2026). De tabel onder de tijdlijn geeft dezelfde gegevens.</desc>",
    );
    expect(svg).not.toMatch(/\sstyle=/);
  });

  it("marks today with a line and a label", () => {
    // The middle of the day: between 734.3 (2 July) and 735.7 (3 July).
    expect(svg).toContain('<g class="koers-tl-today"><line x1="735" y1="20" x2="735" y2="202"></line>');
    expect(visibleText(svg)).toContain("Vandaag, 2 juli 2026");
  });

  it("draws a bar from start to end, a dot per moment, and a dashed bar for continuous work", () => {
    const x = scale("2026-01-01", "2026-12-31");
    expect(svg).toContain(`<rect class="koers-tl-mark koers-tl-bar koers-tl-bar--period" x="${x("2026-02-01")}" y="96" width="${Math.round((x("2026-04-01") - x("2026-02-01")) * 10) / 10}" height="14" rx="2">`);
    expect(svg.match(/<circle class="koers-tl-mark koers-tl-dot"/g)).toHaveLength(2);
    expect(svg).toContain('class="koers-tl-mark koers-tl-bar koers-tl-bar--continuous" x="480"');
    expect(svg).toContain(`class="koers-tl-mark koers-tl-bar koers-tl-bar--from" x="${x("2026-09-01")}"`);
  });

  it("writes the status of every row, so colour is never the only sign", () => {
    const rows = [...svg.matchAll(/<g class="koers-tl-row koers-tl-status--([a-z-]+)[^"]*">.*?<text class="koers-tl-status-text"[^>]*>([^<]*)</g)];
    expect(rows.map((m) => [m[1], m[2]])).toEqual([
      ["aandacht-nodig", "Aandacht nodig"],
      ["op-koers", "Op koers"],
      ["aandacht-nodig", "Aandacht nodig"],
      ["achter-op-planning", "Achter op planning"],
      ["geen", "Nog geen status"],
    ]);
  });

  it("shortens a long label and keeps the whole name as its title", () => {
    const long = progressOf([{ id: 1, when: "maart 2026" }]);
    long.items[0]!.item.title = "Een heel lange titel van een activiteit die niet in de kolom past";
    const out = render(<TimelineSvg progress={long} data={timelineData(long)} />);
    expect(out).toContain("<title>1 Een heel lange titel van een activiteit die niet in de kolom past</title>1 Een heel lange titel van een activiteit di…</text>");
  });

  it("keeps a column label inside the chart when its column is cut off narrow", () => {
    const base = progressOf([{ id: 1, when: "april 2026" }]);
    const progress = {
      ...base,
      plan: { ...base.plan, period: { ...base.plan.period, start: "2026-03-25" } },
      periods: [
        { id: 1, label: "Q1 2026", start: "2026-03-25", end: "2026-03-31" },
        { id: 2, label: "Q2 2026", start: "2026-04-01", end: "2026-06-30" },
      ],
    };
    const out = render(<TimelineSvg progress={progress} data={timelineData(progress)} />);
    expect(out).toContain('<rect x="480" y="22" width="12.7" height="76"></rect>');
    // Half of "Q1 2026" (7 characters of about 7 units) past the chart's start, not the middle of the column.
    expect(out).toContain('<text class="koers-tl-column-label" x="504.5" y="38" text-anchor="middle">Q1 2026</text>');
  });

  it("says so when today falls outside the timeline, and draws no line", () => {
    const later = progressOf(specs, 3, "2027-03-01");
    const out = render(<TimelineSvg progress={later} data={timelineData(later)} />);
    expect(out).toContain("; vandaag (1 maart 2027) valt erbuiten.");
    expect(out).not.toContain("koers-tl-today");
  });
});

describe("the timeline page part", () => {
  it("follows the picture with a table of the same rows and lists what cannot be placed", () => {
    const html = render(<Timeline progress={progressOf(specs)} />);
    const text = visibleText(html);
    const body = html.match(/<tbody.*<\/tbody>/)![0];
    const rows = [...body.matchAll(/<tr class="utrecht-table__row[^"]*"><th[^>]*>(.*?)<\/tr>/g)].map((m) => visibleText(m[1]!).split("\n").filter(Boolean).join(" | "));
    expect(rows).toEqual([
      "1 Onderdeel 1 | Geen planning | – | – | Aandacht nodig",
      "11 Onderdeel 11 | februari-maart 2026 | 1 februari 2026 | 31 maart 2026 | Op koers",
      "13 Onderdeel 13 | Evaluatie Q2 2026; oplevering 1 oktober 2026 | Evaluatie Q2 2026: 1 april 2026 tot en met 30 juni 2026 | " +
        "oplevering 1 oktober 2026: 1 oktober 2026 | 1 april 2026 | 1 oktober 2026 | Aandacht nodig",
      "3 Onderdeel 3 | doorlopend | 1 januari 2026 | 31 december 2026 | Achter op planning",
      "32 Onderdeel 32 | vanaf september 2026 | 1 september 2026 | 31 december 2026 | Nog geen status",
    ]);
    expect(html).toContain('<a class="utrecht-link" href="/plannen/plan?onderdeel=11#onderdeel-11">11 Onderdeel 11</a>');
    expect(text).toMatch(/12 Onderdeel 12\s*: "nader te bepalen" \(nog niet bepaald\)/);
    expect(text).toMatch(/21 Onderdeel 21\s*: "de komende maanden" \(niet te lezen\)/);
  });

  it("has empty states without anything to place", () => {
    const text = visibleText(render(<Timeline progress={progressOf([{ id: 1 }, { id: 2, parent: 1 }])} />));
    expect(text).toContain("Er zijn (nog) geen onderdelen met een planning die op de tijdlijn te plaatsen is.");
    expect(text).toContain("Van alle onderdelen met een planning kan Koers de tijd lezen.");
    expect(text).not.toContain("De tijdlijn als tabel");
  });
});
