/** The progress workbook without a database: what it holds, how it reads back, and each problem of a cell by row and column. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readSheet, type Sheet } from "../../lib/figures/sheet.ts";
import type { RoundDetail } from "./service.ts";
import {
  problemText,
  progressColumns,
  progressFileName,
  progressWorkbook,
  readProgressRows,
  sheetProblemOf,
  statusChoices,
  type ProgressSheetRow,
} from "./progress-sheet.ts";

const round = {
  id: 7,
  plan: { slug: "werkplan", title: "Werkplan" },
  period: { id: 3, label: "T1 2025", start: "2025-01-01", end: "2025-04-30" },
  deadline: "2025-05-15",
} as unknown as RoundDetail;

const rows: ProgressSheetRow[] = [
  { itemId: 11, code: "1.1", level: "Actie", title: "Verzuimaanpak", organisations: "SWV NK", status: "op-koers", results: "Aanpak staat.\nTweede regel.", planning: "Evalueren", percentage: 40, statusReason: null, version: 2 },
  { itemId: 12, code: null, level: "Actie", title: "Overstap po-vo", organisations: "PPO-NK, SWV NK", status: null, results: "", planning: "", percentage: null, statusReason: null, version: null },
  { itemId: 13, code: "2", level: "Thema", title: "Inclusie", organisations: "SWV NK", status: "aandacht-nodig", results: "12", planning: "=SOM(A1)", percentage: 0, statusReason: "Eén actie loopt achter", version: 5 },
];

const headers = progressColumns.map((c) => c.header);
/** A sheet as readSheet gives it: the header row and rows of text by column header. */
function sheetOf(...cells: Partial<Record<(typeof headers)[number], string>>[]): Sheet {
  return { headers: [...headers], rows: cells.map((c, i) => ({ row: i + 2, cells: headers.map((h) => c[h] ?? "") })) };
}
const line = (over: Partial<Record<(typeof headers)[number], string>> = {}) => ({ Nr: "11", Ronde: "7", Versie: "2", Status: "Op koers", ...over });

