/** The round pages, Mijn werk, the calendar feed and the rounds API through app.request(), as a browser without JavaScript uses them. */
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../../../test/helpers/accounts.ts";
import { client } from "../../../test/helpers/client.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { outbox } from "../accounts/schema.ts";
import { createApiToken } from "../accounts/service.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { getPlan } from "../plans/reading.ts";
import { deadlineText } from "./pages.tsx";
import { daysUntil } from "./service.ts";
import { reportingRounds } from "../monitoring/schema.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { todayInNl } from "../../lib/dates.ts";
import { configureCycle } from "../monitoring/updates.ts";

describe("deadlineText", () => {
  it.each([
    [12, "nog 12 dagen"],
    [2, "nog 2 dagen"],
    [1, "nog 1 dag"],
    [0, "vandaag"],
    [-1, "verlopen"],
  ])("%i days: %s", (days, text) => expect(deadlineText(days)).toBe(text));
});

/** An ISO date `days` after today. */
function inDays(days: number): string {
  const d = new Date(`${todayInNl()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe.each(databaseKinds)("round pages on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const ids: Record<string, number> = {};
  const period: Record<string, number> = {};
  const roundsPath = `/plannen/${SLUG}/rondes`;
  let roundPath: string;
  const deadline = inDays(12);

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000", KOERS_PUBLIC_URL: "https://koers.example.nl" });
    const plan = await getPlan(database.db, system, SLUG);
    collectItemIds(plan.items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "trimester");
    for (const p of periods) period[p.label] = p.id;
  });
  afterAll(() => database.dispose());

  async function signedIn(email: string) {
    const browser = client(app, "https://koers.example.nl");
    expect((await browser.post("/inloggen", { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }
  const text = async (res: Response | Promise<Response>) => visibleText(await (await res).text()).replace(/\s+/g, " ");

  describe("opening a round", () => {
    it("shows a coordinator the form, with every period still open for a round", async () => {
      const owner = await signedIn(people.owner);
      const res = await owner.get(roundsPath);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(visibleText(html)).toContain("Voor dit plan is nog geen rapportageronde geopend.");
      expect(html).toContain('<label for="veld-deadline">Uiterste datum</label>');
      expect(html).toMatch(/<input id="veld-deadline" aria-describedby="veld-deadline-uitleg" name="deadline" type="date"/);
      expect([...html.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([period["T1 2025"], period["T2 2025"], period["T3 2025"]]);
      expect(formFields(html, "/rondes")).toMatchObject({ message: "" });
    });

    it("shows the rounds without the form to other partners, and sends visitors to sign in", async () => {
      const party = await signedIn(people.party);
      const html = await (await party.get(roundsPath)).text();
      expect(html).not.toContain("Ronde openen");
      expect((await party.post(roundsPath, { periodId: String(period["T2 2025"]), deadline })).status).toBe(403);
      const visitor = await app.request(roundsPath);
      expect(visitor.status).toBe(303);
      expect(visitor.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(roundsPath)}`);
    });

    it("shows errors next to the fields and opens nothing", async () => {
      const owner = await signedIn(people.owner);
      const res = await owner.post(roundsPath, { periodId: String(period["T2 2025"]), deadline: "31-12-2025", message: "Graag op tijd." });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(visibleText(html)).toContain("De ronde is niet geopend. Verbeter wat hieronder is aangegeven.");
      expect(html).toContain('<p class="koers-field-error" id="veld-deadline-fout">Uiterste datum: geef een geldige datum, bijvoorbeeld 2025-11-30.</p>');
      expect(html).toMatch(/<input id="veld-deadline" aria-invalid="true" aria-describedby="veld-deadline-uitleg veld-deadline-fout"/);
      // What was typed stays.
      expect(formFields(html, "/rondes")).toMatchObject({ periodId: String(period["T2 2025"]), deadline: "31-12-2025", message: "Graag op tijd." });
      expect(await database.db.select().from(reportingRounds)).toEqual([]);
    });

    it("refuses a form without the CSRF token", async () => {
      const owner = await signedIn(people.owner);
      expect((await owner.post(roundsPath, { periodId: String(period["T2 2025"]), deadline }, { csrf: false })).status).toBe(403);
      expect(await database.db.select().from(reportingRounds)).toEqual([]);
    });

    it("opens the round and shows it, and refuses a second one over the same period", async () => {
      const owner = await signedIn(people.owner);
      const res = await owner.post(roundsPath, { periodId: String(period["T2 2025"]), deadline, message: "Graag voor het overleg." });
      expect(res.status).toBe(303);
      const [round] = await database.db.select().from(reportingRounds);
      roundPath = `${roundsPath}/${round!.id}`;
      expect(res.headers.get("location")).toBe(`${roundPath}?geopend=1`);
      const page = await text(owner.get(res.headers.get("location")!));
      expect(page).toContain("De ronde is geopend. De trekkers zien haar op Mijn werk.");
      expect(page).toMatch(/Uiterste datum \S+ \S+ \d{4} \(nog 12 dagen\)/);
      expect(page).toContain("Gemeld 0 van 4 (0%) onderdelen");
      expect(page).toContain("Per organisatie Gemeld per organisatie Organisatie Gemeld Nog open");

      const again = await owner.post(roundsPath, { periodId: String(period["T2 2025"]), deadline });
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('<p class="koers-field-error" id="veld-periodId-fout">Over T2 2025 is al een rapportageronde geopend.</p>');

      const list = await owner.get(roundsPath);
      const listText = await text(list);
      expect(listText).toMatch(/T2 2025 \S+ \S+ \d{4} Open 0 van 4 \(0%\)/);
    });
  });

  describe("mijn werk", () => {
    it("sends visitors to sign in", async () => {
      const res = await app.request("/mijn-werk");
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/inloggen?next=%2Fmijn-werk");
    });

    it("shows a party the open round: plan, period, deadline and its items with a link to write the update", async () => {
      const party = await signedIn(people.party);
      const html = await (await party.get("/mijn-werk")).text();
      const page = visibleText(html).replace(/\s+/g, " ");
      expect(page).toContain("Werkplan voortgang: voortgang over T2 2025");
      expect(page).toContain("(nog 12 dagen)");
      expect(page).toContain("Bericht Graag voor het overleg.");
      expect(page).toContain("Uw onderdelen 1 van 1 nog te melden");
      // Planned for 2025, which has passed without it being afgerond: late.
      expect(page).toContain("Actie 1.2 Overstap po-vo verbeteren Nog niet gemeld Ja Voortgang melden voor 1.2 Overstap po-vo verbeteren");
      expect(page).not.toContain("1.1 Verzuimaanpak vastleggen");
      expect(html).toContain(`href="/plannen/${SLUG}/onderdelen/${ids["1.2"]}/voortgang?periode=${period["T2 2025"]}"`);
      expect(html).toContain("https://koers.example.nl/mijn-werk/agenda.ics?sleutel=UW-SLEUTEL");
      expect(html).toContain('<a href="/mijn-werk">Mijn werk</a>');
    });

    it("counts an update once it is written", async () => {
      const party = await signedIn(people.party);
      const form = formFields(await (await party.get(`/plannen/${SLUG}/onderdelen/${ids["1.2"]}/voortgang?periode=${period["T2 2025"]}`)).text(), "/voortgang");
      expect((await party.post(`/plannen/${SLUG}/onderdelen/${ids["1.2"]}/voortgang`, { ...form, status: "op-koers" })).status).toBe(303);
      const page = await text(party.get("/mijn-werk"));
      expect(page).toContain("Uw onderdelen Alles gemeld. Dank u wel!");
      expect(page).toContain("Actie 1.2 Overstap po-vo verbeteren Op koers Ja Bijwerken");
    });

    it("shows a coordinator the whole round and where to open rounds", async () => {
      const owner = await signedIn(people.owner);
      const page = await text(owner.get("/mijn-werk"));
      expect(page).toContain("Hele ronde 1 van 4 (25%) gemeld. Bekijk de ronde over T2 2025 van Werkplan voortgang");
      expect(page).toContain("Rapportagerondes van Werkplan voortgang");
    });

    it("has a plain empty state", async () => {
      const reader = await signedIn(people.reader);
      const page = await text(reader.get("/mijn-werk"));
      expect(page).toContain("Er staat op dit moment geen rapportageronde voor u open. U hoeft nu niets te doen.");
      expect(page).not.toContain("Rondes van uw plannen");
    });
  });

  describe("one round", () => {
    it("shows completeness per organisation and per person to the coordinator", async () => {
      const owner = await signedIn(people.owner);
      const page = await text(owner.get(roundPath));
      expect(page).toContain("Gemeld 1 van 4 (25%) onderdelen");
      expect(page).toContain("Samenwerkingsverband VO Noord-Kennemerland 0 van 3 (0%) 3");
      expect(page).toContain("Samenwerkingsverband Passend Primair Onderwijs Noord-Kennemerland 1 van 1 (100%) 0");
      // Names, then addresses: these accounts are named after their address.
      expect(page).toContain(`${people.party} ${people.party} PPO-NK 1 van 1 (100%) 0 Nog geen`);
      expect(page).toContain(`${people.owner} ${people.owner} swvnk 0 van 3 (0%) 3 Nog geen Herinnering sturen`);
      expect(page).toContain("Actie 1.1 Verzuimaanpak vastleggen swvnk Nog niet gemeld Ja");
      expect(page).toContain("Actie 1.2 Overstap po-vo verbeteren PPO-NK Op koers Ja");
      expect(page).toContain("Herinnering sturen aan iedereen met open onderdelen (1)");
      expect(page).toContain("Er zijn nog geen herinneringen gestuurd.");
    });

    it("shows other partners the counts, not the people", async () => {
      const party = await signedIn(people.party);
      const page = await text(party.get(roundPath));
      expect(page).toContain("Gemeld 1 van 4 (25%) onderdelen");
      expect(page).not.toContain("Per persoon");
      expect(page).not.toContain("Herinnering sturen");
      expect(page).not.toContain("Ronde sluiten");
      expect((await party.post(`${roundPath}/herinneren`, {})).status).toBe(403);
    });

    it("answers a round of another plan, or none, with 404", async () => {
      const owner = await signedIn(people.owner);
      const id = roundPath.split("/").at(-1);
      // PPO-NK owns the other plan: its redacteur may see that plan's rounds, and this one is not among them.
      expect((await (await signedIn(people.party)).get(`/plannen/jaarplan-ppo-nk-2023/rondes/${id}`)).status).toBe(404);
      expect((await owner.get(`${roundsPath}/999999`)).status).toBe(404);
      expect((await owner.get(`${roundsPath}/abc`)).status).toBe(404);
    });

    it("sends a reminder to one person into the outbox, and lists it", async () => {
      const owner = await signedIn(people.owner);
      const form = formFields(await (await owner.get(roundPath)).text(), "/herinneren");
      expect(form).toEqual({ email: people.owner });
      const res = await owner.post(`${roundPath}/herinneren`, form as Record<string, string>);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`${roundPath}?herinnerd=1`);
      const [mail] = await database.db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
      expect(mail).toMatchObject({ to: people.owner, subject: "Herinnering: voortgang Werkplan voortgang over T2 2025" });
      expect(mail!.body).toContain(`https://koers.example.nl/plannen/${SLUG}/onderdelen/${ids["1.1"]}/voortgang?periode=${period["T2 2025"]}`);
      const page = await text(owner.get(res.headers.get("location")!));
      expect(page).toContain("Herinnering gestuurd aan 1 persoon.");
      expect(page).toMatch(new RegExp(`Verstuurde herinneringen .*: aan ${people.owner.replace(".", "\\.")} over 3 onderdelen, gestuurd door ${people.owner.replace(".", "\\.")}`));
    });

    it("asks to confirm closing, then closes and freezes the period", async () => {
      const owner = await signedIn(people.owner);
      const confirm = await owner.get(`${roundPath}/sluiten`);
      expect(confirm.status).toBe(200);
      const html = await confirm.text();
      expect(visibleText(html).replace(/\s+/g, " ")).toContain("Ronde T2 2025 sluiten? Na het sluiten ligt de voortgang over T2 2025 vast");
      expect(visibleText(html)).toContain("Van 3 van de 4 onderdelen is nog geen voortgang gemeld.");

      const res = await owner.post(`${roundPath}/sluiten`, {});
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`${roundPath}?gesloten=1`);
      const page = await text(owner.get(res.headers.get("location")!));
      expect(page).toContain("De ronde is gesloten.");
      expect(page).toMatch(/Ronde Gesloten op .* door redacteur@ ?swvnk ?\.nl; de voortgang over deze periode ligt vast/);
      expect(page).not.toContain("Herinnering sturen");
      expect((await owner.get(`${roundPath}/sluiten`)).status).toBe(303);

      const updatePath = `/plannen/${SLUG}/onderdelen/${ids["1.1"]}/voortgang`;
      const frozenPage = await (await owner.get(`${updatePath}?periode=${period["T2 2025"]}`)).text();
      expect(visibleText(frozenPage)).toContain("De rapportageronde over T2 2025 is gesloten: deze voortgang ligt vast");
      expect(formFields(frozenPage, "/voortgang")).toEqual({});
      // A form opened before the close is refused on saving, with the same explanation.
      const refused = await owner.post(updatePath, { periode: String(period["T2 2025"]), version: "", status: "afgerond", results: "", planning: "", percentage: "" });
      expect(refused.status).toBe(409);
      expect(await text(refused)).toContain("De rapportageronde over T2 2025 is gesloten: deze voortgang ligt vast");
      expect((await owner.post(`${roundPath}/sluiten`, {})).status).toBe(409);
      expect(await text(owner.get("/mijn-werk"))).not.toContain("voortgang over T2 2025");
    });
  });

  describe("the calendar feed", () => {
    const feed = (key?: string) => app.request(`/mijn-werk/agenda.ics${key === undefined ? "" : `?sleutel=${encodeURIComponent(key)}`}`);

    it("refuses without a valid read key", async () => {
      expect((await feed()).status).toBe(401);
      const wrong = await feed("koers_onzin");
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toBe("Deze agenda vraagt een geldige sleutel. Maak er een op uw accountpagina in Koers.");
      const writeKey = await createApiToken(database.db, viewers.party, "alles", "read-write");
      expect((await feed(writeKey)).status).toBe(403);
    });

    it("lists the due moments and open round deadlines of that person only", async () => {
      const owner = await signedIn(people.owner);
      expect((await owner.post(roundsPath, { periodId: String(period["T3 2025"]), deadline: inDays(30) })).status).toBe(303);
      const [round] = await database.db.select().from(reportingRounds).orderBy(desc(reportingRounds.id)).limit(1);

      const party = await feed(await createApiToken(database.db, viewers.party, "agenda", "read"));
      expect(party.status).toBe(200);
      expect(party.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      const ics = (await party.text()).replace(/\r\n /g, "");
      expect(ics).toMatch(/^BEGIN:VCALENDAR/);
      expect(ics).toContain(`UID:item-${ids["1.2"]}-2025-12-31@koers`);
      expect(ics).toContain("SUMMARY:Gereed: 1.2 Overstap po-vo verbeteren");
      expect(ics).toContain(`URL;VALUE=URI:https://koers.example.nl/plannen/${SLUG}?onderdeel=${ids["1.2"]}#onderdeel-${ids["1.2"]}`);
      expect(ics).toContain(`UID:ronde-${round!.id}@koers`);
      expect(ics).toContain(`DTSTART;VALUE=DATE:${inDays(30).replaceAll("-", "")}`);
      expect(ics).not.toContain(`UID:item-${ids["1.1"]}-`);

      const ownerIcs = await (await feed(await createApiToken(database.db, viewers.owner, "agenda", "read"))).text();
      expect(ownerIcs).toContain(`UID:item-${ids["1.1"]}-2025-03-31@koers`);
      expect(ownerIcs).not.toContain(`UID:item-${ids["1.2"]}-`);
    });
  });

  describe("the rounds API", () => {
    it("lists each round with its period, deadline, state and completeness", async () => {
      const key = await createApiToken(database.db, viewers.reader, "dashboard", "read");
      const res = await app.request(`/api/v1/plans/${SLUG}/rounds`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: Record<string, unknown>[] };
      expect(data.map((r) => [(r.period as { label: string }).label, r.open])).toEqual([
        ["T3 2025", true],
        ["T2 2025", false],
      ]);
      expect(data[1]).toMatchObject({
        deadline,
        message: "Graag voor het overleg.",
        closedAt: expect.any(String),
        completeness: { due: 4, done: 1 },
        organisations: [
          { slug: "swvnk", due: 3, done: 0 },
          { slug: "ppo-nk", due: 1, done: 1 },
        ],
        links: { html: roundPath },
      });
      expect(daysUntil(todayInNl(), data[0]!.deadline as string)).toBe(30);
    });

    it("is internal content", async () => {
      const res = await app.request(`/api/v1/plans/${SLUG}/rounds`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { status: 401 } });
    });
  });
});
