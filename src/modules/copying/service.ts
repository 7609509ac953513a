/**
 * Next year's plan from this one (decision 23): one command, copyPlan, with one schema, used by
 * the form (/plannen/:slug/kopieren), the API (POST /api/v1/plans/:slug/copy) and the command
 * line. It brings the modules together that the plans module may not know: the plans module
 * copies the plan and its items (plans/copy.ts), monitoring tells which items are finished,
 * figures copies the indicators. All in one transaction: the copy is whole, or not there.
 */
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../lib/errors.ts";
import { LENGTH, requiredText } from "../../lib/limits.ts";
import { slugFromText, slugNamed } from "../../lib/slug.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { copyIndicators } from "../figures/copy.ts";
import { progressOfPlan } from "../monitoring/updates.ts";
import { insertPlanCopy } from "../plans/copy.ts";
import { freeSlug, slugProblem } from "../plans/create.ts";
import { assertStoredPlanFits } from "../plans/editing.ts";
import { periodInput } from "../plans/plan-editing.ts";
import { getPlan } from "../plans/reading.ts";
import { copyChoices, finishedItems, latestStatuses } from "./rules.ts";

/** What a copy needs; the only check of what the form, the API and the command line send. */
export const copyPlanSchema = z.object({
  title: requiredText("Titel", LENGTH.title, "Titel: vul een titel in."),
  /** The new plan's short name in its address; proposed from the title when left out. */
  slug: z
    .union([z.literal("").transform(() => null), slugNamed("Korte naam")])
    .nullable()
    .default(null),
  period: periodInput,
  /** "all": every item; "unfinished": leave out what is finished (rules.ts). */
  items: z.enum(copyChoices, { error: "Onderdelen: kies alle onderdelen of alleen wat nog niet af is." }),
});

export type CopyPlanInput = z.input<typeof copyPlanSchema>;

export interface CopyOutcome {
  slug: string;
  copied: number;
  leftOut: number;
  indicators: number;
}

/** Thrown at the end of a dry run's transaction to roll it back, with what the copy would have held. */
class DryRunRollback extends Error {
  constructor(readonly outcome: CopyOutcome) {
    super("dry run");
  }
}

/**
 * Copies plan `fromSlug` (which the viewer must be allowed to edit) to a new concept plan.
 * `dryRun`: make the copy with every check, tell what it holds, and take it all back.
 */
export async function copyPlan(db: Db, viewer: Viewer, fromSlug: string, input: CopyPlanInput, options: { dryRun?: boolean } = {}): Promise<CopyOutcome> {
  await getPlan(db, viewer, fromSlug, "edit");
  const parsed = copyPlanSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("plan", parsed.error));
  const data = parsed.data;
  if (data.slug) {
    const taken = await slugProblem(db, data.slug);
    if (taken) throw new InputError([{ file: "plan", path: "slug", message: taken }]);
  }
  /** The short name the copy gets, once chosen: to name it when someone else took it meanwhile. */
  let chosen = data.slug;
  const copied = db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // Read again inside the transaction: the plan as it is copied, with the viewer's rights as they are now.
    const from = await getPlan(t, viewer, fromSlug, "edit");
    let leaveOut = new Set<number>();
    if (data.items === "unfinished") {
      const progress = await progressOfPlan(t, from, undefined, { lastWhenOver: true, round: null });
      leaveOut = finishedItems(from.items, latestStatuses(progress.items, progress.earlier));
    }
    const slug = data.slug ?? (await freeSlug(t, slugFromText(data.title) || "plan"));
    chosen = slug;
    const copy = await insertPlanCopy(t, fromSlug, { slug, title: data.title, period: data.period }, leaveOut);
    const indicators = await copyIndicators(t, from.id, copy.id, copy.itemIds);
    await assertStoredPlanFits(t, slug, "plan", "title");
    await record(t, viewer, {
      action: "plan-gekopieerd",
      entityType: "plan",
      entityId: copy.id,
      planId: copy.id,
      summary: `Plan '${data.title}' gemaakt uit '${from.title}': ${copy.itemIds.size} onderdelen overgenomen${copy.leftOut ? `, ${copy.leftOut} afgeronde niet` : ""}, ${indicators} indicatoren`,
      after: { slug, title: data.title, period: data.period, items: data.items, from: from.slug },
    });
    const outcome = { slug, copied: copy.itemIds.size, leftOut: copy.leftOut, indicators };
    if (options.dryRun) throw new DryRunRollback(outcome);
    return outcome;
  });
  return copied.catch(async (error: unknown) => {
    if (error instanceof DryRunRollback) return error.outcome;
    // Another plan took the short name while this copy ran: the unique index refused it, nothing was written.
    const taken = isUniqueViolation(error) && chosen ? await slugProblem(db, chosen) : null;
    if (taken) throw new InputError([{ file: "plan", path: "slug", message: taken }]);
    throw error;
  });
}
