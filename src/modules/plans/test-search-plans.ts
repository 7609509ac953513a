/** Two small plans for the search tests: one unpublished, one published, with accents written both ways. */
import type { TestDatabase } from "../../../test/helpers/databases.ts";
import { importDataSet, parseFiles } from "../exchange/service.ts";

/** Not published: only partners of swvnk may read it. Its texts are written with accents. */
export const internalPlan = `slug: zoek-intern
title: Intern werkplan zwaluwstaarten
kind: jaarplan
status: concept
published: false
period: { label: "2025", start: 2025-01-01, end: 2025-12-31 }
owners: [swvnk]
levels: [{ key: actie, name: Actie }]
layout: { style: table, rowLevel: actie, columns: [{ label: Wat, show: [title] }] }
items:
  - code: "1"
    level: actie
    title: Zwaluwstaartverbinding tussen school en crèche
    sections: [{ title: Hoe, text: "Een enquête onder ouders over de zwaluwstaartverbinding." }]
    internalNote: Geheimhoudingsclausule over de begroting.
`;

/** Published, with texts written without accents, and markup in a title that must stay text. */
export const publicPlan = `slug: zoek-openbaar
title: Openbaar werkplan kolibries
kind: jaarplan
status: vastgesteld
published: true
period: { label: "2025", start: 2025-01-01, end: 2025-12-31 }
owners: [velsen]
levels: [{ key: actie, name: Actie }]
layout: { style: table, rowLevel: actie, columns: [{ label: Wat, show: [title] }] }
items:
  - code: "1"
    level: actie
    title: "<img src=x onerror=alert(1)> Kolibrieproject voor de creche"
    sections: [{ title: Hoe, text: "De coordinatie van de enquete ligt bij de <script>alert(1)</script> kolibriegroep." }]
`;

export async function importTestPlans(database: TestDatabase) {
  const { data, names } = parseFiles([
    { name: "zoek-intern.yaml", text: internalPlan },
    { name: "zoek-openbaar.yaml", text: publicPlan },
  ]);
  await importDataSet(database, data, names);
}
