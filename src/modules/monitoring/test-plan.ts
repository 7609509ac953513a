/** A small published plan for the progress tests, owned by swvnk, with one action that PPO-NK is a party to. */
import { makeUser } from "../../../test/helpers/accounts.ts";
import { importPlans, planYaml, themeItems } from "../../../test/helpers/plans.ts";
import type { TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import type { DatabaseKind } from "../../../test/helpers/databases.ts";
import { sessionViewer } from "../accounts/service.ts";
import type { Viewer } from "../access/viewer.ts";

export const SLUG = "voortgang-werkplan";

const ppoNk = "[{ role: consulenten PPO-NK, organisations: [ppo-nk] }]";
const plan = planYaml(
  { slug: SLUG, title: "Werkplan voortgang", status: "vastgesteld", published: true, levels: ["thema", "actie"] },
  themeItems([
    {
      code: "1",
      title: "Thuiszitters",
      actions: [
        ["1.1", "Verzuimaanpak vastleggen", "Q1 2025"],
        ["1.2", "Overstap po-vo verbeteren", "2025", ppoNk],
        ["1.3", "Evaluatie met de regiegroep", "nader te bepalen"],
      ],
    },
    { code: "2", title: "Inclusie", actions: [["2.1", "Plan onderwijszorgarrangementen", "de komende maanden"]] },
  ]),
);

export const people = {
  owner: "redacteur@swvnk.nl",
  party: "redacteur@ppo-nk.nl",
  reader: "lezer@swvnk.nl",
  outsider: "redacteur@velsen.nl",
} as const;

/** The seeded database with the plan above and a user per role; `viewers` act through a browser session. */
export async function progressDatabase(kind: DatabaseKind): Promise<{ database: TestDatabase; viewers: Record<keyof typeof people, Viewer>; sessions: Record<keyof typeof people, string> }> {
  const database = await seededDatabase(kind);
  await importPlans(database, plan);
  const roles = { owner: ["swvnk", "redacteur"], party: ["ppo-nk", "redacteur"], reader: ["swvnk", "lezer"], outsider: ["velsen", "redacteur"] } as const;
  const viewers = {} as Record<keyof typeof people, Viewer>;
  const sessions = {} as Record<keyof typeof people, string>;
  for (const [who, email] of Object.entries(people) as [keyof typeof people, string][]) {
    const { session } = await makeUser(database.db, email, { roles: [[roles[who][0], roles[who][1]]] });
    sessions[who] = session;
    viewers[who] = (await sessionViewer(database.db, session))!;
  }
  return { database, viewers, sessions };
}
