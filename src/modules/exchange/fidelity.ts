/**
 * Fidelity of the data files to their source documents (`npm run check:sources`).
 *
 * 1. Coverage: every sentence of a source is in the reading text of the files
 *    that name it, numbers with their own punctuation ("1,96%", "04-12-2023").
 * 2. Cells: every row of a source table (tab-separated in the extraction) whose
 *    header is the plan's own column labels belongs to one item, and each cell
 *    says what that item's fields in that column say: both ways, so that a
 *    changed party or date in one row fails even if the same words stand elsewhere.
 * 3. Words and numbers: every field of an item, approval or evaluation update that
 *    the data does not mark as interpreted stands in the source as written; an
 *    interpreted field may only use numbers the source has.
 * 4. Readings: a field that no column of the document holds (a *wanneer* in a plan
 *    without a Wanneer column), a code the document does not print with the title,
 *    an organisation the role does not name, an approval outcome the document does
 *    not state, an evaluation part tied to an item by Koers: each must be marked
 *    in `interpreted`. An organisation the role does name must be linked.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { OrganisationsFile } from "../organisations/format.ts";
import type { EvaluationFile } from "../evaluations/format.ts";
import type { ItemFile, PlanFile, Section } from "../plans/format.ts";
import { findByRef } from "../plans/item-refs.ts";
import {
  cleanExtraction,
  cutFragments,
  missingFragments,
  namesOrganisation,
  normalise,
  normaliseKeepingNumbers,
  numberTokens,
  sourceTables,
} from "../../lib/source-coverage.ts";
import { readDataDir, type DataSet } from "./data-files.ts";
import { evaluationReadingText, planReadingText } from "./reading-text.ts";

export interface FidelityProblem {
  /** Slug of the plan or evaluation. */
  file: string;
  /** The item ("1.2/3", or its title when it has no code), approval or update concerned. */
  where?: string | undefined;
  /** The field: "wie (parties)", "when", "code", "approvals[1].outcome", "tekst regel 42". */
  field: string;
  message: string;
}

type Organisation = OrganisationsFile["organisations"][number];

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

/** A source document made ready for lookups. */
class Source {
  readonly text: string;
  readonly letters: string;
  readonly numbers: Set<string>;
  constructor(readonly raw: string) {
    this.text = cleanExtraction(raw);
    this.letters = normaliseKeepingNumbers(this.text);
    this.numbers = new Set(numberTokens(this.text));
  }
  /** Whether `text` stands in the source, letters and numbers as written. */
  has(text: string): boolean {
    const wanted = normaliseKeepingNumbers(text);
    return wanted === "" || this.letters.includes(wanted);
  }
  /** The pieces of `text` (sentences, list items, table cells) the source does not hold. */
  missingPieces(text: string): string[] {
    return cutFragments(text.replace(/\|/g, "\n"), 1).filter((piece) => !this.has(piece));
  }
  /** Why a piece of the data is not the source's: with the numbers it adds, if any. */
  differs(piece: string): string {
    const numbers = this.unknownNumbers(piece);
    return `${quote(piece)} staat niet zo in de bron${numbers.length ? ` (de bron schrijft nergens ${numbers.map((n) => `'${n}'`).join(", ")})` : ""}`;
  }
  /** The numbers of `text` that the source never writes. */
  unknownNumbers(text: string): string[] {
    return numberTokens(text).filter((n) => !this.numbers.has(n));
  }
  /** The paragraphs (text between blank lines) that hold `text`, each as a source of its own. */
  paragraphsNaming(text: string): Source[] {
    return this.raw
      .split(/\n\s*\n/)
      .map((p) => new Source(p))
      .filter((p) => p.has(text));
  }
  /** Whether an ISO date stands in the source as "04-12-2023", "4-12-2023" or "4 december 2023". */
  hasDate(iso: string): boolean {
    const [y, m, d] = iso.split("-");
    const day = String(Number(d));
    const month = String(Number(m));
    return (
      [`${d}-${m}-${y}`, `${day}-${month}-${y}`, `${d}-${month}-${y}`, `${day}-${m}-${y}`].some((n) => this.numbers.has(n)) ||
      this.letters.includes(normalise(`${day} ${MONTHS[Number(m) - 1]} ${y}`))
    );
  }
}

