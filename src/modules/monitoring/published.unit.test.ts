/** Published progress: the rules as plain functions (addresses of periods, counts in plain words, the last published period). */
import { describe, expect, it } from "vitest";
import { countStatuses, lastPublished, periodSlug, statusSentences } from "./published.ts";
import { statusesOf } from "./status.ts";

describe("periodSlug", () => {
  it.each([
    ["T2 2025", "t2-2025"],
    ["2022", "2022"],
    ["Schooljaar 2024-2025", "schooljaar-2024-2025"],
    ["  Q1 / 2026 ", "q1-2026"],
    ["Eerste helft é", "eerste-helft-e"],
  ])("%s → %s", (label, slug) => expect(periodSlug(label)).toBe(slug));
});

describe("statusSentences", () => {
  const level = { name: "Activiteit", plural: "Activiteiten" };
  it("says per status how many of all, with the verb in number", () => {
    expect(
      statusSentences(
        [
          { status: "op-koers", count: 12 },
          { status: "achter-op-planning", count: 1 },
          { status: null, count: 7 },
        ],
        level,
      ),
    ).toEqual(["12 van de 20 activiteiten liggen op koers.", "1 van de 20 activiteiten loopt achter op de planning.", "7 van de 20 activiteiten hebben nog geen status."]);
  });
  it("leaves out statuses that no item has, and speaks of one item in the singular", () => {
    expect(statusSentences([{ status: "afgerond", count: 1 }, { status: "vervallen", count: 0 }], level)).toEqual(["De ene activiteit is afgerond."]);
  });
  it("speaks of onderdelen when the plan names no plural, and writes big numbers the Dutch way", () => {
    expect(statusSentences([{ status: "aandacht-nodig", count: 1200 }, { status: "op-koers", count: 300 }], { name: "Actie" })).toEqual([
      "1.200 van de 1.500 onderdelen vragen aandacht.",
      "300 van de 1.500 onderdelen liggen op koers.",
    ]);
  });
  it("is empty without items", () => expect(statusSentences([], level)).toEqual([]));
});

describe("countStatuses and statusesOf", () => {
  it("counts in the order of the statuses, no status last", () => {
    expect(countStatuses([null, "afgerond", "op-koers", "op-koers"])).toEqual([
      { status: "op-koers", count: 2 },
      { status: "afgerond", count: 1 },
      { status: null, count: 1 },
    ]);
  });
  it("rolls the published statuses up to the items above, and keeps an item's own", () => {
    const tree = [{ id: 1, children: [{ id: 2, children: [] }, { id: 3, children: [] }] }, { id: 4, children: [{ id: 5, children: [] }] }];
    const result = statusesOf(tree, new Map([[2, "op-koers" as const], [3, "achter-op-planning" as const], [4, "afgerond" as const]]));
    expect(result.get(1)).toEqual({ rolledUp: "achter-op-planning", effective: "achter-op-planning" });
    expect(result.get(4)).toEqual({ rolledUp: null, effective: "afgerond" });
    expect(result.get(5)).toEqual({ rolledUp: null, effective: null });
  });
});

describe("lastPublished", () => {
  it("is the period that starts latest, then ends latest", () => {
    const periods = [
      { id: 1, start: "2025-05-01", end: "2025-08-31" },
      { id: 2, start: "2025-01-01", end: "2025-12-31" },
      { id: 3, start: "2025-05-01", end: "2025-06-30" },
    ];
    expect(lastPublished(periods)?.id).toBe(1);
    expect(lastPublished([])).toBeNull();
  });
});
