/**
 * Progress by spreadsheet, both ways: the open updates of a reporting round as an Excel
 * workbook (.xlsx) to fill in, and the filled-in workbook read back and saved through
 * saveUpdates (updates.ts), all rows or none.
 *
 * The workbook has one row per item the person may update in the round (a coordinator
 * may choose one organisation), with read-only columns (code, level, title, who) locked
 * and grey, a dropdown of the Dutch status labels, and three hidden columns that tie
 * each row to Koers: the item's number, the round and the version of its update when the
 * file was made. That version is the optimistic lock: an update someone saved after the
 * download refuses the row. A workbook read back untouched changes nothing.
 *
 * Reading goes through lib/figures/sheet.ts (first worksheet, header row 1); every problem
 * names the sheet, the row and the column in plain Dutch.
 */
import type ExcelJS from "exceljs";
import type { Db } from "../../db/client.ts";
import { parseDutchNumber } from "../../lib/figures/dutch.ts";
import { mapHeaders, readSheet, SheetError, type Sheet } from "../../lib/figures/sheet.ts";
import { textFault } from "../../lib/text-safety.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";
import { ForbiddenError } from "../access/policy.ts";
import type { Viewer } from "../access/viewer.ts";
import type { OrganisationRef } from "../plans/reading.ts";
import { roundDetail, type RoundDetail } from "./service.ts";
import { statusLabels, statuses, type Status } from "../monitoring/status.ts";
import { saveUpdates, updatesOfPlan, type BatchUpdateOutcome, type BatchUpdateRow } from "../monitoring/updates.ts";

/** The worksheet Koers writes and reads; problems name it. */
export const SHEET_NAME = "Voortgang";

/** The columns, in order. `read`: the field Koers reads from it; the others are for the reader only (locked). */
export const progressColumns = [
  { key: "code", header: "Code", width: 8 },
  { key: "level", header: "Niveau", width: 12 },
  { key: "title", header: "Onderdeel", width: 40 },
  { key: "who", header: "Wie", width: 24 },
  { key: "status", header: "Status", width: 20, read: "status" },
  { key: "results", header: "Resultaten", width: 50, read: "results" },
  { key: "planning", header: "Planning", width: 50, read: "planning" },
  { key: "percentage", header: "Percentage", width: 12, read: "percentage" },
  { key: "statusReason", header: "Reden voor de status", width: 40, read: "statusReason" },
  { key: "item", header: "Nr", width: 8, read: "item", hidden: true },
  { key: "round", header: "Ronde", width: 8, read: "round", hidden: true },
  { key: "version", header: "Versie", width: 8, read: "version", hidden: true },
] as const;

type ReadField = Extract<(typeof progressColumns)[number], { read: string }>["read"];
const readColumns = progressColumns.filter((c): c is Extract<(typeof progressColumns)[number], { read: string }> => "read" in c);
const headerOf = Object.fromEntries(readColumns.map((c) => [c.read, c.header])) as Record<ReadField, string>;
const editable = new Set<string>(["status", "results", "planning", "percentage", "statusReason"]);

/** The Dutch status labels in order, for the dropdown and the messages. */
export const statusChoices = statuses.map((s) => statusLabels[s]);
const choiceText = `${statusChoices.slice(0, -1).join(", ")} of ${statusChoices.at(-1)}`;

/** One row of the workbook: an item and its update over the round's period as it is now. */
export interface ProgressSheetRow {
  itemId: number;
  code: string | null;
  level: string;
  title: string;
  organisations: string;
  status: Status | null;
  results: string;
  planning: string;
  percentage: number | null;
  statusReason: string | null;
  version: number | null;
}

export interface ProgressSheetData {
  round: RoundDetail;
  rows: ProgressSheetRow[];
  /** The organisations of the items the person may update, to choose from (coordinators). */
  organisations: OrganisationRef[];
  /** The organisation chosen, if any. */
  organisation: OrganisationRef | null;
}

