import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseDutchDate, parseDutchNumber } from "./dutch.ts";
import { SheetError, mapHeaders, plainNumber, readSheet, writeCsv, writeXlsx } from "./sheet.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = [0xef, 0xbb, 0xbf];

/** Text in Windows-1252, for the characters these tests use. */
function cp1252(text: string): Uint8Array {
  const special: Record<string, number> = { "€": 0x80, "–": 0x96, "‘": 0x91, "’": 0x92 };
  return Uint8Array.from([...text].map((char) => {
    const code = special[char] ?? char.charCodeAt(0);
    if (code > 0xff) throw new Error(`not in the test's Windows-1252: ${char}`);
    return code;
  }));
}

async function workbookBytes(fill: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet("Cijfers"), workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function sheetError(fileName: string, bytes: Uint8Array): Promise<string> {
  const error = await readSheet(fileName, bytes).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SheetError);
  return (error as SheetError).message;
}

describe("readSheet: CSV and text", () => {
  it("reads a Dutch Excel export: `;` between cells and decimal commas", async () => {
    const sheet = await readSheet(
      "cijfers.csv",
      utf8("Gemeente;Peildatum;Waarde;Aandeel\r\nVelsen;01-10-2023;1.234,5;1,96%\r\nHaarlem;1-10-2023;2,37;12 %\r\n"),
    );
    expect(sheet).toEqual({
      headers: ["Gemeente", "Peildatum", "Waarde", "Aandeel"],
      rows: [
        { row: 2, cells: ["Velsen", "01-10-2023", "1.234,5", "1,96%"] },
        { row: 3, cells: ["Haarlem", "1-10-2023", "2,37", "12 %"] },
      ],
    });
    expect(parseDutchNumber(sheet.rows[0]!.cells[2]!)).toEqual({ ok: true, value: 1234.5, percent: false });
  });

  it.each([
    ["`,`", "naam,waarde,datum\nA,12,01-10-2023\n"],
    ["tab", "naam\twaarde\tdatum\nA\t12\t01-10-2023\n"],
    ["`;` with commas in the data", "naam;waarde;datum\nA;12;01-10-2023\n"],
    ["`,` with a quoted `;` in the header", '"na;am",waarde,datum\nA,12,01-10-2023\n'],
  ])("finds the separator %s from the header line", async (_, text) => {
    const sheet = await readSheet("x.csv", utf8(text));
    expect(sheet.headers).toHaveLength(3);
    expect(sheet.rows).toEqual([{ row: 2, cells: ["A", "12", "01-10-2023"] }]);
  });

  it("keeps decimal commas in a `;` file whose data has commas", async () => {
    const sheet = await readSheet("x.csv", utf8("a;b\n2,37;1,5\n"));
    expect(sheet.rows[0]!.cells).toEqual(["2,37", "1,5"]);
  });

  it("reads Windows-1252 when the bytes are not UTF-8", async () => {
    const sheet = await readSheet("gemeenten.csv", cp1252("Naam;Bedrag\r\nVelsen – é;€ 1.234,50\r\n‘s-Hertogenbosch;12\r\n"));
    expect(sheet.rows.map((row) => row.cells)).toEqual([
      ["Velsen – é", "€ 1.234,50"],
      ["‘s-Hertogenbosch", "12"],
    ]);
    expect(parseDutchNumber(sheet.rows[0]!.cells[1]!)).toEqual({ ok: true, value: 1234.5, percent: false });
  });

  it("reads UTF-8 with a byte order mark, which does not end up in the first header", async () => {
    const sheet = await readSheet("x.csv", Uint8Array.from([...BOM, ...utf8("Gemeente;Waarde\nVelsen – é;3\n")]));
    expect(sheet.headers).toEqual(["Gemeente", "Waarde"]);
    expect(sheet.rows[0]!.cells).toEqual(["Velsen – é", "3"]);
  });

  it("reads Excel's Unicode text (UTF-16 with tabs)", async () => {
    const text = "\uFEFFGemeente\tWaarde\r\nVelsen – é\t2,37\r\n";
    const bytes = new Uint8Array(text.length * 2);
    [...text].forEach((char, index) => new DataView(bytes.buffer).setUint16(index * 2, char.charCodeAt(0), true));
    const sheet = await readSheet("export.txt", bytes);
    expect(sheet).toEqual({ headers: ["Gemeente", "Waarde"], rows: [{ row: 2, cells: ["Velsen – é", "2,37"] }] });
  });

  it("reads quoted fields with separators, quotes and line breaks; such a row counts once", async () => {
    const text = 'Naam;Toelichting;Waarde\r\n"Velsen; Noord";"regel 1\r\nregel 2";"2,5"\r\n"Zij zei ""ja""";;3\r\n';
    const sheet = await readSheet("x.csv", utf8(text));
    expect(sheet.rows).toEqual([
      { row: 2, cells: ["Velsen; Noord", "regel 1\r\nregel 2", "2,5"] },
      { row: 3, cells: ['Zij zei "ja"', "", "3"] },
    ]);
  });

  it("skips blank lines but keeps counting them, as the spreadsheet numbers its rows", async () => {
    const text = "a;b\r\n1;2\r\n\r\n;\r\n  ;  \r\n3;4\n\n5;6";
    const sheet = await readSheet("x.csv", utf8(text));
    expect(sheet.rows).toEqual([
      { row: 2, cells: ["1", "2"] },
      { row: 6, cells: ["3", "4"] },
      { row: 8, cells: ["5", "6"] },
    ]);
  });

  it("gives every row a cell per header and keeps extra cells only when filled", async () => {
    const text = "a;b;c;\n1\n1;2;3;;;\n1;2;3;;x\n";
    const sheet = await readSheet("x.csv", utf8(text));
    expect(sheet.headers).toEqual(["a", "b", "c"]);
    expect(sheet.rows.map((row) => row.cells)).toEqual([
      ["1", "", ""],
      ["1", "2", "3"],
      ["1", "2", "3", "", "x"],
    ]);
  });

  it("trims the header names but not the cells", async () => {
    const sheet = await readSheet("x.csv", utf8(" Waarde ; Datum\n 2,37 ;x\n"));
    expect(sheet.headers).toEqual(["Waarde", "Datum"]);
    expect(sheet.rows[0]!.cells).toEqual([" 2,37 ", "x"]);
  });

  it.each([
    ["an empty file", ""],
    ["only a byte order mark", "\uFEFF"],
    ["a blank first line", "\na;b\n1;2\n"],
    ["a first line of separators only", ";;\n1;2\n"],
  ])("refuses %s: the first line must hold the headers", async (_, text) => {
    expect(await sheetError("cijfers.csv", utf8(text))).toBe("cijfers.csv: de eerste regel moet de kolomnamen bevatten.");
  });

  it("refuses a quote that is never closed, naming the row where it starts", async () => {
    expect(await sheetError("cijfers.csv", utf8('a;b\n1;2\n"3;4\n5;6\n'))).toBe(
      'cijfers.csv: rij 3 kan niet gelezen worden: een aanhalingsteken (") wordt niet gesloten.',
    );
  });

  it.each([
    ["oud.xls", "oud.xls: dit is een ouder Excel-bestand (.xls). Sla het in Excel op als .xlsx of .csv en probeer het opnieuw."],
    ["blad.ods", "blad.ods: Koers leest tabellen uit .xlsx-, .csv- en .txt-bestanden. Sla het bestand in een van die vormen op."],
    ["zonder-extensie", "zonder-extensie: Koers leest tabellen uit .xlsx-, .csv- en .txt-bestanden. Sla het bestand in een van die vormen op."],
  ])("refuses %s by its name", async (fileName, message) => {
    expect(await sheetError(fileName, utf8("a;b\n1;2\n"))).toBe(message);
  });

  it("reads the extension in any case", async () => {
    expect((await readSheet("CIJFERS.CSV", utf8("a\n1\n"))).rows).toEqual([{ row: 2, cells: ["1"] }]);
  });
});

