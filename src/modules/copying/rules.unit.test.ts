import { describe, expect, it } from "vitest";
import type { Status } from "../monitoring/status.ts";
import { finishedItems, latestStatuses } from "./rules.ts";
import { addYears, moveYears, proposeCopy, yearsSpanned } from "./proposal.ts";

type N = { id: number; children: N[] };
const node = (id: number, ...children: N[]): N => ({ id, children });

describe("which items come along to next year's plan", () => {
  // 1 ─ 2, 3 (3 has 4);  5;  6
  const tree = [node(1, node(2), node(3, node(4))), node(5), node(6)];
  const out = (statuses: Record<number, Status>) => [...finishedItems(tree, new Map(Object.entries(statuses).map(([k, v]) => [Number(k), v])))].sort();

  it("leaves out items whose latest status is afgerond or vervallen", () => {
    expect(out({ 5: "afgerond", 6: "vervallen" })).toEqual([5, 6]);
  });

  it("takes along items that are under way, late, postponed or without a status", () => {
    expect(out({ 2: "op-koers", 4: "achter-op-planning", 5: "uitgesteld", 6: "niet-gestart" })).toEqual([]);
  });

  it("takes a finished item along when something below it is not finished", () => {
    expect(out({ 1: "afgerond", 2: "afgerond", 3: "afgerond", 4: "op-koers" })).toEqual([2]);
  });

  it("leaves out a finished item with everything below it when all of that is finished", () => {
    expect(out({ 1: "afgerond", 2: "vervallen", 3: "afgerond", 4: "afgerond" })).toEqual([1, 2, 3, 4]);
  });

  it("counts an item's latest status: the period shown, else the latest before it", () => {
    const current = [
      { item: { id: 1 }, effective: "op-koers" as Status },
      { item: { id: 2 }, effective: null },
    ];
    const earlier = new Map<number, Status>([
      [1, "afgerond"],
      [2, "afgerond"],
      [3, "vervallen"],
    ]);
    expect(latestStatuses(current, earlier)).toEqual(
      new Map<number, Status>([
        [1, "op-koers"],
        [2, "afgerond"],
        [3, "vervallen"],
      ]),
    );
  });
});

describe("what the copy form proposes", () => {
  it.each([
    [{ start: "2025-08-01", end: "2026-07-31" }, 1],
    [{ start: "2023-01-01", end: "2023-12-31" }, 1],
    [{ start: "2022-01-01", end: "2024-12-31" }, 3],
    [{ start: "2024-03-01", end: "2024-04-01" }, 1],
  ])("moves a plan of %o on by %i year(s)", (period, years) => {
    expect(yearsSpanned(period)).toBe(years);
  });

  it("moves dates and the years in texts", () => {
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(addYears("2025-08-01", 1)).toBe("2026-08-01");
    expect(moveYears("Uitvoeringsplan 2025-2026, schooljaar 2025-2026", 1)).toBe("Uitvoeringsplan 2026-2027, schooljaar 2026-2027");
  });

  it("proposes next year's title and period", () => {
    expect(proposeCopy({ title: "Jaarplan 2023", period: { label: "2023", start: "2023-01-01", end: "2023-12-31" } })).toEqual({
      title: "Jaarplan 2024",
      period: { label: "2024", start: "2024-01-01", end: "2024-12-31" },
    });
    expect(proposeCopy({ title: "Werkplan", period: { label: "schooljaar 2025-2026", start: "2025-08-01", end: "2026-07-31" } }).title).toBe("Werkplan (vervolg)");
  });
});
