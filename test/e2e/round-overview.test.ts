import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionViewer } from "../../src/modules/accounts/service.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { saveIndicator } from "../../src/modules/figures/indicators.ts";
import { saveMeasurements } from "../../src/modules/figures/service.ts";
import { configureCycle, saveUpdate } from "../../src/modules/monitoring/updates.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { openRound } from "../../src/modules/rounds/service.ts";
import { makeUser } from "../helpers/accounts.ts";
import { importPlans, planYaml, themeItems } from "../helpers/plans.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const SLUG = "werkplan-overzicht";
const COORDINATOR = "redacteur@swvnk.nl";
const PARTY = "redacteur@vonk.nl";
/** A word longer than a phone is wide, as Dutch compounds can be. */
const LONG_WORD = "samenwerkingsverbandondersteuningsvoorzieningentoewijzingsbeschikkingen";

// Owned by SWV NK; Vonk is a party to 1.2 and 2.1.
const vonk = "[{ role: programmamanager mbo Vonk, organisations: [vonk] }]";
const plan = planYaml(
  { slug: SLUG, title: "Werkplan overzicht", status: "vastgesteld", published: true, period: "2026", levels: ["thema", "actie"] },
  themeItems([
    {
      code: "1",
      title: "Thuiszitters",
      actions: [
        ["1.1", "Verzuimaanpak vastleggen", "2026"],
        ["1.2", "Stageplekken voor thuiszitters", "2026", vonk],
      ],
    },
    { code: "2", title: "Overstap", actions: [["2.1", "Overstap naar het mbo", "december 2026", vonk]] },
  ]),
);

/** How wide the page is against the window (run in the page). */
const PAGE_WIDTH = `({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })`;