describe("readSheet: Excel", () => {
  it("reads numbers, dates, percentages, formulas, rich text and more as text the Dutch parsers read", async () => {
    const bytes = await workbookBytes((sheet, workbook) => {
      sheet.addRow(["Gemeente", "Peildatum", "Waarde", "Aandeel", "Dubbel", "Toelichting", "Gehaald", "Fout"]);
      const row = sheet.addRow([
        { richText: [{ text: "Velsen ", font: { bold: true } }, { text: "– é" }] },
        new Date(Date.UTC(2023, 9, 1)),
        1234.5,
        0.0196,
        { formula: "C2*2", result: 2469 },
        { text: "zie site", hyperlink: "https://example.org" },
        true,
        { formula: "1/0", result: { error: "#DIV/0!" } },
      ]);
      row.getCell(2).numFmt = "dd-mm-yyyy";
      row.getCell(4).numFmt = "0.00%";
      sheet.addRow(["Haarlem", { formula: "B2+1", result: new Date(Date.UTC(2023, 9, 2)) }, 1.234, 0.01234, -0.5, "", false, null]);
      sheet.getCell("D3").numFmt = "0.000%";
      sheet.getCell("E3").numFmt = "0%";
      workbook.addWorksheet("Tweede blad").addRow(["niet", "gelezen"]);
    });
    const sheet = await readSheet("cijfers.xlsx", bytes);
    expect(sheet).toEqual({
      headers: ["Gemeente", "Peildatum", "Waarde", "Aandeel", "Dubbel", "Toelichting", "Gehaald", "Fout"],
      rows: [
        { row: 2, cells: ["Velsen – é", "2023-10-01", "1234.5", "1.96%", "2469", "zie site", "WAAR", "#DIV/0!"] },
        { row: 3, cells: ["Haarlem", "2023-10-02", "1.2340", "1.2340%", "-50%", "", "ONWAAR", ""] },
      ],
    });
    const [first, second] = sheet.rows;
    expect(parseDutchNumber(first!.cells[2]!)).toEqual({ ok: true, value: 1234.5, percent: false });
    expect(parseDutchNumber(first!.cells[3]!)).toEqual({ ok: true, value: 1.96, percent: true });
    expect(parseDutchNumber(second!.cells[2]!)).toEqual({ ok: true, value: 1.234, percent: false });
    expect(parseDutchNumber(second!.cells[3]!)).toEqual({ ok: true, value: 1.234, percent: true });
    expect(parseDutchNumber(second!.cells[4]!)).toEqual({ ok: true, value: -50, percent: true });
    expect(parseDutchDate(first!.cells[1]!)).toEqual({ ok: true, date: "2023-10-01" });
    expect(parseDutchNumber(first!.cells[7]!).ok).toBe(false);
  });

  it("skips empty rows but keeps their numbers, and leaves merged cells empty after the first", async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.getCell("A1").value = "Naam";
      sheet.getCell("B1").value = "Waarde";
      sheet.getCell("A3").value = "Velsen";
      sheet.getCell("B3").value = 3;
      sheet.getCell("A6").value = "Samengevoegd";
      sheet.mergeCells("A6:B6");
    });
    const sheet = await readSheet("x.xlsx", bytes);
    expect(sheet.rows).toEqual([
      { row: 3, cells: ["Velsen", "3"] },
      { row: 6, cells: ["Samengevoegd", ""] },
    ]);
  });

  it("refuses a worksheet whose first row is empty", async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.getCell("A2").value = "Naam";
    });
    expect(await sheetError("cijfers.xlsx", bytes)).toBe("cijfers.xlsx: de eerste regel moet de kolomnamen bevatten.");
  });

  it.each<[string, () => Promise<Uint8Array>]>([
    ["a CSV named .xlsx", async () => utf8("a;b\n1;2\n")],
    ["no bytes", async () => new Uint8Array()],
    ["a zip cut short", async () => (await workbookBytes((sheet) => sheet.addRow(["a"]))).slice(0, 200)],
  ])("refuses %s", async (_, bytes) => {
    expect(await sheetError("cijfers.xlsx", await bytes())).toBe("cijfers.xlsx: dit is geen Excel-bestand (.xlsx) dat Koers kan lezen.");
  });
});

