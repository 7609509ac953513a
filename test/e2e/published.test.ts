/**
 * Published progress in a real browser: the coordinator publishes a closed round from the
 * round page, and a visitor reads the period's page, the plan page, the dashboard and the
 * timeline: no WCAG violations, and no sideways scrolling at 320 px.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { importPlanAroundToday } from "../../src/modules/dashboard/test-dashboard-plan.ts";
import { todayInNl } from "../../src/lib/dates.ts";
import { periodSlug } from "../../src/modules/monitoring/published.ts";
import { configureCycle, saveUpdate, type ReportingPeriod } from "../../src/modules/monitoring/updates.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { closeRound, openRound } from "../../src/modules/rounds/service.ts";
import { axeViolations, hasChromium, koersForTests } from "../helpers/browser.ts";

const SLUG = "werkplan-openbaar";
const DONE = "Alle scholen werken met het nieuwe verzuimprotocol.";

/** Whether the page fits the window sideways (run in the page). */
const FITS = `document.documentElement.scrollWidth <= window.innerWidth`;

describe.skipIf(!hasChromium)("published progress in a real browser", () => {
  const today = todayInNl();
  let current: ReportingPeriod;
  let roundId: number;
  const koers = koersForTests({
    user: ["redacteur@swvnk.nl", "swvnk", "redacteur"],
    tabs: true,
    setUp: async ({ server }) => {
      await importPlanAroundToday(server.database, SLUG, today, { published: true });
      const db = server.database.db;
      const plan = await getPlan(db, system, SLUG);
      const { periods } = await configureCycle(db, system, SLUG, "kwartaal");
      current = periods.find((p) => p.start <= today && today <= p.end)!;
      const item = plan.items[0]!.children[1]!;
      await saveUpdate(db, system, SLUG, item.id, current.id, { version: null, status: "op-koers", results: DONE, planning: "Evalueren na de zomer.", percentage: null, statusReason: null });
      roundId = (await openRound(db, system, SLUG, { periodId: current.id, deadline: current.end })).id;
      await closeRound(db, system, roundId);
    },
  });
  let visitor: Page;
  beforeAll(async () => {
    visitor = await (await koers.browser.newContext()).newPage();
  });

  it("publishes the closed round from the round page", async () => {
    await koers.checked.goto(`${koers.base}/plannen/${SLUG}/rondes/${roundId}`);
    expect(await axeViolations(koers.checked)).toEqual([]);
    await koers.checked.getByRole("button", { name: "Voortgang openbaar maken" }).click();
    await koers.checked.waitForURL(/gepubliceerd=1/);
    expect(await koers.checked.getByText("De voortgang over deze periode is nu openbaar.").isVisible()).toBe(true);
    expect(await koers.checked.getByRole("button", { name: "Publicatie intrekken" }).isVisible()).toBe(true);
    expect(await axeViolations(koers.checked)).toEqual([]);
  });

  const pages = () => [
    `/plannen/${SLUG}/voortgang/${periodSlug(current.label)}`,
    `/plannen/${SLUG}`,
    `/plannen/${SLUG}/dashboard`,
    `/plannen/${SLUG}/tijdlijn`,
    "/plannen/allen-voor-een-2022-2024/voortgang/2022",
    "/plannen/allen-voor-een-2022-2024/dashboard",
  ];

  it("shows a visitor the published progress, without WCAG violations", async () => {
    await visitor.goto(`${koers.base}${pages()[0]}`);
    expect(await visitor.getByRole("heading", { level: 1 }).textContent()).toBe(`Wat is er bereikt in ${current.label}?`);
    expect(await visitor.getByText(DONE).isVisible()).toBe(true);
    for (const path of pages()) {
      const res = await visitor.goto(`${koers.base}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(await axeViolations(visitor), path).toEqual([]);
    }
  });

  it("reflows at 320 px", async () => {
    await visitor.setViewportSize({ width: 320, height: 800 });
    for (const path of pages()) {
      await visitor.goto(`${koers.base}${path}`);
      expect(await visitor.evaluate(FITS), path).toBe(true);
      expect(await axeViolations(visitor), path).toEqual([]);
    }
  });
});
