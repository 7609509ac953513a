/**
 * Versions of a plan: the plans module keeps a snapshot whenever an approval adopts the
 * plan (src/modules/plans/snapshots.ts); here any two versions (or a version and the plan
 * as it is today) are compared item by item.
 */
import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { InputError } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { requirePlan } from "../plans/access.ts";
import { getPlan } from "../plans/reading.ts";
import { snapshotOf, type PlanSnapshot } from "../plans/snapshot.ts";
import { snapshotOfPlan, snapshotsOf } from "../plans/snapshots.ts";
import { compareSnapshots, type Comparison } from "./compare.ts";

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

/** The plan if the viewer may read it, and whether it may see who works on it. */
async function readablePlan(db: Db, viewer: Viewer, slug: string) {
  const plan = await requirePlan(db, viewer, slug, "read");
  return { ...plan, readInternal: plan.may.readInternal };
}

/** The kept versions of a plan, oldest first. */
export async function listSnapshots(
  db: Db,
  viewer: Viewer,
  slug: string,
): Promise<{ plan: { slug: string; title: string }; versions: VersionInfo[] }> {
  const plan = await readablePlan(db, viewer, slug);
  const rows = await snapshotsOf(db, plan.id);
  return {
    plan: { slug: plan.slug, title: plan.title },
    versions: rows.map((r) => ({ ...r, takenBy: plan.readInternal ? r.takenBy : null })),
  };
}

/** Compares two versions of one plan; `from` is read as the older one. */
/**
 * Two versions of a plan compared. The versions may be given as the address names them
 * ("12", "vandaag"): they are read only after the guard, so that for a plan the viewer may not
 * read every question is answered alike, as not found.
 */
export async function compareVersions(
  db: Db,
  viewer: Viewer,
  slug: string,
  fromRef: VersionRef | string | undefined,
  toRef: VersionRef | string | undefined,
): Promise<VersionComparison> {
  const plan = await readablePlan(db, viewer, slug);
  if (!fromRef || !toRef) throw new InputError([{ file: "verzoek", path: "versies", message: "Kies twee versies om te vergelijken." }]);
  const ref = (r: VersionRef | string) => (typeof r === "number" ? r : parseVersionRef(r));
  const [from, to] = [ref(fromRef), ref(toRef)];
  let today: Promise<PlanSnapshot> | undefined;
  const load = async (ref: VersionRef): Promise<{ info: VersionInfo; content: PlanSnapshot }> => {
    if (ref === "vandaag") {
      today ??= getPlan(db, viewer, slug, "read", { backlinks: false }).then(snapshotOf);
      return { info: { id: ref, label: "Vandaag", takenAt: null, takenBy: null }, content: await today };
    }
    const row = await snapshotOfPlan(db, plan.id, ref);
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