const quote = (text: string, max = 70) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return `'${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}'`;
};

interface Located {
  item: ItemFile;
  /** Where the item is in its file: "items[0].children[1]". */
  path: string;
  /** "1.2/3" when every item on the way has a code, else the title and the path. */
  label: string;
}

export function locateItems(items: ItemFile[], prefix = "items", codes: string[] = []): Located[] {
  return items.flatMap((item, i) => {
    const path = `${prefix}[${i}]`;
    const chain = [...codes, item.code ?? ""];
    const label = chain.every(Boolean) ? chain.join("/") : `${quote(item.title, 50)} (${path})`;
    return [{ item, path, label }, ...locateItems(item.children, `${path}.children`, chain)];
  });
}

const interpreted = (item: ItemFile, field: string) => item.interpreted?.includes(field as never) ?? false;

/** The values one layout field shows for an item, each with the item it comes from. */
function fieldValues(item: ItemFile, show: string): { item: ItemFile; field: string; text: string }[] {
  if (show.startsWith("children.")) return item.children.flatMap((c) => fieldValues(c, show.slice(9)));
  if (show.startsWith("grandchildren.")) return item.children.flatMap((c) => c.children.flatMap((g) => fieldValues(g, show.slice(14))));
  const one = (field: string, text: string | undefined) => (text ? [{ item, field, text }] : []);
  if (show === "code") return one("code", item.code);
  if (show === "title") return one("title", item.title);
  if (show === "when") return one("when", item.when);
  if (show === "budget") return one("budget", item.budget);
  if (show === "parties") return item.parties.flatMap((p) => [...one("parties", p.role), ...one("parties", p.task)]);
  if (show.startsWith("section:")) {
    const title = normalise(show.slice(8));
    return item.sections.filter((s) => normalise(s.title) === title).flatMap((s) => one("sections", s.text));
  }
  return [];
}

/** The fields the layout shows at each depth below a row: 0 the row itself, 1 its children, 2 theirs. */
function shownFields(plan: PlanFile): Set<string>[] {
  const depths = [new Set<string>(), new Set<string>(), new Set<string>()];
  for (const col of plan.layout.columns) {
    for (const f of col.show) {
      const depth = f.startsWith("children.") ? 1 : f.startsWith("grandchildren.") ? 2 : 0;
      const name = f.replace(/^(?:grand)?children\./, "");
      depths[depth]!.add(name.startsWith("section:") ? "sections" : name);
    }
  }
  return depths;
}

