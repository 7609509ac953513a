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
    await insertItems(db, file.slug, planId, file.items, { orgIds, topicIds, pending });
  }

  for (const file of files.filter((f) => f.parent)) {
    const parentId = planIds.get(file.parent!) ?? (await planIdBySlug(db, file.parent!));
    await db.update(plans).set({ parentId }).where(eq(plans.id, planIds.get(file.slug)!));
  }

  const trees = new Map<string, RefTreeNode[]>();
  const links = [];
  for (const link of pending) {
    const [targetPlan, ref] = link.to.includes("#") ? link.to.split("#", 2) : [link.planSlug, link.to];
    if (!trees.has(targetPlan!)) trees.set(targetPlan!, await loadRefTree(db, planIds.get(targetPlan!) ?? (await planIdBySlug(db, targetPlan!))));
    const target = findByRef(trees.get(targetPlan!)!, ref!);
    if (typeof target === "string") throw new PlanConflictError(`Verwijzing in plan '${link.planSlug}': ${target}.`);
    links.push({ fromItemId: link.fromItemId, toItemId: target.id, position: link.position, kind: link.kind, note: link.note ?? null });
  }
  await insertInChunks(links, (chunk) => db.insert(itemLinks).values(chunk));
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

/** Rows per INSERT statement: well within PostgreSQL's 65 535 parameters for the widest table (items). */
const ROWS_PER_INSERT = 1000;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) await insert(rows.slice(at, at + ROWS_PER_INSERT));
}

/** `n` new ids from a table's id sequence, in one statement. */
async function newIds(db: Db, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const result = (await db.execute(sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`)) as unknown as { rows: { id: number }[] };
  return result.rows.map((r) => r.id);
}

/**
 * A plan's items with their parties, topics and links to resolve, a few statements for the whole
 * tree however large: ids are taken from the sequences first, so that children can name their
 * parent, and rows are written a thousand at a time, parents before their children.
 */
async function insertItems(
  db: Db,
  planSlug: string,
  planId: number,
  list: ItemFile[],
  ctx: { orgIds: Map<string, number>; topicIds: Map<string, number>; pending: PendingLink[] },
): Promise<void> {
  const flat: { item: ItemFile; parent: number | null; position: number }[] = [];
  const walk = (children: ItemFile[], parent: number | null) =>
    children.forEach((item, position) => walk(item.children, flat.push({ item, parent, position }) - 1));
  walk(list, null);
  const itemIds = await newIds(db, "items", flat.length);
  const parties = flat.flatMap(({ item }, at) => item.parties.map((party, position) => ({ itemId: itemIds[at]!, party, position })));
  const partyIds = await newIds(db, "item_parties", parties.length);

  await insertInChunks(
    flat.map(({ item, parent, position }, at) => ({
      id: itemIds[at]!,
      planId,
      parentId: parent === null ? null : itemIds[parent]!,
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
    })),
    (chunk) => db.insert(items).values(chunk),
  );
  await insertInChunks(
    parties.map(({ itemId, party, position }, at) => ({ id: partyIds[at]!, itemId, position, role: party.role ?? null, task: party.task ?? null })),
    (chunk) => db.insert(itemParties).values(chunk),
  );
  await insertInChunks(
    parties.flatMap(({ party }, at) => party.organisations.map((o, position) => ({ partyId: partyIds[at]!, organisationId: ctx.orgIds.get(o)!, position }))),
    (chunk) => db.insert(itemPartyOrganisations).values(chunk),
  );
  await insertInChunks(
    flat.flatMap(({ item }, at) => item.topics.map((t, position) => ({ itemId: itemIds[at]!, topicId: ctx.topicIds.get(t)!, position }))),
    (chunk) => db.insert(itemTopics).values(chunk),
  );
  flat.forEach(({ item }, at) =>
    item.links.forEach((link, position) => ctx.pending.push({ fromItemId: itemIds[at]!, planSlug, to: link.to, kind: link.kind, note: link.note, position })),
  );
}

export async function upsertTopics(db: Db, list: { slug: string; name: string; description?: string | undefined }[]): Promise<void> {
  for (const t of list) {
    const values = { slug: t.slug, name: t.name, description: t.description ?? null };
    await db.insert(topics).values(values).onConflictDoUpdate({ target: topics.slug, set: values });
  }
}
