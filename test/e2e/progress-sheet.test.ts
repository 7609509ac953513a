/**
 * Progress by spreadsheet in a real browser: a coordinator downloads the round's items, fills
 * in the workbook and reads it back with the keyboard alone and without JavaScript; the upload
 * page, the preview, the unchanged state and the error state have no WCAG violations and do
 * not scroll sideways at 320 px.
 */
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { system } from "../../src/modules/access/viewer.ts";
import { openRound } from "../../src/modules/rounds/service.ts";
import { configureCycle, updatesOfPlan } from "../../src/modules/monitoring/updates.ts";
import { axeViolations, hasChromium, koersForTests, tabUntil } from "../helpers/browser.ts";

const PLAN = "uitvoeringsplan-nk-2025-2026";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The workbook with the first item's status (column E) set to this text. */
async function withFirstStatus(bytes: Buffer, status: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  workbook.getWorksheet("Voortgang")!.getRow(2).getCell(5).value = status;
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe.skipIf(!hasChromium)("progress by spreadsheet in a real browser", () => {
  let path = "";
  let periodId = 0;
  // A redacteur of Alkmaar, one of the plan's owners: the round's coordinator.
  const koers = koersForTests({
    user: ["redacteur@alkmaar.nl", "alkmaar", "redacteur"],
    setUp: async ({ server }) => {
      const db = server.database.db;
      const { periods } = await configureCycle(db, system, PLAN, "kwartaal");
      periodId = periods[0]!.id;
      const round = await openRound(db, system, PLAN, { periodId, deadline: "2026-07-31", message: null });
      path = `/plannen/${PLAN}/rondes/${round.id}/voortgang-uploaden`;
    },
  });

  const download = async (page: Page) => {
    const res = await page.request.get(`${koers.base}${path.replace("voortgang-uploaden", "voortgang.xlsx")}`);
    expect(res.headers()["content-type"]).toBe(XLSX);
    return res.body();
  };
  const choose = async (page: Page, name: string, buffer: Buffer) => {
    await page.getByLabel("Ingevuld bestand (.xlsx)").setInputFiles({ name, mimeType: XLSX, buffer });
    await page.getByRole("button", { name: "Bekijken" }).click();
    await page.getByRole("heading", { level: 1, name: "Voortgang inlezen: controleren" }).waitFor();
  };

  /** No WCAG violations, and at 320 px the page is exactly as wide as the window. */
  async function checkPage(page: Page, what: string) {
    expect(await axeViolations(page), what).toEqual([]);
    expect(await page.evaluate<number>("document.documentElement.scrollWidth"), what).toBe(320);
  }

  it("reads a filled-in workbook with the keyboard alone, without JavaScript: choose, see what changes, confirm", async () => {
    const page = koers.keys;
    await page.goto(koers.base + path);
    const filled = await withFirstStatus(await download(page), "Op koers");
    await tabUntil(page, { field: "bestand" });
    await page.locator(":focus").setInputFiles({ name: "voortgang.xlsx", mimeType: XLSX, buffer: filled });
    await tabUntil(page, "Bekijken");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Voortgang inlezen: controleren" }).waitFor();
    expect(await page.getByRole("heading", { level: 2, name: "1 onderdeel om op te slaan" }).isVisible()).toBe(true);

    await tabUntil(page, "1 onderdeel opslaan");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${koers.base}${path}?opgeslagen=1`);
    expect(await page.getByText("De voortgang van 1 onderdeel is opgeslagen.").isVisible()).toBe(true);
    const progress = await updatesOfPlan(koers.db, system, PLAN, periodId);
    expect(progress.items.filter((e) => e.update).map((e) => e.update!.status)).toEqual(["op-koers"]);
  });

  it("has no WCAG violations and no sideways scrolling at 320 px: the form, the preview, nothing to change and the error state", async () => {
    const page = koers.checked;
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(koers.base + path);
    await checkPage(page, "the form");
    const file = await download(page);

    await choose(page, "ongewijzigd.xlsx", file);
    expect(await page.getByText(/Er verandert niets/).isVisible()).toBe(true);
    await checkPage(page, "nothing to change");

    await page.goto(koers.base + path);
    await choose(page, "voortgang.xlsx", await withFirstStatus(file, "Afgerond"));
    expect(await page.getByRole("button", { name: "1 onderdeel opslaan" }).isVisible()).toBe(true);
    await checkPage(page, "the preview");

    await page.goto(koers.base + path);
    await choose(page, "fout.xlsx", await withFirstStatus(file, "bijna klaar"));
    expect(await page.getByRole("alert").innerText()).toContain("Blad Voortgang, rij 2, kolom Status: 'bijna klaar' is geen status");
    expect(await page.getByRole("button", { name: /opslaan$/ }).count()).toBe(0);
    await checkPage(page, "the error state");
  });
});