const orgName = (o: { name: string; shortName: string | null }) => o.shortName ?? o.name;

/**
 * The rows of the workbook for this viewer: each item due in the round that the viewer may
 * update, in plan order; with `organisationId`, only the items that organisation answers for.
 * Partners who may update nothing in the round are refused (ForbiddenError).
 */
export async function progressSheetData(db: Db, viewer: Viewer, planSlug: string, roundId: number, options: { organisationId?: number } = {}): Promise<ProgressSheetData> {
  const round = await roundDetail(db, viewer, roundId, { planSlug });
  const progress = await updatesOfPlan(db, viewer, round.plan.slug, round.period.id, { round: { periodId: round.period.id, deadline: round.deadline } });
  const entries = new Map(progress.items.map((e) => [e.item.id, e]));
  const mine = round.items.filter((i) => entries.get(i.id)?.item.editable);
  if (mine.length === 0 && !round.may.coordinate) {
    throw new ForbiddenError("U heeft in deze rapportageronde geen onderdelen waarvan u de voortgang mag bijwerken.");
  }
  const organisations = new Map<number, OrganisationRef>();
  for (const i of mine) for (const o of i.organisations) organisations.set(o.id, o);
  const organisation = options.organisationId === undefined ? null : (organisations.get(options.organisationId) ?? null);
  const chosen = organisation ? mine.filter((i) => i.organisations.some((o) => o.id === organisation.id)) : mine;
  const rows = chosen.map((i): ProgressSheetRow => {
    const update = entries.get(i.id)!.update;
    return {
      itemId: i.id,
      code: i.code,
      level: i.level,
      title: i.title,
      organisations: i.organisations.map(orgName).join(", "),
      status: update?.status ?? null,
      results: update?.results ?? "",
      planning: update?.planning ?? "",
      percentage: update?.percentage ?? null,
      statusReason: update?.statusReason ?? null,
      version: update?.version ?? null,
    };
  });
  return { round, rows, organisations: [...organisations.values()].sort((a, b) => a.name.localeCompare(b.name, "nl")), organisation };
}

/** A file name of letters, digits and hyphens: "werkplan-voortgang-t1-2025.xlsx". */
export function progressFileName(planSlug: string, periodLabel: string, organisation?: { name: string; shortName: string | null } | null): string {
  const part = (text: string) =>
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
  return [planSlug, "voortgang", part(periodLabel), organisation ? part(orgName(organisation)) : ""].filter(Boolean).join("-") + ".xlsx";
}

const GREY: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E7E7" } };
const HEADER: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFC9D3DF" } };

/**
 * The workbook: the sheet Voortgang (header row, one row per item, read-only columns locked
 * and grey, a status dropdown and a whole-number check on the percentage), and a sheet Uitleg.
 * The sheets are protected without a password, only so that nobody changes a locked cell by accident.
 */
