/** The rules of a round's overview, as plain functions: filters, "changed since", missing, context and nesting. */
import { describe, expect, it } from "vitest";
import type { MeasurementView } from "../figures/service.ts";
import type { Status } from "../monitoring/status.ts";
import type { ItemProgress, ProgressUpdate } from "../monitoring/updates.ts";
import {
  applyFilters,
  changeOf,
  countsOf,
  figuresInPeriod,
  hasFilters,
  matches,
  nest,
  noFilters,
  overviewEntries,
  parseFilters,
  responsibleOrganisations,
  type OverviewEntry,
  type OverviewFilters,
} from "./overview.ts";

const org = (id: number, slug: string) => ({ id, slug, name: slug.toUpperCase(), shortName: null });
const swv = org(1, "swvnk");
const ppo = org(2, "ppo-nk");
const ggd = org(3, "ggd");

const update = (itemId: number, status: Status, results = "", planning = ""): ProgressUpdate => ({
  id: itemId * 10,
  itemId,
  periodId: 2,
  status,
  results,
  planning,
  percentage: null,
  statusReason: null,
  author: { id: 1, name: "Anna" },
  createdAt: new Date("2026-06-01T10:00:00Z"),
  updatedAt: new Date("2026-06-01T10:00:00Z"),
  version: 1,
});

describe("parseFilters", () => {
  it("reads the GET form's fields", () => {
    expect(parseFilters({ thema: "12", organisatie: "ppo-nk", status: "aandacht-nodig", gewijzigd: "1" })).toEqual({
      theme: 12,
      organisation: "ppo-nk",
      status: "aandacht-nodig",
      changed: true,
    });
    expect(parseFilters({ status: "nog-niet-gemeld" }).status).toBe("nog-niet-gemeld");
  });

  it("takes empty and invalid choices as no filter", () => {
    expect(parseFilters({})).toEqual(noFilters);
    expect(parseFilters({ thema: "", organisatie: " ", status: "", gewijzigd: "" })).toEqual(noFilters);
    expect(parseFilters({ thema: "abc", status: "prima", gewijzigd: "ja" })).toEqual(noFilters);
    expect(parseFilters({ thema: "-3" }).theme).toBeNull();
    expect(parseFilters({ thema: "1.5" }).theme).toBeNull();
  });

  it("hasFilters says whether any is set", () => {
    expect(hasFilters(noFilters)).toBe(false);
    expect(hasFilters({ ...noFilters, changed: true })).toBe(true);
    expect(hasFilters({ ...noFilters, organisation: "ggd" })).toBe(true);
  });
});

describe("changeOf", () => {
  const now = { status: "op-koers" as Status, results: "Tien scholen doen mee.", planning: "Evalueren in juni." };
  it.each([
    ["no update now", null, now, null],
    ["nothing before", now, undefined, "nieuw"],
    ["nothing before (null)", now, null, "nieuw"],
    ["the same", now, { ...now }, "ongewijzigd"],
    ["another status", now, { ...now, status: "niet-gestart" as Status }, "gewijzigd"],
    ["other results", now, { ...now, results: "Vijf scholen doen mee." }, "gewijzigd"],
    ["another planning", now, { ...now, planning: "" }, "gewijzigd"],
  ] as const)("%s", (_, current, previous, expected) => {
    expect(changeOf(current, previous)).toBe(expected);
  });
});

describe("responsibleOrganisations", () => {
  const tree = [
    {
      id: 1,
      parties: [],
      children: [
        { id: 11, parties: [{ organisations: [ppo] }], children: [{ id: 111, parties: [{ organisations: [ggd, ppo] }], children: [] }] },
        { id: 12, parties: [], children: [] },
      ],
    },
    { id: 2, parties: [{ organisations: [ggd] }], children: [] },
  ];
  const result = responsibleOrganisations(tree, [swv]);

  it("an item answers with its own parties and those above it, each once", () => {
    expect(result.get(11)).toEqual([ppo]);
    expect(result.get(111)).toEqual([ppo, ggd]);
    expect(result.get(2)).toEqual([ggd]);
  });

  it("an item without a party anywhere above it falls to the owners", () => {
    expect(result.get(1)).toEqual([swv]);
    expect(result.get(12)).toEqual([swv]);
  });
});

