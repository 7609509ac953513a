/** Changing one item of a plan: its fields and relations, with a version check and an audit entry. */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { type Db } from "../../db/client.ts";
import { ConflictError } from "../../lib/errors.ts";

import { record } from "../audit/service.ts";
import type { Viewer } from "../access/viewer.ts";
import { organisationIds } from "../organisations/service.ts";

import { linkKinds, type LinkKind, type Section } from "./format.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";

import { ItemNotFoundError, requirePlan } from "./access.ts";
import { findItem, getPlan, visiblePlans, type PlanItem } from "./reading.ts";
import { itemLinks, itemParties, itemPartyOrganisations, items, itemTopics, plans, topics } from "./schema.ts";

export interface PartyPatch {
  role: string | null;
  task: string | null;
  /** Organisation slugs. */
  organisations: string[];
}

export interface LinkPatch {
  targetId: number;
  kind: LinkKind;
  note: string | null;
}

export interface ItemPatch {
  /** The version the change was made against; a newer version in the database refuses the change. */
  version: number;
  title?: string | undefined;
  code?: string | null | undefined;
  when?: string | null | undefined;
  budget?: string | null | undefined;
  internalNote?: string | null | undefined;
  sections?: Section[] | undefined;
  priority?: boolean | undefined;
  reducedCapacity?: string | null | undefined;
  /** Replaces the parties (wie) of the item. */
  parties?: PartyPatch[] | undefined;
  /** Replaces the topics: slugs. */
  topics?: string[] | undefined;
  /** Replaces the links to other items. */
  links?: LinkPatch[] | undefined;
}

/** The relations of an item in the shape an ItemPatch writes them. */
export function relationsOf(item: PlanItem): { parties: PartyPatch[]; topics: string[]; links: LinkPatch[] } {
  return {
    parties: item.parties.map((p) => ({ role: p.role, task: p.task, organisations: p.organisations.map((o) => o.slug) })),
    topics: item.topics.map((t) => t.slug),
    links: item.links.map((l) => ({ targetId: l.target.id, kind: l.kind as LinkKind, note: l.note })),
  };
}

export class StaleVersionError extends ConflictError {
  constructor(readonly current: { version: number; title: string }) {
    super(
      `Dit onderdeel is intussen gewijzigd door iemand anders (nu versie ${current.version}). ` +
        "Haal het opnieuw op, neem de wijzigingen over en sla dan op.",
    );
  }
}

/** Changes fields of one item, if the viewer may and nobody changed it since `patch.version`. */
export async function updateItem(db: Db, viewer: Viewer, planSlug: string, itemId: number, patch: ItemPatch) {
  await requirePlan(db, viewer, planSlug, "edit-item", { item: itemId });
  const plan = await getPlan(db, viewer, planSlug);
  const item = findItem(plan.items, itemId);
  if (!item) throw new ItemNotFoundError(itemId);
  const fields = {
    ...(patch.title !== undefined && { title: patch.title }),
    ...(patch.code !== undefined && { code: patch.code }),
    ...(patch.when !== undefined && { whenText: patch.when }),
    ...(patch.budget !== undefined && { budget: patch.budget }),
    ...(patch.internalNote !== undefined && { internalNote: patch.internalNote }),
    ...(patch.sections !== undefined && { sections: patch.sections }),
    ...(patch.priority !== undefined && { priority: patch.priority }),
    ...(patch.reducedCapacity !== undefined && { reducedCapacity: patch.reducedCapacity }),
  };
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [current] = await t.select().from(items).where(eq(items.id, itemId)).for("update");
    if (!current || current.version !== patch.version) throw new StaleVersionError({ version: current!.version, title: current!.title });
    const [updated] = await t
      .update(items)
      .set({ ...fields, version: current.version + 1, updatedAt: new Date() })
      .where(eq(items.id, itemId))
      .returning();
    const relations = await replaceRelations(t, viewer, itemId, patch);
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    const pick = (row: typeof current) => Object.fromEntries(keys.map((k) => [k, row[k]]));
    const before = relationsOf(item);
    await record(t, viewer, {
      action: "onderdeel-gewijzigd",
      entityType: "onderdeel",
      entityId: itemId,
      planId: plan.id,
      itemId,
      summary: `${current.code ? `${current.code} ` : ""}${current.title}: ${[...keys, ...Object.keys(relations)].join(", ")} gewijzigd`,
      before: { ...pick(current), ...Object.fromEntries(Object.keys(relations).map((k) => [k, before[k as keyof typeof before]])) },
      after: { ...pick(updated!), ...relations },
    });
    return updated!;
  });
}