export async function progressWorkbook(data: Pick<ProgressSheetData, "round" | "rows" | "organisation">): Promise<Uint8Array> {
  const Excel = (await import("exceljs")).default;
  const workbook = new Excel.Workbook();
  workbook.creator = "Koers";
  const { round } = data;
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", ySplit: 1, xSplit: 3 }] });
  sheet.columns = progressColumns.map((c) => ({ header: c.header, key: c.key, width: c.width, hidden: "hidden" in c && c.hidden }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER;
    cell.alignment = { vertical: "top", wrapText: true };
  });
  for (const r of data.rows) {
    const row = sheet.addRow({
      code: r.code ?? null,
      level: r.level,
      title: r.title,
      who: r.organisations,
      status: r.status ? statusLabels[r.status] : null,
      results: r.results || null,
      planning: r.planning || null,
      percentage: r.percentage,
      statusReason: r.statusReason || null,
      item: r.itemId,
      round: round.id,
      version: r.version,
    });
    progressColumns.forEach((c, index) => {
      const cell = row.getCell(index + 1);
      cell.alignment = { vertical: "top", wrapText: true };
      if (!editable.has(c.key)) {
        cell.fill = GREY;
        return;
      }
      cell.protection = { locked: false };
      if (c.key === "status") {
        cell.dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [`"${statusChoices.join(",")}"`],
          showErrorMessage: true,
          errorStyle: "stop",
          errorTitle: "Status",
          error: `Kies een status uit de lijst: ${choiceText}.`,
        };
      } else if (c.key === "percentage") {
        cell.numFmt = "0";
        cell.dataValidation = {
          type: "whole",
          operator: "between",
          allowBlank: true,
          formulae: [0, 100],
          showErrorMessage: true,
          errorStyle: "stop",
          errorTitle: "Percentage",
          error: "Geef een heel getal van 0 tot en met 100, of laat de cel leeg.",
        };
      }
    });
  }
  await sheet.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  const about = workbook.addWorksheet("Uitleg");
  about.getColumn(1).width = 24;
  about.getColumn(2).width = 90;
  const lines: [string, string][] = [
    ["Plan", round.plan.title],
    ["Rapportageronde", `Voortgang over ${round.period.label}`],
    ["Uiterste datum", round.deadline.split("-").reverse().join("-")],
    ...(data.organisation ? ([["Organisatie", data.organisation.name]] as [string, string][]) : []),
    ["Onderdelen", String(data.rows.length)],
    ["", ""],
    ["Zo vult u het in", "Vul op het blad Voortgang per onderdeel de witte kolommen in: Status, Resultaten, Planning, Percentage en Reden voor de status."],
    ["", "De grijze kolommen zijn om te lezen; verander ze niet. Voeg geen rijen toe en verwijder geen kolommen."],
    ["", "Laat u bij een onderdeel alles leeg, dan meldt u daarvan nu niets."],
    ["Status", `Kies uit de lijst: ${choiceText}.`],
    ["Percentage", "Hoeveel procent klaar is: een heel getal van 0 tot en met 100, of leeg."],
    ["Reden voor de status", "Nodig bij een onderdeel met onderdelen eronder, als u een andere status kiest dan daaruit volgt."],
    ["Inlezen", "Lees het bestand in Koers in bij de rapportageronde, onder 'Voortgang invullen in Excel'. U ziet eerst wat er verandert."],
    ["", "Is één rij niet goed, dan slaat Koers niets op en noemt het elke fout met blad, rij en kolom."],
    ["", "Heeft iemand anders de voortgang van een onderdeel na het downloaden gewijzigd, dan weigert Koers die rij: download dan opnieuw."],
  ];
  for (const [label, text] of lines) about.addRow([label, text]).getCell(1).font = { bold: true };
  about.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  await about.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** A problem in the workbook: the row as the spreadsheet shows it (1 for the header), and the column's header. */
export interface SheetProblem {
  row: number;
  column: string | null;
  message: string;
}

/** "Blad Voortgang, rij 7, kolom Status: …". */
export function problemText(p: SheetProblem): string {
  return `Blad ${SHEET_NAME}, rij ${p.row}${p.column ? `, kolom ${p.column}` : ""}: ${p.message}`;
}

const WHOLE = /^\d+$/;

/** The status a cell names: a Dutch label (any case) or the status' own key. */
function statusOf(text: string): Status | undefined {
  const key = text.trim().toLowerCase().replace(/\s+/g, " ");
  return statuses.find((s) => statusLabels[s].toLowerCase() === key || s === key);
}

/**
 * The rows of a filled-in workbook as saveUpdates takes them, and the problems of its cells.
 * A row with nothing filled in and no update yet is left out (nothing to report). Rows with a
 * problem are left out of `rows`, so the rules can still check the others.
 */