describe("figuresInPeriod", () => {
  const m = (date: string, scope = "totaal") => ({ id: Number(date.replaceAll("-", "")), date, scope }) as MeasurementView;
  const list = [
    { slug: "thuiszitters", name: "Thuiszitters", measurements: [m("2026-04-30"), m("2026-05-01"), m("2026-05-01", "gemeente:velsen"), m("2026-08-31"), m("2026-09-01")] },
    { slug: "verzuim", name: "Verzuim", measurements: [m("2025-12-31")] },
  ];

  it("keeps the measurements dated in the period, its first and last day included, and leaves out indicators without any", () => {
    const found = figuresInPeriod(list, { start: "2026-05-01", end: "2026-08-31" });
    expect(found.map((f) => f.indicator.slug)).toEqual(["thuiszitters"]);
    expect(found[0]!.measurements.map((x) => `${x.date} ${x.scope}`)).toEqual(["2026-05-01 totaal", "2026-05-01 gemeente:velsen", "2026-08-31 totaal"]);
  });
});

/** Progress of a plan: theme 1 (actions 11, 12 with step 121), theme 2 (action 21). */
function progress(own: Partial<Record<number, Status>>, rolledUp: Partial<Record<number, Status>> = {}): ItemProgress[] {
  const items: [number, number | null, number][] = [
    [1, null, 0],
    [11, 1, 1],
    [12, 1, 1],
    [121, 12, 2],
    [2, null, 0],
    [21, 2, 1],
  ];
  return items.map(([id, parentId, depth]) => ({
    item: { id, parentId, depth, code: String(id), title: `Onderdeel ${id}`, level: ["Thema", "Actie", "Stap"][depth]!, levelKey: "x", hasChildren: items.some((i) => i[1] === id), when: null, editable: false },
    update: own[id] ? update(id, own[id]!) : null,
    status: own[id] ?? null,
    rolledUp: rolledUp[id] ?? null,
    effective: own[id] ?? rolledUp[id] ?? null,
    overridden: false,
    late: { late: false, reasons: [], dueAfter: null },
  }));
}

describe("overviewEntries", () => {
  const entries = overviewEntries({
    progress: progress({ 11: "op-koers", 121: "aandacht-nodig", 21: "afgerond" }, { 1: "aandacht-nodig", 12: "aandacht-nodig", 2: "afgerond" }),
    due: new Set([11, 121, 21, 12]),
    previous: new Map([
      [11, update(11, "op-koers")],
      [21, update(21, "op-koers")],
    ]),
    organisations: new Map([[11, [ppo]]]),
    indicators: new Map([[21, [{ slug: "verzuim", name: "Verzuim", measurements: [] }]]]),
    period: { start: "2026-05-01", end: "2026-08-31" },
  });
  const byId = new Map(entries.map((e) => [e.id, e]));

  it("keeps the plan's order and finds each item's theme", () => {
    expect(entries.map((e) => e.id)).toEqual([1, 11, 12, 121, 2, 21]);
    expect(entries.map((e) => e.themeId)).toEqual([1, 1, 1, 1, 2, 2]);
  });

  it("marks a due item without an update as missing, and not an item the round does not ask about", () => {
    expect(byId.get(12)!.missing).toBe(true);
    expect(byId.get(11)!.missing).toBe(false);
    expect(byId.get(1)!.missing).toBe(false);
    expect(byId.get(1)!.due).toBe(false);
  });

  it("compares each update with the one over the period before", () => {
    expect(byId.get(11)!.change).toBe("ongewijzigd");
    expect(byId.get(21)!.change).toBe("gewijzigd");
    expect(byId.get(121)!.change).toBe("nieuw");
    expect(byId.get(12)!.change).toBeNull();
  });

  it("keeps the stated and the computed status apart", () => {
    expect(byId.get(12)).toMatchObject({ status: null, rolledUp: "aandacht-nodig", effective: "aandacht-nodig" });
    expect(byId.get(11)).toMatchObject({ status: "op-koers", rolledUp: null, effective: "op-koers" });
  });

  it("knows which items are measured, with or without figures in the period", () => {
    expect(byId.get(21)).toMatchObject({ measured: true, figures: [] });
    expect(byId.get(11)).toMatchObject({ measured: false, figures: [] });
    expect(byId.get(11)!.organisations).toEqual([ppo]);
  });

  it("counts the whole round", () => {
    expect(countsOf(entries)).toEqual({ due: 4, done: 3, missing: 1, changed: 2 });
  });
});

