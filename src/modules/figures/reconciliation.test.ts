/**
 * Two sources of one count compared, on both databases: the values side by side per peildatum
 * and area, the difference and whether they agree; explanations written by plan editors against
 * the version they read; visitors see small counts suppressed and no difference or explanation
 * beside them; the page and its form through the app.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeViewer, signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { makeMembers } from "../../../test/helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, formProblems, visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { ConflictError } from "../../lib/errors.ts";
import { InputError } from "../../lib/validation.ts";
import { ForbiddenError } from "../access/policy.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { insertFigures } from "./exchange.ts";
import { figuresFileSchema } from "./format.ts";
import { saveIndicator, type IndicatorInput } from "./indicators.ts";
import { agreementSentence } from "./reconciliation-pages.tsx";
import { reconcile, saveExplanation, type ReconciliationRow } from "./reconciliation.ts";
import { indicatorFigures, planFigures, saveMeasurements } from "./service.ts";

const PLAN = "allen-voor-een-2022-2024";
const OWN = "thuiszitters-volgens-het-swv";
const OTHER = "thuiszitters-volgens-leerplicht";
const AREAS = ["totaal", "gemeente:velsen", "gemeente:beverwijk", "gemeente:heemskerk", "gemeente:uitgeest"] as const;
/** Per source and date the values of AREAS, in that order. */
const FIGURES: Record<string, Record<string, number[]>> = {
  [OWN]: { "2024-10-01": [40, 12, 10, 9, 9], "2024-07-01": [30, 3, 9, 9, 9] },
  [OTHER]: { "2024-10-01": [41, 12, 10, 9, 10], "2024-07-01": [30, 4, 8, 9, 9], "2024-04-01": [25] },
};

describe("the sentence above a peildatum's table", () => {
  const row = (scope: string, agree: boolean | null) => ({ scope, agree });
  it.each([
    [[row("totaal", false), row("gemeente:a", true), row("gemeente:b", true), row("gemeente:c", true), row("gemeente:d", false)], "Op 1 oktober 2024 komen de bronnen overeen in 3 van de 4 gebieden; het totaal verschilt."],
    [[row("totaal", true)], "Op 1 oktober 2024 komen de bronnen overeen."],
    [[row("totaal", false)], "Op 1 oktober 2024 verschillen de bronnen."],
    [[row("totaal", null)], "Op 1 oktober 2024 zijn de bronnen niet te vergelijken: van een van beide is geen getal te tonen."],
    [[row("gemeente:a", true), row("gemeente:b", null)], "Op 1 oktober 2024 komen de bronnen overeen in 1 van de 1 gebied; 1 gebied is niet te vergelijken."],
    [[row("totaal", true), row("gemeente:a", null)], "Op 1 oktober 2024 zijn de bronnen per gebied niet te vergelijken; het totaal is gelijk."],
  ] as const)("%j", (rows, sentence) => expect(agreementSentence("2024-10-01", rows)).toBe(sentence));
});

