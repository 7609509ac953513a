/**
 * Tables as people export them from Excel: reading a CSV or text file (any of `;`, `,` or
 * tab, UTF-8, UTF-16 or Windows-1252) or the first worksheet of an .xlsx file into header
 * names and rows of text, matching header names to the columns Koers knows, and writing a
 * table as CSV or .xlsx that Excel with Dutch settings opens as it should.
 *
 * Cells are read as text that `parseDutchNumber` and `parseDutchDate` read back: what a CSV
 * holds as it stands; from .xlsx a number written with a dot, a date as yyyy-mm-dd, a cell
 * formatted as a percentage as its percentage with "%".
 */
import { parse, CsvError } from "csv-parse/sync";
import type ExcelJS from "exceljs";

/** exceljs is loaded when a workbook is read or written, not with every page of Koers that never needs it. */
const excel = async () => (await import("exceljs")).default;

/** A table: `row` is the row number a spreadsheet shows (the header is row 1). */
export interface Sheet {
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

/** A file that cannot be read as a table; the message is Dutch and names the file. */
export class SheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SheetError";
  }
}

/**
 * The table in a .csv, .txt or .xlsx file. Blank rows are left out but count in the row
 * numbers. Every row has a cell for each header (empty when the row is shorter); cells beyond
 * the headers are kept only when a row has something there.
 */
export async function readSheet(fileName: string, bytes: Uint8Array): Promise<Sheet> {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension === "csv" || extension === "txt") return tidy(fileName, readCsv(fileName, bytes));
  if (extension === "xlsx") return tidy(fileName, await readXlsx(fileName, bytes));
  if (extension === "xls") {
    throw new SheetError(`${fileName}: dit is een ouder Excel-bestand (.xls). Sla het in Excel op als .xlsx of .csv en probeer het opnieuw.`);
  }
  throw new SheetError(`${fileName}: Koers leest tabellen uit .xlsx-, .csv- en .txt-bestanden. Sla het bestand in een van die vormen op.`);
}

function tidy(fileName: string, records: { row: number; cells: string[] }[]): Sheet {
  const first = records[0];
  const headers = first?.row === 1 ? first.cells.map((header) => header.trim()) : [];
  while (headers.length > 0 && headers.at(-1) === "") headers.pop();
  if (headers.length === 0) throw new SheetError(`${fileName}: de eerste regel moet de kolomnamen bevatten.`);

  const rows: Sheet["rows"] = [];
  for (const { row, cells } of records.slice(1)) {
    if (cells.every((cell) => cell.trim() === "")) continue;
    const kept = [...cells];
    while (kept.length > headers.length && kept.at(-1)!.trim() === "") kept.pop();
    while (kept.length < headers.length) kept.push("");
    rows.push({ row, cells: kept });
  }
  return { headers, rows };
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes); // Excel's "Unicode-tekst"
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes); // drops a BOM
  } catch {
    return new TextDecoder("windows-1252").decode(bytes); // what Excel writes as "CSV (gescheiden door lijstscheidingsteken)"
  }
}

/** The separator that occurs most often in the first line outside quotes: `;` before tab before `,` when equal. */
function separatorOf(text: string): string {
  const counts = new Map<string, number>([[";", 0], ["\t", 0], [",", 0]]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ";";
  for (const [separator, count] of counts) if (count > counts.get(best)!) best = separator;
  return best;
}

function readCsv(fileName: string, bytes: Uint8Array): { row: number; cells: string[] }[] {
  const text = decode(bytes);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: separatorOf(text),
      record_delimiter: ["\r\n", "\n", "\r"], // any mix, as in a file edited on more than one system
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = typeof error.records === "number" ? error.records : 0;
    const reason =
      error.code === "CSV_QUOTE_NOT_CLOSED"
        ? "een aanhalingsteken (\") wordt niet gesloten"
        : "de regel is geen geldige CSV";
    throw new SheetError(`${fileName}: rij ${row + 1} kan niet gelezen worden: ${reason}.`);
  }
  // One record per spreadsheet row (an empty line is a record too), so the index gives the row number.
  return records.map((cells, index) => ({ row: index + 1, cells }));
}

async function readXlsx(fileName: string, bytes: Uint8Array): Promise<{ row: number; cells: string[] }[]> {
  const Excel = await excel();
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new SheetError(`${fileName}: dit is geen Excel-bestand (.xlsx) dat Koers kan lezen.`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetError(`${fileName}: het bestand heeft geen werkblad.`);

  const width = sheet.columnCount;
  const records: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= width; column++) cells.push(cellText(row.getCell(column)));
    records.push({ row: rowNumber, cells });
  });
  return records;
}

