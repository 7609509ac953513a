/**
 * Plans read: whole (for pages, the API and export), listed, and the SQL that decides
 * which plans a viewer sees. A fixed number of queries per plan.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { together, type Db } from "../../db/client.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { groupBy } from "../../lib/group-by.ts";
import { pageNumber } from "../../lib/paging.ts";
import { canEditItem, readableOrganisations, type PlanAccess } from "../access/policy.ts";

import type { Viewer } from "../access/viewer.ts";

import { organisations, regions } from "../organisations/schema.ts";
import { type ApprovalInterpretation, type ItemInterpretation, type Section } from "./format.ts";

import { liveItemsOf, PlanNotFoundError, requirePlan, type PlanAction } from "./access.ts";
import { findByRef, refFor } from "./item-refs.ts";
import { itemLinks, itemParties, itemPartyOrganisations, items, itemTopics, planApprovals, planOwners, planRegions, plans, topics, type Footnote, type Layout, type Level } from "./schema.ts";

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
  /** Fields that are Koers's reading of the source document, not its words. */
  interpreted: ItemInterpretation[];
  topics: { slug: string; name: string }[];
  links: { kind: string; note: string | null; target: ItemRef }[];
  /** Items (in this or another plan the viewer may read) that link to this one: the first BACKLINKS_SHOWN of them (none when read without them, getPlan's `backlinks: false`). */
  backlinks: Backlink[];
  /** How many items link to this one in all; listBacklinks gives them page by page. */
  backlinkCount: number;
  version: number;
  /** Whether the viewer may change this item. */
  editable: boolean;
  /** The item of an earlier plan this one was copied from, when the viewer may read that plan. */
  origin?: ItemOrigin | null;
  children: PlanItem[];
}

