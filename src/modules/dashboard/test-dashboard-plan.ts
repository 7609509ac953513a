/**
 * A plan around today, for the tests of the dashboard, timeline and calendar
 * feed through the web and in a browser: its dates follow the real clock (which
 * the pages use), so what is late, due soon and "today" stay the same whenever
 * the tests run. Owned by swvnk; PPO-NK is a party to 1.2.
 */
import type { Database } from "../../db/client.ts";
import { importDataSet, parseFiles } from "../exchange/service.ts";
import { formatDate } from "../plans/views/labels.ts";
import { addDays } from "./service.ts";

/** "2026-12-05" → "december 2026". */
const monthOf = (iso: string) => formatDate(iso).split(" ").slice(1).join(" ");

export function planAroundToday(slug: string, today: string, options: { published: boolean }): string {
  const start = addDays(today, -180);
  const end = addDays(today, 180);
  const text = `slug: ${slug}
title: Werkplan rond vandaag
kind: jaarplan
status: vastgesteld
published: ${options.published}
period: { label: "${start.slice(0, 4)}-${end.slice(0, 4)}", start: ${start}, end: ${end} }
owners: [swvnk]
levels: [{ key: thema, name: Thema }, { key: actie, name: Actie }]
layout: { style: table, rowLevel: actie, columns: [{ label: Wat, show: [title] }] }
approvals:
  - { body: ALV, date: ${addDays(today, -190)}, outcome: vastgesteld, adopts: true }
items:
  - code: "1"
    level: thema
    title: Thuiszitters
    children:
      - code: "1.1"
        level: actie
        title: Verzuimaanpak vastleggen
        when: ${monthOf(addDays(today, -150))}
      - code: "1.2"
        level: actie
        title: Overstap po-vo verbeteren
        when: ${formatDate(addDays(today, 10))}
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
        when: ${formatDate(addDays(today, 50))} - ${formatDate(addDays(today, 60))}
      - code: "2.2"
        level: actie
        title: Overleg met de jeugdhulp
        when: doorlopend
`;
  return text;
}

export async function importPlanAroundToday(database: Database, slug: string, today: string, options: { published: boolean }) {
  const { data, names } = parseFiles([{ name: `${slug}.yaml`, text: planAroundToday(slug, today, options) }]);
  await importDataSet(database, data, names);
}
