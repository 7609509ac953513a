/**
 * Figures exported as CSV and Excel: the columns and forms the import reads, so an export read
 * back in gives the same measurements; small counts about children out as "< 5" for whoever
 * may not see them (and refused when read back in); formula-like text made harmless in CSV;
 * the download routes on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeViewer, signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { readSheet } from "../../lib/figures/sheet.ts";
import { openApiDocument } from "../../web/openapi.ts";
import type { Viewer } from "../access/viewer.ts";
import { csvCell, figuresCsv, figuresTable, figuresXlsx } from "./export.ts";
import { IndicatorNotFoundError, planFigures, saveMeasurements, type IndicatorView, type MeasurementView, type PlanFigures } from "./service.ts";
import { measurementHeaders, measurementRows } from "./sheet-rows.ts";

const PLAN = "allen-voor-een-2022-2024";
/** "Twee van de 16 leerlingen zitten op dit moment nog steeds thuis.": a count of 2 children. */
const SMALL = "thuiszitters-gemeld-nog-thuis";
const QUOTE = "Twee van de 16 leerlingen";

const measurement = (over: Partial<MeasurementView>): MeasurementView => ({
  id: 1,
  date: "2023-10-01",
  label: "1 oktober 2023",
  scope: "totaal",
  scopeName: "Totaal",
  value: null,
  display: "–",
  suppressed: false,
  narrative: null,
  enteredBy: null,
  source: null,
  note: null,
  provisional: false,
  quote: null,
  interpreted: [],
  version: 1,
  ...over,
});

const indicator = (slug: string, unit: IndicatorView["unit"], measurements: MeasurementView[]): IndicatorView => ({
  id: 1,
  slug,
  name: slug,
  definition: null,
  unit,
  direction: "geen",
  frequency: "jaar",
  breakdowns: [],
  children: false,
  baseline: null,
  targets: [],
  interpreted: [],
  compareWith: null,
  items: [],
  measurements,
  version: 1,
});

const figures: PlanFigures = {
  plan: { slug: "plan", title: "Plan" },
  revealed: false,
  editable: false,
  indicators: [
    indicator("verwijzingen", "percentage", [
      measurement({ date: "2022-07-31", label: "2021-2022", value: 1.96, display: "1,96%", source: "DUO", note: "voorlopige telling", provisional: true }),
    ]),
    indicator("kosten", "euro", [measurement({ value: 1234.5, display: "€ 1.234,5", scope: "swv:swv-vo-mk", scopeName: "SWV VO MK" })]),
    indicator("verschil", "aantal", [measurement({ value: -2.5, display: "-2,5" })]),
    indicator("thuiszitters", "aantal", [
      measurement({ value: null, display: "< 5", suppressed: true, scope: "gemeente:velsen" }),
      measurement({ value: null, display: "–", suppressed: true, scope: "gemeente:beverwijk" }),
    ]),
    indicator("samenwerking", "tekst", [measurement({ narrative: "Ouders voelen zich gehoord." })]),
  ],
};

