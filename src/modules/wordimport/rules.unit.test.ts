/** The rules of reading a Word document and proposing a plan from it, one by one, on small documents. */
import * as docx from "docx";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { cleanHeading, propose, roleOf, singular, splitCode } from "./propose.ts";
import { readDocx, type Table } from "./reader.ts";
import { parseXml, XmlError } from "./xml.ts";
import { DocxFileError } from "./zip.ts";

const NUM = "nummers";
const BUL = "bullets";
async function write(children: (docx.Paragraph | docx.Table | docx.Textbox)[], footnotes: Record<number, { children: docx.Paragraph[] }> = {}): Promise<Uint8Array> {
  const document = new docx.Document({
    numbering: {
      config: [
        { reference: NUM, levels: [{ level: 0, format: docx.LevelFormat.DECIMAL, text: "%1." }, { level: 1, format: docx.LevelFormat.LOWER_LETTER, text: "%1%2" }] },
        { reference: BUL, levels: [0, 1].map((level) => ({ level, format: docx.LevelFormat.BULLET, text: "•" })) },
      ],
    },
    footnotes,
    sections: [{ children }],
  });
  return new Uint8Array(await docx.Packer.toBuffer(document));
}
const p = (text: string, options: Partial<docx.IParagraphOptions> = {}) => new docx.Paragraph({ children: [new docx.TextRun(text)], ...options });
const h = (level: 1 | 2 | 3, text: string) => p(text, { heading: [docx.HeadingLevel.HEADING_1, docx.HeadingLevel.HEADING_2, docx.HeadingLevel.HEADING_3][level - 1]! });
const cell = (children: docx.Paragraph[], options: Partial<docx.ITableCellOptions> = {}) => new docx.TableCell({ children, ...options });
const row = (...cells: docx.TableCell[]) => new docx.TableRow({ children: cells });
const details = { owners: ["ppo-nk"], period: { label: "2023", start: "2023-01-01", end: "2023-12-31" } };

