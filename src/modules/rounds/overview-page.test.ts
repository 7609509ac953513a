/** The overview of a round through app.request(), as a coordinator's browser without JavaScript uses it: the whole round, its filters, who may see it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../../../test/helpers/accounts.ts";
import { client } from "../../../test/helpers/client.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { saveIndicator } from "../figures/indicators.ts";
import { saveMeasurements } from "../figures/service.ts";
import { getPlan } from "../plans/reading.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { configureCycle, saveUpdate } from "../monitoring/updates.ts";
import { openRound } from "./service.ts";

describe.each(databaseKinds)("the overview of a round on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const ids: Record<string, number> = {};
  const period: Record<string, number> = {};
  let path: string;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    const { db } = database;
    app = testApp(db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    collectItemIds((await getPlan(db, system, SLUG)).items, ids);
    for (const p of (await configureCycle(db, viewers.owner, SLUG, "trimester")).periods) period[p.label] = p.id;
    const round = await openRound(db, viewers.owner, SLUG, { periodId: period["T2 2025"]!, deadline: "2025-08-31", message: "" });
    path = `/plannen/${SLUG}/rondes/${round.id}/overzicht`;

    const write = (who: Viewer, code: string, label: string, status: string, results = "", planning = "", statusReason: string | null = null) =>
      saveUpdate(db, who, SLUG, ids[code]!, period[label]!, { version: null, status: status as never, results, planning, percentage: null, statusReason });
    // T1: the period before.
    await write(viewers.owner, "1.1", "T1 2025", "op-koers", "Afspraken over verzuim gemaakt.");
    await write(viewers.owner, "2.1", "T1 2025", "niet-gestart");
    // T2: 1.1 the same, 1.2 new (by the party), 2.1 changed, 1.3 missing; theme 1 states its own status against its parts.
    await write(viewers.owner, "1.1", "T2 2025", "op-koers", "Afspraken over verzuim gemaakt.");
    await write(viewers.party, "1.2", "T2 2025", "aandacht-nodig", "De overstap **loopt** vertraging op.", "In september een gesprek met de scholen.");
    await write(viewers.owner, "2.1", "T2 2025", "op-koers", "Drie arrangementen gestart.");
    await write(viewers.owner, "1", "T2 2025", "op-koers", "", "", "De vertraging bij 1.2 is al opgelost.");

    await saveIndicator(db, viewers.owner, SLUG, undefined, {
      version: null,
      name: "Aantal verzuimmeldingen",
      definition: null,
      unit: "aantal",
      direction: "lager",
      frequency: "kwartaal",
      breakdowns: [],
      children: false,
      items: [ids["1.1"]!],
      baseline: null,
      targets: [],
    });
    await saveMeasurements(db, viewers.owner, SLUG, [
      { row: "1", indicator: "aantal-verzuimmeldingen", input: { date: "2025-03-31", label: "Q1 2025", scope: "totaal", value: 41 } },
      { row: "2", indicator: "aantal-verzuimmeldingen", input: { date: "2025-06-30", label: "Q2 2025", scope: "totaal", value: 37 } },
    ]);
  });
  afterAll(() => database.dispose());

  async function signedIn(email: string) {
    const browser = client(app);
    expect((await browser.post("/inloggen", { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }
  const page = async (email: string, query = "") => {
    const res = await (await signedIn(email)).get(path + query);
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, text: visibleText(html).replace(/\s+/g, " ") };
  };
  /** The headings of the items, as level and text, top to bottom. */
  const headings = (html: string) =>
    [...html.matchAll(/<h([3-6]) class="utrecht-heading-\d" id="onderdeel-\d+">([\s\S]*?)<\/h\1>/g)].map((m) => `h${m[1]} ${visibleText(m[2]!).replace(/\s+/g, " ").trim()}`);
  /** The visible text of one item's section, up to the next item. */
  const section = (html: string, code: string) => {
    const start = html.indexOf(`id="onderdeel-${ids[code]}"`);
    expect(start).toBeGreaterThan(-1);
    const next = html.indexOf('id="onderdeel-', start + 10);
    return visibleText(html.slice(start, next === -1 ? undefined : next)).replace(/\s+/g, " ");
  };

  it("shows every item in the plan's order and levels, with the round's figures at the top", async () => {
    const { html, text } = await page(people.owner);
    expect(headings(html)).toEqual([
      "h3 Thema 1 Thuiszitters",
      "h4 Actie 1.1 Verzuimaanpak vastleggen",
      "h4 Actie 1.2 Overstap po-vo verbeteren",
      "h4 Actie 1.3 Evaluatie met de regiegroep",
      "h3 Thema 2 Inclusie",
      "h4 Actie 2.1 Plan onderwijszorgarrangementen",
    ]);
    expect(text).toContain("Overzicht rapportageronde T2 2025");
    expect(text).toContain("Gemeld 3 van 4 onderdelen; nog niet gemeld: 1");
    expect(text).toContain("Sinds T1 2025 3 nieuw of gewijzigd");
  });

  it("keeps the stated status apart from the computed one, with the reason", async () => {
    const { html } = await page(people.owner);
    const theme = section(html, "1");
    expect(theme).toContain("Gemelde status Op koers");
    expect(theme).toContain("Berekende status Aandacht nodig (berekend)");
    expect(theme).toContain("Reden voor de status De vertraging bij 1.2 is al opgelost.");
    expect(section(html, "2")).toContain("Gemelde status Niet gevraagd in deze ronde Berekende status Op koers (berekend)");
  });

  it("shows the owners' texts as Markdown, who wrote them and when, and what changed since the period before", async () => {
    const { html } = await page(people.owner);
    expect(html).toContain("<p>De overstap <strong>loopt</strong> vertraging op.</p>");
    const party = section(html, "1.2");
    expect(party).toContain("Gemelde status Aandacht nodig");
    expect(party).toContain("Planning In september een gesprek met de scholen.");
    expect(party).toMatch(/Gemeld door \S+, \d+ \S+ \d{4} om \d\d:\d\d/);
    expect(party).toContain("Nieuw: over T1 2025 is niets gemeld.");
    expect(party).toContain("Organisaties PPO-NK");
    expect(section(html, "1.1")).toContain("Ongewijzigd: dezelfde status en tekst.");
    expect(section(html, "2.1")).toContain("Gewijzigd: de status of de tekst is anders.");
  });

  it("marks a missing update clearly", async () => {
    const { html } = await page(people.owner);
    expect(section(html, "1.3")).toContain("Actie 1.3 Evaluatie met de regiegroep Nog niet gemeld Te laat Gemelde status Nog niet gemeld");
    expect(html).toContain('<strong class="koers-badge">Nog niet gemeld</strong>');
    expect(section(html, "1.1")).not.toContain("Nog niet gemeld");
  });

  it("shows the figures entered for an item in the period, not those of another period", async () => {
    const { html } = await page(people.owner);
    const measured = section(html, "1.1");
    expect(measured).toContain("Aantal verzuimmeldingen 30 juni 2025 Totaal 37");
    expect(measured).not.toContain("41");
    expect(section(html, "1.2")).not.toContain("Cijfers");
  });

  it("links each item to where it is changed, for whoever may change it", async () => {
    const owner = (await page(people.owner)).html;
    expect(owner).toContain(`href="/plannen/${SLUG}/onderdelen/${ids["1.3"]}/bewerken"`);
    expect(owner).toContain(`href="/plannen/${SLUG}/onderdelen/${ids["1.3"]}/voortgang?periode=${period["T2 2025"]}"`);
    expect(section(owner, "1.3")).toContain("Voortgang melden van 1.3 Evaluatie met de regiegroep");
    expect(section(owner, "1.2")).toContain("Voortgang bijwerken van 1.2 Overstap po-vo verbeteren");

    // The party edits 1.2 only; a reader nothing, and sees the items on the plan page.
    const party = (await page(people.party)).html;
    expect(party).toContain(`href="/plannen/${SLUG}/onderdelen/${ids["1.2"]}/voortgang?periode=${period["T2 2025"]}"`);
    expect(party).not.toContain(`/onderdelen/${ids["1.3"]}/voortgang`);
    const reader = (await page(people.reader)).html;
    expect(reader).not.toContain("/voortgang?periode=");
    expect(reader).not.toContain("/bewerken");
    expect(reader).toContain(`href="/plannen/${SLUG}?onderdeel=${ids["1.1"]}#onderdeel-${ids["1.1"]}"`);
  });

  it("filters by theme", async () => {
    const { html, text } = await page(people.owner, `?thema=${ids["2"]}`);
    expect(headings(html)).toEqual(["h3 Thema 2 Inclusie", "h4 Actie 2.1 Plan onderwijszorgarrangementen"]);
    expect(text).toContain("2 onderdelen voldoen aan het filter.");
    expect(html).toMatch(new RegExp(`<option value="${ids["2"]}" selected="">2 Inclusie</option>`));
  });

  it("filters by organisation, keeping the items above as context", async () => {
    const { html } = await page(people.owner, "?organisatie=ppo-nk");
    expect(headings(html)).toEqual(["h3 Thema 1 Thuiszitters", "h4 Actie 1.2 Overstap po-vo verbeteren"]);
    expect(section(html, "1")).toContain("Staat hier ter plaatsing: dit onderdeel valt zelf niet onder het filter.");
    expect(section(html, "1")).not.toContain("Gemelde status");
  });

  it("filters by status, and by missing updates", async () => {
    const onTrack = await page(people.owner, "?status=op-koers");
    expect(headings(onTrack.html)).toEqual([
      "h3 Thema 1 Thuiszitters",
      "h4 Actie 1.1 Verzuimaanpak vastleggen",
      "h3 Thema 2 Inclusie",
      "h4 Actie 2.1 Plan onderwijszorgarrangementen",
    ]);
    const missing = await page(people.owner, "?status=nog-niet-gemeld");
    expect(headings(missing.html)).toEqual(["h3 Thema 1 Thuiszitters", "h4 Actie 1.3 Evaluatie met de regiegroep"]);
    expect(missing.text).toContain("1 onderdeel voldoet aan het filter.");
  });

  it("filters what changed since the period before, and combines filters", async () => {
    const changed = await page(people.owner, "?gewijzigd=1");
    expect(headings(changed.html)).toEqual([
      "h3 Thema 1 Thuiszitters",
      "h4 Actie 1.2 Overstap po-vo verbeteren",
      "h3 Thema 2 Inclusie",
      "h4 Actie 2.1 Plan onderwijszorgarrangementen",
    ]);
    expect(changed.html).toMatch(/<input type="checkbox" id="veld-gewijzigd" name="gewijzigd" value="1" checked=""/);
    const both = await page(people.owner, `?gewijzigd=1&thema=${ids["1"]}&status=aandacht-nodig`);
    expect(headings(both.html)).toEqual(["h3 Thema 1 Thuiszitters", "h4 Actie 1.2 Overstap po-vo verbeteren"]);
    const none = await page(people.owner, `?thema=${ids["2"]}&organisatie=ppo-nk`);
    expect(headings(none.html)).toEqual([]);
    expect(none.text).toContain("Geen onderdeel voldoet aan dit filter.");
    expect(none.text).toContain("Alle onderdelen tonen");
  });

  it("takes a filter that is no valid choice as none", async () => {
    const { html } = await page(people.owner, "?thema=abc&status=prima&organisatie=");
    expect(headings(html)).toHaveLength(6);
  });

  it("is linked from the round page", async () => {
    const browser = await signedIn(people.owner);
    const round = await (await browser.get(path.replace(/\/overzicht$/, ""))).text();
    expect(round).toContain(`href="${path}"`);
  });

  it("is for the plan's partners only; a round that is not the plan's does not exist", async () => {
    const visitor = await app.request(path);
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(path)}`);
    const outsider = await signedIn(people.outsider);
    expect((await outsider.get(path)).status).toBe(403);
    const owner = await signedIn(people.owner);
    expect((await owner.get(`/plannen/${SLUG}/rondes/999999/overzicht`)).status).toBe(404);
    expect((await owner.get(`/plannen/${SLUG}/rondes/abc/overzicht`)).status).toBe(404);
    expect((await owner.get(path.replace(SLUG, "activiteitenplan-swvnk-2024"))).status).toBe(404);
    expect((await owner.get(path.replace(SLUG, "bestaat-niet"))).status).toBe(404);
  });
});
