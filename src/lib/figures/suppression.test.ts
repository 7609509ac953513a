/** Tests for the suppression of small counts: fixed cases per rule, then seeded random tables. */
import { describe, expect, it } from "vitest";
import { type CountTable, type Shown, suppressCount, suppressTable } from "./suppression.ts";

describe("a single count", () => {
  it.each([
    [0, 5, "0", false],
    [1, 5, "< 5", true],
    [4, 5, "< 5", true],
    [5, 5, "5", false],
    [6, 5, "6", false],
    [1234, 5, "1.234", false],
    [null, 5, "–", false],
    [2, 3, "< 3", true],
    [3, 3, "3", false],
    [9, 10, "< 10", true],
    [10, 10, "10", false],
  ])("%s with threshold %s shows %j (suppressed: %s)", (value, threshold, text, suppressed) => {
    const shown = suppressCount(value, { threshold, key: "k" });
    expect(shown).toMatchObject({ key: "k", text, suppressed });
    expect(shown.value).toBe(suppressed ? null : value);
    expect(shown.reason).toBe(suppressed ? "klein aantal" : undefined);
  });

  it("uses threshold 5 when none is given", () => {
    expect(suppressCount(4).text).toBe("< 5");
    expect(suppressCount(5).text).toBe("5");
  });

  it.each([2, 0, -5, 4.5, Number.NaN])("refuses threshold %s", (threshold) => {
    expect(() => suppressCount(3, { threshold })).toThrow(RangeError);
  });

  it.each([-1, 2.5, Number.NaN, Infinity])("refuses count %s", (value) => {
    expect(() => suppressCount(value)).toThrow(RangeError);
  });
});

/** A table of cells a, b, c, ... with the given values. */
function table(values: (number | null)[], total?: number | null, derived?: Record<string, number | null>): CountTable {
  return { cells: values.map((value, i) => ({ key: String.fromCharCode(97 + i), value })), total, derived };
}

const texts = (shown: Shown[]) => shown.map((s) => s.text);

