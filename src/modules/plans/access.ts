/**
 * The one guard in front of every read and write of a plan and of what hangs off it:
 * items, progress updates, reporting rounds and periods, versions, the change history.
 *
 * The rules themselves are the policy's (src/modules/accounts/policy.ts); the guard
 * fetches the facts they need and adds one rule of its own: what the viewer may not
 * read does not exist. A plan the viewer may not read answers "not found" for every
 * action, exactly as a slug that was never used, so names of unpublished plans cannot
 * be probed. Only for a plan the viewer may read does a refused action say so: sign
 * in first (401) or not allowed (403).
 */
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { together, type Db } from "../../db/client.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { canEditItem, canEditPlan, canReadInternal, canReadPlan, refusal, type PlanAccess } from "../access/policy.ts";
import type { Viewer } from "../access/viewer.ts";
import { itemParties, itemPartyOrganisations, items, planOwners, plans } from "./schema.ts";

/**
 * - `read`: the plan as the public sees it (published plans) or its partners do;
 * - `read-internal`: what only partners see: progress, rounds, history, internal notes;
 * - `edit`: the plan itself, its structure, periods, rounds and versions;
 * - `edit-item`: one item and its progress (needs `item`).
 */
export type PlanAction = "read" | "read-internal" | "edit" | "edit-item";

export interface PlanGate {
  id: number;
  slug: string;
  title: string;
  access: PlanAccess;
  /** What else the viewer may do with this plan, for links and buttons. */
  may: { readInternal: boolean; edit: boolean };
}

export interface ItemGate extends PlanGate {
  item: {
    id: number;
    parentId: number | null;
    /** Organisations that are a party to the item or to an item above it. */
    partyIds: number[];
    editable: boolean;
  };
}

export class PlanNotFoundError extends NotFoundError {
  constructor(readonly slug: string) {
    super(`Plan '${slug}' bestaat niet.`);
  }
}

export class ItemNotFoundError extends NotFoundError {
  constructor(readonly itemId: number) {
    super("Dit onderdeel bestaat niet (meer) in dit plan.");
  }
}

/** The items of a plan that are not in the bin: the only ones that exist for reading and writing. */
export function liveItemsOf(planId: number): SQL {
  return and(eq(items.planId, planId), isNull(items.deletionId))!;
}

const refusals: Record<PlanAction, string> = {
  read: "",
  "read-internal": "Alleen de partners van dit plan zien dit.",
  edit: "U mag dit plan niet wijzigen.",
  "edit-item": "U mag dit onderdeel niet wijzigen.",
};

interface Options {
  /** A live item of the plan the action is about; any other id is not found. */
  item?: number;
  /** What a refusal (403) tells the viewer, instead of the action's usual message. */
  refusal?: string;
}

/**
 * The plan, if the viewer may do `action` with it (and the item, if one is named);
 * otherwise PlanNotFoundError / ItemNotFoundError (404), UnauthenticatedError (401)
 * or ForbiddenError (403) as described above.
 */
export async function requirePlan(db: Db, viewer: Viewer, slug: string, action: Exclude<PlanAction, "edit-item">, options?: Omit<Options, "item">): Promise<PlanGate>;
export async function requirePlan(db: Db, viewer: Viewer, slug: string, action: PlanAction, options: Options & { item: number }): Promise<ItemGate>;
export async function requirePlan(db: Db, viewer: Viewer, slug: string, action: PlanAction, options: Options = {}): Promise<PlanGate | ItemGate> {
  // The plan with the organisations the rules look at, in one query: the guard is asked several
  // times for one page, and a query has a cost of its own however small its answer.
  const [row] = await db
    .select({
      id: plans.id,
      slug: plans.slug,
      title: plans.title,
      published: plans.published,
      // Written out, with the outer plan named: drizzle leaves columns unqualified in a query of one table.
      ownerIds: sql<number[]>`array(select o.organisation_id from plan_owners o where o.plan_id = plans.id order by o.position)`,
      partyIds: sql<number[]>`array(select distinct po.organisation_id from item_party_organisations po
        join item_parties p on p.id = po.party_id join items i on i.id = p.item_id
        where i.plan_id = plans.id and i.deletion_id is null)`,
    })
    .from(plans)
    .where(eq(plans.slug, slug));
  if (!row) throw new PlanNotFoundError(slug);
  // The parties per item, and the item tree, only when an item is named.
  const [parties, tree] =
    options.item === undefined || !Number.isSafeInteger(options.item)
      ? [[], []]
      : await together(db, [
          () => db
            .selectDistinct({ itemId: items.id, organisationId: itemPartyOrganisations.organisationId })
            .from(itemPartyOrganisations)
            .innerJoin(itemParties, eq(itemParties.id, itemPartyOrganisations.partyId))
            .innerJoin(items, eq(items.id, itemParties.itemId))
            .where(liveItemsOf(row.id)),
          () => db.select({ id: items.id, parentId: items.parentId }).from(items).where(liveItemsOf(row.id)),
        ] as const);
  const access: PlanAccess = { published: row.published, ownerIds: row.ownerIds, partyIds: row.partyIds };
  if (!canReadPlan(viewer, access)) throw new PlanNotFoundError(slug);
  const gate: PlanGate = {
    id: row.id,
    slug: row.slug,
    title: row.title,
    access,
    may: { readInternal: canReadInternal(viewer, access), edit: canEditPlan(viewer, access) },
  };

  let item: ItemGate["item"] | undefined;
  if (options.item !== undefined) {
    const parents = new Map(tree.map((t) => [t.id, t.parentId]));
    if (!parents.has(options.item)) throw new ItemNotFoundError(options.item);
    const above = new Set<number>();
    for (let id: number | null | undefined = options.item; id != null && !above.has(id); id = parents.get(id)) above.add(id);
    const partyIds = [...new Set(parties.filter((p) => above.has(p.itemId)).map((p) => p.organisationId))];
    item = { id: options.item, parentId: parents.get(options.item) ?? null, partyIds, editable: canEditItem(viewer, access, partyIds) };
  }

  const allowed =
    action === "read" ? true
    : action === "read-internal" ? gate.may.readInternal
    : action === "edit" ? gate.may.edit
    : item?.editable ?? false;
  if (!allowed) throw refusal(viewer, options.refusal ?? refusals[action]);
  return item ? { ...gate, item } : gate;
}
