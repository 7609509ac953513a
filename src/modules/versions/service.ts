/**
 * Versions of a plan: a snapshot is kept whenever an approval adopts the plan,
 * and any two versions (or a version and the plan as it is today) can be
 * compared item by item.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { actorOf, type Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { requirePlan } from "../plans/access.ts";
import { getPlan } from "../plans/reading.ts";
import { formatDate } from "../plans/views/labels.ts";
import { compareSnapshots, type Comparison } from "./compare.ts";
import { planSnapshots } from "./schema.ts";
import { snapshotOf, type PlanSnapshot } from "./snapshot.ts";

/** A stored version, or the plan as it is now. */
export type VersionRef = number | "vandaag";

export interface VersionInfo {
  id: VersionRef;
  label: string;
  /** Null for today's plan. */
  takenAt: Date | null;
  /** Who kept it; null for today's plan, and for readers who may not see who works on the plan. */
  takenBy: string | null;
}

export interface VersionComparison {
  plan: { slug: string; title: string };
  from: VersionInfo;
  to: VersionInfo;
  comparison: Comparison;
}

export class VersionNotFoundError extends NotFoundError {
  constructor(ref: string) {
    super(`Versie '${ref}' bestaat niet bij dit plan. Kies een versie uit de lijst van versies.`);
  }
}

/** "vandaag" or a snapshot id, as written in a link or form; anything else is an unknown version. */
export function parseVersionRef(value: string): VersionRef {
  if (value === "vandaag") return value;
  if (/^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2 ** 31 - 1) return Number(value);
  throw new VersionNotFoundError(value.length > 20 ? `${value.slice(0, 20)}…` : value);
}

/** How an adopting approval names the version it keeps: "Vastgesteld door ALV op 18 december 2023". */
export function adoptionLabel(approval: { body: string; date?: string | null | undefined; outcome: string }): string {
  const outcome = approval.outcome.charAt(0).toUpperCase() + approval.outcome.slice(1);
  return `${outcome} door ${approval.body}${approval.date ? ` op ${formatDate(approval.date)}` : ""}`;
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
): Promise<VersionInfo> {
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

/** The plan if the viewer may read it, and whether it may see who works on it. */
async function readablePlan(db: Db, viewer: Viewer, slug: string) {
  const plan = await requirePlan(db, viewer, slug, "read");
  return { ...plan, readInternal: plan.may.readInternal };
}

const columns = { id: planSnapshots.id, label: planSnapshots.label, takenAt: planSnapshots.takenAt, takenBy: planSnapshots.takenBy };

/** The kept versions of a plan, oldest first. */
export async function listSnapshots(
  db: Db,
  viewer: Viewer,
  slug: string,
): Promise<{ plan: { slug: string; title: string }; versions: VersionInfo[] }> {
  const plan = await readablePlan(db, viewer, slug);
  const rows = await db.select(columns).from(planSnapshots).where(eq(planSnapshots.planId, plan.id)).orderBy(asc(planSnapshots.takenAt), asc(planSnapshots.id));
  return {
    plan: { slug: plan.slug, title: plan.title },
    versions: rows.map((r) => ({ ...r, takenBy: plan.readInternal ? r.takenBy : null })),
  };
}

/** Compares two versions of one plan; `from` is read as the older one. */
export async function compareVersions(db: Db, viewer: Viewer, slug: string, from: VersionRef, to: VersionRef): Promise<VersionComparison> {
  const plan = await readablePlan(db, viewer, slug);
  let today: Promise<PlanSnapshot> | undefined;
  const load = async (ref: VersionRef): Promise<{ info: VersionInfo; content: PlanSnapshot }> => {
    if (ref === "vandaag") {
      today ??= getPlan(db, viewer, slug).then(snapshotOf);
      return { info: { id: ref, label: "Vandaag", takenAt: null, takenBy: null }, content: await today };
    }
    const [row] = await db
      .select({ ...columns, content: planSnapshots.content })
      .from(planSnapshots)
      .where(and(eq(planSnapshots.id, ref), eq(planSnapshots.planId, plan.id)));
    if (!row) throw new VersionNotFoundError(String(ref));
    const { content, ...info } = row;
    return { info: { ...info, takenBy: plan.readInternal ? info.takenBy : null }, content };
  };
  const older = await load(from);
  const newer = await load(to);
  return {
    plan: { slug: plan.slug, title: plan.title },
    from: older.info,
    to: newer.info,
    comparison: compareSnapshots(older.content, newer.content),
  };
}