/** exceljs's ValueType.Merge: a cell that is part of a merged range, not its first cell. */
const MERGED = 1;

function cellText(cell: ExcelJS.Cell): string {
  if (cell.type === MERGED) return ""; // Excel keeps a merged range's value in its first cell only
  return valueText(cell.value, cell.numFmt ?? "");
}

function valueText(value: unknown, numFmt: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numFmt.includes("%") ? `${plainNumber(Number((value * 100).toPrecision(15)))}%` : plainNumber(value);
  if (typeof value === "boolean") return value ? "WAAR" : "ONWAAR"; // as Dutch Excel shows and exports them
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("error" in value) return String(value.error);
    if ("result" in value) return valueText(value.result, numFmt);
    if ("formula" in value || "sharedFormula" in value) return ""; // a formula Excel never calculated
    if ("richText" in value && Array.isArray(value.richText)) {
      return value.richText.map((part: { text?: unknown }) => String(part.text ?? "")).join("");
    }
    if ("text" in value) return valueText(value.text, "");
  }
  return String(value);
}

/**
 * A number with a dot for the decimals and no exponent ("0.0000001", not "1e-7"). Where a
 * single dot would read as a thousands dot ("1.234"), a 0 is added ("1.2340") so that
 * `parseDutchNumber` reads the same number back.
 */
export function plainNumber(value: number): string {
  if (Object.is(value, -0)) return "0";
  let text = String(value);
  const exponent = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(text);
  if (exponent) {
    const [, sign, first, rest = "", power] = exponent;
    const digits = `${first}${rest}`;
    const point = 1 + Number(power);
    text =
      point <= 0
        ? `${sign}0.${"0".repeat(-point)}${digits}`
        : point >= digits.length
          ? `${sign}${digits}${"0".repeat(point - digits.length)}`
          : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return /^-?[1-9]\d{0,2}\.\d{3}$/.test(text) ? `${text}0` : text;
}

/** Lower case without accents, spaces or punctuation: " Peil-datum " and "peildatum" are the same. */
function headerKey(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * Which column holds each known field. `known` gives per field its accepted header names in
 * order of preference; matching ignores case, accents, spaces and punctuation, and each column
 * serves one field at most. `unknown` lists the headers no field took (blank ones left out),
 * `missing` the fields no header matched.
 */
export function mapHeaders(
  headers: string[],
  known: Record<string, readonly string[]>,
): { columns: Record<string, number>; unknown: string[]; missing: string[] } {
  const keys = headers.map(headerKey);
  const taken = new Set<number>();
  const columns: Record<string, number> = {};
  const missing: string[] = [];
  for (const [field, aliases] of Object.entries(known)) {
    let found = -1;
    for (const alias of aliases) {
      const key = headerKey(alias);
      found = keys.findIndex((header, index) => header === key && key !== "" && !taken.has(index));
      if (found >= 0) break;
    }
    if (found >= 0) {
      columns[field] = found;
      taken.add(found);
    } else {
      missing.push(field);
    }
  }
  const unknown = headers.filter((header, index) => !taken.has(index) && header.trim() !== "");
  return { columns, unknown, missing };
}

function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A CSV file as Excel with Dutch settings opens it straight away: UTF-8 with a byte order mark
 * (without one Excel takes Windows-1252), `;` between cells, CRLF after each row.
 */
export function writeCsv(headers: string[], rows: string[][]): Uint8Array {
  const lines = [headers, ...rows].map((cells) => `${cells.map(csvField).join(";")}\r\n`);
  return new TextEncoder().encode(`\uFEFF${lines.join("")}`);
}

/** Excel refuses sheet names with []:*?/\, longer than 31 characters, or empty. */
function sheetNameOf(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, "-").replace(/^'+|'+$/g, "").trim().slice(0, 31);
  return clean || "Blad1";
}

/**
 * An .xlsx file with one worksheet: the header row bold and frozen, numbers as numbers,
 * each column as wide as its longest text (within limits).
 */
export async function writeXlsx(sheetName: string, headers: string[], rows: (string | number | null)[][]): Promise<Uint8Array> {
  const Excel = await excel();
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(sheetNameOf(sheetName), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((cell) => cell ?? null));

  // Loops rather than Math.max(...rows): a spread of a very long table overflows the stack.
  const widths = headers.map((header) => header.length);
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, String(cell ?? "").length);
    });
  }
  widths.forEach((longest, index) => {
    sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, longest + 2));
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
