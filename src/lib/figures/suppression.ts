/**
 * Suppression of small counts about children in everything published (statistical disclosure
 * control). Pure functions: whether a viewer sees real values (editors) or suppressed ones
 * (visitors without a role) is the caller's decision.
 *
 * A table is one indicator on one peildatum: breakdown cells that together make up the total
 * (a partition, e.g. thuiszitters per gemeente), optionally the total, and optionally values
 * derived from a cell's count (percentages, rates).
 *
 * Rules, with threshold t (default 5, a whole number of at least 3):
 * 1. Primary: a count c with 1 <= c <= t - 1 is suppressed and shows as "< t" (reason
 *    "klein aantal"); so with t = 5 the counts 1 to 4 show "< 5" and 5 and above are shown.
 *    0 is shown: publishing that there are none identifies no child. The total follows the same
 *    rule.
 * 2. Secondary: when a total is published, a reader can subtract the published cells from it.
 *    As long as that lets the reader work out the exact value of a suppressed cell, the smallest
 *    other published non-zero cell is suppressed too (reason "terug te rekenen", shows "–"; the
 *    first in table order when several are equally small). When no published non-zero cell is
 *    left, the total is suppressed instead ("–", "terug te rekenen"; also a total that showed
 *    "< t", since "< 3" over two cells of "< 3" makes both 1). So one small cell with a total
 *    gets a second suppression, and two or more small cells usually need none.
 *    The reader is assumed to know these rules and every value shown: a "< t" value lies in
 *    1..t-1, a "terug te rekenen" cell is at least t and at most the smallest published
 *    non-zero cell (it was the smallest when chosen), a "terug te rekenen" total is at least 1,
 *    a cell without a value is 0 or more. This is why 1 + 5 + 9 with a total of 15 (threshold
 *    5) needs three suppressions. A cell without a value that the table lets a reader work out
 *    as a small count is protected the same way.
 *    Protection is against exact recovery: a reader may still narrow a suppressed cell to a
 *    range (a small one only within 1..t-1, which "< t" already says).
 * 3. Without a published total there is nothing to subtract from, so only rule 1 applies, even
 *    when all other cells are shown. A total published elsewhere (another page, an export) must
 *    be passed as `total` so that it counts, and then be published from this result.
 * 4. A value derived from a suppressed cell's count is suppressed with it (shows "–", same
 *    reason): a percentage and its denominator give the count back.
 * 5. Nothing is lost by accident: a suppressed Shown has value null; `text` is what a page
 *    prints; other numbers are formatted with Intl.NumberFormat("nl-NL"); no value shows "–".
 *
 * Not covered: tables that share cells with other published tables (e.g. the same gemeente
 * broken down by school type elsewhere), and a reader reasoning about why a particular cell was
 * chosen beyond the bounds above.
 */

export type SuppressionReason = "klein aantal" | "terug te rekenen";

/** One breakdown cell, e.g. "gemeente:velsen"; null = no value. */
export interface Cell {
  key: string;
  value: number | null;
}

export interface CountTable {
  /** The breakdown cells that together make up the total (a partition). */
  cells: Cell[];
  /** The total over all cells, if published. */
  total?: number | null;
  /** Percentages or rates derived from a cell's count (e.g. share of pupils): cell key → derived value. */
  derived?: Record<string, number | null>;
}

export interface Shown {
  key: string;
  /** The value, or null when suppressed or when there is none. */
  value: number | null;
  /** What a page prints. */
  text: string;
  suppressed: boolean;
  reason?: SuppressionReason;
}

export interface SuppressionOptions {
  /** Counts from 1 up to threshold - 1 are suppressed; default 5. */
  threshold?: number;
}

export interface SuppressedTable {
  cells: Shown[];
  /** null when the table has no total. */
  total: Shown | null;
  derived: Shown[];
}

export const DEFAULT_THRESHOLD = 5;
/** Printed for a suppressed value that is not a small count, and for no value. */
export const NOT_SHOWN_TEXT = "–";
/** The key of the total in a SuppressedTable. */
export const TOTAL_KEY = "totaal";

const numberFormat = new Intl.NumberFormat("nl-NL");

function thresholdOf(options: SuppressionOptions | undefined): number {
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  // With threshold 2, "< 2" would say the count is 1.
  if (!Number.isInteger(threshold) || threshold < 3) {
    throw new RangeError(`Suppression threshold must be a whole number of at least 3, got ${threshold}`);
  }
  return threshold;
}

function checkCount(key: string, value: number | null): void {
  if (value !== null && !(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`Count "${key}" must be a whole number of at least 0, got ${value}`);
  }
}

function isSmall(value: number | null, threshold: number): boolean {
  return value !== null && value >= 1 && value < threshold;
}

function visible(key: string, value: number | null): Shown {
  return { key, value, text: value === null ? NOT_SHOWN_TEXT : numberFormat.format(value), suppressed: false };
}

function small(key: string, threshold: number): Shown {
  return { key, value: null, text: `< ${threshold}`, suppressed: true, reason: "klein aantal" };
}

function recoverable(key: string): Shown {
  return { key, value: null, text: NOT_SHOWN_TEXT, suppressed: true, reason: "terug te rekenen" };
}

function primary(key: string, value: number | null, threshold: number): Shown {
  checkCount(key, value);
  return isSmall(value, threshold) ? small(key, threshold) : visible(key, value);
}

