/**
 * Proposes a plan from a Word document read by reader.ts, by general rules:
 *
 * - Headings form the upper levels. A heading whose part holds plan structure (a table,
 *   labelled texts such as "Doelstelling" or "Wie", or headings below it that do) is an item;
 *   a heading with only prose is a text of the plan (before the first item: opening texts,
 *   after the last: closing texts).
 * - A heading's number and word become the item's code and the level's name: "Speerpunt 1:
 *   Integrale aanpak" is a Speerpunt with code 1; where one level mixes words ("Pijler 1",
 *   "Thema A") the word stays in the code and the level is "Pijler/thema".
 * - A table under an item holds the next level, one item per row; the first row holds the
 *   column headings. A row with one cell over the whole width is a group between the heading
 *   and the rows. A title cell merged over several rows is one item over those rows.
 * - Columns are mapped by their heading: wie/betrokkenen/trekkers → parties, wanneer/planning →
 *   when, budget/begroting/kosten → budget, hoofdactiviteit/acties → child items,
 *   subactiviteit/deelactiviteit → their children, activiteiten → a text whose numbered
 *   steps become child items, any other heading → a text under that heading. The first
 *   column is the title (its italic lines a text of their own, "Wat/hoe" → "Hoe").
 * - Numbered lines "2. …" in a wie, wanneer or budget cell belong to step 2 of that row.
 * - Footnotes become the plan's footnotes; a line "* …" below a table whose mark follows a
 *   code ("2.2*") is a footnote too.
 *
 * The editor can correct the mapping (a column's role, a level's name, whether a heading
 * level holds items) and the proposal is made again with it.
 */
import { slugFromText } from "../../lib/slug.ts";
import type { Block, Cell, Paragraph, Table, Unreadable, WordDocument } from "./reader.ts";

export const columnRoles = ["title", "section", "steps", "children", "grandchildren", "parties", "when", "budget", "ignore"] as const;
export type ColumnRole = (typeof columnRoles)[number];

export const columnRoleLabels: Record<ColumnRole, string> = {
  title: "titel (en code) van het onderdeel",
  section: "tekst onder de kop van de kolom",
  steps: "tekst; genummerde stappen worden onderdelen",
  children: "onderdelen een niveau lager",
  grandchildren: "onderdelen twee niveaus lager",
  parties: "wie (partijen)",
  when: "wanneer",
  budget: "budget",
  ignore: "niet overnemen",
};

/** What the editor may correct; everything left out is proposed by the rules. */
export interface MappingInput {
  /** Role per column heading (as the document writes it). */
  columns?: Record<string, ColumnRole>;
  /** Name per level key. */
  levels?: Record<string, string>;
  /** Per heading level (1 = Kop 1): "items" or "texts". */
  headings?: Record<string, "items" | "texts">;
}

export interface ProposedColumn {
  heading: string;
  role: ColumnRole;
  /** Why: "kop 'Wie'", "eerste kolom", "gekozen door u". */
  reason: string;
}

export interface ProposedLevel {
  key: string;
  name: string;
  plural?: string;
  /** Where the name comes from. */
  source: string;
}

export interface PlanDetails {
  slug?: string | undefined;
  title?: string | undefined;
  kind?: string | undefined;
  owners: string[];
  period: { label: string; start: string; end: string };
}

export interface ProposedItem {
  code?: string;
  level: string;
  title: string;
  sections: { title: string; text: string }[];
  parties: { role?: string; organisations: string[]; task?: string }[];
  when?: string;
  budget?: string;
  priority: boolean;
  topics: string[];
  links: never[];
  children: ProposedItem[];
}

export interface Proposal {
  /** The plan in the exchange format (not yet validated: the import checks it). */
  plan: Record<string, unknown> & {
    slug: string;
    title: string;
    status: string;
    published: boolean;
    items: ProposedItem[];
    levels: { key: string; name: string; plural?: string }[];
    sections: { title: string; text: string }[];
    closingSections: { title: string; text: string }[];
    footnotes: { mark: string; text: string }[];
    layout: { style: string; rowLevel: string; columns: { label: string; show: string[] }[] };
  };
  columns: ProposedColumn[];
  levels: ProposedLevel[];
  /** Heading levels in the document and whether they hold items. */
  headings: { level: number; role: "auto" | "items" | "texts"; example: string }[];
  unreadable: Unreadable[];
  /** Counts for the preview. */
  counts: { items: number; parties: number; when: number; budget: number };
}

// ---------------------------------------------------------------- words

