/**
 * Reflow (WCAG 2.1, 1.4.10): every page type reads at 320 CSS px wide (which is 1280 px at
 * 400% zoom), 768 px and 1280 px without scrolling the page sideways; wide tables scroll
 * inside a region of their own. Also: no WCAG violations at 320 px, and a plan page with edit
 * rights costs a bounded number of Tab presses per item.
 *
 * The data is set up through the pages themselves, as an administrator would.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../helpers/accounts.ts";
import { importPlans, longPlanYaml } from "../helpers/plans.ts";
import { axeViolations, hasChromium, signedInPage, startKoersWithBrowser } from "../helpers/browser.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { addAgendaItems, createBody, createMeeting } from "../../src/modules/governance/service.ts";

const ADMIN = "beheerder@koers.test";
const BIG = "uitvoeringsplan-nk-2025-2026";
const WIDTHS = [320, 768, 1280] as const;
/** A word longer than a phone is wide, as Dutch compounds and addresses can be. */
const LONG_WORD = "samenwerkingsverbandondersteuningsvoorzieningentoewijzingsbeschikkingen";

/** How wide the page is against the window, and whether anything hides what sticks out (run in the page; the tests have no DOM types). */
const PAGE_WIDTH = `({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  clipped: [document.documentElement, document.body].some((e) => ["hidden", "clip"].includes(getComputedStyle(e).overflowX)),
})`;

/** Elements that scroll sideways inside the page: each must be a labelled region one can reach with Tab. */
const SCROLLERS = `[...document.querySelectorAll("body *")]
  .filter((e) => e.scrollWidth > e.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
  .map((e) => ({ role: e.getAttribute("role"), labelled: !!e.getAttribute("aria-labelledby"), tabindex: e.getAttribute("tabindex") }))`;