/** Where an item or a plan was copied from ("Overgenomen uit …"). */
export interface ItemOrigin {
  id: number;
  planSlug: string;
  planTitle: string;
  code: string | null;
  title: string;
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
  /** The plan this one was copied from (last year's), when the viewer may read it. */
  copiedFrom?: { slug: string; title: string } | null;
  parentTitle: string | null;
  source: string | null;
  levels: Level[];
  layout: Layout;
  approvals: { body: string; date: string | null; outcome: string; adopts: boolean; note: string | null; interpreted: ApprovalInterpretation[] }[];
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

export { liveItemsOf, PlanNotFoundError } from "./access.ts";

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

/** The plan columns a PlanSummary needs: lists select only these, never a plan's texts or layout. */
const summaryColumns = {
  id: plans.id,
  slug: plans.slug,
  title: plans.title,
  subtitle: plans.subtitle,
  kind: plans.kind,
  status: plans.status,
  published: plans.published,
  periodLabel: plans.periodLabel,
  periodStart: plans.periodStart,
  periodEnd: plans.periodEnd,
};
type SummaryRow = Pick<PlanRow, keyof typeof summaryColumns>;

function summary(row: SummaryRow, owners: OrganisationRef[], planRegions: { slug: string; name: string }[]): PlanSummary {
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
  const rows = await db.select(summaryColumns).from(plans).where(visiblePlans(viewer)).orderBy(asc(plans.periodStart), asc(plans.title));
  const { owners, regionsOf } = await ownersAndRegions(db, rows.map((r) => r.id));
  return rows.map((r) => summary(r, owners.get(r.id) ?? [], regionsOf.get(r.id) ?? []));
}

/** Plans per page of the home page. */
export const HOME_PLANS_PAGE = 30;
/** Plans per page of GET /api/v1/plans, unless the client asks for fewer (or, up to API_PLANS_MAX, more). */
export const API_PLANS_PAGE = 100;
export const API_PLANS_MAX = 500;

/**
 * The name a plan is grouped under on the home page: its first region, else its first owner
 * (groupPlans in views/home-page.tsx shows the groups in this order).
 */
const planGroup = sql<string>`coalesce(
  (select ${regions.name} from ${planRegions} join ${regions} on ${regions.id} = ${planRegions.regionId}
    where ${planRegions.planId} = ${plans.id} order by ${planRegions.position} limit 1),
  (select ${organisations.name} from ${planOwners} join ${organisations} on ${organisations.id} = ${planOwners.organisationId}
    where ${planOwners.planId} = ${plans.id} order by ${planOwners.position} limit 1),
  'Overig')`;

export interface PlanPage {
  plans: (PlanSummary & { group: string })[];
  /** Plans the viewer may read, over all pages. */
  total: number;
  /** 1-based; a page past the last gives no plans. */
  page: number;
  pageSize: number;
}

/**
 * A page of the plans the viewer may read: by period then title ("period"), or by the group
 * the home page shows them in, then period and title ("group"). A fixed number of queries,
 * each bounded by the page.
 */
export async function listPlanPage(db: Db, viewer: Viewer, options: { page: number; pageSize: number; order: "period" | "group" }): Promise<PlanPage> {
  const page = pageNumber(options.page);
  const group = sql<string>`${planGroup}`.as("plan_group");
  const byPeriod = [asc(plans.periodStart), asc(plans.title), asc(plans.id)];
  const [rows, [count]] = await together(db, [
    () => db
      .select({ ...summaryColumns, group })
      .from(plans)
      .where(visiblePlans(viewer))
      .orderBy(...(options.order === "group" ? [sql`lower(${planGroup})`, sql`${planGroup}`, ...byPeriod] : byPeriod))
      .limit(options.pageSize)
      .offset((page - 1) * options.pageSize),
    () => db.select({ total: sql<number>`count(*)::int` }).from(plans).where(visiblePlans(viewer)),
  ] as const);
  const { owners, regionsOf } = await ownersAndRegions(db, rows.map((r) => r.id));
  return {
    plans: rows.map((r) => ({ ...summary(r, owners.get(r.id) ?? [], regionsOf.get(r.id) ?? []), group: r.group })),
    total: count?.total ?? 0,
    page,
    pageSize: options.pageSize,
  };
}

/**
 * The whole plan with its item tree, if the viewer may do `action` with it (the guard,
 * access.ts); a fixed number of queries, proportional to this plan only.
 * `backlinks: false`: without the items that link to its items (each item's backlinks empty, its
 * backlinkCount 0), for pages that do not show them; finding them ranks every link into the plan.
 */
export async function getPlan(
  db: Db,
  viewer: Viewer,
  slug: string,
  action: Exclude<PlanAction, "edit-item"> = "read",
  options: { backlinks?: boolean } = {},
): Promise<PlanDetail> {
  const gate = await requirePlan(db, viewer, slug, action);
  const [row] = await db.select().from(plans).where(eq(plans.id, gate.id));
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
      // Organisations and topics by id only, each read once below: a plan names the same few many times.
      () => db
        .select({ partyId: itemPartyOrganisations.partyId, organisationId: itemPartyOrganisations.organisationId })
        .from(itemPartyOrganisations)
        .innerJoin(itemParties, eq(itemParties.id, itemPartyOrganisations.partyId))
        .innerJoin(items, eq(items.id, itemParties.itemId))
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
        .select({ itemId: itemTopics.itemId, topicId: itemTopics.topicId })
        .from(itemTopics)
        .innerJoin(items, eq(items.id, itemTopics.itemId))
        .where(liveItemsOf(planId))
        .orderBy(asc(itemTopics.position))]);
  const orgIds = [...new Set(partyOrgRows.map((r) => r.organisationId))];
  const topicIds = [...new Set(topicRows.map((r) => r.topicId))];
  const [orgRows, topicNames] = await together(db, [
    () => orgIds.length
      ? db.select({ id: organisations.id, slug: organisations.slug, name: organisations.name, shortName: organisations.shortName }).from(organisations).where(inArray(organisations.id, orgIds))
      : Promise.resolve([]),
    () => topicIds.length ? db.select({ id: topics.id, slug: topics.slug, name: topics.name }).from(topics).where(inArray(topics.id, topicIds)) : Promise.resolve([]),
  ] as const);
  const orgById = new Map(orgRows.map((o) => [o.id, o]));
  const topicById = new Map(topicNames.map((t) => [t.id, t]));

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
        organisations: (orgsByParty.get(p.id) ?? []).map((o) => {
          const { id, slug, name, shortName } = orgById.get(o.organisationId)!;
          return { id, slug, name, shortName };
        }),
      })),
      when: r.whenText,
      budget: r.budget,
      priority: r.priority,
      reducedCapacity: r.reducedCapacity,
      internalNote: r.internalNote,
      interpreted: r.interpreted,
      topics: (topicsByItem.get(r.id) ?? []).map((t) => {
        const { slug, name } = topicById.get(t.topicId)!;
        return { slug, name };
      }),
      links: [],
      backlinks: [],
      backlinkCount: 0,
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

  for (const b of options.backlinks === false ? [] : await firstBacklinks(db, viewer, planId)) {
    const node = nodes.get(b.toItemId);
    if (!node) continue;
    node.backlinks.push(backlinkOf(b));
    node.backlinkCount = b.total;
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

  const { access, may } = gate;
  const readInternal = may.readInternal;
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
  const origins = await originsOf(db, viewer, row.copiedFromId, itemRows);
  for (const [itemId, origin] of origins.items) nodes.get(itemId)!.origin = origin;
  return {
    ...summary(row, owners.get(planId) ?? [], regionsOf.get(planId) ?? []),
    parent: parent ? { slug: parent.slug, title: parent.title } : null,
    copiedFrom: origins.plan,
    parentTitle: row.parentTitle,
    source: row.source,
    levels: row.levels,
    layout: row.layout,
    approvals: approvalRows.map((a) => ({ body: a.body, date: a.date, outcome: a.outcome, adopts: a.adopts, note: a.note, interpreted: a.interpreted })),
    sections: row.sections,
    closingSections: row.closingSections,
    footnotes: row.footnotes,
    items: roots,
    internalNote: readInternal ? row.internalNote : null,
    access,
    may,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

/**
 * Where a plan and its items were copied from, limited to plans the viewer may read (a plan
 * the viewer may not read is not named). Nothing is asked when nothing was copied.
 */
async function originsOf(
  db: Db,
  viewer: Viewer,
  copiedFromId: number | null,
  itemRows: readonly { id: number; originItemId: number | null }[],
): Promise<{ plan: { slug: string; title: string } | null; items: Map<number, ItemOrigin> }> {
  const originIds = [...new Set(itemRows.map((r) => r.originItemId).filter((id): id is number => id !== null))];
  if (copiedFromId === null && originIds.length === 0) return { plan: null, items: new Map() };
  const originRows = originIds.length
    ? await db.select({ id: items.id, planId: items.planId, code: items.code, title: items.title }).from(items).where(and(inArray(items.id, originIds), isNull(items.deletionId)))
    : [];
  const planIds = [...new Set([...(copiedFromId === null ? [] : [copiedFromId]), ...originRows.map((r) => r.planId)])];
  const planRows = await db.select({ id: plans.id, slug: plans.slug, title: plans.title }).from(plans).where(inArray(plans.id, planIds));
  const readable = new Map<number, { slug: string; title: string }>();
  for (const p of planRows) {
    try {
      await requirePlan(db, viewer, p.slug, "read");
      readable.set(p.id, { slug: p.slug, title: p.title });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  const byId = new Map(originRows.map((r) => [r.id, r]));
  const found = new Map<number, ItemOrigin>();
  for (const r of itemRows) {
    const origin = r.originItemId === null ? undefined : byId.get(r.originItemId);
    const plan = origin && readable.get(origin.planId);
    if (origin && plan) found.set(r.id, { id: origin.id, planSlug: plan.slug, planTitle: plan.title, code: origin.code, title: origin.title });
  }
  return { plan: (copiedFromId !== null && readable.get(copiedFromId)) || null, items: found };
}

export interface RefTreeNode {
  id: number;
  code: string | null;
  children: RefTreeNode[];
}

/** The item tree of a plan with codes only: enough to resolve and write references. */
export async function loadRefTree(db: Db, planId: number): Promise<RefTreeNode[]> {
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

export function findNode<T extends { id: number; children: T[] }>(roots: T[], id: number): T | undefined {
  for (const n of roots) {
    if (n.id === id) return n;
    const below = findNode(n.children, id);
    if (below) return below;
  }
  return undefined;
}

export interface PendingLink {
  fromItemId: number;
  planSlug: string;
  to: string;
  kind: string;
  note: string | undefined;
  position: number;
}

export async function planIdBySlug(db: Db, slug: string): Promise<number> {
  const [row] = await db.select({ id: plans.id }).from(plans).where(eq(plans.slug, slug));
  if (!row) throw new PlanNotFoundError(slug);
  return row.id;
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

/** The plan's id, slug and title, if the viewer may read it. */
export async function planRef(db: Db, viewer: Viewer, slug: string): Promise<{ id: number; slug: string; title: string }> {
  const { id, title } = await requirePlan(db, viewer, slug, "read");
  return { id, slug, title };
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

/** Plans per page of a topic page (each with all its items on the topic). */
export const TOPIC_PLANS_PAGE = 20;

export interface TopicOverview {
  topic: { slug: string; name: string; description: string | null };
  /** This page's plans, each with its items on the topic. */
  plans: (PlanSummary & { items: { id: number; code: string | null; title: string; level: string }[] })[];
  /** Items on the topic and the plans they are in, over all pages (in plans the viewer may read). */
  total: { items: number; plans: number };
  /** 1-based; a page past the last gives no plans. */
  page: number;
  pageSize: number;
}

/**
 * The items on a topic, grouped by plan, a page of plans at a time (TOPIC_PLANS_PAGE), with
 * each plan's owners and regions: a fixed number of queries, each bounded by the page.
 */
export async function topicOverview(db: Db, viewer: Viewer, slug: string, page = 1): Promise<TopicOverview> {
  const [topic] = await db.select().from(topics).where(eq(topics.slug, slug));
  if (!topic) throw new NotFoundError(`Onderwerp '${slug}' bestaat niet.`);
  const safePage = pageNumber(page);
  const onTopic = and(eq(itemTopics.topicId, topic.id), isNull(items.deletionId));
  const [[count], planRows] = await together(db, [
    () => db
      .select({ items: sql<number>`count(*)::int`, plans: sql<number>`count(distinct ${plans.id})::int` })
      .from(itemTopics)
      .innerJoin(items, eq(items.id, itemTopics.itemId))
      .innerJoin(plans, eq(plans.id, items.planId))
      .where(and(onTopic, visiblePlans(viewer))),
    () => db
      .select({ ...summaryColumns, levels: plans.levels })
      .from(plans)
      .where(and(visiblePlans(viewer), inArray(plans.id, db.select({ planId: items.planId }).from(itemTopics).innerJoin(items, eq(items.id, itemTopics.itemId)).where(onTopic))))
      .orderBy(asc(plans.periodStart), asc(plans.title), asc(plans.id))
      .limit(TOPIC_PLANS_PAGE)
      .offset((safePage - 1) * TOPIC_PLANS_PAGE),
  ] as const);
  const planIds = planRows.map((p) => p.id);
  const [itemRows, { owners, regionsOf }] = await together(db, [
    () => planIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ planId: items.planId, id: items.id, code: items.code, title: items.title, level: items.level })
          .from(itemTopics)
          .innerJoin(items, eq(items.id, itemTopics.itemId))
          .where(and(onTopic, inArray(items.planId, planIds)))
          .orderBy(asc(items.id)),
    () => ownersAndRegions(db, planIds),
  ] as const);
  const itemsOf = groupBy(itemRows, (r) => r.planId);
  return {
    topic: { slug: topic.slug, name: topic.name, description: topic.description },
    plans: planRows.map((plan) => {
      const levelName = (key: string) => plan.levels.find((l) => l.key === key)?.name ?? key;
      return {
        ...summary(plan, owners.get(plan.id) ?? [], regionsOf.get(plan.id) ?? []),
        items: (itemsOf.get(plan.id) ?? []).map(({ planId: _, ...item }) => ({ ...item, level: levelName(item.level) })),
      };
    }),
    total: { items: count?.items ?? 0, plans: count?.plans ?? 0 },
    page: safePage,
    pageSize: TOPIC_PLANS_PAGE,
  };
}

export interface Backlink {
  kind: string;
  source: ItemRef;
}

/**
 * A plan shows this many of the items that link to one of its items, and a count of the
 * rest: items of any other plan may link to it, and their number must not decide how large
 * (or how slow) this plan's page is. listBacklinks gives them all, page by page.
 */
export const BACKLINKS_SHOWN = 10;
/** Items per page of listBacklinks. */
export const BACKLINKS_PAGE = 50;

/** Links into the items that `targets` selects (over `items`), from live items of plans the viewer may read. */
function backlinkQuery(db: Db, viewer: Viewer, targets: SQL) {
  return db
    .select({
      toItemId: sql<number>`${itemLinks.toItemId}`.as("to_item"),
      kind: sql<string>`${itemLinks.kind}`.as("link_kind"),
      sourceId: sql<number>`source.id`.as("source_id"),
      sourceCode: sql<string | null>`source.code`.as("source_code"),
      sourceTitle: sql<string>`source.title`.as("source_title"),
      sourcePlanSlug: sql<string>`${plans.slug}`.as("source_plan_slug"),
      sourcePlanTitle: sql<string>`${plans.title}`.as("source_plan_title"),
    })
    .from(itemLinks)
    .innerJoin(items, eq(items.id, itemLinks.toItemId))
    .innerJoin(sql`items as source`, sql`source.id = ${itemLinks.fromItemId}`)
    .innerJoin(plans, sql`${plans.id} = source.plan_id`)
    .where(and(targets, sql`source.deletion_id is null`, visiblePlans(viewer)));
}

/**
 * The plans the viewer may read, each with its place in title order (plans with the same title
 * share it), as one jsonb object from plan id to place. In a query it is worked out once, and a
 * link is looked up in it rather than joined with its plan.
 */
const readablePlaces = (viewer: Viewer) =>
  sql`(select jsonb_object_agg(numbered.id, numbered.place) from (select ${plans.id} as id, dense_rank() over (order by ${plans.title}) as place from ${plans} where ${visiblePlans(viewer) ?? sql`true`}) numbered)`;

/**
 * The first BACKLINKS_SHOWN links into each live item of a plan, in the order of listBacklinks
 * (the source plan's title, then the source item), each with how many there are in all. Every
 * link into the plan is ranked, so that is done on numbers only: its source plan's place and its
 * source item. Titles are joined for the shown links alone; ranking rows with their titles made
 * the sort for a plan with 15 000 links into it spill to disk.
 */
async function firstBacklinks(db: Db, viewer: Viewer, planId: number) {
  const places = readablePlaces(viewer);
  const ranked = db
    .select({
      linkId: sql<number>`${itemLinks.id}`.as("link_id"),
      toItemId: sql<number>`${itemLinks.toItemId}`.as("to_item"),
      rank: sql<number>`(row_number() over (partition by ${itemLinks.toItemId} order by (${places} ->> source.plan_id::text)::int, source.id))::int`.as("rank"),
      total: sql<number>`(count(*) over (partition by ${itemLinks.toItemId}))::int`.as("total"),
    })
    .from(itemLinks)
    .innerJoin(items, eq(items.id, itemLinks.toItemId))
    .innerJoin(sql`items as source`, sql`source.id = ${itemLinks.fromItemId}`)
    .where(and(liveItemsOf(planId), sql`source.deletion_id is null`, sql`${places} ? source.plan_id::text`))
    .as("ranked");
  return db
    .select({
      toItemId: ranked.toItemId,
      total: ranked.total,
      kind: itemLinks.kind,
      sourceId: items.id,
      sourceCode: items.code,
      sourceTitle: items.title,
      sourcePlanSlug: plans.slug,
      sourcePlanTitle: plans.title,
    })
    .from(ranked)
    .innerJoin(itemLinks, eq(itemLinks.id, ranked.linkId))
    .innerJoin(items, eq(items.id, itemLinks.fromItemId))
    .innerJoin(plans, eq(plans.id, items.planId))
    .where(lte(ranked.rank, BACKLINKS_SHOWN))
    .orderBy(asc(ranked.rank));
}

const backlinkOf = (b: { kind: string; sourceId: number; sourceCode: string | null; sourceTitle: string; sourcePlanSlug: string; sourcePlanTitle: string }): Backlink => ({
  kind: b.kind,
  source: { id: b.sourceId, ref: null, planSlug: b.sourcePlanSlug, planTitle: b.sourcePlanTitle, code: b.sourceCode, title: b.sourceTitle },
});

export interface BacklinkPage {
  plan: { slug: string; title: string };
  item: { id: number; code: string | null; title: string };
  backlinks: Backlink[];
  total: number;
  /** 1-based; a page past the last gives an empty list. */
  page: number;
  pageSize: number;
}

/** Every item that links to one item of a plan, a page at a time, in the order the plan page shows the first of them. */
export async function listBacklinks(db: Db, viewer: Viewer, slug: string, itemId: number, page: number): Promise<BacklinkPage> {
  const gate = await requirePlan(db, viewer, slug, "read", { item: itemId });
  const safePage = Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 1_000_000) : 1;
  const target = eq(items.id, gate.item.id);
  const [[item], rows, [count]] = await together(db, [
    () => db.select({ id: items.id, code: items.code, title: items.title }).from(items).where(target),
    () => backlinkQuery(db, viewer, target)
      .orderBy(asc(plans.title), sql`source.id`)
      .limit(BACKLINKS_PAGE)
      .offset((safePage - 1) * BACKLINKS_PAGE),
    () => db.select({ total: sql<number>`count(*)::int` }).from(backlinkQuery(db, viewer, target).as("links")),
  ] as const);
  return {
    plan: { slug: gate.slug, title: gate.title },
    item: item!,
    backlinks: rows.map(backlinkOf),
    total: count?.total ?? 0,
    page: safePage,
    pageSize: BACKLINKS_PAGE,
  };
}
