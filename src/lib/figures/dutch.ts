/**
 * Figures and dates written the Dutch way, as policy officers type them in spreadsheets
 * and as Excel exports them: "12.345,6", "1,96%", "€ 1.234,50", "1 okt. 2023", "01-10-2023",
 * an Excel day number. The parsers refuse what they cannot read with a Dutch description of
 * what was expected; the formatters write the forms the parsers read back.
 */
import { DUTCH_MONTHS, isIsoDate, isoDate, parseDate } from "../dates.ts";

export type NumberResult = { ok: true; value: number; percent: boolean } | { ok: false; expected: string };
export type DateResult = { ok: true; date: string } | { ok: false; expected: string };

export const expectedNumber = "een getal, bijvoorbeeld 2,37 of 1,96%";
export const expectedDecimalComma = "een getal met een komma voor de decimalen, bijvoorbeeld 1.234,56";
export const expectedDate = "een datum, bijvoorbeeld 01-10-2023 of 1 oktober 2023";
export const expectedExistingDate = "een datum die bestaat, als dag-maand-jaar, bijvoorbeeld 01-10-2023";

const refuse = (expected: string) => ({ ok: false as const, expected });

// Sign, currency before or after the sign, the figure, then "%" or a currency after it.
const NUMBER =
  /^(?<sign1>[-−+])? ?(?<cur1>€|eur)? ?(?<sign2>[-−+])? ?(?<figure>[\d.,]+?)(?<whole>,--?)? ?(?<unit>%|€|euro|eur)?$/i;
const GROUPED = /^[1-9]\d{0,2}(?:\.\d{3})+$/; // 1.234 and 12.345.678: thousands dots
const PLAIN = /^\d*$/;
const FRACTION = /^\d+$/;

/**
 * A number as written in Dutch: a decimal comma, dots between thousands, "%" or "€"/"euro",
 * a leading minus ("-" or "−"). A single dot reads as a decimal point (as Excel and JSON write
 * numbers) unless it sits where a thousands dot would: "2.37" is 2.37, "1.234" is 1234.
 * A percentage keeps the number as written: "1,96%" gives 1.96 with `percent: true`.
 */
export function parseDutchNumber(text: string): NumberResult {
  const match = NUMBER.exec(text.replace(/\s+/g, " ").trim());
  const g = match?.groups;
  if (!g?.figure) return refuse(expectedNumber);
  const unit = g.unit?.toLowerCase();
  const percent = unit === "%";
  if ((g.sign1 && g.sign2) || (g.cur1 && unit) || (g.whole && percent)) return refuse(expectedNumber);

  const figure = g.figure;
  const comma = figure.indexOf(",");
  if (comma >= 0 && figure.lastIndexOf(",") !== comma) return refuse(expectedNumber);
  if (comma >= 0 && figure.lastIndexOf(".") > comma) return refuse(expectedDecimalComma); // "1,234.56"
  if (g.whole && comma >= 0) return refuse(expectedNumber); // "1,5,-"

  let whole: string;
  let fraction = "";
  if (comma >= 0) {
    whole = figure.slice(0, comma);
    fraction = figure.slice(comma + 1);
    if (!FRACTION.test(fraction)) return refuse(expectedNumber);
  } else if (figure.includes(".") && !GROUPED.test(figure)) {
    // One dot that cannot be a thousands dot: a decimal point ("2.37", "0.125", "12345.678").
    const parts = figure.split(".");
    if (parts.length !== 2 || !FRACTION.test(parts[0]!) || !FRACTION.test(parts[1]!)) return refuse(expectedNumber);
    [whole, fraction] = parts as [string, string];
  } else {
    whole = figure;
  }
  if (whole.includes(".")) {
    if (!GROUPED.test(whole)) return refuse(expectedNumber);
    whole = whole.replaceAll(".", "");
  }
  if (!PLAIN.test(whole) || (whole === "" && fraction === "")) return refuse(expectedNumber);

  const negative = g.sign1 === "-" || g.sign1 === "−" || g.sign2 === "-" || g.sign2 === "−";
  const value = Number(`${whole || "0"}.${fraction || "0"}`);
  return { ok: true, value: negative && value !== 0 ? -value : value, percent };
}

