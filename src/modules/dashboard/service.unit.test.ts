/** The dashboard's rules as plain functions over a plan's progress. */
import { describe, expect, it } from "vitest";
import { dashboardOf, doneWith, dueDays, previousPeriod, statusPerTheme, type OwnStatus } from "./service.ts";
import { periods, progressOf, type Spec } from "../monitoring/test-progress.ts";
import type { ItemProgress } from "../monitoring/updates.ts";

const ids = (list: { entry: ItemProgress }[]) => list.map((x) => x.entry.item.id);

describe("status per theme", () => {
  it("gives each top-level item its status and counts the items below it that have no parts", () => {
    const progress = progressOf([
      { id: 1, effective: "achter-op-planning", own: false },
      { id: 11, parent: 1, effective: "achter-op-planning", own: false },
      { id: 111, parent: 11, effective: "achter-op-planning" },
      { id: 112, parent: 11, effective: "op-koers" },
      { id: 12, parent: 1, effective: "op-koers" },
      { id: 13, parent: 1 },
      { id: 2 },
    ]);
    const [first, second] = statusPerTheme(progress);
    expect(first!.entry.item.id).toBe(1);
    expect(first!.entry.effective).toBe("achter-op-planning");
    expect(first!.total).toBe(4);
    expect(first!.counts).toEqual([
      { status: "op-koers", count: 2 },
      { status: "achter-op-planning", count: 1 },
      { status: null, count: 1 },
    ]);
    expect(second).toMatchObject({ total: 0, counts: [] });
  });
});

describe("late items", () => {
  it("lists the items status.ts calls late, with their reasons, in plan order", () => {
    const d = dashboardOf(
      progressOf([
        { id: 1 },
        { id: 11, parent: 1, late: ["verlopen", "geen-update"] },
        { id: 12, parent: 1 },
        { id: 13, parent: 1, late: ["geen-update"] },
      ]),
      [],
      null,
    );
    expect(d.late.map((l) => [l.entry.item.id, l.reasons])).toEqual([
      [11, ["verlopen", "geen-update"]],
      [13, ["geen-update"]],
    ]);
  });
});

describe("due soon", () => {
  it("is due at the end of the planned time, or at the end of each moment", () => {
    const [period, moments, continuous, from, undecided] = progressOf([
      { id: 1, when: "juni 2026" },
      { id: 2, when: "Evaluatie Q2 2026; oplevering 1 september 2026" },
      { id: 3, when: "doorlopend" },
      { id: 4, when: "vanaf september 2026" },
      { id: 5, when: "nader te bepalen" },
    ]).items;
    expect(dueDays(period!)).toEqual([{ date: "2026-06-30", kind: "gereed", text: "juni 2026" }]);
    expect(dueDays(moments!)).toEqual([
      { date: "2026-06-30", kind: "moment", text: "Evaluatie Q2 2026" },
      { date: "2026-09-01", kind: "moment", text: "oplevering 1 september 2026" },
    ]);
    expect(dueDays(continuous!)).toEqual([{ date: "2026-12-31", kind: "gereed", text: "doorlopend" }]);
    expect(dueDays(from!)).toEqual([{ date: "2026-12-31", kind: "gereed", text: "vanaf september 2026" }]);
    expect(dueDays(undecided!)).toEqual([]);
  });

  it("splits the next 30 days (today and day 30 included) from days 31 to 90, by date", () => {
    // today 2026-06-15: day 30 is 2026-07-15, day 90 is 2026-09-13.
    const d = dashboardOf(
      progressOf([
        { id: 1, when: "1 juni 2026" }, // past
        { id: 2, when: "15 juni 2026" }, // today
        { id: 3, when: "15 juli 2026" }, // day 30
        { id: 4, when: "16 juli 2026" }, // day 31
        { id: 5, when: "Q1 2026, Q3 2026" }, // moments: only 30 September... outside
        { id: 6, when: "13 september 2026" }, // day 90
        { id: 7, when: "14 september 2026" }, // day 91
        { id: 8, when: "begin juli 2026" }, // 10 July
      ]),
      [],
      null,
    );
    expect(d.due30.map((x) => [x.entry.item.id, x.date])).toEqual([
      [2, "2026-06-15"],
      [8, "2026-07-10"],
      [3, "2026-07-15"],
    ]);
    expect(d.due90.map((x) => [x.entry.item.id, x.date])).toEqual([
      [4, "2026-07-16"],
      [6, "2026-09-13"],
    ]);
  });

  it("leaves out what is done with: afgerond or vervallen now or in an earlier period, or everything below it", () => {
    const progress = progressOf([
      { id: 1, when: "juni 2026" }, // done with once every part below it is
      { id: 11, parent: 1, when: "juni 2026", effective: "afgerond" },
      { id: 12, parent: 1, when: "juni 2026", effective: "vervallen" },
      { id: 13, parent: 1, when: "juni 2026" }, // afgerond in T1, nothing since
      { id: 14, parent: 1, when: "juni 2026" }, // afgerond in T3, after the period shown: does not count
      { id: 2, when: "juni 2026" }, // a part is still open
      { id: 21, parent: 2, when: "juni 2026", effective: "op-koers" },
      { id: 22, parent: 2, when: "juni 2026" }, // op koers in T1: not done
    ]);
    const history: OwnStatus[] = [
      { itemId: 13, periodId: 1, status: "afgerond" },
      { itemId: 14, periodId: 3, status: "afgerond" },
      { itemId: 22, periodId: 1, status: "op-koers" },
    ];
    expect([...doneWith(progress, history)].sort()).toEqual([11, 12, 13]);
    expect(ids(dashboardOf(progress, history, null).due30)).toEqual([1, 14, 2, 21, 22]);
    const later = [...history, { itemId: 14, periodId: 1, status: "afgerond" as const }];
    expect([...doneWith(progress, later)].sort()).toEqual([1, 11, 12, 13, 14]);
    expect(ids(dashboardOf(progress, later, null).due30)).toEqual([2, 21, 22]);
  });
});

