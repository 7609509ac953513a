/** `koers progress import`: a filled-in progress workbook read in from the command line, tried first with --dry-run, all rows or none. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cliForTests } from "../../../test/helpers/cli.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { exitCodes } from "../../cli/index.ts";
import { loadConfig } from "../../config.ts";
import { openReadyDatabase } from "../../db/ready.ts";
import { system } from "../access/viewer.ts";
import { openRound } from "./service.ts";
import { progressSheetData, progressWorkbook } from "./progress-sheet.ts";
import { configureCycle, updatesOfPlan } from "../monitoring/updates.ts";

const PLAN = "jaarplan-ppo-nk-2023";

describe.each(databaseKinds)("koers progress import on %s", (kind) => {
  const cli = cliForTests(kind, "koers-progress-");
  const koers = (...args: string[]) => cli.run(args);

  /** With the database of the command line: `work`, then closed again. */
  async function withDb<T>(work: (db: Awaited<ReturnType<typeof openReadyDatabase>>["database"]["db"]) => Promise<T>): Promise<T> {
    const { database } = await openReadyDatabase(loadConfig(cli.env));
    try {
      return await work(database.db);
    } finally {
      await database.close();
    }
  }

  it("tries a file with --dry-run, then saves it; a wrong cell saves nothing and names sheet, row and column", async () => {
    expect((await koers("migrate")).code).toBe(exitCodes.ok);
    const { bytes, periodId } = await withDb(async (db) => {
      const { periods } = await configureCycle(db, system, PLAN, "halfjaar");
      const round = await openRound(db, system, PLAN, { periodId: periods[0]!.id, deadline: "2023-07-31", message: null });
      return { bytes: await progressWorkbook(await progressSheetData(db, system, PLAN, round.id)), periodId: periods[0]!.id };
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("Voortgang")!;
    const code = String(sheet.getRow(2).getCell(1).value ?? "");
    const title = String(sheet.getRow(2).getCell(3).value);
    sheet.getRow(2).getCell(5).value = "Op koers";
    const good = join(cli.dir, "voortgang.xlsx");
    writeFileSync(good, Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    sheet.getRow(3).getCell(5).value = "bijna klaar";
    const bad = join(cli.dir, "fout.xlsx");
    writeFileSync(bad, Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    const saved = () => withDb(async (db) => (await updatesOfPlan(db, system, PLAN, periodId)).items.filter((e) => e.update).map((e) => e.update!.status));

    const refused = await koers("progress", "import", bad, "--plan", PLAN);
    expect(refused.code).toBe(exitCodes.refused);
    expect(refused.err).toContain("fout.xlsx: Blad Voortgang, rij 3, kolom Status: 'bijna klaar' is geen status; kies uit Niet gestart, Op koers");
    expect(await saved()).toEqual([]);

    const dry = await koers("progress", "import", good, "--plan", PLAN, "--dry-run");
    expect(dry).toMatchObject({ code: exitCodes.ok, err: "" });
    expect(dry.out).toContain(`rij 2: ${[code, title].filter(Boolean).join(" ")}: op-koers (eerste melding)`);
    expect(dry.out).toContain("Proef: 1 onderde(e)l(en) zouden veranderen, 0 blijven gelijk; er is niets opgeslagen.");
    expect(await saved()).toEqual([]);

    const done = await koers("progress", "import", good, "--plan", PLAN);
    expect(done).toMatchObject({ code: exitCodes.ok, err: "" });
    expect(done.out).toContain("Opgeslagen: de voortgang van 1 onderde(e)l(en); 0 bleven gelijk.");
    expect(await saved()).toEqual(["op-koers"]);
    // The same file again builds on a version that is gone, but says what is stored: nothing changes.
    expect((await koers("progress", "import", good, "--plan", PLAN)).out).toContain("Er is niets veranderd");
  });
});
