/**
 * What a new plan can start from: the levels and layout of one of the source plans, or an
 * empty plan of one level. The levels and layout of a source plan are read from that plan as
 * it is stored (loaded from data/plans/*.yaml on the first start), never copied here, so a
 * template always shows what the plan itself shows (decision 23).
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../access/viewer.ts";
import { requirePlan, PlanNotFoundError } from "./access.ts";
import { plans, type Layout, type Level } from "./schema.ts";

export interface PlanTemplate {
  /** "leeg", or the slug of the plan whose levels and layout it takes. */
  key: string;
  name: string;
  /** What a new plan gets, in words: its levels and its columns. */
  description: string;
  levels: Level[];
  layout: Layout;
}

export const EMPTY_TEMPLATE = "leeg";

/** The source plans that serve as templates, in the order the form offers them. */
export const TEMPLATE_PLANS = ["uitvoeringsplan-nk-2025-2026", "allen-voor-een-2022-2024", "jaarplan-ppo-nk-2023", "activiteitenplan-swvnk-2024"] as const;

const emptyLevels: Level[] = [{ key: "onderdeel", name: "Onderdeel", plural: "Onderdelen" }];
const emptyLayout: Layout = {
  style: "blocks",
  rowLevel: "onderdeel",
  columns: [
    { label: "Wie", show: ["parties"] },
    { label: "Wanneer", show: ["when"] },
  ],
};

/** A template's description: "Niveaus: Thema › Ambitie. Tabel met de kolommen Ambities, Wie." */
export function describeTemplate(levels: readonly Level[], layout: Layout): string {
  const columns = layout.columns.map((c) => c.label).join(", ");
  const shape = layout.style === "table" ? `Tabel met de kolommen ${columns}` : `Een blok per ${levels.find((l) => l.key === layout.rowLevel)?.name.toLowerCase() ?? "onderdeel"} met ${columns}`;
  return `Niveaus: ${levels.map((l) => l.name).join(" › ")}. ${shape}.`;
}

export const emptyTemplate: PlanTemplate = {
  key: EMPTY_TEMPLATE,
  name: "Leeg plan",
  description: describeTemplate(emptyLevels, emptyLayout),
  levels: emptyLevels,
  layout: emptyLayout,
};

/** A template from a stored plan: its levels and layout as they are, named after the plan. */
export function templateOf(plan: { slug: string; title: string; levels: Level[]; layout: Layout }): PlanTemplate {
  const levels = plan.levels.map(({ key, name, plural }) => ({ key, name, ...(plural !== undefined && { plural }) }));
  const layout: Layout = { style: plan.layout.style, rowLevel: plan.layout.rowLevel, columns: plan.layout.columns.map(({ label, show }) => ({ label, show: [...show] })) };
  return { key: plan.slug, name: `Zoals ${plan.title}`, description: describeTemplate(levels, layout), levels, layout };
}

/** The template named `key` among `available`, or undefined. */
export function chooseTemplate(available: readonly PlanTemplate[], key: string): PlanTemplate | undefined {
  return available.find((t) => t.key === key);
}

/**
 * The templates the viewer can choose from: the empty plan, then each source plan that is
 * stored and that the viewer may read (a plan they may not read does not exist for them).
 */
export async function planTemplates(db: Db, viewer: Viewer): Promise<PlanTemplate[]> {
  const rows = await db
    .select({ slug: plans.slug, title: plans.title, levels: plans.levels, layout: plans.layout })
    .from(plans)
    .where(inArray(plans.slug, [...TEMPLATE_PLANS]));
  const found: PlanTemplate[] = [];
  for (const slug of TEMPLATE_PLANS) {
    const row = rows.find((r) => r.slug === slug);
    if (!row) continue;
    try {
      await requirePlan(db, viewer, slug, "read");
      found.push(templateOf(row));
    } catch (error) {
      if (!(error instanceof PlanNotFoundError)) throw error;
    }
  }
  return [emptyTemplate, ...found];
}

/** The levels and layout of one template by key, read as planTemplates reads them. */
export async function templateByKey(db: Db, viewer: Viewer, key: string): Promise<PlanTemplate | undefined> {
  if (key === EMPTY_TEMPLATE) return emptyTemplate;
  if (!(TEMPLATE_PLANS as readonly string[]).includes(key)) return undefined;
  const [row] = await db.select({ slug: plans.slug, title: plans.title, levels: plans.levels, layout: plans.layout }).from(plans).where(eq(plans.slug, key));
  if (!row) return undefined;
  try {
    await requirePlan(db, viewer, key, "read");
  } catch (error) {
    if (error instanceof PlanNotFoundError) return undefined;
    throw error;
  }
  return templateOf(row);
}