/** Where the focus is: null on the page itself (after the last Tab stop), else whether it edits an item, and its link. */
const FOCUS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  return { edit: !!e.closest(".koers-actions, .koers-tools"), link: e.getAttribute("href") };
})()`;

const PLAN = `/plannen/${BIG}`;
/** A plan long enough to be shown in parts. */
const LONG = "lang-plan-reflow";
const PLANS = ["uitvoeringsplan-nk-2025-2026", "allen-voor-een-2022-2024", "jaarplan-ppo-nk-2023", "activiteitenplan-swvnk-2024"];
type Found = { item: string; round: string; compare: string; term: string; linked: string; meeting: string };
/** Every page type: its address (some found while setting up), and whether a visitor or the administrator looks. */
const PAGES: { name: string; path: (f: Found) => string; anonymous?: boolean }[] = [
  { name: "home", path: () => "/", anonymous: true },
  { name: "home, a page past the last (with the pager)", path: () => "/?pagina=2", anonymous: true },
  ...PLANS.map((slug) => ({ name: `plan ${slug}`, path: () => `/plannen/${slug}` })),
  ...PLANS.map((slug) => ({ name: `plan ${slug} (public)`, path: () => `/plannen/${slug}`, anonymous: true })),
  { name: "a later part of a long plan", path: () => `/plannen/${LONG}?deel=2`, anonymous: true },
  { name: "a later part of a long plan, for its editor", path: () => `/plannen/${LONG}?deel=2` },
  { name: "a long plan whole, to print", path: () => `/plannen/${LONG}?deel=alle`, anonymous: true },
  { name: "evaluation", path: () => "/evaluaties/tussenevaluatie-allen-voor-een-2023", anonymous: true },
  { name: "evaluations, a page past the last (with the pager)", path: () => "/evaluaties?pagina=3", anonymous: true },
  { name: "search", path: () => "/zoeken?q=thuiszitters", anonymous: true },
  { name: "glossary", path: () => "/begrippen", anonymous: true },
  { name: "glossary edit form", path: (f) => f.term },
  { name: "regions", path: () => "/regio", anonymous: true },
  { name: "topics", path: () => "/onderwerpen", anonymous: true },
  { name: "topic", path: () => "/onderwerpen/thuiszitters", anonymous: true },
  { name: "topic, a page past the last (with the pager)", path: () => "/onderwerpen/thuiszitters?pagina=2", anonymous: true },
  { name: "item edit form", path: (f) => `${f.item}/bewerken` },
  { name: "item links form", path: (f) => `${f.item}/verwijzen` },
  { name: "items that link to an item", path: (f) => f.linked, anonymous: true },
  { name: "figures of a plan", path: () => "/plannen/allen-voor-een-2022-2024/cijfers", anonymous: true },
  { name: "an indicator with its charts", path: () => "/plannen/allen-voor-een-2022-2024/cijfers/verwijzingspercentage", anonymous: true },
  { name: "an indicator with a suppressed count", path: () => "/plannen/allen-voor-een-2022-2024/cijfers/thuiszitters-gemeld-nog-thuis", anonymous: true },
  { name: "new indicator form", path: () => "/plannen/allen-voor-een-2022-2024/cijfers/nieuw" },
  { name: "plan from Word: upload form", path: () => "/plannen/inlezen-word" },
  { name: "new plan form", path: () => "/plannen/nieuw" },
  { name: "copy a plan to a new period", path: () => "/plannen/jaarplan-ppo-nk-2023/kopieren" },
  { name: "indicator edit form", path: () => "/plannen/allen-voor-een-2022-2024/cijfers/verwijzingspercentage/bewerken" },
  { name: "measurement form", path: () => "/plannen/allen-voor-een-2022-2024/cijfers/verwijzingspercentage/meting" },
  { name: "an indicator as a partner sees it", path: () => "/plannen/allen-voor-een-2022-2024/cijfers/thuiszitters-gemeld-nog-thuis" },
  { name: "two sources of a count compared", path: () => "/plannen/allen-voor-een-2022-2024/cijfers/thuiszitters/vergelijken", anonymous: true },
  { name: "plan edit form", path: () => `${PLAN}/bewerken` },
  { name: "new item form", path: () => `${PLAN}/onderdelen/nieuw` },
  { name: "move item", path: (f) => `${f.item}/verplaatsen` },
  { name: "delete item", path: (f) => `${f.item}/verwijderen` },
  { name: "wastebasket", path: () => `${PLAN}/prullenbak` },
  { name: "versions", path: () => `${PLAN}/versies` },
  { name: "compare versions", path: (f) => f.compare },
  { name: "update form", path: (f) => `${f.item}/voortgang` },
  { name: "reporting periods", path: () => `${PLAN}/rapportageperiodes` },
  { name: "rounds", path: () => `${PLAN}/rondes` },
  { name: "round", path: (f) => f.round },
  { name: "round overview", path: (f) => `${f.round}/overzicht` },
  { name: "close round", path: (f) => `${f.round}/sluiten` },
  { name: "progress by spreadsheet", path: (f) => `${f.round}/voortgang-uploaden` },
  { name: "dashboard", path: () => `${PLAN}/dashboard` },
  { name: "timeline", path: () => `${PLAN}/tijdlijn` },
  { name: "timeline of a long plan", path: () => "/plannen/allen-voor-een-2022-2024/tijdlijn" },
  { name: "published progress of a period", path: () => "/plannen/allen-voor-een-2022-2024/voortgang/2022", anonymous: true },
  { name: "dashboard (public)", path: () => "/plannen/allen-voor-een-2022-2024/dashboard", anonymous: true },
  { name: "timeline of a long plan (public)", path: () => "/plannen/allen-voor-een-2022-2024/tijdlijn", anonymous: true },
  { name: "plan changes", path: () => `${PLAN}/wijzigingen` },
  { name: "governance bodies", path: () => "/organen" },
  { name: "a governance body", path: () => "/organen/regiegroep-noord-kennemerland-reflow" },
  { name: "a meeting with its proposed agenda", path: (f) => `${f.meeting}?voorstel=1` },
  { name: "a plan's approval route", path: () => `${PLAN}/besluitvorming` },
  { name: "my work", path: () => "/mijn-werk" },
  { name: "account", path: () => "/account" },
  { name: "messages a person receives", path: () => "/account/berichten" },
  { name: "a plan's reminder days", path: () => `${PLAN}/herinneringen` },
  { name: "admin", path: () => "/beheer" },
  { name: "admin users", path: () => "/beheer/gebruikers" },
  { name: "admin outbox", path: () => "/beheer/outbox" },
  { name: "audit", path: () => "/beheer/wijzigingen" },
  { name: "sign in", path: () => "/inloggen", anonymous: true },
  { name: "forgotten password", path: () => "/wachtwoord-vergeten", anonymous: true },
  { name: "not found", path: () => "/plannen/bestaat-niet", anonymous: true },
];

describe.skipIf(!hasChromium)("pages reflow at 320, 768 and 1280 px", () => {
  let koers: Awaited<ReturnType<typeof startKoersWithBrowser>>;
  let browser: Browser;
  let base: string;
  let admin: Page;
  let visitor: Page;
  /** Addresses found while setting up: an item, a round, a comparison, a glossary term. */
  const found = { item: "", round: "", compare: "", term: "", linked: "", meeting: "", plans: [] as string[] };
  const widths: Record<string, number[]> = {};

  beforeAll(async () => {
    koers = await startKoersWithBrowser();
    ({ browser, base } = koers);
    await makeUser(koers.server.database.db, ADMIN, { admin: true });
    await importPlans(koers.server.database, longPlanYaml(LONG, 4, 60, 3_000));
    admin = await signedInPage(browser, base, ADMIN);
    // A body with a meeting that has an agenda item with a long word, for the governance pages.
    const db = koers.server.database.db;
    await createBody(db, system, { name: "Regiegroep Noord-Kennemerland reflow", kind: "regiegroep", organisations: ["swvnk", "ppo-nk"] });
    const meeting = await createMeeting(db, system, "regiegroep-noord-kennemerland-reflow", { date: "2026-07-01", time: "14:00-16:00", location: "Alkmaar" });
    await addAgendaItems(db, system, "regiegroep-noord-kennemerland-reflow", meeting.id, { version: 1, items: [{ title: `Uitvoeringsplan ${LONG_WORD}`, plan: BIG, proposed: "kennisname" }] });
    found.meeting = meeting.href;
    visitor = await (await browser.newContext()).newPage();

    // Reporting periods, a round and so a dashboard, timeline and update form with content.
    await admin.goto(`${base}${PLAN}/rapportageperiodes`);
    await admin.getByLabel("Per kwartaal (vier keer per jaar)").check();
    await admin.getByRole("button", { name: "Periodes instellen" }).click();
    await admin.waitForLoadState();
    await admin.goto(`${base}${PLAN}/rondes`);
    await admin.getByLabel("Uiterste datum").fill("2026-07-31");
    await admin.getByRole("button", { name: "Ronde openen" }).click();
    await admin.waitForURL(/geopend=1/);
    found.round = new URL(admin.url()).pathname;

    await admin.goto(`${base}${PLAN}`);
    const editHref = await admin.locator('a[href$="/bewerken"][href*="/onderdelen/"]').first().getAttribute("href");
    const item = editHref!.replace(/\/bewerken$/, "");
    found.item = item;
    // An adopted version, then a change with a long word, so that versions compare and tables hold long words.
    await admin.goto(`${base}${PLAN}/bewerken`);
    const last = (await admin.locator('[name^="besluit-orgaan-"]').count()) - 1;
    await admin.getByLabel(`Orgaan van besluit ${last + 1}`).fill("Bestuur");
    await admin.getByLabel(`Uitkomst van besluit ${last + 1}`).fill("vastgesteld");
    await admin.getByLabel(`Datum van besluit ${last + 1}`).fill("2025-07-01");
    await admin.getByLabel(`Besluit ${last + 1} stelt het plan vast`).check();
    await admin.getByRole("button", { name: "Opslaan" }).click();
    await admin.waitForURL(/plan-opgeslagen=1&versie=1/);
    await admin.goto(`${base}${item}/bewerken`);
    await admin.getByLabel("Titel", { exact: true }).fill(`Ondersteuningstoewijzingsprocedurebeschrijvingsdocumentatie ${LONG_WORD}`);
    await admin.getByRole("button", { name: "Opslaan" }).click();
    await admin.waitForURL(/opgeslagen=/);
    await admin.goto(`${base}${PLAN}/versies`);
    found.compare = (await admin.getByRole("link", { name: /^Vergelijk met vandaag/ }).first().getAttribute("href"))!;
    await admin.goto(`${base}/begrippen`);
    found.term = (await admin.locator('a[href^="/begrippen/"][href$="/bewerken"]').first().getAttribute("href"))!;

    type Linked = { id: number; backlinkCount: number; children: Linked[] };
    const { data } = (await (await admin.request.get(`${base}/api/v1/plans/uitvoeringsplan-nk-2025-2026`)).json()) as { data: { items: Linked[] } };
    const all = (list: Linked[]): Linked[] => list.flatMap((i) => [i, ...all(i.children)]);
    found.linked = `/plannen/uitvoeringsplan-nk-2025-2026/onderdelen/${all(data.items).find((i) => i.backlinkCount > 0)!.id}/hiernaar`;

    await admin.goto(base);
    found.plans = await admin.locator('main .koers-cards a[href^="/plannen/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href")!))]);
  });
  afterAll(async () => {
    if (Object.keys(widths).length > 0) console.info(`Page widths at ${WIDTHS.join("/")} px:\n${Object.entries(widths).map(([n, w]) => `  ${n}: ${w.join("/")}`).join("\n")}`);
    await koers?.close();
  });

  it("covers every plan on the home page", () => {
    expect([...found.plans].sort()).toEqual([...PLANS, LONG].map((slug) => `/plannen/${slug}`).sort());
  });

  it.each(PAGES.map((p) => [p.name, p] as const))("%s reads at 320, 768 and 1280 px without scrolling sideways, and without WCAG violations at 320 px", async (name, { path: pathOf, anonymous }) => {
    const path = pathOf(found);
    const page = anonymous ? visitor : admin;
    await page.setViewportSize({ width: 320, height: 800 });
    const res = await page.goto(base + path);
    expect([200, 404], `${name} (${path})`).toContain(res!.status());
    const failures: string[] = [];
    widths[name] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      const w = await page.evaluate<{ scrollWidth: number; innerWidth: number; clipped: boolean }>(PAGE_WIDTH);
      widths[name].push(w.scrollWidth);
      if (w.scrollWidth > w.innerWidth) failures.push(`${w.scrollWidth} px wide at ${width} px`);
      if (w.clipped) failures.push("hides what sticks out");
      for (const s of await page.evaluate<{ role: string | null; labelled: boolean; tabindex: string | null }[]>(SCROLLERS)) {
        if (s.role !== "region" || !s.labelled || s.tabindex !== "0") failures.push(`at ${width} px scrolls inside an element that is no labelled, focusable region`);
      }
    }
    await page.setViewportSize({ width: 320, height: 800 });
    expect(failures, path).toEqual([]);
    expect(await axeViolations(page), path).toEqual([]);
  }, 180_000);

  it("lets a plan editor pass a large plan's edit actions with at most two Tab presses per item", async () => {
    const page = await signedInPage(browser, base, ADMIN, false);
    await page.goto(`${base}/plannen/${BIG}?deel=alle`);
    const menus = await page.locator("main .koers-actions").count();
    const hiddenLinks = await page.locator("main .koers-actions__list a").count();
    const stops: { edit: boolean; link: string | null }[] = [];
    for (let i = 0; i < 2000; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate<{ edit: boolean; link: string | null } | null>(FOCUS);
      if (stop === null) break;
      stops.push(stop);
    }
    const edit = stops.filter((s) => s.edit).length;
    console.info(`Tab stops on ${BIG} for an administrator: ${stops.length} in all, ${edit} of them for editing ${menus} items (${hiddenLinks} edit links wait in closed menus)`);
    expect(menus).toBeGreaterThan(10);
    expect(edit).toBeLessThanOrEqual(2 * menus);
    // No link that changes an item is a Tab stop while its menu is closed.
    expect(stops.filter((s) => /\/onderdelen\/(\d+\/(bewerken|voortgang|verplaatsen|verwijderen)|nieuw\?onder=)/.test(s.link ?? ""))).toEqual([]);
  }, 300_000);
});
