/** Plans that arrive adopted keep that version once; the source plans' versions compare. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { planYaml } from "../../../test/helpers/plans.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { importDataSet, parseFiles } from "../exchange/service.ts";
import { system } from "../access/viewer.ts";
import { snapshotsOf } from "./snapshots.ts";
import { getPlan } from "./reading.ts";

const SOURCE_PLANS = ["uitvoeringsplan-nk-2025-2026", "allen-voor-een-2022-2024", "jaarplan-ppo-nk-2023", "activiteitenplan-swvnk-2024"];

const adoptedPlan = planYaml(
  { slug: "inlezen-vastgesteld", title: "Vastgesteld bij het inlezen", status: "vastgesteld", published: true },
  `approvals: [{ body: ALV, date: 2023-12-18, outcome: vastgesteld, adopts: true }]
items: [{ code: "1", level: actie, title: Enige actie }]
`,
);
const unnamedPlan = planYaml({ slug: "inlezen-zonder-besluit", title: "Vastgesteld zonder besluit", status: "vastgesteld", published: true }, "items: []\n");

describe.each(databaseKinds)("versions of plans that arrive adopted on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  const load = async (replace: boolean) => {
    const { data, names } = parseFiles([
      { name: "inlezen-vastgesteld.yaml", text: adoptedPlan },
      { name: "inlezen-zonder-besluit.yaml", text: unnamedPlan },
    ]);
    await importDataSet(database, data, names, { replace });
  };
  const labels = async (slug: string) => (await snapshotsOf(database.db, (await getPlan(database.db, system, slug)).id)).map((s) => s.label);

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db);
    await load(false);
  });
  afterAll(() => database?.dispose());

  it("keeps a version named after the adopting decision, or 'Vastgesteld bij inlezen' without one", async () => {
    expect(await labels("inlezen-vastgesteld")).toEqual(["Vastgesteld door ALV op 18 december 2023"]);
    expect(await labels("inlezen-zonder-besluit")).toEqual(["Vastgesteld bij inlezen"]);
  });

  it("keeps it once: importing the plans again over themselves does not add a second version", async () => {
    await load(true);
    await load(true);
    expect(await labels("inlezen-vastgesteld")).toEqual(["Vastgesteld door ALV op 18 december 2023"]);
    expect(await labels("inlezen-zonder-besluit")).toEqual(["Vastgesteld bij inlezen"]);
  });

  it.each(SOURCE_PLANS)("gives source plan %s one version, which its versions page lists and compares with today", async (slug) => {
    const [version] = await snapshotsOf(database.db, (await getPlan(database.db, system, slug)).id);
    expect(version?.label).toMatch(/^Vastgesteld (door |bij inlezen)/);
    const list = await app.request(`/plannen/${slug}/versies`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(version!.label);
    const compared = await app.request(`/plannen/${slug}/versies/vergelijk?van=${version!.id}&met=vandaag`);
    expect(compared.status).toBe(200);
    expect(await compared.text()).toContain("Versies vergelijken");
  });
});