describe("figuresTable", () => {
  it("writes each measurement in the import's columns, the Dutch way", () => {
    const table = figuresTable(figures);
    expect(table.headers).toEqual([...measurementHeaders]);
    expect(table.rows).toEqual([
      ["verwijzingen", "31-07-2022", "2021-2022", "totaal", "1,96%", "DUO", "voorlopige telling", "ja"],
      ["kosten", "01-10-2023", "1 oktober 2023", "swv:swv-vo-mk", "1.234,5", "", "", "nee"],
      ["verschil", "01-10-2023", "1 oktober 2023", "totaal", "-2,5", "", "", "nee"],
      ["thuiszitters", "01-10-2023", "1 oktober 2023", "gemeente:velsen", "< 5", "", "", "nee"],
      ["thuiszitters", "01-10-2023", "1 oktober 2023", "gemeente:beverwijk", "–", "", "", "nee"],
      ["samenwerking", "01-10-2023", "1 oktober 2023", "totaal", "", "", "Ouders voelen zich gehoord.", "nee"],
    ]);
  });

  it("gives one indicator's rows, and refuses an indicator the plan does not have", () => {
    expect(figuresTable(figures, "thuiszitters").rows.map((r) => r[3])).toEqual(["gemeente:velsen", "gemeente:beverwijk"]);
    expect(() => figuresTable(figures, "bestaat-niet")).toThrow(IndicatorNotFoundError);
  });

  it("exports values the import reads back, and a withheld value the import refuses", async () => {
    for (const [name, bytes] of [
      ["cijfers.csv", figuresCsv(figuresTable(figures))],
      ["cijfers.xlsx", await figuresXlsx(figuresTable(figures), "Cijfers")],
    ] as const) {
      const read = measurementRows(name, await readSheet(name, bytes));
      expect(read.problems.map((p) => [p.path, p.message]), name).toEqual([
        ["rij 5, kolom waarde", expect.stringContaining("maar er staat '< 5'")],
        ["rij 6, kolom waarde", expect.stringContaining("maar er staat '–'")],
      ]);
      expect(read.rows.map((r) => [r.indicator, r.input.date, r.input.scope, r.input.value, r.input.provisional]), name).toEqual([
        ["verwijzingen", "2022-07-31", "totaal", 1.96, true],
        ["kosten", "2023-10-01", "swv:swv-vo-mk", 1234.5, false],
        ["verschil", "2023-10-01", "totaal", -2.5, false],
        ["thuiszitters", "2023-10-01", "gemeente:velsen", null, false],
        ["thuiszitters", "2023-10-01", "gemeente:beverwijk", null, false],
        ["samenwerking", "2023-10-01", "totaal", null, false],
      ]);
    }
  });

  it("writes numbers as numbers in Excel, percentages as their text", async () => {
    const sheet = await readSheet("cijfers.xlsx", await figuresXlsx(figuresTable(figures), "Cijfers"));
    // readSheet gives a number cell with a dot, a text cell as it stands.
    expect(sheet.rows.map((r) => r.cells[4])).toEqual(["1,96%", "1234.5", "-2.5", "< 5", "–", ""]);
  });
});

describe("formula-like text in CSV", () => {
  it.each([
    ["=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"],
    ["+31 6 1234", "'+31 6 1234"],
    ["-bron onbekend", "'-bron onbekend"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["-", "'-"],
    ["-2,5", "-2,5"],
    ["+3", "+3"],
    ["-1,5%", "-1,5%"],
    ["DUO", "DUO"],
    ["", ""],
  ])("%s is written as %s", (cell, written) => {
    expect(csvCell(cell)).toBe(written);
  });

  it("gets an apostrophe in the file, while a negative number stays a number", async () => {
    const risky = {
      ...figures,
      indicators: [indicator("verschil", "aantal", [measurement({ value: -2.5, display: "-2,5", source: "=1+1", note: "@echo" })])],
    };
    const sheet = await readSheet("cijfers.csv", figuresCsv(figuresTable(risky)));
    expect(sheet.rows[0]!.cells).toEqual(["verschil", "01-10-2023", "1 oktober 2023", "totaal", "-2,5", "'=1+1", "'@echo", "nee"]);
  });
});

describe("the OpenAPI description of the figures endpoints", () => {
  const doc = openApiDocument as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };

  it("names every answer of the figures endpoints", () => {
    expect(Object.keys(doc.paths["/plans/{slug}/indicators"]!.get!.responses)).toEqual(["200", "404"]);
    expect(Object.keys(doc.paths["/plans/{slug}/indicators/{indicator}"]!.get!.responses)).toEqual(["200", "404"]);
    expect(Object.keys(doc.paths["/plans/{slug}/measurements"]!.post!.responses).sort()).toEqual(["200", "201", "400", "401", "403", "404"]);
  });

  it("refers only to schemas it has", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual(expect.arrayContaining(["Indicator", "Measurement", "Mark"]));
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });
});

