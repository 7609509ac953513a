/**
 * Two versions of a plan side by side: which items were added, removed, moved
 * or changed, and which words changed in their texts. Items are matched by id,
 * so a renamed or renumbered item is still the same item.
 */
import { diffWords } from "diff";
import type { Section } from "../plans/format.ts";
import { formatDate } from "../plans/views/labels.ts";
import type { PlanSnapshot, SnapshotItem } from "./snapshot.ts";

export interface Segment {
  kind: "same" | "added" | "removed";
  text: string;
}

export type TextField =
  | "title"
  | "subtitle"
  | "code"
  | "period"
  | "when"
  | "budget"
  | "reducedCapacity"
  /** A text of an item or of the plan's introduction, by its heading. */
  | "section"
  /** A closing text of the plan, by its heading. */
  | "closingSection";

export type Change =
  | { kind: "text"; field: TextField; heading?: string; before: string | null; after: string | null; segments: Segment[] }
  | { kind: "value"; field: "status"; before: string; after: string }
  | { kind: "value"; field: "priority"; before: boolean; after: boolean }
  | { kind: "list"; field: "parties" | "topics" | "links"; added: string[]; removed: string[] };

/** An item as a reader names it: its code, title and the plan's word for its level. */
export interface ItemLabel {
  code: string | null;
  title: string;
  level: string;
}

export interface Move {
  /** The item above it; null at the top of the plan. */
  fromParent: ItemLabel | null;
  toParent: ItemLabel | null;
  /** Place among its siblings, counting from 1. */
  fromPosition: number;
  toPosition: number;
}

export interface ItemChange extends ItemLabel {
  id: number;
  status: "added" | "removed" | "kept";
  /** Set when a kept item sits under another item, or in another order among its siblings. */
  moved: Move | null;
  /** For added and removed items: their content, all added or all removed (title and code are in the label). */
  changes: Change[];
}

export interface Comparison {
  plan: Change[];
  /** Changed items only, in the order of the newer plan; removed items at their old place. */
  items: ItemChange[];
  counts: { added: number; removed: number; moved: number; changed: number };
}

/** Word-level differences; runs of the same kind are joined. */
export function wordDiff(before: string, after: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of diffWords(before, after)) {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    const last = segments.at(-1);
    if (last?.kind === kind) last.text += part.value;
    else if (part.value) segments.push({ kind, text: part.value });
  }
  return segments;
}

function textChange(field: TextField, before: string | null, after: string | null, heading?: string): Change[] {
  if ((before ?? "") === (after ?? "")) return [];
  return [{ kind: "text", field, ...(heading !== undefined && { heading }), before, after, segments: wordDiff(before ?? "", after ?? "") }];
}

function listChange(field: "parties" | "topics" | "links", before: string[], after: string[]): Change[] {
  const left = [...before];
  const added: string[] = [];
  for (const line of after) {
    const i = left.indexOf(line);
    if (i >= 0) left.splice(i, 1);
    else added.push(line);
  }
  return added.length || left.length ? [{ kind: "list", field, added, removed: left }] : [];
}

/**
 * `newer` in its own order, with each key of `older` that `insert` accepts placed
 * right after the nearest key that preceded it in `older`.
 */
