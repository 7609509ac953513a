import { desc } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { outbox } from "../../src/modules/accounts/schema.ts";
import { sessionViewer } from "../../src/modules/accounts/service.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { importDataSet, parseFiles } from "../../src/modules/exchange/service.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { configureCycle, todayInNl } from "../../src/modules/monitoring/updates.ts";
import { makeUser } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, signedInPage, startKoersWithBrowser } from "../helpers/browser.ts";

const SLUG = "werkplan-rondes";
const COORDINATOR = "redacteur@swvnk.nl";
const PARTY = "redacteur@vonk.nl";

// Owned by SWV VO NK; Vonk is a party to two actions, the third falls to the owner.
const plan = `slug: ${SLUG}
title: Werkplan rondes
kind: jaarplan
status: vastgesteld
published: true
period: { label: "2026", start: 2026-01-01, end: 2026-12-31 }
owners: [swvnk]
levels: [{ key: thema, name: Thema }, { key: actie, name: Actie }]
layout: { style: table, rowLevel: actie, columns: [{ label: Wat, show: [title] }] }
items:
  - code: "1"
    level: thema
    title: Thuiszitters
    children:
      - code: "1.1"
        level: actie
        title: Verzuimaanpak vastleggen
        when: Q4 2026
      - code: "1.2"
        level: actie
        title: Stageplekken voor thuiszitters
        when: "2026"
        parties: [{ role: programmamanager mbo Vonk, organisations: [vonk] }]
      - code: "1.3"
        level: actie
        title: Overstap naar het mbo
        when: december 2026
        parties: [{ role: programmamanager mbo Vonk, organisations: [vonk] }]
`;