export function readProgressRows(sheet: Sheet, roundId: number): { rows: (BatchUpdateRow & { line: number })[]; problems: SheetProblem[]; empty: number } {
  const known = Object.fromEntries(readColumns.map((c) => [c.read, [c.header]])) as Record<ReadField, string[]>;
  known.statusReason.push("reden");
  known.item.push("nummer");
  const { columns, missing } = mapHeaders(sheet.headers, known);
  if (missing.length > 0) {
    return {
      rows: [],
      empty: 0,
      problems: missing.map((field) => ({
        row: 1,
        column: null,
        message: `de kolom ${headerOf[field as ReadField]} ontbreekt. Download het bestand opnieuw en vul dat in, zonder kolommen te verwijderen.`,
      })),
    };
  }
  const rows: (BatchUpdateRow & { line: number })[] = [];
  const problems: SheetProblem[] = [];
  let empty = 0;
  for (const { row, cells } of sheet.rows) {
    const at = (field: ReadField) => (cells[columns[field]!] ?? "").replace(/\r\n?/g, "\n");
    const problem = (field: ReadField, message: string) => problems.push({ row, column: sheet.headers[columns[field]!] ?? headerOf[field], message });
    const before = problems.length;
    for (const field of Object.keys(columns) as ReadField[]) {
      const fault = textFault(at(field));
      if (fault) problem(field, `de cel ${fault}.`);
    }
    if (problems.length > before) continue;

    const itemText = at("item").trim();
    if (!WHOLE.test(itemText) || !Number.isSafeInteger(Number(itemText))) {
      problem("item", itemText ? `'${itemText.slice(0, 40)}' is geen onderdeel dat Koers kent. Voeg geen rijen toe; download het bestand opnieuw als u een onderdeel mist.` : "deze rij heeft geen onderdeel van Koers. Voeg geen rijen toe; download het bestand opnieuw als u een onderdeel mist.");
      continue;
    }
    const roundText = at("round").trim();
    if (roundText !== String(roundId)) {
      problem("round", "deze rij komt uit het bestand van een andere rapportageronde. Download het bestand van deze ronde en vul dat in.");
      continue;
    }
    const versionText = at("version").trim();
    let version: number | null = null;
    if (versionText !== "") {
      if (!WHOLE.test(versionText) || Number(versionText) < 1) {
        problem("version", `'${versionText.slice(0, 40)}' is geen versie. Verander deze kolom niet; download het bestand opnieuw.`);
        continue;
      }
      version = Number(versionText);
    }

    const statusText = at("status").trim();
    const results = at("results");
    const planning = at("planning");
    const reason = at("statusReason");
    const percentText = at("percentage").trim();
    if (statusText === "" && version === null && [results, planning, reason, percentText].every((t) => t.trim() === "")) {
      empty += 1;
      continue;
    }
    let status: Status | undefined;
    if (statusText === "") problem("status", `kies een status uit de lijst: ${choiceText}.`);
    else {
      status = statusOf(statusText);
      if (!status) problem("status", `'${statusText.slice(0, 40)}' is geen status; kies uit ${choiceText}.`);
    }
    let percentage: number | null = null;
    if (percentText !== "") {
      const parsed = parseDutchNumber(percentText);
      if (!parsed.ok) problem("percentage", `'${percentText.slice(0, 40)}' is geen getal; geef een heel getal van 0 tot en met 100, of laat de cel leeg.`);
      else percentage = parsed.value;
    }
    if (problems.length > before) continue;
    rows.push({
      row: `rij ${row}`,
      line: row,
      itemId: Number(itemText),
      // A fraction or a number out of range goes on to the rules, which say what a percentage is.
      input: { version, status: status!, results, planning, percentage, statusReason: reason.trim() === "" ? null : reason },
    });
  }
  return { rows, problems, empty };
}

const fieldColumn: Record<string, string> = {
  item: headerOf.item,
  version: headerOf.version,
  status: headerOf.status,
  results: headerOf.results,
  planning: headerOf.planning,
  percentage: headerOf.percentage,
  statusReason: headerOf.statusReason,
};

