/**
 * Reports through the services and app.request(): the report of a plan over a span of periods,
 * its texts and versions, who may see and write them, and the fidelity of the 2022 report of
 * "Allen voor één" to the Tussenevaluatie it was written as (data/sources/002).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, signedInClient, makeViewer, type TestApp } from "../../../test/helpers/apps.ts";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { dataDir } from "../../../test/helpers/seeded.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { missingFragments, normalise } from "../../lib/source-coverage.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { figuresToHandOn, KEPT_BACK } from "../figures/service.ts";
import { readSources } from "../exchange/fidelity.ts";
import { configureCycle, saveUpdate } from "../monitoring/updates.ts";
import { getPlan } from "../plans/reading.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { buildReport } from "./build.ts";
import { listReportVersions, reportOf, reportVersion, saveReportTexts, saveReportVersion } from "./service.ts";
import { compareReports } from "./compare.ts";

const AVE = "allen-voor-een-2022-2024";
const EVALUATION_SOURCE = "002_003e57516a875652.txt";

describe.each(databaseKinds)("reports on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let velsen: Viewer;
  let app: TestApp;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    velsen = viewers.outsider; // redacteur of Velsen: an owner of Allen voor één, not of the progress test plan
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    collectItemIds((await getPlan(database.db, system, SLUG)).items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "kwartaal");
    const [q1, q2] = periods;
    const update = { version: null, percentage: null, statusReason: null };
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1.1"]!, q1!.id, { ...update, status: "op-koers", results: "Aanpak besproken met **leerplicht**.", planning: "Vastleggen in Q2." });
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1.1"]!, q2!.id, { ...update, status: "afgerond", results: "Aanpak vastgelegd.", planning: "" });
    await saveUpdate(database.db, viewers.party, SLUG, ids["1.2"]!, q2!.id, { ...update, status: "achter-op-planning", results: "Wachten op de scholen.", planning: "Na de zomer." });
  });
  afterAll(() => database.dispose());

  it("follows the plan's order and levels, with each period's updates and the status at the end of the span", async () => {
    const report = await buildReport(database.db, viewers.owner, SLUG, { from: "Q1 2025", to: "Q2 2025" }, null, { today: "2025-07-10" });
    expect(report.spanLabel).toBe("Q1 2025 t/m Q2 2025");
    expect(report.items.map((i) => `${i.depth}:${i.level}:${i.code}`)).toEqual(["0:Thema:1", "1:Actie:1.1", "1:Actie:1.2", "1:Actie:1.3", "0:Thema:2", "1:Actie:2.1"]);
    const first = report.items.find((i) => i.code === "1.1")!;
    expect(first.updates.map((u) => [u.period, u.status, u.results[0]?.text])).toEqual([
      ["Q1 2025", "op-koers", "Aanpak besproken met **leerplicht**."],
      ["Q2 2025", "afgerond", "Aanpak vastgelegd."],
    ]);
    expect(first.updates[0]!.planning).toEqual([{ title: "Planning", text: "Vastleggen in Q2." }]);
    expect(first.status).toBe("afgerond");
    expect(report.items.find((i) => i.code === "1")).toMatchObject({ status: "achter-op-planning", statusStated: false });
    expect(report.summary.finished.map((f) => [f.code, f.period])).toEqual([["1.1", "Q2 2025"]]);
    expect(report.summary.themes.map((t) => [t.code, t.total])).toEqual([["1", 3], ["2", 1]]);
    // The plan's own Wanneer stands with each item.
    expect(first.fields).toContainEqual({ label: "Wanneer", text: "Q1 2025" });
  });

  it("reports one period alone, and refuses a period the plan does not have, naming those it has", async () => {
    const report = await buildReport(database.db, viewers.owner, SLUG, { from: "Q2 2025" }, null);
    expect(report.items.find((i) => i.code === "1.1")!.updates.map((u) => u.period)).toEqual(["Q2 2025"]);
    expect(report.summary.finished.map((f) => f.code)).toEqual(["1.1"]);
    expect((await buildReport(database.db, viewers.owner, SLUG, { from: "Q1 2025" }, null)).summary.finished).toEqual([]);
    await expect(buildReport(database.db, viewers.owner, SLUG, { from: "2031" }, null)).rejects.toThrow(/geen periode '2031'.*'Q1 2025'/);
  });

  it("is for the plan's partners: a visitor is asked to sign in", async () => {
    await expect(reportOf(database.db, anonymous, SLUG, { from: "Q1 2025" })).rejects.toThrow(/Log in/);
    const visitor = await app.request(`/plannen/${SLUG}/rapportage?van=Q1+2025`);
    expect([visitor.status, visitor.headers.get("location")]).toEqual([303, `/inloggen?next=${encodeURIComponent(`/plannen/${SLUG}/rapportage`)}`]);
    await expect(reportOf(database.db, viewers.reader, SLUG, { from: "Q1 2025" })).resolves.toMatchObject({ spanLabel: "Q1 2025" });
  });

  it("keeps the coordinator's texts, refusing a save over someone else's", async () => {
    const span = { from: "Q1 2025", to: "Q2 2025" };
    await expect(saveReportTexts(database.db, viewers.reader, SLUG, span, { title: "X", intro: "", closing: "", version: 0 })).rejects.toThrow();
    await expect(saveReportTexts(database.db, viewers.owner, SLUG, span, { title: " ", intro: "", closing: "", version: 0 })).rejects.toThrow(/Titel: geef een titel/);
    const { version } = await saveReportTexts(database.db, viewers.owner, SLUG, span, { title: "Halfjaarrapportage 2025", intro: "Het eerste half jaar.", closing: "Tot de volgende keer.", version: 0 });
    await expect(saveReportTexts(database.db, viewers.owner, SLUG, span, { title: "Oud", intro: "", closing: "", version: 0 })).rejects.toThrow(/intussen door iemand anders gewijzigd/);
    const report = await reportOf(database.db, viewers.owner, SLUG, span);
    expect(report).toMatchObject({ title: "Halfjaarrapportage 2025", intro: [{ title: "Inleiding", text: "Het eerste half jaar." }], closing: [{ title: "Tot slot", text: "Tot de volgende keer." }] });
    expect(version).toBe(1);
  });

  it("saves versions as they were sent, and compares one with the one before", async () => {
    const span = { from: "Q2 2025" };
    const first = await saveReportVersion(database.db, viewers.owner, SLUG, span, { sentTo: "Regiegroep", sentOn: "2025-07-01" });
    await saveUpdate(database.db, viewers.party, SLUG, ids["1.2"]!, (await configureCycle(database.db, viewers.owner, SLUG, "kwartaal")).periods[1]!.id, {
      version: 1,
      status: "op-koers",
      results: "De scholen doen mee.",
      planning: "Na de zomer.",
      percentage: null,
      statusReason: null,
    });
    const second = await saveReportVersion(database.db, viewers.owner, SLUG, span, { sentTo: "OOGO", sentOn: "2025-07-15" });
    expect([first.number, second.number]).toEqual([1, 2]);
    expect((await listReportVersions(database.db, viewers.reader, SLUG, span)).map((v) => v.sentTo)).toEqual(["OOGO", "Regiegroep"]);
    const saved = await reportVersion(database.db, viewers.reader, SLUG, second.id);
    expect(saved.previous?.number).toBe(1);
    // The first version keeps what was sent then.
    expect(saved.previous!.report.items.find((i) => i.code === "1.2")!.status).toBe("achter-op-planning");
    const comparison = compareReports(saved.previous!.report, saved.report);
    expect(comparison.items.find((i) => i.code === "1.2")).toMatchObject({ status: { before: "achter-op-planning", after: "op-koers" } });
    expect(comparison.items.find((i) => i.code === "1.2")!.updates!.after).toContain("De scholen doen mee.");
    await expect(saveReportVersion(database.db, viewers.owner, SLUG, span, { sentTo: "", sentOn: "gisteren" })).rejects.toThrow(/Naar: schrijf waar/);
    await expect(reportVersion(database.db, viewers.outsider, SLUG, second.id)).rejects.toThrow();
  });

  it("the report page through the browser: the form saves the texts, the version form saves a version", async () => {
    const browser = await signedInClient(app, people.owner);
    const page = await browser.get(`/plannen/${SLUG}/rapportage?van=Q1+2025&tot=Q2+2025`);
    expect(page.status).toBe(200);
    const text = visibleText(await page.text());
    expect(text).toContain("Samenvatting");
    expect(text).toContain("1.1 Verzuimaanpak vastleggen");
    const refused = await browser.post(`/plannen/${SLUG}/rapportage/teksten?van=Q1+2025&tot=Q2+2025`, { title: "Nieuw", intro: "", closing: "", version: "0" });
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain("Uw tekst staat hieronder nog");
    const saved = await browser.post(`/plannen/${SLUG}/rapportage/versies?van=Q1+2025`, { sentTo: "Kernberaad", sentOn: "2025-04-20" });
    expect(saved.status).toBe(303);
    const version = await browser.get(saved.headers.get("location")!);
    expect(visibleText(await version.text())).toContain("Dit is de eerste versie");
    const choose = await browser.get(`/plannen/${SLUG}/rapportage`);
    expect(visibleText(await choose.text())).toContain("Kies de periode");
  });

  describe("Allen voor één over 2022: the Tussenevaluatie as a Koers report", () => {
    const source = readFileSync(join(dataDir, "sources", EVALUATION_SOURCE), "utf8");
    const ignored = () => readSources(dataDir).ignore[EVALUATION_SOURCE] ?? [];

    it("holds every sentence, figure and heading of the evaluation when made confidentially by a partner", async () => {
      const browser = await signedInClient(app, people.outsider);
      const page = await browser.get(`/plannen/${AVE}/rapportage?van=2022&vertrouwelijk=ja`);
      expect(page.status).toBe(200);
      const text = visibleText(await page.text());
      expect(missingFragments(source, [text], ignored()).map((f) => `${f.line}: ${f.text}`)).toEqual([]);
    });

    it("keeps small counts back in the report to hand on, and nothing else", async () => {
      const { keptBack } = await figuresToHandOn(database.db, velsen, AVE);
      expect(keptBack.length).toBeGreaterThan(0);
      const browser = await signedInClient(app, people.outsider);
      const text = visibleText(await (await browser.get(`/plannen/${AVE}/rapportage?van=2022`)).text());
      expect(text).toContain(KEPT_BACK);
      for (const quote of keptBack) expect(normalise(text)).not.toContain(normalise(quote));
      // What is missing from the source is only what holds a kept-back count.
      const missing = missingFragments(source, [text], ignored());
      expect(missing.length).toBeGreaterThan(0);
      for (const f of missing) expect(keptBack.some((q) => normalise(q).includes(normalise(f.text)) || normalise(f.text).includes(normalise(q)))).toBe(true);
    });

    it("puts each part of the evaluation under its own goal, in the plan's order", async () => {
      const report = await reportOf(database.db, velsen, AVE, { from: "2022" }, { confidential: true });
      const withUpdates = report.items.filter((i) => i.updates.length > 0);
      expect(withUpdates.length).toBeGreaterThan(5);
      for (const item of withUpdates) for (const u of item.updates) expect(u.source).toMatchObject({ kind: "evaluatie" });
      expect(report.intro.length).toBeGreaterThan(0);
      expect(report.subtitle).not.toBeNull();
    });
  });

  it("unreadable plans stay not found, for a signed-in outsider too", async () => {
    const { session } = await makeUser(database.db, "buiten@example.nl", { roles: [] });
    expect(session).toBeTruthy();
    const stranger = await makeViewer(database.db, "vreemde@example.nl", ["velsen", "lezer"]);
    await expect(reportOf(database.db, stranger, SLUG, { from: "Q1 2025" })).rejects.toThrow();
  });
});
