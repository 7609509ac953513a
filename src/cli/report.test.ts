/** `koers report`: the report of a plan over a period as an HTML page, a Word file or an Excel file, read back. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { cliForTests } from "../../test/helpers/cli.ts";
import { databaseKinds } from "../../test/helpers/databases.ts";
import { visibleText } from "../../test/helpers/html.ts";
import { dataDir } from "../../test/helpers/seeded.ts";
import { missingFragments } from "../lib/source-coverage.ts";
import { readSources } from "../modules/exchange/fidelity.ts";
import { exitCodes } from "./index.ts";

const AVE = "allen-voor-een-2022-2024";
const EVALUATION_SOURCE = "002_003e57516a875652.txt";

describe.each(databaseKinds)("koers report on %s", (kind) => {
  const cli = cliForTests(kind, "koers-report-");
  const koers = (...args: string[]) => cli.run(args);

  it("writes the 2022 report of Allen voor één as a page with the evaluation's words, under the plan's own headings", async () => {
    const result = await koers("report", AVE, "--period", "2022");
    expect(result).toMatchObject({ code: exitCodes.ok, err: "" });
    const text = visibleText(result.out);
    expect(result.out).toMatch(/^<!doctype html>/);
    expect(text).toContain("Samenvatting");
    expect(text).toContain("Speerpunt 1");
    expect(text).toContain("Planning voor 2023");
  });

  it("writes Word and Excel files that read back with headings, tables and numbers", async () => {
    const docx = join(cli.dir, "rapportage.docx");
    expect((await koers("report", AVE, "--period", "2022", "--format", "docx", "-o", docx)).code).toBe(exitCodes.ok);
    const zip = await JSZip.loadAsync(readFileSync(docx));
    const body = await zip.file("word/document.xml")!.async("string");
    expect(body).toMatch(/<w:pStyle w:val="Heading1"\/>/);
    expect(body).toContain("<w:tbl>");
    expect(body).toContain("Planning voor 2023");

    const xlsx = join(cli.dir, "rapportage.xlsx");
    expect((await koers("report", AVE, "--period", "2022", "--format", "xlsx", "-o", xlsx)).code).toBe(exitCodes.ok);
    const { Workbook } = (await import("exceljs")).default;
    const book = new Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(["Voortgang", "Cijfers"]));
  });

  it("the confidential Word file holds every sentence, figure and heading of the Tussenevaluatie", async () => {
    const docx = join(cli.dir, "vertrouwelijk.docx");
    expect((await koers("report", AVE, "--period", "2022", "--format", "docx", "--confidential", "-o", docx)).code).toBe(exitCodes.ok);
    const body = await (await JSZip.loadAsync(readFileSync(docx))).file("word/document.xml")!.async("string");
    // The text of each paragraph and table cell, as Word shows it.
    const text = body
      .split(/<\/w:p>/)
      .map((paragraph) => [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""))
      .join("\n")
      .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'");
    const source = readFileSync(join(dataDir, "sources", EVALUATION_SOURCE), "utf8");
    expect(missingFragments(source, [text], readSources(dataDir).ignore[EVALUATION_SOURCE] ?? []).map((f) => `${f.line}: ${f.text}`)).toEqual([]);
  });

  it("names the periods there are when the one asked for is not, and asks for a file for Word", async () => {
    const unknown = await koers("report", AVE, "--period", "2031");
    expect(unknown.code).toBe(exitCodes.refused);
    expect(unknown.err).toContain("Kies uit: '2022'");
    const noFile = await koers("report", AVE, "--period", "2022", "--format", "docx");
    expect(noFile.code).toBe(exitCodes.usage);
    expect(noFile.err).toContain("Geef met -o een bestand");
  });
});
