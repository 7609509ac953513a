/**
 * Two saved versions of a report side by side: what changed in the texts, which items changed
 * status, which items' updates or figures changed, and which items came or went. Items are
 * matched by id. Texts are compared word by word within the bounds of the versions module.
 */
import { diffBudget, wordDiff, type Segment } from "../versions/compare.ts";
import type { Status } from "../monitoring/status.ts";
import type { Report, ReportItem } from "./model.ts";

export interface TextChange {
  part: string;
  /** Undefined when the texts differ too much to compare word by word: show both. */
  segments: Segment[] | undefined;
  before: string;
  after: string;
}

export interface ItemChange {
  id: number;
  code: string | null;
  title: string;
  status?: { before: Status | null; after: Status | null };
  updates?: TextChange;
  figures?: TextChange;
}

export interface ReportComparison {
  texts: TextChange[];
  items: ItemChange[];
  added: { id: number; code: string | null; title: string }[];
  removed: { id: number; code: string | null; title: string }[];
}

const sectionsText = (sections: { title: string; text: string }[]) => sections.map((s) => `${s.title}\n${s.text}\n`).join("");

const updatesText = (item: ReportItem) =>
  item.updates.map((u) => `${u.period}${u.heading ? ` ${u.heading}` : ""}\n${sectionsText(u.results)}${sectionsText(u.planning)}`).join("");

const figuresText = (item: ReportItem) =>
  item.indicators.flatMap((i) => i.measurements.map((m) => `${i.name} ${m.label} ${m.scopeName}: ${m.display}\n`)).join("");

export function compareReports(older: Report, newer: Report): ReportComparison {
  const budget = diffBudget();
  const change = (part: string, before: string, after: string): TextChange | undefined =>
    before === after ? undefined : { part, before, after, segments: wordDiff(before, after, budget) };
  const texts = [
    change("Titel", older.title, newer.title),
    change("Inleiding", sectionsText(older.intro), sectionsText(newer.intro)),
    change("Tot slot", sectionsText(older.closing), sectionsText(newer.closing)),
  ].filter((c): c is TextChange => c !== undefined);

  const before = new Map(older.items.map((i) => [i.id, i]));
  const after = new Set(newer.items.map((i) => i.id));
  const label = ({ id, code, title }: ReportItem) => ({ id, code, title });
  const items: ItemChange[] = [];
  for (const item of newer.items) {
    const old = before.get(item.id);
    if (!old) continue;
    const entry: ItemChange = label(item);
    if (old.status !== item.status) entry.status = { before: old.status, after: item.status };
    const updates = change("Voortgang", updatesText(old), updatesText(item));
    if (updates) entry.updates = updates;
    const figures = change("Cijfers", figuresText(old), figuresText(item));
    if (figures) entry.figures = figures;
    if (entry.status || entry.updates || entry.figures) items.push(entry);
  }
  return {
    texts,
    items,
    added: newer.items.filter((i) => !before.has(i.id)).map(label),
    removed: older.items.filter((i) => !after.has(i.id)).map(label),
  };
}
