/**
 * Figures on both databases: the source documents' figures as loaded at the first start, small
 * counts about children kept out of everything a visitor sees (service, pages, API), and
 * measurements saved through the service, the API and the command line: all rows or none.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, userWithApiKey, makeViewer, type TestApp } from "../../../test/helpers/apps.ts";
import { cliForTests } from "../../../test/helpers/cli.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { writeCsv, writeXlsx } from "../../lib/figures/sheet.ts";
import { InputError } from "../../lib/validation.ts";
import { ForbiddenError } from "../access/policy.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { measurementRows } from "./sheet-rows.ts";
import { readSheet } from "../../lib/figures/sheet.ts";
import { getEvaluation } from "../evaluations/service.ts";
import { indicatorFigures, planFigures, saveMeasurements } from "./service.ts";

const PLAN = "allen-voor-een-2022-2024";
/** "Twee van de 16 leerlingen zitten op dit moment nog steeds thuis.": a count of 2 children. */
const SMALL = "thuiszitters-gemeld-nog-thuis";
const QUOTE = "Twee van de 16 leerlingen zitten op dit moment nog steeds thuis.";

describe.each(databaseKinds)("figures on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let partner: Viewer;
  let editor: Viewer;
  let outsider: Viewer;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db);
    partner = await makeViewer(database.db, "lezer@velsen.nl", ["velsen", "lezer"]);
    editor = await makeViewer(database.db, "redacteur@velsen.nl", ["velsen", "redacteur"]);
    outsider = await makeViewer(database.db, "redacteur@alkmaar.nl", ["alkmaar", "redacteur"]);
  });
  afterAll(() => database.dispose());

  describe("the figures of the source documents", () => {
    it("hold the referral percentages of the interim evaluation, on the goal they belong to, as the document writes them", async () => {
      const { indicator } = await indicatorFigures(database.db, anonymous, PLAN, "verwijzingspercentage");
      expect(indicator.unit).toBe("percentage");
      expect(indicator.items.map((i) => i.code)).toContain("3.1");
      expect(indicator.measurements.map((m) => m.display)).toEqual(["1,96%", "0,58%", "2,37%"]);
      expect(indicator.measurements.every((m) => m.quote?.includes(m.display))).toBe(true);
    });

    it("list every indicator of a plan, with those of the other plans apart", async () => {
      const figures = await planFigures(database.db, anonymous, PLAN);
      expect(figures.indicators.length).toBeGreaterThan(20);
      expect(new Set(figures.indicators.map((i) => i.slug)).size).toBe(figures.indicators.length);
      const other = await planFigures(database.db, anonymous, "uitvoeringsplan-nk-2025-2026");
      expect(other.indicators.map((i) => i.slug)).toContain("vrijstellingen-5-onder-a");
    });
  });

  describe("small counts about children", () => {
    it("are '< 5' for visitors, with the document's words that hold the count kept back too", async () => {
      const [m] = (await indicatorFigures(database.db, anonymous, PLAN, SMALL)).indicator.measurements;
      expect(m).toMatchObject({ value: null, display: "< 5", suppressed: true, quote: null, narrative: null });
    });

    it("are real for the plan's partners", async () => {
      const [m] = (await indicatorFigures(database.db, partner, PLAN, SMALL)).indicator.measurements;
      expect(m).toMatchObject({ value: 2, display: "2", suppressed: false, quote: QUOTE });
    });

    it("appear in no page or API answer a visitor gets, and in those of a partner", async () => {
      const page = await (await app.request(`/plannen/${PLAN}/cijfers/${SMALL}`)).text();
      expect(page).toContain("&lt; 5");
      expect(page).not.toContain(QUOTE);
      const api = (await (await app.request(`/api/v1/plans/${PLAN}/indicators/${SMALL}`)).json()) as { data: { measurements: Record<string, unknown>[] } };
      expect(api.data.measurements[0]).toMatchObject({ value: null, display: "< 5", suppressed: true, quote: null });
      const all = await (await app.request(`/api/v1/plans/${PLAN}/indicators`)).text();
      expect(all).not.toContain(QUOTE);
      const list = await (await app.request(`/plannen/${PLAN}/cijfers`)).text();
      expect(list).not.toContain(QUOTE);
    });

    it("are taken out of the interim evaluation's words where a visitor reads them, and left in for partners", async () => {
      for (const path of [`/plannen/${PLAN}?deel=alle`, "/evaluaties/tussenevaluatie-allen-voor-een-2023", "/api/v1/evaluations/tussenevaluatie-allen-voor-een-2023"]) {
        const text = await (await app.request(path)).text();
        expect(text, path).not.toContain("Twee van de 16");
        expect(text, path).toContain("Koers toont het niet, zodat geen kind te herkennen is.");
        // The words around it stay.
        expect(text, path).toContain("Bij de meeste leerlingen (14)");
      }
      const seen = await getEvaluation(database.db, partner, "tussenevaluatie-allen-voor-een-2023");
      expect(JSON.stringify(seen)).toContain(QUOTE);
    });
  });

  describe("saving measurements", () => {
    const row = (n: number, indicator: string, input: Record<string, unknown>) => ({ row: `rij ${n}`, indicator, input: { date: "2023-10-01", ...input } });

    it("is for the plan's editors", async () => {
      await expect(saveMeasurements(database.db, partner, PLAN, [row(2, "thuiszitters", { value: 3 })])).rejects.toThrow(ForbiddenError);
      await expect(saveMeasurements(database.db, outsider, PLAN, [row(2, "thuiszitters", { value: 3 })])).rejects.toThrow(ForbiddenError);
    });

    it("saves all rows or none, and names every wrong row", async () => {
      const before = (await indicatorFigures(database.db, system, PLAN, "thuiszitters")).indicator.measurements.length;
      const error = await saveMeasurements(database.db, editor, PLAN, [
        row(2, "thuiszitters", { value: 18 }),
        row(3, "bestaat-niet", { value: 1 }),
        row(4, "thuiszitters", { value: 2, date: "2023-02-30" }),
        row(5, "thuiszitters", { value: 5, scope: "land:nederland" }),
        row(6, "thuiszitters", { value: 2.5, date: "2023-11-01" }),
      ]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems.map((p) => p.path)).toEqual(["rij 3, indicator", "rij 4, date", "rij 5, scope", "rij 6, value"]);
      expect((error as InputError).problems.at(-1)!.message).toBe("Waarde: een aantal is een heel getal van 0 of meer (nu 2,5).");
      expect((await indicatorFigures(database.db, system, PLAN, "thuiszitters")).indicator.measurements).toHaveLength(before);
    });

    it("tries without writing on a dry run, then writes; a second value for the same date and area replaces the first", async () => {
      const rows = [row(2, "thuiszitters", { value: 18, scope: "swv:swv-po-ijmond", source: "registratie SWV" }), row(3, "thuiszitters", { value: 4, scope: "swv:swv-vo-mk" })];
      const dry = await saveMeasurements(database.db, editor, PLAN, rows, { dryRun: true });
      expect(dry.rows.map((r) => [r.indicator, r.measurement.date, r.measurement.value])).toEqual([
        ["thuiszitters", "2023-10-01", 18],
        ["thuiszitters", "2023-10-01", 4],
      ]);
      const count = async () => (await indicatorFigures(database.db, system, PLAN, "thuiszitters")).indicator.measurements.length;
      const before = await count();
      expect(before).toBe(1);
      await saveMeasurements(database.db, editor, PLAN, rows);
      expect(await count()).toBe(before + 2);
      await saveMeasurements(database.db, editor, PLAN, [row(2, "thuiszitters", { value: 17, scope: "swv:swv-po-ijmond" })]);
      const saved = (await indicatorFigures(database.db, partner, PLAN, "thuiszitters")).indicator.measurements;
      expect(saved.find((m) => m.date === "2023-10-01")?.enteredBy).toBe("redacteur@velsen.nl");
      expect((await indicatorFigures(database.db, anonymous, PLAN, "thuiszitters")).indicator.measurements.every((m) => m.enteredBy === null)).toBe(true);
      expect(saved.filter((m) => m.date === "2023-10-01").map((m) => [m.scope, m.value])).toEqual([
        ["swv:swv-po-ijmond", 17],
        ["swv:swv-vo-mk", 4],
      ]);
    });

    it("keeps a small cell and the cell it could be worked out from away from visitors once a total is published", async () => {
      await saveMeasurements(database.db, editor, PLAN, [{ row: "rij 2", indicator: "thuiszitters", input: { date: "2023-10-01", value: 21 } }]);
      const shown = (await indicatorFigures(database.db, anonymous, PLAN, "thuiszitters")).indicator.measurements.filter((m) => m.date === "2023-10-01");
      expect(shown.map((m) => [m.scope, m.display])).toEqual([
        ["totaal", "21"],
        ["swv:swv-po-ijmond", "–"],
        ["swv:swv-vo-mk", "< 5"],
      ]);
    });

    it("through the API with a key that may write, refusing a read key", async () => {
      const writer = await userWithApiKey(database.db, "koppeling@velsen.nl", ["velsen", "redacteur"], { name: "koppeling", scope: "read-write" });
      const reader = await userWithApiKey(database.db, "lezen@velsen.nl", ["velsen", "lezer"], { name: "lezen", scope: "read" });
      const post = (key: string, body: unknown, query = "") =>
        app.request(`/api/v1/plans/${PLAN}/measurements${query}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      const body = [{ indicator: "verwijzingspercentage", date: "2023-07-31", scope: "swv:swv-vo-mk", value: 2.1, source: "DUO" }];
      expect((await post(reader, body)).status).toBe(403);
      const bad = await post(writer, [{ indicator: "verwijzingspercentage", date: "31-07-2023", value: "veel" }]);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { problems: { field: string }[] } }).error.problems.map((p) => p.field)).toEqual(["[0], date", "[0], value"]);
      const dry = await post(writer, body, "?dryRun=1");
      expect(await dry.json()).toEqual({ data: { saved: 0, checked: 1, dryRun: true } });
      expect((await post(writer, body)).status).toBe(201);
      const { indicator } = await indicatorFigures(database.db, anonymous, PLAN, "verwijzingspercentage");
      expect(indicator.measurements.at(-1)).toMatchObject({ date: "2023-07-31", display: "2,1%", source: "DUO" });
    });
  });

  describe("a spreadsheet as people export it", () => {
    it("reads from CSV and from Excel alike, and lands every row", async () => {
      const headers = ["Indicator", "Peildatum", "Gebied", "Waarde", "Bron"];
      const cells = [
        ["schoolbesturen", "01-10-2024", "", "11", "registratie SWV"],
        ["zelfscore-samenwerking-ouders", "1 oktober 2024", "", "96", "enquête ouders"],
      ];
      const csv = await readSheet("cijfers.csv", writeCsv(headers, cells));
      const xlsx = await readSheet("cijfers.xlsx", await writeXlsx("Cijfers", headers, cells));
      const fromCsv = measurementRows("cijfers.csv", csv);
      const fromXlsx = measurementRows("cijfers.xlsx", xlsx);
      expect(fromCsv.problems).toEqual([]);
      expect(fromXlsx.rows).toEqual(fromCsv.rows);
      const result = await saveMeasurements(database.db, editor, PLAN, fromCsv.rows, { file: "cijfers.csv" });
      expect(result.saved).toBe(2);
      const { indicator } = await indicatorFigures(database.db, anonymous, PLAN, "schoolbesturen");
      expect(indicator.measurements.at(-1)).toMatchObject({ date: "2024-10-01", value: 11, source: "registratie SWV" });
    });
  });
});

describe.each(databaseKinds)("koers figures import on %s", (kind) => {
  const cli = cliForTests(kind, "koers-cijfers-");
  const headers = ["indicator", "peildatum", "periode", "gebied", "waarde", "bron"];
  const file = (name: string, rows: string[][]) => {
    const path = join(cli.dir, name);
    writeFileSync(path, writeCsv(headers, rows));
    return path;
  };

  it("shows on a dry run what would land, values as numbers and dates as ISO dates; without --dry-run it lands", async () => {
    const path = file("cijfers.csv", [["verwijzingspercentage", "31-07-2024", "schooljaar 2023-2024", "swv:swv-vo-mk", "1,8%", "DUO"]]);
    const dry = await cli.run(["figures", "import", path, "--plan", PLAN, "--dry-run", "--format", "json"]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toEqual([
      { row: "rij 2", indicator: "verwijzingspercentage", date: "2024-07-31", label: "schooljaar 2023-2024", scope: "swv:swv-vo-mk", value: 1.8, text: null, source: "DUO", note: null, provisional: false },
    ]);
    const real = await cli.run(["figures", "import", path, "--plan", PLAN]);
    expect(real).toMatchObject({ code: 0, out: `Ingelezen: 1 meting(en) bij ${PLAN}.\n` });
  });

  it("refuses a file with a wrong cell as a whole, naming the file, the row and the column", async () => {
    const path = file("fout.csv", [
      ["verwijzingspercentage", "31-07-2025", "", "swv:swv-vo-mk", "1,7%", ""],
      ["verwijzingspercentage", "31-07-2026", "", "swv:swv-vo-mk", "veel", ""],
    ]);
    const result = await cli.run(["figures", "import", path, "--plan", PLAN]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("fout.csv: rij 3, kolom waarde: verwacht");
    const dry = await cli.run(["figures", "import", file("goed.csv", [["verwijzingspercentage", "31-07-2025", "", "swv:swv-vo-mk", "1,7%", ""]]), "--plan", PLAN, "--dry-run"]);
    expect(dry.out).toContain("rij 2: verwijzingspercentage 2025-07-31 swv:swv-vo-mk 1.7");
  });
});
