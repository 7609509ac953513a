/** The plan page shows, beside each measured item, its indicators with the latest value, period, area and source. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";

describe.each(databaseKinds)("figures on the plan page on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db);
  });
  afterAll(() => database.dispose());

  it("shows a goal's figures with their period and source, linking to the indicator, and a small count about children as '< 5'", async () => {
    const html = await (await app.request("/plannen/allen-voor-een-2022-2024?deel=alle")).text();
    expect(html).toContain('href="/plannen/allen-voor-een-2022-2024/cijfers/verwijzingspercentage"');
    const text = visibleText(html).replace(/\s+/g, " ").replace(/ :/g, ":");
    expect(text).toMatch(/Verwijzingspercentage naar speciaal onderwijs: 2,37% \(schooljaar 2021[^)]*Samenwerkingsverband Voortgezet Onderwijs Midden-Kennemerland; bron: [^)]+\)/);
    expect(text).toMatch(/Gemelde thuiszitters die nog steeds thuis zitten: < 5 \(/);
    expect(text).not.toContain("Twee van de 16 leerlingen");
  });

  it("lets a reader unfold the course of an indicator with more than one value, on the item and on the plan's figures page", async () => {
    const plan = await (await app.request("/plannen/allen-voor-een-2022-2024?deel=alle")).text();
    expect(plan).toMatch(/<summary>Verloop van Verwijzingspercentage naar speciaal onderwijs<\/summary><figure class="koers-chart"/);
    // A single value has no course to show.
    expect(plan).not.toContain("<summary>Verloop van Schoolbesturen</summary>");
    const figures = await (await app.request("/plannen/allen-voor-een-2022-2024/cijfers")).text();
    expect(figures).toMatch(/<h2 class="utrecht-heading-2" id="verloop">\s*Verloop\s*<\/h2>/);
    expect(figures).toContain('id="verloop-verwijzingspercentage-bijschrift"');
  });
});
