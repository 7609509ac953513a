import { describe, expect, it } from "vitest";
import { chosenPart, itemHref, partOf, planParts } from "./parts.ts";
import type { PlanItem } from "./reading.ts";

let next = 1;
function item(level: string, title: string, text: number, children: PlanItem[] = []): PlanItem {
  return {
    id: next++,
    code: null,
    level,
    title,
    sections: text > 0 ? [{ title: "Toelichting", text: "x".repeat(text) }] : [],
    parties: [],
    when: null,
    budget: null,
    priority: false,
    reducedCapacity: null,
    internalNote: null,
    interpreted: [],
    topics: [],
    links: [],
    backlinks: [],
    backlinkCount: 0,
    version: 1,
    editable: false,
    children,
  };
}

/** Themes (headings) holding activities (the row level) with steps below them. */
function plan(themes: number, rowsPerTheme: number, text: number) {
  return Array.from({ length: themes }, (_, t) =>
    item("thema", `Thema ${t + 1}`, 100, Array.from({ length: rowsPerTheme }, (_, r) => item("activiteit", `Activiteit ${t + 1}.${r + 1}`, text, [item("stap", "Stap", 50)]))),
  );
}

const ids = (list: PlanItem[]): number[] => list.flatMap((i) => [i.id, ...ids(i.children)]);

describe("planParts", () => {
  it("keeps a plan that fits in one part whole", () => {
    const items = plan(3, 4, 200);
    const parts = planParts(items, "activiteit");
    expect(parts).toHaveLength(1);
    expect([...parts[0]!.owns].sort((a, b) => a - b)).toEqual(ids(items).sort((a, b) => a - b));
  });

  it("cuts a long plan into parts within the budget, each item in exactly one part, in the plan's order", () => {
    const items = plan(6, 10, 2_000);
    const parts = planParts(items, "activiteit", { budget: 20_000 });
    expect(parts.length).toBeGreaterThan(3);
    const owned = parts.flatMap((p) => [...p.owns]);
    expect(owned).toEqual(ids(items));
    expect(new Set(owned).size).toBe(owned.length);
    expect(parts.map((p) => p.number)).toEqual(parts.map((_, i) => i + 1));
  });

  it("shows the headings above a part's rows, as a continuation when their texts are in an earlier part", () => {
    const items = plan(1, 30, 2_000);
    const [theme] = items;
    const parts = planParts(items, "activiteit", { budget: 20_000 });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.owns.has(theme!.id)).toBe(true);
    for (const p of parts.slice(1)) {
      expect(p.shows.has(theme!.id)).toBe(true);
      expect(p.owns.has(theme!.id)).toBe(false);
    }
  });

  it("keeps a row with everything below it together, even when the row alone is over the budget", () => {
    const big = item("activiteit", "Groot", 50_000, [item("stap", "Stap", 10)]);
    const items = [item("thema", "Thema", 10, [item("activiteit", "Klein", 10), big, item("activiteit", "Daarna", 10)])];
    const parts = planParts(items, "activiteit", { budget: 20_000 });
    const holding = parts.find((p) => p.owns.has(big.id))!;
    expect(holding.owns.has(big.children[0]!.id)).toBe(true);
    expect(parts).toHaveLength(3);
  });

  it("cuts a plan with only rows at the top (no headings) as well", () => {
    const items = Array.from({ length: 40 }, (_, i) => item("actie", `Actie ${i}`, 3_000));
    const parts = planParts(items, "actie", { budget: 20_000 });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => [...p.owns])).toEqual(ids(items));
  });

  it("weighs what is shown beside an item, such as its charts", () => {
    const items = plan(2, 10, 100);
    expect(planParts(items, "activiteit", { budget: 40_000 })).toHaveLength(1);
    const charted = new Set(items[0]!.children.map((c) => c.id));
    expect(planParts(items, "activiteit", { budget: 40_000, extra: (id) => (charted.has(id) ? 5_000 : 0) }).length).toBeGreaterThan(1);
  });

  it("names a part by the top-level items it spans", () => {
    const items = plan(4, 10, 2_000);
    items[0]!.code = "1";
    const parts = planParts(items, "activiteit", { budget: 30_000 });
    expect(parts[0]!.label).toMatch(/^1 Thema 1/);
    expect(parts.at(-1)!.label).toMatch(/Thema 4$/);
  });
});

describe("choosing a part", () => {
  const items = plan(6, 10, 2_000);
  const parts = planParts(items, "activiteit", { budget: 20_000 });
  const lastRow = items.at(-1)!.children.at(-1)!;

  it("takes ?deel=N, the last part for a larger N, and the whole plan for ?deel=alle", () => {
    expect(chosenPart(parts, { deel: "2" })!.number).toBe(2);
    expect(chosenPart(parts, { deel: "999" })!.number).toBe(parts.length);
    expect(chosenPart(parts, { deel: "alle" })).toBeNull();
  });

  it("opens the part that holds a named item, and part 1 for an unknown one or none", () => {
    expect(partOf(parts, lastRow.id)).toBe(parts.length);
    expect(chosenPart(parts, { item: lastRow.children[0]!.id })!.number).toBe(parts.length);
    expect(chosenPart(parts, { item: 999_999 })!.number).toBe(1);
    expect(chosenPart(parts, { deel: "x" })!.number).toBe(1);
  });

  it("shows a plan that fits in one part whole", () => {
    expect(chosenPart(planParts(plan(1, 2, 10), "activiteit"), { deel: "2" })).toBeNull();
  });

  it("links from elsewhere name the item, so the plan page can open its part", () => {
    expect(itemHref("werkplan", 12)).toBe("/plannen/werkplan?onderdeel=12#onderdeel-12");
    expect(itemHref("werkplan", 12, "onderdeel-3")).toBe("/plannen/werkplan?onderdeel=12#onderdeel-3");
  });
});
