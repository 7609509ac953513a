/**
 * Browser tests drive Debian's Chromium with playwright-core. Where Chromium is
 * missing they are skipped locally, with a message; in CI they fail instead.
 */
import { existsSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { MemberRole } from "../../src/modules/access/viewer.ts";
import { makeUser, PASSWORD } from "./accounts.ts";
import { preparedDumpFile } from "./databases.ts";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

if (!hasChromium) {
  if (process.env.CI) throw new Error(`Chromium ontbreekt (${chromiumPath}); CI moet het installeren.`);
  console.warn(`Browsertests overgeslagen: Chromium niet gevonden op ${chromiumPath} (apt-get install chromium).`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** WCAG 2.1 A and AA rules of axe-core; returns the violations, each with its rule and elements. */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => ({ rule: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
}

/** Koers on a free port with a data folder of its own (the source plans loaded), and a browser to visit it. */
export async function startKoersWithBrowser() {
  const { mkdirSync, mkdtempSync, rmSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { loadConfig } = await import("../../src/config.ts");
  const { startServer } = await import("../../src/main.ts");
  const dir = mkdtempSync(join(tmpdir(), "koers-e2e-"));
  // The embedded database starts as the copy the global setup migrated and seeded once per run,
  // so the server skips both (they cost more than a browser test's own work).
  mkdirSync(join(dir, "db"));
  // (PGlite writes the members with a leading "/"; tar strips it and says so, which is not news.)
  execFileSync("tar", ["-xf", preparedDumpFile("seeded"), "-C", join(dir, "db")], { stdio: ["ignore", "ignore", "pipe"] });
  const server = await startServer(loadConfig({ KOERS_DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000", KOERS_JOBS: "off" }));
  const browser = await launchBrowser();
  return {
    server,
    browser,
    base: `http://127.0.0.1:${server.port}`,
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new tab signed in as this user (with the test password), with or without JavaScript, on the home page. */
export async function signedInPage(browser: Browser, base: string, email: string, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await page.goto(`${base}/inloggen`);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

export type KoersWithBrowser = Awaited<ReturnType<typeof startKoersWithBrowser>>;

export interface KoersForTests extends KoersWithBrowser {
  db: KoersWithBrowser["server"]["database"]["db"];
  /** A tab without JavaScript, as the flows must work; signed in as `user` where there is one. */
  keys: Page;
  /** A tab with JavaScript, which axe needs to run in; signed in as `user` where there is one. */
  checked: Page;
  /** A new tab signed in as this user, as `signedInPage`. */
  signedIn(email: string, javaScriptEnabled?: boolean): Promise<Page>;
}

/**
 * Koers with a browser for the tests of one describe block: started before them, stopped after
 * them. `setUp` runs first (plans, other users), then `user` is added and signed in in both tabs
 * (unless `tabs: false`: then there are none).
 * The fields are filled in by the time the block's tests and later hooks run, not before.
 */
export function koersForTests(
  options: { user?: [email: string, organisation: string, role: MemberRole]; tabs?: boolean; setUp?: (koers: KoersForTests) => Promise<void> } = {},
): KoersForTests {
  const koers = {} as KoersForTests;
  beforeAll(async () => {
    const started = await startKoersWithBrowser();
    Object.assign(koers, started, {
      db: started.server.database.db,
      signedIn: (email: string, javaScriptEnabled = true) => signedInPage(started.browser, started.base, email, javaScriptEnabled),
    });
    await options.setUp?.(koers);
    const { user } = options;
    if (user) await makeUser(koers.db, user[0], { roles: [[user[1], user[2]]] });
    if (options.tabs === false) return;
    const tab = (javaScriptEnabled: boolean) =>
      user ? koers.signedIn(user[0], javaScriptEnabled) : koers.browser.newContext({ javaScriptEnabled }).then((context) => context.newPage());
    koers.keys = await tab(false);
    koers.checked = await tab(true);
  });
  afterAll(() => koers.close?.());
  return koers;
}

/**
 * Presses Tab (or Shift+Tab) until the focus is on the element with this text (white space
 * folded), text matching this pattern, or the form field of this name; fails when it never is.
 */
export async function tabUntil(page: Page, target: string | RegExp | { field: string }, options: { back?: boolean; limit?: number } = {}) {
  for (let i = 0; i < (options.limit ?? 400); i++) {
    await page.keyboard.press(options.back ? "Shift+Tab" : "Tab");
    const focused = page.locator(":focus");
    if (typeof target === "object" && "field" in target) {
      if ((await focused.getAttribute("name")) === target.field) return;
      continue;
    }
    const text = ((await focused.textContent()) ?? "").replace(/\s+/g, " ").trim();
    if (typeof target === "string" ? text === target : target.test(text)) return;
  }
  throw new Error(`Met Tab niet bereikt: ${String(typeof target === "object" && "field" in target ? target.field : target)}`);
}

/** A page's text as read: the main region with white space folded. */
export async function mainText(page: Page): Promise<string> {
  return ((await page.locator("main").textContent()) ?? "").replace(/\s+/g, " ");
}

/** No sideways scrolling at 1280, 768 and 320 px, and no WCAG violations (at 320 px). Returns what failed. */
export async function reflowAndAxeProblems(page: Page, what: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of [1280, 768, 320]) {
    await page.setViewportSize({ width, height: 800 });
    const scrollWidth = await page.evaluate<number>("document.documentElement.scrollWidth");
    if (scrollWidth !== width) problems.push(`${what} is ${scrollWidth} px wide at ${width} px`);
  }
  return [...problems, ...(await axeViolations(page)).map((v) => `${what}: ${JSON.stringify(v)}`)];
}
