/**
 * A plan as an Excel workbook: one sheet per level in the plan's own words (Thema's,
 * Ambities, Stappen, …), one row per item, with its code, title, the code of the item it
 * belongs to, its texts by their own titles, who, when, budget and topics. Ready to filter.
 * Internal notes are never written.
 */
import type { PlanDetail, PlanItem } from "../../plans/reading.ts";
import { addSheet, newWorkbook, plainText, workbookBytes, type Cell } from "./workbook.ts";

interface Placed {
  item: PlanItem;
  parent: PlanItem | null;
}

function partyText(p: PlanItem["parties"][number]): string {
  const who = p.role ?? p.organisations.map((o) => o.shortName ?? o.name).join(", ");
  return p.task ? `${who}: ${p.task}` : who;
}

/** The plan as a .xlsx file. */
export async function renderPlanXlsx(plan: PlanDetail): Promise<Uint8Array> {
  const byLevel = new Map<string, Placed[]>(plan.levels.map((l) => [l.key, []]));
  const walk = (list: PlanItem[], parent: PlanItem | null) => {
    for (const item of list) {
      (byLevel.get(item.level) ?? byLevel.set(item.level, []).get(item.level)!).push({ item, parent });
      walk(item.children, item);
    }
  };
  walk(plan.items, null);

  const workbook = await newWorkbook();
  workbook.title = plan.title;
  for (const [key, placed] of byLevel) {
    const level = plan.levels.find((l) => l.key === key);
    const sectionTitles: string[] = [];
    const seen = new Set<string>();
    for (const { item } of placed) {
      for (const s of item.sections) {
        if (!seen.has(s.title.toLowerCase())) {
          seen.add(s.title.toLowerCase());
          sectionTitles.push(s.title);
        }
      }
    }
    const any = (has: (i: PlanItem) => boolean) => placed.some((p) => has(p.item));
    const columns: { header: string; value: (p: Placed) => Cell }[] = [
      { header: "Code", value: (p) => p.item.code },
      { header: "Titel", value: (p) => p.item.title },
      ...(placed.some((p) => p.parent)
        ? [{ header: "Hoort bij (code)", value: (p: Placed) => p.parent?.code ?? p.parent?.title ?? null }]
        : []),
      ...sectionTitles.map((title) => ({
        header: title,
        value: (p: Placed) => {
          const s = p.item.sections.find((x) => x.title.toLowerCase() === title.toLowerCase());
          return s ? plainText(s.text) : null;
        },
      })),
      ...(any((i) => i.parties.length > 0) ? [{ header: "Wie", value: (p: Placed) => p.item.parties.map(partyText).join("\n") || null }] : []),
      ...(any((i) => i.when !== null) ? [{ header: "Wanneer", value: (p: Placed) => p.item.when }] : []),
      ...(any((i) => i.budget !== null) ? [{ header: "Budget", value: (p: Placed) => p.item.budget }] : []),
      ...(any((i) => i.priority) ? [{ header: "Prioriteit", value: (p: Placed) => (p.item.priority ? "ja" : "nee") }] : []),
      ...(any((i) => i.reducedCapacity !== null) ? [{ header: "Minder capaciteit", value: (p: Placed) => p.item.reducedCapacity }] : []),
      ...(any((i) => i.topics.length > 0) ? [{ header: "Onderwerpen", value: (p: Placed) => p.item.topics.map((t) => t.name).join(", ") || null }] : []),
    ];
    addSheet(
      workbook,
      level?.plural ?? level?.name ?? key,
      columns.map((c) => c.header),
      placed.map((p) => columns.map((c) => c.value(p))),
    );
  }
  return workbookBytes(workbook);
}
