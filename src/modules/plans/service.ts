/**
 * Plans: reading them whole (for pages, the API and export), listing them, and
 * writing a validated plan file into the database.
 */
import { and, asc, count, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { together, type Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { groupBy } from "../../lib/group-by.ts";
import {
  canEditItem,
  canEditPlan,
  canReadInternal,
  ForbiddenError,
  readableOrganisations,
  UnauthenticatedError,
  type PlanAccess,
} from "../accounts/policy.ts";
import { record } from "../audit/service.ts";
import type { Viewer } from "../accounts/viewer.ts";
import { organisationIds, regionIds } from "../organisations/service.ts";
import { organisations, regions } from "../organisations/schema.ts";
import { linkKinds, type ItemFile, type LinkKind, type PlanFile, type Section } from "./format.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";
import { findByRef, refFor } from "./item-refs.ts";
import {
  itemLinks,
  itemParties,
  itemPartyOrganisations,
  items,
  itemTopics,
  planApprovals,
  planOwners,
  planRegions,
  plans,
  topics,
  type Footnote,
  type Layout,
  type Level,
} from "./schema.ts";

export interface OrganisationRef {
  id: number;
  slug: string;
  name: string;
  shortName: string | null;
}

export interface PlanItem {
  id: number;
  code: string | null;
  level: string;
  title: string;
  sections: Section[];
  parties: { role: string | null; task: string | null; organisations: OrganisationRef[] }[];
  when: string | null;
  budget: string | null;
  priority: boolean;
  reducedCapacity: string | null;
  /** Null when the viewer may not read internal content. */
  internalNote: string | null;
  topics: { slug: string; name: string }[];
  links: { kind: string; note: string | null; target: ItemRef }[];
  /** Items (in this or another plan the viewer may read) that link to this one. */
  backlinks: { kind: string; source: ItemRef }[];
  version: number;
  /** Whether the viewer may change this item. */
  editable: boolean;
  children: PlanItem[];
}

export interface ItemRef {
  id: number;
  /** How the exchange format names this item ("1.2", "1.2/3"); null when it has no code. */
  ref: string | null;
  planSlug: string;
  planTitle: string;
  code: string | null;
  title: string;
}

export interface PlanSummary {
  id: number;
  slug: string;
  title: string;
  subtitle: string | null;
  kind: string;
  status: string;
  published: boolean;
  period: { label: string; start: string; end: string };
  owners: OrganisationRef[];
  regions: { slug: string; name: string }[];
}

export interface PlanDetail extends PlanSummary {
  parent: { slug: string; title: string } | null;
  parentTitle: string | null;
  source: string | null;
  levels: Level[];
  layout: Layout;
  approvals: { body: string; date: string | null; outcome: string; adopts: boolean; note: string | null }[];
  sections: Section[];
  closingSections: Section[];
  footnotes: Footnote[];
  items: PlanItem[];
  /** Null when the viewer may not read internal content. */
  internalNote: string | null;
  access: PlanAccess;
  /** What the viewer may do with this plan. */
  may: { readInternal: boolean; edit: boolean };
  version: number;
  updatedAt: Date;
}

export class PlanNotFoundError extends NotFoundError {
  constructor(readonly slug: string) {
    super(`Plan '${slug}' bestaat niet.`);
  }
}

/** The items of a plan that are not in the bin. */
export function liveItemsOf(planId: number): SQL {
  return and(eq(items.planId, planId), isNull(items.deletionId))!;
}

/** SQL for the plans whose internal content the viewer may read (its organisations own them or are a party). */
export function internalPlans(viewer: Viewer): SQL {
  const orgs = readableOrganisations(viewer);
  if (orgs === "all") return sql`true`;
  if (orgs.length === 0) return sql`false`;
  const ids = sql.join(orgs, sql`, `);
  return or(
    sql`${plans.id} in (select plan_id from plan_owners where organisation_id in (${ids}))`,
    sql`${plans.id} in (select i.plan_id from items i join item_parties p on p.item_id = i.id
        join item_party_organisations po on po.party_id = p.id where po.organisation_id in (${ids}) and i.deletion_id is null)`,
  )!;
}

/** SQL for the plans a viewer may read: the published ones and its internal ones; undefined for all. */
export function visiblePlans(viewer: Viewer): SQL | undefined {
  return readableOrganisations(viewer) === "all" ? undefined : or(eq(plans.published, true), internalPlans(viewer));
}

async function ownersAndRegions(db: Db, planIds: number[]) {
  if (planIds.length === 0) return { owners: new Map<number, OrganisationRef[]>(), regionsOf: new Map<number, { slug: string; name: string }[]>() };
  const ownerRows = await db
    .select({ planId: planOwners.planId, id: organisations.id, slug: organisations.slug, name: organisations.name, shortName: organisations.shortName })
    .from(planOwners)
    .innerJoin(organisations, eq(organisations.id, planOwners.organisationId))
    .where(inArray(planOwners.planId, planIds))
    .orderBy(asc(planOwners.planId), asc(planOwners.position));
  const regionRows = await db
    .select({ planId: planRegions.planId, slug: regions.slug, name: regions.name })
    .from(planRegions)
    .innerJoin(regions, eq(regions.id, planRegions.regionId))
    .where(inArray(planRegions.planId, planIds))
    .orderBy(asc(planRegions.planId), asc(planRegions.position));
  const strip = <T extends { planId: number }>(groups: Map<number, T[]>) =>
    new Map([...groups].map(([id, list]) => [id, list.map(({ planId: _, ...rest }) => rest)]));
  return { owners: strip(groupBy(ownerRows, (r) => r.planId)), regionsOf: strip(groupBy(regionRows, (r) => r.planId)) };
}

type PlanRow = typeof plans.$inferSelect;

function summary(row: PlanRow, owners: OrganisationRef[], planRegions: { slug: string; name: string }[]): PlanSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    subtitle: row.subtitle,
    kind: row.kind,
    status: row.status,
    published: row.published,
    period: { label: row.periodLabel, start: row.periodStart, end: row.periodEnd },
    owners,
    regions: planRegions,
  };
}