function mergedOrder<T>(older: readonly T[], newer: readonly T[], insert: (key: T) => boolean): T[] {
  const out = [...newer];
  older.forEach((key, i) => {
    if (out.includes(key) || !insert(key)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = out.indexOf(older[j]!);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    out.splice(at, 0, key);
  });
  return out;
}

/** Sections matched by heading (the second "Activiteiten" with the second one). */
function sectionChanges(field: "section" | "closingSection", before: Section[], after: Section[]): Change[] {
  const keyed = (list: Section[]) => {
    const seen = new Map<string, number>();
    return new Map(
      list.map((s) => {
        const n = seen.get(s.title) ?? 0;
        seen.set(s.title, n + 1);
        return [`${n}\u0000${s.title}`, s] as const;
      }),
    );
  };
  const old = keyed(before);
  const now = keyed(after);
  return mergedOrder([...old.keys()], [...now.keys()], () => true).flatMap((key) => {
    const heading = key.slice(key.indexOf("\u0000") + 1);
    return textChange(field, old.get(key)?.text ?? null, now.get(key)?.text ?? null, heading);
  });
}

const periodText = (p: PlanSnapshot["period"]) => `${p.label} (${formatDate(p.start)} tot en met ${formatDate(p.end)})`;

function planChanges(older: PlanSnapshot, newer: PlanSnapshot): Change[] {
  return [
    ...textChange("title", older.title, newer.title),
    ...textChange("subtitle", older.subtitle, newer.subtitle),
    ...(older.status !== newer.status ? [{ kind: "value", field: "status", before: older.status, after: newer.status } as const] : []),
    ...textChange("period", periodText(older.period), periodText(newer.period)),
    ...sectionChanges("section", older.sections, newer.sections),
    ...sectionChanges("closingSection", older.closingSections, newer.closingSections),
  ];
}

const emptyItem: Omit<SnapshotItem, "id" | "level" | "children"> = {
  code: null,
  title: "",
  sections: [],
  when: null,
  budget: null,
  priority: false,
  reducedCapacity: null,
  parties: [],
  topics: [],
  links: [],
};

function itemChanges(a: typeof emptyItem, b: typeof emptyItem, withLabel: boolean): Change[] {
  return [
    ...(withLabel ? [...textChange("code", a.code, b.code), ...textChange("title", a.title, b.title)] : []),
    ...sectionChanges("section", a.sections, b.sections),
    ...textChange("when", a.when, b.when),
    ...textChange("budget", a.budget, b.budget),
    ...(a.priority !== b.priority ? [{ kind: "value", field: "priority", before: a.priority, after: b.priority } as const] : []),
    ...textChange("reducedCapacity", a.reducedCapacity, b.reducedCapacity),
    ...listChange("parties", a.parties, b.parties),
    ...listChange("topics", a.topics, b.topics),
    ...listChange("links", a.links, b.links),
  ];
}

interface Placed {
  item: SnapshotItem;
  parent: SnapshotItem | null;
  /** Ids of the item's siblings, itself included, in order. */
  siblings: number[];
}

function index(items: SnapshotItem[]): Map<number, Placed> {
  const found = new Map<number, Placed>();
  const walk = (list: SnapshotItem[], parent: SnapshotItem | null) => {
    const siblings = list.map((i) => i.id);
    for (const item of list) {
      found.set(item.id, { item, parent, siblings });
      walk(item.children, item);
    }
  };
  walk(items, null);
  return found;
}

/** Ids among `older` that left the longest run kept in the same relative order in `newer`. */
function reordered(older: number[], newer: number[]): number[] {
  const common = newer.filter((id) => older.includes(id));
  const rank = common.map((id) => older.indexOf(id));
  // Longest increasing subsequence of the old ranks, in newer order (n is the number of siblings: small).
  const best = rank.map(() => 1);
  const prev = rank.map(() => -1);
  for (let i = 0; i < rank.length; i++) {
    for (let j = 0; j < i; j++) {
      if (rank[j]! < rank[i]! && best[j]! + 1 > best[i]!) {
        best[i] = best[j]! + 1;
        prev[i] = j;
      }
    }
  }
  const stay = new Set<number>();
  for (let i = best.indexOf(Math.max(0, ...best)); i >= 0; i = prev[i]!) stay.add(common[i]!);
  return common.filter((id) => !stay.has(id));
}

/** Compares an older and a newer version of the same plan. */
export function compareSnapshots(older: PlanSnapshot, newer: PlanSnapshot): Comparison {
  const levelNames = new Map([...older.levels, ...newer.levels].map((l) => [l.key, l.name]));
  const label = (item: SnapshotItem): ItemLabel => ({ code: item.code, title: item.title, level: levelNames.get(item.level) ?? item.level });
  const was = index(older.items);
  const now = index(newer.items);
  const removed = (id: number) => !now.has(id);

  const outOfOrder = new Set<number>();
  const compared = new Set<number | null>();
  for (const { parent, siblings } of [...now.values()]) {
    const parentId = parent?.id ?? null;
    if (compared.has(parentId)) continue;
    compared.add(parentId);
    const oldSiblings = parentId === null ? older.items.map((i) => i.id) : was.get(parentId)?.item.children.map((i) => i.id);
    if (oldSiblings) for (const id of reordered(oldSiblings, siblings)) outOfOrder.add(id);
  }

  const entries: ItemChange[] = [];
  const visit = (id: number) => {
    const before = was.get(id);
    const after = now.get(id);
    const item = (after ?? before)!.item;
    if (!before || !after) {
      entries.push({ id, status: before ? "removed" : "added", ...label(item), moved: null, changes: before ? itemChanges(item, emptyItem, false) : itemChanges(emptyItem, item, false) });
    } else {
      const otherParent = (before.parent?.id ?? null) !== (after.parent?.id ?? null);
      const moved =
        otherParent || outOfOrder.has(id)
          ? {
              fromParent: before.parent && label(before.parent),
              toParent: after.parent && label(after.parent),
              fromPosition: before.siblings.indexOf(id) + 1,
              toPosition: after.siblings.indexOf(id) + 1,
            }
          : null;
      const changes = itemChanges(before.item, after.item, true);
      if (moved || changes.length > 0) entries.push({ id, status: "kept", ...label(item), moved, changes });
    }
    const oldChildren = before?.item.children.map((c) => c.id) ?? [];
    const newChildren = after?.item.children.map((c) => c.id) ?? [];
    for (const child of mergedOrder(oldChildren, newChildren, removed)) visit(child);
  };
  for (const id of mergedOrder(older.items.map((i) => i.id), newer.items.map((i) => i.id), removed)) visit(id);

  return {
    plan: planChanges(older, newer),
    items: entries,
    counts: {
      added: entries.filter((e) => e.status === "added").length,
      removed: entries.filter((e) => e.status === "removed").length,
      moved: entries.filter((e) => e.moved).length,
      changed: entries.filter((e) => e.status === "kept" && e.changes.length > 0).length,
    },
  };
}
