import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startServer } from "../../src/main.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { makeUser } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, signedInPage, startKoersWithBrowser } from "../helpers/browser.ts";

const SLUG = "activiteitenplan-swvnk-2024";

describe.skipIf(!hasChromium)("editing in a real browser", () => {
  let koers: Awaited<ReturnType<typeof startKoersWithBrowser>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let base: string;
  let editPath: string;

  beforeAll(async () => {
    koers = await startKoersWithBrowser();
    ({ server, browser, base } = koers);
    await makeUser(server.database.db, "redacteur@swvnk.nl", { roles: [["swvnk", "redacteur"]] });
    await makeUser(server.database.db, "collega@swvnk.nl", { roles: [["swvnk", "redacteur"]] });
    const plan = await getPlan(server.database.db, system, SLUG);
    const item = plan.items[0]!.children[0]!.children[0]!;
    editPath = `/plannen/${SLUG}/onderdelen/${item.id}/bewerken`;
  });
  afterAll(() => koers?.close());

  const signedIn = (email: string, javaScriptEnabled = true): Promise<Page> => signedInPage(browser, base, email, javaScriptEnabled);

  it("edits an item with the keyboard alone, without JavaScript", async () => {
    const page = await signedIn("redacteur@swvnk.nl", false);
    await page.goto(`${base}/plannen/${SLUG}`);
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
    const mine = await signedIn("redacteur@swvnk.nl");
    const theirs = await signedIn("collega@swvnk.nl");
    await mine.goto(base + editPath);
    expect(await axeViolations(mine)).toEqual([]);
    await theirs.goto(base + editPath);

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
    const page = await signedIn("redacteur@swvnk.nl");
    await page.goto(base + editPath);
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
    const page = await signedIn("redacteur@swvnk.nl");
    await page.goto(`${base}/plannen/${SLUG}/bewerken`);
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
    const plan = await getPlan(server.database.db, system, SLUG);
    expect(plan.approvals.at(-1)).toMatchObject({ body: "ALV", outcome: "vastgesteld", adopts: true });
  });
});
