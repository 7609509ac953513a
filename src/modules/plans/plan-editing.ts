/**
 * Changing a plan's own fields: title, period, status, its texts, publication and
 * the approval route. An approval that adopts the plan keeps a snapshot of the
 * plan as adopted, in the same transaction as the change.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { isIsoDate } from "../../lib/dates.ts";
import { COUNT, LENGTH, optionalText, requiredText, tooMany } from "../../lib/limits.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { adoptionLabel, takeSnapshot } from "./snapshots.ts";
import { planStatuses, type ApprovalInterpretation, type Section } from "./format.ts";
import { planApprovals, plans } from "./schema.ts";
import { getPlan, type PlanDetail } from "./reading.ts";
import { PlanConflictError } from "./exchange.ts";
import { PlanNotFoundError } from "./access.ts";
import { assertStoredPlanFits, sectionsInput } from "./editing.ts";

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

const date = (label: string) => z.string({ error: `${label}: vul een datum in (jjjj-mm-dd).` }).refine(isIsoDate, `${label}: vul een geldige datum in (jjjj-mm-dd).`);

const approvalInput = z.object({
  body: requiredText("Orgaan", LENGTH.name, "Orgaan: vul in welk orgaan besliste, bijvoorbeeld ALV of OPR."),
  date: z.union([z.literal("").transform(() => null), date("Datum van het besluit")]).nullable().default(null),
  outcome: requiredText("Uitkomst", LENGTH.name, "Uitkomst: vul in wat het orgaan deed, bijvoorbeeld advies of vastgesteld."),
  adopts: z.boolean({ error: "Stelt vast: ja of nee." }).default(false),
  note: optionalText("Toelichting bij een besluit", LENGTH.phrase),
});

/** A plan's period as a person or client names it: also for a new plan and a copy (create.ts, copy.ts). */
export const periodInput = z
  .object({
    label: requiredText("Naam van de periode", LENGTH.name, "Naam van de periode: geef de periode een naam, bijvoorbeeld schooljaar 2025-2026."),
    start: date("Begin van de periode"),
    end: date("Einde van de periode"),
  })
  .refine((p) => !isIsoDate(p.start) || !isIsoDate(p.end) || p.start <= p.end, { path: ["end"], error: "Einde van de periode: het einde ligt voor het begin." });

/**
 * A plan's own fields after a change: the only check of what the plan form sends,
 * applied by updatePlan itself to the plan as it would be saved. Limits from lib/limits.ts.
 */
export const planFieldsSchema = z.object({
  title: requiredText("Titel", LENGTH.title, "Titel: vul een titel in."),
  subtitle: optionalText("Ondertitel", LENGTH.phrase),
  status: z.enum(planStatuses, { error: "Status: kies een status." }),
  published: z.boolean({ error: "Openbaar: ja of nee." }),
  period: periodInput,
  sections: sectionsInput("Inleidende teksten"),
  closingSections: sectionsInput("Slotteksten"),
  internalNote: optionalText("Interne notitie", LENGTH.note),
  approvals: z.array(approvalInput).max(COUNT.approvals, tooMany("Besluitvorming", COUNT.approvals)),
});

const sameApproval = (a: Approval, b: Approval) => a.body === b.body && a.date === b.date && a.outcome === b.outcome && a.adopts === b.adopts;

/**
 * The interpretation marks of the approvals after a change: a decision left as it was keeps
 * its marks; a changed one keeps them for the fields that stayed the same as the decision in
 * its place before. What a person writes is their words, not Koers's reading.
 */
export function approvalMarks(before: readonly (Approval & { interpreted: ApprovalInterpretation[] })[], after: readonly Approval[]): ApprovalInterpretation[][] {
  return after.map((a, position) => {
    const unchanged = before.find((b) => sameApproval(a, b));
    if (unchanged) return unchanged.interpreted;
    const was = before[position];
    return was ? was.interpreted.filter((field) => a[field] === was[field]) : [];
  });
}

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
  const parsed = planFieldsSchema.safeParse({ ...before, ...patch });
  if (!parsed.success) throw new InputError(zodProblems("plan", parsed.error));
  const after: PlanFields = { ...parsed.data, approvals: parsed.data.approvals.map((a) => ({ ...a, date: a.date ?? null })) };
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [current] = await t.select({ version: plans.version }).from(plans).where(eq(plans.id, plan.id)).for("update");
    // Gone since it was read (replaced by an import): not found, as for a slug never used.
    if (!current) throw new PlanNotFoundError(slug);
    if (current.version !== version) throw new StalePlanError(current.version);
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
      if (after.approvals.length) {
        const marks = approvalMarks(plan.approvals, after.approvals);
        await t.insert(planApprovals).values(after.approvals.map((a, position) => ({ planId: plan.id, position, ...a, interpreted: marks[position]! })));
      }
    }
    const keys = Object.keys(patch) as (keyof PlanFields)[];
    await assertStoredPlanFits(t, slug, "plan", keys.find((k) => k === "sections" || k === "closingSections") ?? keys[0] ?? "");
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
