/**
 * Reading measurements from a file in a real browser: with the keyboard alone and without
 * JavaScript from choosing the file to the figures page, and the form, the preview and the
 * error state without WCAG violations and without sideways scrolling at 320 px.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { indicatorFigures } from "../../src/modules/figures/service.ts";
import { axeViolations, hasChromium, koersForTests, tabUntil } from "../helpers/browser.ts";

const PLAN = "allen-voor-een-2022-2024";
const PATH = `/plannen/${PLAN}/cijfers/inlezen`;

const file = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(lines.join("\r\n")) });
const GOOD = file("cijfers.csv", [
  "Indicator;Peildatum;Gebied;Waarde;Bron",
  "verwijzingspercentage;31-07-2025;swv:swv-vo-mk;1,75%;DUO",
  "schoolbesturen;1 oktober 2025;;12;registratie SWV",
]);
/** A wrong cell, and a column Koers does not know. */
const BAD = file("fout.csv", ["Indicator;Peildatum;Waarde;Schooljaar", "schoolbesturen;1-11-2025;veel;2025-2026"]);

describe.skipIf(!hasChromium)("reading measurements from a file in a real browser", () => {
  const koers = koersForTests({ user: ["redacteur@velsen.nl", "velsen", "redacteur"] });

  const tabTo = (target: string | { field: string }) => tabUntil(koers.keys, target);

  /** No WCAG violations, and at 320 px the page is exactly as wide as the window. */
  async function checkPage(page: Page, what: string) {
    expect(await axeViolations(page), what).toEqual([]);
    expect(await page.evaluate<number>("document.documentElement.scrollWidth"), what).toBe(320);
  }

  const upload = async (page: Page, chosen: typeof GOOD) => {
    await page.getByLabel("Bestand (.csv of .xlsx)").setInputFiles(chosen);
    await page.getByRole("button", { name: "Bekijken" }).click();
    await page.getByRole("heading", { level: 1, name: "Metingen inlezen: controleren" }).waitFor();
  };

  it("reads a file with the keyboard alone, without JavaScript: choose, see the rows, confirm", async () => {
    const page = koers.keys;
    await page.goto(koers.base + PATH);
    await tabTo({ field: "bestand" });
    await page.locator(":focus").setInputFiles(GOOD);
    await tabTo("Bekijken");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Metingen inlezen: controleren" }).waitFor();
    const rows = page.getByRole("table", { name: "Metingen uit cijfers.csv" }).getByRole("row");
    expect((await rows.allInnerTexts()).slice(1).map((r) => r.replace(/\s+/g, " ").trim())).toEqual([
      "2 Verwijzingspercentage naar speciaal onderwijs 31 juli 2025 swv:swv-vo-mk 1,75% DUO",
      "3 Schoolbesturen in het samenwerkingsverband 1 oktober 2025 Totaal 12 registratie SWV",
    ]);

    await tabTo("2 metingen opslaan");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${koers.base}/plannen/${PLAN}/cijfers?ingelezen=2`);
    expect(await page.getByRole("heading", { level: 1, name: "Cijfers" }).isVisible()).toBe(true);
    const saved = (await indicatorFigures(koers.db, system, PLAN, "schoolbesturen")).indicator.measurements.filter((m) => m.date === "2025-10-01");
    expect(saved).toMatchObject([{ value: 12, source: "registratie SWV" }]);
  });

  it("has no WCAG violations and no sideways scrolling at 320 px: the form, the preview and the error state", async () => {
    const page = koers.checked;
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(koers.base + PATH);
    await checkPage(page, "the form");

    await upload(page, GOOD);
    expect(await page.getByRole("button", { name: "2 metingen opslaan" }).isVisible()).toBe(true);
    await checkPage(page, "the preview");

    await page.goto(koers.base + PATH);
    await upload(page, BAD);
    expect(await page.getByRole("alert").innerText()).toContain("Rij 2, kolom Waarde: verwacht een getal");
    expect(await page.getByLabel("Kolom 'Schooljaar'").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: /opslaan$/ }).count()).toBe(0);
    await checkPage(page, "the error state");

    // The page without a file chosen (the browser's own check left out): the error next to the field.
    await page.goto(koers.base + PATH);
    await page.locator("form[enctype] input[type=file]").evaluate((input: { removeAttribute(name: string): void }) => input.removeAttribute("required"));
    await page.getByRole("button", { name: "Bekijken" }).click();
    await page.getByText("Kies een bestand.", { exact: true }).waitFor();
    expect(await page.getByLabel("Bestand (.csv of .xlsx)").getAttribute("aria-invalid")).toBe("true");
    await checkPage(page, "the form with an error");
  });
});