/** A single count on its own (no table): rule 1 only. */
export function suppressCount(value: number | null, options?: SuppressionOptions & { key?: string }): Shown {
  return primary(options?.key ?? "", value, thresholdOf(options));
}

interface Range {
  lo: number;
  hi: number;
}

/**
 * What a reader can conclude about each unknown x_i from one equation Σ sign_i·x_i = b, given
 * each unknown's own range: the range narrowed by the equation (lo > hi when inconsistent).
 */
function narrow(unknowns: { sign: 1 | -1; range: Range }[], b: number): Range[] {
  // The term sign·x ranges over [low, high]; lows are finite or -∞, highs finite or +∞.
  const low = (u: (typeof unknowns)[number]) => (u.sign > 0 ? u.range.lo : -u.range.hi);
  const high = (u: (typeof unknowns)[number]) => (u.sign > 0 ? u.range.hi : -u.range.lo);
  // Sums kept as a finite part plus a count of infinite terms, so one term can be taken out again.
  let lowFinite = 0;
  let lowInfinite = 0;
  let highFinite = 0;
  let highInfinite = 0;
  for (const u of unknowns) {
    if (Number.isFinite(low(u))) lowFinite += low(u);
    else lowInfinite++;
    if (Number.isFinite(high(u))) highFinite += high(u);
    else highInfinite++;
  }
  return unknowns.map((u) => {
    const l = low(u);
    const h = high(u);
    const restLow = Number.isFinite(l) ? (lowInfinite > 0 ? -Infinity : lowFinite - l) : lowInfinite > 1 ? -Infinity : lowFinite;
    const restHigh = Number.isFinite(h) ? (highInfinite > 0 ? Infinity : highFinite - h) : highInfinite > 1 ? Infinity : highFinite;
    // sign·x = b - rest
    const [from, to] = u.sign > 0 ? [b - restHigh, b - restLow] : [restLow - b, restHigh - b];
    return { lo: Math.max(u.range.lo, from), hi: Math.min(u.range.hi, to) };
  });
}

/**
 * Whether a reader who knows the rules can work out, from the cells and the total as shown, the
 * exact value of a suppressed cell or total, or a small count for a cell without a value.
 * `totalValue` is the real total (not null); `total` how it is shown.
 */
function leaks(cells: Shown[], total: Shown, totalValue: number, threshold: number): boolean {
  let published = 0;
  let smallestPublished = Infinity;
  for (const cell of cells) {
    if (!cell.suppressed && cell.value !== null) {
      published += cell.value;
      if (cell.value > 0) smallestPublished = Math.min(smallestPublished, cell.value);
    }
  }
  const rangeOf = (shown: Shown): Range =>
    shown.reason === "klein aantal"
      ? { lo: 1, hi: threshold - 1 }
      : shown.reason === "terug te rekenen"
        ? shown === total
          ? { lo: 1, hi: Infinity }
          : { lo: threshold, hi: smallestPublished }
        : { lo: 0, hi: Infinity }; // no value
  const unknownCells = cells.filter((cell) => cell.suppressed || cell.value === null);
  const unknowns = unknownCells.map((cell): { sign: 1 | -1; range: Range } => ({ sign: 1, range: rangeOf(cell) }));
  // Σ unknown cells - total = -published
  unknowns.push({ sign: -1, range: total.suppressed ? rangeOf(total) : { lo: totalValue, hi: totalValue } });
  const ranges = narrow(unknowns, -published);
  return ranges.some((range, i) => {
    const shown = unknownCells[i] ?? total;
    if (shown.suppressed) return range.lo >= range.hi;
    if (shown === total) return false;
    return range.lo === range.hi && isSmall(range.lo, threshold);
  });
}

/** The rules above for a table of one indicator on one date. */
export function suppressTable(table: CountTable, options?: SuppressionOptions): SuppressedTable {
  const threshold = thresholdOf(options);
  const keys = new Set<string>();
  for (const cell of table.cells) {
    if (keys.has(cell.key)) throw new RangeError(`Cell key "${cell.key}" occurs more than once`);
    keys.add(cell.key);
  }
  const cells = table.cells.map((cell) => primary(cell.key, cell.value, threshold));
  let total = table.total === undefined ? null : primary(TOTAL_KEY, table.total, threshold);

  if (total && table.total != null) {
    // Each round suppresses one more value, so this ends after at most cells + 2 rounds.
    while (leaks(cells, total, table.total, threshold)) {
      let pick = -1;
      cells.forEach((cell, i) => {
        if (!cell.suppressed && cell.value !== null && cell.value > 0 && (pick < 0 || cell.value < cells[pick]!.value!)) pick = i;
      });
      if (pick >= 0) cells[pick] = recoverable(cells[pick]!.key);
      else if (total.reason !== "terug te rekenen") total = recoverable(TOTAL_KEY);
      else break; // only with a total that does not match its cells
    }
  }

  const byKey = new Map(cells.map((cell) => [cell.key, cell]));
  const derived = Object.entries(table.derived ?? {}).map(([key, value]): Shown => {
    const cell = byKey.get(key);
    if (!cell) throw new RangeError(`Derived value "${key}" belongs to no cell of the table`);
    if (value !== null && !Number.isFinite(value)) throw new RangeError(`Derived value "${key}" is not a number: ${value}`);
    if (cell.suppressed) return { key, value: null, text: NOT_SHOWN_TEXT, suppressed: true, reason: cell.reason! };
    return visible(key, value);
  });

  return { cells, total, derived };
}
