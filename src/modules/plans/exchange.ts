/** Plans in the exchange format: written out for export, and a validated plan file written into the database. */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { type Db } from "../../db/client.ts";
import { ConflictError } from "../../lib/errors.ts";

import { organisationIds, regionIds } from "../organisations/service.ts";

import { type ItemFile, type PlanFile, type Section } from "./format.ts";

import { findByRef } from "./item-refs.ts";
import { type ItemRef, loadRefTree, planIdBySlug, type PendingLink, type PlanDetail, type PlanItem, type RefTreeNode } from "./reading.ts";
import { itemLinks, itemParties, itemPartyOrganisations, items, itemTopics, planApprovals, planOwners, planRegions, plans, topics, type Footnote, type Layout, type Level } from "./schema.ts";

function exchangeRef(plan: PlanDetail, target: ItemRef): string {
  if (target.ref === null) {
    throw new PlanConflictError(
      `Plan '${plan.slug}' verwijst naar '${target.title}', dat geen code heeft; geef het een code om het plan te kunnen exporteren.`,
    );
  }
  return target.planSlug === plan.slug ? target.ref : `${target.planSlug}#${target.ref}`;
}

/** Objects in the order the exchange format writes them (jsonb does not keep key order). */
export const ordered = {
  sections: (list: Section[]): Section[] => list.map(({ title, text }) => ({ title, text })),
  footnotes: (list: Footnote[]): Footnote[] => list.map(({ mark, text }) => ({ mark, text })),
  levels: (list: Level[]): Level[] =>
    list.map(({ key, name, plural }) => ({ key, name, ...(plural !== undefined && { plural }) })),
  layout: ({ style, rowLevel, columns }: Layout): Layout => ({
    style,
    rowLevel,
    columns: columns.map(({ label, show }) => ({ label, show })),
  }),
};

/** The plan in the exchange format: what `koers export` writes and `koers import` reads back. */
export function toPlanFile(plan: PlanDetail): PlanFile {
  const item = (i: PlanItem): ItemFile => ({
    ...(i.code !== null && { code: i.code }),
    level: i.level,
    title: i.title,
    sections: ordered.sections(i.sections),
    parties: i.parties.map((p) => ({
      ...(p.role !== null && { role: p.role }),
      organisations: p.organisations.map((o) => o.slug),
      ...(p.task !== null && { task: p.task }),
    })),
    ...(i.when !== null && { when: i.when }),
    ...(i.budget !== null && { budget: i.budget }),
    priority: i.priority,
    ...(i.reducedCapacity !== null && { reducedCapacity: i.reducedCapacity }),
    ...(i.internalNote !== null && { internalNote: i.internalNote }),
    topics: i.topics.map((t) => t.slug),
    links: i.links.map((l) => ({
      to: exchangeRef(plan, l.target),
      kind: l.kind as PlanFile["items"][number]["links"][number]["kind"],
      ...(l.note !== null && { note: l.note }),
    })),
    ...(i.interpreted.length > 0 && { interpreted: [...i.interpreted] }),
    children: i.children.map(item),
  });
  return {
    slug: plan.slug,
    title: plan.title,
    ...(plan.subtitle !== null && { subtitle: plan.subtitle }),
    kind: plan.kind as PlanFile["kind"],
    status: plan.status as PlanFile["status"],
    published: plan.published,
    period: plan.period,
    ...(plan.parent && { parent: plan.parent.slug }),
    ...(plan.parentTitle !== null && { parentTitle: plan.parentTitle }),
    owners: plan.owners.map((o) => o.slug),
    regions: plan.regions.map((r) => r.slug),
    ...(plan.source !== null && { source: plan.source }),
    levels: ordered.levels(plan.levels),
    layout: ordered.layout(plan.layout),
    approvals: plan.approvals.map((a) => ({
      body: a.body,
      ...(a.date !== null && { date: a.date }),
      outcome: a.outcome,
      adopts: a.adopts,
      ...(a.note !== null && { note: a.note }),
      ...(a.interpreted.length > 0 && { interpreted: [...a.interpreted] }),
    })),
    sections: ordered.sections(plan.sections),
    items: plan.items.map(item),
    closingSections: ordered.sections(plan.closingSections),
    footnotes: ordered.footnotes(plan.footnotes),
    ...(plan.internalNote !== null && { internalNote: plan.internalNote }),
  };
}

export class PlanConflictError extends ConflictError {}

/**
 * Writes plans into the database. Call inside a transaction: on any error the
 * caller's transaction rolls back and nothing is half-written. References must
 * have been checked already (see crossCheck); an existing plan is replaced only
 * when `replace` is set and nothing outside it depends on it.
 */
