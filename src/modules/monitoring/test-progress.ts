/** A plan's progress built by hand, for the tests of the dashboard and the timeline. */
import type { LateReason, Status } from "./status.ts";
import { parseWhen } from "../../lib/timing/timing.ts";
import type { ItemProgress, PlanProgress } from "./updates.ts";

export const planPeriod = { label: "2026", start: "2026-01-01", end: "2026-12-31" };
export const periods = [
  { id: 1, label: "T1 2026", start: "2026-01-01", end: "2026-04-30" },
  { id: 2, label: "T2 2026", start: "2026-05-01", end: "2026-08-31" },
  { id: 3, label: "T3 2026", start: "2026-09-01", end: "2026-12-31" },
];

export interface Spec {
  id: number;
  parent?: number;
  when?: string;
  /** Effective status in the period shown. */
  effective?: Status;
  own?: boolean;
  late?: LateReason[];
  editable?: boolean;
}

/** A plan's progress in the period `shown`, items given depth first. */
export function progressOf(specs: Spec[], shown: number | null = 2, today = "2026-06-15"): PlanProgress {
  const depth = (s: Spec): number => (s.parent === undefined ? 0 : 1 + depth(specs.find((p) => p.id === s.parent)!));
  const items: ItemProgress[] = specs.map((s) => ({
    item: {
      id: s.id,
      parentId: s.parent ?? null,
      depth: depth(s),
      code: String(s.id),
      title: `Onderdeel ${s.id}`,
      level: s.parent === undefined ? "Thema" : "Actie",
      levelKey: s.parent === undefined ? "thema" : "actie",
      hasChildren: specs.some((c) => c.parent === s.id),
      when: s.when === undefined ? null : parseWhen(s.when, planPeriod),
      editable: s.editable ?? false,
    },
    update: null,
    status: s.own === false ? null : (s.effective ?? null),
    rolledUp: null,
    effective: s.effective ?? null,
    overridden: false,
    late: { late: (s.late ?? []).length > 0, reasons: s.late ?? [], dueAfter: null },
  }));
  return { plan: { id: 1, slug: "plan", title: "Plan", period: planPeriod }, cycle: "trimester", periods, period: periods.find((p) => p.id === shown) ?? null, today, items };
}