/** 2. Each row of a source table against the item it belongs to, column by column. */
function checkCells(plan: PlanFile, source: Source, located: Located[]): FidelityProblem[] {
  const problems: FidelityProblem[] = [];
  const labels = plan.layout.columns.map((c) => normalise(c.label));
  const rows = located.filter((l) => l.item.level === plan.layout.rowLevel);
  const start = (l: Located) => normaliseKeepingNumbers(`${l.item.code ?? ""} ${cutFragments(l.item.title, 1)[0] ?? l.item.title}`);
  const labelOf = (i: number) => plan.layout.columns[i]!.label;

  for (const table of sourceTables(source.raw, (header) => header.length === labels.length && header.every((h, i) => normalise(h) === labels[i]))) {
    for (const row of table.rows) {
      const first = normaliseKeepingNumbers(row.cells[0] ?? "");
      const owner = rows.filter((l) => first.startsWith(start(l))).sort((a, b) => start(b).length - start(a).length)[0];
      if (!owner) {
        problems.push({ file: plan.slug, field: labelOf(0), message: `tabelrij op regel ${row.line} (${quote(row.cells[0] ?? "")}) hoort bij geen enkel onderdeel` });
        continue;
      }
      plan.layout.columns.forEach((column, i) => {
        const cell = row.cells[i] ?? "";
        const values = column.show.flatMap((f) => fieldValues(owner.item, f));
        const shown = normaliseKeepingNumbers(values.map((v) => v.text).join("\n"));
        const field = `${column.label} (${column.show.join(", ")})`;
        for (const piece of cutFragments(cell, 1)) {
          if (!shown.includes(normaliseKeepingNumbers(piece))) {
            problems.push({ file: plan.slug, where: owner.label, field, message: `de cel op regel ${row.line} zegt ${quote(piece)}, het onderdeel niet` });
          }
        }
        const inCell = normaliseKeepingNumbers(cell);
        for (const value of values) {
          if (interpreted(value.item, value.field)) continue;
          for (const piece of cutFragments(value.text.replace(/\|/g, "\n"), 1)) {
            if (!inCell.includes(normaliseKeepingNumbers(piece))) {
              problems.push({ file: plan.slug, where: owner.label, field, message: `${quote(piece)} staat niet in de cel op regel ${row.line}: ${quote(cell)}` });
            }
          }
        }
      });
    }
  }
  return problems;
}

const names = (org: Organisation, text: string) => namesOrganisation(text, org);

/** 3 and 4 for one item. */
function checkItem(plan: PlanFile, source: Source, { item, label }: Located, depth: number | undefined, shown: Set<string>[], orgs: Map<string, Organisation>): FidelityProblem[] {
  const problems: FidelityProblem[] = [];
  const add = (field: string, message: string) => problems.push({ file: plan.slug, where: label, field, message });
  const words = (field: string, text: string | undefined) => {
    if (!text) return;
    if (interpreted(item, field)) {
      for (const n of source.unknownNumbers(text)) add(field, `het getal '${n}' staat nergens in de bron (ook niet als interpretatie toegestaan)`);
      return;
    }
    for (const piece of source.missingPieces(text)) add(field, source.differs(piece));
  };

  // Codes: as printed before the title (or before the item's own wanneer, "3a. December 2025").
  if (item.code && !interpreted(item, "code")) {
    const printed = [item.title, item.when ?? ""].some((t) => t && source.has(`${item.code} ${cutFragments(t, 1)[0] ?? t}`));
    if (!printed) add("code", `de bron zet '${item.code}' niet bij dit onderdeel; markeer de code als interpretatie (interpreted: [code])`);
  }
  words("title", item.title);
  words("when", item.when);
  words("budget", item.budget);
  for (const p of item.parties) {
    words("parties", p.role);
    words("parties", p.task);
  }
  for (const s of item.sections) words("sections", s.text);
  words("sections", item.reducedCapacity);
  for (const l of item.links) words("links", l.note);

  // Fields no column of the document holds are Koers's reading.
  if (depth !== undefined) {
    const here = shown[depth] ?? new Set<string>();
    const present: [string, boolean][] = [
      ["when", item.when !== undefined],
      ["budget", item.budget !== undefined],
      ["parties", item.parties.length > 0],
    ];
    for (const [field, has] of present) {
      if (has && !here.has(field) && !interpreted(item, field)) {
        add(field, `geen kolom van het document toont '${field}' op dit niveau; markeer het als interpretatie (interpreted: [${field}])`);
      }
    }
  }

  // Organisations: named in the party's words, or marked as inferred; and every named one linked.
  item.parties.forEach((p, i) => {
    const words = [p.role, p.task].filter(Boolean).join(" ");
    for (const slug of p.organisations) {
      const org = orgs.get(slug);
      if (org && !names(org, words) && !interpreted(item, "parties.organisations")) {
        add(`parties[${i}].organisations`, `${quote(words)} noemt '${org.shortName ?? org.name}' niet; markeer de koppeling als interpretatie (interpreted: [parties.organisations])`);
      }
    }
    // Where the data does link a party, it links every organisation the party's words name.
    if (p.organisations.length === 0) return;
    for (const org of orgs.values()) {
      if (names(org, words) && !p.organisations.includes(org.slug)) {
        add(`parties[${i}].organisations`, `${quote(words)} noemt '${org.shortName ?? org.name}', maar de partij is niet aan '${org.slug}' gekoppeld`);
      }
    }
  });
  return problems;
}

