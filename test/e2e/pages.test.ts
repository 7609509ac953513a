import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { axeViolations, hasChromium, startKoersWithBrowser } from "../helpers/browser.ts";

const pages = [
  ["Plannen", "/"],
  ["Uitvoeringsplan 2025-2026", "/plannen/uitvoeringsplan-nk-2025-2026"],
  ["Allen voor één", "/plannen/allen-voor-een-2022-2024"],
  ["Jaarplan 2023", "/plannen/jaarplan-ppo-nk-2023"],
  ["Activiteitenplan 2024", "/plannen/activiteitenplan-swvnk-2024"],
  ["Tussenevaluatie april 2023", "/evaluaties/tussenevaluatie-allen-voor-een-2023"],
  ["Begrippen en afkortingen", "/begrippen"],
  ["Organisaties en regio's", "/regio"],
  ["Onderwerpen", "/onderwerpen"],
  ["Thuiszitters", "/onderwerpen/thuiszitters"],
  ["Niet gevonden", "/plannen/bestaat-niet"],
] as const;

describe.skipIf(!hasChromium)("pages in a real browser", () => {
  let koers: Awaited<ReturnType<typeof startKoersWithBrowser>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  /** Without JavaScript, as the flows must work; axe needs a page with JavaScript to run in. */
  let page: Page;
  let axePage: Page;
  let base: string;

  beforeAll(async () => {
    koers = await startKoersWithBrowser();
    ({ server, browser, base } = koers);
    page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    axePage = await (await browser.newContext()).newPage();
  });
  afterAll(() => koers?.close());

  it("the accessibility check does find violations where there are some", async () => {
    await axePage.setContent('<html><head><title>x</title></head><body><img src="x.png"><a href="/"></a></body></html>');
    expect((await axeViolations(axePage)).map((v) => v.rule)).toEqual(expect.arrayContaining(["html-has-lang", "image-alt", "link-name"]));
  });

  it.each(pages)("%s (%s) has no WCAG 2.1 AA violations", async (title, path) => {
    await axePage.goto(base + path);
    expect(await axePage.title()).toBe(`${title} · Koers`);
    expect(await axeViolations(axePage)).toEqual([]);
  });

  it("is usable with the keyboard: the first Tab reaches the skip link, which leads to the content", async () => {
    await page.goto(`${base}/plannen/jaarplan-ppo-nk-2023`);
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    expect(await focused.textContent()).toBe("Naar de inhoud");
    expect(await focused.isVisible()).toBe(true);
    await page.keyboard.press("Enter");
    expect(page.url()).toMatch(/#inhoud$/);
  });

  it("finds a plan from the home page and its table of contents leads to a theme", async () => {
    await page.goto(base);
    await page.getByRole("link", { name: "Uitvoeringsplan 2025-2026" }).click();
    await page.getByRole("navigation", { name: "Inhoud" }).getByRole("link", { name: /Versterken van de pedagogische basis/ }).click();
    const heading = page.getByRole("heading", { level: 2, name: /Versterken van de pedagogische basis in en om school/ });
    await expect(heading.isVisible()).resolves.toBe(true);
    expect(page.url()).toMatch(/#onderdeel-\d+$/);
  });

  it("prints without navigation", async () => {
    await page.goto(`${base}/plannen/activiteitenplan-swvnk-2024`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".koers-header").isVisible()).toBe(false);
    expect(await page.locator(".koers-toc").isVisible()).toBe(false);
    expect(await page.getByRole("heading", { level: 1, name: "Activiteitenplan 2024" }).isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
  });
});