export async function listPlans(db: Db, viewer: Viewer): Promise<PlanSummary[]> {
  const rows = await db.select().from(plans).where(visiblePlans(viewer)).orderBy(asc(plans.periodStart), asc(plans.title));
  const { owners, regionsOf } = await ownersAndRegions(db, rows.map((r) => r.id));
  return rows.map((r) => summary(r, owners.get(r.id) ?? [], regionsOf.get(r.id) ?? []));
}

/** The whole plan with its item tree; a fixed number of queries, proportional to this plan only. */
export async function getPlan(db: Db, viewer: Viewer, slug: string): Promise<PlanDetail> {
  const [row] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.slug, slug), visiblePlans(viewer)));
  if (!row) throw new PlanNotFoundError(slug);
  const planId = row.id;

  const [{ owners, regionsOf }, parentRows, approvalRows, itemRows, partyRows, partyOrgRows, linkRows, topicRows] =
    await together(db, [
      () => ownersAndRegions(db, [planId]),
      () => row.parentId
        ? db.select({ slug: plans.slug, title: plans.title, published: plans.published }).from(plans).where(eq(plans.id, row.parentId))
        : Promise.resolve([]),
      () => db.select().from(planApprovals).where(eq(planApprovals.planId, planId)).orderBy(asc(planApprovals.position)),
      () => db.select().from(items).where(liveItemsOf(planId)).orderBy(asc(items.position), asc(items.id)),
      () => db
        .select({ id: itemParties.id, itemId: itemParties.itemId, role: itemParties.role, task: itemParties.task })
        .from(itemParties)
        .innerJoin(items, eq(items.id, itemParties.itemId))
        .where(liveItemsOf(planId))
        .orderBy(asc(itemParties.position)),
      () => db
        .select({
          partyId: itemPartyOrganisations.partyId,
          id: organisations.id,
          slug: organisations.slug,
          name: organisations.name,
          shortName: organisations.shortName,
        })
        .from(itemPartyOrganisations)
        .innerJoin(itemParties, eq(itemParties.id, itemPartyOrganisations.partyId))
        .innerJoin(items, eq(items.id, itemParties.itemId))
        .innerJoin(organisations, eq(organisations.id, itemPartyOrganisations.organisationId))
        .where(liveItemsOf(planId))
        .orderBy(asc(itemPartyOrganisations.position)),
      () => db
        .select({
          fromItemId: itemLinks.fromItemId,
          kind: itemLinks.kind,
          note: itemLinks.note,
          targetId: sql<number>`target.id`,
          targetPlanId: sql<number>`target.plan_id`,
          targetCode: sql<string | null>`target.code`,
          targetTitle: sql<string>`target.title`,
          targetPlanSlug: sql<string>`target_plan.slug`,
          targetPlanTitle: sql<string>`target_plan.title`,
        })
        .from(itemLinks)
        .innerJoin(items, eq(items.id, itemLinks.fromItemId))
        .innerJoin(sql`items as target`, sql`target.id = ${itemLinks.toItemId}`)
        .innerJoin(sql`plans as target_plan`, sql`target_plan.id = target.plan_id`)
        .where(and(liveItemsOf(planId), sql`target.deletion_id is null`))
        .orderBy(asc(itemLinks.position)),
      () => db
        .select({ itemId: itemTopics.itemId, slug: topics.slug, name: topics.name })
        .from(itemTopics)
        .innerJoin(items, eq(items.id, itemTopics.itemId))
        .innerJoin(topics, eq(topics.id, itemTopics.topicId))
        .where(liveItemsOf(planId))
        .orderBy(asc(itemTopics.position))]);

  const orgsByParty = groupBy(partyOrgRows, (r) => r.partyId);
  const partiesByItem = groupBy(partyRows, (r) => r.itemId);
  const linksByItem = groupBy(linkRows, (r) => r.fromItemId);
  const topicsByItem = groupBy(topicRows, (r) => r.itemId);

  const nodes = new Map<number, PlanItem>();
  for (const r of itemRows) {
    nodes.set(r.id, {
      id: r.id,
      code: r.code,
      level: r.level,
      title: r.title,
      sections: r.sections,
      parties: (partiesByItem.get(r.id) ?? []).map((p) => ({
        role: p.role,
        task: p.task,
        organisations: (orgsByParty.get(p.id) ?? []).map(({ id, slug, name, shortName }) => ({ id, slug, name, shortName })),
      })),
      when: r.whenText,
      budget: r.budget,
      priority: r.priority,
      reducedCapacity: r.reducedCapacity,
      internalNote: r.internalNote,
      topics: (topicsByItem.get(r.id) ?? []).map(({ slug, name }) => ({ slug, name })),
      links: [],
      backlinks: [],
      version: r.version,
      editable: false,
      children: [],
    });
  }
  const roots: PlanItem[] = [];
  for (const r of itemRows) {
    const node = nodes.get(r.id)!;
    if (r.parentId === null) roots.push(node);
    else nodes.get(r.parentId)?.children.push(node);
  }

  const inbound = await db
    .select({
      toItemId: itemLinks.toItemId,
      kind: itemLinks.kind,
      sourceId: sql<number>`source.id`,
      sourceCode: sql<string | null>`source.code`,
      sourceTitle: sql<string>`source.title`,
      sourcePlanSlug: plans.slug,
      sourcePlanTitle: plans.title,
    })
    .from(itemLinks)
    .innerJoin(items, eq(items.id, itemLinks.toItemId))
    .innerJoin(sql`items as source`, sql`source.id = ${itemLinks.fromItemId}`)
    .innerJoin(plans, sql`${plans.id} = source.plan_id`)
    .where(and(liveItemsOf(planId), sql`source.deletion_id is null`, visiblePlans(viewer)))
    .orderBy(asc(plans.title), sql`source.id`);
  for (const b of inbound) {
    nodes.get(b.toItemId)?.backlinks.push({
      kind: b.kind,
      source: { id: b.sourceId, ref: null, planSlug: b.sourcePlanSlug, planTitle: b.sourcePlanTitle, code: b.sourceCode, title: b.sourceTitle },
    });
  }

  const trees = new Map<number, RefTreeNode[]>([[planId, roots]]);
  for (const targetPlanId of new Set(linkRows.map((l) => l.targetPlanId))) {
    if (!trees.has(targetPlanId)) trees.set(targetPlanId, await loadRefTree(db, targetPlanId));
  }
  for (const l of linkRows) {
    const tree = trees.get(l.targetPlanId)!;
    const target = findNode(tree, l.targetId);
    nodes.get(l.fromItemId)!.links.push({
      kind: l.kind,
      note: l.note,
      target: {
        id: l.targetId,
        ref: target ? (refFor(tree, target) ?? null) : null,
        planSlug: l.targetPlanSlug,
        planTitle: l.targetPlanTitle,
        code: l.targetCode,
        title: l.targetTitle,
      },
    });
  }

  const ownerRefs = owners.get(planId) ?? [];
  const access: PlanAccess = {
    published: row.published,
    ownerIds: ownerRefs.map((o) => o.id),
    partyIds: [...new Set(partyOrgRows.map((r) => r.id))],
  };
  const readInternal = canReadInternal(viewer, access);
  const settle = (list: PlanItem[], inheritedParties: number[]) => {
    for (const item of list) {
      const parties = [...inheritedParties, ...item.parties.flatMap((p) => p.organisations.map((o) => o.id))];
      item.editable = canEditItem(viewer, access, parties);
      if (!readInternal) item.internalNote = null;
      settle(item.children, parties);
    }
  };
  settle(roots, []);

  const parent = parentRows[0] && (parentRows[0].published || readInternal) ? parentRows[0] : null;
  return {
    ...summary(row, owners.get(planId) ?? [], regionsOf.get(planId) ?? []),
    parent: parent ? { slug: parent.slug, title: parent.title } : null,
    parentTitle: row.parentTitle,
    source: row.source,
    levels: row.levels,
    layout: row.layout,
    approvals: approvalRows.map((a) => ({ body: a.body, date: a.date, outcome: a.outcome, adopts: a.adopts, note: a.note })),
    sections: row.sections,
    closingSections: row.closingSections,
    footnotes: row.footnotes,
    items: roots,
    internalNote: readInternal ? row.internalNote : null,
    access,
    may: { readInternal, edit: canEditPlan(viewer, access) },
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

interface RefTreeNode {
  id: number;
  code: string | null;
  children: RefTreeNode[];
}

/** The item tree of a plan with codes only: enough to resolve and write references. */
async function loadRefTree(db: Db, planId: number): Promise<RefTreeNode[]> {
  const rows = await db
    .select({ id: items.id, parentId: items.parentId, code: items.code })
    .from(items)
    .where(liveItemsOf(planId))
    .orderBy(asc(items.position), asc(items.id));
  const nodes = new Map(rows.map((r) => [r.id, { id: r.id, code: r.code, children: [] as RefTreeNode[] }]));
  const roots: RefTreeNode[] = [];
  for (const r of rows) (r.parentId === null ? roots : nodes.get(r.parentId)!.children).push(nodes.get(r.id)!);
  return roots;
}

function findNode<T extends { id: number; children: T[] }>(roots: T[], id: number): T | undefined {
  for (const n of roots) {
    if (n.id === id) return n;
    const below = findNode(n.children, id);
    if (below) return below;
  }
  return undefined;
}


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
    })),
    sections: ordered.sections(plan.sections),
    items: plan.items.map(item),
    closingSections: ordered.sections(plan.closingSections),
    footnotes: ordered.footnotes(plan.footnotes),
    ...(plan.internalNote !== null && { internalNote: plan.internalNote }),
  };
}

