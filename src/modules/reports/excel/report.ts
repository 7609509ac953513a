/**
 * The progress report as an Excel workbook (the model: ../model.ts): one sheet per level with
 * its items (code, title, status, late); "Voortgang" with one row per update; "Cijfers" with
 * one row per measurement of the items' indicators, the value as a number where the viewer
 * may see it and as the pages print it ("< 5" for a small count kept back). Every sheet has a
 * header row that stays in view and filters.
 */
import { statusLabels, type Status } from "../../monitoring/status.ts";
import type { Report } from "../model.ts";
import { addSheet, newWorkbook, plainText, workbookBytes, type Cell } from "./workbook.ts";

const statusText = (status: Status | null) => (status ? statusLabels[status] : null);
/** A calendar date as Excel keeps one: midnight UTC, shown as dd-mm-jjjj. */
const day = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

/** The report as a .xlsx file. */
export async function renderReportXlsx(report: Report): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  workbook.title = report.title;

  const levels = report.plan.levels.filter((l) => report.items.some((i) => i.levelKey === l.key));
  for (const level of levels) {
    addSheet(
      workbook,
      level.plural ?? level.name,
      ["Code", "Titel", "Status", "Status volgt uit de onderdelen", "Te laat"],
      report.items
        .filter((i) => i.levelKey === level.key)
        .map((i): Cell[] => [i.code, i.title, statusText(i.status), i.status && !i.statusStated ? "ja" : "nee", i.late ? "ja" : "nee"]),
    );
  }

  addSheet(
    workbook,
    "Voortgang",
    ["Code", "Titel", "Periode", "Status", "Percentage gereed", "Toelichting bij de status", "Resultaten", "Planning", "Door", "Datum", "Bron"],
    report.items.flatMap((i) =>
      i.updates.map((u): Cell[] => {
        const sections = (list: typeof u.results) =>
          list.map((s) => (list.length === 1 && /^resultaten|^planning/i.test(s.title) ? plainText(s.text) : `${s.title}\n${plainText(s.text)}`)).join("\n\n") || null;
        return [
          i.code,
          i.title,
          u.period,
          statusText(u.status),
          u.percentage,
          u.statusReason,
          sections(u.results),
          sections(u.planning),
          u.author,
          day(u.date),
          u.source.kind === "evaluatie" ? u.source.title : "Rapportageronde",
        ];
      }),
    ),
  );

  addSheet(
    workbook,
    "Cijfers",
    ["Indicator", "Code", "Onderdeel", "Peildatum", "Periode", "Gebied", "Waarde", "Weergave", "Eenheid", "Voorlopig"],
    report.items.flatMap((i) =>
      i.indicators.flatMap((ind) =>
        ind.measurements.map((m): Cell[] => [
          ind.name,
          i.code,
          i.title,
          day(m.date),
          m.label,
          m.scopeName,
          // A small count kept back has no number here: only its display ("< 5").
          m.suppressed || m.value === null ? null : m.value,
          ind.unit === "tekst" ? (m.narrative ?? m.display) : m.display,
          ind.unit,
          m.provisional ? "ja" : "nee",
        ]),
      ),
    ),
  );
  return workbookBytes(workbook);
}
