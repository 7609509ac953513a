/**
 * The report in a real browser: the coordinator writes its introduction and saves a version, the
 * page passes axe and reads at 320 px, and on paper (print media, PDF) it is an A4 document
 * without navigation, with the title on every page.
 */
import { describe, expect, it } from "vitest";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const AVE = "allen-voor-een-2022-2024";
const PATH = `/plannen/${AVE}/rapportage?van=2022`;
const PAGE_WIDTH = `({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })`;

describe.skipIf(!hasChromium)("the report in a real browser", () => {
  const koers = koersForTests({ user: ["redacteur@velsen.nl", "velsen", "redacteur"] });

  it("goes from choosing the period to the report, and saves an introduction and a version", async () => {
    const page = koers.keys;
    await page.goto(`${koers.base}/plannen/${AVE}/rapportage`);
    await page.getByLabel("Van periode").selectOption("2022");
    await page.getByLabel("Tot en met periode").selectOption("2022");
    await page.getByRole("button", { name: "Rapportage maken" }).click();
    await page.waitForURL(/rapportage\?van=2022/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Tussenevaluatie");
    await page.goto(`${koers.base}/plannen/${AVE}/rapportage/teksten?van=2022`);
    await page.getByLabel("Inleiding").fill("Voor het OOGO van mei.");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.waitForURL(/bewaard=teksten/);
    expect(await page.getByText("Voor het OOGO van mei.").count()).toBe(1);
    await page.goto(`${koers.base}/plannen/${AVE}/rapportage/versies/nieuw?van=2022`);
    await page.getByLabel("Naar (vergadering of orgaan)").fill("OOGO");
    await page.getByRole("button", { name: "Versie bewaren" }).click();
    await page.waitForURL(/versies\/\d+$/);
    expect(await page.getByText("Dit is de eerste versie.").count()).toBe(1);
  });

  it("passes axe and reads at 320 px, the report and its forms", async () => {
    const page = koers.checked;
    for (const path of [PATH, `/plannen/${AVE}/rapportage`, `/plannen/${AVE}/rapportage/teksten?van=2022`, `/plannen/${AVE}/rapportage/versies/nieuw?van=2022`]) {
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(koers.base + path);
      expect(await axeViolations(page), path).toEqual([]);
      const { scrollWidth, innerWidth } = (await page.evaluate(PAGE_WIDTH)) as { scrollWidth: number; innerWidth: number };
      expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
    }
  });

  it("prints as a document: no navigation, the title on every page, several A4 pages", async () => {
    const page = koers.checked;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(koers.base + PATH);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".koers-header").isVisible()).toBe(false);
    expect(await page.locator(".koers-tools").isVisible()).toBe(false);
    expect(await page.locator(".koers-report__running").isVisible()).toBe(true);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(3);
    // A4: 595 by 842 points.
    const [, width, height] = pdf.toString("latin1").match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/)!;
    expect([Math.round(Number(width)), Math.round(Number(height))]).toEqual([595, 842]);
    await page.emulateMedia({ media: "screen" });
  });
});
