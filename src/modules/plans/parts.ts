/**
 * A long plan is shown in parts, so that its page stays small on a phone: the plan is cut at
 * its own units (a heading's own texts, or a row with everything shown in it), in the order the
 * plan page shows them, and the units are packed into parts of about PART_BUDGET characters.
 * A part shows the headings above its units, so every part keeps the plan's own levels and
 * layout; a heading whose texts stand in an earlier part is shown again as "vervolg".
 */
import type { PlanItem } from "./reading.ts";

/** About this many characters of a plan's own text (with room for what is shown beside it) go in one part. */
export const PART_BUDGET = 300_000;
/** What an item costs beyond its text: its markup, tools, progress and figures beside it. */
const ITEM_COST = 400;

export interface PlanPart {
  /** 1-based. */
  number: number;
  /** What the part holds, in the plan's words: "2 Thema" or "2 Thema t/m 3 Thema". */
  label: string;
  /** Every item the part shows: its units, what lies below its rows, and the headings above them. */
  shows: Set<number>;
  /** The items that belong to this part: its units (a heading shown here but not owned is a "vervolg"). */
  owns: Set<number>;
}

interface Unit {
  item: PlanItem;
  /** The item and everything shown with it (a row's children are in its columns). */
  ids: number[];
  ancestors: PlanItem[];
  weight: number;
}

const textOf = (item: PlanItem): number =>
  item.title.length +
  (item.code?.length ?? 0) +
  (item.when?.length ?? 0) +
  (item.budget?.length ?? 0) +
  (item.internalNote?.length ?? 0) +
  item.sections.reduce((n, s) => n + s.title.length + s.text.length, 0) +
  item.parties.reduce((n, p) => n + (p.role?.length ?? 0) + (p.task?.length ?? 0), 0);

const subtree = (item: PlanItem): PlanItem[] => [item, ...item.children.flatMap(subtree)];

/** The plan's units in the order the plan page shows them: a heading, its rows, then the headings below it; the top rows last. */
function unitsOf(items: PlanItem[], rowLevel: string, extra: (id: number) => number): Unit[] {
  const units: Unit[] = [];
  const weigh = (item: PlanItem) => ITEM_COST + textOf(item) + extra(item.id);
  const row = (item: PlanItem, ancestors: PlanItem[]) => {
    const all = subtree(item);
    units.push({ item, ids: all.map((i) => i.id), ancestors, weight: all.reduce((n, i) => n + weigh(i), 0) });
  };
  const heading = (item: PlanItem, ancestors: PlanItem[]) => {
    units.push({ item, ids: [item.id], ancestors, weight: weigh(item) });
    const below = [...ancestors, item];
    for (const c of item.children) if (c.level === rowLevel) row(c, below);
    for (const c of item.children) if (c.level !== rowLevel) heading(c, below);
  };
  for (const item of items) if (item.level !== rowLevel) heading(item, []);
  for (const item of items) if (item.level === rowLevel) row(item, []);
  return units;
}

const named = (item: PlanItem) => (item.code ? `${item.code} ${item.title}` : item.title);

/**
 * The plan's parts; one part (everything) when the plan fits in one. `extra` weighs what the
 * page shows beside an item beyond its text (its figures and charts), in characters.
 */
export function planParts(items: PlanItem[], rowLevel: string, options: { budget?: number; extra?: (id: number) => number } = {}): PlanPart[] {
  const budget = options.budget ?? PART_BUDGET;
  const units = unitsOf(items, rowLevel, options.extra ?? (() => 0));
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let weight = 0;
  for (const unit of units) {
    if (current.length > 0 && weight + unit.weight > budget) {
      groups.push(current);
      current = [];
      weight = 0;
    }
    current.push(unit);
    weight += unit.weight;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, i) => {
    const shows = new Set<number>();
    const owns = new Set<number>();
    for (const unit of group) {
      for (const id of unit.ids) owns.add(id);
      for (const a of unit.ancestors) shows.add(a.id);
    }
    for (const id of owns) shows.add(id);
    const top = (unit: Unit) => unit.ancestors[0] ?? unit.item;
    const first = top(group[0]!);
    const last = top(group.at(-1)!);
    return { number: i + 1, label: first === last ? named(first) : `${named(first)} t/m ${named(last)}`, shows, owns };
  });
}

/** The number of the part item `id` belongs to; 1 when it is in none (an unknown or deleted item). */
export function partOf(parts: PlanPart[], id: number): number {
  return parts.find((p) => p.owns.has(id))?.number ?? 1;
}

/** The part a request asks for: `?deel=N`, or `?deel=alle` for the whole plan (null), or else the part of the item it names. */
export function chosenPart(parts: PlanPart[], query: { deel?: string | undefined; item?: number | undefined }): PlanPart | null {
  if (parts.length <= 1 || query.deel === "alle") return null;
  const n = Number(query.deel);
  if (Number.isInteger(n) && n >= 1) return parts[Math.min(n, parts.length) - 1]!;
  return parts[(query.item === undefined ? 1 : partOf(parts, query.item)) - 1]!;
}

/**
 * The address of an item on its plan's page, for links from elsewhere: the page opens the part
 * of the plan that holds the item (`?onderdeel=`) and scrolls to it. `anchor` defaults to the
 * item's own; pass the anchor of its row when the row shows it in a column.
 */
export function itemHref(planSlug: string, id: number, anchor = `onderdeel-${id}`): string {
  return `/plannen/${planSlug}?onderdeel=${id}#${anchor}`;
}
