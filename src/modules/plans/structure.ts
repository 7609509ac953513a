/**
 * The structure of a plan: adding items at any level, moving them (another parent
 * or another place among their siblings), deleting them to the bin with everything
 * below them, and restoring them from the bin. Plan editors only.
 *
 * Which level may hold which follows the plan's own level order (first level at the
 * top) and its row level (the level its table or blocks show as rows):
 * - the usual child of an item is the next level down, and the top of the plan
 *   holds the first level;
 * - above the row level a level may be skipped, and an intermediate level (neither
 *   the first nor the row level) may hold more of its own kind: the activity plan
 *   of SWV Noord-Kennemerland has action lines straight under a pillar, and an
 *   Onderdeel (CLEO) inside an Onderdeel;
 * - from the row level down every child is exactly the next level, because the
 *   plan's columns show children and grandchildren of a row in fixed places.
 *
 * All changes to one plan's structure take a lock on the plan row, so sibling
 * positions are renumbered by one change at a time.
 */
import { alias } from "drizzle-orm/pg-core";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { COUNT, LENGTH, optionalText, requiredText } from "../../lib/limits.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import { canEditPlan, canReadPlan, ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { actorOf, type Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { itemDeletions, items, plans, type Level } from "./schema.ts";
import { ItemNotFoundError, liveItemsOf, requirePlan } from "./access.ts";
import { assertStoredPlanFits, planLinkCount, StaleVersionError } from "./editing.ts";

/** A refused structure change, with the form field it is about and a Dutch message for next to it. */
export class StructureError extends InputError {
  constructor(
    readonly field: "title" | "code" | "level" | "parentId" | "afterId",
    message: string,
  ) {
    super([{ file: "formulier", path: field, message }]);
    this.message = message;
    this.name = "StructureError";
  }
}

/** The levels an item under a parent of `parentLevel` (null: the top of the plan) may have; the usual one first. */
export function childLevels(levels: readonly Level[], rowLevel: string, parentLevel: string | null): string[] {
  const keys = levels.map((l) => l.key);
  const p = parentLevel === null ? -1 : keys.indexOf(parentLevel);
  if (parentLevel !== null && p === -1) return [];
  const r = keys.indexOf(rowLevel);
  const fits = (c: number) => c === p + 1 || (c > p && c <= r) || (c === p && p > 0 && p < r);
  const allowed = keys.filter((_, c) => fits(c));
  const usual = keys[p + 1];
  return usual === undefined ? allowed : [usual, ...allowed.filter((k) => k !== usual)];
}

const lower = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function levelName(levels: readonly Level[], key: string): string {
  return levels.find((l) => l.key === key)?.name ?? key;
}

/** Why an item of `level` cannot go under a parent of `parentLevel`, and where it can go instead. */
function misfit(levels: readonly Level[], rowLevel: string, level: string, parentLevel: string | null): string {
  const name = lower(levelName(levels, level));
  const places = [
    ...(childLevels(levels, rowLevel, null).includes(level) ? ["bovenaan het plan"] : []),
    ...levels.filter((l) => childLevels(levels, rowLevel, l.key).includes(level)).map((l) => `onder een ${lower(l.name)}`),
  ];
  const where = parentLevel === null ? "bovenaan het plan" : `onder een ${lower(levelName(levels, parentLevel))}`;
  return (
    `Een ${name} kan niet ${where} staan: dan klopt de opbouw van dit plan (${levels.map((l) => l.name).join(" › ")}) niet meer.` +
    (places.length ? ` Een ${name} hoort ${places.join(" of ")}.` : "")
  );
}

interface Row {
  id: number;
  parentId: number | null;
  position: number;
  level: string;
  code: string | null;
  title: string;
  version: number;
}

const label = (row: Pick<Row, "code" | "title">) => `${row.code ? `${row.code} ` : ""}${row.title}`;

/** The plan, if the viewer may change its structure (the guard, access.ts). */
const planForEditing = (db: Db, viewer: Viewer, slug: string) =>
  requirePlan(db, viewer, slug, "edit", { refusal: "U mag de opbouw van dit plan niet wijzigen." });

