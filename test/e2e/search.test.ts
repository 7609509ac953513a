/** The search page in a real browser: accessibility, and a search without JavaScript. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { axeViolations, hasChromium, startKoersWithBrowser } from "../helpers/browser.ts";

const pages = [
  ["Zoeken", "/zoeken"],
  ["Zoeken: thuiszitters", "/zoeken?q=thuiszitters"],
  ["Zoeken: ouders", "/zoeken?q=ouders&plan=allen-voor-een-2022-2024&niveau=doel"],
  ["Zoeken: xylofoonorkest", "/zoeken?q=xylofoonorkest"],
] as const;

describe.skipIf(!hasChromium)("search in a real browser", () => {
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

  it.each(pages)("%s (%s) has no WCAG 2.1 AA violations", async (title, path) => {
    await axePage.goto(base + path);
    expect(await axePage.title()).toBe(`${title} · Koers`);
    expect(await axeViolations(axePage)).toEqual([]);
  });

  it("searches without JavaScript: from the menu, type, submit, follow a result to its place in the plan", async () => {
    await page.goto(base);
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Zoeken" }).click();
    expect(new URL(page.url()).pathname).toBe("/zoeken");
    await page.getByLabel("Zoekwoorden").fill("thuiszitter");
    await page.getByLabel("Plan", { exact: true }).selectOption({ label: "Uitvoeringsplan 2025-2026" });
    await page.getByRole("button", { name: "Zoeken" }).click();
    const url = new URL(page.url());
    expect(url.pathname).toBe("/zoeken");
    expect(url.searchParams.get("q")).toBe("thuiszitter");
    expect(url.searchParams.get("plan")).toBe("uitvoeringsplan-nk-2025-2026");
    expect(await page.getByRole("heading", { level: 2, name: /resultaten? voor/ }).isVisible()).toBe(true);
    expect(await page.locator("mark").first().textContent()).toMatch(/^thuiszitter/i);

    const first = page.getByRole("list").filter({ has: page.locator(".koers-search-result") }).getByRole("heading", { level: 3 }).first().getByRole("link");
    const href = (await first.getAttribute("href"))!;
    expect(href).toMatch(/^\/plannen\/uitvoeringsplan-nk-2025-2026#onderdeel-\d+$/);
    await first.click();
    expect(page.url()).toBe(base + href);
    const target = page.locator(`#${href.split("#")[1]}`);
    expect(await target.count()).toBe(1);
    expect(await target.isVisible()).toBe(true);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Uitvoeringsplan 2025-2026");
  });

  it("keeps the query and the filters in the form, and says when nothing is found", async () => {
    await page.goto(`${base}/zoeken?q=xylofoonorkest&regio=midden-kennemerland`);
    expect(await page.getByLabel("Zoekwoorden").inputValue()).toBe("xylofoonorkest");
    expect(await page.getByLabel("Regio").inputValue()).toBe("midden-kennemerland");
    expect(await page.getByRole("heading", { level: 2, name: "Geen resultaten voor ‘xylofoonorkest’" }).isVisible()).toBe(true);
  });
});
