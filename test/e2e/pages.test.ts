import { describe, expect, it } from "vitest";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const pages = [
  ["Plannen", "/"],
  ["Uitvoeringsplan 2025-2026", "/plannen/uitvoeringsplan-nk-2025-2026"],
  ["Allen voor één", "/plannen/allen-voor-een-2022-2024"],
  ["Jaarplan 2023", "/plannen/jaarplan-ppo-nk-2023"],
  ["Activiteitenplan 2024", "/plannen/activiteitenplan-swvnk-2024"],
  ["Tussenevaluatie april 2023", "/evaluaties/tussenevaluatie-allen-voor-een-2023"],
  ["Evaluaties", "/evaluaties"],
  ["Begrippen en afkortingen", "/begrippen"],
  ["Organisaties en regio's", "/regio"],
  ["Onderwerpen", "/onderwerpen"],
  ["Thuiszitters", "/onderwerpen/thuiszitters"],
  ["Niet gevonden", "/plannen/bestaat-niet"],
] as const;

describe.skipIf(!hasChromium)("pages in a real browser", () => {
  const koers = koersForTests();

  it("the accessibility check does find violations where there are some", async () => {
    await koers.checked.setContent('<html><head><title>x</title></head><body><img src="x.png"><a href="/"></a></body></html>');
    expect((await axeViolations(koers.checked)).map((v) => v.rule)).toEqual(expect.arrayContaining(["html-has-lang", "image-alt", "link-name"]));
  });

  it.each(pages)("%s (%s) has no WCAG 2.1 AA violations", async (title, path) => {
    await koers.checked.goto(koers.base + path);
    // A long plan opens at its first part.
    expect(await koers.checked.title()).toMatch(new RegExp(`^${title.replace(/[()]/g, "\\$&")}(, deel 1 van \\d+)? · Koers$`));
    expect(await axeViolations(koers.checked)).toEqual([]);
  });

  it("is usable with the keyboard: the first Tab reaches the skip link, which leads to the content", async () => {
    await koers.keys.goto(`${koers.base}/plannen/jaarplan-ppo-nk-2023`);
    await koers.keys.keyboard.press("Tab");
    const focused = koers.keys.locator(":focus");
    expect(await focused.textContent()).toBe("Naar de inhoud");
    expect(await focused.isVisible()).toBe(true);
    await koers.keys.keyboard.press("Enter");
    expect(koers.keys.url()).toMatch(/#inhoud$/);
  });

  it("finds a plan from the home page and its table of contents leads to a theme", async () => {
    await koers.keys.goto(koers.base);
    await koers.keys.getByRole("link", { name: "Uitvoeringsplan 2025-2026" }).click();
    await koers.keys.getByRole("navigation", { name: "Inhoud" }).getByRole("link", { name: /Versterken van de pedagogische basis/ }).click();
    const heading = koers.keys.getByRole("heading", { level: 2, name: /Versterken van de pedagogische basis in en om school/ });
    await expect(heading.isVisible()).resolves.toBe(true);
    expect(koers.keys.url()).toMatch(/#onderdeel-\d+$/);
  });

  it("prints without navigation", async () => {
    await koers.keys.goto(`${koers.base}/plannen/activiteitenplan-swvnk-2024`);
    await koers.keys.emulateMedia({ media: "print" });
    expect(await koers.keys.locator(".koers-header").isVisible()).toBe(false);
    expect(await koers.keys.locator(".koers-toc").isVisible()).toBe(false);
    expect(await koers.keys.getByRole("heading", { level: 1, name: "Activiteitenplan 2024" }).isVisible()).toBe(true);
    await koers.keys.emulateMedia({ media: "screen" });
  });
});
