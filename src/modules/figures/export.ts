/**
 * A plan's figures as a table to download, in the columns the import reads (sheet-rows.ts):
 * an export read back in gives the same measurements. What the viewer may not see goes out
 * as its display text ("< 5", "–"), never as the number, and the import refuses such a cell.
 */
import { formatDutchDate, formatDutchNumber, parseDutchNumber } from "../../lib/figures/dutch.ts";
import { writeCsv, writeXlsx } from "../../lib/figures/sheet.ts";
import { IndicatorNotFoundError, type IndicatorView, type MeasurementView, type PlanFigures } from "./service.ts";
import { measurementHeaders } from "./sheet-rows.ts";

export interface FiguresTable {
  headers: string[];
  rows: string[][];
}

const VALUE = measurementHeaders.indexOf("waarde");

function valueCell(m: MeasurementView, unit: IndicatorView["unit"]): string {
  if (m.suppressed) return m.display;
  if (m.value === null) return "";
  return formatDutchNumber(m.value, { percent: unit === "percentage" });
}

/**
 * One row per measurement, indicators in the plan's order and their measurements oldest
 * first, in the columns of `measurementHeaders`. With `indicatorSlug`, that indicator's only.
 */
export function figuresTable(figures: PlanFigures, indicatorSlug?: string): FiguresTable {
  const chosen = indicatorSlug === undefined ? figures.indicators : figures.indicators.filter((i) => i.slug === indicatorSlug);
  if (indicatorSlug !== undefined && chosen.length === 0) throw new IndicatorNotFoundError();
  const rows = chosen.flatMap((i) =>
    i.measurements.map((m) => {
      const cells: Record<(typeof measurementHeaders)[number], string> = {
        indicator: i.slug,
        peildatum: formatDutchDate(m.date),
        periode: m.label,
        gebied: m.scope,
        waarde: valueCell(m, i.unit),
        bron: m.source ?? "",
        toelichting: [m.narrative, m.note].filter(Boolean).join(" "),
        voorlopig: m.provisional ? "ja" : "nee",
      };
      return measurementHeaders.map((header) => cells[header]);
    }),
  );
  return { headers: [...measurementHeaders], rows };
}

/**
 * A cell as a CSV may hold it: text starting with =, +, - or @ would run as a formula in a
 * spreadsheet, so it gets a leading apostrophe (as the audit CSV does); a number such as
 * "-2,5" stays a number.
 */
export function csvCell(cell: string): string {
  return /^[=+\-@]/.test(cell) && !parseDutchNumber(cell).ok ? `'${cell}` : cell;
}

/** The table as CSV for Excel with Dutch settings, formula-like text made harmless. */
export function figuresCsv(table: FiguresTable): Uint8Array {
  return writeCsv(table.headers, table.rows.map((row) => row.map(csvCell)));
}

/**
 * The table as .xlsx. Values are numbers Excel can count with, except percentages, which
 * keep their text ("1,96%") so that 1,96 is not read as 196%; the import reads both back.
 */
export function figuresXlsx(table: FiguresTable, sheetName: string): Promise<Uint8Array> {
  const rows = table.rows.map((row) =>
    row.map((cell, column): string | number => {
      if (column !== VALUE || cell.endsWith("%")) return cell;
      const number = parseDutchNumber(cell);
      return number.ok ? number.value : cell;
    }),
  );
  return writeXlsx(sheetName, table.headers, rows);
}
