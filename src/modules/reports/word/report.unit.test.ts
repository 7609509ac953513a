/**
 * The progress report as a Word document, read back from the file: the title page, the
 * summary table, every item under a heading at its depth, its facts, its updates with their
 * own section titles, the indicator's chart as a PNG and its values as a table (a small count
 * kept back stays "< 5"), the decisions, closing texts and footnotes; the title in the header,
 * page numbers in the footer, "Vertrouwelijk" on every page when the report is.
 */
import { describe, expect, it } from "vitest";
import { paragraphs, readDocx, tableRows, undefinedStyles } from "./read-docx.ts";
import { renderReportDocx } from "./report.ts";
import { testReport } from "./test-report.ts";

describe("the progress report as a Word document", async () => {
  const doc = await readDocx(await renderReportDocx(testReport()));
  const ps = paragraphs(doc.document);
  const rows = tableRows(doc.document);

  it("opens with the title page: title, subtitle, plan, period and date", () => {
    expect(ps[0]).toEqual({ style: "Title", text: "Voortgangsrapportage T1 2025-2026" });
    expect(ps[1]).toEqual({ style: "Subtitle", text: "Uitvoeringsplan Test" });
    const texts = ps.map((p) => p.text);
    expect(texts).toContain("Plan: Uitvoeringsplan Test 2025-2026");
    expect(texts).toContain("Periode: T1 2025-2026");
    expect(texts).toContain("Datum: 15 december 2025");
    expect(doc.document).toContain('<w:br w:type="page"/>');
  });

  it("uses only styles the document defines", () => {
    expect(undefinedStyles(doc)).toEqual([]);
  });

  it("puts the title in the header and page numbers in the footer", () => {
    expect(paragraphs(doc.headers).map((p) => p.text)).toContain("Voortgangsrapportage T1 2025-2026");
    expect(doc.footers).toMatch(/PAGE/);
    expect(doc.footers).toMatch(/NUMPAGES/);
  });

  it("gives each item a heading at its depth: level word, code and title", () => {
    const heads = ps.filter((p) => p.style?.startsWith("Heading"));
    expect(heads).toContainEqual({ style: "Heading1", text: "Thema 1 Inclusief onderwijs" });
    expect(heads).toContainEqual({ style: "Heading2", text: "Ambitie 1.1 Minder thuiszitters" });
    expect(heads).toContainEqual({ style: "Heading2", text: "Ambitie 2.1 Samenwerking met partners" });
    expect(heads).toContainEqual({ style: "Heading1", text: "Inleiding" });
    expect(heads).toContainEqual({ style: "Heading1", text: "Samenvatting" });
    expect(heads).toContainEqual({ style: "Heading1", text: "Tot slot" });
  });

  it("summarises the statuses per theme in a table, and lists what is late and what was finished", () => {
    const header = rows.find((r) => r.header && r.cells[0] === "Thema")!;
    expect(header.cells).toEqual(["Thema", "Status", "Op koers", "Aandacht nodig", "Afgerond", "Totaal"]);
    expect(rows.find((r) => r.cells[0] === "1 Inclusief onderwijs")?.cells).toEqual(["1 Inclusief onderwijs", "Aandacht nodig", "1", "1", "0", "2"]);
    const texts = ps.map((p) => p.text);
    expect(texts).toContain("1.2 Gezamenlijke visie: gepland voor november 2025");
    expect(texts).toContain("2.1 Samenwerking met partners (T1 2025-2026)");
  });

  it("writes an item's facts as a two-column table, its Markdown as Word lists", () => {
    expect(rows.find((r) => r.cells[0] === "Wie")?.cells).toEqual(["Wie", "Gemeente, SWV en scholen"]);
    const activities = rows.find((r) => r.cells[0] === "Activiteiten")!;
    expect(activities.cells[1]).toBe("InventariserenAfspraken maken");
    const numbered = [...doc.document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => p).find((p) => p.includes(">Inventariseren<"))!;
    expect(numbered).toMatch(/<w:numPr>/);
  });

  it("writes the updates with status, their own section titles, author and date", () => {
    const texts = ps.map((p) => p.text);
    expect(texts).toContain("Voortgang T1 2025-2026");
    expect(texts).toContain("Status: Op koers, 40% gereed");
    expect(texts).toContain("Resultaten");
    expect(texts).toContain("De inventarisatie is klaar.");
    expect(texts).toContain("Anna de Vries, 1 december 2025");
    // An evaluation's update keeps its own headings.
    expect(texts).toContain("Voortgang 2024 (Evaluatie 2024): Visie");
    expect(texts).toContain("Planning voor 2025");
    // A Markdown table in an update is a Word table.
    expect(rows.find((r) => r.cells[0] === "De Linde")?.cells).toEqual(["De Linde", "3"]);
  });

  it("draws the indicator's chart as a PNG and gives its values as a table, a small count kept back", async () => {
    const images = doc.files.filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(images).toHaveLength(1);
    const png = await doc.zip.file(images[0]!)!.async("uint8array");
    expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    // Print quality: twice the drawing's 640 pixels.
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(1280);
    expect(doc.document).toContain("<wp:docPr");
    expect(doc.document).toMatch(/descr="Thuiszitters: verloop/);
    expect(rows.find((r) => r.header && r.cells[0] === "Periode")?.cells).toEqual(["Periode", "Gebied", "Waarde"]);
    expect(rows.find((r) => r.cells[0] === "2022")?.cells).toEqual(["2022", "Totaal", "14"]);
    expect(rows.find((r) => r.cells[0] === "2023")?.cells).toEqual(["2023", "Totaal", "< 5"]);
    expect(ps.map((p) => p.text)).toContain("Doel: 10 in 2024");
  });

  it("writes the decisions and the footnotes", () => {
    expect(rows.find((r) => r.cells[0] === "OOGO")?.cells).toEqual(["OOGO", "20 november 2025", "vastgesteld", "Met een kanttekening."]);
    expect(ps.map((p) => p.text)).toContain("¹ Cijfers van DUO.");
  });

  it("marks a confidential report as such on every page", async () => {
    const confidential = await readDocx(await renderReportDocx(testReport({ confidential: true })));
    expect(paragraphs(confidential.headers).map((p) => p.text)).toContain("Voortgangsrapportage T1 2025-2026 — Vertrouwelijk");
  });

  it("draws no chart for an indicator with one measurement, but still gives its value", async () => {
    const report = testReport();
    const item = report.items[1]!;
    const one = { ...item, indicators: [{ ...item.indicators[0]!, measurements: item.indicators[0]!.measurements.slice(0, 1) }] };
    const read = await readDocx(await renderReportDocx({ ...report, items: [report.items[0]!, one] }));
    expect(read.files.filter((f) => f.startsWith("word/media/"))).toHaveLength(0);
    expect(tableRows(read.document).find((r) => r.cells[0] === "2021")?.cells).toEqual(["2021", "Totaal", "20"]);
  });
});
