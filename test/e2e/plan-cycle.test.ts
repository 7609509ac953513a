/**
 * The plan cycle in a real browser, without JavaScript: a redacteur of PPO Noord-Kennemerland
 * starts a new plan from a template on the home page's link and finds it among the plans; then
 * makes next year's plan from the Jaarplan 2023 through the link on its page, leaving out what is
 * finished, opens the copy, follows "Overgenomen uit" back to the origin, and the Jaarplan 2023
 * is as it was. The new-plan form and the copy form, also with their problems shown, have no
 * WCAG violations and no sideways scrolling.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { configureCycle, saveUpdate } from "../../src/modules/monitoring/updates.ts";
import { getPlan, type PlanDetail, type PlanItem } from "../../src/modules/plans/reading.ts";
import { snapshotOf } from "../../src/modules/plans/snapshot.ts";
import { snapshotsOf } from "../../src/modules/plans/snapshots.ts";
import { hasChromium, koersForTests, mainText, reflowAndAxeProblems } from "../helpers/browser.ts";

const SOURCE = "jaarplan-ppo-nk-2023";
const TEMPLATE = "activiteitenplan-swvnk-2024";
const all = (list: readonly PlanItem[]): PlanItem[] => list.flatMap((i) => [i, ...all(i.children)]);
/** All a plan holds, to tell that it did not change: what a version keeps, and its items' ids and versions. */
const fingerprint = (plan: PlanDetail) => ({
  snapshot: snapshotOf(plan),
  version: plan.version,
  status: plan.status,
  published: plan.published,
  items: all(plan.items).map((i) => ({ id: i.id, version: i.version, origin: i.origin })),
});