/** Within a transaction: locks the plan's structure and reads its live items, siblings in order. */
async function lockedStructure(t: Db, planId: number) {
  const [plan] = await t
    .select({ levels: plans.levels, layout: plans.layout })
    .from(plans)
    .where(eq(plans.id, planId))
    .for("no key update");
  const rows: Row[] = await t
    .select({
      id: items.id,
      parentId: items.parentId,
      position: items.position,
      level: items.level,
      code: items.code,
      title: items.title,
      version: items.version,
    })
    .from(items)
    .where(liveItemsOf(planId))
    .orderBy(asc(items.position), asc(items.id));
  const children = (parentId: number | null) => rows.filter((r) => r.parentId === parentId);
  return { levels: plan!.levels, rowLevel: plan!.layout.rowLevel, rows, byId: new Map(rows.map((r) => [r.id, r])), children };
}

/** Gives `list` the positions 0, 1, 2, … in its order, writing only what changed. */
async function renumber(t: Db, list: Row[]): Promise<void> {
  for (const [position, row] of list.entries()) {
    if (row.position !== position) await t.update(items).set({ position }).where(eq(items.id, row.id));
  }
}

const GONE_PARENT = "Plek: het gekozen onderdeel bestaat niet (meer) in dit plan. Kies een andere plek.";
const GONE_SIBLING = "Plaats: kies een plaats tussen de onderdelen die daar nu staan; het gekozen onderdeel staat daar niet (meer).";

/** Where in `siblings` an item goes after `afterId` (null: first). */
function indexAfter(siblings: Row[], afterId: number | null): number {
  if (afterId === null) return 0;
  const i = siblings.findIndex((s) => s.id === afterId);
  if (i === -1) throw new StructureError("afterId", GONE_SIBLING);
  return i + 1;
}

function liveParent(byId: Map<number, Row>, parentId: number | null): Row | null {
  if (parentId === null) return null;
  const parent = byId.get(parentId);
  if (!parent) throw new StructureError("parentId", GONE_PARENT);
  return parent;
}

/** An item named by its id; anything else names no item of the plan. */
const itemRef = (message: string) => z.int({ error: message }).min(1, message).max(2_147_483_647, message);

/** Adding an item: the only check of what the add form sends, applied by addItem itself. */
export const newItemSchema = z.object({
  parentId: itemRef(GONE_PARENT).nullable(),
  /** The sibling it comes after; null: first. */
  afterId: itemRef(GONE_SIBLING).nullable(),
  code: optionalText("Code", LENGTH.code),
  title: requiredText("Titel", LENGTH.title, "Titel: vul een titel in."),
  /** Only needed where the parent may hold more than one level; the usual one otherwise. */
  level: z.string({ error: "Niveau: kies een niveau." }).max(LENGTH.slug, "Niveau: kies een niveau van dit plan.").optional(),
});
export type NewItem = z.input<typeof newItemSchema>;

/** Moving an item: the only check of what the move form sends, applied by moveItem itself. */
export const moveSchema = z.object({
  /** The version the move was chosen against; a newer version refuses it. */
  version: z.int({ error: "Versie: open de pagina opnieuw; het formulier mist de versie van het onderdeel." }).min(0, "Versie: een versie is 0 of hoger."),
  parentId: itemRef(GONE_PARENT).nullable(),
  /** The sibling under the new parent it comes after; null: first. */
  afterId: itemRef(GONE_SIBLING).nullable(),
});
export type Move = z.input<typeof moveSchema>;

const versionSchema = moveSchema.shape.version;

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems("formulier", parsed.error));
  return parsed.data;
}