describe("the reader", () => {
  it("puts merged cells on the grid: one cell over two columns, one over two rows", async () => {
    const bytes = await write([
      new docx.Table({
        rows: [
          row(cell([p("Wat")]), cell([p("Wie")]), cell([p("Wanneer")])),
          row(cell([p("Groep A")], { columnSpan: 3 })),
          row(cell([p("1. Eerste")]), cell([p("Team")], { verticalMerge: docx.VerticalMergeType.RESTART }), cell([p("Mei")])),
          row(cell([p("2. Tweede")]), cell([], { verticalMerge: docx.VerticalMergeType.CONTINUE }), cell([p("Juni")])),
        ],
      }),
    ]);
    const table = (await readDocx(bytes)).blocks[0] as Table;
    expect(table.columns).toBe(3);
    expect(table.rows[1]!.cells[0]).toBe(table.rows[1]!.cells[2]);
    expect(table.rows[1]!.cells[0]!.colSpan).toBe(3);
    expect(table.rows[2]!.cells[1]).toBe(table.rows[3]!.cells[1]);
    expect(table.rows[2]!.cells[1]!.rowSpan).toBe(2);
    expect(table.rows[3]!.cells[2]!.text).toBe("Juni");
  });

  it("numbers lists as Word shows them, nested levels included, and knows bullets", async () => {
    const bytes = await write([
      p("Een", { numbering: { reference: NUM, level: 0 } }),
      p("Twee", { numbering: { reference: NUM, level: 0 } }),
      p("Twee a", { numbering: { reference: NUM, level: 1 } }),
      p("Twee b", { numbering: { reference: NUM, level: 1 } }),
      p("Drie", { numbering: { reference: NUM, level: 0 } }),
      p("Punt", { numbering: { reference: BUL, level: 0 } }),
      p("Subpunt", { numbering: { reference: BUL, level: 1 } }),
    ]);
    const lists = (await readDocx(bytes)).blocks.map((b) => (b.kind === "paragraph" ? b.list : undefined));
    expect(lists.map((l) => l?.label)).toEqual(["1.", "2.", "2a", "2b", "3.", undefined, undefined]);
    expect(lists.map((l) => l?.level)).toEqual([0, 0, 1, 1, 0, 0, 1]);
    expect(lists[5]!.ordered).toBe(false);
  });

  it("reads footnotes with their marks, headings with their level and italics", async () => {
    const bytes = await write(
      [
        new docx.Paragraph({ heading: docx.HeadingLevel.TITLE, children: [new docx.TextRun("Jaarplan 2023")] }),
        h(2, "Kop twee"),
        new docx.Paragraph({ children: [new docx.TextRun("Tekst"), new docx.FootnoteReferenceRun(1)] }),
        new docx.Paragraph({ children: [new docx.TextRun({ text: "schuin", italics: true })] }),
      ],
      { 1: { children: [p("De bron van de tekst.")] } },
    );
    const doc = await readDocx(bytes);
    const [title, heading, text, italic] = doc.blocks as { text: string; heading?: number; title?: boolean; italic: boolean }[];
    expect(title!.title).toBe(true);
    expect(heading!.heading).toBe(2);
    expect(text!.text).toBe("Tekst¹");
    expect(italic!.italic).toBe(true);
    expect(doc.footnotes).toEqual([{ mark: "¹", text: "De bron van de tekst." }]);
  });

  it("lists pictures and text boxes with their place and text, never drops them silently", async () => {
    const png = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
    const bytes = await write([
      h(1, "Inleiding"),
      new docx.Paragraph({ children: [new docx.ImageRun({ type: "png", data: png, transformation: { width: 10, height: 10 } })] }),
      new docx.Textbox({ style: { width: "200pt", height: "50pt" }, children: [p("Tekst in een kader")] }),
    ]);
    const doc = await readDocx(bytes);
    expect(doc.unreadable.map((u) => u.what)).toEqual(["Afbeelding of tekening", "Tekstvak of tekening met tekst: 'Tekst in een kader'"]);
    expect(doc.unreadable[0]!.place).toBe("na 'Inleiding'");
  });

  it("refuses what is no Word document, with a Dutch message", async () => {
    await expect(readDocx(new Uint8Array())).rejects.toThrow(new DocxFileError("Het bestand is leeg."));
    await expect(readDocx(new TextEncoder().encode("title: plan\n"))).rejects.toThrow(/geen Word-bestand/);
    const zip = new JSZip();
    zip.file("iets.txt", "hallo");
    await expect(readDocx(await zip.generateAsync({ type: "uint8array" }))).rejects.toThrow(/geen Word-bestand/);
    const empty = await write([p("")]);
    await expect(readDocx(empty)).rejects.toThrow(/leeg/);
  });

  it("refuses a zip that would unpack into more than 60 MB (a zip bomb) before unpacking it", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document/>");
    zip.file("word/vulling.xml", "0".repeat(61 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(readDocx(bomb)).rejects.toThrow(/meer dan 60 MB/);
  });

  it("never unpacks more than a part promised, also when the zip's directory lies about its size", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", `<w:document>${" ".repeat(20 * 1024 * 1024)}</w:document>`);
    const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The central directory entry (signature 0x02014b50) claims 1 000 bytes unpacked.
    for (let i = bytes.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 1000, true);
        break;
      }
    }
    await expect(readDocx(bytes)).rejects.toThrow(/beschadigd/);
  });

  it("reads XML strictly: no document type declarations, no unknown entities", () => {
    expect(parseXml('<a x="1 &amp; 2">t&lt;<b/></a>')).toEqual({ name: "a", attrs: { x: "1 & 2" }, children: ["t<", { name: "b", attrs: {}, children: [] }] });
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(XmlError);
    expect(() => parseXml("<a><b></a>")).toThrow(XmlError);
  });
});

describe("the words of a plan", () => {
  it.each([
    ["1.2 Vormen en uitdragen", { code: "1.2", title: "Vormen en uitdragen" }],
    ["2.2* Normaliseren", { code: "2.2", mark: "*", title: "Normaliseren" }],
    ["Speerpunt 1: Integrale aanpak", { word: "Speerpunt", code: "1", title: "Integrale aanpak" }],
    ["Thema A Transitiemomenten als kans", { word: "Thema", code: "A", title: "Transitiemomenten als kans" }],
    ["Binnen 3 maanden is er een aanbod", { title: "Binnen 3 maanden is er een aanbod" }],
    ["A. Eerste", { title: "A. Eerste" }],
  ])("splits %s", (text, expected) => expect(splitCode(text)).toEqual(expected));

  it("maps column headings to fields by their words", () => {
    expect(["Wie", "Betrokkene(n)", "Trekkers", "Wanneer", "Planning", "Budget (Begrotingsonderdeel)", "Hoofdactiviteit(en)", "Subactiviteit(en)", "Activiteiten 2025-2026", "Monitoring", "Indicator"].map(roleOf)).toEqual([
      "parties", "parties", "parties", "when", "when", "budget", "children", "grandchildren", "steps", undefined, undefined,
    ]);
    expect(cleanHeading("Indicator (Hoe meten we dat?)")).toBe("Indicator");
    expect(["Ambities 2025-2028", "Doelen", "Speerpunten", "Acties", "Stappen", "Thema's", "Activiteiten"].map(singular)).toEqual(["Ambitie", "Doel", "Speerpunt", "Actie", "Stap", "Thema", "Activiteit"]);
  });
});

