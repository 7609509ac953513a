/** The dashboard, the timeline and the calendar feed through app.request(), as a browser or calendar program uses them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../../../test/helpers/accounts.ts";
import { client } from "../../../test/helpers/client.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { createApiToken, sessionViewer } from "../accounts/service.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { getPlan } from "../plans/reading.ts";
import { deleteItem } from "../plans/structure.ts";
import { formatDate } from "../plans/views/labels.ts";
import { addDays } from "./service.ts";
import { reportingRounds } from "../monitoring/schema.ts";
import { importPlanAroundToday } from "./test-dashboard-plan.ts";
import { people, progressDatabase } from "../monitoring/test-plan.ts";
import { todayInNl } from "../../lib/dates.ts";
import { configureCycle, saveUpdate, type ReportingPeriod } from "../monitoring/updates.ts";

const SLUG = "werkplan-rond-vandaag";
const INTERNAL = "werkplan-intern";

describe.each(databaseKinds)("dashboard pages on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let sessions: Record<keyof typeof people, string>;
  let app: TestApp;
  const ids: Record<string, number> = {};
  let current: ReportingPeriod;
  let previous: ReportingPeriod;
  const today = todayInNl();

  beforeAll(async () => {
    ({ database, viewers, sessions } = await progressDatabase(kind));
    await importPlanAroundToday(database, SLUG, today, { published: true });
    await importPlanAroundToday(database, INTERNAL, today, { published: false });
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000", KOERS_PUBLIC_URL: "https://koers.example/" });
    const plan = await getPlan(database.db, system, SLUG);
    collectItemIds(plan.items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "kwartaal");
    const at = periods.findIndex((p) => p.start <= today && today <= p.end);
    [previous, current] = [periods[at - 1]!, periods[at]!];
    // The round over the current period is past its deadline: items without an update in it are late.
    await database.db.insert(reportingRounds).values({ planId: plan.id, periodId: current.id, deadline: addDays(today, -1), openedBy: people.owner });
    const update = { version: null, results: "", planning: "", percentage: null, statusReason: null };
    await saveUpdate(database.db, viewers.party, SLUG, ids["1.2"]!, current.id, { ...update, status: "op-koers" });
    await saveUpdate(database.db, viewers.owner, SLUG, ids["2.1"]!, previous.id, { ...update, status: "aandacht-nodig" });
  });
  afterAll(() => database.dispose());

  async function signedIn(email: string) {
    const browser = client(app);
    expect((await browser.post("/inloggen", { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }
  /** The text as read: tags (also those around explained abbreviations) gone, white space as single spaces. */
  const read = (html: string) =>
    visibleText(html)
      .replace(/\s+/g, " ")
      .replace(/ ([:.,)])/g, "$1");
  /** The text from a heading to the next heading of level 2. */
  function section(html: string, heading: RegExp): string {
    const start = html.search(heading);
    expect(start).toBeGreaterThan(-1);
    const rest = html.slice(start);
    const next = rest.slice(1).search(/<h2/);
    return read(next === -1 ? rest : rest.slice(0, next + 1));
  }
  const updateLink = (code: string, periodId: number) => `href="/plannen/${SLUG}/onderdelen/${ids[code]}/voortgang?periode=${periodId}"`;

  describe("the dashboard", () => {
    it("shows a partner the status per theme, what is late, due soon and without a recent update", async () => {
      const party = await signedIn(people.party);
      const res = await party.get(`/plannen/${SLUG}/dashboard`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(read(html)).toContain(`Dashboard Werkplan rond vandaag: voortgang over ${current.label}`);
      expect(html).toContain(`<a class="utrecht-link" href="/plannen/${SLUG}/tijdlijn?periode=${current.id}">Tijdlijn van dit plan</a>`);
      expect(section(html, /Huidige rapportageronde/)).toContain(`Huidige rapportageronde: voortgang over ${current.label}, uiterlijk ${formatDate(addDays(today, -1))}.`);

      const themes = section(html, /<h2[^>]*>Stand per thema/);
      expect(themes).toContain("1 Thuiszitters Op koers (berekend) 1 op koers, 2 nog geen status (van 3).");
      expect(themes).toContain("2 Inclusie Nog geen status 2 nog geen status (van 2).");
      expect(html).toContain(`<a class="utrecht-link" href="/plannen/${SLUG}?onderdeel=${ids["1"]}#onderdeel-${ids["1"]}">1 Thuiszitters</a>`);

      const late = section(html, /<h2[^>]*>Te laat/);
      expect(late).toMatch(/^ ?Te laat \(5\)/);
      expect(late).toContain("1.1 Verzuimaanpak vastleggen De geplande tijd is voorbij en het is niet afgerond. Er is geen voortgang gemeld in de huidige ronde.");
      expect(late).toContain("1.3 Evaluatie met de regiegroep Er is geen voortgang gemeld in de huidige ronde.");
      expect(late).not.toContain("1.2 ");
      expect(late).not.toContain("1 Thuiszitters");

      const due = section(html, /<h2[^>]*>Binnenkort gereed/);
      const in10 = formatDate(addDays(today, 10));
      expect(due).toContain(`Binnen 30 dagen (1) ${in10}: 1.2 Overstap po-vo verbeteren Voortgang bijwerken van 1.2 Overstap po-vo verbeteren Moment: "${in10}".`);
      expect(due).toContain(
        `Over 31 tot 90 dagen (1) ${formatDate(addDays(today, 60))}: 2.1 Plan onderwijszorgarrangementen ` +
          `Gereed; gepland: "${formatDate(addDays(today, 50))} - ${formatDate(addDays(today, 60))}".`,
      );
      // A partner may write the update of its own item only.
      expect(html).toContain(updateLink("1.2", current.id));
      expect(html).not.toContain(updateLink("2.1", current.id));

      const stale = section(html, /<h2[^>]*>Zonder recente voortgang/);
      expect(stale).toContain(`waarover geen voortgang is gemeld over ${current.label} of ${previous.label}.`);
      expect(stale).toContain("1.1 Verzuimaanpak vastleggen Nog nooit voortgang gemeld.");
      expect(stale).toContain("1.3 Evaluatie met de regiegroep Nog nooit voortgang gemeld.");
      expect(stale).not.toMatch(/1\.2 |2\.1 /);

      expect(section(html, /<h2[^>]*>In uw agenda/)).toContain("Het plan is openbaar");
      expect(html).toContain(`href="/plannen/${SLUG}/agenda.ics"`);
    });

    it("gives the plan's editors an update link for every item, and readers none", async () => {
      const owner = await (await signedIn(people.owner)).get(`/plannen/${SLUG}/dashboard`).then((r) => r.text());
      expect(owner).toContain(updateLink("1.1", current.id));
      expect(owner).toContain(updateLink("2.1", current.id));
      const reader = await (await signedIn(people.reader)).get(`/plannen/${SLUG}/dashboard`).then((r) => r.text());
      expect(reader).toContain("Te laat (5)");
      expect(reader).not.toContain("Voortgang bijwerken");
    });

    it("shows another period when asked, and refuses one that does not exist", async () => {
      const party = await signedIn(people.party);
      const html = await (await party.get(`/plannen/${SLUG}/dashboard?periode=${previous.id}`)).text();
      expect(read(html)).toContain(`voortgang over ${previous.label}`);
      expect(section(html, /<h2[^>]*>Stand per thema/)).toContain("2 Inclusie Aandacht nodig (berekend) 1 aandacht nodig, 1 nog geen status (van 2).");
      expect(html).toMatch(new RegExp(`<option value="${previous.id}" selected[ =>]`));
      expect((await party.get(`/plannen/${SLUG}/dashboard?periode=999999`)).status).toBe(404);
      expect((await party.get(`/plannen/${SLUG}/dashboard?periode=twee`)).status).toBe(404);
    });

    it("is the partners' for their plan; others see the published progress only (none here)", async () => {
      for (const browser of [client(app), await signedIn(people.outsider)]) {
        const res = await browser.get(`/plannen/${SLUG}/dashboard`);
        expect(res.status).toBe(200);
        const text = read(await res.text());
        expect(text).toContain("Van dit plan is nog geen voortgang openbaar gemaakt.");
        expect(text).not.toMatch(/Te laat|Op koers|Huidige rapportageronde/);
        expect((await browser.get(`/plannen/${SLUG}/tijdlijn`)).status).toBe(200);
        expect((await browser.get(`/plannen/${INTERNAL}/dashboard`)).status).toBe(404);
      }
    });

    it("has empty states when the plan has no periods and no progress", async () => {
      const html = await (await (await signedIn(people.owner)).get(`/plannen/${INTERNAL}/dashboard`)).text();
      const text = read(html);
      expect(text).toContain("Dit plan heeft nog geen rapportageperiodes, dus er is nog geen voortgang gemeld.");
      expect(text).toContain("Er is nog geen rapportageronde gehouden.");
      expect(text).toContain("Zonder rapportageperiodes is er nog geen voortgang te melden.");
      expect(text).toContain("Het plan is niet openbaar");
      expect(html).not.toContain("Voortgang bijwerken");
      expect(html).not.toContain('name="periode"');
    });

    it("skips items in the bin", async () => {
      const plan = await getPlan(database.db, system, INTERNAL);
      const gone = plan.items[0]!.children[0]!;
      await deleteItem(database.db, viewers.owner, INTERNAL, gone.id, gone.version);
      const html = await (await (await signedIn(people.owner)).get(`/plannen/${INTERNAL}/dashboard`)).text();
      expect(html).not.toContain(gone.title);
      expect(section(html, /<h2[^>]*>Stand per thema/)).toContain("1 Thuiszitters Nog geen status 2 nog geen status (van 2).");
    });
  });

  describe("the timeline", () => {
    it("draws the items around today, with the table and what cannot be placed", async () => {
      const party = await signedIn(people.party);
      const res = await party.get(`/plannen/${SLUG}/tijdlijn`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<svg class="koers-timeline__svg" role="img"');
      expect(read(html)).toContain(`Vandaag, ${formatDate(today)}`);
      expect(html).toContain(`<text class="koers-tl-column-label"`);
      expect(html).toContain(`>${current.label}</text>`);
      const table = section(html, /<h2[^>]*>De tijdlijn als tabel/);
      expect(table).toContain(`1.2 Overstap po-vo verbeteren ${formatDate(addDays(today, 10))}`);
      expect(table).toContain("2.2 Overleg met de jeugdhulp doorlopend");
      expect(section(html, /<h2[^>]*>Nog niet te plaatsen/)).toContain('1.3 Evaluatie met de regiegroep: "nader te bepalen" (nog niet bepaald)');
      expect(html).not.toMatch(/<[^>]+\sstyle=/);
    });
  });

  describe("the calendar feed", () => {
    const feed = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

    it("is public for a published plan, with absolute addresses and without statuses", async () => {
      const res = await feed(`/plannen/${SLUG}/agenda.ics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("public, max-age=900");
      const text = (await res.text()).replace(/\r\n /g, ""); // long lines are folded
      const day = (iso: string) => iso.replaceAll("-", "");
      expect(text).toContain("X-WR-CALNAME:Koers: Werkplan rond vandaag");
      expect(text).toMatch(new RegExp(`DTSTART;VALUE=DATE:${day(addDays(today, 10))}\\r\\n[\\s\\S]*?SUMMARY:Moment: 1.2 Overstap po-vo verbeteren`));
      expect(text).toMatch(new RegExp(`DTSTART;VALUE=DATE:${day(addDays(today, 60))}\\r\\n[\\s\\S]*?SUMMARY:Gereed: 2.1 Plan onderwijszorgarrangementen`));
      expect(text).toContain(`SUMMARY:Uiterste datum voortgang over ${current.label}: Werkplan rond vandaag`);
      expect(text).toContain("SUMMARY:ALV: vastgesteld");
      expect(text).toContain(`URL;VALUE=URI:https://koers.example/plannen/${SLUG}?onderdeel=${ids["1.2"]}#onderdeel-${ids["1.2"]}`);
      expect(text).not.toMatch(/Status|Op koers/);
    });

    it("adds the current status for a partner", async () => {
      const res = await feed(`/plannen/${SLUG}/agenda.ics`, { cookie: `koers_sessie=${sessions.party}` });
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect((await res.text()).replace(/\r\n /g, "")).toContain(`Status over ${current.label}: Op koers.`);
    });

    it("takes a read key in the address for a plan that is not published, and nothing else", async () => {
      expect((await feed(`/plannen/${INTERNAL}/agenda.ics`)).status).toBe(404);
      const owner = (await sessionViewer(database.db, sessions.owner))!;
      const read = await createApiToken(database.db, owner, "agenda", "read");
      const write = await createApiToken(database.db, owner, "koppeling", "read-write");
      const res = await feed(`/plannen/${INTERNAL}/agenda.ics?sleutel=${read}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(await res.text()).toContain("SUMMARY:Gereed: 2.1 Plan onderwijszorgarrangementen");

      const unknown = await feed(`/plannen/${INTERNAL}/agenda.ics?sleutel=koers_onzin`);
      expect(unknown.status).toBe(401);
      expect(await unknown.text()).toBe("Deze sleutel is onbekend of ingetrokken.");
      expect((await feed(`/plannen/${INTERNAL}/agenda.ics?sleutel=${write}`)).status).toBe(403);
      // Only this route reads a key from the address.
      expect((await feed(`/plannen/${INTERNAL}?sleutel=${read}`)).status).toBe(404);
      expect((await feed(`/plannen/${INTERNAL}/dashboard?sleutel=${read}`)).status).toBe(404);
    });

    it("is refused to a viewer who may not read the plan", async () => {
      const outsider = await feed(`/plannen/${INTERNAL}/agenda.ics`, { cookie: `koers_sessie=${sessions.outsider}` });
      expect(outsider.status).toBe(404);
    });
  });
});
