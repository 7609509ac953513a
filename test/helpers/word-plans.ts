/**
 * Writes a plan as a Word document made the way the source documents are: the title in
 * Word's Title style, the opening texts under their own headings, the upper levels as
 * headings ("1. Een integrale visie…", "Speerpunt 1: Integrale aanpak", "Pijler 1 …"),
 * their texts as "Opgave: …" lines or bold labels, and then either the plan's table (one
 * row per item of the row level, with the document's column headings; steps as real Word
 * numbering with their own wie and wanneer in numbered lines; merged cells where an item
 * spans several rows; a full-width merged row for a group between heading and row) or, for
 * plans written in blocks, a heading per item with bold labels ("Doelstelling", …) and
 * "rol: taak" bullets. Fields that the plan file marks as Koers's interpretation are not in
 * the document, so they are not written.
 */
import * as docx from "docx";
import type { ItemFile, PlanFile } from "../../src/modules/plans/format.ts";

const NUMBERS = "stappen";
const BULLETS = "opsomming";

export interface WordPlanOptions {
  /** How upper levels are headed: "1. Title" (number) or "Speerpunt 1: Title" (word). */
  headings?: "number" | "word";
  /** Texts of upper levels: "Opgave: text" on one line, or a bold label above the text. */
  labels?: "inline" | "above";
}

type Block = docx.Paragraph | docx.Table;
const HEADINGS = [docx.HeadingLevel.HEADING_1, docx.HeadingLevel.HEADING_2, docx.HeadingLevel.HEADING_3, docx.HeadingLevel.HEADING_4, docx.HeadingLevel.HEADING_5];

let instance = 0;

function textParagraphs(text: string, options: { italic?: boolean } = {}): docx.Paragraph[] {
  const out: docx.Paragraph[] = [];
  for (const line of text.replace(/\n+$/, "").split("\n")) {
    if (!line.trim()) continue;
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (bullet) out.push(new docx.Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: [new docx.TextRun({ text: bullet[1]!, italics: options.italic ?? false })] }));
    else out.push(new docx.Paragraph({ children: [new docx.TextRun({ text: line, italics: options.italic ?? false })] }));
  }
  return out;
}

const interpreted = (item: ItemFile, field: string) => item.interpreted?.includes(field as never) ?? false;
const codeOf = (item: ItemFile) => (item.code && !interpreted(item, "code") ? item.code : undefined);
const partyText = (p: ItemFile["parties"][number]) => (p.task && p.role ? `${p.role}: ${p.task}` : (p.role ?? p.organisations.join(", ")));

