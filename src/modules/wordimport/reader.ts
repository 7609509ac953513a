/**
 * Reads a Word document (.docx) into a neutral model: headings with their level,
 * paragraphs with their numbering as Word shows it ("1.", "3a", "•"), tables with
 * merged cells resolved onto a grid, footnotes, italics. What it cannot read
 * (pictures, text boxes, embedded objects, charts, comments) is listed in
 * `unreadable` with its place, never dropped silently.
 *
 * The parts are unpacked by zip.ts (with Node's zlib, never beyond the sizes the file
 * promised) and read by the small strict XML reader in xml.ts.
 */
import { descendants, elements, parseXml, textContent, XmlError, type XmlElement } from "./xml.ts";
import { DocxFileError, readEntry, zipEntries } from "./zip.ts";

export interface ListInfo {
  /** 0 for the outermost level. */
  level: number;
  ordered: boolean;
  /** The number as Word shows it ("1.", "a.", "3.2"); absent for bullets. */
  label?: string | undefined;
  /** Which list the paragraph belongs to (numbering instance). */
  list: string;
}

export interface Paragraph {
  kind: "paragraph";
  text: string;
  italic: boolean;
  bold: boolean;
  /** 1-9 for headings (Heading 1 / Kop 1 or an outline level); absent for body text. */
  heading?: number | undefined;
  /** The document's title (style Title / Titel). */
  title?: boolean | undefined;
  list?: ListInfo | undefined;
  style?: string | undefined;
  /** Footnote marks referenced in this paragraph. */
  notes: string[];
}

export interface Cell {
  blocks: Block[];
  text: string;
  colSpan: number;
  rowSpan: number;
  /** Grid position of the cell's top-left corner. */
  row: number;
  col: number;
}

export interface Row {
  header: boolean;
  /** One entry per grid column; a merged cell appears in every position it covers (the same object). */
  cells: (Cell | undefined)[];
}

export interface Table {
  kind: "table";
  columns: number;
  rows: Row[];
}

export type Block = Paragraph | Table;

export interface Footnote {
  mark: string;
  text: string;
}

export interface Unreadable {
  /** Where in the document: "na 'Thema 1 …'", "tabel 2, rij 3". */
  place: string;
  /** What it is and, where there is any, its text. */
  what: string;
}

export interface WordDocument {
  blocks: Block[];
  footnotes: Footnote[];
  unreadable: Unreadable[];
}

const W = "w:";

type Element = XmlElement;
const children = (node: Element | undefined, name?: string): Element[] => elements(node, name);
const child = (node: Element | undefined, name: string) => children(node, name)[0];
const val = (node: Element | undefined, attr = "w:val") => node?.attrs[attr];
const on = (node: Element | undefined) => node !== undefined && !["0", "false", "off"].includes(val(node) ?? "true");

interface StyleInfo {
  name: string;
  basedOn?: string | undefined;
  outline?: number | undefined;
  numId?: string | undefined;
  ilvl?: number | undefined;
  italic?: boolean | undefined;
}

interface LevelDef {
  start: number;
  format: string;
  text: string;
}

const superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const superscript = (n: number) => String(n).split("").map((d) => superscripts[Number(d)]).join("");

