/**
 * Reading measurements from a file in the browser, through the routes, on both databases:
 * the preview shows the rows as they would land or every problem with its row and column,
 * an unknown header can be linked to a known column, and only the confirm saves, all rows
 * or none.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { appWithEditors, type SignedIn, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, formProblems, visibleText } from "../../../test/helpers/html.ts";
import { writeXlsx } from "../../lib/figures/sheet.ts";
import { CSRF_COOKIE } from "../../web/auth.ts";
import { system } from "../access/viewer.ts";
import { MAX_FILE_BYTES } from "./import-pages.tsx";
import { indicatorFigures } from "./service.ts";

const PLAN = "allen-voor-een-2022-2024";
const PATH = `/plannen/${PLAN}/cijfers/inlezen`;
const EDITOR = "anna@velsen.nl";
const READER = "lies@velsen.nl";

/** As Excel with Dutch settings writes it: `;` between cells, decimal commas, Dutch dates. */
const GOOD = [
  "Indicator;Peildatum;Gebied;Waarde;Bron",
  "verwijzingspercentage;31-07-2025;swv:swv-vo-mk;1,75%;DUO",
  "schoolbesturen;1 oktober 2025;;12;registratie SWV",
].join("\r\n");

const csv = (text: string, name = "cijfers.csv") => new File([text], name, { type: "text/csv" });

/** The fields of the page's form that carries `name`, as a browser sends them back. */
function formWith(html: string, name: string): Record<string, string> {
  const form = html.split("<form").find((part) => part.includes(`name="${name}"`));
  expect(form, `a form with the field ${name}`).toBeDefined();
  return formFields(`<form${form!.split("</form>")[0]}</form>`) as Record<string, string>;
}

