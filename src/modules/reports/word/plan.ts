/**
 * A plan as a Word document in its own layout, as its page shows it (plans/views/plan-page.tsx):
 * title, subtitle, period and owners; the approval route; the opening texts; a heading per
 * item above the row level (Kop 1, Kop 2, …); the rows as a table in the plan's own columns,
 * or as blocks with the plan's own labels; the closing texts and footnotes. Internal notes
 * are never written, whoever asks: a document travels further than a page.
 */
import type * as DocxModule from "docx";
import { formatDate } from "../../../lib/dates.ts";
import { namesOrganisation } from "../../../lib/source-coverage.ts";
import type { Section } from "../../plans/format.ts";
import type { PlanDetail, PlanItem } from "../../plans/reading.ts";
import { kindLabel, statusLabel } from "../../plans/views/labels.ts";
import { codeAndTitle, document, heading, label, loadDocx, pack, para, table, type Block } from "./document.ts";
import { markdownToDocx, textRuns, BULLETS, type WordContext } from "./markdown.ts";

const levelName = (plan: PlanDetail, key: string) => plan.levels.find((l) => l.key === key)?.name ?? key;

function sectionByTitle(item: PlanItem, title: string): Section | undefined {
  const wanted = title.toLowerCase();
  return item.sections.find((s) => s.title.toLowerCase() === wanted);
}

/** Sections the layout shows in a column of its own (for the row itself); the rest follow the row's first column. */
function sectionsInColumns(plan: PlanDetail): Set<string> {
  const titles = new Set<string>();
  for (const col of plan.layout.columns) {
    for (const f of col.show) if (f.startsWith("section:")) titles.add(f.slice("section:".length).toLowerCase());
  }
  return titles;
}

function shownDepths(plan: PlanDetail): Set<number> {
  const depths = new Set<number>([0]);
  for (const col of plan.layout.columns) {
    for (const f of col.show) {
      if (f.startsWith("children.")) depths.add(1);
      if (f.startsWith("grandchildren.")) depths.add(2);
    }
  }
  return depths;
}

/** A party as written; organisations Koers found for a role follow in brackets, as on the page. */
function partyText(item: PlanItem, p: PlanItem["parties"][number]): string {
  const base = (p.role ?? p.organisations.map((o) => o.shortName ?? o.name).join(", ")) + (p.task ? `: ${p.task}` : "");
  if (!item.interpreted.includes("parties.organisations") || p.role === null) return base;
  const unnamed = p.organisations.filter((o) => !namesOrganisation(`${p.role ?? ""} ${p.task ?? ""}`, o));
  return unnamed.length > 0 ? `${base} (${unnamed.map((o) => o.shortName ?? o.name).join(", ")})` : base;
}

function parties(ctx: WordContext, item: PlanItem, level = 0): Block[] {
  if (item.parties.length === 0) return [];
  if (item.parties.length === 1) return [para(ctx, partyText(item, item.parties[0]!))];
  return item.parties.map((p) => new ctx.docx.Paragraph({ numbering: { reference: BULLETS, level }, children: textRuns(ctx, partyText(item, p)) }));
}

function hasField(item: PlanItem, field: string): boolean {
  if (field === "code") return item.code !== null;
  if (field === "title") return true;
  if (field === "when") return item.when !== null;
  if (field === "budget") return item.budget !== null;
  if (field === "parties") return item.parties.length > 0;
  if (field.startsWith("section:")) return sectionByTitle(item, field.slice("section:".length)) !== undefined;
  return false;
}

/** One field of one item, as the layout names it ("title", "section:Monitoring", "parties", …). */
function field(ctx: WordContext, item: PlanItem, name: string): Block[] {
  if (name === "code") return item.code ? [new ctx.docx.Paragraph({ children: [new ctx.docx.TextRun({ text: item.code, bold: true })] })] : [];
  if (name === "title") return [new ctx.docx.Paragraph({ children: textRuns(ctx, item.title) })];
  if (name === "when") return item.when ? [para(ctx, item.when)] : [];
  if (name === "budget") return item.budget ? [para(ctx, item.budget)] : [];
  if (name === "parties") return parties(ctx, item);
  if (name.startsWith("section:")) {
    const section = sectionByTitle(item, name.slice("section:".length));
    return section ? markdownToDocx(ctx, section.text) : [];
  }
  return [];
}

/**
 * A field of the children (steps) as a list: numbered like the document when every child has
 * a number for a code ("1.", "2."), else with bullets. A longer text keeps its first paragraph
 * on the list line and its other paragraphs below it.
 */
