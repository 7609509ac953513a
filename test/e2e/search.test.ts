/** The search page in a real browser: accessibility, and a search without JavaScript. */
import { describe, expect, it } from "vitest";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const pages = [
  ["Zoeken", "/zoeken"],
  ["Zoeken: thuiszitters", "/zoeken?q=thuiszitters"],
  ["Zoeken: ouders", "/zoeken?q=ouders&plan=allen-voor-een-2022-2024&niveau=doel"],
  ["Zoeken: xylofoonorkest", "/zoeken?q=xylofoonorkest"],
] as const;

describe.skipIf(!hasChromium)("search in a real browser", () => {
  const koers = koersForTests();

  it.each(pages)("%s (%s) has no WCAG 2.1 AA violations", async (title, path) => {
    await koers.checked.goto(koers.base + path);
    expect(await koers.checked.title()).toBe(`${title} · Koers`);
    expect(await axeViolations(koers.checked)).toEqual([]);
  });

  it("searches without JavaScript: from the menu, type, submit, follow a result to its place in the plan", async () => {
    await koers.keys.goto(koers.base);
    await koers.keys.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Zoeken" }).click();
    expect(new URL(koers.keys.url()).pathname).toBe("/zoeken");
    await koers.keys.getByLabel("Zoekwoorden").fill("thuiszitter");
    await koers.keys.getByLabel("Plan", { exact: true }).selectOption({ label: "Uitvoeringsplan 2025-2026" });
    await koers.keys.getByRole("button", { name: "Zoeken" }).click();
    const url = new URL(koers.keys.url());
    expect(url.pathname).toBe("/zoeken");
    expect(url.searchParams.get("q")).toBe("thuiszitter");
    expect(url.searchParams.get("plan")).toBe("uitvoeringsplan-nk-2025-2026");
    expect(await koers.keys.getByRole("heading", { level: 2, name: /resultaten? voor/ }).isVisible()).toBe(true);
    expect(await koers.keys.locator("mark").first().textContent()).toMatch(/^thuiszitter/i);

    const first = koers.keys.getByRole("list").filter({ has: koers.keys.locator(".koers-search-result") }).getByRole("heading", { level: 3 }).first().getByRole("link");
    const href = (await first.getAttribute("href"))!;
    expect(href).toMatch(/^\/plannen\/uitvoeringsplan-nk-2025-2026\?onderdeel=\d+#onderdeel-\d+$/);
    await first.click();
    expect(koers.keys.url()).toBe(koers.base + href);
    const target = koers.keys.locator(`#${href.split("#")[1]}`);
    expect(await target.count()).toBe(1);
    expect(await target.isVisible()).toBe(true);
    expect(await koers.keys.getByRole("heading", { level: 1 }).textContent()).toBe("Uitvoeringsplan 2025-2026");
  });

  it("keeps the query and the filters in the form, and says when nothing is found", async () => {
    await koers.keys.goto(`${koers.base}/zoeken?q=xylofoonorkest&regio=midden-kennemerland`);
    expect(await koers.keys.getByLabel("Zoekwoorden").inputValue()).toBe("xylofoonorkest");
    expect(await koers.keys.getByLabel("Regio").inputValue()).toBe("midden-kennemerland");
    expect(await koers.keys.getByRole("heading", { level: 2, name: "Geen resultaten voor ‘xylofoonorkest’" }).isVisible()).toBe(true);
  });
});
