/**
 * Two versions of a plan side by side: which items were added, removed, moved
 * or changed, and which words changed in their texts. Items are matched by id,
 * so a renamed or renumbered item is still the same item.
 *
 * The work is bounded, because anyone who may read a plan may compare its versions:
 * texts are compared paragraph by paragraph first, changed paragraphs word by word
 * with at most MAX_WORD_EDITS edits each, and all word comparisons of one comparison
 * share COMPARE_BUDGET_MS. A text that needs more is shown whole, old and new.
 */
import { diffArrays, diffWords } from "diff";
import type { Section } from "../plans/format.ts";
import { formatDate } from "../plans/views/labels.ts";
import type { PlanSnapshot, SnapshotItem } from "../plans/snapshot.ts";

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
  | {
      kind: "text";
      field: TextField;
      heading?: string;
      before: string | null;
      after: string | null;
      segments: Segment[];
      /** Set when the texts were too different to compare word by word: the segments are the old text, then the new. */
      whole?: true;
    }
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

/** Most word insertions and deletions one changed run of paragraphs may need; beyond it the text is shown whole. */
export const MAX_WORD_EDITS = 400;
/** Most paragraph insertions and deletions one text may need. */
const MAX_PARAGRAPH_EDITS = 400;
/** Most time, in milliseconds, that all word comparisons of one comparison may take together. */
export const COMPARE_BUDGET_MS = 150;

/** The time left for the word comparisons of one comparison. */
export interface DiffBudget {
  /** Date.now() after which no more texts are compared word by word. */
  until: number;
}

export const diffBudget = (ms = COMPARE_BUDGET_MS): DiffBudget => ({ until: Date.now() + ms });

/** Lines with their line break: the paragraphs and list items of a Markdown text. */
const paragraphs = (text: string) => text.match(/[^\n]*\n|[^\n]+/g) ?? [];

function push(segments: Segment[], kind: Segment["kind"], text: string) {
  if (!text) return;
  const last = segments.at(-1);
  if (last?.kind === kind) last.text += text;
  else segments.push({ kind, text });
}

/**
 * Word-level differences, runs of the same kind joined; undefined when the texts
 * need more than MAX_WORD_EDITS edits in one changed run of paragraphs, or the
 * budget is spent. Paragraphs are matched first, so the work grows with the size
 * of the texts times the cap, never with the square of their size.
 */
export function wordDiff(before: string, after: string, budget: DiffBudget = diffBudget()): Segment[] | undefined {
  const segments: Segment[] = [];
  if (before === after || !before || !after) {
    push(segments, "same", before === after ? after : "");
    push(segments, "removed", before === after ? "" : before);
    push(segments, "added", before === after ? "" : after);
    return segments;
  }
  const left = () => budget.until - Date.now();
  if (left() <= 0) return undefined;
  const lines = diffArrays(paragraphs(before), paragraphs(after), { maxEditLength: MAX_PARAGRAPH_EDITS, timeout: left() });
  if (!lines) return undefined;
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed && added) {
      const time = left();
      const words = time > 0 ? diffWords(removed, added, { maxEditLength: MAX_WORD_EDITS, timeout: time }) : undefined;
      if (!words) return false;
      for (const part of words) push(segments, part.added ? "added" : part.removed ? "removed" : "same", part.value);
    } else {
      push(segments, "removed", removed);
      push(segments, "added", added);
    }
    removed = added = "";
    return true;
  };
  for (const part of lines) {
    if (part.removed) removed += part.value.join("");
    else if (part.added) added += part.value.join("");
    else {
      if (!flush()) return undefined;
      push(segments, "same", part.value.join(""));
    }
  }
  return flush() ? segments : undefined;
}

function textChange(field: TextField, before: string | null, after: string | null, budget: DiffBudget, heading?: string): Change[] {
  if ((before ?? "") === (after ?? "")) return [];
  const segments = wordDiff(before ?? "", after ?? "", budget);
  const whole: Segment[] = [];
  if (!segments) {
    push(whole, "removed", before ?? "");
    push(whole, "added", after ?? "");
  }
  return [
    {
      kind: "text",
      field,
      ...(heading !== undefined && { heading }),
      before,
      after,
      segments: segments ?? whole,
      ...(!segments && { whole: true as const }),
    },
  ];
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
 * right after the nearest key that preceded it in `older` (top when there is none).
 */
function mergedOrder<T>(older: readonly T[], newer: readonly T[], insert: (key: T) => boolean): T[] {
  const present = new Set(newer);
  // The inserted keys that follow a key of `newer` (or the top, null), in order; and for each
  // inserted key, the key of `newer` its run follows.
  const runs = new Map<T | null, T[]>();
  const runOf = new Map<T, T | null>();
  let anchor: T | null = null;
  for (const key of older) {
    if (!present.has(key) && insert(key)) {
      const head = anchor !== null && runOf.has(anchor) ? runOf.get(anchor)! : anchor;
      if (runs.has(head)) runs.get(head)!.push(key);
      else runs.set(head, [key]);
      runOf.set(key, head);
      present.add(key);
    }
    if (present.has(key)) anchor = key;
  }
  return [...(runs.get(null) ?? []), ...newer.flatMap((key) => [key, ...(runs.get(key) ?? [])])];
}

/** Sections matched by heading (the second "Activiteiten" with the second one). */
function sectionChanges(field: "section" | "closingSection", before: Section[], after: Section[], budget: DiffBudget): Change[] {
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
    return textChange(field, old.get(key)?.text ?? null, now.get(key)?.text ?? null, budget, heading);
  });
}