export async function addItem(db: Db, viewer: Viewer, planSlug: string, input: NewItem): Promise<{ id: number }> {
  const plan = await planForEditing(db, viewer, planSlug);
  const { title, code, ...place } = parse(newItemSchema, input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const s = await lockedStructure(t, plan.id);
    if (s.byId.size >= COUNT.items) {
      throw new StructureError("title", `Dit plan heeft al ${COUNT.items} onderdelen, het hoogste aantal in één plan. Verwijder eerst een onderdeel dat niet meer nodig is.`);
    }
    const parent = liveParent(s.byId, place.parentId);
    const allowed = childLevels(s.levels, s.rowLevel, parent?.level ?? null);
    if (allowed.length === 0) {
      const name = lower(levelName(s.levels, parent!.level));
      throw new StructureError(
        "parentId",
        `Onder een ${name} kunnen geen onderdelen: dat is het laagste niveau van dit plan (${s.levels.map((l) => l.name).join(" › ")}).`,
      );
    }
    const level = place.level || allowed[0]!;
    if (!allowed.includes(level)) {
      throw new StructureError("level", misfit(s.levels, s.rowLevel, level, parent?.level ?? null));
    }
    const siblings = s.children(parent?.id ?? null);
    const position = indexAfter(siblings, place.afterId);
    const [created] = await t
      .insert(items)
      .values({ planId: plan.id, parentId: parent?.id ?? null, position, level, code, title })
      .returning();
    const row: Row = { ...created!, position };
    await renumber(t, [...siblings.slice(0, position), row, ...siblings.slice(position)]);
    await assertStoredPlanFits(t, planSlug, "formulier", "title");
    await record(t, viewer, {
      action: "onderdeel-toegevoegd",
      entityType: "onderdeel",
      entityId: row.id,
      planId: plan.id,
      itemId: row.id,
      summary: `${label(row)} toegevoegd ${parent ? `onder ${label(parent)}` : "bovenaan het plan"}`,
      after: { parentId: row.parentId, position, level, code, title },
    });
    return { id: row.id };
  });
}

export async function moveItem(db: Db, viewer: Viewer, planSlug: string, itemId: number, input: Move): Promise<{ id: number; version: number }> {
  const plan = await planForEditing(db, viewer, planSlug);
  const move = parse(moveSchema, input);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const s = await lockedStructure(t, plan.id);
    const item = s.byId.get(itemId);
    if (!item) throw new ItemNotFoundError(itemId);
    if (item.version !== move.version) throw new StaleVersionError({ version: item.version, title: item.title });
    const parent = liveParent(s.byId, move.parentId);
    for (let p = parent; p; p = p.parentId === null ? null : s.byId.get(p.parentId)!) {
      if (p.id === item.id) {
        throw new StructureError("parentId", "Een onderdeel kan niet onder zichzelf of onder een van zijn eigen onderdelen staan. Kies een andere plek.");
      }
    }
    const newParentId = parent?.id ?? null;
    // Reordering among the same siblings is always fine; a new parent must fit the item's level.
    if (newParentId !== item.parentId && !childLevels(s.levels, s.rowLevel, parent?.level ?? null).includes(item.level)) {
      throw new StructureError("parentId", misfit(s.levels, s.rowLevel, item.level, parent?.level ?? null));
    }
    const oldSiblings = s.children(item.parentId);
    const siblings = s.children(newParentId).filter((r) => r.id !== item.id);
    const position = indexAfter(siblings, move.afterId);
    if (newParentId === item.parentId && oldSiblings.indexOf(item) === position) return { id: item.id, version: item.version };

    const [updated] = await t
      .update(items)
      .set({ parentId: newParentId, position, version: item.version + 1, updatedAt: new Date() })
      .where(eq(items.id, item.id))
      .returning({ version: items.version });
    if (newParentId !== item.parentId) await renumber(t, oldSiblings.filter((r) => r.id !== item.id));
    await renumber(t, [...siblings.slice(0, position), { ...item, position }, ...siblings.slice(position)]);
    const oldParent = item.parentId === null ? null : s.byId.get(item.parentId)!;
    await record(t, viewer, {
      action: "onderdeel-verplaatst",
      entityType: "onderdeel",
      entityId: item.id,
      planId: plan.id,
      itemId: item.id,
      summary:
        newParentId === item.parentId
          ? `${label(item)} verplaatst naar plaats ${position + 1} ${parent ? `onder ${label(parent)}` : "bovenaan het plan"}`
          : `${label(item)} verplaatst van ${oldParent ? `onder ${label(oldParent)}` : "bovenaan het plan"} naar ${parent ? `onder ${label(parent)}` : "bovenaan het plan"}`,
      before: { parentId: item.parentId, position: oldSiblings.indexOf(item) },
      after: { parentId: newParentId, position },
    });
    return { id: item.id, version: updated!.version };
  });
}

