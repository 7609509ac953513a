/**
 * How much text one plan holds, counted the same way for a plan file and for a plan as it
 * is stored: every title, code, text, phrase, note and footnote of the plan and its items,
 * in characters. Each field has its own limit (lib/limits.ts), but 500 items at every limit
 * would still make a page of tens of megabytes; LENGTH.plan bounds the whole, far above
 * what real plans hold (the largest source plan has about 60 000 characters).
 */
import { LENGTH } from "../../lib/limits.ts";
import { InputError } from "../../lib/validation.ts";

type Text = string | null | undefined;

interface SizedItem {
  code?: Text;
  title: string;
  sections?: readonly { title?: Text; text?: Text }[];
  parties?: readonly { role?: Text; task?: Text }[];
  when?: Text;
  budget?: Text;
  reducedCapacity?: Text;
  internalNote?: Text;
  links?: readonly { note?: Text }[];
  children: readonly SizedItem[];
}

export interface SizedPlan {
  title: string;
  subtitle?: Text;
  sections?: readonly { title?: Text; text?: Text }[];
  closingSections?: readonly { title?: Text; text?: Text }[];
  footnotes?: readonly { mark?: Text; text?: Text }[];
  internalNote?: Text;
  items: readonly SizedItem[];
}

const length = (...texts: Text[]) => texts.reduce((sum, t) => sum + (t?.length ?? 0), 0);
const sum = <T>(list: readonly T[] | undefined, size: (t: T) => number) => (list ?? []).reduce((total, t) => total + size(t), 0);
const sectionsSize = (list: SizedPlan["sections"]) => sum(list, (s) => length(s.title, s.text));

function itemSize(item: SizedItem): number {
  return (
    length(item.code, item.title, item.when, item.budget, item.reducedCapacity, item.internalNote) +
    sectionsSize(item.sections) +
    sum(item.parties, (p) => length(p.role, p.task)) +
    sum(item.links, (l) => length(l.note)) +
    sum(item.children, itemSize)
  );
}

export function planTextSize(plan: SizedPlan): number {
  return (
    length(plan.title, plan.subtitle, plan.internalNote) +
    sectionsSize(plan.sections) +
    sectionsSize(plan.closingSections) +
    sum(plan.footnotes, (f) => length(f.mark, f.text)) +
    sum(plan.items, itemSize)
  );
}

/** One item's own text, its children left out: what changes when the item alone changes. */
export const itemOwnSize = (item: Omit<SizedItem, "children">) => itemSize({ ...item, children: [] });

const nl = (n: number) => n.toLocaleString("nl-NL");
const tooLarge = (size: number) =>
  size > LENGTH.plan ? `Tekst: een plan mag samen hoogstens ${nl(LENGTH.plan)} tekens bevatten; dit plan zou er ${nl(size)} hebben.` : null;

/** The message when a plan would hold more than LENGTH.plan characters; null when it fits. */
export const planTooLarge = (plan: SizedPlan) => tooLarge(planTextSize(plan));

/** Refuses a change after which a plan would hold `size` characters, more than LENGTH.plan; `file` and `path` name what was changed. */
export function assertSizeFits(size: number, file: string, path: string): void {
  const message = tooLarge(size);
  if (message) throw new InputError([{ file, path, message }]);
}