describe("without a recent update", () => {
  const specs: Spec[] = [
    { id: 1 },
    { id: 11, parent: 1, effective: "op-koers" }, // update in the period shown
    { id: 12, parent: 1 }, // update in the period before
    { id: 13, parent: 1, when: "juni 2026" }, // update only in an earlier period
    { id: 14, parent: 1 }, // never an update
    { id: 15, parent: 1, when: "september 2026" }, // starts after the period shown
    { id: 16, parent: 1, when: "nader te bepalen" }, // no readable start: expected
    { id: 17, parent: 1, effective: "vervallen" },
  ];
  const fourPeriods = [...periods, { id: 4, label: "T1 2027", start: "2027-01-01", end: "2027-04-30" }];

  it("lists the items without parts that have no update over the period shown or the one before", () => {
    const progress = { ...progressOf(specs, 3, "2026-10-01"), periods: fourPeriods };
    const history: OwnStatus[] = [
      { itemId: 11, periodId: 3, status: "op-koers" },
      { itemId: 12, periodId: 2, status: "aandacht-nodig" },
      { itemId: 13, periodId: 1, status: "op-koers" },
      { itemId: 14, periodId: 4, status: "op-koers" }, // after the period shown: not recent
    ];
    const d = dashboardOf(progress, history, null);
    expect(d.previous?.label).toBe("T2 2026");
    expect(d.stale.map((s) => [s.entry.item.id, s.lastReported?.label ?? null])).toEqual([
      [13, "T1 2026"],
      [14, null],
      [15, null],
      [16, null],
    ]);
  });

  it("does not expect an update of an item planned to start after the period shown", () => {
    const d = dashboardOf(progressOf(specs, 2), [{ itemId: 11, periodId: 2, status: "op-koers" }], null);
    expect(ids(d.stale)).toEqual([12, 13, 14, 16]);
  });

  it("is empty without periods, and the first period has no period before it", () => {
    expect(dashboardOf(progressOf(specs, null), [], null).stale).toEqual([]);
    expect(previousPeriod(progressOf(specs, 1))).toBeNull();
    expect(previousPeriod(progressOf(specs, 3))?.id).toBe(2);
  });
});

describe("the current round", () => {
  it("is named with its period", () => {
    const d = dashboardOf(progressOf([{ id: 1 }]), [], { id: 9, periodId: 2, deadline: "2026-09-10", closed: false });
    expect(d.round).toMatchObject({ id: 9, deadline: "2026-09-10", period: { label: "T2 2026" } });
    expect(dashboardOf(progressOf([{ id: 1 }]), [], null).round).toBeNull();
  });
});
