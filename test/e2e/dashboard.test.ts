import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { formatDate } from "../../src/modules/plans/views/labels.ts";
import { importPlanAroundToday } from "../../src/modules/dashboard/test-dashboard-plan.ts";
import { configureCycle, saveUpdate, todayInNl, type ReportingPeriod } from "../../src/modules/monitoring/updates.ts";
import { makeUser } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, signedInPage, startKoersWithBrowser } from "../helpers/browser.ts";

const SLUG = "werkplan-rond-vandaag";

describe.skipIf(!hasChromium)("dashboard and timeline in a real browser", () => {
  let koers: Awaited<ReturnType<typeof startKoersWithBrowser>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let base: string;
  /** Without JavaScript, driven by the keyboard. */
  let keys: Page;
  /** With JavaScript, which axe needs to run in the page. */
  let checked: Page;
  const today = todayInNl();
  let itemId: number;

  const signedIn = (javaScriptEnabled: boolean): Promise<Page> => signedInPage(browser, base, "redacteur@ppo-nk.nl", javaScriptEnabled);

  beforeAll(async () => {
    koers = await startKoersWithBrowser();
    ({ server, browser, base } = koers);
    // A plan that is not published, with dates around today; PPO-NK is a party to action 1.2.
    await importPlanAroundToday(server.database, SLUG, today, { published: false });
    await makeUser(server.database.db, "redacteur@ppo-nk.nl", { roles: [["ppo-nk", "redacteur"]] });
    const plan = await getPlan(server.database.db, system, SLUG);
    itemId = plan.items[0]!.children[1]!.id;
    keys = await signedIn(false);
    checked = await signedIn(true);
  });
  afterAll(() => koers?.close());

  const press = (key: string) => keys.keyboard.press(key);

  /** Presses Tab until the focused element has this accessible text; fails after `limit` presses. */
  async function tabTo(page: Page, text: string, limit = 60) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press("Tab");
      if ((await page.locator(":focus").textContent())?.replace(/\s+/g, " ").trim() === text) return;
    }
    throw new Error(`"${text}" is niet met Tab te bereiken.`);
  }

  it("shows the empty states without progress, without WCAG violations", async () => {
    await checked.goto(`${base}/plannen/${SLUG}/dashboard`);
    expect(await checked.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
    expect(await checked.getByText("Dit plan heeft nog geen rapportageperiodes").textContent()).toContain("er is nog geen voortgang gemeld");
    expect(await checked.getByText("Zonder rapportageperiodes is er nog geen voortgang te melden.").isVisible()).toBe(true);
    expect(await axeViolations(checked)).toEqual([]);

    await checked.goto(`${base}/plannen/${SLUG}/tijdlijn`);
    expect(await checked.locator("figcaption").textContent()).toContain("De kolommen zijn kwartalen");
    expect(await axeViolations(checked)).toEqual([]);
  });

  describe("with progress", () => {
    let current: ReportingPeriod;

    beforeAll(async () => {
      const { periods } = await configureCycle(server.database.db, system, SLUG, "kwartaal");
      current = periods.find((p) => p.start <= today && today <= p.end)!;
      await saveUpdate(server.database.db, system, SLUG, itemId, current.id, {
        version: null,
        status: "aandacht-nodig",
        results: "",
        planning: "",
        percentage: null,
        statusReason: null,
      });
    });

    it("shows the dashboard without WCAG violations", async () => {
      await checked.goto(`${base}/plannen/${SLUG}/dashboard`);
      const themes = checked.getByRole("table", { name: "Stand per thema" });
      expect(await themes.getByRole("row").nth(1).textContent()).toMatch(/1 Thuiszitters\s*Aandacht nodig \(berekend\)\s*1 aandacht nodig, 2 nog geen status \(van 3\)\./);
      expect(await checked.getByRole("heading", { name: /^Binnen 30 dagen/ }).textContent()).toBe("Binnen 30 dagen (1)");
      expect(await axeViolations(checked)).toEqual([]);
    });

    it("reaches the update form of a due item with the keyboard alone, without JavaScript", async () => {
      await keys.goto(`${base}/plannen/${SLUG}/dashboard`);
      await tabTo(keys, "Tijdlijn van dit plan");
      await tabTo(keys, "Voortgang bijwerken van 1.2 Overstap po-vo verbeteren");
      await press("Enter");
      await keys.waitForURL(`${base}/plannen/${SLUG}/onderdelen/${itemId}/voortgang?periode=${current.id}`);
      expect(await keys.getByLabel("Aandacht nodig").isChecked()).toBe(true);
    });

    it("marks today on the timeline, in the column of the current period, with the table alternative", async () => {
      await checked.goto(`${base}/plannen/${SLUG}/tijdlijn`);
      const picture = checked.getByRole("img", { name: "Tijdlijn van Werkplan rond vandaag" });
      expect(await picture.isVisible()).toBe(true);
      const marker = checked.locator(".koers-tl-today");
      expect(await marker.locator("text").textContent()).toBe(`Vandaag, ${formatDate(today)}`);
      const line = (await marker.locator("line").boundingBox())!;
      const column = (await checked.locator(".koers-tl-column", { hasText: current.label }).locator("rect").boundingBox())!;
      expect(line.x).toBeGreaterThanOrEqual(column.x);
      expect(line.x).toBeLessThanOrEqual(column.x + column.width);

      const table = checked.getByRole("table", { name: /De tijdlijn als tabel/ });
      const rows = table.locator("tbody tr");
      expect(await rows.count()).toBe(6); // two themes and four actions with a readable time
      expect(await table.getByRole("row", { name: /1\.2 Overstap po-vo verbeteren/ }).textContent()).toMatch(/Aandacht nodig/);
      expect(await checked.getByRole("heading", { name: "Nog niet te plaatsen" }).isVisible()).toBe(true);
      expect(await checked.getByText('"nader te bepalen" (nog niet bepaald)').isVisible()).toBe(true);
      expect(await axeViolations(checked)).toEqual([]);
    });

    it("reaches the items in the timeline's table with the keyboard", async () => {
      await keys.goto(`${base}/plannen/${SLUG}/tijdlijn`);
      await tabTo(keys, "Toon deze periode");
      await tabTo(keys, "2.2 Overleg met de jeugdhulp");
      await press("Enter");
      await keys.waitForURL(new RegExp(`/plannen/${SLUG}#onderdeel-\\d+$`));
    });
  });
});
