import { describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { getPlan, type PlanItem } from "../../src/modules/plans/reading.ts";
import { axeViolations, hasChromium, koersForTests, tabUntil } from "../helpers/browser.ts";

const SLUG = "uitvoeringsplan-nk-2025-2026";

describe.skipIf(!hasChromium)("changing a plan's structure in a real browser", () => {
  const koers = koersForTests({ user: ["redacteur@alkmaar.nl", "alkmaar", "redacteur"] });

  const tabTo = (target: string | RegExp | { field: string }, options: { back?: boolean } = {}) => tabUntil(koers.keys, target, options);

  /** Presses a key on the focused select until the chosen option's value is `value`. */
  async function chooseWithArrows(value: string) {
    for (let i = 0; i < 200; i++) {
      if ((await koers.keys.locator(":focus").inputValue()) === value) return;
      await koers.keys.keyboard.press("ArrowDown");
    }
    throw new Error(`Optie ${value} niet bereikt`);
  }

  async function expectNoViolations(url: string) {
    await koers.checked.goto(url);
    expect(await axeViolations(koers.checked)).toEqual([]);
  }

  const at = (list: PlanItem[], ...codes: string[]): PlanItem => {
    const found = list.find((i) => i.code === codes[0])!;
    return codes.length > 1 ? at(found.children, ...codes.slice(1)) : found;
  };

  it("adds, moves, deletes and restores an item with the keyboard, every page without violations", { timeout: 180_000 }, async () => {
    const plan = await getPlan(koers.db, system, SLUG);
    const from = at(plan.items, "1", "1.2");
    const to = at(plan.items, "2", "2.1");

    // Add a step under ambition 1.2.
    await koers.keys.goto(`${koers.base}/plannen/${SLUG}`);
    await tabTo(/^Acties\s+voor 1\.2 /);
    await koers.keys.keyboard.press("Enter");
    await tabTo("Onderdeel toevoegen onder 1.2");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\/onderdelen\/nieuw\?onder=\d+$/);
    await expectNoViolations(koers.keys.url());
    await tabTo({ field: "code" });
    await koers.keys.keyboard.type("9");
    await koers.keys.keyboard.press("Tab");
    await koers.keys.keyboard.type("Ouderavond over aanwezigheid");
    await tabTo("Toevoegen");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\/onderdelen\/\d+\/bewerken\?toegevoegd=1$/);
    expect(await koers.keys.getByRole("status").first().textContent()).toContain("Het onderdeel is toegevoegd.");
    const id = Number(koers.keys.url().match(/onderdelen\/(\d+)\/bewerken/)![1]);
    expect(at((await getPlan(koers.db, system, SLUG)).items, "1", "1.2").children.at(-1)).toMatchObject({ id, code: "9", level: "stap" });

    // The add form with an error next to its field.
    await koers.checked.goto(`${koers.base}/plannen/${SLUG}/onderdelen/nieuw?onder=${from.id}`);
    await koers.checked.getByLabel("Titel").fill("   ");
    await koers.checked.getByRole("button", { name: "Toevoegen" }).click();
    expect(await koers.checked.getByText("Vul een titel in.").isVisible()).toBe(true);
    expect(await axeViolations(koers.checked)).toEqual([]);

    // Move it under ambition 2.1: the steps of 1.2 are listed below its row.
    await koers.keys.goto(`${koers.base}/plannen/${SLUG}`);
    await expectNoViolations(koers.keys.url());
    await tabTo("Onderdelen onder 1.2 beheren");
    await koers.keys.keyboard.press("Enter");
    await tabTo(/^Acties\s+voor 9 /);
    await koers.keys.keyboard.press("Enter");
    await tabTo("Verplaatsen 9");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\/verplaatsen$/);
    await expectNoViolations(koers.keys.url());
    await tabTo({ field: "onder" });
    await chooseWithArrows(String(to.id));
    await tabTo("Plaatsen onder dit onderdeel tonen");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\/verplaatsen\?onder=\d+$/);
    await expectNoViolations(koers.keys.url());
    await tabTo({ field: "na" });
    expect(await koers.keys.locator(":focus").inputValue()).toBe(String(to.children.at(-1)!.id));
    await tabTo("Verplaatsen");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\?verplaatst=\d+#onderdeel-\d+$/);
    expect(await koers.keys.getByRole("status").textContent()).toMatch(/Verplaatst:\s*9 Ouderavond over aanwezigheid/);
    await expectNoViolations(koers.keys.url());
    expect(at((await getPlan(koers.db, system, SLUG)).items, "2", "2.1").children.at(-1)!.id).toBe(id);

    // Delete it, after confirming.
    await tabTo("Onderdelen onder 2.1 beheren");
    await koers.keys.keyboard.press("Enter");
    await tabTo(/^Acties\s+voor 9 /);
    await koers.keys.keyboard.press("Enter");
    await tabTo("Verwijderen 9");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\/verwijderen$/);
    await expectNoViolations(koers.keys.url());
    await tabTo("Ja, naar de prullenbak");
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\?verwijderd=1&onderdeel=\d+#onderdeel-\d+$/);
    expect(await koers.keys.getByRole("status").textContent()).toContain("Het onderdeel staat nu in de prullenbak");
    expect(await koers.keys.getByText("Ouderavond over aanwezigheid").count()).toBe(0);

    // Restore it from the bin.
    await tabTo("Naar de prullenbak", { back: true });
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\/prullenbak$/);
    await expectNoViolations(koers.keys.url());
    await tabTo(/^Terugzetten\s+9 Ouderavond over aanwezigheid$/);
    await koers.keys.keyboard.press("Enter");
    await koers.keys.waitForURL(/\?teruggezet=\d+#onderdeel-\d+$/);
    expect(await koers.keys.getByRole("status").textContent()).toMatch(/Teruggezet uit de prullenbak:\s*9 Ouderavond over aanwezigheid/);
    expect(at((await getPlan(koers.db, system, SLUG)).items, "2", "2.1").children.at(-1)!.id).toBe(id);
    await expectNoViolations(`${koers.base}/plannen/${SLUG}/prullenbak`);
  });

  it("hides the editing links in print", async () => {
    await koers.keys.goto(`${koers.base}/plannen/${SLUG}`);
    await koers.keys.emulateMedia({ media: "print" });
    expect(await koers.keys.getByRole("link", { name: "Prullenbak" }).isVisible()).toBe(false);
    expect(await koers.keys.getByText(/^Acties\s+voor 1\.2 /).isVisible()).toBe(false);
    await koers.keys.emulateMedia({ media: "screen" });
    await koers.keys.getByText(/^Acties\s+voor 1\.2 /).click();
    expect(await koers.keys.getByRole("link", { name: "Verplaatsen 1.2" }).isVisible()).toBe(true);
  });
});
