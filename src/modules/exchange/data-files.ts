/**
 * Reads and checks the structured data files: organisations and regions, plans,
 * evaluations and the glossary. Each file is parsed and validated on its own;
 * then references between them (owners, parties, parents, links, topics,
 * evaluated items) are checked. Nothing here touches the database.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { organisationsFileSchema, type OrganisationsFile } from "../organisations/format.ts";
import { evaluationSchema, type EvaluationFile } from "../evaluations/format.ts";
import { glossaryFileSchema, type GlossaryEntry } from "../glossary/format.ts";
import { planSchema, topicsFileSchema, type ItemFile, type PlanFile } from "../plans/format.ts";
import { figuresFileSchema, type FiguresFile } from "../figures/format.ts";
import { findByRef } from "../plans/item-refs.ts";
import { decodeUtf8, findTextProblems } from "../../lib/text-safety.ts";
import { InputError, zodProblems, type InputProblem } from "../../lib/validation.ts";

export interface DataSet {
  organisations: OrganisationsFile;
  plans: PlanFile[];
  evaluations: EvaluationFile[];
  glossary: GlossaryEntry[];
  topics: { slug: string; name: string }[];
  /** data/figures: indicators and measurements per plan, with their file names. */
  figures: { name: string; file: FiguresFile }[];
}

/** Parses YAML or JSON text (JSON is YAML) and validates it against a schema. */
export function parseDataText<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): { value?: z.infer<S>; problems: InputProblem[] } {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    // The parser's own words (line and column), without the name of a JavaScript error.
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    return { problems: [{ file, path: "(bestand)", message: `geen geldige YAML of JSON: ${message}` }] };
  }
  // NULs, half characters and nesting beyond reason are refused before the schema (and the database) see them.
  const bad = findTextProblems(raw);
  if (bad.length > 0) {
    return {
      problems: bad.map((p) => ({ file, path: p.path || "(bestand)", message: p.inName ? `de naam van dit veld ${p.message}` : p.message })),
    };
  }
  const result = schema.safeParse(raw);
  return result.success ? { value: result.data, problems: [] } : { problems: zodProblems(file, result.error) };
}