function roman(n: number): string {
  const table: [number, string][] = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
  let out = "";
  for (const [v, s] of table) while (n >= v) {
    out += s;
    n -= v;
  }
  return out;
}
function letters(n: number): string {
  let out = "";
  while (n > 0) {
    out = String.fromCharCode(97 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
function formatNumber(n: number, format: string): string {
  switch (format) {
    case "lowerLetter": return letters(n);
    case "upperLetter": return letters(n).toUpperCase();
    case "lowerRoman": return roman(n);
    case "upperRoman": return roman(n).toUpperCase();
    case "none": return "";
    default: return String(n);
  }
}

/** Reads .docx bytes; throws DocxFileError with a Dutch message for files that are no readable Word document. */
export async function readDocx(bytes: Uint8Array): Promise<WordDocument> {
  const entries = zipEntries(bytes);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const unreadable: Unreadable[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const part = async (name: string): Promise<Element | undefined> => {
    const entry = byName.get(name);
    if (!entry) return undefined;
    let text: string;
    try {
      text = decoder.decode(readEntry(bytes, entry));
    } catch (error) {
      if (error instanceof DocxFileError) throw error;
      throw new DocxFileError(`Een deel van dit Word-bestand (${name}) is geen geldige tekst (UTF-8).`);
    }
    try {
      return parseXml(text);
    } catch (error) {
      if (error instanceof XmlError) throw new DocxFileError(`Een deel van dit Word-bestand (${name}) is geen geldige XML: ${error.message}.`);
      throw error;
    }
  };
  const document = await part("word/document.xml");
  const body = child(document, `${W}body`);
  if (!body) throw new DocxFileError("Dit Word-bestand heeft geen inhoud.");

  // Styles: names, outline levels, numbering and italics by style.
  const styles = new Map<string, StyleInfo>();
  for (const s of children(await part("word/styles.xml"), `${W}style`)) {
    const id = s.attrs["w:styleId"];
    if (!id) continue;
    const pPr = child(s, `${W}pPr`);
    const numPr = child(pPr, `${W}numPr`);
    const outline = val(child(pPr, `${W}outlineLvl`));
    styles.set(id, {
      name: val(child(s, `${W}name`)) ?? id,
      basedOn: val(child(s, `${W}basedOn`)),
      outline: outline === undefined ? undefined : Number(outline),
      numId: val(child(numPr, `${W}numId`)),
      ilvl: val(child(numPr, `${W}ilvl`)) === undefined ? undefined : Number(val(child(numPr, `${W}ilvl`))),
      italic: child(child(s, `${W}rPr`), `${W}i`) ? on(child(child(s, `${W}rPr`), `${W}i`)) : undefined,
    });
  }
  const styleChain = (id: string | undefined): StyleInfo[] => {
    const out: StyleInfo[] = [];
    const seen = new Set<string>();
    while (id && !seen.has(id) && styles.has(id)) {
      seen.add(id);
      const s = styles.get(id)!;
      out.push(s);
      id = s.basedOn;
    }
    return out;
  };

  // Numbering: levels per abstract numbering, instances with their overrides.
  const abstracts = new Map<string, Map<number, LevelDef>>();
  const nums = new Map<string, { abstract: string; starts: Map<number, number> }>();
  const numberingRoot = await part("word/numbering.xml");
  for (const a of children(numberingRoot, `${W}abstractNum`)) {
    const levels = new Map<number, LevelDef>();
    for (const l of children(a, `${W}lvl`)) {
      levels.set(Number(l.attrs["w:ilvl"] ?? "0"), {
        start: Number(val(child(l, `${W}start`)) ?? "1"),
        format: val(child(l, `${W}numFmt`)) ?? "decimal",
        text: val(child(l, `${W}lvlText`)) ?? "",
      });
    }
    abstracts.set(a.attrs["w:abstractNumId"] ?? "", levels);
  }
  for (const n of children(numberingRoot, `${W}num`)) {
    const starts = new Map<number, number>();
    for (const o of children(n, `${W}lvlOverride`)) {
      const s = val(child(o, `${W}startOverride`));
      if (s !== undefined) starts.set(Number(o.attrs["w:ilvl"] ?? "0"), Number(s));
    }
    nums.set(n.attrs["w:numId"] ?? "", { abstract: val(child(n, `${W}abstractNumId`)) ?? "", starts });
  }
  const counters = new Map<string, number[]>();
  const numberParagraph = (numId: string, ilvl: number): ListInfo | undefined => {
    const num = nums.get(numId);
    if (!num || numId === "0") return undefined;
    const levels = abstracts.get(num.abstract);
    const def = levels?.get(ilvl);
    if (!levels || !def) return undefined;
    // Instances that restart their numbering count on their own; others continue their abstract list.
    const key = num.starts.size > 0 ? `n${numId}` : `a${num.abstract}`;
    const count = counters.get(key) ?? [];
    const startOf = (l: number) => num.starts.get(l) ?? levels.get(l)?.start ?? 1;
    count[ilvl] = count[ilvl] === undefined ? startOf(ilvl) : count[ilvl]! + 1;
    count.length = ilvl + 1;
    counters.set(key, count);
    if (def.format === "bullet") return { level: ilvl, ordered: false, list: key };
    const label = def.text.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      return formatNumber(count[l] ?? startOf(l), levels.get(l)?.format ?? "decimal");
    }).trim();
    return { level: ilvl, ordered: true, label: label || undefined, list: key };
  };

  // Footnotes.
  const footnoteTexts = new Map<string, string>();
  for (const f of children(await part("word/footnotes.xml"), `${W}footnote`)) {
    const type = f.attrs["w:type"];
    if (type === "separator" || type === "continuationSeparator" || type === "continuationNotice") continue;
    footnoteTexts.set(f.attrs["w:id"] ?? "", children(f, `${W}p`).map((p) => runsText(p, true).text.trim()).filter(Boolean).join("\n"));
  }
  const footnotes: Footnote[] = [];
  let noteNumber = 0;

  let lastText = "";
  const place = () => (lastText ? `na '${lastText.length > 60 ? `${lastText.slice(0, 57)}…` : lastText}'` : "aan het begin van het document");
  const skipped = (what: string, text = "") => unreadable.push({ place: place(), what: text ? `${what}: '${text.length > 200 ? `${text.slice(0, 197)}…` : text}'` : what });

  /** The text of a paragraph's runs, with italics and bold when every visible run has them. */
  function runsText(p: Element, inNote = false, notes: string[] = []) {
    let text = "";
    let visible = 0;
    let italic = 0;
    let bold = 0;
    const walk = (node: Element) => {
      for (const c of children(node)) {
        switch (c.name) {
          case `${W}r`: {
            const rPr = child(c, `${W}rPr`);
            const isItalic = on(child(rPr, `${W}i`));
            const isBold = on(child(rPr, `${W}b`));
            let customMark = false;
            for (const r of children(c)) {
              if (r.name === `${W}t`) {
                const t = textContent(r);
                if (customMark) {
                  customMark = false;
                  continue;
                }
                text += t;
                if (t.trim()) {
                  visible += t.length;
                  if (isItalic) italic += t.length;
                  if (isBold) bold += t.length;
                }
              } else if (r.name === `${W}tab`) text += "\t";
              else if (r.name === `${W}br` || r.name === `${W}cr`) text += "\n";
              else if (r.name === `${W}noBreakHyphen`) text += "‑";
              else if (r.name === `${W}footnoteReference` && !inNote) {
                const id = r.attrs["w:id"] ?? "";
                let mark: string;
                const custom = r.attrs["w:customMarkFollows"];
                if (custom === "1" || custom === "true" || custom === "on") {
                  const following = children(c).slice(children(c).indexOf(r) + 1).find((x) => x.name === `${W}t`);
                  mark = following ? textContent(following) : "*";
                  customMark = true;
                } else mark = superscript(++noteNumber);
                text += mark;
                notes.push(mark);
                footnotes.push({ mark, text: footnoteTexts.get(id) ?? "" });
              } else if (r.name === `${W}endnoteReference`) skipped("Eindnoot (eindnoten leest Koers niet in)");
              else if (r.name === `${W}drawing` || r.name === `${W}pict` || r.name === "mc:AlternateContent") {
                const boxText = textOf(r);
                skipped(boxText ? "Tekstvak of tekening met tekst" : "Afbeelding of tekening", boxText);
              } else if (r.name === `${W}object`) skipped("Ingesloten object (bijvoorbeeld een Excel-tabel of grafiek)");
            }
            break;
          }
          case `${W}hyperlink`:
          case `${W}ins`:
          case `${W}smartTag`:
          case `${W}fldSimple`:
          case `${W}customXml`:
          case `${W}sdt`:
          case `${W}sdtContent`:
            walk(c);
            break;
          case "mc:AlternateContent": {
            const boxText = textOf(c);
            skipped(boxText ? "Tekstvak of tekening met tekst" : "Afbeelding of tekening", boxText);
            break;
          }
          case `${W}commentRangeStart`:
            break;
          default:
            break;
        }
      }
    };
    walk(p);
    return { text, italic: visible > 0 && italic === visible, bold: visible > 0 && bold === visible };
  }

  /** All text inside an element (for text boxes that are listed, not read). */
  function textOf(node: Element): string {
    return descendants(node, `${W}p`)
      .map((p) => descendants(p, `${W}t`).map(textContent).join(""))
      .filter((t) => t.trim())
      .join(" / ")
      .trim();
  }

  function readParagraph(p: Element): Paragraph {
    const pPr = child(p, `${W}pPr`);
    const styleId = val(child(pPr, `${W}pStyle`));
    const chain = styleChain(styleId);
    const styleName = chain[0]?.name;
    const notes: string[] = [];
    const runs = runsText(p, false, notes);
    let heading: number | undefined;
    let title = false;
    for (const s of chain) {
      const m = /^(?:heading|kop)\s*(\d)$/i.exec(s.name);
      if (m) {
        heading = Number(m[1]);
        break;
      }
      if (/^(title|titel)$/i.test(s.name)) {
        title = true;
        break;
      }
      if (s.outline !== undefined && s.outline < 9) {
        heading = s.outline + 1;
        break;
      }
    }
    const outline = val(child(pPr, `${W}outlineLvl`));
    if (outline !== undefined && Number(outline) < 9) heading = Number(outline) + 1;
    const numPr = child(pPr, `${W}numPr`);
    let numId = val(child(numPr, `${W}numId`));
    let ilvl = val(child(numPr, `${W}ilvl`)) === undefined ? undefined : Number(val(child(numPr, `${W}ilvl`)));
    if (numId === undefined) {
      const styled = chain.find((s) => s.numId !== undefined);
      numId = styled?.numId;
      if (ilvl === undefined) ilvl = styled?.ilvl;
    }
    const list = numId !== undefined && runs.text.trim() ? numberParagraph(numId, ilvl ?? 0) : undefined;
    const styleItalic = chain.find((s) => s.italic !== undefined)?.italic ?? false;
    const paragraph: Paragraph = { kind: "paragraph", text: runs.text, italic: runs.italic || (styleItalic && runs.text.trim() !== ""), bold: runs.bold, notes };
    if (heading !== undefined) paragraph.heading = heading;
    if (title) paragraph.title = true;
    if (list) paragraph.list = list;
    if (styleName) paragraph.style = styleName;
    if (runs.text.trim()) lastText = runs.text.trim();
    return paragraph;
  }

  let tableNumber = 0;
  function readTable(tbl: Element): Table {
    tableNumber += 1;
    const rows: Row[] = [];
    let columns = children(child(tbl, `${W}tblGrid`), `${W}gridCol`).length;
    const open: (Cell | undefined)[] = [];
    children(tbl, `${W}tr`).forEach((tr, r) => {
      const trPr = child(tr, `${W}trPr`);
      const header = on(child(trPr, `${W}tblHeader`));
      const cells: (Cell | undefined)[] = [];
      let col = Number(val(child(trPr, `${W}gridBefore`)) ?? "0");
      const cellElements = [...children(tr, `${W}tc`), ...children(tr, `${W}sdt`).flatMap((s) => children(child(s, `${W}sdtContent`), `${W}tc`))];
      for (const tc of cellElements) {
        const tcPr = child(tc, `${W}tcPr`);
        const span = Math.max(1, Number(val(child(tcPr, `${W}gridSpan`)) ?? "1") || 1);
        const vMerge = child(tcPr, `${W}vMerge`);
        const continues = vMerge !== undefined && (val(vMerge) ?? "continue") === "continue";
        let cell: Cell;
        if (continues && open[col]) {
          cell = open[col]!;
          cell.rowSpan += 1;
          // Text typed into a continued cell still counts: add it to the merged cell.
          const extra = readBlocks(tc);
          if (extra.some((b) => b.kind === "table" || b.text.trim())) {
            cell.blocks.push(...extra);
            cell.text = blocksText(cell.blocks);
          }
        } else {
          const blocks = readBlocks(tc);
          cell = { blocks, text: blocksText(blocks), colSpan: span, rowSpan: 1, row: r, col };
        }
        for (let k = 0; k < span; k++) {
          cells[col + k] = cell;
          open[col + k] = cell;
        }
        col += span;
      }
      // Cells a row does not have end the vertical merges above them.
      for (let k = col; k < open.length; k++) open[k] = undefined;
      columns = Math.max(columns, cells.length);
      rows.push({ header, cells });
    });
    for (const row of rows) row.cells.length = columns;
    return { kind: "table", columns, rows };
  }

  function readBlocks(container: Element): Block[] {
    const out: Block[] = [];
    for (const c of children(container)) {
      switch (c.name) {
        case `${W}p`:
          out.push(readParagraph(c));
          break;
        case `${W}tbl`:
          out.push(readTable(c));
          break;
        case `${W}sdt`:
          out.push(...readBlocks(child(c, `${W}sdtContent`) ?? c));
          break;
        case `${W}customXml`:
        case `${W}ins`:
          out.push(...readBlocks(c));
          break;
        case `${W}altChunk`:
          skipped("Ingevoegd document (altChunk)");
          break;
        default:
          break;
      }
    }
    return out;
  }

  const blocks = readBlocks(body);
  if (!blocks.some((b) => b.kind === "table" || b.text.trim())) throw new DocxFileError("Dit Word-bestand is leeg: er staat geen tekst in.");
  if (byName.has("word/comments.xml")) unreadable.push({ place: "in het hele document", what: "Opmerkingen (opmerkingen in de kantlijn leest Koers niet in)" });
  // Headers and footers are page furniture (page numbers, titles): not part of the plan, but their text is listed.
  const furniture = new Set<string>();
  for (const e of entries.filter((x) => /^word\/(header|footer)\d*\.xml$/.test(x.name))) {
    const root = await part(e.name);
    const text = root ? textOf(root) : "";
    if (text) furniture.add(text);
  }
  for (const text of furniture) unreadable.push({ place: "kop- of voettekst", what: `Kop- of voettekst (niet in het plan overgenomen): '${text.slice(0, 200)}'` });
  return { blocks, footnotes, unreadable };
}

/** The plain text of blocks: paragraphs on their own lines, list numbers before their text. */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map((b) => (b.kind === "paragraph" ? `${b.list?.label ? `${b.list.label} ` : ""}${b.text}`.trim() : b.rows.map((r) => [...new Set(r.cells)].map((c) => c?.text ?? "").join(" | ")).join("\n")))
    .filter(Boolean)
    .join("\n");
}