/** Moves an item and everything below it to the bin. */
export async function deleteItem(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  itemId: number,
  version: number,
): Promise<{ deletionId: number; items: number; parentId: number | null }> {
  const plan = await planForEditing(db, viewer, planSlug);
  parse(versionSchema, version);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const s = await lockedStructure(t, plan.id);
    const item = s.byId.get(itemId);
    if (!item) throw new ItemNotFoundError(itemId);
    if (item.version !== version) throw new StaleVersionError({ version: item.version, title: item.title });
    // Only live items go along: what was already in the bin stays its own bin entry.
    const subtree = [item.id];
    for (let i = 0; i < subtree.length; i++) subtree.push(...s.children(subtree[i]!).map((c) => c.id));
    const [entry] = await t
      .insert(itemDeletions)
      .values({ planId: plan.id, itemId: item.id, title: item.title, deletedBy: actorOf(viewer).actor })
      .returning({ id: itemDeletions.id });
    await t.update(items).set({ deletionId: entry!.id }).where(inArray(items.id, subtree));
    await t.update(items).set({ version: item.version + 1, updatedAt: new Date() }).where(eq(items.id, item.id));
    await renumber(t, s.children(item.parentId).filter((r) => r.id !== item.id));
    const below = subtree.length - 1;
    await record(t, viewer, {
      action: "onderdeel-verwijderd",
      entityType: "onderdeel",
      entityId: item.id,
      planId: plan.id,
      itemId: item.id,
      summary: `${label(item)} naar de prullenbak${below ? ` (met ${below} onderliggende ${below === 1 ? "onderdeel" : "onderdelen"})` : ""}`,
      before: { parentId: item.parentId, position: item.position },
      after: { deletionId: entry!.id, items: subtree },
    });
    return { deletionId: entry!.id, items: subtree.length, parentId: item.parentId };
  });
}

export interface BinEntry {
  id: number;
  itemId: number;
  code: string | null;
  title: string;
  level: string;
  /** How many items come back with it, itself included. */
  items: number;
  deletedBy: string;
  deletedAt: Date;
  /** Where it stood; `inBin` when that item is itself in the bin. */
  parent: { id: number; code: string | null; title: string; inBin: boolean } | null;
}

export async function listBin(db: Db, viewer: Viewer, planSlug: string): Promise<BinEntry[]> {
  const plan = await planForEditing(db, viewer, planSlug);
  const [row] = await db.select({ levels: plans.levels }).from(plans).where(eq(plans.id, plan.id));
  const parent = alias(items, "parent");
  const rows = await db
    .select({
      id: itemDeletions.id,
      itemId: itemDeletions.itemId,
      title: itemDeletions.title,
      deletedBy: itemDeletions.deletedBy,
      deletedAt: itemDeletions.deletedAt,
      code: items.code,
      level: items.level,
      items: sql<number>`(select count(*)::int from items d where d.deletion_id = ${itemDeletions.id})`,
      parentId: parent.id,
      parentCode: parent.code,
      parentTitle: parent.title,
      parentDeletion: parent.deletionId,
    })
    .from(itemDeletions)
    .innerJoin(items, eq(items.id, itemDeletions.itemId))
    .leftJoin(parent, eq(parent.id, items.parentId))
    .where(eq(itemDeletions.planId, plan.id))
    .orderBy(desc(itemDeletions.deletedAt), desc(itemDeletions.id));
  return rows.map((r) => ({
    id: r.id,
    itemId: r.itemId,
    code: r.code,
    title: r.title,
    level: levelName(row!.levels, r.level),
    items: r.items,
    deletedBy: r.deletedBy,
    deletedAt: r.deletedAt,
    parent: r.parentId === null ? null : { id: r.parentId, code: r.parentCode, title: r.parentTitle!, inBin: r.parentDeletion !== null },
  }));
}

