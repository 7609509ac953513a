/**
 * Kept versions of a plan: whenever an approval adopts the plan, the plan as it stands is
 * kept whole (src/modules/plans/snapshot.ts says what a snapshot holds). Comparing them is
 * the versions module's work; keeping and reading them is the plan's own.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { actorOf, type Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { getPlan } from "./reading.ts";
import { planSnapshots } from "./schema.ts";
import { snapshotOf, type PlanSnapshot } from "./snapshot.ts";
import { formatDate } from "./views/labels.ts";

export interface SnapshotInfo {
  id: number;
  label: string;
  takenAt: Date;
  takenBy: string;
}

/** How an adopting approval names the version it keeps: "Vastgesteld door ALV op 18 december 2023". */
export function adoptionLabel(approval: { body: string; date?: string | null | undefined; outcome: string }): string {
  const outcome = approval.outcome.charAt(0).toUpperCase() + approval.outcome.slice(1);
  return `${outcome} door ${approval.body}${approval.date ? ` op ${formatDate(approval.date)}` : ""}`;
}

/**
 * The version a plan that arrives adopted (from a data file) starts with: named after its last
 * adopting approval, or "Vastgesteld bij inlezen" when its status says it is adopted without
 * naming the decision; null for a plan that is not adopted.
 */
export function adoptedOnArrival(plan: { status: string; approvals: readonly { body: string; date?: string | null | undefined; outcome: string; adopts: boolean }[] }): string | null {
  const adopted = plan.approvals.filter((a) => a.adopts).at(-1);
  if (adopted) return adoptionLabel(adopted);
  return plan.status === "vastgesteld" ? "Vastgesteld bij inlezen" : null;
}

/**
 * Keeps the plan as it is now. `db` may be a caller's transaction: the snapshot
 * and its audit entry are written together, or not at all.
 */
export async function takeSnapshot(
  db: Db,
  actor: Viewer,
  planSlug: string,
  label: string,
  takenBy: string = actorOf(actor).actor,
): Promise<SnapshotInfo> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const plan = await getPlan(t, actor, planSlug, "edit");
    const [row] = await t
      .insert(planSnapshots)
      .values({ planId: plan.id, label, takenBy, content: snapshotOf(plan) })
      .returning({ id: planSnapshots.id, takenAt: planSnapshots.takenAt });
    await record(t, actor, {
      action: "versie-vastgelegd",
      entityType: "versie",
      entityId: row!.id,
      planId: plan.id,
      summary: `Versie '${label}' van plan '${plan.title}' vastgelegd`,
    });
    return { id: row!.id, label, takenAt: row!.takenAt, takenBy };
  });
}

const columns = { id: planSnapshots.id, label: planSnapshots.label, takenAt: planSnapshots.takenAt, takenBy: planSnapshots.takenBy };

/** The kept versions of a plan (by id, after the caller's guard), oldest first. */
export async function snapshotsOf(db: Db, planId: number): Promise<SnapshotInfo[]> {
  return db.select(columns).from(planSnapshots).where(eq(planSnapshots.planId, planId)).orderBy(asc(planSnapshots.takenAt), asc(planSnapshots.id));
}

/** One kept version of a plan with its content, or undefined when the plan has no such version. */
export async function snapshotOfPlan(db: Db, planId: number, id: number): Promise<(SnapshotInfo & { content: PlanSnapshot }) | undefined> {
  const [row] = await db
    .select({ ...columns, content: planSnapshots.content })
    .from(planSnapshots)
    .where(and(eq(planSnapshots.id, id), eq(planSnapshots.planId, planId)));
  return row;
}
