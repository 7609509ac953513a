/**
 * Reading a plan from Word in a real browser, without JavaScript: choose the document and the
 * owner, see the document next to the proposal, correct one mapping (a column not taken over),
 * and import; the form and the preview without WCAG violations and without sideways scrolling
 * at 320, 768 and 1280 px.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { system } from "../../src/modules/access/viewer.ts";
import { planSchema } from "../../src/modules/plans/format.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";
import { sourceLayouts, writeWordPlan } from "../helpers/word-plans.ts";

const PATH = "/plannen/inlezen-word";
const SOURCE = "jaarplan-ppo-nk-2023";

describe.skipIf(!hasChromium)("reading a plan from Word in a real browser", () => {
  const koers = koersForTests({ user: ["redacteur@ppo-nk.nl", "ppo-nk", "redacteur"] });

  async function document() {
    const plan = planSchema.parse(parse(readFileSync(new URL(`../../data/plans/${SOURCE}.yaml`, import.meta.url), "utf8")));
    return { name: "jaarplan.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from(await writeWordPlan(plan, sourceLayouts[SOURCE])) };
  }

  /** No WCAG violations at 320 px, and no sideways scrolling at 320, 768 and 1280 px. */
  async function checkPage(page: Page, what: string) {
    for (const width of [1280, 768, 320]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await page.evaluate<number>("document.documentElement.scrollWidth"), `${what} at ${width} px`).toBe(width);
    }
    expect(await axeViolations(page), what).toEqual([]);
  }

  const upload = async (page: Page) => {
    await page.goto(koers.base + PATH);
    await page.getByLabel("Word-bestand (.docx)").setInputFiles(await document());
    await page.getByLabel("Samenwerkingsverband Passend Primair Onderwijs Noord-Kennemerland").check();
    await page.getByLabel("Korte naam (in de adresbalk)").fill("jaarplan-uit-word");
    await page.getByRole("button", { name: "Bekijken" }).click();
    await page.getByRole("heading", { level: 1, name: "Plan inlezen uit Word: controleren" }).waitFor();
  };

  it("uploads a Word document, corrects one mapping and imports the plan, without JavaScript", async () => {
    const page = koers.keys;
    await upload(page);
    expect(await page.getByRole("heading", { name: "Voorstel: Jaarplan 2023" }).isVisible()).toBe(true);
    const counts = page.locator("#voorstel-kop + p");
    expect(await counts.innerText()).toContain("28 onderdelen");
    // The Budget column is not to be taken over.
    await page.getByLabel("'Budget (Begrotingsonderdeel)' is").selectOption("ignore");
    await page.getByRole("button", { name: "Opnieuw bekijken" }).click();
    await page.getByRole("heading", { level: 1, name: "Plan inlezen uit Word: controleren" }).waitFor();
    expect(await counts.innerText()).toContain("0 budgetregels");
    await page.getByRole("button", { name: /^Plan inlezen \(28 onderdelen\)$/ }).click();
    await page.waitForURL(`${koers.base}/plannen/jaarplan-uit-word?ingelezen=word`);
    const plan = await getPlan(koers.db, system, "jaarplan-uit-word");
    expect(plan.status).toBe("concept");
    expect(plan.published).toBe(false);
    const action = plan.items[0]!.children[0]!.children[0]!;
    expect(action.budget).toBeNull();
    expect(action.when).toBe("2023");
  });

  it("has no WCAG violations and no sideways scrolling: the form and the preview", async () => {
    const page = koers.checked;
    await page.goto(koers.base + PATH);
    await checkPage(page, "the form");
    await upload(page);
    await checkPage(page, "the preview");
  });
});
