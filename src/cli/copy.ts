/**
 * `koers copy PLAN [--title TITEL] [--slug KORTE-NAAM] [--period 'naam,begin,einde'] [--only-open] [--dry-run]`:
 * next year's plan from this one, through the same command as the copy form and the API
 * (copying/service.ts). Title and period default to what the form proposes (the years moved on
 * by the plan's length); all items come along unless --only-open leaves out what is finished.
 * With --dry-run it tells what the copy would hold and writes nothing. Exit codes as `koers import`.
 */
import type { Command } from "commander";
import type { Database } from "../db/client.ts";
import { InputError } from "../lib/validation.ts";
import { commandLine } from "../modules/access/viewer.ts";
import { proposeCopy } from "../modules/copying/proposal.ts";
import { copyPlan, type CopyOutcome } from "../modules/copying/service.ts";
import { getPlan } from "../modules/plans/reading.ts";
import type { CliIo } from "./index.ts";
import { Refused } from "./refused.ts";

export interface CopyCliOptions {
  title?: string;
  slug?: string;
  period?: string;
  onlyOpen?: boolean;
  dryRun?: boolean;
}

/** "2026,2026-01-01,2026-12-31" → a period; what is missing stays empty, for the command to name. */
export function periodOption(text: string): { label: string; start: string; end: string } {
  const [label, start, end] = text.split(",").map((s) => s.trim());
  return { label: label ?? "", start: start ?? "", end: end ?? "" };
}

/** The copy as the command line asks for it; the proposal of the form for what it leaves out. */
export async function copyFromCommandLine(database: Database, plan: string, options: CopyCliOptions): Promise<{ from: string; title: string; period: string; outcome: CopyOutcome }> {
  const from = await getPlan(database.db, commandLine, plan, "edit");
  const proposal = proposeCopy(from);
  const title = options.title ?? proposal.title;
  const period = options.period === undefined ? proposal.period : periodOption(options.period);
  try {
    const outcome = await copyPlan(database.db, commandLine, plan, { title, slug: options.slug ?? null, period, items: options.onlyOpen ? "unfinished" : "all" }, { dryRun: options.dryRun ?? false });
    return { from: from.title, title, period: `${period.label} (${period.start} tot en met ${period.end})`, outcome };
  } catch (error) {
    if (error instanceof InputError) throw new Refused(`Niets gekopieerd:\n${error.problems.map((p) => `  ${optionName(p.path)}: ${p.message}`).join("\n")}`);
    throw error;
  }
}

/** The option a problem of copyPlanSchema is about. */
function optionName(path: string): string {
  if (path === "title") return "--title";
  if (path === "slug") return "--slug";
  if (path.startsWith("period")) return "--period";
  return path;
}

export function registerCopyCommand(program: Command, io: CliIo, withDatabase: <T>(io: CliIo, work: (database: Database) => Promise<T>) => Promise<T>) {
  program
    .command("copy")
    .description("Maak het plan voor een nieuwe periode uit een bestaand plan (als concept, niet openbaar); het bestaande plan blijft zoals het is")
    .argument("<plan>", "de korte naam van het plan, zoals in de adresbalk")
    .option("--title <titel>", "titel van het nieuwe plan (standaard: de titel met de jaren een periode verder)")
    .option("--slug <korte-naam>", "korte naam van het nieuwe plan (standaard: gemaakt van de titel)")
    .option("--period <periode>", "'naam,begin,einde', bijvoorbeeld '2026,2026-01-01,2026-12-31' (standaard: de periode een periode verder)")
    .option("--only-open", "neem alleen de onderdelen over die nog niet af zijn (laatste voortgang niet afgerond of vervallen)")
    .option("--dry-run", "toon wat het nieuwe plan zou bevatten, zonder iets te schrijven")
    .action(async (plan: string, options: CopyCliOptions) => {
      const { from, title, period, outcome } = await withDatabase(io, (database) => copyFromCommandLine(database, plan, options));
      const what = `${outcome.copied} onderdelen overgenomen${outcome.leftOut ? `, ${outcome.leftOut} afgeronde niet` : ""}, ${outcome.indicators} indicatoren`;
      io.out(
        options.dryRun
          ? `Zou kopiëren (er is niets geschreven): plan '${outcome.slug}' (${title}, ${period}) uit ${from}: ${what}.\n`
          : `Gekopieerd: plan ${outcome.slug} (${title}, ${period}; concept, niet openbaar) uit ${from}: ${what}.\n`,
      );
    });
}
