/**
 * The small Markdown of Koers' texts (paragraphs, bullet and numbered lists, **bold**,
 * *italics*, tables) as real Word content: paragraphs, lists Word numbers itself, and
 * tables with a header row. The one converter every Word document of Koers uses.
 *
 * markdown-it tokenises the text as the web pages do (decision 0009 for the pages; raw HTML
 * is not read), and the tokens become docx objects. The docx library itself is loaded by the
 * caller, lazily, and handed in: this module adds nothing to the server's start-up.
 */
import MarkdownIt from "markdown-it";
import type * as DocxModule from "docx";

export type Docx = typeof DocxModule;
type Block = DocxModule.Paragraph | DocxModule.Table;
type Inline = DocxModule.TextRun;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
type Token = ReturnType<typeof md.parse>[number];

/** The references of the document's list definitions (see `listNumbering`). */
export const BULLETS = "koers-opsomming";
export const NUMBERS = "koers-nummering";

/** Indentation per list level, in twips (a quarter inch and a bit). */
const STEP = 400;

/** The list definitions a document that holds Markdown needs: give them to `new Document({ numbering })`. */
export function listNumbering(docx: Docx): DocxModule.INumberingOptions {
  const levels = (kind: "bullet" | "number") =>
    Array.from({ length: 9 }, (_, level) => ({
      level,
      format: kind === "bullet" ? docx.LevelFormat.BULLET : docx.LevelFormat.DECIMAL,
      text: kind === "bullet" ? (["•", "◦", "▪"][level % 3] as string) : `%${level + 1}.`,
      alignment: docx.AlignmentType.START,
      style: { paragraph: { indent: { left: STEP * (level + 1), hanging: 300 } } },
    }));
  return {
    config: [
      { reference: BULLETS, levels: levels("bullet") },
      { reference: NUMBERS, levels: levels("number") },
    ],
  };
}

/**
 * What the converter keeps over one document: each numbered list needs an instance of its
 * own, or Word would number on from the list before.
 */
export interface WordContext {
  docx: Docx;
  lists: { next: number };
}

export const wordContext = (docx: Docx): WordContext => ({ docx, lists: { next: 1 } });

/** Plain text as runs: line breaks in it stay line breaks. */
export function textRuns(ctx: WordContext, text: string, style: { bold?: boolean; italics?: boolean } = {}): Inline[] {
  return text.split("\n").map((line, i) => new ctx.docx.TextRun({ text: line, ...style, ...(i > 0 ? { break: 1 } : {}) }));
}

/** The runs of an inline token: bold and italics as marked, links as their text. */
function inlineRuns(ctx: WordContext, token: Token | undefined, base: { bold?: boolean } = {}): Inline[] {
  const runs: Inline[] = [];
  let bold = base.bold ? 1 : 0;
  let italics = 0;
  for (const t of token?.children ?? []) {
    const style = { bold: bold > 0, italics: italics > 0 };
    switch (t.type) {
      case "text":
        if (t.content) runs.push(new ctx.docx.TextRun({ text: t.content, ...style }));
        break;
      case "code_inline":
        runs.push(new ctx.docx.TextRun({ text: t.content, font: "Consolas", ...style }));
        break;
      case "strong_open":
        bold += 1;
        break;
      case "strong_close":
        bold -= 1;
        break;
      case "em_open":
        italics += 1;
        break;
      case "em_close":
        italics -= 1;
        break;
      case "softbreak":
        runs.push(new ctx.docx.TextRun({ text: " ", ...style }));
        break;
      case "hardbreak":
        runs.push(new ctx.docx.TextRun({ break: 1 }));
        break;
      case "image":
        if (t.content) runs.push(new ctx.docx.TextRun({ text: t.content, ...style }));
        break;
      default:
        // link_open/close and the like: the text between them is what a reader needs.
        break;
    }
  }
  return runs;
}

interface ListFrame {
  ordered: boolean;
  instance: number;
  /** A list that starts at another number than 1 writes its numbers as text. */
  number: number | null;
  /** Whether the current item's first paragraph has been written (it carries the bullet or number). */
  started: boolean;
}

/** Where in the token stream the converter is: the index of the next token. */
interface Cursor {
  tokens: Token[];
  at: number;
}

function closing(type: string): string {
  return type.replace(/_open$/, "_close");
}

/** The tokens up to the close of the block that opens at `cursor.at` (exclusive of both). */
function skipBlock(cursor: Cursor): void {
  const open = cursor.tokens[cursor.at]!;
  const close = closing(open.type);
  let depth = 0;
  for (; cursor.at < cursor.tokens.length; cursor.at += 1) {
    const t = cursor.tokens[cursor.at]!;
    if (t.type === open.type) depth += 1;
    else if (t.type === close) depth -= 1;
    if (depth === 0) return;
  }
}

