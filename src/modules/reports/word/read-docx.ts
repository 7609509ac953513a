/** For tests: a .docx file read back as the XML of its parts, its paragraphs with their styles, and its table rows. */
import JSZip from "jszip";

/** The parts of a .docx that the tests read. */
export async function readDocx(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  const headers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n)).map(text));
  const footers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(text));
  return { zip, document: await text("word/document.xml"), styles: await text("word/styles.xml"), headers: headers.join(""), footers: footers.join(""), files: Object.keys(zip.files) };
}

/** The text of each paragraph of a document part, with its style. */
export function paragraphs(xml: string): { style: string | null; text: string }[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    text: unescape([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("")),
  }));
}

/** The rows of each table (outermost tables and nested ones alike), each row as its cells' text. */
export function tableRows(xml: string): { header: boolean; cantSplit: boolean; cells: string[] }[] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([row]) => ({
    header: row.includes("<w:tblHeader/>") || row.includes('<w:tblHeader w:val="true"/>'),
    cantSplit: row.includes("<w:cantSplit/>") || row.includes('<w:cantSplit w:val="true"/>'),
    cells: [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cell]) => [...cell.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("")).map(unescape),
  }));
}

export const unescape = (s: string) => s.replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&apos;", "'");


/** Paragraph styles the document uses that its styles part does not define (Word would fall back to Normal). */
export function undefinedStyles(doc: { document: string; styles: string }): string[] {
  const defined = new Set([...doc.styles.matchAll(/w:styleId="([^"]+)"/g)].map((m) => m[1]));
  return [...new Set([...doc.document.matchAll(/<w:pStyle w:val="([^"]+)"/g)].map((m) => m[1]!))].filter((s) => !defined.has(s));
}
