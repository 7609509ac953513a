/**
 * The `koers` command. Exit codes: 0 done; 1 the input or the data was refused
 * (nothing was changed); 2 wrong use of the command; 3 the database is in use by
 * another process or cannot be reached.
 */
import { writeFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { stringify } from "yaml";
import { loadConfig } from "../config.ts";
import { DatabaseBusyError } from "../db/client.ts";
import { openReadyDatabase } from "../db/ready.ts";
import { ConflictError, NotFoundError } from "../lib/errors.ts";
import { InputError } from "../lib/validation.ts";
import { system } from "../modules/accounts/viewer.ts";
import { importPaths } from "../modules/exchange/service.ts";
import { getPlan, PlanNotFoundError, toPlanFile } from "../modules/plans/service.ts";
import { getEvaluation, toEvaluationFile } from "../modules/progress/service.ts";
import type { Database } from "../db/client.ts";

export const exitCodes = { ok: 0, refused: 1, usage: 2, unavailable: 3 } as const;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

async function withDatabase<T>(io: CliIo, work: (database: Database) => Promise<T>): Promise<T> {
  const { database } = await openReadyDatabase(loadConfig(io.env));
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Serialises a plan or evaluation for export; YAML with long lines kept whole. */
export function serialise(value: unknown, format: "yaml" | "json"): string {
  return format === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
}

export function buildProgram(io: CliIo): Command {
  const program = new Command("koers")
    .description("Koers: plannen, voortgang en verantwoording van onderwijs en jeugd")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  program
    .command("serve")
    .description("Start de webserver (poort uit PORT, standaard 3000)")
    .action(async () => {
      const { startServer } = await import("../main.ts");
      const { stop } = await startServer(loadConfig(io.env));
      await new Promise<void>((resolve) => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
      });
      await stop();
    });

  program
    .command("migrate")
    .description("Maak de database aan of werk haar bij (en laad bij de eerste keer de bronplannen)")
    .action(async () => {
      await withDatabase(io, async (database) => io.out(`Database bijgewerkt (${database.kind}: ${database.location}).\n`));
    });

  program
    .command("import")
    .description("Lees plannen, evaluaties, organisaties, onderwerpen of begrippen in (YAML of JSON). Alles of niets.")
    .argument("<bestanden...>", "bestanden of mappen (ingedeeld als data/)")
    .option("--replace", "vervang plannen en evaluaties die al bestaan")
    .action(async (paths: string[], options: { replace?: boolean }) => {
      const summary = await withDatabase(io, (database) => importPaths(database, paths, { replace: options.replace ?? false }));
      const parts = [
        summary.plans.length && `${summary.plans.length} plan(nen): ${summary.plans.join(", ")}`,
        summary.evaluations.length && `${summary.evaluations.length} evaluatie(s): ${summary.evaluations.join(", ")}`,
        summary.organisations && `${summary.organisations} organisatie(s)`,
        summary.regions && `${summary.regions} regio('s)`,
        summary.topics && `${summary.topics} onderwerp(en)`,
        summary.glossary && `${summary.glossary} begrip(pen)`,
      ].filter(Boolean);
      io.out(`Ingelezen: ${parts.join("; ") || "niets"}.\n`);
    });

  program
    .command("export")
    .description("Schrijf een plan (of evaluatie) uit in het uitwisselformaat")
    .argument("<slug>", "de korte naam van het plan of de evaluatie, zoals in de adresbalk")
    .addOption(new Option("--format <formaat>", "yaml of json").choices(["yaml", "json"]).default("yaml"))
    .option("-o, --output <bestand>", "schrijf naar dit bestand in plaats van naar het scherm")
    .action(async (slug: string, options: { format: "yaml" | "json"; output?: string }) => {
      const value = await withDatabase(io, async ({ db }) => {
        try {
          return toPlanFile(await getPlan(db, system, slug));
        } catch (error) {
          if (!(error instanceof PlanNotFoundError)) throw error;
          return toEvaluationFile(await getEvaluation(db, system, slug)).valueOf();
        }
      });
      const text = serialise(value, options.format);
      if (options.output) {
        writeFileSync(options.output, text);
        io.out(`Geschreven naar ${options.output}.\n`);
      } else io.out(text);
    });

  return program;
}

/** Runs the command line and returns the exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: "user" });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof InputError) {
      io.err(`Niets ingelezen: het bestand bevat fouten.\n${error.message}\n`);
      return exitCodes.refused;
    }
    if (error instanceof ConflictError) {
      io.err(`Niets gewijzigd: ${error.message}\n`);
      return exitCodes.refused;
    }
    if (error instanceof NotFoundError) {
      io.err(`Niet gevonden: ${error.message.replace("Evaluatie", "Plan of evaluatie")}\n`);
      return exitCodes.refused;
    }
    if (error instanceof DatabaseBusyError) {
      io.err(`${error.message}\n`);
      return exitCodes.unavailable;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (/ECONNREFUSED|ENOTFOUND|password authentication|does not exist/.test(message)) {
      io.err(`De database is niet bereikbaar: ${message}\n`);
      return exitCodes.unavailable;
    }
    if (message.startsWith("Ongeldige configuratie")) {
      io.err(`${message}\n`);
      return exitCodes.usage;
    }
    throw error;
  }
}

if (import.meta.main) {
  const code = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  });
  if (code !== 0 || process.argv[2] !== "serve") process.exit(code);
}