/** An ISO date `days` after today. */
function inDays(days: number): string {
  const d = new Date(`${todayInNl()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe.skipIf(!hasChromium)("reporting rounds in a real browser", () => {
  let koers: Awaited<ReturnType<typeof startKoersWithBrowser>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let base: string;
  /** The coordinator, with JavaScript (axe runs in the page). */
  let coordinator: Page;
  /** The party without JavaScript, driven by the keyboard. */
  let keys: Page;
  /** The party with JavaScript, for axe. */
  let partyChecked: Page;
  let roundsPath: string;
  let roundPath: string;
  const ids: Record<string, number> = {};
  let reminderLink: URL;

  const signedIn = (email: string, javaScriptEnabled: boolean): Promise<Page> => signedInPage(browser, base, email, javaScriptEnabled);

  beforeAll(async () => {
    koers = await startKoersWithBrowser();
    ({ server, browser, base } = koers);
    const { db } = server.database;
    const { data, names } = parseFiles([{ name: `${SLUG}.yaml`, text: plan }]);
    await importDataSet(server.database, data, names);
    const { session } = await makeUser(db, COORDINATOR, { roles: [["swvnk", "redacteur"]] });
    await makeUser(db, PARTY, { roles: [["vonk", "redacteur"]] });
    await configureCycle(db, (await sessionViewer(db, session))!, SLUG, "trimester");
    const tree = await getPlan(db, system, SLUG);
    for (const item of tree.items[0]!.children) ids[item.code!] = item.id;
    roundsPath = `/plannen/${SLUG}/rondes`;
    coordinator = await signedIn(COORDINATOR, true);
    keys = await signedIn(PARTY, false);
    partyChecked = await signedIn(PARTY, true);
  });
  afterAll(() => koers?.close());

  const press = (key: string) => keys.keyboard.press(key);
  const focused = async () => {
    const element = keys.locator(":focus");
    return (await element.getAttribute("id")) ?? (await element.textContent());
  };

  it("a coordinator opens a round", async () => {
    await coordinator.goto(base + roundsPath);
    expect(await coordinator.getByText("Voor dit plan is nog geen rapportageronde geopend.").isVisible()).toBe(true);
    expect(await axeViolations(coordinator)).toEqual([]);

    // A deadline before the period starts is refused, next to the field.
    await coordinator.getByLabel("Periode").selectOption({ label: "T3 2026 (1 september 2026 tot en met 31 december 2026)" });
    await coordinator.getByLabel("Uiterste datum").fill("2026-01-15");
    await coordinator.getByRole("button", { name: "Ronde openen" }).click();
    await coordinator.getByText("Uiterste datum: kies een datum op of na het begin van de periode (1 september 2026).").waitFor();
    expect(await coordinator.getByLabel("Uiterste datum").getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(coordinator)).toEqual([]);

    await coordinator.getByLabel("Uiterste datum").fill(inDays(14));
    await coordinator.getByLabel("Bericht aan de trekkers (niet verplicht)").fill("Graag voor de regiegroep.");
    await coordinator.getByRole("button", { name: "Ronde openen" }).click();
    await coordinator.waitForURL(/geopend=1/);
    roundPath = new URL(coordinator.url()).pathname;
    expect(await coordinator.getByRole("status").textContent()).toContain("De ronde is geopend.");
    expect(await coordinator.getByText("0 van 3 (0%) onderdelen").isVisible()).toBe(true);
    expect(await axeViolations(coordinator)).toEqual([]);

    await coordinator.goto(base + roundsPath);
    expect(await coordinator.getByRole("rowheader").allTextContents()).toEqual(["T3 2026"]);
    expect(await axeViolations(coordinator)).toEqual([]);
  });

  it("a party sees it on Mijn werk and writes an update with the keyboard alone, without JavaScript", async () => {
    await partyChecked.goto(`${base}/mijn-werk`);
    expect(await partyChecked.getByRole("heading", { name: "Werkplan rondes: voortgang over T3 2026" }).isVisible()).toBe(true);
    expect(await partyChecked.getByText("(nog 14 dagen)").isVisible()).toBe(true);
    expect(await axeViolations(partyChecked)).toEqual([]);

    await keys.goto(`${base}/`);
    await keys.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Mijn werk" }).focus();
    await press("Enter");
    await keys.waitForURL(`${base}/mijn-werk`);
    await keys.getByRole("link", { name: "Voortgang melden voor 1.2 Stageplekken voor thuiszitters" }).focus();
    await press("Enter");
    await keys.waitForURL(new RegExp(`/onderdelen/${ids["1.2"]}/voortgang\\?periode=\\d+$`));
    await keys.getByRole("button", { name: "Toon deze periode" }).focus();
    await press("Tab");
    await press("Space"); // Niet gestart
    await press("ArrowDown"); // Op koers
    expect(await keys.getByLabel("Op koers", { exact: true }).isChecked()).toBe(true);
    await press("Tab");
    expect(await focused()).toBe("veld-results");
    await keys.keyboard.type("Twaalf stageplekken gevonden bij Vonk.");
    await press("Tab");
    await keys.keyboard.type("In januari de eerste leerlingen plaatsen.");
    await press("Tab");
    await press("Tab");
    expect(await focused()).toBe("Voortgang opslaan");
    await press("Enter");
    await keys.waitForURL(/opgeslagen=1/);
    expect(await keys.getByRole("status").textContent()).toContain("De voortgang is opgeslagen.");

    await keys.goto(`${base}/mijn-werk`);
    expect(await keys.getByRole("row", { name: /1\.2 Stageplekken voor thuiszitters/ }).textContent()).toContain("Op koers");
    expect(await keys.getByRole("row", { name: /1\.3 Overstap naar het mbo/ }).textContent()).toContain("Nog niet gemeld");
  });

  it("the coordinator sees completeness change and sends a reminder to the outbox", async () => {
    await coordinator.goto(base + roundPath);
    expect(await coordinator.getByText("1 van 3 (33%) onderdelen").isVisible()).toBe(true);
    expect(await coordinator.getByRole("row", { name: /^Vonk/ }).textContent()).toContain("1 van 2 (50%)");
    await coordinator.getByRole("button", { name: `Herinnering sturen aan ${PARTY}` }).click();
    await coordinator.waitForURL(/herinnerd=1/);
    expect(await coordinator.getByRole("status").textContent()).toContain("Herinnering gestuurd aan 1 persoon.");
    expect(await coordinator.getByText(`aan ${PARTY} over 1 onderdeel`).isVisible()).toBe(true);
    expect(await axeViolations(coordinator)).toEqual([]);

    const [mail] = await server.database.db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
    expect(mail!.to).toBe(PARTY);
    expect(mail!.subject).toBe("Herinnering: voortgang Werkplan rondes over T3 2026");
    const link = mail!.body.match(/- 1\.3 Overstap naar het mbo\n {2}(\S+)/)?.[1];
    expect(link).toMatch(new RegExp(`/plannen/${SLUG}/onderdelen/${ids["1.3"]}/voortgang\\?periode=\\d+$`));
    expect(mail!.body).not.toContain("1.2 Stageplekken");
    reminderLink = new URL(link!);
  });

  it("the coordinator closes the round after confirming, and a later save is refused", async () => {
    await coordinator.getByRole("link", { name: "Ronde sluiten" }).click();
    await coordinator.waitForURL(/\/sluiten$/);
    expect(await coordinator.getByRole("heading", { level: 1 }).textContent()).toBe("Ronde T3 2026 sluiten?");
    expect(await axeViolations(coordinator)).toEqual([]);
    await coordinator.getByRole("button", { name: "Ja, ronde sluiten" }).click();
    await coordinator.waitForURL(/gesloten=1/);
    expect(await coordinator.getByRole("status").textContent()).toContain("De ronde is gesloten.");
    expect(await coordinator.getByRole("button", { name: /Herinnering sturen/ }).count()).toBe(0);
    expect(await axeViolations(coordinator)).toEqual([]);

    // The party follows the link in the reminder, too late: the page shows the frozen state, no form.
    await keys.goto(base + reminderLink.pathname + reminderLink.search);
    await keys.getByText("De rapportageronde over T3 2026 is gesloten: deze voortgang ligt vast").waitFor();
    expect(await keys.getByRole("button", { name: "Voortgang opslaan" }).count()).toBe(0);
    await partyChecked.goto(base + reminderLink.pathname + reminderLink.search);
    expect(await axeViolations(partyChecked)).toEqual([]);

    await partyChecked.goto(`${base}/mijn-werk`);
    expect(await partyChecked.getByText("Er staat op dit moment geen rapportageronde voor u open.").isVisible()).toBe(true);
    expect(await axeViolations(partyChecked)).toEqual([]);
  });
});
