import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addUser } from "../../src/modules/accounts/service.ts";
import { listGlossary } from "../../src/modules/glossary/service.ts";
import { commandLine } from "../../src/modules/access/viewer.ts";
import { makeUser, PASSWORD } from "../helpers/accounts.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

describe.skipIf(!hasChromium)("account pages in a real browser", () => {
  let invite: string;
  let termId: number;
  const koers = koersForTests({
    tabs: false,
    setUp: async ({ db }) => {
      await makeUser(db, "beheer@koers.nl", { admin: true, roles: [["swvnk", "redacteur"]] });
      invite = (await addUser(db, commandLine, { email: "nieuw@swvnk.nl" })).inviteToken;
      termId = (await listGlossary(db)).find((t) => t.term === "OOGO")!.id;
    },
  });

  async function signIn(page: Page) {
    await page.goto(`${koers.base}/inloggen`);
    await page.getByLabel("E-mailadres").fill("beheer@koers.nl");
    await page.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Inloggen" }).click();
  }

  it("signs in with the keyboard alone, without JavaScript", async () => {
    const page = await (await koers.browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${koers.base}/inloggen`);
    await page.getByLabel("E-mailadres").focus();
    await page.keyboard.type("beheer@koers.nl");
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${koers.base}/`);
    expect(await page.getByRole("link", { name: "Beheer", exact: true }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Uitloggen" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "Inloggen" }).waitFor();
    expect(await page.getByRole("button", { name: "Uitloggen" }).count()).toBe(0);
  });

  it("shows a wrong password as an error next to the form", async () => {
    const page = await (await koers.browser.newContext()).newPage();
    await page.goto(`${koers.base}/inloggen`);
    await page.getByLabel("E-mailadres").fill("beheer@koers.nl");
    await page.getByLabel("Wachtwoord", { exact: true }).fill("fout");
    await page.getByRole("button", { name: "Inloggen" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Deze combinatie van e-mailadres en wachtwoord kennen we niet");
    expect(await axeViolations(page)).toEqual([]);
  });

  const signedOut: [string, () => string][] = [
    ["Inloggen", () => "/inloggen"],
    ["Wachtwoord vergeten", () => "/wachtwoord-vergeten"],
    ["Wachtwoord instellen", () => `/wachtwoord-instellen?token=${invite}`],
    ["Wachtwoord instellen (verlopen link)", () => "/wachtwoord-instellen?token=onzin"],
  ];
  it.each(signedOut)("%s has no WCAG 2.1 AA violations", async (_, path) => {
    const page = await (await koers.browser.newContext()).newPage();
    await page.goto(koers.base + path());
    expect(await axeViolations(page)).toEqual([]);
  });

  const signedIn = [
    "/account",
    "/beheer",
    "/beheer/gebruikers",
    "/beheer/outbox",
    "/beheer/wijzigingen",
    "/plannen/activiteitenplan-swvnk-2024/wijzigingen",
    "/plannen/activiteitenplan-swvnk-2024",
    "/begrippen",
    "/begrippen/TERM/bewerken",
  ];
  it.each(signedIn)("%s (signed in) has no WCAG 2.1 AA violations", async (pattern) => {
    const path = pattern.replace("TERM", String(termId));
    const page = await (await koers.browser.newContext()).newPage();
    await signIn(page);
    await page.goto(koers.base + path);
    expect(page.url()).toBe(koers.base + path);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("creates an API token on the account page and shows it once", async () => {
    const page = await (await koers.browser.newContext()).newPage();
    await signIn(page);
    await page.goto(`${koers.base}/account`);
    await page.getByLabel("Naam van de nieuwe sleutel").fill("dashboard regiegroep");
    await page.getByRole("button", { name: "Sleutel maken" }).click();
    const secret = await page.locator(".koers-secret").textContent();
    expect(secret).toMatch(/^koers_/);
    expect(await axeViolations(page)).toEqual([]);
    const res = await fetch(`${koers.base}/api/v1/plans`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    await page.goto(`${koers.base}/account`);
    expect(await page.locator(".koers-secret").count()).toBe(0);
  });
});
