/**
 * `koers report PLAN --period LABEL [--to LABEL] --format html|docx|xlsx -o FILE`: the report on
 * a plan over a period (or from --period to --to), as the report page shows it, with the
 * coordinator's texts. LABEL is the period as Koers shows it: "2022", "T1 2025-2026".
 * Small counts about children are kept back unless --confidential. Exit codes as `koers import`.
 */
import { writeFileSync } from "node:fs";
import { CommanderError, Option, type Command } from "commander";
import { commandLine } from "../modules/access/viewer.ts";
import { reportOf } from "../modules/reports/service.ts";
import { reportDocx, reportXlsx } from "../modules/reports/routes.tsx";
import { reportHtml } from "../modules/reports/standalone.tsx";
import type { Database } from "../db/client.ts";
import type { CliIo } from "./index.ts";

const formats = ["html", "docx", "xlsx"] as const;
type Format = (typeof formats)[number];

export function registerReportCommand(program: Command, io: CliIo, withDatabase: <T>(io: CliIo, work: (database: Database) => Promise<T>) => Promise<T>) {
  program
    .command("report")
    .description("Maak de voortgangsrapportage van een plan over een periode, als webpagina, Word- of Excelbestand")
    .argument("<plan>", "de korte naam van het plan, zoals in de adresbalk")
    .requiredOption("--period <periode>", "de periode zoals Koers haar toont, bijvoorbeeld 2022 of 'T1 2025-2026'")
    .option("--to <periode>", "de laatste periode, voor een rapportage over meer periodes")
    .addOption(new Option("--format <formaat>", "html, docx of xlsx").choices(formats).default("html"))
    .option("-o, --output <bestand>", "schrijf naar dit bestand (nodig bij docx en xlsx)")
    .option("--confidential", "toon kleine aantallen over kinderen (vertrouwelijk, alleen voor de partners)")
    .action(async (plan: string, options: { period: string; to?: string; format: Format; output?: string; confidential?: boolean }) => {
      if (options.format !== "html" && !options.output) {
        const message = `Geef met -o een bestand om het ${options.format}-bestand in te schrijven.`;
        io.err(`${message}\n`);
        throw new CommanderError(2, "koers.output", message);
      }
      const report = await withDatabase(io, ({ db }) => reportOf(db, commandLine, plan, { from: options.period, to: options.to }, { confidential: Boolean(options.confidential) }));
      const content = options.format === "docx" ? await reportDocx(report) : options.format === "xlsx" ? await reportXlsx(report) : await reportHtml(report);
      if (options.output) {
        writeFileSync(options.output, content);
        io.out(`Rapportage '${report.title}' over ${report.spanLabel} geschreven naar ${options.output}.\n`);
      } else io.out(content as string);
    });
}
