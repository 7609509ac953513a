import { beforeAll, describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const SLUG = "jaarplan-ppo-nk-2023";

describe.skipIf(!hasChromium)("progress in a real browser", () => {
  const koers = koersForTests({ user: ["redacteur@ppo-nk.nl", "ppo-nk", "redacteur"] });
  let focusPath: string;
  let actionPath: string;

  beforeAll(async () => {
    const focus = (await getPlan(koers.db, system, SLUG)).items[0]!.children[0]!;
    focusPath = `/plannen/${SLUG}/onderdelen/${focus.id}/voortgang`;
    actionPath = `/plannen/${SLUG}/onderdelen/${focus.children[0]!.id}/voortgang`;
  });

  const press = (key: string) => koers.keys.keyboard.press(key);
  /** The focused element, by its id or else its text. */
  const focused = async () => {
    const element = koers.keys.locator(":focus");
    return (await element.getAttribute("id")) ?? (await element.textContent());
  };

  it("sets the reporting periods with the keyboard alone", async () => {
    await koers.checked.goto(`${koers.base}/plannen/${SLUG}/rapportageperiodes`);
    expect(await axeViolations(koers.checked)).toEqual([]);

    await koers.keys.goto(`${koers.base}/plannen/${SLUG}/rapportageperiodes`);
    await koers.keys.getByLabel("Per trimester (drie keer per jaar)").focus();
    await press("Space");
    await press("Tab");
    expect(await focused()).toBe("Periodes instellen");
    await press("Enter");
    await koers.keys.waitForURL(/opgeslagen=1/);
    expect(await koers.keys.getByRole("status").textContent()).toContain("De rapportageperiodes zijn ingesteld.");
    expect(await koers.keys.getByRole("rowheader").allTextContents()).toEqual(["T1 2023", "T2 2023", "T3 2023"]);

    await koers.checked.goto(koers.keys.url());
    expect(await axeViolations(koers.checked)).toEqual([]);
  });

  it("writes an update with the keyboard alone, without JavaScript", async () => {
    await koers.checked.goto(koers.base + actionPath);
    expect(await axeViolations(koers.checked)).toEqual([]);

    await koers.keys.goto(koers.base + actionPath);
    // From the period button, Tab enters the status group; the arrow keys choose within it.
    await koers.keys.getByRole("button", { name: "Toon deze periode" }).focus();
    await press("Tab");
    await press("Space"); // the first status: Niet gestart
    await press("ArrowDown"); // Op koers
    expect(await koers.keys.getByLabel("Op koers", { exact: true }).isChecked()).toBe(true);
    await press("Tab");
    expect(await focused()).toBe("veld-results");
    await koers.keys.keyboard.type("Het kindgesprek staat in elk MDO op de agenda.");
    await press("Tab");
    await koers.keys.keyboard.type("In het najaar evalueren met de consulenten.");
    await press("Tab");
    await koers.keys.keyboard.type("60");
    await press("Tab");
    expect(await focused()).toBe("Voortgang opslaan");
    await press("Enter");
    await koers.keys.waitForURL(/opgeslagen=1/);
    expect(await koers.keys.getByRole("status").textContent()).toContain("De voortgang is opgeslagen.");
    expect(await koers.keys.getByLabel("Resultaten").inputValue()).toBe("Het kindgesprek staat in elk MDO op de agenda.");
    expect(await koers.keys.getByLabel("Planning", { exact: true }).inputValue()).toBe("In het najaar evalueren met de consulenten.");
    expect(await koers.keys.getByLabel("Percentage gereed (niet verplicht)").inputValue()).toBe("60");

    await koers.checked.goto(koers.keys.url());
    expect(await axeViolations(koers.checked)).toEqual([]);
  });

  it("shows a parent its roll-up and asks a reason to differ, without WCAG violations", async () => {
    await koers.checked.goto(koers.base + focusPath);
    expect(await koers.checked.getByText("Uit de onderdelen eronder volgt:").textContent()).toMatch(/Op koers \(berekend\)/);
    expect(await axeViolations(koers.checked)).toEqual([]);
    await koers.checked.getByLabel("Afgerond", { exact: true }).check();
    await koers.checked.getByRole("button", { name: "Voortgang opslaan" }).click();
    await koers.checked.getByText('Leg uit waarom u "Afgerond" kiest.').waitFor();
    expect(await koers.checked.getByLabel("Reden voor een andere status").getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(koers.checked)).toEqual([]);
  });
});
