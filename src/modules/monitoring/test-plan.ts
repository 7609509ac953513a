/** A small published plan for the progress tests, owned by swvnk, with one action that PPO-NK is a party to. */
import { makeUser } from "../../../test/helpers/accounts.ts";
import type { TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import type { DatabaseKind } from "../../../test/helpers/databases.ts";
import { sessionViewer } from "../accounts/service.ts";
import type { Viewer } from "../access/viewer.ts";
import { importDataSet, parseFiles } from "../exchange/service.ts";

export const SLUG = "voortgang-werkplan";

const plan = `slug: ${SLUG}
title: Werkplan voortgang
kind: jaarplan
status: vastgesteld
published: true
period: { label: "2025", start: 2025-01-01, end: 2025-12-31 }
owners: [swvnk]
levels: [{ key: thema, name: Thema }, { key: actie, name: Actie }]
layout: { style: table, rowLevel: actie, columns: [{ label: Wat, show: [title] }] }
items:
  - code: "1"
    level: thema
    title: Thuiszitters
    children:
      - code: "1.1"
        level: actie
        title: Verzuimaanpak vastleggen
        when: Q1 2025
      - code: "1.2"
        level: actie
        title: Overstap po-vo verbeteren
        when: "2025"
        parties: [{ role: consulenten PPO-NK, organisations: [ppo-nk] }]
      - code: "1.3"
        level: actie
        title: Evaluatie met de regiegroep
        when: nader te bepalen
  - code: "2"
    level: thema
    title: Inclusie
    children:
      - code: "2.1"
        level: actie
        title: Plan onderwijszorgarrangementen
        when: de komende maanden
`;

export const people = {
  owner: "redacteur@swvnk.nl",
  party: "redacteur@ppo-nk.nl",
  reader: "lezer@swvnk.nl",
  outsider: "redacteur@velsen.nl",
} as const;

/** The seeded database with the plan above and a user per role; `viewers` act through a browser session. */
export async function progressDatabase(kind: DatabaseKind): Promise<{ database: TestDatabase; viewers: Record<keyof typeof people, Viewer>; sessions: Record<keyof typeof people, string> }> {
  const database = await seededDatabase(kind);
  const { data, names } = parseFiles([{ name: `${SLUG}.yaml`, text: plan }]);
  await importDataSet(database, data, names);
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
