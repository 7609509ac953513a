import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { takeSnapshot } from "../../src/modules/plans/snapshots.ts";
import { listSnapshots } from "../../src/modules/versions/service.ts";
import { makeUser } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, signedInPage, startKoersWithBrowser } from "../helpers/browser.ts";

const SLUG = "activiteitenplan-swvnk-2024";

describe.skipIf(!hasChromium)("comparing versions of a plan in a real browser", () => {
  let koers: Awaited<ReturnType<typeof startKoersWithBrowser>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let base: string;
  /** Driven with the keyboard alone, without JavaScript. */
  let page: Page;
  /** The same user with JavaScript, which axe needs to run in. */
  let axePage: Page;

  beforeAll(async () => {
    koers = await startKoersWithBrowser();
    ({ server, browser, base } = koers);
    await makeUser(server.database.db, "redacteur@swvnk.nl", { roles: [["swvnk", "redacteur"]] });
    page = await signedIn(false);
    axePage = await signedIn(true);
  });
  afterAll(() => koers?.close());

  const signedIn = (javaScriptEnabled: boolean): Promise<Page> => signedInPage(browser, base, "redacteur@swvnk.nl", javaScriptEnabled);

  /** Presses Tab until the element with this text, or the form field of this name, has the focus. */
  async function tabTo(target: string | { field: string }) {
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press("Tab");
      const focused = page.locator(":focus");
      if (typeof target === "object" ? (await focused.getAttribute("name")) === target.field : ((await focused.textContent()) ?? "").trim() === target) return;
    }
    throw new Error(`Met Tab niet bereikt: ${JSON.stringify(target)}`);
  }

  /** Presses an arrow key on the focused select until the chosen option's value is `value`. */
  async function choose(value: string, key: "ArrowUp" | "ArrowDown") {
    for (let i = 0; i < 20; i++) {
      if ((await page.locator(":focus").inputValue()) === value) return;
      await page.keyboard.press(key);
    }
    throw new Error(`Optie ${value} niet bereikt`);
  }

  it("compares the adopted version with today, chosen with the keyboard alone, both pages without violations", async () => {
    const plan = await getPlan(server.database.db, system, SLUG);
    const item = plan.items[0]!.children[0]!.children[0]!;
    const [adopted] = (await listSnapshots(server.database.db, system, SLUG)).versions;
    expect(adopted!.label).toBe("Vastgesteld door Vaststelling op 20 december 2023");

    // Change the item through its edit form.
    await page.goto(`${base}/plannen/${SLUG}/onderdelen/${item.id}/bewerken`);
    await tabTo({ field: "title" });
    await page.keyboard.press("End");
    await page.keyboard.type(" voor iedereen");
    await tabTo("Opslaan");
    await page.keyboard.press("Enter");
    await page.waitForURL(/opgeslagen=/);

    // A later version is the form's first choice, so the adopted one has to be chosen.
    await takeSnapshot(server.database.db, system, SLUG, "Tussenversie");

    await page.goto(`${base}/plannen/${SLUG}/versies`);
    await tabTo({ field: "van" });
    await choose(String(adopted!.id), "ArrowUp");
    await tabTo({ field: "met" });
    await choose("vandaag", "ArrowDown");
    await tabTo("Vergelijken");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${base}/plannen/${SLUG}/versies/vergelijk?van=${adopted!.id}&met=vandaag`);

    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Versies vergelijken");
    const block = page.locator(`#wijziging-${item.id}`);
    expect((await block.textContent())?.replace(/\s+/g, " ")).toMatch(/Jeugd- en oudersteunpunt \(JONK\) voor iedereen Gewijzigd/);
    const added = page.locator(`section[aria-labelledby="wijziging-${item.id}"] ins`);
    expect(await added.count()).toBe(1);
    expect(await added.isVisible()).toBe(true);
    // Sighted readers see the mark; screen readers hear what it means.
    expect((await added.textContent())?.replace(/\s+/g, " ").trim()).toBe("toegevoegd: voor iedereen");
    expect((await added.locator(".visually-hidden").boundingBox())!.width).toBeLessThanOrEqual(1);

    for (const path of [`/plannen/${SLUG}/versies`, `/plannen/${SLUG}/versies/vergelijk?van=${adopted!.id}&met=vandaag`]) {
      await axePage.goto(base + path);
      expect(await axeViolations(axePage), path).toEqual([]);
    }
  });
});
