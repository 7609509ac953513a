/**
 * A progress update carries the period's figures: the form for an item shows the indicators it
 * is measured by, and saves the values with the update; a wrong number loses nothing and saves
 * nothing. Only indicators of that item can be written this way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMembers } from "../../../test/helpers/accounts.ts";
import { signedInClient, makeViewer, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { InputError } from "../../lib/validation.ts";
import { system } from "../access/viewer.ts";
import { configureCycle, updatesOfPlan } from "../monitoring/updates.ts";
import { getPlan } from "../plans/reading.ts";
import { indicatorFigures, planFigures, saveMeasurements } from "./service.ts";

const PLAN = "allen-voor-een-2022-2024";

describe.each(databaseKinds)("figures in a progress update on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let goal: number;
  let other: number;
  let period: { id: number; label: string; end: string };

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    await makeMembers(database.db, [["anna@velsen.nl", "velsen", "redacteur"]]);
    const items = (await getPlan(database.db, system, PLAN)).items.flatMap((i) => i.children);
    goal = items.find((i) => i.code === "3.1")!.id;
    other = items.find((i) => i.code === "1.1")!.id;
    const { periods } = await configureCycle(database.db, system, PLAN, "jaar");
    period = periods.at(-1)!;
  });
  afterAll(() => database.dispose());

  const path = () => `/plannen/${PLAN}/onderdelen/${goal}/voortgang?periode=${period.id}`;

  it("shows the item's indicators with a number, and not the qualitative ones", async () => {
    const anna = await signedInClient(app, "anna@velsen.nl");
    const html = await (await anna.get(path())).text();
    expect(visibleText(html)).toContain(`Cijfers over ${period.label}`);
    const fields = Object.keys(formFields(html)).filter((f) => f.startsWith("cijfer-") && f !== "cijfer-bron");
    const { indicators } = await planFigures(database.db, system, PLAN);
    const ofGoal = indicators.filter((i) => i.items.some((item) => item.id === goal));
    expect(ofGoal.some((i) => i.unit === "tekst")).toBe(true);
    expect(fields.sort()).toEqual(ofGoal.filter((i) => i.unit !== "tekst").map((i) => `cijfer-${i.slug}`).sort());
    expect(fields).toContain("cijfer-verwijzingspercentage");
  });

  it("refuses a figure that is no number next to its field, and saves nothing of the update", async () => {
    const anna = await signedInClient(app, "anna@velsen.nl");
    const form = formFields(await (await anna.get(path())).text());
    const res = await anna.post(path(), { ...form, status: "op-koers", results: "Goed bezig.", "cijfer-verwijzingspercentage": "veel" });
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain("Waarde: vul een getal in.");
    const update = (await updatesOfPlan(database.db, system, PLAN, period.id)).items.find((e) => e.item.id === goal)!.update;
    expect(update).toBeNull();
  });

  it("saves the figure at the end of the period with the update, and shows it again", async () => {
    const anna = await signedInClient(app, "anna@velsen.nl");
    const form = formFields(await (await anna.get(path())).text());
    const res = await anna.post(path(), { ...form, status: "op-koers", results: "Goed bezig.", "cijfer-verwijzingspercentage": "1,9%", "cijfer-bron": "DUO" });
    expect(res.status).toBe(303);
    const { indicator } = await indicatorFigures(database.db, system, PLAN, "verwijzingspercentage");
    expect(indicator.measurements.at(-1)).toMatchObject({ date: period.end, label: period.label, scope: "totaal", value: 1.9, source: "DUO" });
    const again = formFields(await (await anna.get(path())).text());
    expect(again["cijfer-verwijzingspercentage"]).toBe("1,9%");
  });

  it("writes only the indicators of the item the update is about", async () => {
    const editor = await makeViewer(database.db, "bram@velsen.nl", ["velsen", "redacteur"]);
    const row = { row: "cijfer-verwijzingspercentage", indicator: "verwijzingspercentage", input: { date: period.end, value: 2 } };
    const error = await saveMeasurements(database.db, editor, PLAN, [row], { forItem: other }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]!.message).toBe("Indicator: 'verwijzingspercentage' hoort niet bij dit onderdeel.");
  });
});