describe("a table", () => {
  it.each<[string, (number | null)[], number | null | undefined, string[], string | null]>([
    ["primary only, without total", [0, 3, 12, null, 1], undefined, ["0", "< 5", "12", "–", "< 5"], null],
    ["no total, all other cells known: nothing to subtract from", [3, 12, 7], undefined, ["< 5", "12", "7"], null],
    ["total without value", [3, 12, 7], null, ["< 5", "12", "7"], "–"],
    ["no small cell", [0, 5, 12], 17, ["0", "5", "12"], "17"],
    ["one small cell with total: the smallest other non-zero cell goes too", [3, 12, 7, 0, 20], 42, ["< 5", "12", "–", "0", "20"], "42"],
    ["zero cells are never the second suppression", [3, 0, 0, 9], 12, ["< 5", "0", "0", "–"], "12"],
    ["the first of equally small cells is chosen", [2, 8, 8, 30], 48, ["< 5", "–", "8", "30"], "48"],
    ["two small cells with total need no more", [2, 3, 12, 20], 37, ["< 5", "< 5", "12", "20"], "37"],
    ["two small cells summing to 2 must both be 1", [1, 1, 12, 20], 34, ["< 5", "< 5", "–", "20"], "34"],
    ["two small cells summing to 8 must both be 4", [4, 4, 12, 20], 40, ["< 5", "< 5", "–", "20"], "40"],
    ["1 next to a second suppression of exactly 5 needs a third", [1, 5, 9, 30], 45, ["< 5", "–", "–", "30"], "45"],
    ["the only other cell is suppressed", [3, 10], 13, ["< 5", "–"], "13"],
    ["no other cell left: the total is suppressed", [1, 5], 6, ["< 5", "–"], "–"],
    ["only small cells that give each other away: the total is suppressed", [4, 4, 0], 8, ["< 5", "< 5", "0"], "–"],
    ["a small total is suppressed itself", [2, 1, 0], 3, ["< 5", "< 5", "0"], "< 5"],
    ["a cell without value that the total reveals as small", [null, 10, 8], 20, ["–", "10", "–"], "20"],
    ["a cell without value that the total reveals as large", [null, 10, 8], 30, ["–", "10", "8"], "30"],
  ])("%s", (_name, values, total, cellTexts, totalText) => {
    const result = suppressTable(table(values, total));
    expect(texts(result.cells)).toEqual(cellTexts);
    expect(result.total?.text ?? null).toBe(totalText);
  });

  it("gives reasons and hides values of suppressed cells", () => {
    const result = suppressTable(table([3, 12, 7, 20], 42));
    expect(result.cells).toEqual([
      { key: "a", value: null, text: "< 5", suppressed: true, reason: "klein aantal" },
      { key: "b", value: 12, text: "12", suppressed: false },
      { key: "c", value: null, text: "–", suppressed: true, reason: "terug te rekenen" },
      { key: "d", value: 20, text: "20", suppressed: false },
    ]);
    expect(result.total).toEqual({ key: "totaal", value: 42, text: "42", suppressed: false });
    expect(result.derived).toEqual([]);
  });

  it("applies another threshold", () => {
    const result = suppressTable(table([9, 10, 25], 44), { threshold: 10 });
    expect(texts(result.cells)).toEqual(["< 10", "–", "25"]);
    expect(suppressTable(table([4, 5, 25], 34), { threshold: 3 }).cells.every((c) => !c.suppressed)).toBe(true);
    // "< 3" twice under a total of "< 3" can only be 1 + 1 = 2.
    const tiny = suppressTable(table([1, 1], 2), { threshold: 3 });
    expect(texts(tiny.cells)).toEqual(["< 3", "< 3"]);
    expect(tiny.total).toMatchObject({ text: "–", reason: "terug te rekenen" });
  });

  it("suppresses derived values of suppressed cells, with the cell's reason", () => {
    const result = suppressTable(table([3, 12, 7, 20], 42, { a: 1.5, b: 6.25, c: 3.5, d: null }));
    expect(result.derived).toEqual([
      { key: "a", value: null, text: "–", suppressed: true, reason: "klein aantal" },
      { key: "b", value: 6.25, text: "6,25", suppressed: false },
      { key: "c", value: null, text: "–", suppressed: true, reason: "terug te rekenen" },
      { key: "d", value: null, text: "–", suppressed: false },
    ]);
  });

  it.each<[string, CountTable]>([
    ["a derived value of no cell", table([3, 12], 15, { z: 1 })],
    ["a derived value that is not a number", table([3, 12], 15, { b: Number.NaN })],
    ["a key used twice", { cells: [{ key: "a", value: 1 }, { key: "a", value: 2 }] }],
    ["a negative count", table([3, -1])],
    ["a total that is not a whole number", table([3, 12], 15.5)],
  ])("refuses %s", (_name, input) => {
    expect(() => suppressTable(input)).toThrow(RangeError);
  });
});

/** mulberry32: a small seeded generator, so a failing table can be reproduced. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CAP = 600; // above any sum the generator makes

/**
 * A reader who knows the rules, working from the shown table alone: for every value not shown,
 * the set of values consistent with cells summing to the total, found by enumerating the sums
 * the other unknowns can reach (independent of the interval reasoning in the code).
 */
