import { describe, expect, it } from "vitest";
import {
  dateFromCell,
  expectedDate,
  expectedDecimalComma,
  expectedExistingDate,
  expectedNumber,
  formatDutchDate,
  formatDutchNumber,
  parseDutchDate,
  parseDutchNumber,
} from "./dutch.ts";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("parseDutchNumber", () => {
  it.each<[string, number, boolean]>([
    ["2,37", 2.37, false],
    ["0,5", 0.5, false],
    [",5", 0.5, false],
    ["42", 42, false],
    ["007", 7, false],
    ["1.234", 1234, false],
    ["12.345,6", 12345.6, false],
    ["1.234.567", 1234567, false],
    ["1.234.567,89", 1234567.89, false],
    ["1234,5", 1234.5, false],
    ["1,96%", 1.96, true],
    ["1,96 %", 1.96, true],
    [`1,96${NBSP}%`, 1.96, true],
    ["-0,4%", -0.4, true],
    ["+2,5%", 2.5, true],
    ["100%", 100, true],
    ["€ 1.234,50", 1234.5, false],
    ["€1234", 1234, false],
    [`€${NBSP}1.234,50`, 1234.5, false],
    ["€ -1.234,50", -1234.5, false], // Excel's Dutch currency format for a negative amount
    ["-€ 12", -12, false],
    ["1.234 euro", 1234, false],
    ["1.234 Euro", 1234, false],
    ["1234€", 1234, false],
    ["EUR 99,95", 99.95, false],
    ["€ 12,-", 12, false],
    ["€ 1.250,--", 1250, false],
    ["-3", -3, false],
    ["−3,5", -3.5, false], // U+2212, the typographic minus
    ["- 3", -3, false],
    ["-0", 0, false],
    ["  2,37  ", 2.37, false],
    [`${NBSP}2,37${NNBSP}`, 2.37, false],
    ["\t12\n", 12, false],
    // Plain numbers as Excel or JSON write them.
    ["2.37", 2.37, false],
    ["0.125", 0.125, false], // a thousands group never starts with 0
    ["12345.678", 12345.678, false], // five digits before the dot: no thousands dot
    ["1.2340", 1.234, false],
    ["-1.5", -1.5, false],
    ["1.96%", 1.96, true],
    ["0.000001", 0.000001, false],
  ])("%j is %d (percent: %s)", (text, value, percent) => {
    expect(parseDutchNumber(text)).toEqual({ ok: true, value, percent });
  });

  it("gives 0 rather than -0", () => {
    const result = parseDutchNumber("-0,0");
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });

  it.each([
    "",
    "   ",
    NBSP,
    "abc",
    "n.v.t.",
    "-",
    "–", // CBS's sign for "nothing"
    ".",
    ",",
    "5,",
    ".5",
    "1,2,3",
    "1.23,4", // a thousands group of two digits
    "12.34.56",
    "1..234",
    "1.2345.678",
    "2,37 3",
    "1e5",
    "1,23E+05",
    "(1.234)",
    "--5",
    "-+5",
    "- € -5",
    "€ 5%",
    "€ 5 euro",
    "5 %%",
    "12,-%",
    "5 procent",
    "#DIV/0!",
    "0x1A",
    "Infinity",
    "NaN",
  ])("refuses %j", (text) => {
    expect(parseDutchNumber(text)).toEqual({ ok: false, expected: expectedNumber });
  });

  it.each(["1,234.56", "12,345.6", "€ 1,234.50"])("refuses the English form %j, asking for a decimal comma", (text) => {
    expect(parseDutchNumber(text)).toEqual({ ok: false, expected: expectedDecimalComma });
  });

  it("says in Dutch what it expected", () => {
    expect(parseDutchNumber("")).toEqual({ ok: false, expected: "een getal, bijvoorbeeld 2,37 of 1,96%" });
    expect(parseDutchDate("")).toEqual({ ok: false, expected: "een datum, bijvoorbeeld 01-10-2023 of 1 oktober 2023" });
  });
});

