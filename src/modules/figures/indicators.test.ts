/**
 * Making and changing an indicator, through the command and the form, on both databases: plan
 * editors only; one check for every caller with Dutch messages next to the fields; a change made
 * against an older version is refused; a person's change clears what was Koers's reading.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeViewer, signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { makeMembers } from "../../../test/helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { ConflictError } from "../../lib/errors.ts";
import { InputError } from "../../lib/validation.ts";
import { ForbiddenError } from "../access/policy.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { getPlan } from "../plans/reading.ts";
import { saveIndicator, slugFor, type IndicatorInput } from "./indicators.ts";
import { indicatorFigures, planFigures } from "./service.ts";

const PLAN = "allen-voor-een-2022-2024";

describe("a slug from a name", () => {
  it.each([
    ["Thuiszitters PO IJmond", "thuiszitters-po-ijmond"],
    ["Scholen die 80–100% bieden", "scholen-die-80-100-bieden"],
    ["Één + twee", "een-twee"],
    ["%%%", "indicator"],
  ])("%s → %s", (name, slug) => expect(slugFor(name)).toBe(slug));
});

describe.each(databaseKinds)("indicators on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let editor: Viewer;
  let reader: Viewer;
  let goal: number;
  const input = (extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
    version: null,
    name: "Thuiszitters langer dan drie maanden",
    definition: "Leerlingen die langer dan drie maanden thuiszitten zonder passend aanbod.",
    unit: "aantal",
    direction: "lager",
    frequency: "peildata",
    breakdowns: ["swv"],
    children: true,
    items: [goal],
    baseline: { value: 14, label: "2022", date: "2022-12-31" },
    targets: [{ value: 0, label: "einde schooljaar 2024-2025", date: "2025-07-31" }],
    ...extra,
  });

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    editor = await makeViewer(database.db, "redacteur@velsen.nl", ["velsen", "redacteur"]);
    reader = await makeViewer(database.db, "lezer@velsen.nl", ["velsen", "lezer"]);
    goal = (await getPlan(database.db, system, PLAN)).items.flatMap((i) => i.children).find((i) => i.code === "2.5")!.id;
  });
  afterAll(() => database.dispose());

  it("are made by the plan's editors, with a slug from the name, and serve the items chosen", async () => {
    await expect(saveIndicator(database.db, reader, PLAN, undefined, input())).rejects.toThrow(ForbiddenError);
    const saved = await saveIndicator(database.db, editor, PLAN, undefined, input());
    expect(saved).toEqual({ slug: "thuiszitters-langer-dan-drie-maanden", version: 1 });
    const { indicator } = await indicatorFigures(database.db, anonymous, PLAN, saved.slug);
    expect(indicator).toMatchObject({ unit: "aantal", children: true, baseline: { value: 14, label: "2022" }, targets: [{ value: 0 }], items: [{ id: goal, code: "2.5" }] });
    // The same name again gets a slug of its own.
    expect((await saveIndicator(database.db, editor, PLAN, undefined, input())).slug).toBe("thuiszitters-langer-dan-drie-maanden-2");
  });

  it("are checked once, with Dutch messages that name the field", async () => {
    const error = await saveIndicator(database.db, editor, PLAN, undefined, input({ name: " ", items: [999_999], baseline: { value: null, label: "" }, targets: [] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => [p.path, p.message])).toEqual([
      ["name", "Naam: geef de indicator een naam."],
      ["baseline.label", '0-meting: zeg wanneer, bijvoorbeeld "2024" of "einde schooljaar 2024-2025".'],
      ["baseline.value", "0-meting: geef een getal of beschrijf het in woorden."],
    ]);
    const other = await saveIndicator(database.db, editor, PLAN, undefined, input({ items: [999_999] })).catch((e: unknown) => e);
    expect((other as InputError).problems).toEqual([{ file: "indicator", path: "items", message: "Hoort bij: kies onderdelen van dit plan." }]);
  });

  it("are changed against the version they were read at, and a change clears what was Koers's reading", async () => {
    const marked = (await planFigures(database.db, system, PLAN)).indicators.find((i) => i.interpreted.length > 0)!;
    const changed = await saveIndicator(database.db, editor, PLAN, marked.slug, input({ version: marked.version, name: `${marked.name} (bijgewerkt)`, items: marked.items.map((i) => i.id) }));
    expect(changed).toEqual({ slug: marked.slug, version: marked.version + 1 });
    expect((await indicatorFigures(database.db, system, PLAN, marked.slug)).indicator.interpreted).toEqual([]);
    await expect(saveIndicator(database.db, editor, PLAN, marked.slug, input({ version: marked.version }))).rejects.toThrow(ConflictError);
    // A percentage's measurements (1,96) do not fit a count.
    const percentage = (await indicatorFigures(database.db, system, PLAN, "verwijzingspercentage")).indicator;
    const misfit = await saveIndicator(database.db, editor, PLAN, percentage.slug, input({ version: percentage.version, unit: "aantal", items: [] })).catch((e: unknown) => e);
    expect((misfit as InputError).problems).toEqual([
      { file: "indicator", path: "unit", message: "Eenheid: past niet bij de metingen van deze indicator (een aantal is een heel getal van 0 of meer (nu 1,96))." },
    ]);
  });

  it("through the form: Dutch numbers, errors next to their field, and the new indicator's page", async () => {
    await makeMembers(database.db, [["anna@velsen.nl", "velsen", "redacteur"]]);
    const anna = await signedInClient(app, "anna@velsen.nl");
    const form = formFields(await (await anna.get(`/plannen/${PLAN}/cijfers/nieuw`)).text());
    const wrong = await anna.post(`/plannen/${PLAN}/cijfers/nieuw`, { ...form, naam: "Verzuim", "meting-0-waarde": "veel", "meting-0-periode": "2023" });
    expect(wrong.status).toBe(400);
    expect(visibleText(await wrong.text())).toContain("0-meting: vul een getal in.");
    const ok = await anna.post(`/plannen/${PLAN}/cijfers/nieuw`, { ...form, naam: "Verzuim", eenheid: "percentage", "meting-0-waarde": "3,5%", "meting-0-periode": "2023", onderdeel: String(goal) });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/plannen/${PLAN}/cijfers/verzuim?opgeslagen=1`);
    const page = visibleText(await (await anna.get(ok.headers.get("location")!)).text());
    expect(page).toContain("De indicator is opgeslagen.");
    expect(page).toContain("3,5% (2023)");
    expect((await (await signedInClient(app, "lezer@velsen.nl")).get(`/plannen/${PLAN}/cijfers/nieuw`)).status).toBe(403);
  });
});