export class PlanConflictError extends ConflictError {}

interface PendingLink {
  fromItemId: number;
  planSlug: string;
  to: string;
  kind: string;
  note: string | undefined;
  position: number;
}

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

async function planIdBySlug(db: Db, slug: string): Promise<number> {
  const [row] = await db.select({ id: plans.id }).from(plans).where(eq(plans.slug, slug));
  if (!row) throw new PlanNotFoundError(slug);
  return row.id;
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

/** Every topic, by name: the choices of a form. */
export async function topicChoices(db: Db): Promise<{ slug: string; name: string }[]> {
  return db.select({ slug: topics.slug, name: topics.name }).from(topics).orderBy(asc(topics.name));
}

export async function allTopicSlugs(db: Db): Promise<string[]> {
  return (await db.select({ slug: topics.slug }).from(topics)).map((t) => t.slug);
}

/** Item ids for references ("1.2", "1.2/3") in one plan; references that name no single item are left out. */
export async function resolveItemRefs(db: Db, planSlug: string, refs: readonly string[]): Promise<Map<string, number>> {
  const tree = await loadRefTree(db, await planIdBySlug(db, planSlug));
  const found = new Map<string, number>();
  for (const ref of refs) {
    const node = findByRef(tree, ref);
    if (typeof node !== "string") found.set(ref, node.id);
  }
  return found;
}

/** How the exchange format names each of these items of one plan. */
export async function itemRefs(db: Db, planSlug: string, itemIds: readonly number[]): Promise<Map<number, string>> {
  const tree = await loadRefTree(db, await planIdBySlug(db, planSlug));
  const refs = new Map<number, string>();
  for (const id of itemIds) {
    const node = findNode(tree, id);
    const ref = node && refFor(tree, node);
    if (ref) refs.set(id, ref);
  }
  return refs;
}

export async function planRef(db: Db, viewer: Viewer, slug: string): Promise<{ id: number; slug: string; title: string }> {
  const [row] = await db
    .select({ id: plans.id, slug: plans.slug, title: plans.title })
    .from(plans)
    .where(and(eq(plans.slug, slug), visiblePlans(viewer)));
  if (!row) throw new PlanNotFoundError(slug);
  return row;
}

/** Who owns a plan and who is a party to it: what access is decided on, without loading the plan. */
export async function planAccess(db: Db, slug: string): Promise<{ id: number; slug: string; title: string; access: PlanAccess }> {
  const [row] = await db.select({ id: plans.id, slug: plans.slug, title: plans.title, published: plans.published }).from(plans).where(eq(plans.slug, slug));
  if (!row) throw new PlanNotFoundError(slug);
  const owners = await db.select({ id: planOwners.organisationId }).from(planOwners).where(eq(planOwners.planId, row.id));
  const parties = await db
    .selectDistinct({ id: itemPartyOrganisations.organisationId })
    .from(itemPartyOrganisations)
    .innerJoin(itemParties, eq(itemParties.id, itemPartyOrganisations.partyId))
    .innerJoin(items, eq(items.id, itemParties.itemId))
    .where(liveItemsOf(row.id));
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    access: { published: row.published, ownerIds: owners.map((o) => o.id), partyIds: parties.map((p) => p.id) },
  };
}

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

