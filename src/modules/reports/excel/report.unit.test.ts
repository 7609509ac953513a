/**
 * The progress report as an Excel workbook, read back with exceljs: a sheet per level with
 * code, title, status and late; "Voortgang" with one row per update; "Cijfers" with the values
 * as numbers where the viewer may see them and a small count kept back as "< 5" only. Every
 * sheet has its header row frozen and an autofilter over it.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { testReport } from "../word/test-report.ts";
import { renderReportXlsx } from "./report.ts";

async function read(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

describe("the progress report as an Excel workbook", async () => {
  const workbook = await read(await renderReportXlsx(testReport()));

  it("has a sheet per level, then Voortgang and Cijfers", () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Thema's", "Ambities", "Voortgang", "Cijfers"]);
  });

  it("lists the items of a level with their status and whether they are late", () => {
    const sheet = workbook.getWorksheet("Ambities")!;
    expect(values(sheet, 1)).toEqual(["Code", "Titel", "Status", "Status volgt uit de onderdelen", "Te laat"]);
    expect(values(sheet, 3)).toEqual(["1.2", "Gezamenlijke visie", "Aandacht nodig", "nee", "ja"]);
    expect(sheet.rowCount).toBe(4);
    expect(values(workbook.getWorksheet("Thema's")!, 2)).toEqual(["1", "Inclusief onderwijs", "Aandacht nodig", "ja", "nee"]);
  });

  it("gives one row per update, with its texts as plain text and its date as a date", () => {
    const sheet = workbook.getWorksheet("Voortgang")!;
    expect(values(sheet, 1)).toEqual(["Code", "Titel", "Periode", "Status", "Percentage gereed", "Toelichting bij de status", "Resultaten", "Planning", "Door", "Datum", "Bron"]);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe("1.1");
    expect(first.getCell(4).value).toBe("Op koers");
    expect(first.getCell(5).value).toBe(40);
    expect(first.getCell(7).value).toBe("De inventarisatie is klaar.\n\nSchool | Aantal\nDe Linde | 3");
    expect(first.getCell(8).value).toBe("Afspraken maken in januari.");
    expect(first.getCell(10).value).toEqual(new Date("2025-12-01T00:00:00Z"));
    const evaluation = sheet.getRow(3);
    expect(evaluation.getCell(7).value).toBe("Wat is bereikt\nEen eerste versie.");
    expect(evaluation.getCell(11).value).toBe("Evaluatie 2024");
  });

  it("gives the figures as numbers, a small count kept back only as its display", () => {
    const sheet = workbook.getWorksheet("Cijfers")!;
    expect(values(sheet, 1)).toEqual(["Indicator", "Code", "Onderdeel", "Peildatum", "Periode", "Gebied", "Waarde", "Weergave", "Eenheid", "Voorlopig"]);
    expect(sheet.getRow(3).getCell(7).value).toBe(14);
    expect(typeof sheet.getRow(3).getCell(7).value).toBe("number");
    expect(sheet.getRow(4).getCell(7).value).toBeNull();
    expect(sheet.getRow(4).getCell(8).value).toBe("< 5");
  });

  it("freezes every header row and puts a filter on it", () => {
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }
  });
});
