/**
 * A plan around today, for the tests of the dashboard, timeline and calendar
 * feed through the web and in a browser: its dates follow the real clock (which
 * the pages use), so what is late, due soon and "today" stay the same whenever
 * the tests run. Owned by swvnk; PPO-NK is a party to 1.2.
 */
import type { Database } from "../../db/client.ts";
import { importPlans, planYaml, themeItems } from "../../../test/helpers/plans.ts";
import { formatDate } from "../plans/views/labels.ts";
import { addDays } from "./service.ts";

/** "2026-12-05" → "december 2026". */
const monthOf = (iso: string) => formatDate(iso).split(" ").slice(1).join(" ");

export function planAroundToday(slug: string, today: string, options: { published: boolean }): string {
  const start = addDays(today, -180);
  const end = addDays(today, 180);
  return planYaml(
    {
      slug,
      title: "Werkplan rond vandaag",
      status: "vastgesteld",
      published: options.published,
      period: { label: `${start.slice(0, 4)}-${end.slice(0, 4)}`, start, end },
      levels: ["thema", "actie"],
    },
    `approvals:
  - { body: ALV, date: ${addDays(today, -190)}, outcome: vastgesteld, adopts: true }
` +
      themeItems([
        {
          code: "1",
          title: "Thuiszitters",
          actions: [
            ["1.1", "Verzuimaanpak vastleggen", monthOf(addDays(today, -150))],
            ["1.2", "Overstap po-vo verbeteren", formatDate(addDays(today, 10)), "[{ role: consulenten PPO-NK, organisations: [ppo-nk] }]"],
            ["1.3", "Evaluatie met de regiegroep", "nader te bepalen"],
          ],
        },
        {
          code: "2",
          title: "Inclusie",
          actions: [
            ["2.1", "Plan onderwijszorgarrangementen", `${formatDate(addDays(today, 50))} - ${formatDate(addDays(today, 60))}`],
            ["2.2", "Overleg met de jeugdhulp", "doorlopend"],
          ],
        },
      ]),
  );
}

export async function importPlanAroundToday(database: Database, slug: string, today: string, options: { published: boolean }) {
  await importPlans(database, planAroundToday(slug, today, options));
}