const clean = (s: string) => s.replace(/\s+/g, " ").trim();
/** "Indicator (Hoe meten we dat?)" → "Indicator"; "Activiteiten 2025-2026" → "Activiteiten". */
export function cleanHeading(heading: string): string {
  const out = clean(heading.replace(/\([^)]*\)/g, " ").replace(/\b(19|20)\d\d(\s*[-–/]\s*(19|20)?\d\d)?\b/g, " ").replace(/[:*]+$/, ""));
  return out || clean(heading);
}

/** Dutch plural to singular, for level names from column headings: "Ambities" → "Ambitie". */
export function singular(word: string): string {
  const w = cleanHeading(word).replace(/\(en\)$|\(s\)$|\(n\)$/i, "");
  if (/'s$/.test(w)) return w.slice(0, -2);
  if (/ties$/i.test(w) || /ies$/i.test(w)) return w.slice(0, -1);
  if (/([bcdfghjklmnpqrstvwxz])\1en$/i.test(w)) return w.slice(0, -3);
  if (/iteiten$/i.test(w)) return w.slice(0, -2);
  if (/punten$|doelen$|ten$/i.test(w)) return w.slice(0, -2);
  if (/ers$|els$|ies$/i.test(w)) return w.slice(0, -1);
  return w;
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Role of a column or label by its words. */
export function roleOf(heading: string): ColumnRole | undefined {
  const h = cleanHeading(heading).toLowerCase();
  if (/^(wie|door wie|betrokkene|trekker|eigenaar|verantwoordelijk|uitvoerder|partner|partijen|kartrekker)/.test(h)) return "parties";
  if (/^(wanneer|planning|termijn|periode|tijdpad|deadline|looptijd|datum)/.test(h)) return "when";
  if (/^(budget|begroting|kosten|middelen|financi|dekking)/.test(h)) return "budget";
  if (/^(subactiviteit|deelactiviteit|deelstap|subacties)/.test(h)) return "grandchildren";
  if (/^(hoofdactiviteit|acties$|actie$|maatregel|stappen)/.test(h)) return "children";
  if (/activiteit|aanpak|uitvoering/.test(h)) return "steps";
  return undefined;
}

const codePattern = /^(?:([A-Z][\p{Ll}'’-]+)\s+)?(\d+(?:\.\d+)*[a-z]?|[A-Z](?=[\s.:)]))([*¹²³⁴⁵⁶⁷⁸⁹]*)[.:)]?\s+(\S.*)$/u;

/** "1.2 Titel" → code 1.2; "Speerpunt 1: Titel" → word Speerpunt, code 1; "2.2* Titel" → mark "*". */
export function splitCode(text: string, allowWord = true): { word?: string; code?: string; mark?: string; title: string } {
  const t = clean(text);
  const m = codePattern.exec(t);
  if (!m) return { title: t };
  const [, word, code, mark, title] = m;
  // "Pijler 1 Jongeren", "Speerpunt 1: Integrale aanpak"; not "Binnen 3 maanden is …".
  if (word && (!allowWord || !(/[.:)]$/.test(t.slice(0, t.length - title!.length).trim()) || /^\p{Lu}/u.test(title!)))) return { title: t };
  // A capital letter alone is a code only after a word ("Thema A").
  if (/^[A-Z]$/.test(code!) && !word) return { title: t };
  return { ...(word ? { word } : {}), code: code!, ...(mark ? { mark } : {}), title: title! };
}

/** "3." → "3"; "a)" → "a". */
const codeFromLabel = (label: string | undefined) => label?.replace(/[.)\s]+$/, "").replace(/^\(/, "");

// ---------------------------------------------------------------- structure

interface HeadingNode {
  paragraph?: Paragraph;
  level: number;
  blocks: Block[];
  children: HeadingNode[];
}

/**
 * A table of two columns whose first column holds short labels, one of which names a field
 * ("Doelstelling | …", "Betrokkene(n) | …"): the labelled texts of one item, not a list of items.
 */
export function isLabelTable(t: Table): boolean {
  if (t.columns !== 2 || t.rows.length < 2) return false;
  const labels = t.rows.map((r) => r.cells[0]);
  if (labels.some((c) => !c || c.text.includes("\n") || !c.text.trim() || c.text.trim().length > 40 || c.colSpan > 1)) return false;
  if (labels.some((c) => /^\s*(\d|[a-z][.)]\s)/.test(c!.text))) return false;
  const known = labels.filter((c) => roleOf(c!.text) !== undefined || /^(doel|resultaat|beoogd|omschrijving|toelichting|indicator|monitoring|opgave|aanpak)/i.test(cleanHeading(c!.text)));
  return known.length >= Math.max(2, Math.ceil(labels.length / 2));
}

/** A label table as the paragraphs it stands for: each label in bold, then its cell. */
function labelTableBlocks(t: Table): Block[] {
  return t.rows.flatMap((r) => [
    { kind: "paragraph" as const, text: clean(r.cells[0]!.text).replace(/:$/, ""), italic: false, bold: true, notes: [] },
    ...(r.cells[1]?.blocks ?? []),
  ]);
}

function headingTree(blocks: Block[]): HeadingNode {
  const root: HeadingNode = { level: 0, blocks: [], children: [] };
  const stack: HeadingNode[] = [root];
  for (const b of blocks.flatMap((x) => (x.kind === "table" && isLabelTable(x) ? labelTableBlocks(x) : [x]))) {
    if (b.kind === "paragraph" && b.heading !== undefined && b.text.trim()) {
      while (stack.length > 1 && stack.at(-1)!.level >= b.heading) stack.pop();
      const node: HeadingNode = { paragraph: b, level: b.heading, blocks: [], children: [] };
      stack.at(-1)!.children.push(node);
      stack.push(node);
    } else stack.at(-1)!.blocks.push(b);
  }
  return root;
}

/** A short paragraph entirely in bold, or "Label: text" with a short label. */
function labelOf(p: Paragraph): { label: string; rest: string } | undefined {
  if (p.list || p.heading !== undefined) return undefined;
  const text = clean(p.text);
  if (!text) return undefined;
  if (p.bold && text.length <= 80 && !/[.;]$/.test(text)) return { label: text.replace(/:$/, ""), rest: "" };
  const m = /^([A-Z][^:]{0,40}?):\s+(\S.*)$/su.exec(p.text.trim());
  if (m && m[1]!.split(/\s+/).length <= 4) return { label: clean(m[1]!), rest: m[2]! };
  return undefined;
}

function hasStructure(node: HeadingNode, forced: Record<string, "items" | "texts">): boolean {
  const forcedRole = forced[String(node.level)];
  if (forcedRole) return forcedRole === "items";
  if (node.blocks.some((b) => b.kind === "table" && b.columns >= 2 && b.rows.length >= 2)) return true;
  if (node.blocks.some((b) => b.kind === "paragraph" && labelOf(b) && roleOf(labelOf(b)!.label) !== undefined)) return true;
  return node.children.some((c) => hasStructure(c, forced));
}

/** Markdown text of paragraphs: list entries as "- " lines (numbered ones keep their number). */
function markdown(paragraphs: Paragraph[]): string {
  const lines: string[] = [];
  let previousList = false;
  for (const p of paragraphs) {
    const text = p.text.replace(/\s*\n\s*/g, " ").trim();
    if (!text) continue;
    if (p.list) {
      const indent = "  ".repeat(Math.min(p.list.level, 3));
      lines.push(`${previousList ? "" : lines.length ? "\n" : ""}${indent}${p.list.ordered && p.list.label ? `${p.list.label} ` : "- "}${text}`);
      previousList = true;
    } else {
      lines.push(`${lines.length ? "\n" : ""}${text}`);
      previousList = false;
    }
  }
  return lines.join("\n").trim();
}

/** A paragraph's text with the number Word shows before it (numbered headings, numbered title cells). */
const fullText = (p: Paragraph) => (p.list?.ordered && p.list.label ? `${p.list.label} ${p.text}` : p.text);

const paragraphsOf = (blocks: Block[]): Paragraph[] => blocks.flatMap((b) => (b.kind === "paragraph" ? [b] : []));

function splitParties(text: string, task?: string): ProposedItem["parties"] {
  return text
    .split(/,\s+|\s+en\s+(?=[a-z])/)
    .map((s) => s.trim().replace(/[.;]$/, ""))
    .filter(Boolean)
    .map((role) => ({ role, organisations: [], ...(task ? { task } : {}) }));
}

function partyFromLine(line: string): ProposedItem["parties"][number] {
  const m = /^([^:]{1,200}):\s+(\S.*)$/s.exec(line.trim());
  if (m) return { role: m[1]!.trim(), organisations: [], task: m[2]!.trim() };
  return { role: line.trim(), organisations: [] };
}

// ---------------------------------------------------------------- the proposer

export function propose(doc: WordDocument, details: PlanDetails, mapping: MappingInput = {}): Proposal {
  const unreadable: Unreadable[] = [...doc.unreadable];
  const columnsSeen = new Map<string, ProposedColumn>();
  const forcedHeadings = mapping.headings ?? {};
  const footnotes = doc.footnotes.filter((f) => f.text).map((f) => ({ mark: f.mark, text: f.text }));
  const marks = new Set<string>();

  // Levels: depth → word(s) seen, and a fallback name.
  const levelWords: Map<number, Set<string>>[] = [];
  const levelByDepth = new Map<number, { words: Set<string>; fallback: string; source: string }>();
  const noteLevel = (depth: number, word: string | undefined, fallback: string, source: string) => {
    const entry = levelByDepth.get(depth) ?? { words: new Set<string>(), fallback, source };
    if (word) entry.words.add(word);
    levelByDepth.set(depth, entry);
  };
  void levelWords;

  // Title and subtitle.
  const titleParagraph = doc.blocks.find((b): b is Paragraph => b.kind === "paragraph" && b.title === true && b.text.trim() !== "");
  const firstHeading = doc.blocks.find((b): b is Paragraph => b.kind === "paragraph" && b.heading !== undefined && b.text.trim() !== "");
  const title = details.title?.trim() || clean(titleParagraph?.text ?? firstHeading?.text ?? "Plan uit Word");
  let blocks = doc.blocks.filter((b) => b !== titleParagraph);
  let subtitle: string | undefined;
  const afterTitle = titleParagraph ? doc.blocks[doc.blocks.indexOf(titleParagraph) + 1] : undefined;
  if (afterTitle?.kind === "paragraph" && afterTitle.heading === undefined && !afterTitle.list && afterTitle.text.trim() && afterTitle.text.length <= 200) {
    subtitle = clean(afterTitle.text);
    blocks = blocks.filter((b) => b !== afterTitle);
  }

  // Typed footnotes: "* text" paragraphs whose mark follows a code elsewhere.
  const typedNote = /^(\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹]+)\s+(\S.*)$/su;
  blocks = blocks.filter((b) => {
    if (b.kind !== "paragraph" || b.list || b.heading !== undefined) return true;
    const m = typedNote.exec(b.text.trim());
    if (!m) return true;
    footnotes.push({ mark: m[1]!, text: clean(m[2]!) });
    return false;
  });

  const root = headingTree(blocks);
  const headingRoles = new Map<number, { role: "items" | "texts"; example: string }>();
  const opening: { title: string; text: string }[] = [];
  const closing: { title: string; text: string }[] = [];
  let counts = { items: 0, parties: 0, when: 0, budget: 0 };

  const rootText = markdown(paragraphsOf(root.blocks));
  if (rootText) opening.push({ title: "Inleiding", text: rootText });

  /** Texts of a node as sections: labelled groups, and unlabelled prose under the heading's own words. */
  function nodeTexts(node: HeadingNode, item: ProposedItem | undefined): { title: string; text: string }[] {
    const sections: { title: string; text: string }[] = [];
    let current: { label: string; paragraphs: Paragraph[]; first: string } | undefined;
    const headingText = clean(node.paragraph?.text ?? "");
    const loose: Paragraph[] = [];
    const flush = () => {
      if (!current) return;
      const role = roleOf(current.label);
      const body = [current.first, markdown(current.paragraphs)].filter(Boolean).join("\n\n").trim();
      const mapped = mapping.columns?.[current.label] ?? role ?? "section";
      if (item && mapped === "parties") {
        const bullets = current.paragraphs.filter((p) => p.list && p.text.trim());
        if (bullets.length > 0) item.parties.push(...bullets.map((p) => partyFromLine(clean(p.text))));
        const plain = [current.first, ...current.paragraphs.filter((p) => !p.list).map((p) => clean(p.text))].filter(Boolean).join(" ");
        if (plain) {
          // "Trekkers: a, b, c": one party each, doing what the label says.
          const word = cleanHeading(current.label).toLowerCase();
          const task = /^(wie|betrokkene|partijen|partners)/.test(word) ? undefined : singular(word);
          item.parties.push(...splitParties(plain, task));
          sections.push({ title: current.label, text: body });
        }
      } else if (item && mapped === "when" && body) item.when = clean(body);
      else if (item && mapped === "budget" && body) item.budget = clean(body);
      else if (mapped !== "ignore" && body) sections.push({ title: current.label, text: body });
      columnsSeen.set(current.label, columnsSeen.get(current.label) ?? { heading: current.label, role: mapped, reason: mapping.columns?.[current.label] ? "gekozen door u" : role ? `label '${current.label}'` : "label in het document" });
      current = undefined;
    };
    for (const b of node.blocks) {
      if (b.kind !== "paragraph") continue;
      const label = labelOf(b);
      if (label && !b.list) {
        flush();
        current = { label: label.label, paragraphs: [], first: label.rest.trim() };
      } else if (current) current.paragraphs.push(b);
      else loose.push(b);
    }
    flush();
    const looseText = markdown(loose);
    if (looseText) sections.unshift({ title: headingText || "Tekst", text: looseText });
    return sections;
  }

  function itemFromHeading(node: HeadingNode, depth: number, wordsAtDepth: Set<string>): ProposedItem {
    const split = splitCode(fullText(node.paragraph!));
    if (split.mark) marks.add(split.mark);
    const word = split.word;
    noteLevel(depth, word, depth === 0 ? "Hoofdstuk" : depth === 1 ? "Paragraaf" : "Onderdeel", word ? `koppen '${word} …'` : `kop ${node.level}`);
    const keepWord = wordsAtDepth.size > 1 && word;
    const item: ProposedItem = {
      ...(split.code ? { code: keepWord ? `${word} ${split.code}` : split.code } : {}),
      level: `#${depth}`,
      title: split.code ? split.title : clean(fullText(node.paragraph!)),
      sections: [],
      parties: [],
      priority: false,
      topics: [],
      links: [],
      children: [],
    };
    item.sections = nodeTexts(node, item);
    for (const t of node.blocks.filter((b): b is Table => b.kind === "table")) readTable(t, item, depth + 1);
    const structured = node.children.filter((c) => hasStructure(c, forcedHeadings));
    const words = new Set(structured.map((c) => splitCode(fullText(c.paragraph!)).word).filter((w): w is string => !!w));
    for (const c of node.children) {
      if (structured.includes(c)) item.children.push(itemFromHeading(c, depth + 1, words));
      else {
        const text = [markdown(paragraphsOf(c.blocks)), ...c.children.map((g) => `${clean(fullText(g.paragraph!))}\n\n${markdown(paragraphsOf(g.blocks))}`)].filter(Boolean).join("\n\n");
        if (text) item.sections.push({ title: clean(fullText(c.paragraph!)), text });
      }
      headingRoles.set(c.level, headingRoles.get(c.level) ?? { role: structured.includes(c) ? "items" : "texts", example: clean(fullText(c.paragraph!)).slice(0, 80) });
    }
    return item;
  }

  // ---- tables
  function readTable(table: Table, parent: ProposedItem, depth: number) {
    if (table.rows.length < 2 || table.columns < 2) {
      const text = table.rows.map((r) => [...new Set(r.cells)].map((c) => c?.text ?? "").join(" | ")).join("\n");
      if (text.trim()) parent.sections.push({ title: "Tabel", text });
      return;
    }
    let headerRows = 1;
    while (headerRows < table.rows.length - 1 && table.rows[headerRows]!.header) headerRows++;
    const headings = Array.from({ length: table.columns }, (_, c) => clean([...new Set(table.rows.slice(0, headerRows).map((r) => r.cells[c]?.text ?? ""))].join(" ")));
    const roles: ColumnRole[] = headings.map((h, c) => {
      const chosen = mapping.columns?.[h];
      const byWords = roleOf(h);
      const role: ColumnRole = chosen ?? (c === 0 ? "title" : byWords ?? (h ? "section" : "ignore"));
      if (!columnsSeen.has(h || `kolom ${c + 1}`)) {
        columnsSeen.set(h || `kolom ${c + 1}`, { heading: h || `kolom ${c + 1}`, role, reason: chosen ? "gekozen door u" : c === 0 ? "eerste kolom" : byWords ? `kop '${h}'` : h ? "onbekende kop: tekst onder die kop" : "kolom zonder kop" });
      }
      return role;
    });
    const titleCol = roles.indexOf("title") >= 0 ? roles.indexOf("title") : 0;
    const rowName = singular(headings[titleCol] || "Onderdeel");
    let group: ProposedItem | undefined;
    let rowDepth = depth;
    const groupRows = table.rows.slice(headerRows).some((r) => r.cells[0] && r.cells[0].colSpan >= table.columns);
    if (groupRows) {
      noteLevel(depth, undefined, "Groep", "rijen over de hele breedte");
      rowDepth = depth + 1;
    }
    noteLevel(rowDepth, capitalise(rowName), capitalise(rowName), `kolom '${headings[titleCol]}'`);
    let current: { item: ProposedItem; cell: Cell } | undefined;
    for (const row of table.rows.slice(headerRows)) {
      const first = row.cells[0];
      if (first && first.colSpan >= table.columns) {
        const split = splitCode(first.text.split("\n")[0] ?? "");
        group = { ...(split.code ? { code: split.code } : {}), level: `#${depth}`, title: split.title || clean(first.text), sections: [], parties: [], priority: false, topics: [], links: [], children: [] };
        const rest = first.text.split("\n").slice(1).join("\n").trim();
        if (rest) group.sections.push({ title: "Toelichting", text: rest });
        parent.children.push(group);
        current = undefined;
        continue;
      }
      const titleCell = row.cells[titleCol];
      if (!titleCell || !titleCell.text.trim()) {
        if (current && row.cells.some((c) => c && c.text.trim())) fillRow(current.item, row.cells, roles, headings, rowDepth, true);
        continue;
      }
      if (!current || current.cell !== titleCell) {
        const paragraphs = paragraphsOf(titleCell.blocks).filter((p) => p.text.trim());
        const main = paragraphs.find((p) => !p.italic) ?? paragraphs[0]!;
        const split = splitCode(fullText(main));
        if (split.mark) marks.add(split.mark);
        const item: ProposedItem = { ...(split.code ? { code: split.code } : {}), level: `#${rowDepth}`, title: split.title, sections: [], parties: [], priority: false, topics: [], links: [], children: [] };
        const others = paragraphs.filter((p) => p !== main);
        const plain = others.filter((p) => !p.italic);
        const italic = others.filter((p) => p.italic);
        const heading = headings[titleCol] ?? "";
        if (plain.length) item.sections.push({ title: cleanHeading(heading) || "Toelichting", text: markdown(plain) });
        if (italic.length) item.sections.push({ title: heading.includes("/") ? capitalise(clean(heading.split("/").at(-1)!)) : "Toelichting", text: markdown(italic) });
        (group ?? parent).children.push(item);
        current = { item, cell: titleCell };
        fillRow(item, row.cells, roles, headings, rowDepth, false);
      } else fillRow(current.item, row.cells, roles, headings, rowDepth, true);
    }
  }

  const doneCells = new WeakMap<ProposedItem, Set<Cell>>();
  function fillRow(item: ProposedItem, cells: (Cell | undefined)[], roles: ColumnRole[], headings: string[], depth: number, _continued: boolean) {
    const seen = doneCells.get(item) ?? new Set<Cell>();
    doneCells.set(item, seen);
    const newChildren: ProposedItem[] = [];
    const makeItem = (text: string, d: number, code?: string): ProposedItem => {
      const split = code ? { code, title: clean(text) } : splitCode(text, false);
      return { ...(split.code ? { code: split.code } : {}), level: `#${d}`, title: split.title, sections: [], parties: [], priority: false, topics: [], links: [], children: [] };
    };
    const addSection = (title: string, text: string) => {
      if (!text) return;
      const existing = item.sections.find((s) => s.title === title);
      if (existing) existing.text = `${existing.text}\n\n${text}`;
      else item.sections.push({ title, text });
    };
    // First the columns that make items, so that wie and wanneer can find the steps they number.
    const order = roles.map((r, c) => c).sort((a, b) => rank(roles[a]!) - rank(roles[b]!));
    for (const c of order) {
      const cell = cells[c];
      const role = roles[c]!;
      if (!cell || role === "title" || role === "ignore") continue;
      if (seen.has(cell)) continue;
      seen.add(cell);
      const paragraphs = paragraphsOf(cell.blocks).filter((p) => p.text.trim());
      for (const nested of cell.blocks.filter((b): b is Table => b.kind === "table")) {
        unreadable.push({ place: `tabel bij '${item.title.slice(0, 60)}'`, what: `Tabel in een cel (als tekst overgenomen): '${nested.rows.map((r) => [...new Set(r.cells)].map((x) => x?.text ?? "").join(" | ")).join(" / ").slice(0, 200)}'` });
        paragraphs.push({ kind: "paragraph", text: nested.rows.map((r) => [...new Set(r.cells)].map((x) => x?.text ?? "").join(" | ")).join("\n"), italic: false, bold: false, notes: [] });
      }
      const heading = headings[c] ?? "";
      switch (role) {
        case "section":
          addSection(cleanHeading(heading) || `Kolom ${c + 1}`, markdown(paragraphs));
          break;
        case "steps": {
          if (paragraphs.some((p) => p.list?.ordered)) noteLevel(depth + 1, undefined, capitalise(singular(heading) || "Stap"), `genummerd in kolom '${heading}'`);
          const rest: Paragraph[] = [];
          let last: ProposedItem | undefined;
          for (const p of paragraphs) {
            if (p.list?.ordered && p.list.level === 0) {
              last = makeItem(p.text, depth + 1, codeFromLabel(p.list.label));
              item.children.push(last);
              newChildren.push(last);
            } else if (p.list?.ordered && p.list.level >= 1 && last) {
              last.children.push(makeItem(p.text, depth + 2, codeFromLabel(p.list.label)));
            } else rest.push(p);
          }
          addSection(cleanHeading(heading) || `Kolom ${c + 1}`, markdown(rest));
          break;
        }
        case "children":
        case "grandchildren": {
          let last: ProposedItem | undefined;
          const under = role === "grandchildren" ? (newChildren.at(-1) ?? item.children.at(-1) ?? item) : item;
          const d = role === "grandchildren" && under !== item ? depth + 2 : depth + 1;
          noteLevel(d, undefined, capitalise(singular(heading) || "Onderdeel"), `kolom '${heading}' (onderdelen)`);
          for (const p of paragraphs) {
            if (p.list && p.list.level >= 1 && last) last.children.push(makeItem(p.text, d + 1, p.list.ordered ? codeFromLabel(p.list.label) : undefined));
            else {
              last = makeItem(p.text, d, p.list?.ordered ? codeFromLabel(p.list.label) : undefined);
              if (!p.list?.ordered && !/^\d/.test(p.text.trim())) delete last.code;
              under.children.push(last);
              if (role === "children") newChildren.push(last);
            }
          }
          break;
        }
        case "parties":
        case "when":
        case "budget": {
          const own: Paragraph[] = [];
          for (const p of paragraphs) {
            const typed = /^(\d+[a-z]?|[a-z])[.)]\s+(\S.*)$/s.exec(p.text.trim());
            const code = p.list?.ordered ? codeFromLabel(p.list.label) : typed?.[1];
            const text = p.list?.ordered ? p.text.trim() : (typed?.[2] ?? p.text.trim());
            const target = code ? findByCode(item, code) : undefined;
            if (target) assign(target, role, [text], false);
            else own.push(p);
          }
          if (own.length) assign(item, role, own.map((p) => (p.list && !p.list.ordered ? `- ${clean(p.text)}` : p.list?.label ? `${p.list.label} ${p.text.trim()}` : p.text.trim())), own.every((p) => p.list && !p.list.ordered) && own.length > 1);
          break;
        }
      }
    }
  }

  const rank = (role: ColumnRole) => (role === "steps" || role === "children" ? 0 : role === "grandchildren" ? 1 : 2);

  function findByCode(item: ProposedItem, code: string): ProposedItem | undefined {
    for (const c of item.children) {
      if (c.code === code) return c;
      const deeper = findByCode(c, code);
      if (deeper) return deeper;
    }
    return undefined;
  }

  function assign(item: ProposedItem, role: "parties" | "when" | "budget", lines: string[], separateParties: boolean) {
    if (role === "parties") {
      if (separateParties) item.parties.push(...lines.map((l) => partyFromLine(l.replace(/^- /, ""))));
      else {
        const text = lines.map((l) => l.replace(/^- /, "")).join(" ").trim();
        if (text) item.parties.push({ role: text, organisations: [] });
      }
    } else {
      const text = lines.join("\n").trim();
      if (text) item[role] = item[role] ? `${item[role]}\n${text}` : text;
    }
  }

  // ---- the document's top level
  const structured = root.children.filter((c) => hasStructure(c, forcedHeadings));
  const topWords = new Set(structured.map((c) => splitCode(fullText(c.paragraph!)).word).filter((w): w is string => !!w));
  const items: ProposedItem[] = [];
  // Tables before the first heading (or in a document without headings) hold items of the top level.
  const rootTables = root.blocks.filter((b): b is Table => b.kind === "table");
  if (rootTables.length > 0) {
    const holder: ProposedItem = { level: "#-1", title: "", sections: [], parties: [], priority: false, topics: [], links: [], children: [] };
    for (const t of rootTables) readTable(t, holder, 0);
    items.push(...holder.children);
    opening.push(...holder.sections);
  }
  let seenItem = items.length > 0;
  for (const node of root.children) {
    headingRoles.set(node.level, headingRoles.get(node.level) ?? { role: structured.includes(node) ? "items" : "texts", example: clean(fullText(node.paragraph!)).slice(0, 80) });
    if (structured.includes(node)) {
      items.push(itemFromHeading(node, 0, topWords));
      seenItem = true;
      continue;
    }
    const text = [markdown(paragraphsOf(node.blocks)), ...node.children.map((g) => [`**${clean(fullText(g.paragraph!))}**`, markdown(paragraphsOf(g.blocks))].filter(Boolean).join("\n\n"))].filter(Boolean).join("\n\n");
    for (const t of node.blocks.filter((b): b is Table => b.kind === "table")) {
      unreadable.push({ place: `bij '${clean(fullText(node.paragraph!)).slice(0, 60)}'`, what: "Tabel bij een tekst zonder onderdelen (niet overgenomen)" });
      void t;
    }
    (seenItem ? closing : opening).push({ title: clean(fullText(node.paragraph!)), text: text || clean(fullText(node.paragraph!)) });
  }

  // ---- levels: depth → key and name
  const depths = [...levelByDepth.keys()].sort((a, b) => a - b);
  const maxDepth = Math.max(-1, ...collectDepths(items));
  for (let d = 0; d <= maxDepth; d++) {
    if (levelByDepth.has(d)) continue;
    const above = levelByDepth.get(d - 1);
    const aboveName = above ? ([...above.words][0] ?? above.fallback) : undefined;
    noteLevel(d, undefined, d === 0 ? "Hoofdstuk" : aboveName && !aboveName.startsWith("Deel") ? `Deel${aboveName.toLowerCase()}` : "Stap", "geen naam in het document");
  }
  void depths;
  const levels: ProposedLevel[] = [];
  const keyOf = new Map<number, string>();
  const used = new Set<string>();
  for (let d = 0; d <= maxDepth; d++) {
    const entry = levelByDepth.get(d)!;
    const words = [...entry.words];
    const proposed = words.length > 0 ? words.map((w, i) => (i === 0 ? capitalise(w) : w.toLowerCase())).join("/") : entry.fallback;
    const taken = levels.some((l) => l.name === proposed);
    let key = slugFromText(proposed, 40) || `niveau-${d + 1}`;
    while (used.has(key)) key = `${key}-${d + 1}`;
    used.add(key);
    keyOf.set(d, key);
    const name = mapping.levels?.[key]?.trim() || (taken ? `${proposed} (niveau ${d + 1})` : proposed);
    levels.push({ key, name, source: mapping.levels?.[key]?.trim() ? "gekozen door u" : entry.source });
  }
  const setLevels = (list: ProposedItem[]) =>
    list.forEach((i) => {
      i.level = keyOf.get(Number(i.level.slice(1)))!;
      counts.items++;
      counts.parties += i.parties.length;
      if (i.when) counts.when++;
      if (i.budget) counts.budget++;
      setLevels(i.children);
    });
  setLevels(items);

  // Footnote marks stay out of codes and titles; the notes themselves are kept.
  const seenMarks = new Set<string>();
  const notes = footnotes.filter((f) => (seenMarks.has(`${f.mark}${f.text}`) ? false : (seenMarks.add(`${f.mark}${f.text}`), true)));
  void marks;

  // Layout: the row level is the deepest level made from table rows, else the deepest level with texts.
  const tableColumns = [...columnsSeen.values()].filter((c) => c.role !== "ignore");
  const rowKey = [...levelByDepth.entries()].find(([, e]) => e.source.startsWith("kolom"))?.[0];
  const rowLevel = keyOf.get(rowKey ?? Math.max(0, maxDepth)) ?? levels[0]?.key ?? "onderdeel";
  const layoutColumns = tableColumns.length > 0
    ? tableColumns.map((c) => ({
        label: c.heading,
        show: c.role === "title" ? ["code", "title"] : c.role === "parties" ? ["parties", "children.parties"] : c.role === "when" ? ["when", "children.when"] : c.role === "budget" ? ["budget"] : c.role === "children" ? ["children.title"] : c.role === "grandchildren" ? ["grandchildren.title"] : c.role === "steps" ? [`section:${cleanHeading(c.heading)}`, "children.title"] : [`section:${cleanHeading(c.heading)}`],
      }))
    : [{ label: "Onderdeel", show: ["code", "title"] }];
  if (levels.length === 0) levels.push({ key: "onderdeel", name: "Onderdeel", source: "geen kopjes of tabellen gevonden" });

  const slug = details.slug?.trim() || slugFromText(title, 80) || "plan-uit-word";
  const kindWord = /(uitvoeringsagenda|uitvoeringsplan|jaarplan|activiteitenplan|ondersteuningsplan|agenda)/i.exec(title)?.[1]?.toLowerCase();
  const plan = {
    slug,
    title,
    ...(subtitle ? { subtitle } : {}),
    kind: details.kind || kindWord || "jaarplan",
    status: "concept",
    published: false,
    period: details.period,
    owners: details.owners,
    regions: [],
    levels: levels.map((l) => ({ key: l.key, name: l.name })),
    layout: { style: [...levelByDepth.values()].some((e) => e.source.startsWith("kolom")) ? "table" : "blocks", rowLevel, columns: layoutColumns },
    approvals: [],
    sections: opening,
    items,
    closingSections: closing,
    footnotes: notes,
  };
  return {
    plan,
    columns: [...columnsSeen.values()],
    levels,
    headings: [...headingRoles.entries()].sort((a, b) => a[0] - b[0]).map(([level, v]) => ({ level, role: forcedHeadings[String(level)] ?? "auto", example: v.example })),
    unreadable,
    counts,
  };
}

function collectDepths(items: ProposedItem[]): number[] {
  const out: number[] = [];
  const walk = (list: ProposedItem[]) => list.forEach((i) => {
    out.push(Number(i.level.slice(1)));
    walk(i.children);
  });
  walk(items);
  return out;
}
