import { describe, expect, it } from "vitest";
import { agendaProposals, checkRouteDecision, checkRouteStart, routeState, type DueFacts, type RouteStep } from "./rules.ts";

const steps: RouteStep[] = [
  { id: 11, position: 0, bodyId: 1, bodyName: "Kernberaad", action: "advies", due: "2023-12-04" },
  { id: 12, position: 1, bodyId: 2, bodyName: "OPR", action: "instemming", due: "2023-12-12" },
  { id: 13, position: 2, bodyId: 3, bodyName: "ALV", action: "vaststelling", due: "2023-12-18" },
];
const kern = { id: 1, name: "Kernberaad" };
const opr = { id: 2, name: "OPR" };
const alv = { id: 3, name: "ALV" };
const gemeenteraad = { id: 9, name: "Gemeenteraad" };

describe("the approval route", () => {
  it("takes the steps in order", () => {
    const start = routeState(steps, []);
    expect(start.next?.id).toBe(11);
    expect(checkRouteDecision(start, "in-besluitvorming", kern, "advies")).toMatchObject({ ok: true, status: null });
    const after = routeState(steps, [{ id: 1, approvalStepId: 11, outcome: "advies", date: "2023-12-04" }]);
    expect(after.next?.id).toBe(12);
    expect(after.steps[0]!.decision?.date).toBe("2023-12-04");
  });

  it("refuses a decision out of order, naming whose turn it is", () => {
    const check = checkRouteDecision(routeState(steps, []), "in-besluitvorming", alv, "vaststelling");
    expect(check).toEqual({ ok: false, message: "Eerst is Kernberaad aan de beurt (advies). ALV besluit pas daarna, in stap 3." });
    expect(checkRouteDecision(routeState(steps, []), "in-besluitvorming", gemeenteraad, "kennisname")).toMatchObject({ ok: false, message: expect.stringContaining("Gemeenteraad heeft geen open stap") });
  });

  it("refuses another outcome than the step asks, but allows a rejection", () => {
    const state = routeState(steps, []);
    expect(checkRouteDecision(state, "in-besluitvorming", kern, "instemming")).toMatchObject({ ok: false, message: expect.stringContaining("Deze stap vraagt advies van Kernberaad") });
    expect(checkRouteDecision(state, "in-besluitvorming", kern, "afwijzing")).toMatchObject({ ok: true, status: "concept" });
  });

  it("adopts the plan at the vaststelling", () => {
    const state = routeState(steps, [
      { id: 1, approvalStepId: 11, outcome: "advies", date: "2023-12-04" },
      { id: 2, approvalStepId: 12, outcome: "instemming", date: "2023-12-12" },
    ]);
    expect(checkRouteDecision(state, "in-besluitvorming", alv, "vaststelling")).toMatchObject({ ok: true, status: "vastgesteld" });
  });

  it("refuses decisions while the plan is not in besluitvorming", () => {
    expect(checkRouteDecision(routeState(steps, []), "concept", kern, "advies")).toMatchObject({ ok: false, message: expect.stringContaining("niet gestart") });
  });

  it("starts again from the first step after a rejection", () => {
    const state = routeState(steps, [
      { id: 1, approvalStepId: 11, outcome: "advies", date: "2023-12-04" },
      { id: 2, approvalStepId: 12, outcome: "afwijzing", date: "2023-12-12" },
    ]);
    expect(state.rejected?.id).toBe(2);
    expect(state.next?.id).toBe(11);
    expect(state.steps.every((s) => s.decision === null)).toBe(true);
    // Decisions without a step (a report taken note of) do not count.
    expect(routeState(steps, [{ id: 3, approvalStepId: null, outcome: "kennisname", date: "2023-12-01" }]).next?.id).toBe(11);
  });

  it("starts only a concept with steps, one of which adopts the plan", () => {
    expect(checkRouteStart(steps, "concept")).toBeNull();
    expect(checkRouteStart([], "concept")).toContain("nog geen stappen");
    expect(checkRouteStart(steps.slice(0, 2), "concept")).toContain("geen stap die het plan vaststelt");
    expect(checkRouteStart(steps, "vastgesteld")).toContain("Alleen een concept");
  });
});

describe("the proposed agenda", () => {
  const base: DueFacts = { bodyId: 2, meetingDate: "2026-03-01", nextMeetingDate: "2026-04-01", plansAwaiting: [], reports: [], items: [], onAgenda: [] };
  const item = (id: number, status: string | null, end: string | null) => ({ id, planId: 5, planTitle: "Plan", code: `1.${id}`, title: `Onderdeel ${id}`, status, end });

  it("proposes plans whose next step is this body, with the step's action", () => {
    const proposals = agendaProposals({
      ...base,
      plansAwaiting: [
        { planId: 5, title: "Activiteitenplan", step: { bodyId: 2, action: "instemming", due: "2026-03-10" } },
        { planId: 6, title: "Ander plan", step: { bodyId: 3, action: "vaststelling", due: null } },
      ],
    });
    expect(proposals).toEqual([expect.objectContaining({ key: "plan-5", kind: "plan", proposed: "instemming", planId: 5 })]);
  });

  it("proposes reports not taken note of, and items late or due before the next meeting", () => {
    const proposals = agendaProposals({
      ...base,
      reports: [{ id: 7, planId: 5, planTitle: "Plan", number: 2, sentTo: "OPR", sentOn: "2026-02-01" }],
      items: [
        item(1, "achter-op-planning", null),
        item(2, "aandacht-nodig", "2027-01-01"),
        item(3, "op-koers", "2026-03-15"),
        item(4, "op-koers", "2026-05-01"),
        item(5, "afgerond", "2026-03-15"),
        item(6, null, "2026-02-01"),
      ],
    });
    expect(proposals.map((p) => p.key)).toEqual(["rapportage-7", "onderdeel-1", "onderdeel-2", "onderdeel-3"]);
    expect(proposals[0]!.proposed).toBe("kennisname");
  });

  it("looks eight weeks ahead without a next meeting, and leaves out what is on the agenda", () => {
    const proposals = agendaProposals({ ...base, nextMeetingDate: null, items: [item(3, "op-koers", "2026-04-20"), item(4, null, "2026-05-01")], onAgenda: [{ planId: 5, itemId: 4, reportVersionId: null }] });
    expect(proposals.map((p) => p.key)).toEqual(["onderdeel-3"]);
  });
});
