import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { formatDate } from "../../src/modules/plans/views/labels.ts";
import { importPlanAroundToday } from "../../src/modules/dashboard/test-dashboard-plan.ts";
import { todayInNl } from "../../src/lib/dates.ts";
import { configureCycle, saveUpdate, type ReportingPeriod } from "../../src/modules/monitoring/updates.ts";
import { axeViolations, hasChromium, koersForTests, tabUntil } from "../helpers/browser.ts";

const SLUG = "werkplan-rond-vandaag";

describe.skipIf(!hasChromium)("dashboard and timeline in a real browser", () => {
  const today = todayInNl();
  let itemId: number;
  const koers = koersForTests({
    user: ["redacteur@ppo-nk.nl", "ppo-nk", "redacteur"],
    // A plan that is not published, with dates around today; PPO-NK is a party to action 1.2.
    setUp: ({ server }) => importPlanAroundToday(server.database, SLUG, today, { published: false }),
  });
  beforeAll(async () => {
    itemId = (await getPlan(koers.db, system, SLUG)).items[0]!.children[1]!.id;
  });

  const press = (key: string) => koers.keys.keyboard.press(key);

  /** Presses Tab until the focused element has this accessible text; fails after `limit` presses. */
  const tabTo = (page: Page, text: string) => tabUntil(page, text, { limit: 60 });

  it("shows the empty states without progress, without WCAG violations", async () => {
    await koers.checked.goto(`${koers.base}/plannen/${SLUG}/dashboard`);
    expect(await koers.checked.getByRole("heading", { level: 1 }).textContent()).toBe("Dashboard");
    expect(await koers.checked.getByText("Dit plan heeft nog geen rapportageperiodes").textContent()).toContain("er is nog geen voortgang gemeld");
    expect(await koers.checked.getByText("Zonder rapportageperiodes is er nog geen voortgang te melden.").isVisible()).toBe(true);
    expect(await axeViolations(koers.checked)).toEqual([]);

    await koers.checked.goto(`${koers.base}/plannen/${SLUG}/tijdlijn`);
    expect(await koers.checked.locator("figcaption").textContent()).toContain("De kolommen zijn kwartalen");
    expect(await axeViolations(koers.checked)).toEqual([]);
  });

  describe("with progress", () => {
    let current: ReportingPeriod;

    beforeAll(async () => {
      const { periods } = await configureCycle(koers.db, system, SLUG, "kwartaal");
      current = periods.find((p) => p.start <= today && today <= p.end)!;
      await saveUpdate(koers.db, system, SLUG, itemId, current.id, {
        version: null,
        status: "aandacht-nodig",
        results: "",
        planning: "",
        percentage: null,
        statusReason: null,
      });
    });

    it("shows the dashboard without WCAG violations", async () => {
      await koers.checked.goto(`${koers.base}/plannen/${SLUG}/dashboard`);
      const themes = koers.checked.getByRole("table", { name: "Stand per thema" });
      expect(await themes.getByRole("row").nth(1).textContent()).toMatch(/1 Thuiszitters\s*Aandacht nodig \(berekend\)\s*1 aandacht nodig, 2 nog geen status \(van 3\)\./);
      expect(await koers.checked.getByRole("heading", { name: /^Binnen 30 dagen/ }).textContent()).toBe("Binnen 30 dagen (1)");
      expect(await axeViolations(koers.checked)).toEqual([]);
    });

    it("reaches the update form of a due item with the keyboard alone, without JavaScript", async () => {
      await koers.keys.goto(`${koers.base}/plannen/${SLUG}/dashboard`);
      await tabTo(koers.keys, "Tijdlijn van dit plan");
      await tabTo(koers.keys, "Voortgang bijwerken van 1.2 Overstap po-vo verbeteren");
      await press("Enter");
      await koers.keys.waitForURL(`${koers.base}/plannen/${SLUG}/onderdelen/${itemId}/voortgang?periode=${current.id}`);
      expect(await koers.keys.getByLabel("Aandacht nodig").isChecked()).toBe(true);
    });

    it("marks today on the timeline, in the column of the current period, with the table alternative", async () => {
      await koers.checked.goto(`${koers.base}/plannen/${SLUG}/tijdlijn`);
      const picture = koers.checked.getByRole("img", { name: "Tijdlijn van Werkplan rond vandaag" });
      expect(await picture.isVisible()).toBe(true);
      const marker = koers.checked.locator(".koers-tl-today");
      expect(await marker.locator("text").textContent()).toBe(`Vandaag, ${formatDate(today)}`);
      const line = (await marker.locator("line").boundingBox())!;
      const column = (await koers.checked.locator(".koers-tl-column", { hasText: current.label }).locator("rect").boundingBox())!;
      expect(line.x).toBeGreaterThanOrEqual(column.x);
      expect(line.x).toBeLessThanOrEqual(column.x + column.width);

      const table = koers.checked.getByRole("table", { name: /De tijdlijn als tabel/ });
      const rows = table.locator("tbody tr");
      expect(await rows.count()).toBe(6); // two themes and four actions with a readable time
      expect(await table.getByRole("row", { name: /1\.2 Overstap po-vo verbeteren/ }).textContent()).toMatch(/Aandacht nodig/);
      expect(await koers.checked.getByRole("heading", { name: "Nog niet te plaatsen" }).isVisible()).toBe(true);
      expect(await koers.checked.getByText('"nader te bepalen" (nog niet bepaald)').isVisible()).toBe(true);
      expect(await axeViolations(koers.checked)).toEqual([]);
    });

    it("reaches the items in the timeline's table with the keyboard", async () => {
      await koers.keys.goto(`${koers.base}/plannen/${SLUG}/tijdlijn`);
      await tabTo(koers.keys, "Toon deze periode");
      await tabTo(koers.keys, "2.2 Overleg met de jeugdhulp");
      await press("Enter");
      await koers.keys.waitForURL(new RegExp(`/plannen/${SLUG}\\?onderdeel=\\d+#onderdeel-\\d+$`));
    });
  });
});