function table(ctx: WordContext, cursor: Cursor): DocxModule.Table {
  const { docx } = ctx;
  const rows: DocxModule.TableRow[] = [];
  let cells: DocxModule.TableCell[] = [];
  let header = false;
  for (cursor.at += 1; cursor.at < cursor.tokens.length; cursor.at += 1) {
    const t = cursor.tokens[cursor.at]!;
    if (t.type === "table_close") break;
    if (t.type === "thead_open") header = true;
    else if (t.type === "thead_close") header = false;
    else if (t.type === "tr_open") cells = [];
    else if (t.type === "tr_close") rows.push(new docx.TableRow({ children: cells, tableHeader: header, cantSplit: true }));
    else if (t.type === "th_open" || t.type === "td_open") {
      const inline = cursor.tokens[cursor.at + 1];
      const runs = inline?.type === "inline" ? inlineRuns(ctx, inline, { bold: t.type === "th_open" }) : [];
      const style = String(t.attrGet("style") ?? "");
      const alignment = style.includes("right") ? docx.AlignmentType.RIGHT : style.includes("center") ? docx.AlignmentType.CENTER : undefined;
      const paragraph = new docx.Paragraph({
        children: runs,
        ...(alignment ? { alignment } : {}),
      });
      cells.push(new docx.TableCell({ children: [paragraph] }));
    }
  }
  return new docx.Table({ rows, width: { size: 100, type: docx.WidthType.PERCENTAGE } });
}

/**
 * Word content for Markdown text. An empty text gives no content. `firstLine` makes the text's
 * first paragraph (a list line, a footnote with its mark); when the text opens with a list or
 * a table, it gets a line of its own, empty, before it.
 */
export function markdownToDocx(ctx: WordContext, text: string, options: { firstLine?: (runs: Inline[]) => DocxModule.Paragraph } = {}): Block[] {
  const blocks = convert(ctx, text, options.firstLine);
  if (options.firstLine && blocks.length === 0) blocks.push(options.firstLine([]));
  return blocks;
}

function convert(ctx: WordContext, text: string, firstLine: ((runs: Inline[]) => DocxModule.Paragraph) | undefined): Block[] {
  const { docx } = ctx;
  const cursor: Cursor = { tokens: md.parse(text, {}), at: 0 };
  const blocks: Block[] = [];
  const lists: ListFrame[] = [];
  /** The first line goes before content that cannot carry it. */
  const lead = () => {
    if (firstLine && blocks.length === 0) blocks.push(firstLine([]));
  };

  const paragraph = (runs: Inline[]) => {
    const list = lists.at(-1);
    if (!list) {
      blocks.push(firstLine && blocks.length === 0 ? firstLine(runs) : new docx.Paragraph({ children: runs }));
      return;
    }
    lead();
    const level = Math.min(lists.length - 1, 8);
    if (list.started) {
      // A second paragraph in the same item: under the item's text, without a bullet.
      blocks.push(new docx.Paragraph({ children: runs, indent: { left: STEP * (level + 1) } }));
      return;
    }
    list.started = true;
    if (list.number !== null) {
      blocks.push(
        new docx.Paragraph({
          children: [new docx.TextRun({ text: `${list.number}.\t` }), ...runs],
          indent: { left: STEP * (level + 1), hanging: 300 },
        }),
      );
      list.number += 1;
      return;
    }
    blocks.push(
      new docx.Paragraph({
        children: runs,
        numbering: list.ordered ? { reference: NUMBERS, level, instance: list.instance } : { reference: BULLETS, level },
      }),
    );
  };

  for (; cursor.at < cursor.tokens.length; cursor.at += 1) {
    const t = cursor.tokens[cursor.at]!;
    switch (t.type) {
      case "bullet_list_open":
      case "ordered_list_open": {
        const ordered = t.type === "ordered_list_open";
        const start = Number(t.attrGet("start") ?? 1);
        lists.push({ ordered, instance: ordered ? ctx.lists.next++ : 0, number: ordered && start !== 1 ? start : null, started: false });
        break;
      }
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open":
        if (lists.at(-1)) lists.at(-1)!.started = false;
        break;
      case "list_item_close": {
        // An item with no text of its own (only a nested list) still gets its bullet.
        const list = lists.at(-1);
        if (list && !list.started) paragraph([]);
        break;
      }
      case "inline": {
        const before = cursor.tokens[cursor.at - 1];
        if (before?.type === "heading_open") {
          lead();
          blocks.push(new docx.Paragraph({ children: inlineRuns(ctx, t, { bold: true }), keepNext: true }));
        } else paragraph(inlineRuns(ctx, t));
        break;
      }
      // A heading inside a text is set in bold (above): the document's own headings make its outline.
      case "code_block":
      case "fence":
        lead();
        for (const line of t.content.replace(/\n$/, "").split("\n")) {
          blocks.push(new docx.Paragraph({ children: [new docx.TextRun({ text: line, font: "Consolas" })] }));
        }
        break;
      case "hr":
        lead();
        blocks.push(new docx.Paragraph({ children: [], border: { bottom: { style: docx.BorderStyle.SINGLE, size: 6, color: "999999", space: 1 } } }));
        break;
      case "table_open":
        lead();
        blocks.push(table(ctx, cursor));
        break;
      case "html_block":
        skipBlock(cursor);
        break;
      default:
        break;
    }
  }
  return blocks;
}
