import { describe, expect, it } from "vitest";
import { adoptedOnArrival } from "./snapshots.ts";

describe("the version a plan starts with when it arrives from a data file", () => {
  const alv = { body: "ALV", date: "2023-12-18", outcome: "vastgesteld", adopts: true };
  it.each([
    ["adopted by a named decision", { status: "vastgesteld", approvals: [alv] }, "Vastgesteld door ALV op 18 december 2023"],
    ["the last adopting decision when there are several", { status: "vastgesteld", approvals: [alv, { body: "Bestuur", date: null, outcome: "vastgesteld", adopts: true }] }, "Vastgesteld door Bestuur"],
    ["a named decision while the status is still concept", { status: "in-besluitvorming", approvals: [alv] }, "Vastgesteld door ALV op 18 december 2023"],
    ["adopted without naming the decision", { status: "vastgesteld", approvals: [{ body: "OPR", date: null, outcome: "advies", adopts: false }] }, "Vastgesteld bij inlezen"],
    ["a concept", { status: "concept", approvals: [] }, null],
    ["a closed plan without an adopting decision", { status: "afgesloten", approvals: [] }, null],
  ])("%s", (_, plan, label) => {
    expect(adoptedOnArrival(plan)).toBe(label);
  });
});