describe("plainNumber", () => {
  it.each([
    [2.37, "2.37"],
    [1234, "1234"],
    [1234.5, "1234.5"],
    [1.234, "1.2340"],
    [-12.345, "-12.3450"],
    [123.456, "123.4560"],
    [0.125, "0.125"],
    [12345.678, "12345.678"],
    [1e-7, "0.0000001"],
    [-1.5e-7, "-0.00000015"],
    [1.5e21, "1500000000000000000000"],
    [-0, "0"],
  ])("%d is written %j and read back", (value, text) => {
    expect(plainNumber(value)).toBe(text);
    expect(parseDutchNumber(text)).toEqual({ ok: true, value: value === 0 ? 0 : value, percent: false });
  });
});

describe("mapHeaders", () => {
  const known = { value: ["waarde", "aantal"], date: ["peildatum", "periode", "datum"], area: ["gemeente", "regio"] } as const;

  it.each<[string, string[], Record<string, number>, string[], string[]]>([
    ["exact names", ["waarde", "peildatum", "gemeente"], { value: 0, date: 1, area: 2 }, [], []],
    ["any order, case and spaces", [" Gemeente", "PEILDATUM ", "Waarde"], { area: 0, date: 1, value: 2 }, [], []],
    ["accents and punctuation", ["Wáárde", "Peil-datum", "Gemeente:"], { value: 0, date: 1, area: 2 }, [], []],
    ["a second alias", ["Aantal", "Periode", "Regio"], { value: 0, date: 1, area: 2 }, [], []],
    ["unknown and missing", ["Aantal", "Opmerking", "", "Bron"], { value: 0 }, ["Opmerking", "Bron"], ["date", "area"]],
    ["the preferred alias wins; the other column is left over", ["Datum", "Peildatum", "Waarde"], { date: 1, value: 2 }, ["Datum"], ["area"]],
    ["a repeated header serves once", ["Waarde", "waarde"], { value: 0 }, ["waarde"], ["date", "area"]],
    ["no headers", [], {}, [], ["value", "date", "area"]],
  ])("%s", (_, headers, columns, unknown, missing) => {
    expect(mapHeaders(headers, known)).toEqual({ columns, unknown, missing });
  });

  it("finds the columns of a file whose headers come in another order and case", async () => {
    const sheet = await readSheet("x.csv", utf8("GEMEENTE;Waarde;peil datum\nVelsen;2,37;01-10-2023\n"));
    const { columns } = mapHeaders(sheet.headers, known);
    const row = sheet.rows[0]!.cells;
    expect([row[columns.value!], row[columns.date!], row[columns.area!]]).toEqual(["2,37", "01-10-2023", "Velsen"]);
  });
});