function possibleValues(shown: { cells: Shown[]; total: Shown }, threshold: number): { cells: Map<string, number[]>; total: number[] } {
  const published = shown.cells.filter((c) => !c.suppressed && c.value !== null);
  const publishedSum = published.reduce((sum, c) => sum + c.value!, 0);
  const smallestPublished = Math.min(CAP, ...published.map((c) => c.value!).filter((v) => v > 0));
  const domain = (s: Shown, isTotal: boolean): [number, number] => {
    if (!s.suppressed) return s.value === null ? [0, CAP] : [s.value, s.value];
    if (s.reason === "klein aantal") return [1, threshold - 1];
    return isTotal ? [1, CAP] : [threshold, smallestPublished];
  };
  const unknown = shown.cells.filter((c) => c.suppressed || c.value === null);
  const reachable = (others: Shown[]): boolean[] => {
    let sums = Array.from({ length: CAP + 1 }, (_, s) => s === 0);
    for (const other of others) {
      const [lo, hi] = domain(other, false);
      const next = Array<boolean>(CAP + 1).fill(false);
      for (let s = 0; s <= CAP; s++) if (sums[s]) for (let v = lo; v <= hi && s + v <= CAP; v++) next[s + v] = true;
      sums = next;
    }
    return sums;
  };
  const [totalLo, totalHi] = domain(shown.total, true);
  const cells = new Map<string, number[]>();
  for (const cell of unknown) {
    const sums = reachable(unknown.filter((c) => c !== cell));
    const [lo, hi] = domain(cell, false);
    const values: number[] = [];
    for (let x = lo; x <= hi; x++) {
      if (sums.some((ok, s) => ok && publishedSum + x + s >= totalLo && publishedSum + x + s <= totalHi)) values.push(x);
    }
    cells.set(cell.key, values);
  }
  const all = reachable(unknown);
  const total: number[] = [];
  for (let s = 0; s <= CAP; s++) if (all[s] && publishedSum + s >= totalLo && publishedSum + s <= totalHi) total.push(publishedSum + s);
  return { cells, total };
}

describe("random tables", () => {
  const random = seeded(20240901);
  const pick = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const cases = Array.from({ length: 600 }, (_, n) => {
    const threshold = [3, 5, 5, 10][pick(0, 3)]!;
    const count = () => {
      const r = random();
      return r < 0.2 ? 0 : r < 0.55 ? pick(1, threshold - 1) : r < 0.9 ? pick(threshold, 15) : pick(16, 60);
    };
    // Many short tables: there the cells run out and the total has to go.
    const truth = Array.from({ length: random() < 0.4 ? pick(1, 3) : pick(1, 7) }, count);
    const values = truth.map((v) => (random() < 0.1 ? null : v));
    const total = random() < 0.8 ? truth.reduce((a, b) => a + b, 0) : undefined;
    return { n, threshold, truth, values, total };
  });

  it.each(cases)("table $n: $values, total $total, threshold $threshold", ({ threshold, truth, values, total }) => {
    const result = suppressTable(table(values, total), { threshold });
    result.cells.forEach((cell, i) => {
      const value = values[i]!;
      if (value !== null && value >= 1 && value < threshold) {
        expect(cell).toMatchObject({ text: `< ${threshold}`, reason: "klein aantal" });
      } else if (cell.suppressed) {
        expect(cell).toMatchObject({ text: "–", reason: "terug te rekenen", value: null });
        expect(value).toBeGreaterThan(0);
      } else {
        expect(cell.value).toBe(value);
      }
    });
    if (total === undefined) {
      expect(result.total).toBeNull();
      expect(result.cells.some((c) => c.reason === "terug te rekenen")).toBe(false);
      return;
    }
    if (!values.some((v) => v === null || (v >= 1 && v < threshold)) && total >= threshold) {
      expect(result.cells.some((c) => c.suppressed) || result.total!.suppressed).toBe(false);
    }

    const possible = possibleValues({ cells: result.cells, total: result.total! }, threshold);
    result.cells.forEach((cell, i) => {
      const values = possible.cells.get(cell.key);
      if (!values) return;
      // The reader's reasoning must hold for the real table, or the check below proves nothing.
      expect(values).toContain(truth[i]);
      if (cell.suppressed) expect(values.length, `cell ${cell.key} can be worked out`).toBeGreaterThan(1);
      else if (values.length === 1) expect(values[0] === 0 || values[0]! >= threshold, `cell ${cell.key} is a small count`).toBe(true);
    });
    expect(possible.total).toContain(total);
    if (result.total!.suppressed) expect(possible.total.length).toBeGreaterThan(1);
  });

  it("include enough second suppressions and suppressed totals to mean something", () => {
    const results = cases.map(({ threshold, values, total }) => suppressTable(table(values, total), { threshold }));
    expect(results.filter((r) => r.cells.some((c) => c.reason === "terug te rekenen")).length).toBeGreaterThan(60);
    expect(results.filter((r) => r.total?.reason === "terug te rekenen").length).toBeGreaterThan(5);
  });
});
