/**
 * The writes a plan's approval route makes on the plan itself, as commands other modules call
 * inside their own transaction (governance, when a body decides): recording the decision as one
 * of the plan's approvals, moving its status, and keeping the version a body adopted. The route
 * itself (bodies, steps, decisions) is governance's; the plan only keeps its own record of it.
 */
import { and, eq, max } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { PlanNotFoundError } from "./access.ts";
import type { planStatuses } from "./format.ts";
import { adoptionLabel, takeSnapshot } from "./snapshots.ts";
import { planApprovals, plans } from "./schema.ts";

export type PlanStatus = (typeof planStatuses)[number];

export interface ApprovalRecord {
  body: string;
  date: string;
  /** As the plan's approvals write it: "advies", "instemming", "vastgesteld", "kennisname", "afgewezen". */
  outcome: string;
  adopts: boolean;
  note?: string | null;
}

/**
 * Appends an approval to the plan's record (after the ones it has). The caller has checked that
 * the viewer may do this, and passes its transaction; returns the approval's id.
 */
export async function recordPlanApproval(tx: Db, viewer: Viewer, planId: number, approval: ApprovalRecord): Promise<number> {
  const [last] = await tx.select({ position: max(planApprovals.position) }).from(planApprovals).where(eq(planApprovals.planId, planId));
  const [row] = await tx
    .insert(planApprovals)
    .values({ planId, position: (last?.position ?? -1) + 1, body: approval.body, date: approval.date, outcome: approval.outcome, adopts: approval.adopts, note: approval.note ?? null })
    .returning({ id: planApprovals.id });
  await record(tx, viewer, {
    action: "besluit-vastgelegd",
    entityType: "plan-besluit",
    entityId: row!.id,
    planId,
    summary: `Besluit bij het plan vastgelegd: ${approval.body}, ${approval.outcome}, ${approval.date}`,
    after: approval,
  });
  return row!.id;
}

/**
 * Moves the plan's status (raising its version, so that a plan form opened before sees the
 * change), under a lock. `from` lists the statuses it may move from; another one is refused by
 * returning false, so the caller can say why in its own words.
 */
export async function setPlanStatus(tx: Db, viewer: Viewer, planId: number, status: PlanStatus, from?: readonly PlanStatus[]): Promise<boolean> {
  const [current] = await tx.select({ status: plans.status, version: plans.version, title: plans.title }).from(plans).where(eq(plans.id, planId)).for("update");
  if (!current) throw new PlanNotFoundError(String(planId));
  if (from && !from.includes(current.status as PlanStatus)) return false;
  if (current.status === status) return true;
  await tx
    .update(plans)
    .set({ status, version: current.version + 1, updatedAt: new Date() })
    .where(and(eq(plans.id, planId), eq(plans.version, current.version)));
  await record(tx, viewer, {
    action: "plan-status-gewijzigd",
    entityType: "plan",
    entityId: planId,
    planId,
    summary: `Plan '${current.title}': status van ${current.status} naar ${status}`,
    before: { status: current.status },
    after: { status },
  });
  return true;
}

/** Keeps the plan as adopted by this approval (a kept version named after it); returns the version's id. */
export async function keepAdoptedVersion(tx: Db, viewer: Viewer, planSlug: string, approval: ApprovalRecord): Promise<number> {
  const snapshot = await takeSnapshot(tx, viewer, planSlug, adoptionLabel(approval));
  return snapshot.id;
}
