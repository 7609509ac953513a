/**
 * `koers export --format docx|xlsx`: a plan written as a Word document or an Excel workbook to
 * the file -o names; without -o it refuses, since such a file cannot go to the screen.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cliForTests } from "../../../test/helpers/cli.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { exitCodes } from "../../cli/index.ts";
import { paragraphs, readDocx } from "./word/read-docx.ts";

describe.each(databaseKinds)("koers export as Word and Excel on %s", (kind) => {
  const cli = cliForTests(kind, "koers-documents-");
  const koers = (...args: string[]) => cli.run(args);

  it("writes a plan as .docx and .xlsx to the file named", async () => {
    const docx = join(cli.dir, "jaarplan.docx");
    expect(await koers("export", "jaarplan-ppo-nk-2023", "--format", "docx", "-o", docx)).toMatchObject({ code: exitCodes.ok, out: `Geschreven naar ${docx}.\n` });
    const read = await readDocx(readFileSync(docx));
    expect(paragraphs(read.document)[0]).toEqual({ style: "Title", text: "Jaarplan 2023" });

    const xlsx = join(cli.dir, "jaarplan.xlsx");
    expect((await koers("export", "jaarplan-ppo-nk-2023", "--format", "xlsx", "-o", xlsx)).code).toBe(exitCodes.ok);
    const workbook = new ExcelJS.Workbook();
    const bytes = readFileSync(xlsx);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Focusgebieden", "Focus", "Acties"]);
  });

  it("refuses to write a Word or Excel file to the screen", async () => {
    const result = await koers("export", "jaarplan-ppo-nk-2023", "--format", "docx");
    expect(result.code).toBe(exitCodes.usage);
    expect(result.err).toContain("geef met -o de naam van het bestand");
  });

  it("says so when the plan does not exist", async () => {
    const result = await koers("export", "bestaat-niet", "--format", "xlsx", "-o", join(cli.dir, "x.xlsx"));
    expect(result.code).toBe(exitCodes.refused);
  });
});