const sectionTexts = (list: Section[]) => list.map((s) => s.text);

/** Checks one plan against its source document. */
export function checkPlan(plan: PlanFile, sourceText: string, organisations: Organisation[], ignoredLines: readonly string[] = []): FidelityProblem[] {
  const source = new Source(sourceText);
  const orgs = new Map(organisations.map((o) => [o.slug, o]));
  const problems: FidelityProblem[] = missingFragments(sourceText, [planReadingText(plan)], ignoredLines).map((f) => ({
    file: plan.slug,
    field: `tekst regel ${f.line}`,
    message: `${quote(f.text)} ontbreekt in de gegevens`,
  }));
  const located = locateItems(plan.items);
  problems.push(...checkCells(plan, source, located));

  const shown = shownFields(plan);
  const rowLevel = plan.layout.rowLevel;
  const depthOf = new Map<ItemFile, number>();
  const mark = (item: ItemFile, depth: number) => {
    depthOf.set(item, depth);
    item.children.forEach((c) => mark(c, depth + 1));
  };
  located.filter((l) => l.item.level === rowLevel).forEach((l) => mark(l.item, 0));
  for (const l of located) problems.push(...checkItem(plan, source, l, depthOf.get(l.item), shown, orgs));

  for (const text of [plan.title, plan.subtitle, ...sectionTexts(plan.sections), ...sectionTexts(plan.closingSections), ...plan.footnotes.map((f) => f.text)]) {
    for (const piece of text ? source.missingPieces(text) : []) problems.push({ file: plan.slug, field: "tekst", message: source.differs(piece) });
  }

  // An approval is read from the paragraphs of the source that name its body.
  plan.approvals.forEach((a, i) => {
    const where = `besluitvorming ${a.body}`;
    const marked = (f: string) => a.interpreted?.includes(f as never) ?? false;
    const add = (field: string, message: string) => problems.push({ file: plan.slug, where, field: `approvals[${i}].${field}`, message });
    const paragraphs = source.paragraphsNaming(a.body);
    if (!marked("body") && paragraphs.length === 0) add("body", `'${a.body}' staat niet zo in de bron; markeer als interpretatie (interpreted: [body])`);
    if (!marked("outcome") && !paragraphs.some((p) => p.has(a.outcome))) {
      add("outcome", `de bron zegt bij '${a.body}' niet '${a.outcome}'; markeer als interpretatie (interpreted: [outcome])`);
    }
    if (a.date && !marked("date") && !paragraphs.some((p) => p.hasDate(a.date!))) {
      add("date", `de bron zet de datum ${a.date} niet bij '${a.body}'; markeer als interpretatie (interpreted: [date])`);
    }
  });
  return problems;
}