describe("the proposer", () => {
  const table = () =>
    new docx.Table({
      rows: [
        row(cell([p("Actie")]), cell([p("Activiteiten")]), cell([p("Wie")]), cell([p("Wanneer")]), cell([p("Risico's")])),
        row(
          cell([p("1.1 Samen leren")]),
          cell([p("Toelichting vooraf"), p("Inventariseren", { numbering: { reference: NUM, level: 0, instance: 1 } }), p("Afspreken", { numbering: { reference: NUM, level: 0, instance: 1 } }), p("Eerst dit", { numbering: { reference: NUM, level: 1, instance: 1 } })]),
          cell([p("1. Team A"), p("2. Team B")]),
          cell([p("Heel het jaar"), p("2a. Maart")]),
          cell([p("Te weinig tijd")]),
        ),
      ],
    });

  it("makes items of a table's rows, steps of numbered lines, and gives each step its own wie and wanneer", async () => {
    const proposal = propose(await readDocx(await write([h(1, "Thema 1: Samen"), p("Opgave: iets doen"), table()])), details);
    const theme = proposal.plan.items[0]!;
    expect(theme).toMatchObject({ code: "1", title: "Samen", sections: [{ title: "Opgave", text: "iets doen" }] });
    const action = theme.children[0]!;
    expect(action).toMatchObject({ code: "1.1", title: "Samen leren", when: "Heel het jaar" });
    expect(action.sections).toEqual([{ title: "Activiteiten", text: "Toelichting vooraf" }, { title: "Risico's", text: "Te weinig tijd" }]);
    expect(action.children.map((c) => [c.code, c.title, c.parties[0]?.role])).toEqual([["1", "Inventariseren", "Team A"], ["2", "Afspreken", "Team B"]]);
    expect(action.children[1]!.children[0]).toMatchObject({ code: "2a", title: "Eerst dit", when: "Maart" });
    expect(proposal.levels.map((l) => l.name)).toEqual(["Thema", "Actie", "Activiteit", "Deelactiviteit"]);
    // The unknown column is listed as a text under its heading, so the editor sees it.
    expect(proposal.columns.find((c) => c.heading === "Risico's")).toEqual({ heading: "Risico's", role: "section", reason: "onbekende kop: tekst onder die kop" });
  });

  it("follows the editor's mapping: a column ignored or made a field, a level renamed, a heading level made texts", async () => {
    const doc = await readDocx(await write([h(1, "Thema 1: Samen"), p("Opgave: iets doen"), table()]));
    const proposal = propose(doc, details, { columns: { "Risico's": "ignore", Wanneer: "budget" }, levels: { actie: "Ambitie" } });
    const action = proposal.plan.items[0]!.children[0]!;
    expect(action.sections.map((s) => s.title)).toEqual(["Activiteiten"]);
    expect(action.when).toBeUndefined();
    expect(action.budget).toBe("Heel het jaar");
    expect(proposal.levels[1]).toMatchObject({ key: "actie", name: "Ambitie", source: "gekozen door u" });
    const texts = propose(doc, details, { headings: { "1": "texts" } });
    expect(texts.plan.items).toEqual([]);
    expect(texts.plan.sections.map((s) => s.title)).toEqual(["Thema 1: Samen"]);
  });

  it("keeps one item over rows where its title cell is merged down, with a child per row", async () => {
    const bytes = await write([
      h(1, "Speerpunt 1: Samen"),
      new docx.Table({
        rows: [
          row(cell([p("Doel")]), cell([p("Hoofdactiviteit(en)")]), cell([p("Subactiviteit(en)")])),
          row(cell([p("Goed samenwerken")], { verticalMerge: docx.VerticalMergeType.RESTART }), cell([p("Netwerk")]), cell([p("Bijeenkomsten", { numbering: { reference: BUL, level: 0 } }), p("Kennis delen", { numbering: { reference: BUL, level: 0 } })])),
          row(cell([], { verticalMerge: docx.VerticalMergeType.CONTINUE }), cell([p("Overleg")]), cell([p("Kwartaal", { numbering: { reference: BUL, level: 0 } })])),
        ],
      }),
    ]);
    const goal = propose(await readDocx(bytes), details).plan.items[0]!.children;
    expect(goal).toHaveLength(1);
    expect(goal[0]!.children.map((c) => [c.title, c.children.map((g) => g.title)])).toEqual([["Netwerk", ["Bijeenkomsten", "Kennis delen"]], ["Overleg", ["Kwartaal"]]]);
  });

  it("reads headings with only prose as the plan's texts, before and after its items", async () => {
    const bytes = await write([h(1, "Inleiding"), p("Welkom."), h(1, "Pijler 1 Samen"), h(2, "Ouders"), p("Doelstelling", { children: [new docx.TextRun({ text: "Doelstelling", bold: true })] }), p("Meer ouders."), p("Betrokkene(n)", { children: [new docx.TextRun({ text: "Betrokkene(n)", bold: true })] }), p("Consulent: gesprekken voeren.", { numbering: { reference: BUL, level: 0 } }), h(1, "Adres"), p("Straat 1")]);
    const plan = propose(await readDocx(bytes), details).plan;
    expect(plan.sections.map((s) => s.title)).toEqual(["Inleiding"]);
    expect(plan.closingSections).toEqual([{ title: "Adres", text: "Straat 1" }]);
    const item = plan.items[0]!.children[0]!;
    expect(item).toMatchObject({ title: "Ouders", sections: [{ title: "Doelstelling", text: "Meer ouders." }], parties: [{ role: "Consulent", task: "gesprekken voeren.", organisations: [] }] });
    expect(plan.items[0]).toMatchObject({ code: "1", title: "Samen" });
  });

  it("reads a document without headings whose plan is one table, and headings numbered by Word itself", async () => {
    const onlyTable = await write([
      p("Wat wij doen"),
      new docx.Table({ rows: [row(cell([p("Actie")]), cell([p("Wie")])), row(cell([p("1. Samen leren")]), cell([p("Team A")])), row(cell([p("2. Samen doen")]), cell([p("Team B")]))] }),
    ]);
    const flat = propose(await readDocx(onlyTable), details).plan;
    expect(flat.items.map((i) => [i.code, i.title, i.parties[0]?.role])).toEqual([["1", "Samen leren", "Team A"], ["2", "Samen doen", "Team B"]]);
    expect(flat.sections).toEqual([{ title: "Inleiding", text: "Wat wij doen" }]);
    expect(flat.layout.rowLevel).toBe(flat.levels[0]!.key);

    const numbered = await write([
      p("Samen", { heading: docx.HeadingLevel.HEADING_1, numbering: { reference: NUM, level: 0 } }),
      p("Trekkers: Team A, Team B"),
      p("Verder", { heading: docx.HeadingLevel.HEADING_1, numbering: { reference: NUM, level: 0 } }),
      p("Wie: Team C"),
    ]);
    const plan = propose(await readDocx(numbered), details).plan;
    expect(plan.items.map((i) => [i.code, i.title, i.parties.map((x) => x.role)])).toEqual([["1", "Samen", ["Team A", "Team B"]], ["2", "Verder", ["Team C"]]]);
  });

  it("reads a two-column table of labels (Doelstelling | …, Betrokkene(n) | …) as the texts and parties of its heading", async () => {
    const bytes = await write([
      h(1, "Pijler 1 Samen"),
      h(2, "Ouderpunt"),
      new docx.Table({
        rows: [
          row(cell([p("Doelstelling")]), cell([p("Meer ouders bereiken.")])),
          row(cell([p("Wanneer")]), cell([p("Voorjaar 2024")])),
          row(cell([p("Betrokkene(n)")]), cell([p("Projectleider: gesprekken voeren.", { numbering: { reference: BUL, level: 0 } })])),
        ],
      }),
    ]);
    const item = propose(await readDocx(bytes), details).plan.items[0]!.children[0]!;
    expect(item).toMatchObject({ title: "Ouderpunt", when: "Voorjaar 2024", sections: [{ title: "Doelstelling", text: "Meer ouders bereiken." }], parties: [{ role: "Projectleider", task: "gesprekken voeren." }] });
    expect(item.children).toEqual([]);
  });
});