describe.each(databaseKinds)("figures exports on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let partner: Viewer;
  let editor: Viewer;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db);
    partner = await makeViewer(database.db, "lezer@velsen.nl", ["velsen", "lezer"]);
    editor = await makeViewer(database.db, "redacteur@velsen.nl", ["velsen", "redacteur"]);
  });
  afterAll(() => database.dispose());

  it.each(["csv", "xlsx"] as const)("as %s, read back in through the import, gives every measurement that was saved", async (format) => {
    const saved = await planFigures(database.db, editor, PLAN);
    const table = figuresTable(saved);
    const name = `cijfers.${format}`;
    const bytes = format === "csv" ? figuresCsv(table) : await figuresXlsx(table, "Cijfers");
    const read = measurementRows(name, await readSheet(name, bytes));
    expect(read.problems).toEqual([]);
    const numbered = read.rows.filter((r) => r.input.value !== null);
    const checked = await saveMeasurements(database.db, editor, PLAN, numbered, { file: name, dryRun: true });
    const want = saved.indicators.flatMap((i) => i.measurements.filter((m) => m.value !== null).map((m) => [i.slug, m.date, m.scope, m.value]));
    expect(want.length).toBeGreaterThan(10);
    expect(checked.rows.map((r) => [r.indicator, r.measurement.date, r.measurement.scope, r.measurement.value])).toEqual(want);
    // The rest are the measurements told in words, with their words.
    const words = saved.indicators.flatMap((i) => i.measurements.filter((m) => m.value === null));
    expect(words.length).toBeGreaterThan(0);
    expect(read.rows.filter((r) => r.input.value === null).map((r) => r.input.note)).toEqual(words.map((m) => [m.narrative, m.note].filter(Boolean).join(" ")));
  });

  it("gives a visitor '< 5' for a small count, without the words that hold it, and the import refuses that cell", async () => {
    const res = await app.request(`/plannen/${PLAN}/cijfers.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${PLAN}-cijfers.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    expect(text).not.toContain(QUOTE);
    const sheet = await readSheet("cijfers.csv", bytes);
    const small = sheet.rows.filter((r) => r.cells[0] === SMALL);
    expect(small.map((r) => r.cells[4])).toEqual(["< 5"]);
    const read = measurementRows("cijfers.csv", sheet);
    expect(read.problems).toContainEqual(expect.objectContaining({ path: `rij ${small[0]!.row}, kolom waarde` }));
  });

  it("gives one indicator as Excel, withheld the same way", async () => {
    const res = await app.request(`/plannen/${PLAN}/cijfers/${SMALL}/metingen.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${PLAN}-${SMALL}.xlsx"`);
    const sheet = await readSheet("cijfers.xlsx", new Uint8Array(await res.arrayBuffer()));
    expect(sheet.rows.map((r) => [r.cells[0], r.cells[4]])).toEqual([[SMALL, "< 5"]]);
  });

  it("gives a partner the real count, not to be stored by a browser or proxy", async () => {
    expect(figuresTable(await planFigures(database.db, partner, PLAN), SMALL).rows.map((r) => r[4])).toEqual(["2"]);
    const browser = await signedInClient(app, "lezer@velsen.nl");
    for (const path of [`/plannen/${PLAN}/cijfers.xlsx`, `/plannen/${PLAN}/cijfers/${SMALL}/metingen.csv`]) {
      const res = await browser.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      const sheet = await readSheet(path, new Uint8Array(await res.arrayBuffer()));
      expect(sheet.rows.filter((r) => r.cells[0] === SMALL).map((r) => r.cells[4]), path).toEqual(["2"]);
    }
  });

  it("is not found for a plan the viewer may not read or an indicator the plan does not have", async () => {
    expect((await app.request("/plannen/geen-plan-met-deze-naam/cijfers.csv")).status).toBe(404);
    expect((await app.request(`/plannen/${PLAN}/cijfers/bestaat-niet/metingen.csv`)).status).toBe(404);
  });

  it("leaves the figures pages where they were", async () => {
    const page = await app.request(`/plannen/${PLAN}/cijfers/${SMALL}`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