/** Checks one evaluation against its source document; `plan` is the plan it evaluates. */
export function checkEvaluation(evaluation: EvaluationFile, plan: PlanFile | undefined, sourceText: string, ignoredLines: readonly string[] = []): FidelityProblem[] {
  const source = new Source(sourceText);
  const problems: FidelityProblem[] = missingFragments(sourceText, [evaluationReadingText(evaluation)], ignoredLines).map((f) => ({
    file: evaluation.slug,
    field: `tekst regel ${f.line}`,
    message: `${quote(f.text)} ontbreekt in de gegevens`,
  }));
  for (const text of [evaluation.title, evaluation.subtitle, ...sectionTexts(evaluation.sections), ...sectionTexts(evaluation.closingSections), ...evaluation.footnotes.map((f) => f.text)]) {
    for (const piece of text ? source.missingPieces(text) : []) problems.push({ file: evaluation.slug, field: "tekst", message: source.differs(piece) });
  }
  evaluation.updates.forEach((u, i) => {
    const where = `voortgang bij ${u.item}`;
    const marked = (f: string) => u.interpreted?.includes(f as never) ?? false;
    const add = (field: string, message: string) => problems.push({ file: evaluation.slug, where, field: `updates[${i}].${field}`, message });
    for (const [field, list] of [["results", u.results], ["planning", u.planning]] as const) {
      for (const text of sectionTexts(list)) for (const piece of source.missingPieces(text)) add(field, source.differs(piece));
    }
    if (u.heading) for (const piece of source.missingPieces(u.heading)) add("heading", source.differs(piece));
    const found = plan ? findByRef(plan.items, u.item) : undefined;
    const item = typeof found === "object" ? found : undefined;
    const level = plan?.levels.find((l) => l.key === item?.level)?.name ?? "";
    const named = (heading: string) =>
      normalise(heading).includes(normalise(item!.title)) || (item!.code !== undefined && normaliseKeepingNumbers(heading).includes(normaliseKeepingNumbers(`${level} ${item!.code}`)));
    if (item && !marked("item") && !(u.heading && named(u.heading))) {
      add("item", `de kop ${quote(u.heading ?? "(geen)")} noemt onderdeel ${u.item} (${quote(item.title, 40)}) niet; markeer de koppeling als interpretatie (interpreted: [item])`);
    }
  });
  return problems;
}

export interface SourceReport {
  /** The source document (file in data/sources). */
  file: string;
  /** Slugs of the plans and evaluations that name it. */
  files: string[];
  problems: FidelityProblem[];
}

/** Checks every source document in `dataDir/sources` against the data files that name it. */
export function fidelityOfData(data: DataSet, sources: { file: string; text: string }[], ignore: Record<string, string[]> = {}): SourceReport[] {
  const plans = new Map(data.plans.map((p) => [p.slug, p]));
  return sources.map(({ file, text }) => {
    const ignored = ignore[file] ?? [];
    const mine = [...data.plans.filter((p) => p.source === file), ...data.evaluations.filter((e) => e.source === file)];
    const problems = [
      ...data.plans.filter((p) => p.source === file).flatMap((p) => checkPlan(p, text, data.organisations.organisations, ignored)),
      ...data.evaluations.filter((e) => e.source === file).flatMap((e) => checkEvaluation(e, plans.get(e.plan), text, ignored)),
    ];
    if (mine.length === 0) {
      problems.push(...missingFragments(text, [], ignored).map((f) => ({ file, field: `tekst regel ${f.line}`, message: `${quote(f.text)} ontbreekt: geen databestand noemt deze bron` })));
    }
    return { file, files: mine.map((m) => m.slug), problems };
  });
}

/** The sources of a data folder (data/sources/*.txt and its ignore.yaml). */
export function readSources(dataDir: string): { sources: { file: string; text: string }[]; ignore: Record<string, string[]> } {
  const dir = join(dataDir, "sources");
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), "utf8") }));
  const ignorePath = join(dir, "ignore.yaml");
  const ignore = existsSync(ignorePath) ? ((parse(readFileSync(ignorePath, "utf8")) ?? {}) as Record<string, string[]>) : {};
  return { sources, ignore };
}

/** `npm run check:sources`: the data folder against its sources, optionally only the sources whose name starts with `only`. */
export function fidelityOfDataDir(dataDir: string, only?: string): SourceReport[] {
  const { sources, ignore } = readSources(dataDir);
  return fidelityOfData(readDataDir(dataDir), sources.filter((s) => !only || s.file.startsWith(only)), ignore);
}