describe("the progress workbook", () => {
  it("has a header row, a row per item, locked grey read-only columns, hidden ties to Koers and a status dropdown", async () => {
    const bytes = await progressWorkbook({ round, rows, organisation: null });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("Voortgang")!;
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Voortgang", "Uitleg"]);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
    expect(sheet.rowCount).toBe(4);
    const cell = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header as never) + 1);
    expect(cell(2, "Onderdeel").value).toBe("Verzuimaanpak");
    expect(cell(2, "Status").value).toBe("Op koers");
    expect(cell(3, "Wie").value).toBe("PPO-NK, SWV NK");
    // Read-only: locked and grey; to fill in: unlocked.
    expect(cell(2, "Onderdeel").protection?.locked).not.toBe(false);
    expect(cell(2, "Onderdeel").fill).toMatchObject({ type: "pattern", fgColor: { argb: "FFE7E7E7" } });
    for (const h of ["Status", "Resultaten", "Planning", "Percentage", "Reden voor de status"]) expect(cell(2, h).protection).toMatchObject({ locked: false });
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    for (const h of ["Nr", "Ronde", "Versie"]) expect(sheet.getColumn(headers.indexOf(h as never) + 1).hidden).toBe(true);
    expect(cell(2, "Versie").value).toBe(2);
    expect(cell(3, "Versie").value).toBeNull();
    expect(cell(2, "Ronde").value).toBe(7);
    expect(cell(2, "Status").dataValidation).toMatchObject({ type: "list", formulae: [`"${statusChoices.join(",")}"`] });
    expect(statusChoices).toEqual(["Niet gestart", "Op koers", "Aandacht nodig", "Achter op planning", "Afgerond", "Uitgesteld", "Vervallen"]);
    expect(cell(2, "Percentage").dataValidation).toMatchObject({ type: "whole", formulae: [0, 100] });
    // Text that looks like a formula stays text.
    expect(cell(4, "Planning").value).toBe("=SOM(A1)");
  });

  it("reads back as the same updates: the file as downloaded says what Koers holds", async () => {
    const bytes = await progressWorkbook({ round, rows, organisation: null });
    const read = readProgressRows(await readSheet("voortgang.xlsx", bytes), 7);
    expect(read.problems).toEqual([]);
    expect(read.empty).toBe(1);
    expect(read.rows).toEqual([
      { row: "rij 2", line: 2, itemId: 11, input: { version: 2, status: "op-koers", results: "Aanpak staat.\nTweede regel.", planning: "Evalueren", percentage: 40, statusReason: null } },
      { row: "rij 4", line: 4, itemId: 13, input: { version: 5, status: "aandacht-nodig", results: "12", planning: "=SOM(A1)", percentage: 0, statusReason: "Eén actie loopt achter" } },
    ]);
  });

  it("reads a status in any case, or by its key, and a percentage typed as 50% or 50,0", () => {
    const read = readProgressRows(sheetOf(line({ Status: " achter OP planning ", Percentage: "50%" }), line({ Nr: "12", Status: "afgerond", Percentage: "50,0" })), 7);
    expect(read.problems).toEqual([]);
    expect(read.rows.map((r) => [r.input.status, r.input.percentage])).toEqual([
      ["achter-op-planning", 50],
      ["afgerond", 50],
    ]);
  });

  it("names each wrong cell by row and column in plain Dutch, and leaves those rows out", () => {
    const read = readProgressRows(
      sheetOf(
        line({ Status: "bijna klaar" }),
        line({ Nr: "12", Percentage: "ongeveer half" }),
        line({ Nr: "", Status: "Op koers" }),
        line({ Nr: "13", Ronde: "8" }),
        line({ Nr: "14", Versie: "twee" }),
        line({ Nr: "15", Status: "", Resultaten: "Iets gedaan" }),
        line({ Nr: "16", Percentage: "150" }),
      ),
      7,
    );
    expect(read.problems.map(problemText)).toEqual([
      "Blad Voortgang, rij 2, kolom Status: 'bijna klaar' is geen status; kies uit Niet gestart, Op koers, Aandacht nodig, Achter op planning, Afgerond, Uitgesteld of Vervallen.",
      "Blad Voortgang, rij 3, kolom Percentage: 'ongeveer half' is geen getal; geef een heel getal van 0 tot en met 100, of laat de cel leeg.",
      "Blad Voortgang, rij 4, kolom Nr: deze rij heeft geen onderdeel van Koers. Voeg geen rijen toe; download het bestand opnieuw als u een onderdeel mist.",
      "Blad Voortgang, rij 5, kolom Ronde: deze rij komt uit het bestand van een andere rapportageronde. Download het bestand van deze ronde en vul dat in.",
      "Blad Voortgang, rij 6, kolom Versie: 'twee' is geen versie. Verander deze kolom niet; download het bestand opnieuw.",
      "Blad Voortgang, rij 7, kolom Status: kies een status uit de lijst: Niet gestart, Op koers, Aandacht nodig, Achter op planning, Afgerond, Uitgesteld of Vervallen.",
    ]);
    // A number out of range goes on to the rules, which say what a percentage is.
    expect(read.rows.map((r) => [r.itemId, r.input.percentage])).toEqual([[16, 150]]);
  });

  it("refuses a sheet without the columns Koers reads, naming them", () => {
    const sheet: Sheet = { headers: ["Code", "Onderdeel", "Status"], rows: [{ row: 2, cells: ["1", "x", "Op koers"] }] };
    expect(readProgressRows(sheet, 7).problems.map(problemText)).toEqual([
      "Blad Voortgang, rij 1: de kolom Resultaten ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.",
      "Blad Voortgang, rij 1: de kolom Planning ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.",
      "Blad Voortgang, rij 1: de kolom Percentage ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.",
      "Blad Voortgang, rij 1: de kolom Reden voor de status ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.",
      "Blad Voortgang, rij 1: de kolom Nr ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.",
      "Blad Voortgang, rij 1: de kolom Ronde ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.",
      "Blad Voortgang, rij 1: de kolom Versie ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.",
    ]);
  });

  it("turns a problem of the rules into one of the sheet, naming the column", () => {
    expect(problemText(sheetProblemOf({ file: "v.xlsx", path: "rij 9, percentage", message: "Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg." }))).toBe(
      "Blad Voortgang, rij 9, kolom Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg.",
    );
    expect(problemText(sheetProblemOf({ file: "v.xlsx", path: "rij 3, statusReason", message: 'Reden voor deze status: uit de onderdelen eronder volgt "Op koers".' }))).toBe(
      'Blad Voortgang, rij 3, kolom Reden voor de status: uit de onderdelen eronder volgt "Op koers".',
    );
  });

  it("names the file after the plan, the period and the organisation", () => {
    expect(progressFileName("werkplan", "T1 2025")).toBe("werkplan-voortgang-t1-2025.xlsx");
    expect(progressFileName("werkplan", "Eerste kwartaal 2025", { name: "Stichting Één & Ander", shortName: null })).toBe("werkplan-voortgang-eerste-kwartaal-2025-stichting-een-ander.xlsx");
  });
});
