/**
 * npx tsx scripts/example-figures.ts — writes the example files the user guide points to
 * (docs/voorbeelden/cijfers.csv and .xlsx): a few measurements of plan allen-voor-een-2022-2024
 * as Excel with Dutch settings writes them. src/modules/figures/examples.test.ts imports both.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { writeCsv, writeXlsx } from "../src/lib/figures/sheet.ts";
import { measurementHeaders } from "../src/modules/figures/sheet-rows.ts";

/** indicator, peildatum, periode, gebied, waarde (as the CSV writes it, and as an Excel number), bron, toelichting, voorlopig. */
const rows: [string, string, string, string, [string, number], string, string, string][] = [
  ["thuiszitters", "01-10-2025", "oktober 2025", "swv:swv-po-ijmond", ["18", 18], "registratie SWV", "", "nee"],
  ["thuiszitters", "01-10-2025", "oktober 2025", "swv:swv-vo-mk", ["9", 9], "registratie SWV", "Twee leerlingen zijn na de peildatum weer naar school.", "ja"],
  ["verwijzingspercentage", "31-07-2025", "schooljaar 2024-2025", "swv:swv-vo-mk", ["1,8%", 1.8], "DUO", "", "nee"],
  ["schoolbesturen", "1 oktober 2025", "", "totaal", ["12", 12], "registratie SWV", "", "nee"],
];

const folder = new URL("../docs/voorbeelden/", import.meta.url);
mkdirSync(folder, { recursive: true });
const headers = [...measurementHeaders];
writeFileSync(new URL("cijfers.csv", folder), writeCsv(headers, rows.map(([i, d, p, g, [text], b, t, v]) => [i, d, p, g, text, b, t, v])));
writeFileSync(new URL("cijfers.xlsx", folder), await writeXlsx("Cijfers", headers, rows.map(([i, d, p, g, [, number], b, t, v]) => [i, d, p, g, number, b, t || null, v])));
console.log("Geschreven: docs/voorbeelden/cijfers.csv en docs/voorbeelden/cijfers.xlsx");
