/**
 * `koers progress import BESTAND --plan SLUG [--ronde ID] [--dry-run]`: reads a filled-in progress
 * workbook of a reporting round (downloaded from the round's page, "Voortgang invullen in Excel")
 * and saves every row at once, or none (rounds/progress-sheet.ts, the same check as the
 * upload page). The round is the one the file names, unless --ronde says otherwise. With
 * --dry-run it prints what would change and writes nothing. Exit codes as `koers import`.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { mapHeaders, readSheet, SheetError } from "../lib/figures/sheet.ts";
import { InputError } from "../lib/validation.ts";
import { commandLine } from "../modules/access/viewer.ts";
import { importProgress, progressSheetData } from "../modules/rounds/progress-sheet.ts";
import type { Database } from "../db/client.ts";
import type { CliIo } from "./index.ts";

const refuse = (file: string, message: string) => new InputError([{ file, path: "(bestand)", message }]);

/** The round a workbook names in its hidden column Ronde (first row with one). */
async function roundOf(file: string, bytes: Uint8Array): Promise<number> {
  let sheet;
  try {
    sheet = await readSheet(file, bytes);
  } catch (error) {
    if (error instanceof SheetError) throw refuse(file, error.message);
    throw error;
  }
  const { columns } = mapHeaders(sheet.headers, { round: ["Ronde"] });
  const text = columns.round === undefined ? "" : (sheet.rows.map((r) => r.cells[columns.round!]!.trim()).find(Boolean) ?? "");
  if (!/^\d{1,9}$/.test(text)) throw refuse(file, "het bestand noemt geen rapportageronde (kolom Ronde). Geef de ronde met --ronde.");
  return Number(text);
}

export function registerProgressCommand(program: Command, io: CliIo, withDatabase: <T>(io: CliIo, work: (database: Database) => Promise<T>) => Promise<T>) {
  const progress = program.command("progress").description("Voortgang van een rapportageronde");
  progress
    .command("import")
    .description("Lees een ingevuld voortgangsbestand (.xlsx) van een rapportageronde in (alles of niets)")
    .argument("<bestand>", "het Excel-bestand van 'Voortgang invullen in Excel', ingevuld")
    .requiredOption("--plan <slug>", "het plan van de ronde")
    .option("--ronde <id>", "het nummer van de ronde (standaard: de ronde die het bestand noemt)")
    .option("--dry-run", "toon wat er zou veranderen, zonder iets op te slaan")
    .action(async (path: string, options: { plan: string; ronde?: string; dryRun?: boolean }) => {
      const file = basename(path);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch {
        throw refuse(file, "Dit bestand is niet te lezen of bestaat niet.");
      }
      if (options.ronde !== undefined && !/^\d{1,9}$/.test(options.ronde)) throw refuse(file, "--ronde: geef het nummer van de ronde.");
      const roundId = options.ronde === undefined ? await roundOf(file, bytes) : Number(options.ronde);
      const result = await withDatabase(io, async ({ db }) => {
        const data = await progressSheetData(db, commandLine, options.plan, roundId);
        return importProgress(db, commandLine, data, { name: file, bytes }, !options.dryRun);
      });
      if (result.problems.length > 0) {
        throw new InputError(
          result.problems.map((text) => {
            const m = /^(Blad [^:]+): ([\s\S]*)$/.exec(text);
            return m ? { file, path: m[1]!, message: m[2]! } : { file, path: "(bestand)", message: text };
          }),
        );
      }
      const changes = result.outcomes.filter((o) => o.change !== "unchanged");
      for (const o of changes) {
        const name = o.item ? [o.item.code, o.item.title].filter(Boolean).join(" ") : `onderdeel ${o.itemId}`;
        io.out(`rij ${o.line}: ${name}: ${o.before ? `${o.before.status} → ` : ""}${o.after.status}${o.change === "new" ? " (eerste melding)" : ""}\n`);
      }
      const same = result.outcomes.length - changes.length;
      io.out(
        options.dryRun
          ? `Proef: ${changes.length} onderde(e)l(en) zouden veranderen, ${same} blijven gelijk; er is niets opgeslagen.\n`
          : changes.length === 0
            ? "Er is niets veranderd: het bestand zegt hetzelfde als wat er in Koers staat.\n"
            : `Opgeslagen: de voortgang van ${changes.length} onderde(e)l(en); ${same} bleven gelijk.\n`,
      );
    });
}
