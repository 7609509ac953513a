/**
 * What every Excel workbook of Koers shares: exceljs loaded on first use, and sheets made
 * ready for filtering: a bold header row that stays in view, an autofilter over it, sensible
 * column widths, long texts wrapped. Texts go in as text, never as formulas.
 */
import type ExcelJS from "exceljs";
import MarkdownIt from "markdown-it";

export type Cell = string | number | Date | null;

/** exceljs is loaded when a workbook is made, not with every page of Koers that never needs it. */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const Excel = (await import("exceljs")).default;
  const workbook = new Excel.Workbook();
  workbook.creator = "Koers";
  return workbook;
}

/** Excel allows 31 characters and none of []:*?/\ in a sheet's name, and each name once. */
export function sheetName(workbook: ExcelJS.Workbook, wanted: string): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, "-").replace(/^'+|'+$/g, "").trim().slice(0, 31) || "Blad";
  const taken = new Set(workbook.worksheets.map((w) => w.name.toLowerCase()));
  let name = clean;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${clean.slice(0, 31 - String(n).length - 1)} ${n}`;
  return name;
}

/** Excel keeps at most 32.767 characters in a cell. */
const CELL_LIMIT = 32_767;

/** A sheet with a header row that stays in view and filters, one row per entry. */
export function addSheet(workbook: ExcelJS.Workbook, name: string, headers: string[], rows: Cell[][]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sheetName(workbook, name), { views: [{ state: "frozen", ySplit: 1 }] });
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
  for (const row of rows) {
    const added = sheet.addRow(row.map((cell) => (typeof cell === "string" && cell.length > CELL_LIMIT ? `${cell.slice(0, CELL_LIMIT - 1)}…` : cell)));
    row.forEach((cell, i) => {
      if (cell instanceof Date) added.getCell(i + 1).numFmt = "dd-mm-yyyy";
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(headers.length, 1) } };
  headers.forEach((h, i) => {
    let longest = h.length + 4;
    for (const row of rows) {
      const cell = row[i];
      const text = cell instanceof Date ? "00-00-0000" : String(cell ?? "");
      longest = Math.max(longest, ...text.split("\n").map((line) => Math.min(line.length, 200)));
    }
    const column = sheet.getColumn(i + 1);
    column.width = Math.min(60, Math.max(8, longest + 2));
    if (longest > 60) column.alignment = { wrapText: true, vertical: "top" };
    else column.alignment = { vertical: "top" };
  });
  return sheet;
}

export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

/**
 * Markdown as plain text for a cell: paragraphs apart by an empty line, list items on lines of
 * their own ("• …", "1. …"), a table's rows as cells between " | "; no asterisks.
 */
export function plainText(text: string): string {
  const out: string[] = [];
  const lists: { ordered: boolean; number: number }[] = [];
  let row: string[] | null = null;
  let pendingBullet = "";
  for (const t of md.parse(text, {})) {
    if (t.type === "bullet_list_open") lists.push({ ordered: false, number: 0 });
    else if (t.type === "ordered_list_open") lists.push({ ordered: true, number: Number(t.attrGet("start") ?? 1) });
    else if (t.type === "bullet_list_close" || t.type === "ordered_list_close") lists.pop();
    else if (t.type === "list_item_open") {
      const list = lists.at(-1)!;
      pendingBullet = `${"  ".repeat(lists.length - 1)}${list.ordered ? `${list.number++}.` : "•"} `;
    } else if (t.type === "tr_open") row = [];
    else if (t.type === "tr_close" && row) {
      out.push(row.join(" | "));
      row = null;
    } else if (t.type === "inline") {
      const line = (t.children ?? [])
        .map((c) => (c.type === "text" || c.type === "code_inline" ? c.content : c.type === "softbreak" ? " " : c.type === "hardbreak" ? "\n" : ""))
        .join("");
      if (row) row.push(line);
      else if (pendingBullet) {
        out.push(pendingBullet + line);
        pendingBullet = "";
      } else out.push(lists.length > 0 ? `${"  ".repeat(lists.length)}${line}` : line);
    } else if ((t.type === "paragraph_close" && lists.length === 0) || t.type === "table_close") out.push("");
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