function childList(ctx: WordContext, children: PlanItem[], name: string): Block[] {
  const { docx } = ctx;
  const withValue = children.filter((c) => hasField(c, name));
  const numbered = withValue.length > 0 && withValue.every((c) => c.code !== null && /^\d+$/.test(c.code));
  return withValue.flatMap((c) => {
    const line = (runs: DocxModule.TextRun[]) =>
      numbered
        ? new docx.Paragraph({ indent: { left: 400, hanging: 300 }, children: [new docx.TextRun({ text: `${c.code}.\t` }), ...runs] })
        : new docx.Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: runs });
    if (name.startsWith("section:")) return markdownToDocx(ctx, sectionByTitle(c, name.slice("section:".length))!.text, { firstLine: line });
    if (name === "code") return [line([new docx.TextRun({ text: c.code!, bold: true })])];
    if (name === "title") return [line(textRuns(ctx, c.title))];
    if (name === "when") return [line(textRuns(ctx, c.when!))];
    if (name === "budget") return [line(textRuns(ctx, c.budget!))];
    if (name === "parties") return [line(textRuns(ctx, c.parties.map((p) => partyText(c, p)).join("; ")))];
    return [];
  });
}

/** What a column shows for a row: its own fields, then its children's and grandchildren's as lists. */
function cell(ctx: WordContext, item: PlanItem, show: string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < show.length; i += 1) {
    const f = show[i]!;
    // Code and title side by side, as the page shows them.
    if (f === "code" && show[i + 1] === "title") {
      blocks.push(new ctx.docx.Paragraph({ children: codeAndTitle(ctx, item.code, item.title) }));
      i += 1;
    } else if (f.startsWith("children.")) blocks.push(...childList(ctx, item.children, f.slice("children.".length)));
    else if (f.startsWith("grandchildren.")) {
      for (const c of item.children) blocks.push(...childList(ctx, c.children, f.slice("grandchildren.".length)));
    } else blocks.push(...field(ctx, item, f));
  }
  return blocks;
}

function refText(plan: PlanDetail, ref: { planSlug: string; planTitle: string; code: string | null; title: string }): string {
  return `${ref.planSlug === plan.slug ? "" : `${ref.planTitle}, `}${ref.code ?? ref.title}`;
}

/** Links both ways and topics: what follows an item wherever it stands. No internal note, ever. */
function itemFooter(ctx: WordContext, plan: PlanDetail, item: PlanItem): Block[] {
  const blocks: Block[] = [];
  if (item.links.length > 0) {
    blocks.push(para(ctx, item.links.map((l) => `${refText(plan, l.target)} (${l.kind})`).join("; "), "Verwijst naar"));
  }
  if (item.backlinks.length > 0) {
    const rest = item.backlinkCount - item.backlinks.length;
    const more = rest > 0 ? `; en nog ${rest.toLocaleString("nl-NL")} ${rest === 1 ? "ander" : "andere"}` : "";
    blocks.push(para(ctx, item.backlinks.map((b) => `${refText(plan, b.source)} (${b.kind})`).join("; ") + more, "Hiernaar verwijst"));
  }
  if (item.topics.length > 0) blocks.push(para(ctx, item.topics.map((t) => t.name).join(", "), "Onderwerpen"));
  return blocks;
}

function sections(ctx: WordContext, list: Section[], except = new Set<string>()): Block[] {
  return list.filter((s) => !except.has(s.title.toLowerCase())).flatMap((s) => [label(ctx, s.title), ...markdownToDocx(ctx, s.text)]);
}

/** An item below the shown depths, as a bulleted entry with everything it holds. */
function nested(ctx: WordContext, plan: PlanDetail, item: PlanItem, level: number): Block[] {
  return [
    new ctx.docx.Paragraph({ numbering: { reference: BULLETS, level: Math.min(level, 8) }, children: codeAndTitle(ctx, item.code, item.title) }),
    ...sections(ctx, item.sections),
    ...parties(ctx, item, Math.min(level + 1, 8)),
    ...(item.when ? [para(ctx, item.when, "Wanneer")] : []),
    ...(item.budget ? [para(ctx, item.budget, "Budget")] : []),
    ...item.children.flatMap((c) => nested(ctx, plan, c, level + 1)),
    ...itemFooter(ctx, plan, item),
  ];
}

/** What a row shows beyond its columns: flags, other sections, deeper items, links and topics. */
function rowExtras(ctx: WordContext, plan: PlanDetail, item: PlanItem): Block[] {
  const depths = shownDepths(plan);
  const hidden = depths.has(1) ? (depths.has(2) ? [] : item.children.flatMap((c) => c.children)) : item.children;
  return [
    ...(item.priority ? [para(ctx, "Prioriteit")] : []),
    ...(item.reducedCapacity ? [para(ctx, item.reducedCapacity, "Minder capaciteit")] : []),
    ...sections(ctx, item.sections, sectionsInColumns(plan)),
    ...hidden.flatMap((c) => nested(ctx, plan, c, 0)),
    ...itemFooter(ctx, plan, item),
  ];
}

