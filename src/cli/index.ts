/**
 * The `koers` command. Exit codes: 0 done; 1 the input or the data was refused
 * (nothing was changed); 2 wrong use of the command; 3 the database is in use by
 * another process or cannot be reached; 4 something failed inside Koers (the
 * message says so; the technical details go to the log at debug level only).
 */
import { registerFiguresCommand } from "./figures.ts";
import { registerReportCommand } from "./report.ts";
import { registerProgressCommand } from "./progress.ts";
import { registerCopyCommand } from "./copy.ts";
import { Refused } from "./refused.ts";
import { writeFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import pino from "pino";
import { stringify } from "yaml";
import { loadConfig } from "../config.ts";
import { DatabaseBusyError } from "../db/client.ts";
import { openReadyDatabase } from "../db/ready.ts";
import { ConflictError, NotFoundError } from "../lib/errors.ts";
import { InputError } from "../lib/validation.ts";
import { commandLine, system } from "../modules/access/viewer.ts";
import { addUser, listUsers, PasswordRuleError, setDisabled, setRole } from "../modules/accounts/service.ts";
import { memberRoles, type MemberRole } from "../modules/access/viewer.ts";
import { importPaths } from "../modules/exchange/service.ts";
import { getPlan, PlanNotFoundError } from "../modules/plans/reading.ts";
import { toPlanFile } from "../modules/plans/exchange.ts";
import { getEvaluation, toEvaluationFile } from "../modules/evaluations/service.ts";
import type { Database } from "../db/client.ts";
import { registerWhenCommand } from "./when.ts";

export const exitCodes = { ok: 0, refused: 1, usage: 2, unavailable: 3, failed: 4 } as const;

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
    .description("Lees plannen, evaluaties, organisaties, onderwerpen of begrippen in (YAML of JSON), of een plan uit Word (.docx). Alles of niets.")
    .argument("<bestanden...>", "bestanden of mappen (ingedeeld als data/), of één Word-bestand")
    .option("--replace", "vervang plannen en evaluaties die al bestaan")
    .option("--dry-run", "controleer alles en toon wat ingelezen zou worden, zonder iets te schrijven")
    .addOption(new Option("--format <formaat>", "bij --dry-run: toon de inhoud als yaml of json").choices(["yaml", "json"]))
    .option("--owner <organisatie...>", "Word: korte naam van de eigenaar (een of meer)")
    .option("--slug <korte-naam>", "Word: korte naam van het plan")
    .option("--title <titel>", "Word: titel van het plan")
    .option("--period <periode>", "Word: 'naam,begin,einde', bijvoorbeeld 'schooljaar 2025-2026,2025-08-01,2026-07-31'")
    .action(async (paths: string[], options: { replace?: boolean; dryRun?: boolean; format?: "yaml" | "json"; owner?: string[]; slug?: string; title?: string; period?: string }, command: Command) => {
      const words = paths.filter((p) => /\.docx$/i.test(p));
      if (words.length > 0) {
        if (paths.length > 1) command.error("Lees een Word-bestand op zichzelf in, zonder andere bestanden.", { exitCode: exitCodes.usage, code: "koers.docx" });
        const { importWordFile } = await import("./word-import.ts");
        const result = await withDatabase(io, (database) => importWordFile(database, commandLine, words[0]!, options));
        if (options.dryRun) {
          if (options.format) io.out(serialise(result.plan, options.format));
          else io.out(`Zou inlezen (er is niets geschreven): plan '${result.plan!.slug}' met ${result.proposal.counts.items} onderdelen.\n`);
          for (const u of result.proposal.unreadable) io.err(`Niet ingelezen (${u.place}): ${u.what}\n`);
          if ((options.owner ?? []).length === 0) io.err("Kies bij het echte inlezen de eigenaar met --owner.\n");
        } else {
          io.out(`Ingelezen: plan ${result.plan!.slug} (concept, niet gepubliceerd) met ${result.proposal.counts.items} onderdelen.\n`);
          for (const u of result.proposal.unreadable) io.err(`Niet ingelezen (${u.place}): ${u.what}\n`);
        }
        return;
      }
      const summary = await withDatabase(io, (database) =>
        importPaths(database, paths, { replace: options.replace ?? false, viewer: commandLine, dryRun: options.dryRun ?? false }),
      );
      if (options.dryRun && options.format) {
        const { data } = summary;
        const only = data.plans.length + data.evaluations.length === 1 && !data.organisations.organisations.length && !data.topics.length && !data.glossary.length && !data.figures.length;
        io.out(serialise(only ? (data.plans[0] ?? data.evaluations[0]) : data, options.format));
        return;
      }
      const parts = [
        summary.plans.length && `${summary.plans.length} plan(nen): ${summary.plans.join(", ")}`,
        summary.evaluations.length && `${summary.evaluations.length} evaluatie(s): ${summary.evaluations.join(", ")}`,
        summary.organisations && `${summary.organisations} organisatie(s)`,
        summary.regions && `${summary.regions} regio('s)`,
        summary.topics && `${summary.topics} onderwerp(en)`,
        summary.glossary && `${summary.glossary} begrip(pen)`,
        summary.figures.indicators && `${summary.figures.indicators} indicator(en) met ${summary.figures.measurements} meting(en)`,
      ].filter(Boolean);
      io.out(`${options.dryRun ? "Zou inlezen (er is niets geschreven)" : "Ingelezen"}: ${parts.join("; ") || "niets"}.\n`);
    });

  program
    .command("export")
    .description("Schrijf een plan (of evaluatie) uit in het uitwisselformaat, of een plan als Word- of Excelbestand")
    .argument("<slug>", "de korte naam van het plan of de evaluatie, zoals in de adresbalk")
    .addOption(new Option("--format <formaat>", "yaml, json, docx (Word) of xlsx (Excel)").choices(["yaml", "json", "docx", "xlsx"]).default("yaml"))
    .option("-o, --output <bestand>", "schrijf naar dit bestand in plaats van naar het scherm (nodig bij docx en xlsx)")
    .action(async (slug: string, options: { format: "yaml" | "json" | "docx" | "xlsx"; output?: string }, command: Command) => {
      if (options.format === "docx" || options.format === "xlsx") {
        const format = options.format;
        const output = options.output;
        if (!output) command.error(`Een ${format}-bestand kan niet op het scherm: geef met -o de naam van het bestand.`, { exitCode: exitCodes.usage, code: "koers.output" });
        const bytes = await withDatabase(io, async ({ db }) => {
          const { renderPlanDocument } = await import("../modules/reports/plan-documents.ts");
          return renderPlanDocument(await getPlan(db, system, slug), format);
        });
        writeFileSync(output, bytes);
        io.out(`Geschreven naar ${output}.\n`);
        return;
      }
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

  registerWhenCommand(program, io);
  registerFiguresCommand(program, io, withDatabase);
  registerReportCommand(program, io, withDatabase);
  registerProgressCommand(program, io, withDatabase);
  registerCopyCommand(program, io, withDatabase);

  program
    .command("notify")
    .description("Stuur nu de berichten die Koers vanzelf stuurt (geopende rondes, herinneringen, dagoverzicht, agenda's), elk maar één keer")
    .action(async () => {
      const config = loadConfig(io.env);
      const outcome = await withDatabase(io, async ({ db }) => {
        const { createMailer } = await import("../modules/accounts/mail.ts");
        const { createLogger } = await import("../logger.ts");
        const { runNotifications } = await import("../modules/notifications/service.ts");
        return runNotifications(db, createMailer(config.mail, createLogger(config.logLevel)), config.notifications);
      });
      io.out(
        `Verstuurd: ${outcome.opened} over een geopende ronde, ${outcome.reminders} herinneringen, ${outcome.digests} dagoverzichten, ${outcome.agendas} agenda's.\n`,
      );
    });

  const users = program.command("users").description("Gebruikers beheren");
  users
    .command("add")
    .description("Voeg een gebruiker toe; toont een eenmalige link om het wachtwoord in te stellen (7 dagen geldig)")
    .argument("<email>", "e-mailadres")
    .option("--admin", "maak de gebruiker beheerder")
    .option("--name <naam>", "naam van de gebruiker")
    .action(async (email: string, options: { admin?: boolean; name?: string }) => {
      const link = await withDatabase(io, async ({ db }) => {
        const { inviteToken } = await addUser(db, commandLine, { email, name: options.name, isAdmin: options.admin ?? false });
        return `${loadConfig(io.env).publicUrl}/wachtwoord-instellen?token=${inviteToken}`;
      });
      io.out(`Gebruiker ${email.trim().toLowerCase()} toegevoegd${options.admin ? " als beheerder" : ""}.\nLink om het wachtwoord in te stellen (werkt één keer, 7 dagen geldig):\n${link}\n`);
    });
  users
    .command("list")
    .description("Toon alle gebruikers met hun rollen")
    .action(async () => {
      const list = await withDatabase(io, ({ db }) => listUsers(db, commandLine));
      if (list.length === 0) io.out("Er zijn nog geen gebruikers.\n");
      for (const u of list) {
        const roles = [u.isAdmin ? "beheerder" : "", ...u.memberships.map((m) => `${m.role} bij ${m.organisation}`)].filter(Boolean);
        io.out(`${u.email}\t${u.name}\t${u.disabled ? "uitgeschakeld" : u.hasPassword ? "actief" : "nog geen wachtwoord"}\t${roles.join(", ") || "geen rol"}\n`);
      }
    });
  for (const [name, disabled] of [["disable", true], ["enable", false]] as const) {
    users
      .command(name)
      .description(disabled ? "Schakel een gebruiker uit (sessies en API-sleutels vervallen)" : "Schakel een gebruiker weer in")
      .argument("<email>", "e-mailadres")
      .action(async (email: string) => {
        await withDatabase(io, ({ db }) => setDisabled(db, commandLine, email, disabled));
        io.out(`Gebruiker ${email.trim().toLowerCase()} ${disabled ? "uitgeschakeld" : "ingeschakeld"}.\n`);
      });
  }
  users
    .command("role")
    .description("Geef een gebruiker een rol bij een organisatie, of neem die af met 'geen'")
    .argument("<email>", "e-mailadres")
    .argument("<organisatie>", "korte naam van de organisatie, bijvoorbeeld swvnk")
    .argument("<rol>", `${memberRoles.join(", ")} of geen`)
    .action(async (email: string, organisation: string, role: string) => {
      if (role !== "geen" && !(memberRoles as readonly string[]).includes(role)) {
        throw new PasswordRuleError(`Onbekende rol '${role}': kies ${memberRoles.join(", ")} of geen.`);
      }
      await withDatabase(io, ({ db }) => setRole(db, commandLine, email, organisation, role === "geen" ? null : (role as MemberRole)));
      io.out(role === "geen" ? `Rol bij ${organisation} afgenomen.\n` : `${email.trim().toLowerCase()} is nu ${role} bij ${organisation}.\n`);
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
    if (error instanceof Refused) {
      io.err(`${error.message}\n`);
      return exitCodes.refused;
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
    if (error instanceof PasswordRuleError) {
      io.err(`${error.message}\n`);
      return exitCodes.usage;
    }
    if (error instanceof DatabaseBusyError) {
      io.err(`${error.message}\n`);
      return exitCodes.unavailable;
    }
    // A failed statement's message holds the SQL and its values: never shown, only logged at debug level.
    const message = error instanceof Error && !error.message.startsWith("Failed query") ? error.message.split("\n")[0]! : "";
    if (/ECONNREFUSED|ENOTFOUND|password authentication|does not exist/.test(message)) {
      io.err(`De database is niet bereikbaar: ${message}\n`);
      return exitCodes.unavailable;
    }
    if (message.startsWith("Ongeldige configuratie")) {
      io.err(`${message}\n`);
      return exitCodes.usage;
    }
    cliLogger(io).debug({ err: error }, "command failed");
    io.err("Er ging iets mis in Koers zelf; de opdracht is niet afgemaakt. Zet LOG_LEVEL=debug voor de technische details.\n");
    return exitCodes.failed;
  }
}

/** The command line's log: to standard error, at LOG_LEVEL (info when unset or unknown). */
function cliLogger(io: CliIo) {
  const level = io.env.LOG_LEVEL && Object.hasOwn(pino.levels.values, io.env.LOG_LEVEL) ? io.env.LOG_LEVEL : io.env.LOG_LEVEL === "silent" ? "silent" : "info";
  return pino({ level, base: { app: "koers" } }, { write: (line: string) => io.err(line) });
}

if (import.meta.main) {
  const code = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  });
  if (code !== 0 || process.argv[2] !== "serve") process.exit(code);
}
