import { beforeAll, describe, expect, it } from "vitest";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { makeUser } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const SLUG = "activiteitenplan-swvnk-2024";

describe.skipIf(!hasChromium)("editing in a real browser", () => {
  const koers = koersForTests({
    tabs: false,
    setUp: async ({ db }) => {
      for (const email of ["redacteur@swvnk.nl", "collega@swvnk.nl"]) await makeUser(db, email, { roles: [["swvnk", "redacteur"]] });
    },
  });
  let editPath: string;

  beforeAll(async () => {
    const item = (await getPlan(koers.db, system, SLUG)).items[0]!.children[0]!.children[0]!;
    editPath = `/plannen/${SLUG}/onderdelen/${item.id}/bewerken`;
  });

  it("edits an item with the keyboard alone, without JavaScript", async () => {
    const page = await koers.signedIn("redacteur@swvnk.nl", false);
    await page.goto(`${koers.base}/plannen/${SLUG}`);
    // Each item's edit links sit in its "Acties" menu: open the first one with the keyboard.
    await page.locator("details.koers-actions > summary").first().focus();
    await page.keyboard.press("Enter");
    const link = page.getByRole("link", { name: /^Bewerken/ }).first();
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/bewerken$/);
    await page.getByLabel("Titel").focus();
    await page.keyboard.press("End");
    await page.keyboard.type(" (bijgewerkt)");
    await page.getByRole("button", { name: "Opslaan" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/opgeslagen=/);
    expect(await page.getByRole("status").textContent()).toMatch(/Opgeslagen:.*\(bijgewerkt\)/);
  });

  it("the edit form, its errors and the conflict page have no WCAG 2.1 AA violations", async () => {
    const mine = await koers.signedIn("redacteur@swvnk.nl");
    const theirs = await koers.signedIn("collega@swvnk.nl");
    await mine.goto(koers.base + editPath);
    expect(await axeViolations(mine)).toEqual([]);
    await theirs.goto(koers.base + editPath);

    // Spaces pass the browser's own required check; the server trims them and refuses.
    await mine.getByLabel("Titel").fill("   ");
    await mine.getByRole("button", { name: "Opslaan" }).click();
    expect(await mine.getByText("Vul een titel in.").isVisible()).toBe(true);
    expect(await axeViolations(mine)).toEqual([]);

    await mine.getByLabel("Titel").fill("Mijn titel");
    await mine.getByRole("button", { name: "Opslaan" }).click();
    await mine.waitForURL(/opgeslagen=/);

    await theirs.getByLabel("Titel").fill("Hun titel");
    await theirs.getByRole("button", { name: "Opslaan" }).click();
    expect(await theirs.getByText("redacteur@swvnk.nl heeft dit onderdeel op").isVisible()).toBe(true);
    expect(await theirs.getByText("allebei gewijzigd").isVisible()).toBe(true);
    expect(await axeViolations(theirs)).toEqual([]);
  });

  it("links an item to another by searching as you type, with the keyboard alone", async () => {
    const page = await koers.signedIn("redacteur@swvnk.nl");
    await page.goto(koers.base + editPath);
    await page.getByLabel("Zoek een onderdeel").focus();
    await page.keyboard.press("Enter"); // an empty search: the link page, without results yet
    await page.waitForURL(/\/verwijzen/);
    expect(await axeViolations(page)).toEqual([]);

    // htmx fetches results while typing; no submit needed.
    await page.getByLabel("Zoek een onderdeel").focus();
    await page.keyboard.type("thuiszitters");
    await page.getByText(/onderdelen? gevonden/).waitFor();
    expect(page.url()).toContain("q=thuiszitters");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("radio").first().focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Soort verwijzing").focus();
    await page.keyboard.press("Home"); // the first kind: cross-over
    await page.getByRole("button", { name: "Verwijzing toevoegen" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/opgeslagen=/);
    expect(await page.getByText("Verwijst naar").first().isVisible()).toBe(true);
  });

  it("edits the plan itself and records an adoption, with no WCAG 2.1 AA violations", async () => {
    const page = await koers.signedIn("redacteur@swvnk.nl");
    await page.goto(`${koers.base}/plannen/${SLUG}/bewerken`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Einde", { exact: true }).fill("2023-01-01");
    await page.getByRole("button", { name: "Opslaan" }).click();
    expect(await page.getByText("Het einde ligt voor het begin.").isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Einde", { exact: true }).fill("2024-12-31");
    const last = (await page.getByLabel(/^Orgaan van besluit/).count()) - 1;
    await page.getByLabel(`Orgaan van besluit ${last + 1}`).fill("ALV");
    await page.getByLabel(`Uitkomst van besluit ${last + 1}`).fill("vastgesteld");
    await page.getByLabel(`Besluit ${last + 1} stelt het plan vast`).check();
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.waitForURL(/plan-opgeslagen=1&versie=1/);
    expect(await page.getByRole("status").first().textContent()).toContain("Koers heeft de vastgestelde versie bewaard");
    expect(await axeViolations(page)).toEqual([]);
    const plan = await getPlan(koers.db, system, SLUG);
    expect(plan.approvals.at(-1)).toMatchObject({ body: "ALV", outcome: "vastgesteld", adopts: true });
  });
});