const periodText = (p: PlanSnapshot["period"]) => `${p.label} (${formatDate(p.start)} tot en met ${formatDate(p.end)})`;

function planChanges(older: PlanSnapshot, newer: PlanSnapshot, budget: DiffBudget): Change[] {
  return [
    ...textChange("title", older.title, newer.title, budget),
    ...textChange("subtitle", older.subtitle, newer.subtitle, budget),
    ...(older.status !== newer.status ? [{ kind: "value", field: "status", before: older.status, after: newer.status } as const] : []),
    ...textChange("period", periodText(older.period), periodText(newer.period), budget),
    ...sectionChanges("section", older.sections, newer.sections, budget),
    ...sectionChanges("closingSection", older.closingSections, newer.closingSections, budget),
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

function itemChanges(a: typeof emptyItem, b: typeof emptyItem, withLabel: boolean, budget: DiffBudget): Change[] {
  return [
    ...(withLabel ? [...textChange("code", a.code, b.code, budget), ...textChange("title", a.title, b.title, budget)] : []),
    ...sectionChanges("section", a.sections, b.sections, budget),
    ...textChange("when", a.when, b.when, budget),
    ...textChange("budget", a.budget, b.budget, budget),
    ...(a.priority !== b.priority ? [{ kind: "value", field: "priority", before: a.priority, after: b.priority } as const] : []),
    ...textChange("reducedCapacity", a.reducedCapacity, b.reducedCapacity, budget),
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
  /** Its place among them, counting from 1. */
  position: number;
}

function index(items: SnapshotItem[]): Map<number, Placed> {
  const found = new Map<number, Placed>();
  const walk = (list: SnapshotItem[], parent: SnapshotItem | null) => {
    const siblings = list.map((i) => i.id);
    for (const [i, item] of list.entries()) {
      found.set(item.id, { item, parent, siblings, position: i + 1 });
      walk(item.children, item);
    }
  };
  walk(items, null);
  return found;
}

/** Ids among `older` that left the longest run kept in the same relative order in `newer`. */
function reordered(older: number[], newer: number[]): number[] {
  const oldRank = new Map(older.map((id, i) => [id, i]));
  const common = newer.filter((id) => oldRank.has(id));
  const rank = common.map((id) => oldRank.get(id)!);
  // Longest increasing subsequence of the old ranks, in newer order, in n log n (patience sorting).
  // byLength[l]: indices ending a run of length l + 1, in order; their ranks decrease. Ties go to
  // the earliest index, so the items that stay put are the first ones that can.
  const byLength: number[][] = [];
  const prev = rank.map(() => -1);
  const firstBelow = (list: number[], r: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rank[list[mid]!]! < r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  rank.forEach((r, i) => {
    let lo = 0;
    let hi = byLength.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rank[byLength[mid]!.at(-1)!]! < r) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = byLength[lo - 1]![firstBelow(byLength[lo - 1]!, r)]!;
    (byLength[lo] ??= []).push(i);
  });
  const stay = new Set<number>();
  for (let i = byLength.at(-1)?.[0] ?? -1; i >= 0; i = prev[i]!) stay.add(common[i]!);
  return common.filter((id) => !stay.has(id));
}

/** Compares an older and a newer version of the same plan; texts word by word within `budget`. */
export function compareSnapshots(older: PlanSnapshot, newer: PlanSnapshot, budget: DiffBudget = diffBudget()): Comparison {
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
      entries.push({ id, status: before ? "removed" : "added", ...label(item), moved: null, changes: before ? itemChanges(item, emptyItem, false, budget) : itemChanges(emptyItem, item, false, budget) });
    } else {
      const otherParent = (before.parent?.id ?? null) !== (after.parent?.id ?? null);
      const moved =
        otherParent || outOfOrder.has(id)
          ? {
              fromParent: before.parent && label(before.parent),
              toParent: after.parent && label(after.parent),
              fromPosition: before.position,
              toPosition: after.position,
            }
          : null;
      const changes = itemChanges(before.item, after.item, true, budget);
      if (moved || changes.length > 0) entries.push({ id, status: "kept", ...label(item), moved, changes });
    }
    const oldChildren = before?.item.children.map((c) => c.id) ?? [];
    const newChildren = after?.item.children.map((c) => c.id) ?? [];
    for (const child of mergedOrder(oldChildren, newChildren, removed)) visit(child);
  };
  for (const id of mergedOrder(older.items.map((i) => i.id), newer.items.map((i) => i.id), removed)) visit(id);

  return {
    plan: planChanges(older, newer, budget),
    items: entries,
    counts: {
      added: entries.filter((e) => e.status === "added").length,
      removed: entries.filter((e) => e.status === "removed").length,
      moved: entries.filter((e) => e.moved).length,
      changed: entries.filter((e) => e.status === "kept" && e.changes.length > 0).length,
    },
  };
}
