/**
 * A new plan, made in Koers instead of read from a document: its levels and layout from a
 * template (templates.ts), its title, kind, owners, regions and period from the person who
 * makes it. It starts as a concept, not public, without items. One command, one schema:
 * the form (new-plan.tsx) and the API (POST /api/v1/plans) both call it.
 */
import { eq, inArray, like, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../lib/errors.ts";
import { COUNT, LENGTH, optionalText, requiredText, tooMany } from "../../lib/limits.ts";
import { slugFromText, slugNamed, SLUG_PATTERN } from "../../lib/slug.ts";
import { InputError, zodProblems, type InputProblem } from "../../lib/validation.ts";
import { canCreatePlan, newPlanOwners, refusal } from "../access/policy.ts";
import type { Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { organisations, regions } from "../organisations/schema.ts";
import { planKinds } from "./format.ts";
import { periodInput } from "./plan-editing.ts";
import { planOwners, planRegions, plans, type Layout, type Level } from "./schema.ts";
import { templateByKey } from "./templates.ts";

/** Slugs that name a page under /plannen/ rather than a plan. */
export const RESERVED_SLUGS = ["nieuw"] as const;

const optionalSlug = (label: string) =>
  z
    .union([z.literal("").transform(() => null), slugNamed(label)])
    .nullable()
    .default(null);

const slugList = (label: string, max: number) =>
  z
    .array(slugNamed(label), { error: `${label}: geef een lijst van korte namen.` })
    .max(max, tooMany(label, max))
    .transform((list) => [...new Set(list)]);

/** What a new plan needs; the only check of what the form, the API and the command line send. */
export const newPlanSchema = z.object({
  template: z.string({ error: "Sjabloon: kies waarmee het plan begint." }).min(1, "Sjabloon: kies waarmee het plan begint."),
  title: requiredText("Titel", LENGTH.title, "Titel: vul een titel in."),
  subtitle: optionalText("Ondertitel", LENGTH.phrase),
  /** The plan's short name in its address; proposed from the title when left out. */
  slug: optionalSlug("Korte naam"),
  kind: z.enum(planKinds, { error: "Soort: kies een soort plan." }),
  owners: slugList("Eigenaars", COUNT.partyOrganisations).refine((list) => list.length > 0, "Eigenaars: kies minstens één organisatie."),
  regions: slugList("Regio's", COUNT.partyOrganisations).default([]),
  period: periodInput,
});

export type NewPlanInput = z.input<typeof newPlanSchema>;

/** A slug that is free: `base` itself, or base-2, base-3, … (within the slug's length). */
export async function freeSlug(db: Db, base: string): Promise<string> {
  const stem = SLUG_PATTERN.test(base) ? base : "plan";
  const taken = new Set(
    (await db.select({ slug: plans.slug }).from(plans).where(or(eq(plans.slug, stem), like(plans.slug, `${stem}-%`)))).map((r) => r.slug),
  );
  for (const reserved of RESERVED_SLUGS) taken.add(reserved);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** The problem with a slug a person chose, or null when it is free. */
export async function slugProblem(db: Db, slug: string, label = "Korte naam"): Promise<string | null> {
  if ((RESERVED_SLUGS as readonly string[]).includes(slug)) return `${label}: '${slug}' is gereserveerd; kies een andere.`;
  const [row] = await db.select({ id: plans.id }).from(plans).where(eq(plans.slug, slug));
  return row ? `${label}: er is al een plan met de korte naam '${slug}'; kies een andere.` : null;
}

/** Organisation ids by slug for the owners, with a problem for each that does not exist or that the viewer may not make plans for. */
export async function checkOwners(db: Db, viewer: Viewer, slugs: readonly string[], path = "owners"): Promise<{ ids: number[]; problems: InputProblem[] }> {
  const rows = slugs.length ? await db.select({ id: organisations.id, slug: organisations.slug, name: organisations.name }).from(organisations).where(inArray(organisations.slug, [...slugs])) : [];
  const allowed = newPlanOwners(viewer);
  const problems: InputProblem[] = [];
  const ids: number[] = [];
  slugs.forEach((slug, i) => {
    const row = rows.find((r) => r.slug === slug);
    if (!row) problems.push({ file: "plan", path: `${path}[${i}]`, message: `Eigenaars: organisatie '${slug}' bestaat niet.` });
    else if (allowed !== "all" && !allowed.includes(row.id)) {
      problems.push({ file: "plan", path: `${path}[${i}]`, message: `Eigenaars: u bent geen redacteur van ${row.name}; kies een organisatie waarvan u redacteur bent.` });
    } else ids.push(row.id);
  });
  return { ids, problems };
}

/** The organisations a viewer may make a plan for, by name: the choices of the form. */
export async function ownerChoices(db: Db, viewer: Viewer): Promise<{ slug: string; name: string }[]> {
  const allowed = newPlanOwners(viewer);
  if (allowed !== "all" && allowed.length === 0) return [];
  const query = db.select({ slug: organisations.slug, name: organisations.name }).from(organisations);
  const rows = allowed === "all" ? await query : await query.where(inArray(organisations.id, allowed));
  return rows.sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

/** Every region, by name: the choices of the form. */
export async function regionChoices(db: Db): Promise<{ slug: string; name: string }[]> {
  const rows = await db.select({ slug: regions.slug, name: regions.name }).from(regions);
  return rows.sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

/** Refuses a viewer who may make no plan at all: sign in (401), or not a redacteur anywhere (403). */
export function assertMayCreatePlan(viewer: Viewer): void {
  if (!canCreatePlan(viewer)) throw refusal(viewer, "U mag geen nieuw plan maken: daarvoor moet u redacteur zijn van een organisatie.");
}

/** Makes a new, empty concept plan from a template. Returns its slug. */
export async function createPlan(db: Db, viewer: Viewer, input: NewPlanInput): Promise<{ id: number; slug: string }> {
  assertMayCreatePlan(viewer);
  const parsed = newPlanSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("plan", parsed.error));
  const data = parsed.data;
  const problems: InputProblem[] = [];
  const template = await templateByKey(db, viewer, data.template);
  if (!template) problems.push({ file: "plan", path: "template", message: "Sjabloon: kies een van de sjablonen die het formulier noemt." });
  const owners = await checkOwners(db, viewer, data.owners);
  problems.push(...owners.problems);
  const regionRows = data.regions.length ? await db.select({ id: regions.id, slug: regions.slug }).from(regions).where(inArray(regions.slug, data.regions)) : [];
  data.regions.forEach((slug, i) => {
    if (!regionRows.some((r) => r.slug === slug)) problems.push({ file: "plan", path: `regions[${i}]`, message: `Regio's: regio '${slug}' bestaat niet.` });
  });
  if (data.slug) {
    const taken = await slugProblem(db, data.slug);
    if (taken) problems.push({ file: "plan", path: "slug", message: taken });
  }
  if (problems.length > 0) throw new InputError(problems);
  const slug = data.slug ?? (await freeSlug(db, slugFromText(data.title) || "plan"));

  const created = db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const levels: Level[] = template!.levels;
    const layout: Layout = template!.layout;
    const [row] = await t
      .insert(plans)
      .values({
        slug,
        title: data.title,
        subtitle: data.subtitle,
        kind: data.kind,
        status: "concept",
        published: false,
        periodLabel: data.period.label,
        periodStart: data.period.start,
        periodEnd: data.period.end,
        levels,
        layout,
      })
      .returning({ id: plans.id });
    const planId = row!.id;
    await t.insert(planOwners).values(owners.ids.map((organisationId, position) => ({ planId, organisationId, position })));
    if (data.regions.length) {
      await t.insert(planRegions).values(data.regions.map((r, position) => ({ planId, regionId: regionRows.find((x) => x.slug === r)!.id, position })));
    }
    await record(t, viewer, {
      action: "plan-aangemaakt",
      entityType: "plan",
      entityId: planId,
      planId,
      summary: `Plan '${data.title}' aangemaakt, sjabloon: ${template!.name}`,
      after: { slug, title: data.title, kind: data.kind, template: template!.key, owners: data.owners, regions: data.regions, period: data.period },
    });
    return { id: planId, slug };
  });
  return created.catch(async (error: unknown) => {
    // Another plan took the short name meanwhile: the unique index refused it, nothing was written.
    const taken = isUniqueViolation(error) ? await slugProblem(db, slug) : null;
    if (taken) throw new InputError([{ file: "plan", path: "slug", message: taken }]);
    throw error;
  });
}