describe("writeCsv", () => {
  it("writes UTF-8 with a byte order mark, `;` and CRLF, quoting only where needed", () => {
    const bytes = writeCsv(["Naam", "Waarde"], [["Velsen – é", "2,37"], ["a;b", 'zei "ja"'], ["twee\nregels", ""]]);
    expect([...bytes.slice(0, 3)]).toEqual(BOM);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      'Naam;Waarde\r\nVelsen – é;2,37\r\n"a;b";"zei ""ja"""\r\n"twee\nregels";\r\n',
    );
  });

  it("reads back as written", async () => {
    const headers = ["Gemeente", "Peildatum", "Waarde", "Toelichting"];
    const rows = [
      ["Velsen – é", "01-10-2023", "1.234,5", 'Zij zei "ja"; daarna niet'],
      ["Haarlem", "02-10-2023", "1,96%", "regel 1\r\nregel 2"],
      ["", "", "", "alleen een toelichting"],
    ];
    const sheet = await readSheet("terug.csv", writeCsv(headers, rows));
    expect(sheet).toEqual({ headers, rows: rows.map((cells, index) => ({ row: index + 2, cells })) });
  });
});

describe("writeXlsx", () => {
  it("writes a bold, frozen header row, numbers as numbers and columns as wide as their text", async () => {
    const bytes = await writeXlsx("Cijfers 2023", ["Gemeente", "Waarde"], [["Velsen-Zuid en omstreken", 2.37], ["Haarlem", null]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Cijfers 2023");
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("A2").font?.bold).not.toBe(true);
    expect(sheet.getCell("B2").value).toBe(2.37);
    expect(sheet.getCell("B3").value).toBeNull();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(1).width).toBe("Velsen-Zuid en omstreken".length + 2);
    expect(sheet.getColumn(2).width).toBe(8);
  });

  it.each([
    ["Cijfers: 2023/2024", "Cijfers- 2023-2024"],
    ["Een naam die veel te lang is voor Excel", "Een naam die veel te lang is vo"],
    ["", "Blad1"],
  ])("makes %j a sheet name Excel accepts", async (name, written) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await writeXlsx(name, ["a"], [])) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]!.name).toBe(written);
  });

  it("reads back with the same headers and cells", async () => {
    const headers = ["Gemeente", "Peildatum", "Waarde", "Aandeel"];
    const rows: (string | number | null)[][] = [
      ["Velsen – é", "01-10-2023", 1234.5, "1,96%"],
      ["Haarlem", "2023-10-02", 2.37, null],
      [null, null, -3, "=1+1"],
    ];
    const sheet = await readSheet("terug.xlsx", await writeXlsx("Cijfers", headers, rows));
    expect(sheet).toEqual({
      headers,
      rows: rows.map((cells, index) => ({ row: index + 2, cells: cells.map((cell) => (cell === null ? "" : String(cell))) })),
    });
  });

  it("writes numbers that read back as the same number", async () => {
    const values = [1.234, 0.1 + 0.2, -12.345, 1e-7, 1234567.89];
    const sheet = await readSheet("terug.xlsx", await writeXlsx("Getallen", ["Waarde"], values.map((value) => [value])));
    expect(sheet.rows.map((row) => parseDutchNumber(row.cells[0]!))).toEqual(values.map((value) => ({ ok: true, value, percent: false })));
  });
});
