import { desc } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../src/modules/accounts/schema.ts";
import { sessionViewer } from "../../src/modules/accounts/service.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { todayInNl } from "../../src/lib/dates.ts";
import { configureCycle } from "../../src/modules/monitoring/updates.ts";
import { makeUser } from "../helpers/accounts.ts";
import { importPlans, planYaml, themeItems } from "../helpers/plans.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const SLUG = "werkplan-rondes";
const COORDINATOR = "redacteur@swvnk.nl";
const PARTY = "redacteur@vonk.nl";

// Owned by SWV VO NK; Vonk is a party to two actions, the third falls to the owner.
const vonk = "[{ role: programmamanager mbo Vonk, organisations: [vonk] }]";
const plan = planYaml(
  { slug: SLUG, title: "Werkplan rondes", status: "vastgesteld", published: true, period: "2026", levels: ["thema", "actie"] },
  themeItems([
    {
      code: "1",
      title: "Thuiszitters",
      actions: [
        ["1.1", "Verzuimaanpak vastleggen", "Q4 2026"],
        ["1.2", "Stageplekken voor thuiszitters", "2026", vonk],
        ["1.3", "Overstap naar het mbo", "december 2026", vonk],
      ],
    },
  ]),
);

/** An ISO date `days` after today. */
function inDays(days: number): string {
  const d = new Date(`${todayInNl()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe.skipIf(!hasChromium)("reporting rounds in a real browser", () => {
  // The party's tabs are `keys` (without JavaScript, driven by the keyboard) and `checked` (for axe).
  const koers = koersForTests({
    user: [PARTY, "vonk", "redacteur"],
    setUp: async ({ server, db }) => {
      await importPlans(server.database, plan);
      const { session } = await makeUser(db, COORDINATOR, { roles: [["swvnk", "redacteur"]] });
      await configureCycle(db, (await sessionViewer(db, session))!, SLUG, "trimester");
    },
  });
  /** The coordinator, with JavaScript (axe runs in the page). */
  let coordinator: Page;
  const roundsPath = `/plannen/${SLUG}/rondes`;
  let roundPath: string;
  const ids: Record<string, number> = {};
  let reminderLink: URL;

  beforeAll(async () => {
    const tree = await getPlan(koers.db, system, SLUG);
    for (const item of tree.items[0]!.children) ids[item.code!] = item.id;
    coordinator = await koers.signedIn(COORDINATOR, true);
  });

  const press = (key: string) => koers.keys.keyboard.press(key);
  const focused = async () => {
    const element = koers.keys.locator(":focus");
    return (await element.getAttribute("id")) ?? (await element.textContent());
  };

  it("a coordinator opens a round", async () => {
    await coordinator.goto(koers.base + roundsPath);
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

    await coordinator.goto(koers.base + roundsPath);
    expect(await coordinator.getByRole("rowheader").allTextContents()).toEqual(["T3 2026"]);
    expect(await axeViolations(coordinator)).toEqual([]);
  });

  it("a party sees it on Mijn werk and writes an update with the keyboard alone, without JavaScript", async () => {
    await koers.checked.goto(`${koers.base}/mijn-werk`);
    expect(await koers.checked.getByRole("heading", { name: "Werkplan rondes: voortgang over T3 2026" }).isVisible()).toBe(true);
    expect(await koers.checked.getByText("(nog 14 dagen)").isVisible()).toBe(true);
    expect(await axeViolations(koers.checked)).toEqual([]);

    await koers.keys.goto(`${koers.base}/`);
    await koers.keys.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Mijn werk" }).focus();
    await press("Enter");
    await koers.keys.waitForURL(`${koers.base}/mijn-werk`);
    await koers.keys.getByRole("link", { name: "Voortgang melden voor 1.2 Stageplekken voor thuiszitters" }).focus();
    await press("Enter");
    await koers.keys.waitForURL(new RegExp(`/onderdelen/${ids["1.2"]}/voortgang\\?periode=\\d+$`));
    await koers.keys.getByRole("button", { name: "Toon deze periode" }).focus();
    await press("Tab");
    await press("Space"); // Niet gestart
    await press("ArrowDown"); // Op koers
    expect(await koers.keys.getByLabel("Op koers", { exact: true }).isChecked()).toBe(true);
    await press("Tab");
    expect(await focused()).toBe("veld-results");
    await koers.keys.keyboard.type("Twaalf stageplekken gevonden bij Vonk.");
    await press("Tab");
    await koers.keys.keyboard.type("In januari de eerste leerlingen plaatsen.");
    await press("Tab");
    await press("Tab");
    expect(await focused()).toBe("Voortgang opslaan");
    await press("Enter");
    await koers.keys.waitForURL(/opgeslagen=1/);
    expect(await koers.keys.getByRole("status").textContent()).toContain("De voortgang is opgeslagen.");

    await koers.keys.goto(`${koers.base}/mijn-werk`);
    expect(await koers.keys.getByRole("row", { name: /1\.2 Stageplekken voor thuiszitters/ }).textContent()).toContain("Op koers");
    expect(await koers.keys.getByRole("row", { name: /1\.3 Overstap naar het mbo/ }).textContent()).toContain("Nog niet gemeld");
  });

  it("the coordinator sees completeness change and sends a reminder to the outbox", async () => {
    await coordinator.goto(koers.base + roundPath);
    expect(await coordinator.getByText("1 van 3 (33%) onderdelen").isVisible()).toBe(true);
    expect(await coordinator.getByRole("row", { name: /^Vonk/ }).textContent()).toContain("1 van 2 (50%)");
    await coordinator.getByRole("button", { name: `Herinnering sturen aan ${PARTY}` }).click();
    await coordinator.waitForURL(/herinnerd=1/);
    expect(await coordinator.getByRole("status").textContent()).toContain("Herinnering gestuurd aan 1 persoon.");
    expect(await coordinator.getByText(`aan ${PARTY} over 1 onderdeel`).isVisible()).toBe(true);
    expect(await axeViolations(coordinator)).toEqual([]);

    const [mail] = await koers.db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
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
    await koers.keys.goto(koers.base + reminderLink.pathname + reminderLink.search);
    await koers.keys.getByText("De rapportageronde over T3 2026 is gesloten: deze voortgang ligt vast").waitFor();
    expect(await koers.keys.getByRole("button", { name: "Voortgang opslaan" }).count()).toBe(0);
    await koers.checked.goto(koers.base + reminderLink.pathname + reminderLink.search);
    expect(await axeViolations(koers.checked)).toEqual([]);

    await koers.checked.goto(`${koers.base}/mijn-werk`);
    expect(await koers.checked.getByText("Er staat op dit moment geen rapportageronde voor u open.").isVisible()).toBe(true);
    expect(await axeViolations(koers.checked)).toEqual([]);
  });
});
