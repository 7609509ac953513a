import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan, type PlanItem } from "../../src/modules/plans/reading.ts";
import { makeUser } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, signedInPage, startKoersWithBrowser } from "../helpers/browser.ts";

const SLUG = "uitvoeringsplan-nk-2025-2026";

describe.skipIf(!hasChromium)("changing a plan's structure in a real browser", () => {
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
    await makeUser(server.database.db, "redacteur@alkmaar.nl", { roles: [["alkmaar", "redacteur"]] });
    page = await signedIn(false);
    axePage = await signedIn(true);
  });
  afterAll(() => koers?.close());

  const signedIn = (javaScriptEnabled: boolean): Promise<Page> => signedInPage(browser, base, "redacteur@alkmaar.nl", javaScriptEnabled);

  /** Presses Tab (or Shift+Tab) until the element with this text, or the form field of this name, has the focus. */
  async function tabTo(target: string | RegExp | { field: string }, options: { back?: boolean } = {}) {
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press(options.back ? "Shift+Tab" : "Tab");
      const focused = page.locator(":focus");
      if (typeof target === "object" && "field" in target) {
        if ((await focused.getAttribute("name")) === target.field) return;
        continue;
      }
      const text = ((await focused.textContent()) ?? "").trim();
      if (typeof target === "string" ? text === target : target.test(text)) return;
    }
    throw new Error(`Met Tab niet bereikt: ${JSON.stringify(target)}`);
  }

  /** Presses a key on the focused select until the chosen option's value is `value`. */
  async function chooseWithArrows(value: string) {
    for (let i = 0; i < 200; i++) {
      if ((await page.locator(":focus").inputValue()) === value) return;
      await page.keyboard.press("ArrowDown");
    }
    throw new Error(`Optie ${value} niet bereikt`);
  }

  async function expectNoViolations(url: string) {
    await axePage.goto(url);
    expect(await axeViolations(axePage)).toEqual([]);
  }

  const at = (list: PlanItem[], ...codes: string[]): PlanItem => {
    const found = list.find((i) => i.code === codes[0])!;
    return codes.length > 1 ? at(found.children, ...codes.slice(1)) : found;
  };

  it("adds, moves, deletes and restores an item with the keyboard, every page without violations", { timeout: 180_000 }, async () => {
    const plan = await getPlan(server.database.db, system, SLUG);
    const from = at(plan.items, "1", "1.2");
    const to = at(plan.items, "2", "2.1");

    // Add a step under ambition 1.2.
    await page.goto(`${base}/plannen/${SLUG}`);
    await tabTo(/^Acties\s+voor 1\.2 /);
    await page.keyboard.press("Enter");
    await tabTo("Onderdeel toevoegen onder 1.2");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/onderdelen\/nieuw\?onder=\d+$/);
    await expectNoViolations(page.url());
    await tabTo({ field: "code" });
    await page.keyboard.type("9");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Ouderavond over aanwezigheid");
    await tabTo("Toevoegen");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/onderdelen\/\d+\/bewerken\?toegevoegd=1$/);
    expect(await page.getByRole("status").first().textContent()).toContain("Het onderdeel is toegevoegd.");
    const id = Number(page.url().match(/onderdelen\/(\d+)\/bewerken/)![1]);
    expect(at((await getPlan(server.database.db, system, SLUG)).items, "1", "1.2").children.at(-1)).toMatchObject({ id, code: "9", level: "stap" });

    // The add form with an error next to its field.
    await axePage.goto(`${base}/plannen/${SLUG}/onderdelen/nieuw?onder=${from.id}`);
    await axePage.getByLabel("Titel").fill("   ");
    await axePage.getByRole("button", { name: "Toevoegen" }).click();
    expect(await axePage.getByText("Vul een titel in.").isVisible()).toBe(true);
    expect(await axeViolations(axePage)).toEqual([]);

    // Move it under ambition 2.1: the steps of 1.2 are listed below its row.
    await page.goto(`${base}/plannen/${SLUG}`);
    await expectNoViolations(page.url());
    await tabTo("Onderdelen onder 1.2 beheren");
    await page.keyboard.press("Enter");
    await tabTo(/^Acties\s+voor 9 /);
    await page.keyboard.press("Enter");
    await tabTo("Verplaatsen 9");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/verplaatsen$/);
    await expectNoViolations(page.url());
    await tabTo({ field: "onder" });
    await chooseWithArrows(String(to.id));
    await tabTo("Plaatsen onder dit onderdeel tonen");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/verplaatsen\?onder=\d+$/);
    await expectNoViolations(page.url());
    await tabTo({ field: "na" });
    expect(await page.locator(":focus").inputValue()).toBe(String(to.children.at(-1)!.id));
    await tabTo("Verplaatsen");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?verplaatst=\d+#onderdeel-\d+$/);
    expect(await page.getByRole("status").textContent()).toMatch(/Verplaatst:\s*9 Ouderavond over aanwezigheid/);
    await expectNoViolations(page.url());
    expect(at((await getPlan(server.database.db, system, SLUG)).items, "2", "2.1").children.at(-1)!.id).toBe(id);

    // Delete it, after confirming.
    await tabTo("Onderdelen onder 2.1 beheren");
    await page.keyboard.press("Enter");
    await tabTo(/^Acties\s+voor 9 /);
    await page.keyboard.press("Enter");
    await tabTo("Verwijderen 9");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/verwijderen$/);
    await expectNoViolations(page.url());
    await tabTo("Ja, naar de prullenbak");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?verwijderd=1#onderdeel-\d+$/);
    expect(await page.getByRole("status").textContent()).toContain("Het onderdeel staat nu in de prullenbak");
    expect(await page.getByText("Ouderavond over aanwezigheid").count()).toBe(0);

    // Restore it from the bin.
    await tabTo("Naar de prullenbak", { back: true });
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/prullenbak$/);
    await expectNoViolations(page.url());
    await tabTo(/^Terugzetten\s+9 Ouderavond over aanwezigheid$/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?teruggezet=\d+#onderdeel-\d+$/);
    expect(await page.getByRole("status").textContent()).toMatch(/Teruggezet uit de prullenbak:\s*9 Ouderavond over aanwezigheid/);
    expect(at((await getPlan(server.database.db, system, SLUG)).items, "2", "2.1").children.at(-1)!.id).toBe(id);
    await expectNoViolations(`${base}/plannen/${SLUG}/prullenbak`);
  });

  it("hides the editing links in print", async () => {
    await page.goto(`${base}/plannen/${SLUG}`);
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("link", { name: "Prullenbak" }).isVisible()).toBe(false);
    expect(await page.getByText(/^Acties\s+voor 1\.2 /).isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
    await page.getByText(/^Acties\s+voor 1\.2 /).click();
    expect(await page.getByRole("link", { name: "Verplaatsen 1.2" }).isVisible()).toBe(true);
  });
});