describe("filters", () => {
  const entries: OverviewEntry[] = overviewEntries({
    progress: progress({ 11: "op-koers", 121: "achter-op-planning", 21: "op-koers" }, { 12: "achter-op-planning", 1: "achter-op-planning", 2: "op-koers" }),
    due: new Set([11, 121, 21]),
    previous: new Map([[21, update(21, "op-koers")]]),
    organisations: new Map([
      [1, [swv]],
      [11, [ppo]],
      [12, [swv]],
      [121, [swv, ggd]],
      [2, [swv]],
      [21, [swv]],
    ]),
    indicators: new Map(),
    period: { start: "2026-05-01", end: "2026-08-31" },
  });
  const shown = (filters: Partial<OverviewFilters>) => applyFilters(entries, { ...noFilters, ...filters }).map((s) => (s.match ? s.entry.id : `(${s.entry.id})`));

  it("without filters shows everything", () => {
    expect(shown({})).toEqual([1, 11, 12, 121, 2, 21]);
  });

  it("by theme: the top-level item and everything below it", () => {
    expect(shown({ theme: 2 })).toEqual([2, 21]);
    expect(shown({ theme: 999 })).toEqual([]);
  });

  it("by organisation, with the items above as context", () => {
    expect(shown({ organisation: "ggd" })).toEqual(["(1)", "(12)", 121]);
    expect(shown({ organisation: "ppo-nk" })).toEqual(["(1)", 11]);
  });

  it("by effective status: the own status, or else the computed one", () => {
    expect(shown({ status: "achter-op-planning" })).toEqual([1, 12, 121]);
    expect(shown({ status: "op-koers" })).toEqual(["(1)", 11, 2, 21]);
  });

  it("by missing updates", () => {
    expect(shown({ status: "nog-niet-gemeld" })).toEqual([]);
    const withMissing = entries.map((e) => (e.id === 11 ? { ...e, update: null, status: null, missing: true, change: null } : e));
    expect(applyFilters(withMissing, { ...noFilters, status: "nog-niet-gemeld" }).map((s) => [s.entry.id, s.match])).toEqual([
      [1, false],
      [11, true],
    ]);
  });

  it("changed since the period before: new or changed updates only", () => {
    // 21 is the same as before; 11 and 121 are new.
    expect(shown({ changed: true })).toEqual(["(1)", 11, "(12)", 121]);
  });

  it("every filter given must hold", () => {
    expect(shown({ theme: 1, organisation: "swvnk", status: "achter-op-planning" })).toEqual([1, 12, 121]);
    expect(shown({ theme: 1, changed: true, organisation: "ppo-nk" })).toEqual(["(1)", 11]);
    expect(matches(entries[0]!, { ...noFilters, theme: 1, status: "op-koers" })).toBe(false);
  });

  it("nests what is shown as the plan's tree again", () => {
    const tree = nest(applyFilters(entries, { ...noFilters, organisation: "ggd" }));
    expect(tree.map((n) => n.entry.id)).toEqual([1]);
    expect(tree[0]!.children.map((n) => n.entry.id)).toEqual([12]);
    expect(tree[0]!.children[0]!.children.map((n) => [n.entry.id, n.match])).toEqual([[121, true]]);
    expect(nest(applyFilters(entries, noFilters)).map((n) => [n.entry.id, n.children.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});
