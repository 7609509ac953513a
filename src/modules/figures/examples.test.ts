/**
 * The example files the user guide points to (docs/voorbeelden/cijfers.csv and .xlsx, written
 * by scripts/example-figures.ts) read as Koers reads an upload and pass every check of
 * saveMeasurements for their plan, on both databases: what the guide shows imports.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeViewer } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { readSheet } from "../../lib/figures/sheet.ts";
import type { Viewer } from "../access/viewer.ts";
import { saveMeasurements } from "./service.ts";
import { measurementHeaders, measurementRows } from "./sheet-rows.ts";

const PLAN = "allen-voor-een-2022-2024";
const FILES = ["cijfers.csv", "cijfers.xlsx"];

async function rowsOf(name: string) {
  const bytes = new Uint8Array(readFileSync(new URL(`../../../docs/voorbeelden/${name}`, import.meta.url)));
  const sheet = await readSheet(name, bytes);
  return { sheet, ...measurementRows(name, sheet) };
}

describe.each(databaseKinds)("the example figures files of the user guide on %s", (kind) => {
  let database: TestDatabase;
  let editor: Viewer;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    editor = await makeViewer(database.db, "redacteur@velsen.nl", ["velsen", "redacteur"]);
  });
  afterAll(() => database.dispose());

  it.each(FILES)("%s has every column Koers writes and passes every check of an import", async (name) => {
    const { sheet, rows, problems, unknown } = await rowsOf(name);
    expect(sheet.headers).toEqual([...measurementHeaders]);
    expect(problems).toEqual([]);
    expect(unknown).toEqual([]);
    const result = await saveMeasurements(database.db, editor, PLAN, rows, { file: name, dryRun: true });
    expect(result.saved).toBe(sheet.rows.length);
    expect(new Set(result.rows.map((r) => r.indicator))).toEqual(new Set(["thuiszitters", "verwijzingspercentage", "schoolbesturen"]));
  });

  it("gives the same measurements from the CSV and the Excel file", async () => {
    const [csv, xlsx] = await Promise.all(FILES.map(async (name) => (await saveMeasurements(database.db, editor, PLAN, (await rowsOf(name)).rows, { dryRun: true })).rows));
    expect(xlsx).toEqual(csv);
  });
});