export async function insertPlans(db: Db, files: PlanFile[], options: { replace?: boolean } = {}): Promise<void> {
  const slugs = files.map((f) => f.slug);
  const existing = slugs.length
    ? await db.select({ id: plans.id, slug: plans.slug }).from(plans).where(inArray(plans.slug, slugs))
    : [];
  if (existing.length > 0) {
    if (!options.replace) {
      throw new PlanConflictError(
        `Plan ${existing.map((e) => `'${e.slug}'`).join(", ")} bestaat al. Gebruik --replace om het te vervangen.`,
      );
    }
    await assertReplaceable(db, existing.map((e) => e.id));
    await db.delete(plans).where(inArray(plans.id, existing.map((e) => e.id)));
  }

  const orgIds = await organisationIds(db, files.flatMap((f) => [...f.owners, ...allPartyOrganisations(f.items)]));
  const regIds = await regionIds(db, files.flatMap((f) => f.regions));
  const topicRows = await db.select({ id: topics.id, slug: topics.slug }).from(topics);
  const topicIds = new Map(topicRows.map((t) => [t.slug, t.id]));
  const pending: PendingLink[] = [];
  const planIds = new Map<string, number>();

  for (const file of files) {
    const [row] = await db
      .insert(plans)
      .values({
        slug: file.slug,
        title: file.title,
        subtitle: file.subtitle ?? null,
        kind: file.kind,
        status: file.status,
        published: file.published,
        periodLabel: file.period.label,
        periodStart: file.period.start,
        periodEnd: file.period.end,
        parentTitle: file.parentTitle ?? null,
        source: file.source ?? null,
        levels: file.levels,
        layout: file.layout,
        sections: file.sections,
        closingSections: file.closingSections,
        footnotes: file.footnotes,
        internalNote: file.internalNote ?? null,
      })
      .returning({ id: plans.id });
    const planId = row!.id;
    planIds.set(file.slug, planId);
    if (file.owners.length) {
      await db.insert(planOwners).values(file.owners.map((o, position) => ({ planId, organisationId: orgIds.get(o)!, position })));
    }
    if (file.regions.length) {
      await db.insert(planRegions).values(file.regions.map((r, position) => ({ planId, regionId: regIds.get(r)!, position })));
    }
    if (file.approvals.length) {
      await db.insert(planApprovals).values(
        file.approvals.map((a, position) => ({
          planId,
          position,
          body: a.body,
          date: a.date ?? null,
          outcome: a.outcome,
          adopts: a.adopts,
          note: a.note ?? null,
          interpreted: a.interpreted ?? [],
        })),
      );
    }
    await insertItems(db, file.slug, planId, null, file.items, { orgIds, topicIds, pending });
  }

  for (const file of files.filter((f) => f.parent)) {
    const parentId = planIds.get(file.parent!) ?? (await planIdBySlug(db, file.parent!));
    await db.update(plans).set({ parentId }).where(eq(plans.id, planIds.get(file.slug)!));
  }

  const trees = new Map<string, RefTreeNode[]>();
  for (const link of pending) {
    const [targetPlan, ref] = link.to.includes("#") ? link.to.split("#", 2) : [link.planSlug, link.to];
    if (!trees.has(targetPlan!)) trees.set(targetPlan!, await loadRefTree(db, planIds.get(targetPlan!) ?? (await planIdBySlug(db, targetPlan!))));
    const target = findByRef(trees.get(targetPlan!)!, ref!);
    if (typeof target === "string") throw new PlanConflictError(`Verwijzing in plan '${link.planSlug}': ${target}.`);
    await db.insert(itemLinks).values({
      fromItemId: link.fromItemId,
      toItemId: target.id,
      position: link.position,
      kind: link.kind,
      note: link.note ?? null,
    });
  }
}

/** Replacing a plan deletes its items; refuse when other plans link to them. */
async function assertReplaceable(db: Db, planIds: number[]): Promise<void> {
  const [inbound] = await db
    .select({ n: count() })
    .from(itemLinks)
    .innerJoin(sql`items as source`, sql`source.id = ${itemLinks.fromItemId}`)
    .innerJoin(items, eq(items.id, itemLinks.toItemId))
    .where(and(inArray(items.planId, planIds), sql`source.plan_id not in (${sql.join(planIds, sql`, `)})`));
  if (inbound && inbound.n > 0) {
    throw new PlanConflictError(
      `Dit plan kan niet vervangen worden: ${inbound.n} verwijzing(en) uit andere plannen wijzen naar zijn onderdelen.`,
    );
  }
}

function allPartyOrganisations(list: ItemFile[]): string[] {
  return list.flatMap((i) => [...i.parties.flatMap((p) => p.organisations), ...allPartyOrganisations(i.children)]);
}

async function insertItems(
  db: Db,
  planSlug: string,
  planId: number,
  parentId: number | null,
  list: ItemFile[],
  ctx: { orgIds: Map<string, number>; topicIds: Map<string, number>; pending: PendingLink[] },
): Promise<void> {
  for (const [position, item] of list.entries()) {
    const [row] = await db
      .insert(items)
      .values({
        planId,
        parentId,
        position,
        code: item.code ?? null,
        level: item.level,
        title: item.title,
        sections: item.sections,
        whenText: item.when ?? null,
        budget: item.budget ?? null,
        priority: item.priority,
        reducedCapacity: item.reducedCapacity ?? null,
        internalNote: item.internalNote ?? null,
        interpreted: item.interpreted ?? [],
      })
      .returning({ id: items.id });
    const itemId = row!.id;
    for (const [partyPosition, party] of item.parties.entries()) {
      const [p] = await db
        .insert(itemParties)
        .values({ itemId, position: partyPosition, role: party.role ?? null, task: party.task ?? null })
        .returning({ id: itemParties.id });
      if (party.organisations.length) {
        await db.insert(itemPartyOrganisations).values(
          party.organisations.map((o, i) => ({ partyId: p!.id, organisationId: ctx.orgIds.get(o)!, position: i })),
        );
      }
    }
    if (item.topics.length) {
      await db.insert(itemTopics).values(item.topics.map((t, i) => ({ itemId, topicId: ctx.topicIds.get(t)!, position: i })));
    }
    item.links.forEach((link, i) =>
      ctx.pending.push({ fromItemId: itemId, planSlug, to: link.to, kind: link.kind, note: link.note, position: i }),
    );
    await insertItems(db, planSlug, planId, itemId, item.children, ctx);
  }
}

export async function upsertTopics(db: Db, list: { slug: string; name: string; description?: string | undefined }[]): Promise<void> {
  for (const t of list) {
    const values = { slug: t.slug, name: t.name, description: t.description ?? null };
    await db.insert(topics).values(values).onConflictDoUpdate({ target: topics.slug, set: values });
  }
}