/** Writes the parties, topics and links a patch names; returns what it wrote, for the audit log. */
async function replaceRelations(db: Db, viewer: Viewer, itemId: number, patch: ItemPatch) {
  const problems: InputProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ file: "onderdeel", path, message });
  const written: Partial<Pick<ItemPatch, "parties" | "topics" | "links">> = {};

  const orgIds = await organisationIds(db, patch.parties?.flatMap((p) => p.organisations) ?? []);
  patch.parties?.forEach((p, i) => {
    if (!p.role && p.organisations.length === 0) problem(`parties[${i}]`, "Een partij heeft een rol of een organisatie.");
    for (const slug of p.organisations) if (!orgIds.has(slug)) problem(`parties[${i}].organisations`, `Organisatie '${slug}' bestaat niet.`);
  });
  const topicIds = patch.topics?.length
    ? new Map((await db.select({ id: topics.id, slug: topics.slug }).from(topics).where(inArray(topics.slug, patch.topics))).map((t) => [t.slug, t.id]))
    : new Map<string, number>();
  patch.topics?.forEach((slug, i) => {
    if (!topicIds.has(slug)) problem(`topics[${i}]`, `Onderwerp '${slug}' bestaat niet.`);
  });
  const targetIds = patch.links?.map((l) => l.targetId) ?? [];
  const targets = targetIds.length
    ? new Set(
        (
          await db
            .select({ id: items.id })
            .from(items)
            .innerJoin(plans, eq(plans.id, items.planId))
            .where(and(inArray(items.id, targetIds), isNull(items.deletionId), visiblePlans(viewer)))
        ).map((r) => r.id),
      )
    : new Set<number>();
  patch.links?.forEach((l, i) => {
    if (l.targetId === itemId) problem(`links[${i}]`, "Een onderdeel kan niet naar zichzelf verwijzen.");
    else if (!targets.has(l.targetId)) problem(`links[${i}]`, `Onderdeel ${l.targetId} bestaat niet of u mag het niet lezen.`);
    if (!linkKinds.includes(l.kind)) problem(`links[${i}].kind`, `Kies een soort verwijzing: ${linkKinds.join(", ")}.`);
  });
  if (problems.length) throw new InputError(problems);

  if (patch.parties) {
    await db.delete(itemParties).where(eq(itemParties.itemId, itemId));
    for (const [position, party] of patch.parties.entries()) {
      const [row] = await db.insert(itemParties).values({ itemId, position, role: party.role, task: party.task }).returning({ id: itemParties.id });
      if (party.organisations.length) {
        await db.insert(itemPartyOrganisations).values(party.organisations.map((o, i) => ({ partyId: row!.id, organisationId: orgIds.get(o)!, position: i })));
      }
    }
    written.parties = patch.parties;
  }
  if (patch.topics) {
    await db.delete(itemTopics).where(eq(itemTopics.itemId, itemId));
    if (patch.topics.length) await db.insert(itemTopics).values(patch.topics.map((slug, position) => ({ itemId, topicId: topicIds.get(slug)!, position })));
    written.topics = patch.topics;
  }
  if (patch.links) {
    await db.delete(itemLinks).where(eq(itemLinks.fromItemId, itemId));
    if (patch.links.length) {
      await db.insert(itemLinks).values(patch.links.map((l, position) => ({ fromItemId: itemId, toItemId: l.targetId, position, kind: l.kind, note: l.note })));
    }
    written.links = patch.links;
  }
  return written;
}
