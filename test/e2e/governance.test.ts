/**
 * A plan through its approval route in a real browser, without JavaScript: a redacteur of swvnk
 * sets the route (Kernberaad advises, OPR consents, ALV adopts), starts it, puts the plan on the
 * OPR's agenda from the proposal, records the decisions in order (an early one is refused), and the
 * plan ends vastgesteld with its version kept. The pages have no WCAG violations.
 */
import { describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { createBody, createMeeting } from "../../src/modules/governance/service.ts";
import { updatePlan } from "../../src/modules/plans/plan-editing.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { snapshotsOf } from "../../src/modules/plans/snapshots.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const SLUG = "activiteitenplan-swvnk-2024";

describe.skipIf(!hasChromium)("a plan through its approval route in a real browser", () => {
  const koers = koersForTests({
    user: ["redacteur@swvnk.nl", "swvnk", "redacteur"],
    setUp: async ({ db }) => {
      for (const [name, kind] of [["Kernberaad proef", "kernberaad"], ["OPR proef", "opr"], ["ALV proef", "alv"]] as const) {
        await createBody(db, system, { name, kind, organisations: ["swvnk"] });
      }
      await createMeeting(db, system, "opr-proef", { date: "2026-12-12", time: "19:30", location: "Heerhugowaard" });
      await updatePlan(db, system, SLUG, (await getPlan(db, system, SLUG)).version, { status: "concept" });
    },
  });

  it("takes the plan from concept to vastgesteld, step by step", async () => {
    const page = koers.keys;
    page.setDefaultTimeout(15_000);
    // The flow runs without JavaScript; axe-core runs in a second tab that has it.
    const axeOf = async (path: string) => {
      await koers.checked.goto(`${koers.base}${path}`);
      return axeViolations(koers.checked);
    };
    const route = `${koers.base}/plannen/${SLUG}/besluitvorming`;
    await page.goto(route);
    expect(await axeOf(`/plannen/${SLUG}/besluitvorming`)).toEqual([]);
    const steps = [["kernberaad-proef", "advies", "2026-12-04"], ["opr-proef", "instemming", "2026-12-12"], ["alv-proef", "vaststelling", "2026-12-18"]] as const;
    for (const [i, [body, action, due]] of steps.entries()) {
      await page.locator(`[name="orgaan-${i}"]`).selectOption(body);
      await page.locator(`[name="actie-${i}"]`).selectOption(action);
      await page.locator(`[name="uiterlijk-${i}"]`).fill(due);
    }
    await page.getByRole("button", { name: "Route opslaan" }).click();
    await page.waitForURL(/gedaan=1/);
    await page.getByRole("button", { name: "Besluitvorming starten" }).click();
    await page.waitForURL(/gedaan=1/);
    expect((await page.locator("main").textContent())?.replace(/\s+/g, " ")).toContain("Nu aan de beurt: Kernberaad proef (advies, uiterlijk 4 december 2026)");
    expect(await axeOf(`/plannen/${SLUG}/besluitvorming`)).toEqual([]);

    // The OPR's meeting: its proposed agenda does not have the plan yet (the Kernberaad is first).
    const meeting = await getMeetingPath(page, `${koers.base}/organen/opr-proef`);
    await page.goto(`${koers.base}${meeting}?voorstel=1`);
    expect(await page.locator("main").textContent()).not.toContain("De route van het plan vraagt nu");

    // The Kernberaad advises.
    await page.goto(route);
    await page.getByLabel("Datum van het besluit").fill("2026-12-04");
    await page.getByLabel("Besluit zoals genotuleerd").fill("Positief advies.");
    await page.getByRole("button", { name: "Besluit vastleggen" }).click();
    await page.waitForURL(/gedaan=1/);

    // Now the plan is proposed for the OPR's agenda, and put on it.
    await page.goto(`${koers.base}${meeting}?voorstel=1`);
    await page.getByRole("button", { name: "Gekozen punten op de agenda zetten" }).click();
    await page.waitForURL(/gedaan=agenda/);
    expect(await page.locator("main").textContent()).toContain("voorstel: instemming");
    expect(await axeOf(`${meeting}?voorstel=1`)).toEqual([]);

    // The ALV cannot adopt before the OPR: refused, naming whose turn it is.
    await page.goto(route);
    const decide = page.locator(`form[action="/plannen/${SLUG}/besluitvorming/besluit"]`);
    const early = await koers.keys.request.post(`${route}/besluit`, {
      form: {
        _csrf: await decide.locator('input[name="_csrf"]').inputValue(),
        version: await decide.locator('input[name="version"]').inputValue(),
        body: "alv-proef",
        date: "2026-12-10",
        outcome: "vaststelling",
      },
      headers: { origin: koers.base },
    });
    expect(early.status()).toBe(409);
    expect(await early.text()).toContain("Eerst is OPR proef aan de beurt");

    // The OPR consents at its meeting; the ALV adopts on the route page.
    await page.goto(`${koers.base}${meeting}`);
    const form = page.locator('form[action="/organen/opr-proef/besluiten"]');
    await form.getByLabel("Agendapunt").selectOption({ label: "Activiteitenplan 2024" });
    await form.getByLabel("Datum van het besluit").fill("2026-12-12");
    await form.getByLabel("Uitkomst").selectOption("instemming");
    await form.getByLabel("Plan (korte naam, optioneel)").fill(SLUG);
    await form.getByLabel("Besluit zoals genotuleerd").fill("De OPR stemt in.");
    await form.getByRole("button", { name: "Besluit vastleggen" }).click();
    await page.waitForURL(/#besluiten/);
    expect(await page.locator("main").textContent()).toContain("De OPR stemt in.");

    await page.goto(route);
    expect(await page.getByRole("heading", { name: "Besluit van ALV proef vastleggen" }).count()).toBe(1);
    await page.getByLabel("Datum van het besluit").fill("2026-12-18");
    await page.getByRole("button", { name: "Besluit vastleggen" }).click();
    await page.waitForURL(/gedaan=1/);
    expect((await page.locator("main").textContent())?.replace(/\s+/g, " ")).toContain("Status van het plan: vastgesteld");

    const plan = await getPlan(koers.db, system, SLUG);
    expect(plan.status).toBe("vastgesteld");
    expect((await snapshotsOf(koers.db, plan.id)).at(-1)!.label).toBe("Vastgesteld door ALV proef op 18 december 2026");
    await page.goto(`${koers.base}/plannen/${SLUG}`);
    expect(await page.locator("#besluiten-over-plan").count()).toBe(1);
    expect(await axeOf("/organen/opr-proef")).toEqual([]);
    expect(await axeOf("/organen")).toEqual([]);
  });
});

async function getMeetingPath(page: import("playwright-core").Page, bodyUrl: string): Promise<string> {
  await page.goto(bodyUrl);
  return (await page.locator('a[href*="/vergaderingen/"]').first().getAttribute("href"))!;
}
