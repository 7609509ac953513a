/**
 * `koers when "TEKST" --plan-period BEGIN/EINDE`: shows how Koers reads the Dutch
 * "wanneer" text of a plan item (see src/lib/timing/timing.ts for the rules),
 * as the JSON object items carry in `when`. Needs no database.
 */
import type { Command } from "commander";
import { PasswordRuleError } from "../modules/accounts/service.ts";
import { isIsoDate, parseWhen, type PlanPeriod } from "../lib/timing/timing.ts";

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

export function registerWhenCommand(program: Command, io: { out: (t: string) => void; err: (t: string) => void }): void {
  program
    .command("when")
    .description("Toon hoe Koers een wanneer-tekst leest: begin, einde, soort en momenten, als JSON")
    .argument("<tekst>", "de wanneer-tekst, tussen aanhalingstekens, bijvoorbeeld \"November-december 2025\"")
    .requiredOption("--plan-period <begin/einde>", "de periode van het plan als JJJJ-MM-DD/JJJJ-MM-DD, bijvoorbeeld 2025-08-01/2026-07-31")
    .action((text: string, options: { planPeriod: string }) => {
      io.out(`${JSON.stringify(parseWhen(text, parsePlanPeriod(options.planPeriod)), null, 2)}\n`);
    });
}