describe.each(databaseKinds)("two sources compared on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let editor: Viewer;
  let reader: Viewer;
  const input = (name: string, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
    version: null,
    name,
    definition: null,
    unit: "aantal",
    direction: "lager",
    frequency: "peildata",
    breakdowns: ["gemeente"],
    children: true,
    items: [],
    baseline: null,
    targets: [],
    ...extra,
  });
  const rowOf = (rows: ReconciliationRow[], date: string, scope: string) => rows.find((r) => r.date === date && r.scope === scope)!;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    editor = await makeViewer(database.db, "redacteur@velsen.nl", ["velsen", "redacteur"]);
    reader = await makeViewer(database.db, "lezer@velsen.nl", ["velsen", "lezer"]);
    expect((await saveIndicator(database.db, editor, PLAN, undefined, input("Thuiszitters volgens leerplicht"))).slug).toBe(OTHER);
    expect((await saveIndicator(database.db, editor, PLAN, undefined, input("Thuiszitters volgens het SWV", { compareWith: OTHER }))).slug).toBe(OWN);
    const rows = Object.entries(FIGURES).flatMap(([indicator, byDate]) =>
      Object.entries(byDate).flatMap(([date, values]) => values.map((value, n) => ({ row: `${indicator} ${date} ${n}`, indicator, input: { date, scope: AREAS[n]!, value } }))),
    );
    await saveMeasurements(database.db, editor, PLAN, rows);
  });
  afterAll(() => database.dispose());

  it("link an indicator only to another indicator of the plan that counts with a number", async () => {
    for (const compareWith of ["bestaat-niet", "opgave-thuiszitters-scholen"]) {
      const error = await saveIndicator(database.db, editor, PLAN, undefined, input("Nog een bron", { compareWith })).catch((e: unknown) => e);
      expect((error as InputError).problems).toEqual([{ file: "indicator", path: "compareWith", message: "Vergelijken met: kies een andere indicator van dit plan die met een getal meet." }]);
    }
    const self = await saveIndicator(database.db, editor, PLAN, OTHER, input("Thuiszitters volgens leerplicht", { version: 1, compareWith: OTHER })).catch((e: unknown) => e);
    expect(self).toBeInstanceOf(InputError);
  });

  it("link in a figures file only to another indicator of the same file or plan", async () => {
    const file = (compareWith: string) => ({ plan: PLAN, indicators: [{ slug: "thuiszitters-rmc", name: "Thuiszitters volgens de RMC-regio", unit: "aantal", direction: "lager", compareWith }] });
    const self = figuresFileSchema.safeParse(file("thuiszitters-rmc"));
    expect(self.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["indicators.0.compareWith", "Vergelijken met: noem een andere indicator dan deze."]]);
    const unknown = await insertFigures(database.db, [figuresFileSchema.parse(file("bestaat-niet"))], ["plan.yaml"], system).catch((e: unknown) => e);
    expect((unknown as InputError).problems).toEqual([{ file: "plan.yaml", path: "indicators[0].compareWith", message: `indicator 'bestaat-niet' bestaat niet in dit bestand of in plan '${PLAN}'` }]);
    await insertFigures(database.db, [figuresFileSchema.parse(file(OTHER))], ["plan.yaml"], system);
    expect((await reconcile(database.db, anonymous, PLAN, "thuiszitters-rmc")).other?.slug).toBe(OTHER);
  });

  it("put both values side by side per peildatum and area, newest first, with the difference and whether they agree", async () => {
    const result = await reconcile(database.db, reader, PLAN, OWN);
    expect(result.other).toEqual({ slug: OTHER, name: "Thuiszitters volgens leerplicht" });
    expect(result.revealed).toBe(true);
    expect([...new Set(result.rows.map((r) => r.date))]).toEqual(["2024-10-01", "2024-07-01", "2024-04-01"]);
    expect(result.rows.filter((r) => r.date === "2024-10-01").map((r) => [r.scopeName, r.own?.value, r.other?.value, r.difference, r.agree])).toEqual([
      ["Totaal", 40, 41, -1, false],
      ["Gemeente Beverwijk", 10, 10, 0, true],
      ["Gemeente Heemskerk", 9, 9, 0, true],
      ["Gemeente Uitgeest", 9, 10, -1, false],
      ["Gemeente Velsen", 12, 12, 0, true],
    ]);
    expect(rowOf(result.rows, "2024-07-01", "gemeente:velsen")).toMatchObject({ own: { value: 3, display: "3" }, other: { value: 4 }, difference: -1, differenceDisplay: "-1" });
    expect(rowOf(result.rows, "2024-07-01", "gemeente:beverwijk")).toMatchObject({ difference: 1, differenceDisplay: "+1", agree: false });
    // A date only one source counted: no difference.
    expect(rowOf(result.rows, "2024-04-01", "totaal")).toMatchObject({ own: undefined, other: { value: 25 }, difference: null, agree: null, differenceDisplay: "–" });
  });

  it("say an indicator is compared with nothing when it names no other", async () => {
    const result = await reconcile(database.db, anonymous, PLAN, OTHER);
    expect(result).toMatchObject({ other: null, rows: [] });
  });

  it("keep explanations written by plan editors against the version they read", async () => {
    const text = { date: "2024-10-01", scope: "gemeente:uitgeest", explanation: "Eén leerling is na de peildatum van het SWV verhuisd." };
    await expect(saveExplanation(database.db, reader, PLAN, OWN, { ...text, version: 0 })).rejects.toThrow(ForbiddenError);
    expect(await saveExplanation(database.db, editor, PLAN, OWN, { ...text, version: 0 })).toEqual({ version: 1 });
    await expect(saveExplanation(database.db, editor, PLAN, OWN, { ...text, explanation: "Iets anders", version: 0 })).rejects.toThrow(ConflictError);
    expect(await saveExplanation(database.db, editor, PLAN, OWN, { ...text, explanation: "Verhuisd na de peildatum.", version: 1 })).toEqual({ version: 2 });
    expect(rowOf((await reconcile(database.db, reader, PLAN, OWN)).rows, text.date, text.scope)).toMatchObject({ explanation: "Verhuisd na de peildatum.", version: 2 });

    const wrong = await saveExplanation(database.db, editor, PLAN, OWN, { date: "2023-01-01", scope: "gemeente:uitgeest", explanation: "x".repeat(5_001), version: 0 }).catch((e: unknown) => e);
    expect((wrong as InputError).problems.map((p) => p.message)).toEqual(["Toelichting: hoogstens 5.000 tekens (nu 5.001)."]);
    const nothingThere = await saveExplanation(database.db, editor, PLAN, OWN, { date: "2023-01-01", scope: "totaal", explanation: "Geen meting", version: 0 }).catch((e: unknown) => e);
    expect((nothingThere as InputError).problems.map((p) => p.message)).toEqual(["Peildatum: geen van beide bronnen heeft een meting op deze datum in dit gebied."]);
    const unlinked = await saveExplanation(database.db, editor, PLAN, OTHER, { ...text, version: 0 }).catch((e: unknown) => e);
    expect((unlinked as InputError).problems.map((p) => p.message)).toEqual(["Deze indicator is met geen andere bron verbonden."]);
  });

  it("show visitors small counts suppressed, with no difference and no explanation beside them", async () => {
    await saveExplanation(database.db, editor, PLAN, OWN, { date: "2024-07-01", scope: "gemeente:velsen", explanation: "Drie tegen vier: één kind telt leerplicht wel.", version: 0 });
    const partner = await reconcile(database.db, reader, PLAN, OWN);
    expect(rowOf(partner.rows, "2024-07-01", "gemeente:velsen").explanation).toBe("Drie tegen vier: één kind telt leerplicht wel.");

    const visitor = await reconcile(database.db, anonymous, PLAN, OWN);
    expect(visitor.revealed).toBe(false);
    const velsen = rowOf(visitor.rows, "2024-07-01", "gemeente:velsen");
    expect(velsen).toMatchObject({ own: { value: null, display: "< 5", suppressed: true }, other: { value: null, suppressed: true }, difference: null, agree: null, explanation: null });
    for (const r of visitor.rows) {
      if (r.own?.suppressed || r.other?.suppressed) expect(r, `${r.date} ${r.scope}`).toMatchObject({ difference: null, agree: null, explanation: null });
      else expect(r.difference).toBe(partner.rows.find((p) => p.date === r.date && p.scope === r.scope)!.difference);
    }
    // The totals are not small: they stand side by side for visitors too.
    expect(rowOf(visitor.rows, "2024-07-01", "totaal")).toMatchObject({ own: { value: 30 }, other: { value: 30 }, agree: true });
    expect(rowOf(visitor.rows, "2024-10-01", "gemeente:uitgeest").explanation).toBe("Verhuisd na de peildatum.");
  });

  it("shows beside the comparison what else is measured for the same items, such as how long children stay home and the target", async () => {
    const seeded = (await indicatorFigures(database.db, system, PLAN, "thuiszitters")).indicator;
    const { slug } = await saveIndicator(database.db, editor, PLAN, undefined, input("Thuiszitters volgens leerplicht en RMC", { compareWith: "thuiszitters", items: seeded.items.map((i) => i.id) }));
    const related = (await planFigures(database.db, system, PLAN)).indicators.filter(
      (i) => i.slug !== slug && i.slug !== "thuiszitters" && i.items.some((item) => seeded.items.some((s) => s.id === item.id)),
    );
    expect(related.length).toBeGreaterThan(0);
    const text = visibleText(await (await app.request(`/plannen/${PLAN}/cijfers/${slug}/vergelijken`)).text()).replace(/\s+/g, " ");
    expect(text).toContain("Ook gemeten bij deze onderdelen");
    for (const r of related) expect(text).toContain(r.name);
    const withTarget = related.find((r) => r.targets.length > 0);
    if (withTarget) expect(text).toContain("doel:");
  });

  it("through the app: the page with both sources, and the form for plan editors with Dutch errors next to the field", async () => {
    await makeMembers(database.db, [
      ["anna@velsen.nl", "velsen", "redacteur"],
      ["lies@velsen.nl", "velsen", "lezer"],
    ]);
    const path = `/plannen/${PLAN}/cijfers/${OWN}/vergelijken`;
    const visitorPage = await app.request(path);
    expect(visitorPage.status).toBe(200);
    const visitorText = visibleText(await visitorPage.text());
    expect(visitorText).toContain("Twee bronnen vergeleken");
    expect(visitorText).toContain("Op 1 oktober 2024 komen de bronnen overeen in 3 van de 4 gebieden; het totaal verschilt.");
    expect(visitorText).not.toContain("Drie tegen vier");
    expect(visitorText).not.toContain("Toelichting opslaan");
    // The indicator's page links to the comparison; one compared with nothing does not.
    expect(await (await app.request(`/plannen/${PLAN}/cijfers/${OWN}`)).text()).toContain(`href="${path}"`);
    expect(await (await app.request(`/plannen/${PLAN}/cijfers/verwijzingspercentage`)).text()).not.toContain("/vergelijken");

    const lies = await signedInClient(app, "lies@velsen.nl");
    const liesPage = await (await lies.get(path)).text();
    expect(liesPage).toContain('id="bronnen-verloop"');
    expect(liesPage).not.toContain("Toelichting opslaan");
    expect((await lies.post(path, { date: "2024-10-01", scope: "totaal", explanation: "x", version: "0" })).status).toBe(403);

    const anna = await signedInClient(app, "anna@velsen.nl");
    const form = formFields(await (await anna.get(path)).text(), "#toelichting-2024-10-01-totaal");
    expect(form).toMatchObject({ date: "2024-10-01", scope: "totaal", version: "0", explanation: "" });
    const tooLong = await anna.post(path, { ...form, explanation: "x".repeat(5_001) });
    expect(tooLong.status).toBe(400);
    expect(formProblems(await tooLong.text())).toEqual(["Toelichting: hoogstens 5.000 tekens (nu 5.001)."]);
    const ok = await anna.post(path, { ...form, explanation: "Leerplicht telt een leerling uit Heemskerk mee die het SWV elders telt." });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`${path}?opgeslagen=1#rij-2024-10-01-totaal`);
    const after = visibleText(await (await anna.get(ok.headers.get("location")!)).text());
    expect(after).toContain("De toelichting is opgeslagen.");
    expect(after).toContain("Leerplicht telt een leerling uit Heemskerk mee");
    const stale = await anna.post(path, { ...form, explanation: "Later" });
    expect(stale.status).toBe(409);
    expect(formProblems(await stale.text())).toEqual(["Deze toelichting is intussen door iemand anders gewijzigd. Lees de nieuwe toelichting en sla dan opnieuw op."]);

    const unlinked = await app.request(`/plannen/${PLAN}/cijfers/${OTHER}/vergelijken`);
    expect(unlinked.status).toBe(200);
    expect(visibleText(await unlinked.text())).toContain("Deze indicator is met geen andere bron verbonden.");
    expect((await app.request(`/plannen/${PLAN}/cijfers/bestaat-niet/vergelijken`)).status).toBe(404);
  });

  it("through the indicator form: the choice 'Vergelijken met' keeps and changes the link", async () => {
    const anna = await signedInClient(app, "anna@velsen.nl");
    const edit = `/plannen/${PLAN}/cijfers/${OWN}/bewerken`;
    const html = await (await anna.get(edit)).text();
    const form = formFields(html, "/bewerken");
    expect(form.vergelijken).toBe(OTHER);
    expect(html).not.toContain(`<option value="${OWN}"`);
    expect(html).not.toContain('<option value="opgave-thuiszitters-scholen"');
    expect((await anna.post(edit, { ...form, vergelijken: "" })).status).toBe(303);
    expect((await reconcile(database.db, anonymous, PLAN, OWN)).other).toBeNull();
  });
});
