/**
 * Measurements from a table as people export it from Excel (lib/figures/sheet.ts reads the
 * file): columns named in Dutch in any order and case, numbers with a decimal comma, Dutch
 * dates. Each problem names the row as the spreadsheet shows it and the column.
 */
import { parseDutchDate, parseDutchNumber } from "../../lib/figures/dutch.ts";
import { mapHeaders, type Sheet } from "../../lib/figures/sheet.ts";
import { textFault } from "../../lib/text-safety.ts";
import type { InputProblem } from "../../lib/validation.ts";
import type { MeasurementInput } from "./service.ts";

/** The columns Koers reads, and the names people give them. */
export const measurementColumns = {
  indicator: ["indicator", "indicatoren", "kengetal"],
  date: ["peildatum", "datum", "meetdatum"],
  label: ["periode", "meetmoment"],
  scope: ["gebied", "scope", "uitsplitsing"],
  value: ["waarde", "aantal", "getal", "value"],
  source: ["bron"],
  note: ["toelichting", "opmerking", "notitie"],
  provisional: ["voorlopig"],
} as const;
export type MeasurementColumn = keyof typeof measurementColumns;

/** The header row of an export, in the order Koers writes it. */
export const measurementHeaders = ["indicator", "peildatum", "periode", "gebied", "waarde", "bron", "toelichting", "voorlopig"] as const;

const yes = new Set(["ja", "j", "yes", "waar", "true", "1", "x"]);
const no = new Set(["", "nee", "n", "no", "onwaar", "false", "0"]);

/**
 * The rows of a sheet as saveMeasurements takes them, or the problems that stop it: all
 * rows are checked, so one report names every wrong cell. `extra` maps a header Koers does not
 * know to one of its columns (chosen in the preview).
 */
export function measurementRows(
  file: string,
  sheet: Sheet,
  extra: Partial<Record<string, MeasurementColumn>> = {},
): { rows: { row: string; indicator: string; input: MeasurementInput }[]; problems: InputProblem[]; unknown: string[] } {
  const known = Object.fromEntries(
    Object.entries(measurementColumns).map(([column, names]) => [
      column,
      [...names, ...Object.entries(extra).filter(([, to]) => to === column).map(([from]) => from)],
    ]),
  ) as Record<MeasurementColumn, string[]>;
  const { columns, unknown, missing } = mapHeaders(sheet.headers, known);
  const problems: InputProblem[] = [];
  const needed: MeasurementColumn[] = ["indicator", "value"];
  for (const column of needed.filter((c) => missing.includes(c))) {
    problems.push({ file, path: "rij 1", message: `De kolom '${measurementColumns[column][0]}' ontbreekt (de eerste rij noemt de kolommen).` });
  }
  if (missing.includes("date") && missing.includes("label")) {
    problems.push({ file, path: "rij 1", message: "De kolom 'peildatum' of 'periode' ontbreekt (de eerste rij noemt de kolommen)." });
  }
  if (problems.length > 0) return { rows: [], problems, unknown };

  const rows: { row: string; indicator: string; input: MeasurementInput }[] = [];
  for (const { row, cells } of sheet.rows) {
    const faulty = cells.findIndex((cell) => textFault(cell) !== undefined);
    if (faulty >= 0) {
      problems.push({ file, path: `rij ${row}, kolom ${sheet.headers[faulty] ?? faulty + 1}`, message: `de cel ${textFault(cells[faulty]!)}.` });
      continue;
    }
    const at = (column: MeasurementColumn) => (columns[column] === undefined ? "" : (cells[columns[column]!] ?? "").trim());
    const where = (column: MeasurementColumn) => `rij ${row}, kolom ${sheet.headers[columns[column]!] ?? measurementColumns[column][0]}`;
    const problem = (column: MeasurementColumn, expected: string, found: string) =>
      problems.push({ file, path: where(column), message: `verwacht ${expected}${found ? `, maar er staat '${found.slice(0, 40)}'` : ", maar de cel is leeg"}.` });

    let date: string | undefined;
    const dateText = at("date") || at("label");
    const parsedDate = parseDutchDate(dateText);
    if (parsedDate.ok) date = parsedDate.date;
    else problem(columns.date !== undefined ? "date" : "label", parsedDate.expected, dateText);

    let value: number | null = null;
    const valueText = at("value");
    if (valueText !== "") {
      const parsed = parseDutchNumber(valueText);
      if (parsed.ok) value = parsed.value;
      else problem("value", parsed.expected, valueText);
    }

    const provisionalText = at("provisional").toLowerCase();
    const provisional = yes.has(provisionalText) ? true : no.has(provisionalText) ? false : undefined;
    if (provisional === undefined) problem("provisional", "ja of nee", at("provisional"));

    if (!at("indicator")) problem("indicator", "de korte naam van een indicator van dit plan", "");
    rows.push({
      row: `rij ${row}`,
      indicator: at("indicator"),
      input: {
        date: date ?? "",
        label: at("label") || null,
        scope: at("scope") || "totaal",
        value,
        source: at("source") || null,
        note: at("note") || null,
        provisional: provisional ?? false,
      },
    });
  }
  return { rows, problems, unknown };
}
