/**
 * What every Word document of Koers shares: the docx library loaded on first use, headings in
 * Word's own styles (Kop 1, Kop 2, … so that Word builds a table of contents and a navigation
 * pane from them), tables whose header row repeats on each page and whose rows stay whole,
 * and the page frame: the document's title in the header, page numbers in the footer.
 */
import type * as DocxModule from "docx";
import { listNumbering, textRuns, wordContext, type Docx, type WordContext } from "./markdown.ts";

export type Block = DocxModule.Paragraph | DocxModule.Table;

/** docx is loaded when a document is made, not with every page of Koers that never needs it. */
export async function loadDocx(): Promise<WordContext> {
  return wordContext(await import("docx"));
}

const HEADINGS = ["HEADING_1", "HEADING_2", "HEADING_3", "HEADING_4", "HEADING_5", "HEADING_6"] as const;

/** A heading at `level` (1 for Kop 1), at most Kop 6. */
export function heading(ctx: WordContext, level: number, runs: DocxModule.TextRun[] | string): DocxModule.Paragraph {
  const { docx } = ctx;
  const key = HEADINGS[Math.min(Math.max(level, 1), HEADINGS.length) - 1]!;
  return new docx.Paragraph({
    heading: docx.HeadingLevel[key],
    keepNext: true,
    children: typeof runs === "string" ? textRuns(ctx, runs) : runs,
  });
}

/** "1.2 Title": the code in bold, then the title. */
export function codeAndTitle(ctx: WordContext, code: string | null, title: string, prefix?: string): DocxModule.TextRun[] {
  const { docx } = ctx;
  return [
    ...(prefix ? [new docx.TextRun({ text: `${prefix} ` })] : []),
    ...(code ? [new docx.TextRun({ text: `${code} `, bold: true })] : []),
    new docx.TextRun({ text: title }),
  ];
}

/** A paragraph of plain text; "Label: text" when given a label (the label in bold). */
export function para(ctx: WordContext, text: string, label?: string): DocxModule.Paragraph {
  const { docx } = ctx;
  return new docx.Paragraph({
    children: [...(label ? [new docx.TextRun({ text: `${label}: `, bold: true })] : []), ...textRuns(ctx, text)],
  });
}

/** A label above what follows (a section's title): bold, kept with the text after it. */
export function label(ctx: WordContext, text: string): DocxModule.Paragraph {
  return new ctx.docx.Paragraph({ keepNext: true, children: textRuns(ctx, text, { bold: true }) });
}

/** A table cell must hold at least one paragraph. */
function cellContent(ctx: WordContext, blocks: Block[]): Block[] {
  return blocks.length > 0 && blocks.at(-1) instanceof ctx.docx.Paragraph ? blocks : [...blocks, new ctx.docx.Paragraph({ children: [] })];
}

/**
 * A table over the page's width: the header row bold, shaded and repeated on every page,
 * no row split over two pages. Cells are text or Word content.
 */
export function table(ctx: WordContext, headers: string[], rows: (string | Block[])[][], widths?: number[]): DocxModule.Table {
  const { docx } = ctx;
  const cell = (content: string | Block[], header: boolean, column: number) =>
    new docx.TableCell({
      children: cellContent(ctx, typeof content === "string" ? [new docx.Paragraph({ children: textRuns(ctx, content, { bold: header }) })] : content),
      ...(header ? { shading: { type: docx.ShadingType.CLEAR, fill: "E8EEF4", color: "auto" } } : {}),
      ...(widths ? { width: { size: widths[column]!, type: docx.WidthType.PERCENTAGE } } : {}),
    });
  return new docx.Table({
    width: { size: 100, type: docx.WidthType.PERCENTAGE },
    rows: [
      new docx.TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, true, i)) }),
      ...rows.map((row) => new docx.TableRow({ cantSplit: true, children: row.map((c, i) => cell(c, false, i)) })),
    ],
  });
}

/** Facts of one thing, a label and its content per row, without a header row: "Wie", "Wanneer", "Budget". */
export function factTable(ctx: WordContext, rows: [string, Block[]][]): DocxModule.Table {
  const { docx } = ctx;
  return new docx.Table({
    width: { size: 100, type: docx.WidthType.PERCENTAGE },
    rows: rows.map(
      ([name, content]) =>
        new docx.TableRow({
          cantSplit: true,
          children: [
            new docx.TableCell({
              width: { size: 25, type: docx.WidthType.PERCENTAGE },
              shading: { type: docx.ShadingType.CLEAR, fill: "F3F3F3", color: "auto" },
              children: [new docx.Paragraph({ children: textRuns(ctx, name, { bold: true }) })],
            }),
            new docx.TableCell({ width: { size: 75, type: docx.WidthType.PERCENTAGE }, children: cellContent(ctx, content) }),
          ],
        }),
    ),
  });
}

/** The document: A4, the title in every page's header, "Pagina 3 van 12" in the footer. */
export function document(ctx: WordContext, meta: { title: string; description?: string | undefined }, children: Block[]): DocxModule.Document {
  const { docx } = ctx;
  return new docx.Document({
    creator: "Koers",
    title: meta.title,
    ...(meta.description ? { description: meta.description } : {}),
    numbering: listNumbering(docx),
    styles: {
      default: { document: { run: { font: "Calibri", size: 22 } } },
      // docx defines Title and the headings, not Word's Subtitle (Ondertitel).
      paragraphStyles: [
        { id: "Subtitle", name: "Subtitle", basedOn: "Normal", next: "Normal", quickFormat: true, run: { size: 28, color: "4B4B4B" }, paragraph: { spacing: { after: 240 } } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1200, bottom: 1200, left: 1200, right: 1200 } } },
        headers: {
          default: new docx.Header({
            children: [new docx.Paragraph({ alignment: docx.AlignmentType.RIGHT, children: [new docx.TextRun({ text: meta.title, size: 18, color: "4B4B4B" })] })],
          }),
        },
        footers: {
          default: new docx.Footer({
            children: [
              new docx.Paragraph({
                alignment: docx.AlignmentType.CENTER,
                children: [new docx.TextRun({ size: 18, children: ["Pagina ", docx.PageNumber.CURRENT, " van ", docx.PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export async function pack(ctx: WordContext, doc: DocxModule.Document): Promise<Uint8Array> {
  return new Uint8Array(await ctx.docx.Packer.toArrayBuffer(doc));
}

export type { Docx, WordContext };
