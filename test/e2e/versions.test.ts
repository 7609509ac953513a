import { describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { takeSnapshot } from "../../src/modules/plans/snapshots.ts";
import { listSnapshots } from "../../src/modules/versions/service.ts";
import { axeViolations, hasChromium, koersForTests, tabUntil } from "../helpers/browser.ts";

const SLUG = "activiteitenplan-swvnk-2024";

describe.skipIf(!hasChromium)("comparing versions of a plan in a real browser", () => {
  const koers = koersForTests({ user: ["redacteur@swvnk.nl", "swvnk", "redacteur"] });

  const tabTo = (target: string | { field: string }) => tabUntil(koers.keys, target);

  /** Presses an arrow key on the focused select until the chosen option's value is `value`. */
  async function choose(value: string, key: "ArrowUp" | "ArrowDown") {
    for (let i = 0; i < 20; i++) {
      if ((await koers.keys.locator(":focus").inputValue()) === value) return;
      await koers.keys.keyboard.press(key);
    }
    throw new Error(`Optie ${value} niet bereikt`);
  }

  it("compares the adopted version with today, chosen with the keyboard alone, both pages without violations", async () => {
    const plan = await getPlan(koers.db, system, SLUG);
    const item = plan.items[0]!.children[0]!.children[0]!;
    const [adopted] = (await listSnapshots(koers.db, system, SLUG)).versions;
    expect(adopted!.label).toBe("Vastgesteld door Vaststelling op 20 december 2023");

    // Change the item through its edit form.
    await koers.keys.goto(`${koers.base}/plannen/${SLUG}/onderdelen/${item.id}/bewerken`);
    await tabTo({ field: "title" });
    await koers.keys.keyboard.press("End");
    await koers.keys.keyboard.type(" voor iedereen");
    await tabTo("Opslaan");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/opgeslagen=/);

    // A later version is the form's first choice, so the adopted one has to be chosen.
    await takeSnapshot(koers.db, system, SLUG, "Tussenversie");

    await koers.keys.goto(`${koers.base}/plannen/${SLUG}/versies`);
    await tabTo({ field: "van" });
    await choose(String(adopted!.id), "ArrowUp");
    await tabTo({ field: "met" });
    await choose("vandaag", "ArrowDown");
    await tabTo("Vergelijken");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(`${koers.base}/plannen/${SLUG}/versies/vergelijk?van=${adopted!.id}&met=vandaag`);

    expect(await koers.keys.getByRole("heading", { level: 1 }).textContent()).toBe("Versies vergelijken");
    const block = koers.keys.locator(`#wijziging-${item.id}`);
    expect((await block.textContent())?.replace(/\s+/g, " ")).toMatch(/Jeugd- en oudersteunpunt \(JONK\) voor iedereen Gewijzigd/);
    const added = koers.keys.locator(`section[aria-labelledby="wijziging-${item.id}"] ins`);
    expect(await added.count()).toBe(1);
    expect(await added.isVisible()).toBe(true);
    // Sighted readers see the mark; screen readers hear what it means.
    expect((await added.textContent())?.replace(/\s+/g, " ").trim()).toBe("toegevoegd: voor iedereen");
    expect((await added.locator(".visually-hidden").boundingBox())!.width).toBeLessThanOrEqual(1);

    for (const path of [`/plannen/${SLUG}/versies`, `/plannen/${SLUG}/versies/vergelijk?van=${adopted!.id}&met=vandaag`]) {
      await koers.checked.goto(koers.base + path);
      expect(await axeViolations(koers.checked), path).toEqual([]);
    }
  });
});