/** Brings a bin entry back, with everything that went along, to its old parent and place. */
export async function restoreItem(db: Db, viewer: Viewer, planSlug: string, deletionId: number): Promise<{ itemId: number }> {
  const plan = await planForEditing(db, viewer, planSlug);
  // A bin entry is named by its id: anything else names none (a number too large for the database included).
  if (!itemRef("").safeParse(deletionId).success) throw new NotFoundError("Dit onderdeel staat niet (meer) in de prullenbak.");
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const s = await lockedStructure(t, plan.id);
    const [entry] = await t
      .select()
      .from(itemDeletions)
      .where(and(eq(itemDeletions.id, deletionId), eq(itemDeletions.planId, plan.id)));
    if (!entry) throw new NotFoundError("Dit onderdeel staat niet (meer) in de prullenbak.");
    const [item] = await t.select().from(items).where(eq(items.id, entry.itemId));
    if (item!.parentId !== null) {
      const [parent] = await t.select().from(items).where(eq(items.id, item!.parentId));
      if (parent!.deletionId !== null) {
        const [holder] = await t.select().from(itemDeletions).where(eq(itemDeletions.id, parent!.deletionId));
        throw new ConflictError(
          `‘${label(item!)}’ hoort onder ‘${label(parent!)}’, en dat staat zelf ook in de prullenbak. ` +
            `Zet eerst ‘${holder?.title ?? parent!.title}’ terug; daarna kunt u dit onderdeel terugzetten.`,
        );
      }
    }
    const [restored] = await t.select({ n: sql<number>`count(*)::int` }).from(items).where(eq(items.deletionId, entry.id));
    const back = restored!.n;
    if (s.byId.size + back > COUNT.items) {
      throw new ConflictError(`Terugzetten kan niet: dan krijgt dit plan ${s.byId.size + back} onderdelen, en het hoogste aantal is ${COUNT.items}. Verwijder eerst andere onderdelen.`);
    }
    const links = await planLinkCount(t, plan.id, { restoring: entry.id });
    if (links > COUNT.planLinks) {
      throw new ConflictError(`Terugzetten kan niet: dan verwijst dit plan ${links.toLocaleString("nl-NL")} keer naar andere onderdelen, en het hoogste aantal is ${COUNT.planLinks.toLocaleString("nl-NL")}. Haal eerst verwijzingen weg.`);
    }
    await t.update(items).set({ deletionId: null }).where(eq(items.deletionId, entry.id));
    try {
      await assertStoredPlanFits(t, planSlug, "prullenbak", "");
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new ConflictError(`Terugzetten kan niet: ${error.problems[0]!.message.replace(/^Tekst: /, "")} Haal eerst tekst of onderdelen weg.`);
    }
    await t.delete(itemDeletions).where(eq(itemDeletions.id, entry.id));
    // Its live siblings as read before: the item itself was still in the bin then.
    const siblings = s.children(item!.parentId);
    const position = Math.min(item!.position, siblings.length);
    await t.update(items).set({ position, version: item!.version + 1, updatedAt: new Date() }).where(eq(items.id, item!.id));
    await renumber(t, [...siblings.slice(0, position), { ...item!, position }, ...siblings.slice(position)]);
    await record(t, viewer, {
      action: "onderdeel-teruggezet",
      entityType: "onderdeel",
      entityId: item!.id,
      planId: plan.id,
      itemId: item!.id,
      summary: `${label(item!)} teruggezet uit de prullenbak`,
      before: { deletionId: entry.id },
      after: { parentId: item!.parentId, position },
    });
    return { itemId: item!.id };
  });
}
