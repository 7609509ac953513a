/**
 * `koers figures import BESTAND... --plan SLUG [--dry-run] [--format json]`: reads measurements
 * from CSV or Excel files (as people export them: `;`, decimal comma, Dutch dates) into one
 * plan's indicators, all rows of all files or none. With --dry-run it prints the rows as they
 * would land (values as numbers, dates as ISO dates) and writes nothing. Exit codes as
 * `koers import`.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Option, type Command } from "commander";
import { readSheet, SheetError } from "../lib/figures/sheet.ts";
import { InputError, type InputProblem } from "../lib/validation.ts";
import { commandLine } from "../modules/access/viewer.ts";
import { measurementRows } from "../modules/figures/sheet-rows.ts";
import { saveMeasurements } from "../modules/figures/service.ts";
import type { Database } from "../db/client.ts";
import type { CliIo } from "./index.ts";

export function registerFiguresCommand(program: Command, io: CliIo, withDatabase: <T>(io: CliIo, work: (database: Database) => Promise<T>) => Promise<T>) {
  const figures = program.command("figures").description("Cijfers: metingen van indicatoren");
  figures
    .command("import")
    .description("Lees metingen in uit CSV- of Excel-bestanden (alles of niets)")
    .argument("<bestanden...>", "CSV (.csv, ; of , als scheidingsteken) of Excel (.xlsx)")
    .requiredOption("--plan <slug>", "het plan waar de indicatoren bij horen")
    .option("--dry-run", "toon wat er ingelezen zou worden, zonder iets op te slaan")
    .addOption(new Option("--format <formaat>", "tekst of json").choices(["tekst", "json"]).default("tekst"))
    .action(async (paths: string[], options: { plan: string; dryRun?: boolean; format: "tekst" | "json" }) => {
      const problems: InputProblem[] = [];
      const rows: Parameters<typeof saveMeasurements>[3][number][] = [];
      for (const path of paths) {
        const file = basename(path);
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(path);
        } catch {
          problems.push({ file, path: "(bestand)", message: "Dit bestand is niet te lezen of bestaat niet." });
          continue;
        }
        try {
          const found = measurementRows(file, await readSheet(file, bytes));
          problems.push(...found.problems);
          rows.push(...found.rows.map((r) => ({ ...r, row: paths.length > 1 ? `${file}, ${r.row}` : r.row })));
        } catch (error) {
          if (!(error instanceof SheetError)) throw error;
          problems.push({ file, path: "(bestand)", message: error.message });
        }
      }
      if (problems.length > 0) throw new InputError(problems);
      const result = await withDatabase(io, ({ db }) => saveMeasurements(db, commandLine, options.plan, rows, { file: paths.map((p) => basename(p)).join(", "), dryRun: options.dryRun ?? false }));
      const landed = result.rows.map(({ row, indicator, measurement: m }) => ({ row, indicator, ...m }));
      if (options.format === "json") io.out(`${JSON.stringify(landed, null, 2)}\n`);
      else if (options.dryRun) {
        for (const r of landed) io.out(`${r.row}: ${r.indicator} ${r.date} ${r.scope} ${r.value ?? "–"}${r.provisional ? " (voorlopig)" : ""}\n`);
      }
      if (options.format !== "json") {
        io.out(options.dryRun ? `Proef: ${landed.length} meting(en) zouden worden ingelezen; er is niets opgeslagen.\n` : `Ingelezen: ${landed.length} meting(en) bij ${options.plan}.\n`);
      }
    });
}
