/**
 * The notification settings in a real browser, without JavaScript: a coordinator of SWV NK goes
 * from the account page to the messages Koers sends, switches the daily digest off, then sets the
 * reminder days of the Activiteitenplan from its rounds page, first with a mistake. Both pages,
 * also with their problem shown, have no WCAG violations and no sideways scrolling.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { eq } from "drizzle-orm";
import { users } from "../../src/modules/accounts/schema.ts";
import { notificationPreferences } from "../../src/modules/notifications/schema.ts";
import { reminderScheduleOf } from "../../src/modules/notifications/service.ts";
import { hasChromium, koersForTests, mainText, reflowAndAxeProblems } from "../helpers/browser.ts";

const PLAN = "activiteitenplan-swvnk-2024";
const EMAIL = "coordinator@swvnk.nl";

describe.skipIf(!hasChromium)("choosing messages and reminder days in a real browser", () => {
  const koers = koersForTests({ user: [EMAIL, "swvnk", "redacteur"] });

  const checkPage = async (page: Page, what: string) => expect(await reflowAndAxeProblems(page, what)).toEqual([]);

  it("switches the daily digest off from the account page", async () => {
    const page = koers.keys;
    page.setDefaultTimeout(15_000);
    await page.goto(`${koers.base}/account`);
    await page.getByRole("link", { name: "Kies welke berichten Koers u stuurt" }).click();
    await page.waitForURL(`${koers.base}/account/berichten`);
    expect(await page.getByRole("checkbox", { name: "Dagoverzicht van meldingen" }).isChecked()).toBe(true);
    await page.getByRole("checkbox", { name: "Dagoverzicht van meldingen" }).uncheck();
    await page.getByRole("button", { name: "Bewaren" }).click();
    await page.waitForURL(`${koers.base}/account/berichten?bewaard=1`);
    expect(await mainText(page)).toContain("Uw keuze is bewaard.");
    expect(await page.getByRole("checkbox", { name: "Dagoverzicht van meldingen" }).isChecked()).toBe(false);
    expect(await page.getByRole("checkbox", { name: "Herinneringen" }).isChecked()).toBe(true);
    const choices = await koers.db
      .select({ kind: notificationPreferences.kind, enabled: notificationPreferences.enabled })
      .from(notificationPreferences)
      .innerJoin(users, eq(users.id, notificationPreferences.userId))
      .where(eq(users.email, EMAIL));
    expect(choices.filter((c) => !c.enabled).map((c) => c.kind)).toEqual(["dagoverzicht"]);

    await koers.checked.goto(`${koers.base}/account/berichten`);
    await checkPage(koers.checked, "the messages page");
  });

  it("sets a plan's reminder days, after a mistake it names", async () => {
    const page = koers.keys;
    await page.goto(`${koers.base}/plannen/${PLAN}/rondes`);
    await page.getByRole("link", { name: "herinneringen" }).click();
    await page.waitForURL(`${koers.base}/plannen/${PLAN}/herinneringen`);
    expect(await mainText(page)).toContain("Dit plan volgt de standaard van Koers: 7, 1 dagen voor en 1, 7 dagen na de uiterste datum.");
    await page.getByLabel("Dagen voor de uiterste datum").fill("over een week");
    await page.getByRole("button", { name: "Bewaren" }).click();
    expect(await mainText(page)).toContain("De herinneringen zijn niet bewaard.");
    expect(await page.getByLabel("Dagen voor de uiterste datum").getAttribute("aria-invalid")).toBe("true");
    await koers.checked.goto(`${koers.base}/plannen/${PLAN}/herinneringen`);
    await koers.checked.getByLabel("Dagen voor de uiterste datum").fill("over een week");
    await koers.checked.getByRole("button", { name: "Bewaren" }).click();
    await koers.checked.waitForLoadState();
    await checkPage(koers.checked, "the reminder days with a problem");

    await page.getByLabel("Dagen voor de uiterste datum").fill("10, 3");
    await page.getByLabel("Dagen na de uiterste datum").fill("2");
    await page.getByRole("button", { name: "Bewaren" }).click();
    await page.waitForURL(`${koers.base}/plannen/${PLAN}/herinneringen?bewaard=1`);
    expect(await mainText(page)).toContain(`Dit plan heeft eigen dagen: 10, 3 dagen voor en 2 dagen na de uiterste datum (ingesteld door ${EMAIL}`);
    expect(await reminderScheduleOf(koers.db, system, PLAN, { daysBefore: [], daysAfter: [] })).toMatchObject({ daysBefore: [10, 3], daysAfter: [2], own: true });
    await koers.checked.goto(`${koers.base}/plannen/${PLAN}/herinneringen?bewaard=1`);
    await checkPage(koers.checked, "the reminder days");
  });
});
