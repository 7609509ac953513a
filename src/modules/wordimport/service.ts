/**
 * Reading a plan from a Word document: one command, `importWordPlan`, with one schema
 * (`wordImportSchema`), used by the pages, the API and the command line alike. It reads the
 * document, proposes a plan (propose.ts) with the editor's corrections to the mapping,
 * and hands the plan to the one import path of Koers (exchange/service.ts): checked
 * completely, then written in one transaction, or, in a dry run, checked and written and
 * rolled back, so that nothing changes. An imported plan starts as an unpublished concept.
 */
import { z } from "zod";
import type { Database, Db } from "../../db/client.ts";
import { schoolYearOf, todayInNl } from "../../lib/dates.ts";
import { LENGTH } from "../../lib/limits.ts";
import { slugNamed } from "../../lib/slug.ts";
import { InputError, zodProblems, type InputProblem } from "../../lib/validation.ts";
import { canEditPlan, refusal } from "../access/policy.ts";
import type { Viewer } from "../access/viewer.ts";
import { importDataSet } from "../exchange/service.ts";
import { listOrganisations, organisationIds } from "../organisations/service.ts";
import { planKinds, planSchema, type PlanFile } from "../plans/format.ts";
import { columnRoles, propose, type MappingInput, type Proposal } from "./propose.ts";
import { readDocx, type WordDocument } from "./reader.ts";

const isoDate = z.iso.date({ error: "gebruik een datum als 2025-08-01" });

/** The command's input: what the editor chose next to the document. */
export const wordImportSchema = z
  .strictObject({
    slug: slugNamed("Korte naam").optional(),
    title: z.string().trim().max(LENGTH.title, `Titel: hoogstens ${LENGTH.title} tekens.`).optional(),
    kind: z.enum(planKinds, { error: "Soort: kies een soort plan." }).optional(),
    owners: z.array(slugNamed("Eigenaar")).max(50).default([]),
    period: z
      .strictObject({
        label: z.string().trim().min(1, "Periode: geef de periode een naam, bijvoorbeeld 'schooljaar 2025-2026'.").max(LENGTH.name),
        start: isoDate,
        end: isoDate,
      })
      .refine((p) => p.start <= p.end, { message: "Periode: het begin ligt na het einde.", path: ["end"] })
      .optional(),
    mapping: z
      .strictObject({
        columns: z.record(z.string().max(LENGTH.name), z.enum(columnRoles)).optional(),
        levels: z.record(z.string().max(LENGTH.slug), z.string().trim().max(LENGTH.name)).optional(),
        headings: z.record(z.string().regex(/^[1-9]$/), z.enum(["items", "texts"])).optional(),
      })
      .optional(),
  });
export type WordImportInput = z.input<typeof wordImportSchema>;

export interface WordImportResult {
  proposal: Proposal;
  document: WordDocument;
  /** The plan as it would be imported (validated), when there are no problems. */
  plan?: PlanFile;
  /** Problems named by the place in the plan ("items[0].children[2].title") and the message. */
  problems: InputProblem[];
  imported: boolean;
}

/** Organisations the viewer may import a plan for: where they are redacteur; every one for administrators. */
export async function importableOwners(db: Db, viewer: Viewer): Promise<{ slug: string; name: string }[]> {
  const all = await listOrganisations(db);
  const ids = await organisationIds(db, all.map((o) => o.slug));
  return all.filter((o) => canEditPlan(viewer, { published: false, ownerIds: [ids.get(o.slug)!], partyIds: [] })).map((o) => ({ slug: o.slug, name: o.name }));
}

/** The guard of the pages and the API: someone who may import a plan for at least one organisation. */
export async function requireWordImporter(db: Db, viewer: Viewer): Promise<void> {
  if (viewer.kind === "system") return;
  if (viewer.kind === "anonymous" || (await importableOwners(db, viewer)).length === 0) {
    throw refusal(viewer, "Alleen redacteuren van een organisatie en beheerders kunnen een plan uit Word inlezen.");
  }
}

const documentTitle = (document: WordDocument) =>
  document.blocks.slice(0, 5).map((b) => (b.kind === "paragraph" && (b.title || b.heading) ? b.text : "")).join(" ");

/** The period a title names: "2025-2026" a school year, "2022-2024" those calendar years, "2023" one year. */
export function periodFromText(text: string): { label: string; start: string; end: string } | undefined {
  const range = /\b(20\d\d)\s*[-–]\s*(20\d\d)\b/.exec(text);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to === from + 1) return { label: `schooljaar ${from}-${to}`, start: `${from}-08-01`, end: `${to}-07-31` };
    if (to > from) return { label: `${from}-${to}`, start: `${from}-01-01`, end: `${to}-12-31` };
  }
  const year = /\b(20\d\d)\b/.exec(text);
  return year ? { label: year[1]!, start: `${year[1]}-01-01`, end: `${year[1]}-12-31` } : undefined;
}