/** A problem saveUpdates found ("rij 7, status" with "Status: …") as a problem of the sheet. */
export function sheetProblemOf(p: InputProblem): SheetProblem {
  const m = /^rij (\d+)(?:, (\w+))?$/.exec(p.path);
  if (!m) return { row: 1, column: null, message: p.message };
  const field = m[2];
  return {
    row: Number(m[1]),
    column: field ? (fieldColumn[field] ?? field) : null,
    // The rules start their messages with a form label ("Status: …"); the column says that already.
    message: p.message.replace(/^[A-Z][a-z ]{0,30}: /, ""),
  };
}

/** What reading a file gave: per changed row what it does, or the problems that stop it all. */
export interface ProgressImport {
  file: string;
  outcomes: (BatchUpdateOutcome & { line: number; item: ProgressSheetRow | undefined })[];
  /** Rows left empty (nothing reported). */
  empty: number;
  problems: string[];
  saved: boolean;
}

/**
 * Reads a filled-in workbook and checks every row by the rules of saveUpdates; with `save`
 * and no problem, saves all rows at once. A round that is closed, or a file that cannot be
 * read, gives one problem; the rows that can be checked are checked, so one report names
 * every problem. `known`: the rows of the viewer's own download, to name the items.
 */
export async function importProgress(
  db: Db,
  viewer: Viewer,
  data: ProgressSheetData,
  upload: { name: string; bytes: Uint8Array },
  save: boolean,
): Promise<ProgressImport> {
  const result: ProgressImport = { file: upload.name, outcomes: [], empty: 0, problems: [], saved: false };
  const { round } = data;
  if (!round.open) {
    return { ...result, problems: [`De rapportageronde over ${round.period.label} is gesloten. De voortgang over ${round.period.label} ligt vast; er is niets ingelezen.`] };
  }
  let sheet: Sheet;
  try {
    sheet = await readSheet(upload.name, upload.bytes);
  } catch (error) {
    if (!(error instanceof SheetError)) throw error;
    return { ...result, problems: [error.message] };
  }
  const read = readProgressRows(sheet, round.id);
  result.empty = read.empty;
  const problems = [...read.problems];
  const headerMissing = problems.some((p) => p.row === 1);
  if (!headerMissing && read.rows.length > 0) {
    try {
      const outcomes = await saveUpdates(db, viewer, round.plan.slug, round.period.id, read.rows, { file: upload.name, dryRun: !save || problems.length > 0 });
      const lines = new Map(read.rows.map((r) => [r.row, r.line]));
      const all = await rowsByItem(db, viewer, data);
      result.outcomes = outcomes.map((o) => ({ ...o, line: lines.get(o.row)!, item: all.get(o.itemId) }));
      result.saved = save && problems.length === 0;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems.map(sheetProblemOf));
    }
  }
  if (!headerMissing && read.rows.length === 0 && problems.length === 0 && read.empty === 0) {
    problems.push({ row: 2, column: null, message: "het blad heeft geen rijen met onderdelen. Download het bestand opnieuw en vul dat in." });
  }
  result.problems = problems
    .map((p, order) => ({ p, order }))
    .sort((a, b) => a.p.row - b.p.row || a.order - b.order)
    .map(({ p }) => problemText(p));
  if (result.problems.length > 0) {
    result.saved = false;
    result.outcomes = [];
  }
  return result;
}

/** Every item the viewer may update in the round, to name the items of the outcomes (also those of another organisation). */
async function rowsByItem(db: Db, viewer: Viewer, data: ProgressSheetData): Promise<Map<number, ProgressSheetRow>> {
  if (!data.organisation) return new Map(data.rows.map((r) => [r.itemId, r]));
  const all = await progressSheetData(db, viewer, data.round.plan.slug, data.round.id);
  return new Map(all.rows.map((r) => [r.itemId, r]));
}