/** Writes one plan as .docx bytes. */
export async function writeWordPlan(plan: PlanFile, options: WordPlanOptions = {}): Promise<Uint8Array> {
  const headings = options.headings ?? "number";
  const labels = options.labels ?? "inline";
  const levelIndex = new Map(plan.levels.map((l, i) => [l.key, i]));
  const levelName = new Map(plan.levels.map((l) => [l.key, l.name]));
  const rowDepth = levelIndex.get(plan.layout.rowLevel)!;
  const body: Block[] = [];
  const typedNotes: { mark: string; text: string }[] = [];
  const footnotes: Record<number, { children: docx.Paragraph[] }> = {};
  let noteId = 0;

  body.push(new docx.Paragraph({ heading: docx.HeadingLevel.TITLE, children: [new docx.TextRun(plan.title)] }));
  if (plan.subtitle) body.push(new docx.Paragraph({ children: [new docx.TextRun({ text: plan.subtitle, italics: true })] }));

  /** Text runs; a superscript mark of one of the plan's footnotes becomes a real Word footnote. */
  const runsWithNotes = (text: string): docx.ParagraphChild[] => {
    const out: docx.ParagraphChild[] = [];
    let rest = text;
    for (const note of plan.footnotes) {
      if (!/^[¹²³⁴⁵⁶⁷⁸⁹]+$/.test(note.mark)) continue;
      const at = rest.indexOf(note.mark);
      if (at < 0) continue;
      out.push(new docx.TextRun(rest.slice(0, at)));
      noteId += 1;
      footnotes[noteId] = { children: [new docx.Paragraph(note.text)] };
      out.push(new docx.FootnoteReferenceRun(noteId));
      rest = rest.slice(at + note.mark.length);
    }
    out.push(new docx.TextRun(rest));
    return out;
  };

  const sectionBlocks = (title: string, text: string, depth: number) => [
    new docx.Paragraph({ heading: HEADINGS[depth]!, children: [new docx.TextRun(title)] }),
    ...text.replace(/\n+$/, "").split(/\n/).filter((l) => l.trim()).map((line) => {
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      return bullet
        ? new docx.Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: runsWithNotes(bullet[1]!) })
        : new docx.Paragraph({ children: runsWithNotes(line) });
    }),
  ];
  for (const s of plan.sections) body.push(...sectionBlocks(s.title, s.text, 0));

  const headingText = (item: ItemFile) => {
    const code = codeOf(item);
    if (!code) return item.title;
    if (/^[A-Za-z]+ /.test(code)) return `${code} ${item.title}`;
    return headings === "word" ? `${levelName.get(item.level)} ${code}: ${item.title}` : `${code}. ${item.title}`;
  };

  const labelled = (label: string, text: string): docx.Paragraph[] => {
    if (labels === "inline" && !text.trim().includes("\n")) {
      return [new docx.Paragraph({ children: [new docx.TextRun({ text: `${label}: `, bold: true }), ...runsWithNotes(text.trim())] })];
    }
    if (labels === "inline") {
      const [first, ...rest] = text.replace(/\n+$/, "").split("\n");
      return [new docx.Paragraph({ children: [new docx.TextRun({ text: `${label}: `, bold: true }), ...runsWithNotes(first!)] }), ...rest.filter((l) => l.trim()).flatMap((l) => textParagraphs(l))];
    }
    return [new docx.Paragraph({ children: [new docx.TextRun({ text: label, bold: true })] }), ...textParagraphs(text)];
  };

  // ---- table layout -------------------------------------------------------------------
  const columns = plan.layout.columns;
  const cell = (children: Block[], extra: Partial<docx.ITableCellOptions> = {}) =>
    new docx.TableCell({ children: children.length > 0 ? children : [new docx.Paragraph("")], ...extra });

  /** The paragraphs a column shows for a row item (and, for children columns, its children). */
  function columnBlocks(item: ItemFile, show: string[], childrenToShow: ItemFile[]): Block[] {
    const out: Block[] = [];
    const list = instance++;
    for (const field of show) {
      const [scope, name] = field.includes(".") && !field.startsWith("section:") ? (field.split(".", 2) as [string, string]) : ["self", field];
      if (scope === "self") {
        if (name === "code" && show.includes("title")) continue;
        if (name === "title") {
          const code = codeOf(item);
          out.push(new docx.Paragraph({ children: [new docx.TextRun(code ? `${code}${item.reducedCapacity ? "*" : ""} ${item.title}` : item.title)] }));
        } else if (name.startsWith("section:")) {
          const title = name.slice(8);
          const section = item.sections.find((s) => s.title === title);
          if (section) out.push(...textParagraphs(section.text, { italic: show.includes("title") }));
        } else if (name === "parties" && !interpreted(item, "parties")) {
          if (item.parties.length === 1) out.push(new docx.Paragraph(partyText(item.parties[0]!)));
          else for (const p of item.parties) out.push(new docx.Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: [new docx.TextRun(partyText(p))] }));
        } else if (name === "when" && item.when && !interpreted(item, "when")) out.push(...textParagraphs(item.when));
        else if (name === "budget" && item.budget && !interpreted(item, "budget")) out.push(...textParagraphs(item.budget));
      } else if (scope === "children" || scope === "grandchildren") {
        if (scope === "grandchildren" && show.includes(`children.${name}`)) continue;
        if (name === "title") {
          for (const c of scope === "grandchildren" ? childrenToShow.flatMap((x) => x.children) : childrenToShow) {
            const numbered = scope === "children" && show.includes("grandchildren.title");
            out.push(new docx.Paragraph({ numbering: numbered || (codeOf(c) && /^\d+$/.test(codeOf(c)!)) ? { reference: NUMBERS, level: 0, instance: list } : { reference: BULLETS, level: 0 }, children: [new docx.TextRun(c.title)] }));
            if (scope === "children" && show.includes("grandchildren.title")) {
              for (const g of c.children) out.push(new docx.Paragraph({ numbering: codeOf(g) ? { reference: NUMBERS, level: 1, instance: list } : { reference: BULLETS, level: 1 }, children: [new docx.TextRun(g.title)] }));
            }
          }
        } else {
          // Each step's wie or wanneer on its own line, with the step's number typed before it.
          const walk = (list: ItemFile[]) => {
            for (const c of list) {
              const value = name === "parties" ? (interpreted(c, "parties") ? "" : c.parties.map(partyText).join("; ")) : name === "when" ? (interpreted(c, "when") ? "" : (c.when ?? "")) : (c.budget ?? "");
              if (value && codeOf(c)) out.push(new docx.Paragraph(`${codeOf(c)}. ${value}`));
              if (scope === "grandchildren" || show.includes(`grandchildren.${name}`)) walk(c.children);
            }
          };
          walk(scope === "children" ? childrenToShow : childrenToShow.flatMap((c) => c.children));
        }
      }
    }
    return out;
  }

  function tableFor(items: ItemFile[], depth: number): docx.Table {
    const rows: docx.TableRow[] = [new docx.TableRow({ tableHeader: true, children: columns.map((c) => cell([new docx.Paragraph({ children: [new docx.TextRun({ text: c.label, bold: true })] })])) })];
    const addRows = (list: ItemFile[], d: number) => {
      for (const item of list) {
        if (d < rowDepth) {
          // A group between the headings and the rows: one cell over the whole width.
          rows.push(new docx.TableRow({ children: [cell([new docx.Paragraph({ children: [new docx.TextRun({ text: headingText(item), bold: true })] })], { columnSpan: columns.length })] }));
          addRows(item.children, d + 1);
          continue;
        }
        // One row per child when a children column shows one title per row with its own children (Doel · Hoofdactiviteit · Subactiviteit).
        const perChildRow = columns.some((c) => c.show.includes("children.title")) && columns.some((c) => c.show.includes("grandchildren.title") && !c.show.includes("children.title"));
        if (perChildRow && item.children.length > 1) {
          item.children.forEach((child, k) => {
            rows.push(new docx.TableRow({
              children: columns.map((c) => {
                const own = c.show.every((f) => !f.startsWith("children.") && !f.startsWith("grandchildren."));
                if (own) return cell(k === 0 ? columnBlocks(item, c.show, []) : [], { verticalMerge: k === 0 ? docx.VerticalMergeType.RESTART : docx.VerticalMergeType.CONTINUE });
                return cell(columnBlocks(item, c.show, [child]));
              }),
            }));
          });
        } else {
          rows.push(new docx.TableRow({ children: columns.map((c) => cell(columnBlocks(item, c.show, item.children))) }));
        }
      }
    };
    addRows(items, depth);
    return new docx.Table({ rows, width: { size: 100, type: docx.WidthType.PERCENTAGE } });
  }

  // ---- the items ------------------------------------------------------------------------
  function writeItems(items: ItemFile[], depth: number) {
    for (const item of items) {
      const d = levelIndex.get(item.level)!;
      const isRowLevel = d >= rowDepth;
      if (plan.layout.style === "blocks" && isRowLevel) {
        body.push(new docx.Paragraph({ heading: HEADINGS[Math.min(depth, 4)]!, children: [new docx.TextRun(headingText(item))] }));
        for (const c of columns) {
          for (const field of c.show) {
            if (field.startsWith("section:")) {
              const s = item.sections.find((x) => x.title === field.slice(8));
              if (s) body.push(...labelled(c.label, s.text));
            } else if (field === "parties" && item.parties.length > 0) {
              body.push(new docx.Paragraph({ children: [new docx.TextRun({ text: c.label, bold: true })] }));
              for (const p of item.parties) body.push(new docx.Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: [new docx.TextRun(partyText(p))] }));
            }
          }
        }
        continue;
      }
      body.push(new docx.Paragraph({ heading: HEADINGS[Math.min(depth, 4)]!, children: [new docx.TextRun(headingText(item))] }));
      for (const s of item.sections) {
        if (s.title === headingText(item)) body.push(...textParagraphs(s.text));
        else body.push(...labelled(s.title, s.text));
      }
      const groupsOnly = item.children.every((c) => c.sections.length === 0 && levelIndex.get(c.level) === d + 1);
      if (plan.layout.style === "table" && (d === rowDepth - 1 || (d === rowDepth - 2 && groupsOnly))) {
        body.push(tableFor(item.children, d + 1));
        for (const c of item.children) if (c.reducedCapacity) typedNotes.push({ mark: "*", text: c.reducedCapacity.replace(/^\*\s*/, "") });
        for (const n of typedNotes.splice(0)) body.push(new docx.Paragraph(`${n.mark} ${n.text}`));
      } else writeItems(item.children, depth + 1);
    }
  }
  writeItems(plan.items, 0);
  for (const s of plan.closingSections) body.push(...sectionBlocks(s.title, s.text, 0));

  const numberLevels = [
    { level: 0, format: docx.LevelFormat.DECIMAL, text: "%1.", alignment: docx.AlignmentType.START },
    { level: 1, format: docx.LevelFormat.LOWER_LETTER, text: "%1%2", alignment: docx.AlignmentType.START },
  ];
  const bulletLevels = [0, 1, 2].map((level) => ({ level, format: docx.LevelFormat.BULLET, text: "•", alignment: docx.AlignmentType.START }));
  const document = new docx.Document({
    numbering: { config: [{ reference: NUMBERS, levels: numberLevels }, { reference: BULLETS, levels: bulletLevels }] },
    footnotes,
    sections: [{ children: body }],
  });
  return new Uint8Array(await docx.Packer.toBuffer(document));
}

/** How each source plan is written, as its document does. */
export const sourceLayouts: Record<string, WordPlanOptions> = {
  "uitvoeringsplan-nk-2025-2026": { headings: "number", labels: "inline" },
  "allen-voor-een-2022-2024": { headings: "word", labels: "above" },
  "jaarplan-ppo-nk-2023": { headings: "number", labels: "above" },
  "activiteitenplan-swvnk-2024": { headings: "number", labels: "above" },
};