describe.each(databaseKinds)("reading measurements from a file in the browser on %s", (kind) => {
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

  /** Posts a multipart form as the page does: the CSRF token, the session cookie, Koers' own origin. */
  const send = (who: SignedIn, fields: Record<string, string | File>) => {
    const form = new FormData();
    form.append("_csrf", who.cookie(CSRF_COOKIE)!);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const cookie = [...who.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return app.request(PATH, { method: "POST", body: form, headers: { cookie, origin: "http://localhost" } });
  };
  const measurementsOf = async (indicator: string) => (await indicatorFigures(database.db, system, PLAN, indicator)).indicator.measurements;
  const dated = async (indicator: string, date: string) => (await measurementsOf(indicator)).filter((m) => m.date === date);

  it("shows an editor the form: a multipart upload with the expected columns and the plan's indicators", async () => {
    const res = await editor.get(PATH);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/plannen\/allen-voor-een-2022-2024\/cijfers\/inlezen" enctype="multipart\/form-data"/);
    expect(html).toContain('name="_csrf"');
    expect(html).toMatch(/<input type="file" id="veld-bestand" name="bestand"/);
    const text = visibleText(html);
    expect(text).toContain("peildatum");
    expect(text).toContain("1 MB");
    expect(text).toContain("verwijzingspercentage");
    expect(text).toContain("Verwijzingspercentage naar speciaal onderwijs");
  });

  it("previews a CSV with ';', decimal commas and Dutch dates as the rows would land, saving nothing yet", async () => {
    const res = await send(editor, { bestand: csv(GOOD) });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html).replace(/\s+/g, " ");
    expect(text).toContain("2 metingen om op te slaan");
    expect(text).toContain("2 Verwijzingspercentage naar speciaal onderwijs 31 juli 2025 swv:swv-vo-mk 1,75% DUO");
    expect(text).toContain("3 Schoolbesturen in het samenwerkingsverband 1 oktober 2025 Totaal 12 registratie SWV");
    expect(formWith(html, "stap")).toMatchObject({ stap: "opslaan", bestandsnaam: "cijfers.csv", inhoud: Buffer.from(GOOD).toString("base64") });
    expect(await dated("schoolbesturen", "2025-10-01")).toEqual([]);
  });

  it("previews an Excel file (.xlsx) the same way", async () => {
    const bytes = await writeXlsx("Cijfers", ["Indicator", "Peildatum", "Waarde", "Voorlopig"], [["schoolbesturen", "01-04-2026", 16, "ja"]]);
    const res = await send(editor, { bestand: new File([bytes], "cijfers.xlsx") });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text()).replace(/\s+/g, " ")).toContain("2 Schoolbesturen in het samenwerkingsverband 1 april 2026 Totaal 16 (voorlopig) –");
  });

  it("names every problem with its row and column as the spreadsheet does, and saves nothing", async () => {
    const bad = [
      "Indicator;Peildatum;Gebied;Waarde;Bron",
      "schoolbesturen;1-11-2025;;13;registratie SWV",
      "schoolbesturen;1-12-2025;;veel;registratie SWV",
      "bestaat-niet;1-12-2025;;4;",
    ].join("\n");
    const res = await send(editor, { bestand: csv(bad, "fout.csv") });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(formProblems(html)).toEqual([
      "Rij 3, kolom Waarde: verwacht een getal, bijvoorbeeld 2,37 of 1,96%, maar er staat 'veel'.",
      "Rij 4, kolom Indicator: 'bestaat-niet' hoort niet bij dit plan.",
    ]);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('name="stap"');
    expect(await dated("schoolbesturen", "2025-11-01")).toEqual([]);
  });

  it("saves every row on confirm, from the file the preview carries, and returns to the figures", async () => {
    const preview = await (await send(editor, { bestand: csv(GOOD) })).text();
    const res = await send(editor, formWith(preview, "stap"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plannen/${PLAN}/cijfers?ingelezen=2`);
    expect(await dated("schoolbesturen", "2025-10-01")).toMatchObject([{ scope: "totaal", value: 12, source: "registratie SWV" }]);
    expect(await dated("verwijzingspercentage", "2025-07-31")).toMatchObject([{ scope: "swv:swv-vo-mk", value: 1.75, source: "DUO" }]);
  });

  it("checks the file again on confirm: a changed one with a wrong cell saves none of its rows", async () => {
    const preview = await (await send(editor, { bestand: csv(GOOD) })).text();
    const changed = ["indicator;peildatum;waarde", "schoolbesturen;1-1-2026;14", "schoolbesturen;1-2-2026;15,5,5"].join("\n");
    const res = await send(editor, { ...formWith(preview, "stap"), inhoud: Buffer.from(changed).toString("base64") });
    expect(res.status).toBe(400);
    expect(formProblems(await res.text())).toEqual([expect.stringMatching(/^Rij 3, kolom waarde: verwacht /)]);
    expect(await dated("schoolbesturen", "2026-01-01")).toEqual([]);
  });

  it("lets an unknown header be used as 'waarde', and saves with that choice", async () => {
    const text = ["indicator;peildatum;Aantal besturen", "schoolbesturen;1-3-2026;15"].join("\n");
    const first = await send(editor, { bestand: csv(text, "besturen.csv") });
    expect(first.status).toBe(400);
    const firstHtml = await first.text();
    expect(formProblems(firstHtml)).toEqual(["Rij 1: De kolom 'waarde' ontbreekt (de eerste rij noemt de kolommen)."]);
    expect(firstHtml).toContain("<label for=\"veld-kolom-0\">Kolom &#39;Aantal besturen&#39;</label>");
    const mapping = formWith(firstHtml, "kolom-0");
    expect(mapping).toMatchObject({ "kop-0": "Aantal besturen", "kolom-0": "" });

    const second = await send(editor, { ...mapping, "kolom-0": "value" });
    expect(second.status).toBe(200);
    const secondHtml = await second.text();
    expect(visibleText(secondHtml).replace(/\s+/g, " ")).toContain("2 Schoolbesturen in het samenwerkingsverband 1 maart 2026 Totaal 15");
    const confirm = formWith(secondHtml, "stap");
    expect(confirm).toMatchObject({ "kop-0": "Aantal besturen", "kolom-0": "value" });
    expect((await send(editor, confirm)).headers.get("location")).toBe(`/plannen/${PLAN}/cijfers?ingelezen=1`);
    expect(await dated("schoolbesturen", "2026-03-01")).toMatchObject([{ value: 15 }]);
  });

  it("asks for a file when none is sent, and refuses one larger than the confirm form can carry", async () => {
    const empty = await send(editor, {});
    expect(empty.status).toBe(400);
    expect(formProblems(await empty.text())).toEqual(["Kies een bestand."]);
    const large = await send(editor, { bestand: csv(`indicator;peildatum;waarde\n${"x".repeat(MAX_FILE_BYTES)}`, "groot.csv") });
    expect(large.status).toBe(400);
    expect(visibleText(await large.text())).toContain(`groot.csv is groter dan ${MAX_FILE_BYTES / 1024} kB.`);
  });

  it("is refused to a lezer of the plan (403) and sends a visitor to sign in", async () => {
    expect((await reader.get(PATH)).status).toBe(403);
    const before = (await measurementsOf("schoolbesturen")).length;
    expect((await send(reader, { bestand: csv(GOOD.replaceAll("2025", "2027")) })).status).toBe(403);
    expect(await measurementsOf("schoolbesturen")).toHaveLength(before);
    const visitor = await app.request(PATH);
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(PATH)}`);
  });
});
