/**
 * A plan as an Excel workbook, read back with exceljs: one sheet per level in the plan's own
 * words, one row per item with its code, title, the code of the item it belongs to and its
 * texts and facts in columns of their own; header frozen, with a filter; no internal note.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../../test/helpers/seeded.ts";
import { system } from "../../access/viewer.ts";
import { getPlan, type PlanDetail } from "../../plans/reading.ts";
import { renderPlanXlsx } from "./plan.ts";

async function read(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

const headers = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);
const column = (sheet: ExcelJS.Worksheet, header: string) => headers(sheet).indexOf(header) + 1;

describe.each(databaseKinds)("a plan as an Excel workbook (%s)", (kind) => {
  let database: TestDatabase;
  let plan: PlanDetail;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    plan = await getPlan(database.db, system, "uitvoeringsplan-nk-2025-2026");
    workbook = await read(await renderPlanXlsx(plan));
  });
  afterAll(() => database?.dispose());

  it("has one sheet per level, named in the plan's own words", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Thema's", "Ambities", "Stappen", "Deelstappen"]);
  });

  it("gives each ambition a row with its code, title, theme and its texts by their own titles", () => {
    const sheet = workbook.getWorksheet("Ambities")!;
    expect(headers(sheet).slice(0, 3)).toEqual(["Code", "Titel", "Hoort bij (code)"]);
    for (const h of ["Monitoring", "Wie", "Wanneer"]) expect(headers(sheet)).toContain(h);
    const ambitions = plan.items.flatMap((t) => t.children.map((a) => ({ a, theme: t })));
    expect(sheet.rowCount).toBe(ambitions.length + 1);
    const { a, theme } = ambitions.find(({ a }) => a.sections.some((s) => s.title === "Monitoring"))!;
    const row = sheet.getRows(2, ambitions.length)!.find((r) => r.getCell(1).value === a.code)!;
    expect(row.getCell(2).value).toBe(a.title);
    expect(row.getCell(3).value).toBe(theme.code);
    const monitoring = String(row.getCell(column(sheet, "Monitoring")).value);
    const first = a.sections.find((s) => s.title === "Monitoring")!.text.split("\n")[0]!.replace(/^[-*]\s+/, "").replace(/\*/g, "");
    expect(monitoring).toContain(first.slice(0, 30));
    expect(monitoring).not.toMatch(/\*\*/);
  });

  it("makes every sheet ready to filter: header frozen, bold, with an autofilter", () => {
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }
  });

  it("never holds an internal note", async () => {
    const withNote = { ...plan, items: plan.items.map((i, n) => (n === 0 ? { ...i, internalNote: "GEHEIM-NOTITIE" } : i)) };
    const bytes = await renderPlanXlsx(withNote);
    const again = await read(bytes);
    for (const sheet of again.worksheets) {
      sheet.eachRow((row) => expect(JSON.stringify(row.values)).not.toContain("GEHEIM"));
    }
  });

  it("names the Activiteitenplan's sheets without characters Excel refuses", async () => {
    const other = await read(await renderPlanXlsx(await getPlan(database.db, system, "activiteitenplan-swvnk-2024")));
    expect(other.worksheets.map((w) => w.name)).toEqual(["Hoofdstukken", "Pijlers en thema's", "Onderdelen", "Actielijnen"]);
    const lines = other.getWorksheet("Actielijnen")!;
    for (const h of ["Doelstelling", "Activiteiten", "Beoogde resultaten"]) expect(headers(lines)).toContain(h);
  });
});
