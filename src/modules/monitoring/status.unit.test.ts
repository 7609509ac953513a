/** The roll-up and lateness rules of status.ts, case by case. */
import { describe, expect, it } from "vitest";
import { lateness, rollUp, statuses, statusLabels, type Status } from "./status.ts";

describe("the statuses", () => {
  it("have a Dutch label each", () => {
    expect(statuses.map((s) => statusLabels[s])).toEqual([
      "Niet gestart",
      "Op koers",
      "Aandacht nodig",
      "Achter op planning",
      "Afgerond",
      "Uitgesteld",
      "Vervallen",
    ]);
  });
});

describe("rollUp", () => {
  const cases: [string, (Status | null)[], Status | null][] = [
    ["no parts have a status yet", [null, null], null],
    ["one part afgerond, one without status: not finished", ["afgerond", null], "op-koers"],
    ["all afgerond", ["afgerond", "afgerond"], "afgerond"],
    ["afgerond and vervallen: vervallen parts are left out", ["afgerond", "vervallen"], "afgerond"],
    ["all vervallen", ["vervallen", "vervallen"], "vervallen"],
    ["vervallen and a part without status: nothing known of what remains", ["vervallen", null], null],
    ["any achter op planning wins", ["afgerond", "op-koers", "aandacht-nodig", "achter-op-planning"], "achter-op-planning"],
    ["achter op planning wins even next to parts without status", [null, "achter-op-planning"], "achter-op-planning"],
    ["aandacht nodig beats op koers and afgerond", ["op-koers", "aandacht-nodig", "afgerond"], "aandacht-nodig"],
    ["all uitgesteld", ["uitgesteld", "uitgesteld", "vervallen"], "uitgesteld"],
    ["nothing started yet", ["niet-gestart", "uitgesteld", null], "niet-gestart"],
    ["all niet gestart", ["niet-gestart", "niet-gestart"], "niet-gestart"],
    ["one part started: op koers", ["niet-gestart", "op-koers"], "op-koers"],
    ["done and not started: work is under way", ["afgerond", "niet-gestart"], "op-koers"],
    ["uitgesteld next to work on track is no problem signal", ["uitgesteld", "op-koers"], "op-koers"],
    ["a single part passes its status up", ["aandacht-nodig"], "aandacht-nodig"],
  ];
  it.each(cases)("%s", (_, children, expected) => {
    expect(rollUp(children)).toBe(expected);
  });
});

describe("lateness", () => {
  // Trimesters of 2025.
  const periods = [
    { id: 1, start: "2025-01-01", end: "2025-04-30" },
    { id: 2, start: "2025-05-01", end: "2025-08-31" },
    { id: 3, start: "2025-09-01", end: "2025-12-31" },
  ];
  const base = { periods, statuses: [] as { periodId: number; status: Status | null }[] };

  it("is not late before the period of the planned end has ended", () => {
    // Planned until March: judged after trimester 1, which ends 30 April.
    expect(lateness({ ...base, due: "2025-03-31", today: "2025-04-30" })).toEqual({ late: false, reasons: [], dueAfter: "2025-04-30" });
  });

  it("is late when that period ended without afgerond", () => {
    const statuses = [{ periodId: 1, status: "op-koers" as const }];
    expect(lateness({ ...base, statuses, due: "2025-03-31", today: "2025-05-01" })).toEqual({ late: true, reasons: ["verlopen"], dueAfter: "2025-04-30" });
  });

  it("takes the latest status: afgerond earlier stays afgerond", () => {
    const statuses = [
      { periodId: 2, status: null },
      { periodId: 1, status: "afgerond" as const },
    ];
    expect(lateness({ ...base, statuses, due: "2025-03-31", today: "2025-10-01" }).late).toBe(false);
  });

  it("takes the status of the latest period, not the latest in the list", () => {
    const statuses = [
      { periodId: 2, status: "aandacht-nodig" as const },
      { periodId: 1, status: "afgerond" as const },
    ];
    expect(lateness({ ...base, statuses, due: "2025-03-31", today: "2025-10-01" }).reasons).toEqual(["verlopen"]);
  });

  it("uses the planned end itself when no period covers it", () => {
    expect(lateness({ ...base, due: "2026-02-28", today: "2026-03-01" })).toMatchObject({ late: true, dueAfter: "2026-02-28" });
    expect(lateness({ periods: [], statuses: [], due: "2026-02-28", today: "2026-02-28" }).late).toBe(false);
  });

  it("never counts a vervallen item as late, and counts uitgesteld", () => {
    expect(lateness({ ...base, statuses: [{ periodId: 1, status: "vervallen" }], due: "2025-03-31", today: "2026-01-01" }).late).toBe(false);
    expect(lateness({ ...base, statuses: [{ periodId: 1, status: "uitgesteld" }], due: "2025-03-31", today: "2026-01-01" }).late).toBe(true);
  });

  it("has no planned end for undecided or unreadable timing: only the round can make it late", () => {
    expect(lateness({ ...base, due: null, today: "2030-01-01" })).toEqual({ late: false, reasons: [], dueAfter: null });
  });

  describe("with a round", () => {
    const round = { periodId: 2, deadline: "2025-09-15" };

    it("is late when the deadline passed without an update in the round's period", () => {
      expect(lateness({ ...base, due: "2025-12-31", today: "2025-09-16", round }).reasons).toEqual(["geen-update"]);
    });

    it("is not late before the deadline, nor with an update", () => {
      expect(lateness({ ...base, due: "2025-12-31", today: "2025-09-15", round }).late).toBe(false);
      const statuses = [{ periodId: 2, status: "niet-gestart" as const }];
      expect(lateness({ ...base, statuses, due: "2025-12-31", today: "2025-09-16", round }).late).toBe(false);
    });

    it("asks nothing of an item that was afgerond before the round", () => {
      const statuses = [{ periodId: 1, status: "afgerond" as const }];
      expect(lateness({ ...base, statuses, due: "2025-12-31", today: "2025-09-16", round }).late).toBe(false);
    });

    it("gives both reasons when both apply", () => {
      const statuses = [{ periodId: 1, status: "op-koers" as const }];
      expect(lateness({ ...base, statuses, due: "2025-03-31", today: "2025-09-16", round }).reasons).toEqual(["verlopen", "geen-update"]);
    });
  });
});