/** The text of a data file, read as strict UTF-8; bytes that are not UTF-8 are a problem naming the file and line. */
export function readDataFile(path: string): { name: string; text: string } | { problem: InputProblem } {
  const name = basename(path);
  const decoded = decodeUtf8(readFileSync(path));
  return "problem" in decoded ? { problem: { file: name, ...decoded.problem } } : { name, text: decoded.text };
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Walks an item tree depth-first with each item's path in the file. */
export function walkItems(
  items: ItemFile[],
  visit: (item: ItemFile, path: string, parent?: ItemFile) => void,
  prefix = "items",
  parent?: ItemFile,
): void {
  items.forEach((item, i) => {
    const path = `${prefix}[${i}]`;
    visit(item, path, parent);
    walkItems(item.children, visit, `${path}.children`, item);
  });
}

/** Finds the item a link or update points at: "1.2" in `plan`, or "other-plan#1.2". */
export function resolveItemRef(
  ref: string,
  plan: PlanFile,
  plans: ReadonlyMap<string, PlanFile>,
): { plan: PlanFile; item: ItemFile } | string {
  const [planSlug, itemRef] = ref.includes("#") ? ref.split("#", 2) : [plan.slug, ref];
  const target = plans.get(planSlug!);
  if (!target) return `plan '${planSlug}' bestaat niet`;
  const item = findByRef(target.items, itemRef!);
  return typeof item === "string" ? `${item} in plan '${target.slug}'` : { plan: target, item };
}

/** Checks references between files. `known` adds organisations/plans already in the database. */
export function crossCheck(
  data: Omit<DataSet, "glossary" | "topics" | "figures"> & { topics?: { slug: string }[] },
  files: { plans: string[]; evaluations: string[] },
  known: { organisations?: Iterable<string>; regions?: Iterable<string>; plans?: Iterable<PlanFile>; topics?: Iterable<string> } = {},
): InputProblem[] {
  const problems: InputProblem[] = [];
  const orgs = new Set([...data.organisations.organisations.map((o) => o.slug), ...(known.organisations ?? [])]);
  const regions = new Set([...data.organisations.regions.map((r) => r.slug), ...(known.regions ?? [])]);
  const topics = data.topics || known.topics ? new Set([...(data.topics ?? []).map((t) => t.slug), ...(known.topics ?? [])]) : undefined;
  const plans = new Map<string, PlanFile>([...(known.plans ?? [])].map((p) => [p.slug, p]));
  for (const p of data.plans) plans.set(p.slug, p);

  data.plans.forEach((plan, pi) => {
    const file = files.plans[pi] ?? plan.slug;
    plan.owners.forEach((o, i) => {
      if (!orgs.has(o)) problems.push({ file, path: `owners[${i}]`, message: `organisatie '${o}' bestaat niet` });
    });
    plan.regions.forEach((r, i) => {
      if (!regions.has(r)) problems.push({ file, path: `regions[${i}]`, message: `regio '${r}' bestaat niet` });
    });
    if (plan.parent && !plans.has(plan.parent)) {
      problems.push({ file, path: "parent", message: `plan '${plan.parent}' bestaat niet` });
    }
    walkItems(plan.items, (item, path) => {
      item.parties.forEach((party, i) =>
        party.organisations.forEach((o, j) => {
          if (!orgs.has(o)) {
            problems.push({ file, path: `${path}.parties[${i}].organisations[${j}]`, message: `organisatie '${o}' bestaat niet` });
          }
        }),
      );
      item.links.forEach((link, i) => {
        const target = resolveItemRef(link.to, plan, plans);
        if (typeof target === "string") problems.push({ file, path: `${path}.links[${i}].to`, message: target });
      });
      if (topics) {
        item.topics.forEach((t, i) => {
          if (!topics.has(t)) problems.push({ file, path: `${path}.topics[${i}]`, message: `onderwerp '${t}' bestaat niet` });
        });
      }
    });
  });

  data.evaluations.forEach((evaluation, ei) => {
    const file = files.evaluations[ei] ?? evaluation.slug;
    const plan = plans.get(evaluation.plan);
    if (!plan) {
      problems.push({ file, path: "plan", message: `plan '${evaluation.plan}' bestaat niet` });
      return;
    }
    evaluation.updates.forEach((update, i) => {
      const target = resolveItemRef(update.item, plan, new Map([[plan.slug, plan]]));
      if (typeof target === "string") problems.push({ file, path: `updates[${i}].item`, message: target });
    });
  });

  const seen = new Map<string, string>();
  const unique = (kind: string, key: string, file: string, path: string) => {
    const id = `${kind}:${key}`;
    if (seen.has(id)) problems.push({ file, path, message: `${kind} '${key}' staat ook in ${seen.get(id)}` });
    else seen.set(id, file);
  };
  data.plans.forEach((p, i) => unique("plan", p.slug, files.plans[i] ?? p.slug, "slug"));
  data.evaluations.forEach((e, i) => unique("evaluatie", e.slug, files.evaluations[i] ?? e.slug, "slug"));
  return problems;
}

/** Reads the whole data folder (data/ in the repository). Throws InputError listing every problem. */
export function readDataDir(dir: string): DataSet {
  const problems: InputProblem[] = [];
  const read = <S extends z.ZodType>(path: string, schema: S): z.infer<S> | undefined => {
    const file = readDataFile(path);
    if ("problem" in file) {
      problems.push(file.problem);
      return undefined;
    }
    const result = parseDataText(file.name, file.text, schema);
    problems.push(...result.problems);
    return result.value;
  };

  const organisations: OrganisationsFile = { organisations: [], regions: [] };
  for (const path of yamlFiles(join(dir, "organisations"))) {
    const part = read(path, organisationsFileSchema);
    if (part) {
      organisations.organisations.push(...part.organisations);
      organisations.regions.push(...part.regions);
    }
  }
  const orgSlugs = new Set<string>();
  for (const o of organisations.organisations) {
    if (orgSlugs.has(o.slug)) problems.push({ file: "organisations", path: o.slug, message: "organisatie staat er twee keer in" });
    orgSlugs.add(o.slug);
  }
  organisations.regions.forEach((r) =>
    r.members.forEach((m, i) => {
      if (!orgSlugs.has(m.organisation)) {
        problems.push({ file: "organisations", path: `${r.slug}.members[${i}]`, message: `organisatie '${m.organisation}' bestaat niet` });
      }
    }),
  );

  const planPaths = yamlFiles(join(dir, "plans"));
  const plans = planPaths.map((p) => read(p, planSchema)).filter((p): p is PlanFile => p !== undefined);
  const evaluationPaths = yamlFiles(join(dir, "evaluations"));
  const evaluations = evaluationPaths.map((p) => read(p, evaluationSchema)).filter((e): e is EvaluationFile => e !== undefined);
  const glossaryPath = join(dir, "glossary.yaml");
  const glossary = existsSync(glossaryPath) ? (read(glossaryPath, glossaryFileSchema)?.terms ?? []) : [];
  const topicsPath = join(dir, "topics.yaml");
  const topics = existsSync(topicsPath) ? (read(topicsPath, topicsFileSchema)?.topics ?? []) : [];

  const figures = yamlFiles(join(dir, "figures")).flatMap((p) => {
    const file = read(p, figuresFileSchema);
    return file ? [{ name: basename(p), file }] : [];
  });

  if (problems.length === 0) {
    problems.push(
      ...crossCheck(
        { organisations, plans, evaluations, topics: existsSync(topicsPath) ? topics : undefined },
        { plans: planPaths.map((p) => basename(p)), evaluations: evaluationPaths.map((p) => basename(p)) },
      ),
    );
  }
  if (problems.length > 0) throw new InputError(problems);
  return { organisations, plans, evaluations, glossary, topics, figures };
}