/** The item with this id anywhere in a plan tree. */
export function findItem(list: PlanItem[], id: number): PlanItem | undefined {
  for (const item of list) {
    if (item.id === id) return item;
    const below = findItem(item.children, id);
    if (below) return below;
  }
  return undefined;
}

/** Changes fields of one item, if the viewer may and nobody changed it since `patch.version`. */
export async function updateItem(db: Db, viewer: Viewer, planSlug: string, itemId: number, patch: ItemPatch) {
  const plan = await getPlan(db, viewer, planSlug);
  const item = findItem(plan.items, itemId);
  if (!item) throw new NotFoundError(`Onderdeel ${itemId} bestaat niet in plan '${planSlug}'.`);
  if (!item.editable) {
    if (viewer.kind === "anonymous") throw new UnauthenticatedError();
    throw new ForbiddenError("U mag dit onderdeel niet wijzigen.");
  }
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

export interface TopicSummary {
  slug: string;
  name: string;
  description: string | null;
  items: number;
  plans: number;
}

/** All topics with how many items (in plans the viewer may read) carry them. */
export async function listTopics(db: Db, viewer: Viewer): Promise<TopicSummary[]> {
  // Visibility sits in the join, so a topic whose items are all hidden still shows, with 0.
  return db
    .select({
      slug: topics.slug,
      name: topics.name,
      description: topics.description,
      items: sql<number>`count(${plans.id})::int`,
      plans: sql<number>`count(distinct ${plans.id})::int`,
    })
    .from(topics)
    .leftJoin(itemTopics, eq(itemTopics.topicId, topics.id))
    .leftJoin(items, and(eq(items.id, itemTopics.itemId), isNull(items.deletionId)))
    .leftJoin(plans, and(eq(plans.id, items.planId), visiblePlans(viewer)))
    .groupBy(topics.id)
    .orderBy(asc(topics.name));
}

export interface TopicOverview {
  topic: { slug: string; name: string; description: string | null };
  plans: (PlanSummary & { items: { id: number; code: string | null; title: string; level: string }[] })[];
}

/** Every item on a topic, grouped by plan, with each plan's owners and regions. */
export async function topicOverview(db: Db, viewer: Viewer, slug: string): Promise<TopicOverview> {
  const [topic] = await db.select().from(topics).where(eq(topics.slug, slug));
  if (!topic) throw new NotFoundError(`Onderwerp '${slug}' bestaat niet.`);
  const rows = await db
    .select({ plan: plans, item: { id: items.id, code: items.code, title: items.title, level: items.level } })
    .from(itemTopics)
    .innerJoin(items, eq(items.id, itemTopics.itemId))
    .innerJoin(plans, eq(plans.id, items.planId))
    .where(and(eq(itemTopics.topicId, topic.id), isNull(items.deletionId), visiblePlans(viewer)))
    .orderBy(asc(plans.periodStart), asc(plans.title), asc(items.id));
  const byPlan = groupBy(rows, (r) => r.plan.id);
  const { owners, regionsOf } = await ownersAndRegions(db, [...byPlan.keys()]);
  return {
    topic: { slug: topic.slug, name: topic.name, description: topic.description },
    plans: [...byPlan.values()].map((list) => {
      const plan = list[0]!.plan;
      const levelName = (key: string) => plan.levels.find((l) => l.key === key)?.name ?? key;
      return {
        ...summary(plan, owners.get(plan.id) ?? [], regionsOf.get(plan.id) ?? []),
        items: list.map((r) => ({ ...r.item, level: levelName(r.item.level) })),
      };
    }),
  };
}