describe.skipIf(!hasChromium)("the overview of a round in a real browser", () => {
  let path = "";
  let roundPath = "";
  const koers = koersForTests({
    user: [PARTY, "vonk", "redacteur"],
    setUp: async ({ server, db }) => {
      await importPlans(server.database, plan);
      const { session } = await makeUser(db, COORDINATOR, { roles: [["swvnk", "redacteur"]] });
      const owner = (await sessionViewer(db, session))!;
      const period = Object.fromEntries((await configureCycle(db, owner, SLUG, "trimester")).periods.map((p) => [p.label, p.id]));
      const round = await openRound(db, owner, SLUG, { periodId: period["T2 2026"]!, deadline: "2026-08-31", message: "" });
      roundPath = `/plannen/${SLUG}/rondes/${round.id}`;
      path = `${roundPath}/overzicht`;
      const ids: Record<string, number> = {};
      for (const theme of (await getPlan(db, system, SLUG)).items) for (const item of [theme, ...theme.children]) ids[item.code!] = item.id;
      const write = (code: string, label: string, status: "op-koers" | "aandacht-nodig", results: string, planning = "") =>
        saveUpdate(db, owner, SLUG, ids[code]!, period[label]!, { version: null, status, results, planning, percentage: null, statusReason: null });
      await write("1.1", "T1 2026", "op-koers", "Afspraken gemaakt.");
      await write("1.1", "T2 2026", "aandacht-nodig", `Twee scholen doen **nog niet** mee; de ${LONG_WORD} zijn vertraagd.`, "- gesprek in september\n- evaluatie in december");
      await write("2.1", "T2 2026", "op-koers", "Tien leerlingen geplaatst.");
      await saveIndicator(db, owner, SLUG, undefined, {
        version: null,
        name: "Aantal verzuimmeldingen",
        definition: null,
        unit: "aantal",
        direction: "lager",
        frequency: "kwartaal",
        breakdowns: [],
        children: false,
        items: [ids["1.1"]!],
        baseline: null,
        targets: [],
      });
      await saveMeasurements(db, owner, SLUG, [{ row: "1", indicator: "aantal-verzuimmeldingen", input: { date: "2026-06-30", label: "Q2 2026", scope: "totaal", value: 37, source: "Leerplicht" } }]);
    },
  });
  /** The coordinator, with JavaScript (axe runs in the page). */
  let coordinator: Page;

  beforeAll(async () => {
    coordinator = await koers.signedIn(COORDINATOR, true);
  });

  it("the coordinator goes from the round to its overview and reads the whole round", async () => {
    await coordinator.goto(koers.base + roundPath);
    await coordinator.getByRole("link", { name: /^Overzicht van de ronde/ }).click();
    await coordinator.waitForURL(koers.base + path);
    expect(await coordinator.getByRole("heading", { level: 1 }).textContent()).toBe("Overzicht rapportageronde T2 2026");
    expect(await coordinator.getByRole("heading", { level: 3 }).allTextContents()).toEqual(["Thema 1 Thuiszitters", "Thema 2 Overstap"]);
    expect(await coordinator.getByRole("heading", { level: 4 }).allTextContents()).toEqual([
      "Actie 1.1 Verzuimaanpak vastleggen",
      "Actie 1.2 Stageplekken voor thuiszitters",
      "Actie 2.1 Overstap naar het mbo",
    ]);
    const first = coordinator.getByRole("region", { name: "Actie 1.1 Verzuimaanpak vastleggen" });
    expect(await first.getByText("Aandacht nodig", { exact: true }).isVisible()).toBe(true);
    expect(await first.locator("strong", { hasText: "nog niet" }).isVisible()).toBe(true);
    expect(await first.getByRole("table").getByRole("row", { name: /Aantal verzuimmeldingen/ }).textContent()).toContain("37");
    expect(await coordinator.getByRole("region", { name: "Actie 1.2 Stageplekken voor thuiszitters" }).getByText("Nog niet gemeld").first().isVisible()).toBe(true);
    expect(await axeViolations(coordinator)).toEqual([]);

    // The heading leads to the item's edit page, the link below the texts to its progress form.
    await first.getByRole("link", { name: "Voortgang bijwerken van 1.1 Verzuimaanpak vastleggen" }).click();
    await coordinator.waitForURL(/\/voortgang\?periode=\d+$/);
    await coordinator.goBack();
    await coordinator.getByRole("link", { name: "Actie 1.1 Verzuimaanpak vastleggen" }).click();
    await coordinator.waitForURL(/\/onderdelen\/\d+\/bewerken$/);
  });

  it("a partner filters without JavaScript, and the filters stay chosen", async () => {
    const page = koers.keys;
    await page.goto(koers.base + path);
    await page.getByLabel("Organisatie").selectOption({ label: "Vonk" });
    await page.getByLabel("Status").selectOption({ label: "Nog niet gemeld" });
    await page.getByRole("button", { name: "Filter toepassen" }).click();
    await page.waitForURL(/status=nog-niet-gemeld/);
    expect(await page.getByRole("heading", { level: 4 }).allTextContents()).toEqual(["Actie 1.2 Stageplekken voor thuiszitters"]);
    expect(await page.getByText("Staat hier ter plaatsing").count()).toBe(1);
    expect(await page.getByLabel("Status").inputValue()).toBe("nog-niet-gemeld");

    await page.getByLabel("Status").selectOption({ label: "Alle" });
    await page.getByLabel("Organisatie").selectOption({ label: "Alle" });
    await page.getByLabel("Alleen nieuw of gewijzigd sinds T1 2026").check();
    await page.getByRole("button", { name: "Filter toepassen" }).click();
    await page.waitForURL(/gewijzigd=1/);
    expect(await page.getByRole("heading", { level: 4 }).allTextContents()).toEqual(["Actie 1.1 Verzuimaanpak vastleggen", "Actie 2.1 Overstap naar het mbo"]);
    await page.getByRole("link", { name: "Alle onderdelen tonen" }).click();
    await page.waitForURL(koers.base + path);
    expect(await page.getByRole("heading", { level: 4 }).count()).toBe(3);

    await koers.checked.goto(`${koers.base}${path}?organisatie=vonk`);
    expect(await axeViolations(koers.checked)).toEqual([]);
  });

  it("reads at 320 pixels wide without scrolling sideways, and without WCAG violations", async () => {
    await coordinator.setViewportSize({ width: 320, height: 640 });
    await coordinator.goto(koers.base + path);
    const width = (await coordinator.evaluate(PAGE_WIDTH)) as { scrollWidth: number; innerWidth: number };
    expect(width.scrollWidth).toBeLessThanOrEqual(width.innerWidth);
    expect(await axeViolations(coordinator)).toEqual([]);
  });
});
