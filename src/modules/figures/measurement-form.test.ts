/**
 * Entering one measurement by hand, through the routes, on both databases: a Dutch number
 * for an area is saved, a value that is no number is refused next to its field with nothing
 * saved, and a lezer of the plan may not enter figures.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { appWithEditors, type SignedIn, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText, formFields, formProblems } from "../../../test/helpers/html.ts";
import { system } from "../access/viewer.ts";
import { indicatorFigures } from "./service.ts";

const PLAN = "allen-voor-een-2022-2024";
const INDICATOR = "verwijzingspercentage";
const PATH = `/plannen/${PLAN}/cijfers/${INDICATOR}/meting`;
const EDITOR = "anna@velsen.nl";
const READER = "lies@velsen.nl";

describe.each(databaseKinds)("entering a measurement by hand on %s", (kind) => {
  // anna@velsen.nl is a redacteur of Velsen, one of the plan's owners; lies@velsen.nl a lezer.
  const setup = appWithEditors(kind, "velsen");
  let database: TestDatabase;
  let app: TestApp;
  let editor: SignedIn;
  let reader: SignedIn;

  beforeAll(async () => {
    ({ database, app } = setup);
    editor = await setup.signedIn(EDITOR);
    reader = await setup.signedIn(READER);
  });

  const dated = async (date: string) =>
    (await indicatorFigures(database.db, system, PLAN, INDICATOR)).indicator.measurements.filter((m) => m.date === date);

  it("shows an editor the form with the area prefilled as the total", async () => {
    const res = await editor.get(PATH);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="_csrf"');
    expect(formFields(html, PATH)).toMatchObject({ peildatum: "", gebied: "totaal", waarde: "" });
  });

  it("saves a Dutch percentage for an area and returns to the indicator", async () => {
    const form = formFields(await (await editor.get(PATH)).text(), PATH);
    const res = await editor.post(PATH, { ...form, peildatum: "31-07-2026", gebied: "swv:swv-vo-mk", waarde: "2,4%", bron: "DUO", voorlopig: "ja" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plannen/${PLAN}/cijfers/${INDICATOR}?meting=opgeslagen`);
    expect(await dated("2026-07-31")).toMatchObject([{ scope: "swv:swv-vo-mk", value: 2.4, source: "DUO", provisional: true }]);
    const page = visibleText(await (await editor.get(res.headers.get("location")!)).text());
    expect(page).toContain("De meting is opgeslagen.");
    expect(page).toContain("Meting toevoegen");
  });

  it("refuses a value that is no number next to the field, keeps what was typed, and saves nothing", async () => {
    const form = formFields(await (await editor.get(PATH)).text(), PATH);
    const res = await editor.post(PATH, { ...form, peildatum: "31-08-2026", waarde: "veel" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="koers-field-error" id="veld-waarde-fout">Waarde: vul een getal in\.<\/p>/);
    expect(formProblems(html)).toEqual(["Waarde: vul een getal in."]);
    expect(formFields(html, PATH)).toMatchObject({ peildatum: "31-08-2026", waarde: "veel" });
    expect(await dated("2026-08-31")).toEqual([]);
  });

  it("refuses an empty form with the problem next to the date", async () => {
    const res = await editor.post(PATH, {});
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<p class="koers-field-error" id="veld-peildatum-fout">Peildatum: /);
  });

  it("is refused to a lezer of the plan (403), who saves nothing", async () => {
    expect((await reader.get(PATH)).status).toBe(403);
    const res = await reader.post(PATH, { peildatum: "30-09-2026", gebied: "totaal", waarde: "3" });
    expect(res.status).toBe(403);
    expect(await dated("2026-09-30")).toEqual([]);
  });
});
