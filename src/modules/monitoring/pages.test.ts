/** The progress pages through app.request(), as a browser without JavaScript uses them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../../../test/helpers/accounts.ts";
import { client } from "../../../test/helpers/client.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import type { Viewer } from "../access/viewer.ts";
import { system } from "../access/viewer.ts";
import { getPlan } from "../plans/reading.ts";
import { people, progressDatabase, SLUG } from "./test-plan.ts";
import { configureCycle, saveUpdate, updatesOfPlan } from "./updates.ts";


describe.each(databaseKinds)("progress pages on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const ids: Record<string, number> = {};
  let periodId: number;
  const path = (code: string) => `/plannen/${SLUG}/onderdelen/${ids[code]}/voortgang`;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    const plan = await getPlan(database.db, system, SLUG);
    collectItemIds(plan.items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "trimester");
    periodId = periods.find((p) => p.label === "T2 2025")!.id;
  });
  afterAll(() => database.dispose());

  async function signedIn(email: string) {
    const browser = client(app);
    expect((await browser.post("/inloggen", { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }
  const saved = async (code: string) => (await updatesOfPlan(database.db, system, SLUG, periodId)).items.find((e) => e.item.id === ids[code])!;

  describe("writing an update", () => {
    it("lets a party of the item write it and shows it was saved", async () => {
      const party = await signedIn(people.party);
      const page = await party.get(`${path("1.2")}?periode=${periodId}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(visibleText(html)).toMatch(/Voortgang Actie 1\.2\s+Overstap po-vo verbeteren/);
      expect(html).toMatch(/<legend>Status over T2 2025<\/legend>/);
      expect(html).toContain('<select id="veld-periode" name="periode">');
      const form = formFields(html, "/voortgang");
      expect(form).toEqual({ periode: String(periodId), version: "", results: "", planning: "", percentage: "" });

      const res = await party.post(path("1.2"), { ...form, status: "op-koers", results: "Overleg met vo-scholen gestart.\r\nTweede regel.", percentage: "40" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`${path("1.2")}?periode=${periodId}&opgeslagen=1`);
      const after = await (await party.get(res.headers.get("location")!)).text();
      expect(visibleText(after)).toContain("De voortgang is opgeslagen.");
      expect(formFields(after)).toMatchObject({ status: "op-koers", results: "Overleg met vo-scholen gestart.\nTweede regel.", percentage: "40", version: "1" });
      expect((await saved("1.2")).update).toMatchObject({ status: "op-koers", percentage: 40, author: { name: expect.any(String) } });
    });

    it("shows errors next to the fields and saves nothing", async () => {
      const owner = await signedIn(people.owner);
      const form = formFields(await (await owner.get(`${path("1.1")}?periode=${periodId}`).then((r) => r.text())));
      const res = await owner.post(path("1.1"), { ...form, percentage: "veel", results: "Iets bereikt." });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('<fieldset aria-describedby="veld-status-fout">');
      expect(html).toContain('<p class="koers-field-error" id="veld-status-fout">Status: kies een status (niet-gestart, op-koers, aandacht-nodig, achter-op-planning, afgerond, uitgesteld, vervallen).</p>');
      expect(html).toMatch(/<input id="veld-percentage"[^>]*aria-invalid="true"[^>]*aria-describedby="veld-percentage-uitleg veld-percentage-fout"/);
      expect(html).toContain("Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg.");
      expect(formFields(html, "/voortgang")).toMatchObject({ results: "Iets bereikt.", percentage: "veel" });
      expect((await saved("1.1")).update).toBeNull();
    });

    it("shows a parent its rolled-up status and asks a reason to differ from it", async () => {
      await saveUpdate(database.db, viewers.owner, SLUG, ids["1.1"]!, periodId, { version: null, status: "aandacht-nodig", results: "", planning: "", percentage: null, statusReason: null });
      const owner = await signedIn(people.owner);
      const html = await (await owner.get(`${path("1")}?periode=${periodId}`)).text();
      expect(visibleText(html)).toMatch(/Uit de onderdelen eronder volgt:\s*Aandacht nodig \(berekend\)/);
      expect(html).toContain('<label for="veld-statusReason">Reden voor een andere status</label>');
      const form = formFields(html, "/voortgang");
      const refused = await owner.post(path("1"), { ...form, status: "op-koers" });
      expect(refused.status).toBe(400);
      expect(visibleText(await refused.text())).toContain('Reden voor deze status: uit de onderdelen eronder volgt "Aandacht nodig". Leg uit waarom u "Op koers" kiest.');
      const res = await owner.post(path("1"), { ...form, status: "op-koers", statusReason: "Het verzuimprotocol is al in gebruik." });
      expect(res.status).toBe(303);
      expect(await saved("1")).toMatchObject({ status: "op-koers", rolledUp: "aandacht-nodig", overridden: true });
    });

    it("does not overwrite what someone saved in between, and keeps the text that was typed", async () => {
      const owner = await signedIn(people.owner);
      const party = await signedIn(people.party);
      const mine = formFields(await (await owner.get(`${path("1.2")}?periode=${periodId}`)).text());
      const theirs = formFields(await (await party.get(`${path("1.2")}?periode=${periodId}`)).text());
      expect((await party.post(path("1.2"), { ...theirs, status: "afgerond", results: "Alles klaar." })).status).toBe(303);

      const refused = await owner.post(path("1.2"), { ...mine, status: "aandacht-nodig", results: "Mijn tekst." });
      expect(refused.status).toBe(409);
      const html = await refused.text();
      const text = visibleText(html);
      expect(text).toMatch(/heeft de voortgang over T2 2025 op .* opgeslagen terwijl u haar schreef/);
      expect(text).toMatch(/Status van de ander\s*Afgerond/);
      expect(text).toMatch(/Resultaten van de ander\s*Alles klaar\./);
      const again = formFields(html, "/voortgang");
      expect(again).toMatchObject({ status: "aandacht-nodig", results: "Mijn tekst.", version: String(Number(theirs.version) + 1) });
      expect((await saved("1.2")).update).toMatchObject({ status: "afgerond", results: "Alles klaar." });

      expect((await owner.post(path("1.2"), { ...again, results: "Mijn tekst, na overleg." })).status).toBe(303);
      expect((await saved("1.2")).update).toMatchObject({ status: "aandacht-nodig", results: "Mijn tekst, na overleg." });
    });

    it("refuses readers and others' items, and sends visitors to sign in", async () => {
      const reader = await signedIn(people.reader);
      expect((await reader.get(path("1.2"))).status).toBe(403);
      expect((await reader.post(path("1.2"), { periode: String(periodId), status: "afgerond" })).status).toBe(403);
      // A period that does not exist is looked at only after the guard: still 403, not 404.
      expect((await reader.get(`${path("1.2")}?periode=geen-periode`)).status).toBe(403);
      const party = await signedIn(people.party);
      expect((await party.get(path("1.1"))).status).toBe(403);
      const visitor = await app.request(path("1.2"));
      expect(visitor.status).toBe(303);
      expect(visitor.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(path("1.2"))}`);
    });

    it("refuses a form without the CSRF token", async () => {
      const owner = await signedIn(people.owner);
      const res = await owner.post(path("1.3"), { periode: String(periodId), version: "", status: "afgerond" }, { csrf: false });
      expect(res.status).toBe(403);
      expect((await saved("1.3")).update).toBeNull();
    });

    it("answers an unknown period with 404", async () => {
      const owner = await signedIn(people.owner);
      expect((await owner.get(`${path("1.2")}?periode=999999`)).status).toBe(404);
      expect((await owner.get(`${path("1.2")}?periode=T2`)).status).toBe(404);
    });

    it("points to the reporting periods when a plan has none yet", async () => {
      const party = await signedIn(people.party); // redacteur of PPO-NK, which owns this plan
      const plan = await getPlan(database.db, system, "jaarplan-ppo-nk-2023");
      const html = await (await party.get(`/plannen/jaarplan-ppo-nk-2023/onderdelen/${plan.items[0]!.id}/voortgang`)).text();
      expect(visibleText(html)).toContain("Dit plan heeft nog geen rapportageperiodes");
      expect(html).toContain('href="/plannen/jaarplan-ppo-nk-2023/rapportageperiodes"');
      expect(html).not.toContain("Voortgang opslaan");
    });
  });

  describe("reporting periods", () => {
    const periodsPath = `/plannen/${SLUG}/rapportageperiodes`;

    it("lets a plan editor choose the cycle, and keeps periods with updates", async () => {
      const owner = await signedIn(people.owner);
      const page = await (await owner.get(periodsPath)).text();
      expect(page).toContain('<legend>Hoe vaak rapporteert dit plan?</legend>');
      expect(page).toMatch(/<input type="radio" id="veld-cycle-trimester" name="cycle" value="trimester" checked=""/);
      const res = await owner.post(periodsPath, { cycle: "kwartaal" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`${periodsPath}?opgeslagen=1`);
      // Q2 and Q3 explain themselves as abbreviations (glossary), so the words are compared without markup.
      const text = visibleText(await (await owner.get(res.headers.get("location")!)).text()).replace(/\s+/g, " ");
      expect(text).toContain("De rapportageperiodes zijn ingesteld.");
      expect(text).toContain("Dit plan rapporteert per kwartaal (vier keer per jaar).");
      for (const label of ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025", "T2 2025"]) expect(text).toContain(label);
      expect(text).not.toContain("T1 2025");
      expect(text).toMatch(/T2 2025 1 mei 2025 31 augustus 2025 \d+ Hoort niet bij de gekozen indeling; blijft omdat er voortgang over is gemeld\./);
    });

    it("shows an error when no cycle is chosen", async () => {
      const owner = await signedIn(people.owner);
      const res = await owner.post(periodsPath, {});
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<p class="koers-field-error" id="veld-cycle-fout">Cyclus: kies hoe vaak dit plan rapporteert (trimester, kwartaal, halfjaar, jaar).</p>');
    });

    it("shows the periods to other partners without the form, and refuses their changes", async () => {
      const party = await signedIn(people.party);
      const page = await party.get(periodsPath);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Q1 2025");
      expect(html).not.toContain("Periodes instellen");
      expect((await party.post(periodsPath, { cycle: "jaar" })).status).toBe(403);
      expect((await party.post(periodsPath, {})).status).toBe(403);
      expect((await app.request(periodsPath)).status).toBe(303);
    });
  });
});