describe("parseDutchDate", () => {
  it.each([
    ["01-10-2023", "2023-10-01"],
    ["1-10-2023", "2023-10-01"],
    ["01/10/2023", "2023-10-01"],
    ["1/1/2024", "2024-01-01"],
    ["31.12.2023", "2023-12-31"],
    ["29-02-2024", "2024-02-29"],
    ["1 oktober 2023", "2023-10-01"],
    ["1 Oktober 2023", "2023-10-01"],
    ["1 OKTOBER 2023", "2023-10-01"],
    ["1 okt 2023", "2023-10-01"],
    ["1 okt. 2023", "2023-10-01"],
    ["01-okt-2023", "2023-10-01"],
    ["15 maart 2024", "2024-03-15"],
    ["15 mrt 2024", "2024-03-15"],
    ["3 mei 2023", "2023-05-03"],
    ["31 dec. 2025", "2025-12-31"],
    ["1 sept. 2023", "2023-09-01"],
    [`1${NBSP}februari${NBSP}2023`, "2023-02-01"],
    ["  2023-10-01 ", "2023-10-01"],
    ["2023-10-01", "2023-10-01"],
    ["45200", "2023-10-01"], // Excel's day number
    ["44927", "2023-01-01"],
    ["45200,75", "2023-10-01"], // a day number with a time of day
    ["45200.5", "2023-10-01"],
  ])("%j is %s", (text, date) => {
    expect(parseDutchDate(text)).toEqual({ ok: true, date });
  });

  it.each(["", "  ", "oktober 2023", "1 october 2023", "1 okto 2023", "2023", "1-10-23", "10/1/2023 12:00", "2023-10-1", "20231001", "gisteren", "1e kwartaal 2023", "Q4 2023", "4520", "452000"])(
    "refuses %j",
    (text) => {
      expect(parseDutchDate(text)).toEqual({ ok: false, expected: expectedDate });
    },
  );

  it.each(["31-02-2023", "29-02-2023", "31 april 2024", "2023-02-30", "00-10-2023", "01-13-2023", "0 mei 2023"])(
    "refuses %j, a day that does not exist",
    (text) => {
      expect(parseDutchDate(text)).toEqual({ ok: false, expected: expectedExistingDate });
    },
  );
});

describe("dateFromCell", () => {
  it.each<[string, unknown, string]>([
    ["a date cell (midnight UTC)", new Date(Date.UTC(2023, 9, 1)), "2023-10-01"],
    ["a date and time cell", new Date(Date.UTC(2023, 9, 1, 23, 59)), "2023-10-01"],
    ["a day number", 45200, "2023-10-01"],
    ["a day number with a time", 45200.99, "2023-10-01"],
    ["a text", "1 okt. 2023", "2023-10-01"],
    ["a formula's result", { formula: "DATE(2023,10,1)", result: new Date(Date.UTC(2023, 9, 1)) }, "2023-10-01"],
    ["rich text", { richText: [{ text: "01-10-" }, { text: "2023" }] }, "2023-10-01"],
    ["a hyperlink's text", { text: "01-10-2023", hyperlink: "https://example.org" }, "2023-10-01"],
  ])("reads %s", (_, value, date) => {
    expect(dateFromCell(value)).toEqual({ ok: true, date });
  });

  it.each<[string, unknown]>([
    ["an invalid Date", new Date(Number.NaN)],
    ["a year as a number", 2023],
    ["a negative number", -45200],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["null", null],
    ["undefined", undefined],
    ["a boolean", true],
    ["an error cell", { error: "#N/A" }],
    ["a formula without a result", { formula: "TODAY()" }],
  ])("refuses %s", (_, value) => {
    expect(dateFromCell(value)).toMatchObject({ ok: false });
  });
});

describe("formatDutchNumber", () => {
  it.each<[number, { decimals?: number; percent?: boolean } | undefined, string]>([
    [2.37, undefined, "2,37"],
    [1234, undefined, "1.234"],
    [12345.6, undefined, "12.345,6"],
    [-1234.5, undefined, "-1.234,5"],
    [0, undefined, "0"],
    [-0, undefined, "0"],
    [1.96, { percent: true }, "1,96%"],
    [0.000001, undefined, "0,000001"],
    [2.375, { decimals: 2 }, "2,38"],
    [3, { decimals: 1 }, "3,0"],
    [-0.001, { decimals: 2 }, "0,00"],
    [12.5, { decimals: 1, percent: true }, "12,5%"],
    [1234567.891, undefined, "1.234.567,891"],
  ])("%d with %j is %j", (value, options, text) => {
    expect(formatDutchNumber(value, options)).toBe(text);
  });

  it.each([2.37, 1234, -12345.6, 0.1 + 0.2, 1 / 3, 1e-7, 123456789.123, 1.234, 1e15])("%d reads back", (value) => {
    expect(parseDutchNumber(formatDutchNumber(value))).toEqual({ ok: true, value, percent: false });
    expect(parseDutchNumber(formatDutchNumber(value, { percent: true }))).toEqual({ ok: true, value, percent: true });
  });

  it("refuses what is not a finite number", () => {
    expect(() => formatDutchNumber(Number.NaN)).toThrow(RangeError);
    expect(() => formatDutchNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("formatDutchDate", () => {
  it.each([
    ["2023-10-01", "01-10-2023"],
    ["2024-02-29", "29-02-2024"],
    ["1999-12-31", "31-12-1999"],
  ])("%s is %s and reads back", (iso, text) => {
    expect(formatDutchDate(iso)).toBe(text);
    expect(parseDutchDate(text)).toEqual({ ok: true, date: iso });
  });

  it.each(["2023-02-30", "01-10-2023", ""])("refuses %j", (iso) => {
    expect(() => formatDutchDate(iso)).toThrow(RangeError);
  });
});
