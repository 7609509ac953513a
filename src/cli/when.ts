/**
 * `koers when "TEKST" --plan-period BEGIN/EINDE [--regio noord|midden|zuid]`: shows how
 * Koers reads the Dutch "wanneer" text of a plan item (see src/lib/timing/timing.ts for
 * the rules), as the JSON object items carry in `when`. Needs no database.
 */
import type { Command } from "commander";
import { PasswordRuleError } from "../modules/accounts/service.ts";
import { isIsoDate } from "../lib/dates.ts";
import { parseWhen, type PlanPeriod } from "../lib/timing/timing.ts";
import { defaultHolidayRegion, holidayRegions, type HolidayRegion } from "../lib/timing/school-holidays.ts";

/** "2025-08-01/2026-07-31" → { start, end }; throws PasswordRuleError (exit code 2) with a Dutch message. */
export function parsePlanPeriod(value: string): PlanPeriod {
  const match = /^\s*(\d{4}-\d{2}-\d{2})\s*\/\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(value);
  const [start, end] = [match?.[1] ?? "", match?.[2] ?? ""];
  if (!isIsoDate(start) || !isIsoDate(end)) {
    throw new PasswordRuleError(
      `Ongeldige planperiode '${value}': geef begin en einde als JJJJ-MM-DD/JJJJ-MM-DD, bijvoorbeeld 2025-08-01/2026-07-31.`,
    );
  }
  if (start > end) throw new PasswordRuleError(`Ongeldige planperiode '${value}': het begin ligt na het einde.`);
  return { start, end };
}

/** "noord", "midden" or "zuid" (any case); throws PasswordRuleError (exit code 2) with a Dutch message. */
export function parseRegion(value: string): HolidayRegion {
  const region = holidayRegions.find((r) => r === value.trim().toLowerCase());
  if (!region) throw new PasswordRuleError(`Onbekende regio '${value}': kies ${holidayRegions.join(", ")}.`);
  return region;
}

/** The kinds in the output, explained in the help text. */
const kinds = `
Soorten (kind):
  period      een aaneengesloten periode ("November-december 2025", "medio 2026")
  moments     een of meer losse momenten (moments somt ze op)
  continuous  doorlopend, over de hele periode ("doorlopend", "gedurende het schooljaar")
  from        vanaf een moment tot het einde van het plan ("vanaf januari 2026", "na de zomervakantie")
  deadline    gereed uiterlijk op end ("uiterlijk 1 maart 2026", "voor de zomervakantie")
  undecided   nog niet bepaald ("nader te bepalen")
  unreadable  Koers kan de tekst niet als tijd lezen; start en end zijn null`;

export function registerWhenCommand(program: Command, io: { out: (t: string) => void; err: (t: string) => void }): void {
  program
    .command("when")
    .description("Toon hoe Koers een wanneer-tekst leest: begin, einde, soort en momenten, als JSON")
    .argument("<tekst>", "de wanneer-tekst, tussen aanhalingstekens, bijvoorbeeld \"November-december 2025\"")
    .requiredOption("--plan-period <begin/einde>", "de periode van het plan als JJJJ-MM-DD/JJJJ-MM-DD, bijvoorbeeld 2025-08-01/2026-07-31")
    .option("--regio <regio>", `de regio van de schoolvakanties: ${holidayRegions.join(", ")} (Noord-Holland is noord)`, defaultHolidayRegion)
    .addHelpText("after", kinds)
    .action((text: string, options: { planPeriod: string; regio: string }) => {
      const period = parsePlanPeriod(options.planPeriod);
      io.out(`${JSON.stringify(parseWhen(text, period, { region: parseRegion(options.regio) }), null, 2)}\n`);
    });
}