/** Where a problem is, in words: "onderdeel 1.2 'Vormen en …', titel". */
export function describePlace(plan: Record<string, unknown>, path: string): string {
  const parts = [...path.matchAll(/(\w+)(?:\[(\d+)\])?/g)];
  let node: unknown = plan;
  const words: string[] = [];
  for (const [, key, index] of parts) {
    node = (node as Record<string, unknown> | undefined)?.[key!];
    if (index !== undefined) node = (node as unknown[] | undefined)?.[Number(index)];
    if ((key === "items" || key === "children") && node && typeof node === "object") {
      const item = node as { code?: string; title?: string };
      words.push(`onderdeel ${item.code ? `${item.code} ` : ""}'${(item.title ?? "").slice(0, 50)}'`);
    } else if (key === "sections" && node && typeof node === "object") words.push(`tekst '${(node as { title?: string }).title ?? ""}'`);
    else if (key !== "items" && key !== "children") words.push(fieldWords[key!] ?? key!);
  }
  return words.join(", ") || "het plan";
}
const fieldWords: Record<string, string> = { title: "titel", code: "code", when: "wanneer", budget: "budget", parties: "wie", role: "rol", task: "taak", owners: "eigenaren", period: "periode", slug: "korte naam", levels: "niveaus", name: "naam", text: "tekst", footnotes: "voetnoten", layout: "indeling" };

/**
 * The one command. `dryRun` (the default for the API and the command line) checks everything
 * and writes nothing. Refusals: InputError (the input, or the proposed plan, named by place),
 * DocxFileError (not a readable Word file), a conflict when the short name is taken.
 */
export async function importWordPlan(
  database: Pick<Database, "db">,
  viewer: Viewer,
  bytes: Uint8Array,
  input: WordImportInput,
  options: { dryRun?: boolean; fileName?: string; requireOwners?: boolean } = {},
): Promise<WordImportResult> {
  const { db } = database;
  await requireWordImporter(db, viewer);
  const parsed = wordImportSchema.safeParse(input);
  if (!parsed.success) throw new InputError(zodProblems(options.fileName ?? "invoer", parsed.error));
  const choice = parsed.data;
  if (viewer.kind !== "system" && choice.owners.length > 0) {
    const allowed = new Set((await importableOwners(db, viewer)).map((o) => o.slug));
    const refused = choice.owners.filter((o) => !allowed.has(o));
    if (refused.length > 0) throw refusal(viewer, `U kunt geen plan inlezen voor ${refused.join(", ")}: u bent daar geen redacteur.`);
  }
  const document = await readDocx(bytes);
  const period = choice.period ?? periodFromText(choice.title ?? documentTitle(document)) ?? { ...schoolYearOf(todayInNl()), label: `schooljaar ${schoolYearOf(todayInNl()).label}` };
  const proposal = propose(document, { slug: choice.slug, title: choice.title, kind: choice.kind, owners: choice.owners, period }, choice.mapping as MappingInput | undefined);
  const file = options.fileName ?? "document.docx";
  const problems: InputProblem[] = [];
  const requireOwners = options.requireOwners ?? true;
  const checked = planSchema.safeParse(requireOwners || choice.owners.length > 0 ? proposal.plan : { ...proposal.plan, owners: ["nog-te-kiezen"] });
  if (!checked.success) {
    problems.push(...zodProblems(file, checked.error).map((p) => ({ ...p, path: describePlace(proposal.plan, p.path) })));
  }
  const result: WordImportResult = { proposal, document, problems, imported: false };
  if (problems.length > 0 || !checked.success) return result;
  const plan = requireOwners || choice.owners.length > 0 ? checked.data : { ...checked.data, owners: [] };
  result.plan = plan;
  if (!requireOwners && choice.owners.length === 0) return result;
  try {
    await importDataSet(
      database,
      { organisations: { organisations: [], regions: [] }, plans: [checked.data], evaluations: [], glossary: [], topics: [], figures: [] },
      { plans: [file], evaluations: [] },
      { viewer, dryRun: options.dryRun ?? true },
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    result.problems = error.problems.map((p) => ({ ...p, path: describePlace(proposal.plan, p.path) }));
    return result;
  }
  result.imported = !(options.dryRun ?? true);
  return result;
}
