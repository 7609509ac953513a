import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { makeUser } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, signedInPage, startKoersWithBrowser } from "../helpers/browser.ts";

const SLUG = "jaarplan-ppo-nk-2023";

describe.skipIf(!hasChromium)("progress in a real browser", () => {
  let koers: Awaited<ReturnType<typeof startKoersWithBrowser>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let base: string;
  /** Without JavaScript, driven by the keyboard. */
  let keys: Page;
  /** With JavaScript, which axe needs to run in the page. */
  let checked: Page;
  let focusPath: string;
  let actionPath: string;

  const signedIn = (javaScriptEnabled: boolean): Promise<Page> => signedInPage(browser, base, "redacteur@ppo-nk.nl", javaScriptEnabled);

  beforeAll(async () => {
    koers = await startKoersWithBrowser();
    ({ server, browser, base } = koers);
    await makeUser(server.database.db, "redacteur@ppo-nk.nl", { roles: [["ppo-nk", "redacteur"]] });
    const plan = await getPlan(server.database.db, system, SLUG);
    const focus = plan.items[0]!.children[0]!;
    focusPath = `/plannen/${SLUG}/onderdelen/${focus.id}/voortgang`;
    actionPath = `/plannen/${SLUG}/onderdelen/${focus.children[0]!.id}/voortgang`;
    keys = await signedIn(false);
    checked = await signedIn(true);
  });
  afterAll(() => koers?.close());

  const press = (key: string) => keys.keyboard.press(key);
  /** The focused element, by its id or else its text. */
  const focused = async () => {
    const element = keys.locator(":focus");
    return (await element.getAttribute("id")) ?? (await element.textContent());
  };

  it("sets the reporting periods with the keyboard alone", async () => {
    await checked.goto(`${base}/plannen/${SLUG}/rapportageperiodes`);
    expect(await axeViolations(checked)).toEqual([]);

    await keys.goto(`${base}/plannen/${SLUG}/rapportageperiodes`);
    await keys.getByLabel("Per trimester (drie keer per jaar)").focus();
    await press("Space");
    await press("Tab");
    expect(await focused()).toBe("Periodes instellen");
    await press("Enter");
    await keys.waitForURL(/opgeslagen=1/);
    expect(await keys.getByRole("status").textContent()).toContain("De rapportageperiodes zijn ingesteld.");
    expect(await keys.getByRole("rowheader").allTextContents()).toEqual(["T1 2023", "T2 2023", "T3 2023"]);

    await checked.goto(keys.url());
    expect(await axeViolations(checked)).toEqual([]);
  });

  it("writes an update with the keyboard alone, without JavaScript", async () => {
    await checked.goto(base + actionPath);
    expect(await axeViolations(checked)).toEqual([]);

    await keys.goto(base + actionPath);
    // From the period button, Tab enters the status group; the arrow keys choose within it.
    await keys.getByRole("button", { name: "Toon deze periode" }).focus();
    await press("Tab");
    await press("Space"); // the first status: Niet gestart
    await press("ArrowDown"); // Op koers
    expect(await keys.getByLabel("Op koers", { exact: true }).isChecked()).toBe(true);
    await press("Tab");
    expect(await focused()).toBe("veld-results");
    await keys.keyboard.type("Het kindgesprek staat in elk MDO op de agenda.");
    await press("Tab");
    await keys.keyboard.type("In het najaar evalueren met de consulenten.");
    await press("Tab");
    await keys.keyboard.type("60");
    await press("Tab");
    expect(await focused()).toBe("Voortgang opslaan");
    await press("Enter");
    await keys.waitForURL(/opgeslagen=1/);
    expect(await keys.getByRole("status").textContent()).toContain("De voortgang is opgeslagen.");
    expect(await keys.getByLabel("Resultaten").inputValue()).toBe("Het kindgesprek staat in elk MDO op de agenda.");
    expect(await keys.getByLabel("Planning", { exact: true }).inputValue()).toBe("In het najaar evalueren met de consulenten.");
    expect(await keys.getByLabel("Percentage gereed (niet verplicht)").inputValue()).toBe("60");

    await checked.goto(keys.url());
    expect(await axeViolations(checked)).toEqual([]);
  });

  it("shows a parent its roll-up and asks a reason to differ, without WCAG violations", async () => {
    await checked.goto(base + focusPath);
    expect(await checked.getByText("Uit de onderdelen eronder volgt:").textContent()).toMatch(/Op koers \(berekend\)/);
    expect(await axeViolations(checked)).toEqual([]);
    await checked.getByLabel("Afgerond", { exact: true }).check();
    await checked.getByRole("button", { name: "Voortgang opslaan" }).click();
    await checked.getByText('Leg uit waarom u "Afgerond" kiest.').waitFor();
    expect(await checked.getByLabel("Reden voor een andere status").getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(checked)).toEqual([]);
  });
});