const NAMED = /^(\d{1,2})[ -]([\p{L}]+)\.?[ -](\d{4})$/u;
const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$/;
const SERIAL = /^(\d{5})(?:[.,]\d+)?$/;

// Excel counts days from 30 December 1899 (its day 60 is a 29 February 1900 that never was,
// which only matters before March 1900).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function fromSerial(days: number): string {
  return new Date(EXCEL_EPOCH + Math.floor(days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A date as a Dutch officer writes it ("01-10-2023", "1/10/2023", "1 oktober 2023",
 * "1 okt. 2023"), in ISO ("2023-10-01") or as the day number Excel stores ("45200"), as ISO
 * "yyyy-mm-dd". Day numbers are read only with five digits (1927 to 2173), so a year such as
 * "2023" is not taken for a day in 1905. A date that does not exist (31-02-2023) is refused.
 */
export function parseDutchDate(text: string): DateResult {
  const value = text.replace(/\s+/g, " ").trim();
  const numeric = NUMERIC.test(value) ? parseDate(value) : undefined;
  if (numeric !== undefined) return numeric === null ? refuse(expectedExistingDate) : { ok: true, date: numeric };

  const named = NAMED.exec(value);
  if (named) {
    const month = DUTCH_MONTHS[named[2]!.toLowerCase()];
    if (month === undefined) return refuse(expectedDate);
    const date = isoDate(Number(named[3]), month, Number(named[1]));
    return isIsoDate(date) ? { ok: true, date } : refuse(expectedExistingDate);
  }

  const serial = SERIAL.exec(value);
  if (serial) return { ok: true, date: fromSerial(Number(serial[1])) };
  return refuse(expectedDate);
}

/**
 * The date in a spreadsheet cell, however the reader gives it: a JavaScript Date (exceljs
 * reads date cells as midnight UTC, so the UTC date counts), an Excel day number, a text
 * for `parseDutchDate`, or a formula, rich text or hyperlink object holding one of these.
 */
export function dateFromCell(value: unknown): DateResult {
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) return refuse(expectedDate);
    const date = value.toISOString().slice(0, 10);
    return isIsoDate(date) ? { ok: true, date } : refuse(expectedDate);
  }
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 10_000 && value < 100_000 ? { ok: true, date: fromSerial(value) } : refuse(expectedDate);
  }
  if (typeof value === "string") return parseDutchDate(value);
  if (value !== null && typeof value === "object") {
    if ("result" in value) return dateFromCell(value.result);
    if ("richText" in value && Array.isArray(value.richText)) {
      return parseDutchDate(value.richText.map((part: { text?: unknown }) => String(part.text ?? "")).join(""));
    }
    if ("text" in value) return dateFromCell(value.text);
  }
  return refuse(expectedDate);
}

/** The fraction digits JavaScript needs to write this number exactly (shortest form). */
function fractionDigits(value: number): number {
  const [mantissa = "", exponent = "0"] = String(Math.abs(value)).split("e");
  const digits = mantissa.split(".")[1]?.length ?? 0;
  return Math.min(100, Math.max(0, digits - Number(exponent)));
}

/**
 * "2,37", "1.234", "-12.345,6", "1,96%" (the number as written, followed by "%"). Without
 * `decimals`, as many decimals as the number has, so the text reads back to the same number.
 */
/** One formatter per number of decimals: making one costs more than formatting a thousand numbers. */
const formatters = new Map<number, Intl.NumberFormat>();
function formatterFor(decimals: number): Intl.NumberFormat {
  let format = formatters.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: "negative" }); // no "-0" or "-0,00"
    formatters.set(decimals, format);
  }
  return format;
}

export function formatDutchNumber(value: number, options: { decimals?: number; percent?: boolean } = {}): string {
  if (!Number.isFinite(value)) throw new RangeError(`Geen eindig getal: ${value}`);
  const text = formatterFor(options.decimals ?? fractionDigits(value)).format(value);
  return options.percent ? `${text}%` : text;
}

/** "2023-10-01" → "01-10-2023", the short form `parseDutchDate` reads back. */
export function formatDutchDate(iso: string): string {
  if (!isIsoDate(iso)) throw new RangeError(`Geen datum jjjj-mm-dd: ${iso}`);
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}
