/**
 * Changing a plan's own fields: title, period, status, its texts, publication and
 * the approval route. An approval that adopts the plan keeps a snapshot of the
 * plan as adopted, in the same transaction as the change.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { adoptionLabel, takeSnapshot } from "../versions/service.ts";
import { planStatuses, type Section } from "./format.ts";
import { planApprovals, plans } from "./schema.ts";
import { getPlan, type PlanDetail } from "./reading.ts";
import { PlanConflictError } from "./exchange.ts";

export interface Approval {
  body: string;
  date: string | null;
  outcome: string;
  adopts: boolean;
  note: string | null;
}

export interface PlanFields {
  title: string;
  subtitle: string | null;
  status: (typeof planStatuses)[number];
  published: boolean;
  period: { label: string; start: string; end: string };
  sections: Section[];
  closingSections: Section[];
  internalNote: string | null;
  approvals: Approval[];
}

export function planFieldsOf(plan: PlanDetail): PlanFields {
  return {
    title: plan.title,
    subtitle: plan.subtitle,
    status: plan.status as PlanFields["status"],
    published: plan.published,
    period: { ...plan.period },
    sections: plan.sections.map(({ title, text }) => ({ title, text })),
    closingSections: plan.closingSections.map(({ title, text }) => ({ title, text })),
    internalNote: plan.internalNote,
    approvals: plan.approvals.map((a) => ({ ...a })),
  };
}

export class StalePlanError extends PlanConflictError {
  constructor(readonly version: number) {
    super(`Dit plan is intussen gewijzigd door iemand anders (nu versie ${version}). Haal het opnieuw op en sla dan op.`);
  }
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** Problems with plan fields, by the field's form name, in Dutch. */
export function planProblems(fields: PlanFields): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!fields.title) errors.title = "Vul een titel in.";
  if (!planStatuses.includes(fields.status)) errors.status = "Kies een status.";
  if (!fields.period.label) errors["periode-naam"] = "Geef de periode een naam, bijvoorbeeld schooljaar 2025-2026.";
  if (!isDate(fields.period.start)) errors["periode-start"] = "Vul een geldige datum in (jjjj-mm-dd).";
  if (!isDate(fields.period.end)) errors["periode-eind"] = "Vul een geldige datum in (jjjj-mm-dd).";
  else if (isDate(fields.period.start) && fields.period.start > fields.period.end) errors["periode-eind"] = "Het einde ligt voor het begin.";
  for (const [group, list] of [["inleiding", fields.sections], ["slot", fields.closingSections]] as const) {
    list.forEach((s, i) => {
      if (!s.title) errors[`${group}-titel-${i}`] = "Geef deze tekst een kop.";
      if (!s.text) errors[`${group}-tekst-${i}`] = "Vul de tekst in, of maak kop en tekst allebei leeg om hem te verwijderen.";
    });
  }
  fields.approvals.forEach((a, i) => {
    if (!a.body) errors[`besluit-orgaan-${i}`] = "Vul in welk orgaan besliste, bijvoorbeeld ALV of OPR.";
    if (!a.outcome) errors[`besluit-uitkomst-${i}`] = "Vul in wat het orgaan deed, bijvoorbeeld advies of vastgesteld.";
    if (a.date && !isDate(a.date)) errors[`besluit-datum-${i}`] = "Vul een geldige datum in (jjjj-mm-dd), of laat het leeg.";
  });
  return errors;
}

const sameApproval = (a: Approval, b: Approval) => a.body === b.body && a.date === b.date && a.outcome === b.outcome && a.adopts === b.adopts;

/** Adopting approvals in `after` that were not in `before`. */
export function newAdoptions(before: Approval[], after: Approval[]): Approval[] {
  return after.filter((a) => a.adopts && !before.some((b) => sameApproval(a, b)));
}

/**
 * Writes the changed plan fields if the viewer may edit the plan and nobody
 * saved it since `version`. Returns the labels of snapshots kept.
 */
export async function updatePlan(
  db: Db,
  viewer: Viewer,
  slug: string,
  version: number,
  patch: Partial<PlanFields>,
): Promise<{ version: number; snapshots: string[] }> {
  const plan = await getPlan(db, viewer, slug, "edit");
  const before = planFieldsOf(plan);
  const after = { ...before, ...patch };
  const errors = planProblems(after);
  if (Object.keys(errors).length) {
    throw new InputError(Object.entries(errors).map(([path, message]): InputProblem => ({ file: "plan", path, message })));
  }
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [current] = await t.select({ version: plans.version }).from(plans).where(eq(plans.id, plan.id)).for("update");
    if (!current || current.version !== version) throw new StalePlanError(current?.version ?? version);
    await t
      .update(plans)
      .set({
        title: after.title,
        subtitle: after.subtitle,
        status: after.status,
        published: after.published,
        periodLabel: after.period.label,
        periodStart: after.period.start,
        periodEnd: after.period.end,
        sections: after.sections,
        closingSections: after.closingSections,
        internalNote: after.internalNote,
        version: version + 1,
        updatedAt: new Date(),
      })
      .where(eq(plans.id, plan.id));
    if (patch.approvals) {
      await t.delete(planApprovals).where(eq(planApprovals.planId, plan.id));
      if (patch.approvals.length) {
        await t.insert(planApprovals).values(patch.approvals.map((a, position) => ({ planId: plan.id, position, ...a })));
      }
    }
    const keys = Object.keys(patch) as (keyof PlanFields)[];
    await record(t, viewer, {
      action: "plan-gewijzigd",
      entityType: "plan",
      entityId: plan.id,
      planId: plan.id,
      summary: `Plan '${after.title}': ${keys.join(", ")} gewijzigd`,
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(keys.map((k) => [k, after[k]])),
    });
    const snapshots: string[] = [];
    for (const approval of newAdoptions(before.approvals, after.approvals)) {
      const label = adoptionLabel(approval);
      await takeSnapshot(t, viewer, slug, label);
      snapshots.push(label);
    }
    return { version: version + 1, snapshots };
  });
}
