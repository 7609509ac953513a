/** Which events a plan's calendar feed holds, and what they say. */
import { describe, expect, it } from "vitest";
import type { PlanItem } from "../plans/reading.ts";
import { planEvents } from "./plan-calendar.ts";

const item = (id: number, code: string, title: string, when: string | null, children: PlanItem[] = []) =>
  ({ id, code, title, when, children }) as unknown as PlanItem;

const plan = {
  id: 7,
  slug: "werkplan",
  title: "Werkplan 2026",
  period: { label: "2026", start: "2026-01-01", end: "2026-12-31" },
  approvals: [
    { body: "Kernberaad", date: "2025-11-20", outcome: "advies", adopts: false, note: "Interne toelichting", interpreted: [] },
    { body: "OOGO", date: null, outcome: "vastgesteld", adopts: false, note: null, interpreted: [] },
    { body: "ALV", date: "2025-12-10", outcome: "vastgesteld", adopts: true, note: null, interpreted: [] },
  ],
  items: [
    item(1, "1", "Thuiszitters", null, [
      item(11, "1.1", "Verzuimaanpak vastleggen", "Q1 2026"),
      item(12, "1.2", "Overstap po-vo", "Evaluatie Q2 2026; oplevering 1 oktober 2026"),
      item(13, "1.3", "Netwerk", "doorlopend"),
      item(14, "1.4", "Regiegroep", "nader te bepalen"),
      item(15, "1.5", "Nieuwe werkwijze", "Start vanaf september 2026"),
    ]),
  ],
};

describe("the events of a plan's calendar", () => {
  const events = planEvents(plan, [{ id: 3, period: "T2 2026", deadline: "2026-09-10" }], "https://koers.example");

  it("has a due day per period end, moment and start, a round deadline and each dated decision", () => {
    expect(events.map((e) => [e.uid, e.title, e.start])).toEqual([
      ["onderdeel-11-gereed@koers", "Gereed: 1.1 Verzuimaanpak vastleggen", "2026-03-31"],
      ["onderdeel-12-moment-1@koers", "Moment: 1.2 Overstap po-vo (Evaluatie Q2 2026)", "2026-06-30"],
      ["onderdeel-12-moment-2@koers", "Moment: 1.2 Overstap po-vo (oplevering 1 oktober 2026)", "2026-10-01"],
      ["onderdeel-15-start@koers", "Start: 1.5 Nieuwe werkwijze", "2026-09-01"],
      ["ronde-3@koers", "Uiterste datum voortgang over T2 2026: Werkplan 2026", "2026-09-10"],
      ["besluit-7-1@koers", "Kernberaad: advies", "2025-11-20"],
      ["besluit-7-3@koers", "ALV: vastgesteld", "2025-12-10"],
    ]);
  });

  it("links every event to its place on the plan page, with absolute addresses", () => {
    expect(events[0]).toMatchObject({ url: "https://koers.example/plannen/werkplan?onderdeel=11#onderdeel-11", description: 'Werkplan 2026. Gepland: "Q1 2026".' });
    expect(events.at(-1)).toMatchObject({ url: "https://koers.example/plannen/werkplan", description: "Werkplan 2026" });
  });

  it("keeps statuses out unless they are given, and leaves out a decision's note", () => {
    expect(JSON.stringify(events)).not.toMatch(/[Ss]tatus|Interne toelichting/);
    const internal = planEvents(plan, [], "https://koers.example", { period: "T2 2026", of: new Map([[11, "afgerond"]]) });
    expect(internal[0]!.description).toBe('Werkplan 2026. Gepland: "Q1 2026". Status over T2 2026: Afgerond.');
    expect(internal[1]!.description).toBe('Werkplan 2026. Gepland: "Evaluatie Q2 2026; oplevering 1 oktober 2026". Status over T2 2026: nog geen status.');
  });
});