describe.skipIf(!hasChromium)("a new plan and next year's plan in a real browser", () => {
  /** The two actions of the Jaarplan 2023 whose latest progress says they are done. */
  const finished: number[] = [];
  let before: ReturnType<typeof fingerprint>;
  let versionsBefore: number;
  const koers = koersForTests({
    user: ["redacteur@ppo-nk.nl", "ppo-nk", "redacteur"],
    setUp: async ({ db }) => {
      const plan = await getPlan(db, system, SOURCE);
      // Two of the four actions under the second focus area; the other two keep it open.
      const [first, second] = plan.items[1]!.children[0]!.children;
      const { periods } = await configureCycle(db, system, SOURCE, "halfjaar");
      await saveUpdate(db, system, SOURCE, first!.id, periods[0]!.id, { status: "afgerond", results: "Klaar." });
      await saveUpdate(db, system, SOURCE, second!.id, periods[0]!.id, { status: "vervallen" });
      finished.push(first!.id, second!.id);
      const now = await getPlan(db, system, SOURCE);
      before = fingerprint(now);
      versionsBefore = (await snapshotsOf(db, now.id)).length;
    },
  });


  const checkPage = async (page: Page, what: string) => expect(await reflowAndAxeProblems(page, what)).toEqual([]);

  it("makes a new plan from a template and finds it among the plans, without JavaScript", async () => {
    const page = koers.keys;
    page.setDefaultTimeout(15_000);
    await page.goto(koers.base);
    await page.getByRole("link", { name: "Nieuw plan", exact: true }).click();
    await page.waitForURL(`${koers.base}/plannen/nieuw`);
    await page.getByRole("radio", { name: /^Zoals Activiteitenplan 2024\./ }).check();
    await page.getByLabel("Titel", { exact: true }).fill("Jaarplan PPO 2027");
    await page.getByLabel("Soort plan").selectOption("jaarplan");
    // The redacteur edits for one organisation: it is chosen already.
    expect(await page.getByRole("checkbox", { name: "Samenwerkingsverband Passend Primair Onderwijs Noord-Kennemerland" }).isChecked()).toBe(true);
    await page.getByLabel("Naam van de periode").fill("2027");
    await page.getByLabel("Begin", { exact: true }).fill("2027-01-01");
    await page.getByLabel("Einde", { exact: true }).fill("2027-12-31");
    await page.getByRole("button", { name: "Plan maken" }).click();
    await page.waitForURL(`${koers.base}/plannen/jaarplan-ppo-2027?nieuw=1`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Jaarplan PPO 2027");

    const plan = await getPlan(koers.db, system, "jaarplan-ppo-2027");
    const template = await getPlan(koers.db, system, TEMPLATE);
    expect(plan).toMatchObject({ title: "Jaarplan PPO 2027", kind: "jaarplan", status: "concept", published: false, items: [], copiedFrom: null });
    expect(plan.owners.map((o) => o.slug)).toEqual(["ppo-nk"]);
    expect(plan.levels).toEqual(template.levels);
    expect(plan.layout).toEqual(template.layout);

    // The redacteur sees it among the plans; a visitor does not (a concept is not public).
    await page.goto(koers.base);
    await page.getByRole("link", { name: "Jaarplan PPO 2027" }).click();
    await page.waitForURL(`${koers.base}/plannen/jaarplan-ppo-2027`);
    const visitor = await (await koers.browser.newContext({ javaScriptEnabled: false })).newPage();
    await visitor.goto(koers.base);
    expect(await visitor.getByRole("link", { name: "Jaarplan PPO 2027" }).count()).toBe(0);
    await visitor.context().close();
  });

  it("copies the Jaarplan 2023 to 2024 without what is finished, links the copy to its origin, and leaves the Jaarplan 2023 as it was", async () => {
    const page = koers.keys;
    page.setDefaultTimeout(15_000);
    await page.goto(`${koers.base}/plannen/${SOURCE}`);
    await page.getByRole("link", { name: "Plan voor een nieuwe periode" }).click();
    await page.waitForURL(`${koers.base}/plannen/${SOURCE}/kopieren`);
    // Koers proposes next year's title, short name and period.
    expect(await page.getByLabel("Titel van het nieuwe plan").inputValue()).toBe("Jaarplan 2024");
    expect(await page.getByLabel("Korte naam in het adres").inputValue()).toBe("jaarplan-2024");
    expect(await page.getByLabel("Naam van de periode").inputValue()).toBe("2024");
    expect(await page.getByLabel("Begin", { exact: true }).inputValue()).toBe("2024-01-01");
    expect(await page.getByLabel("Einde", { exact: true }).inputValue()).toBe("2024-12-31");
    expect(await mainText(page)).toContain("Nu af: 2 onderdelen.");
    await page.getByRole("radio", { name: "Alle onderdelen" }).check();
    await page.getByRole("radio", { name: "Alleen de onderdelen die nog niet af zijn" }).check();
    await page.getByRole("button", { name: "Nieuw plan maken" }).click();
    await page.waitForURL(`${koers.base}/plannen/jaarplan-2024?gekopieerd=1`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Jaarplan 2024");

    // What came along: every item but the two finished ones, each linked to its origin; no progress.
    const old = await getPlan(koers.db, system, SOURCE);
    const copy = await getPlan(koers.db, system, "jaarplan-2024");
    expect(copy).toMatchObject({ status: "concept", published: false, copiedFrom: { slug: SOURCE, title: "Jaarplan 2023" } });
    expect(copy.period).toEqual({ label: "2024", start: "2024-01-01", end: "2024-12-31" });
    const expected = all(old.items).filter((i) => !finished.includes(i.id));
    expect(all(copy.items).map((i) => i.origin?.id)).toEqual(expected.map((i) => i.id));
    expect(all(copy.items).map((i) => i.title)).toEqual(expected.map((i) => i.title));
    expect(await snapshotsOf(koers.db, copy.id)).toEqual([]);
    const text = await mainText(page);
    for (const id of finished) expect(text).not.toContain(all(old.items).find((i) => i.id === id)!.title);
    const firstItem = expected[0]!;
    expect(await page.locator(`a[href="/plannen/${SOURCE}?onderdeel=${firstItem.id}#onderdeel-${firstItem.id}"]`).count()).toBe(1);

    // "Overgenomen uit" leads to the Jaarplan 2023, which is as it was.
    const origin = page.locator("dt", { hasText: "Overgenomen uit" }).locator("xpath=following-sibling::dd[1]").getByRole("link");
    expect(await origin.textContent()).toBe("Jaarplan 2023");
    await origin.click();
    await page.waitForURL(`${koers.base}/plannen/${SOURCE}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Jaarplan 2023");
    expect(await mainText(page)).not.toContain("Overgenomen uit");
    expect(fingerprint(old)).toEqual(before);
    expect(await snapshotsOf(koers.db, old.id)).toHaveLength(versionsBefore);
  });

  it("has no WCAG violations and no sideways scrolling: the new-plan form and the copy form, blank and with their problems", async () => {
    const page = koers.checked;
    page.setDefaultTimeout(15_000);
    await page.goto(`${koers.base}/plannen/nieuw`);
    await checkPage(page, "the new-plan form");
    await page.getByLabel("Titel", { exact: true }).fill("Plan met een fout");
    await page.getByLabel("Soort plan").selectOption("jaarplan");
    await page.getByLabel("Naam van de periode").fill("2028");
    await page.getByLabel("Begin", { exact: true }).fill("2028-12-31");
    await page.getByLabel("Einde", { exact: true }).fill("2028-01-01");
    await page.getByRole("button", { name: "Plan maken" }).click();
    await page.getByText("Het plan is niet gemaakt.").waitFor();
    expect(await mainText(page)).toContain("Einde van de periode: het einde ligt voor het begin.");
    await checkPage(page, "the new-plan form with a problem");

    await page.goto(`${koers.base}/plannen/${SOURCE}/kopieren`);
    await checkPage(page, "the copy form");
    await page.getByLabel("Korte naam in het adres").fill(SOURCE);
    await page.getByRole("button", { name: "Nieuw plan maken" }).click();
    await page.getByText("Het plan is niet gekopieerd.").waitFor();
    expect(await mainText(page)).toContain(`Korte naam: er is al een plan met de korte naam '${SOURCE}'; kies een andere.`);
    await checkPage(page, "the copy form with a problem");
  });
});