function rows(ctx: WordContext, plan: PlanDetail, list: PlanItem[], headingLevel: number): Block[] {
  if (list.length === 0) return [];
  const columns = plan.layout.columns;
  if (plan.layout.style === "table") {
    return [
      table(
        ctx,
        columns.map((c) => c.label),
        list.map((row) => columns.map((col, i) => (i === 0 ? [...cell(ctx, row, col.show), ...rowExtras(ctx, plan, row)] : cell(ctx, row, col.show)))),
      ),
      new ctx.docx.Paragraph({ children: [] }),
    ];
  }
  return list.flatMap((row) => [
    heading(ctx, headingLevel, codeAndTitle(ctx, row.code, row.title)),
    ...columns
      .filter((col) => col.show.some((f) => f.includes(".") || hasField(row, f)))
      .flatMap((col) => {
        const content = cell(ctx, row, col.show);
        return content.length > 0 ? [label(ctx, col.label), ...content] : [];
      }),
    ...rowExtras(ctx, plan, row),
  ]);
}

/** Whether the item's own text already names all its parties (as "Trekkers: …" does). */
const partiesInText = (item: PlanItem) => item.parties.every((p) => p.role !== null && item.sections.some((s) => s.text.includes(p.role!)));

/** An item above the row level: a heading, its texts and facts, its rows, then the items below it. */
function headingItem(ctx: WordContext, plan: PlanDetail, item: PlanItem, depth: number): Block[] {
  const rowLevel = plan.layout.rowLevel;
  const level = depth + 1;
  return [
    heading(ctx, level, codeAndTitle(ctx, item.code, item.title)),
    ...sections(ctx, item.sections),
    ...(item.parties.length > 0 && (!partiesInText(item) || item.interpreted.includes("parties.organisations")) ? [label(ctx, "Wie"), ...parties(ctx, item)] : []),
    ...(item.when ? [para(ctx, item.when, "Wanneer")] : []),
    ...(item.budget ? [para(ctx, item.budget, "Budget")] : []),
    ...itemFooter(ctx, plan, item),
    ...rows(ctx, plan, item.children.filter((c) => c.level === rowLevel), level + 1),
    ...item.children.filter((c) => c.level !== rowLevel).flatMap((c) => headingItem(ctx, plan, c, depth + 1)),
  ];
}

/** The plan as a .docx file. */
export async function renderPlanDocx(plan: PlanDetail): Promise<Uint8Array> {
  const ctx = await loadDocx();
  const { docx } = ctx;
  const rowLevel = plan.layout.rowLevel;
  const top = (text: string, labelText: string) => para(ctx, text, labelText);
  const children: Block[] = [
    new docx.Paragraph({ heading: docx.HeadingLevel.TITLE, children: textRuns(ctx, plan.title) }),
    ...(plan.subtitle ? [new docx.Paragraph({ style: "Subtitle", children: textRuns(ctx, plan.subtitle) })] : []),
    top(kindLabel(plan.kind), "Soort"),
    top(plan.period.label, "Periode"),
    top(statusLabel(plan.status), "Status"),
    top(plan.owners.map((o) => o.name).join(", "), "Van"),
    ...(plan.regions.length > 0 ? [top(plan.regions.map((r) => r.name).join(", "), "Regio")] : []),
    ...(plan.parent || plan.parentTitle ? [top(plan.parent?.title ?? plan.parentTitle!, "Hoort bij")] : []),
    top(plan.levels.map((l) => l.name).join(" › "), "Niveaus"),
  ];
  if (plan.approvals.length > 0) {
    children.push(
      heading(ctx, 1, "Besluitvorming"),
      table(
        ctx,
        ["Orgaan", "Datum", "Besluit", "Stelt het plan vast"],
        plan.approvals.map((a) => [a.body, a.date ? formatDate(a.date) : "—", a.note ? `${a.outcome} — ${a.note}` : a.outcome, a.adopts ? "ja" : "nee"]),
        [20, 18, 47, 15],
      ),
    );
  }
  for (const s of plan.sections) children.push(heading(ctx, 1, s.title), ...markdownToDocx(ctx, s.text));
  for (const item of plan.items.filter((i) => i.level !== rowLevel)) children.push(...headingItem(ctx, plan, item, 0));
  const topRows = plan.items.filter((i) => i.level === rowLevel);
  if (topRows.length > 0) {
    const level = plan.levels.find((l) => l.key === rowLevel);
    children.push(heading(ctx, 1, level?.plural ?? levelName(plan, rowLevel)), ...rows(ctx, plan, topRows, 2));
  }
  for (const s of plan.closingSections) children.push(heading(ctx, 1, s.title), ...markdownToDocx(ctx, s.text));
  if (plan.footnotes.length > 0) {
    children.push(heading(ctx, 1, "Voetnoten"));
    for (const f of plan.footnotes) {
      const mark = new docx.TextRun({ text: `${f.mark} `, bold: true });
      children.push(...markdownToDocx(ctx, f.text, { firstLine: (runs) => new docx.Paragraph({ children: [mark, ...runs] }) }));
    }
  }
  if (plan.source) children.push(para(ctx, `het oorspronkelijke document (${plan.source}).`, "Bron"));
  return pack(ctx, document(ctx, { title: plan.title, description: plan.subtitle ?? undefined }, children));
}

