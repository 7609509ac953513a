/** Two small plans for the search tests: one unpublished, one published, with accents written both ways. */
import type { TestDatabase } from "../../../test/helpers/databases.ts";
import { importPlans, planYaml } from "../../../test/helpers/plans.ts";

/** Not published: only partners of swvnk may read it. Its texts are written with accents. */
export const internalPlan = planYaml(
  { slug: "zoek-intern", title: "Intern werkplan zwaluwstaarten", published: false },
  `items:
  - code: "1"
    level: actie
    title: Zwaluwstaartverbinding tussen school en crèche
    sections: [{ title: Hoe, text: "Een enquête onder ouders over de zwaluwstaartverbinding." }]
    internalNote: Geheimhoudingsclausule over de begroting.
`,
);

/** Published, with texts written without accents, and markup in a title that must stay text. */
export const publicPlan = planYaml(
  { slug: "zoek-openbaar", title: "Openbaar werkplan kolibries", status: "vastgesteld", published: true, owners: ["velsen"] },
  `items:
  - code: "1"
    level: actie
    title: "<img src=x onerror=alert(1)> Kolibrieproject voor de creche"
    sections: [{ title: Hoe, text: "De coordinatie van de enquete ligt bij de <script>alert(1)</script> kolibriegroep." }]
`,
);

export function importTestPlans(database: TestDatabase) {
  return importPlans(database, internalPlan, publicPlan);
}
