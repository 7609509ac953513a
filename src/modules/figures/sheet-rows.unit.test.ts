/** Measurements read from a sheet as people export it: Dutch column names in any order, decimal commas, Dutch dates; problems name row and column. */
import { describe, expect, it } from "vitest";
import { measurementRows } from "./sheet-rows.ts";

const sheet = (headers: string[], ...rows: string[][]) => ({ headers, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });

describe("measurements from a sheet", () => {
  it("reads the columns in any order and case, with decimal commas, percentages and Dutch dates", () => {
    const { rows, problems } = measurementRows(
      "cijfers.csv",
      sheet(["Waarde", "PEILDATUM", "Indicator", "gebied", "Bron", "Toelichting", "voorlopig"], ["2,37%", "01-10-2023", "verwijzingspercentage", "swv:swv-po-ijmond", "DUO", "", "ja"], ["1.234", "1 oktober 2023", "thuiszitters", "", "", "inclusief vrijstellingen", ""]),
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { row: "rij 2", indicator: "verwijzingspercentage", input: { date: "2023-10-01", label: null, scope: "swv:swv-po-ijmond", value: 2.37, source: "DUO", note: null, provisional: true } },
      { row: "rij 3", indicator: "thuiszitters", input: { date: "2023-10-01", label: null, scope: "totaal", value: 1234, source: null, note: "inclusief vrijstellingen", provisional: false } },
    ]);
  });

  it("takes a period column beside the date as the label, and a date in the period column when there is no date column", () => {
    const both = measurementRows("c.csv", sheet(["indicator", "peildatum", "periode", "waarde"], ["x", "31-01-2023", "januari 2023", "20"]));
    expect(both.rows[0]!.input).toMatchObject({ date: "2023-01-31", label: "januari 2023" });
    const onlyPeriod = measurementRows("c.csv", sheet(["indicator", "periode", "waarde"], ["x", "31-01-2023", "20"]));
    expect(onlyPeriod.rows[0]!.input).toMatchObject({ date: "2023-01-31" });
  });

  it("names the row as the spreadsheet shows it, the column and what was expected, for every wrong cell", () => {
    const { problems } = measurementRows("cijfers.csv", sheet(["indicator", "peildatum", "waarde", "voorlopig"], ["x", "31-02-2023", "veel", "misschien"], ["", "01-01-2023", "3", ""]));
    expect(problems.map((p) => [p.file, p.path])).toEqual([
      ["cijfers.csv", "rij 2, kolom peildatum"],
      ["cijfers.csv", "rij 2, kolom waarde"],
      ["cijfers.csv", "rij 2, kolom voorlopig"],
      ["cijfers.csv", "rij 3, kolom indicator"],
    ]);
    expect(problems[1]!.message).toMatch(/^verwacht .*getal.*, maar er staat 'veel'\.$/);
    expect(problems[2]!.message).toBe("verwacht ja of nee, maar er staat 'misschien'.");
  });

  it("says which needed column is missing, on row 1", () => {
    const { problems, rows } = measurementRows("c.csv", sheet(["naam", "getal"], ["x", "1"]));
    expect(rows).toEqual([]);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "rij 1: De kolom 'indicator' ontbreekt (de eerste rij noemt de kolommen).",
      "rij 1: De kolom 'peildatum' of 'periode' ontbreekt (de eerste rij noemt de kolommen).",
    ]);
  });

  it("lets a column people named otherwise be mapped, and reports headers it does not know", () => {
    const plain = measurementRows("c.csv", sheet(["indicator", "peildatum", "stand", "extra"], ["x", "01-01-2023", "7", "?"]));
    expect(plain.problems.map((p) => p.message)).toEqual(["De kolom 'waarde' ontbreekt (de eerste rij noemt de kolommen)."]);
    expect(plain.unknown).toEqual(["stand", "extra"]);
    const mapped = measurementRows("c.csv", sheet(["indicator", "peildatum", "stand"], ["x", "01-01-2023", "7"]), { stand: "value" });
    expect(mapped.rows[0]!.input.value).toBe(7);
  });
});

describe("bytes Koers cannot store", () => {
  it("refuses a cell with a NUL character, naming row and column", () => {
    const { problems } = measurementRows("c.csv", { headers: ["indicator", "peildatum", "waarde"], rows: [{ row: 2, cells: ["x\u0000", "01-01-2023", "1"] }] });
    expect(problems).toEqual([{ file: "c.csv", path: "rij 2, kolom indicator", message: "de cel bevat een NUL-teken (tekencode 0), dat in een tekst niet mag staan." }]);
  });
});
