/**
 * Import and export of the structured files (plans, evaluations, organisations,
 * topics, glossary). An import is validated completely before anything is
 * written, and then written in one transaction: every file lands or none does.
 */
import { figuresFileSchema, type FiguresFile } from "../figures/format.ts";
import { insertFigures } from "../figures/exchange.ts";
import { statSync } from "node:fs";
import { eq } from "drizzle-orm";
import { parse } from "yaml";
import type { Database, Db } from "../../db/client.ts";
import { systemState } from "../../db/system-schema.ts";
import { isUniqueViolation } from "../../lib/errors.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import { upsertGlossary } from "../glossary/service.ts";
import { glossaryFileSchema } from "../glossary/format.ts";
import { organisationsFileSchema, type OrganisationsFile } from "../organisations/format.ts";
import { allOrganisationSlugs, allRegionSlugs, upsertOrganisations } from "../organisations/service.ts";
import { crossCheck, parseDataText, readDataDir, readDataFile, type DataSet } from "./data-files.ts";
import { planSchema, topicsFileSchema, type PlanFile } from "../plans/format.ts";
import { allTopicSlugs, getPlan, PlanNotFoundError, planRef } from "../plans/reading.ts";
import { insertPlans, PlanConflictError, toPlanFile, upsertTopics } from "../plans/exchange.ts";
import { evaluationSchema } from "../evaluations/format.ts";
import { countUpdatesForPlans, insertEvaluations } from "../evaluations/service.ts";
import { adoptedOnArrival, takeSnapshot } from "../plans/snapshots.ts";

export type FileKind = "plan" | "evaluation" | "organisations" | "topics" | "glossary" | "figures";

/** Tells what a data file holds from its top-level keys. */
export function detectKind(raw: unknown): FileKind | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const keys = new Set(Object.keys(raw));
  if (keys.has("levels") || keys.has("items")) return "plan";
  if (keys.has("indicators")) return "figures";
  if (keys.has("updates") || (keys.has("plan") && keys.has("period"))) return "evaluation";
  if (keys.has("organisations") || keys.has("regions")) return "organisations";
  if (keys.has("terms")) return "glossary";
  if (keys.has("topics")) return "topics";
  return undefined;
}

const schemas = {
  plan: planSchema,
  evaluation: evaluationSchema,
  organisations: organisationsFileSchema,
  topics: topicsFileSchema,
  glossary: glossaryFileSchema,
  figures: figuresFileSchema,
};

/** Parses and validates the texts of several files into one data set, or lists every problem. */
export function parseFiles(files: { name: string; text: string }[]): { data: DataSet; names: { plans: string[]; evaluations: string[] } } {
  const problems: InputProblem[] = [];
  const data: DataSet = { organisations: { organisations: [], regions: [] }, plans: [], evaluations: [], glossary: [], topics: [], figures: [] };
  const names = { plans: [] as string[], evaluations: [] as string[] };
  for (const { name, text } of files) {
    let raw: unknown;
    try {
      raw = parse(text);
    } catch {
      raw = undefined; // parseDataText reports the syntax error below
    }
    // A file that is not YAML at all is reported by parseDataText, with the parser's message.
    const kind = raw === undefined ? "plan" : detectKind(raw);
    if (!kind) {
      problems.push({
        file: name,
        path: "(bestand)",
        message: "onbekend soort bestand: verwacht een plan, evaluatie, organisaties, onderwerpen, begrippenlijst of cijfers",
      });
      continue;
    }
    const result = parseDataText(name, text, schemas[kind]);
    problems.push(...result.problems);
    if (!result.value) continue;
    switch (kind) {
      case "plan":
        data.plans.push(result.value as PlanFile);
        names.plans.push(name);
        break;
      case "evaluation":
        data.evaluations.push(result.value as DataSet["evaluations"][number]);
        names.evaluations.push(name);
        break;
      case "organisations": {
        const o = result.value as OrganisationsFile;
        data.organisations.organisations.push(...o.organisations);
        data.organisations.regions.push(...o.regions);
        break;
      }
      case "topics":
        data.topics.push(...(result.value as { topics: DataSet["topics"] }).topics);
        break;
      case "glossary":
        data.glossary.push(...(result.value as { terms: DataSet["glossary"] }).terms);
        break;
      case "figures":
        data.figures.push({ name, file: result.value as FiguresFile });
        break;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { data, names };
}

export interface ImportSummary {
  organisations: number;
  regions: number;
  topics: number;
  glossary: number;
  plans: string[];
  evaluations: string[];
  /** Indicators and measurements written from figures files. */
  figures: { indicators: number; measurements: number };
}

/**
 * Checks a data set against what the database already holds, then writes it in
 * one transaction. Errors: InputError (bad references, named by file and field),
 * PlanConflictError / EvaluationConflictError (already there, or in use).
 */
export async function importDataSet(
  database: Pick<Database, "db">,
  data: DataSet,
  names: { plans: string[]; evaluations: string[] },
  options: { replace?: boolean; markSeeded?: boolean; viewer?: Viewer; dryRun?: boolean } = {},
): Promise<ImportSummary> {
  const { db } = database;
  const importedPlans = new Set(data.plans.map((p) => p.slug));
  const referenced = new Set<string>();
  for (const p of data.plans) {
    if (p.parent) referenced.add(p.parent);
    walkLinks(p, (to) => to.includes("#") && referenced.add(to.split("#")[0]!));
  }
  for (const e of data.evaluations) referenced.add(e.plan);
  const knownPlans: PlanFile[] = [];
  for (const slug of referenced) {
    if (importedPlans.has(slug)) continue;
    try {
      knownPlans.push(toPlanFile(await getPlan(db, system, slug)));
    } catch (error) {
      if (!(error instanceof PlanNotFoundError)) throw error;
    }
  }
  const problems = crossCheck(
    { organisations: data.organisations, plans: data.plans, evaluations: data.evaluations, topics: data.topics },
    names,
    {
      organisations: await allOrganisationSlugs(db),
      regions: await allRegionSlugs(db),
      plans: knownPlans,
      topics: await allTopicSlugs(db),
    },
  );
  if (problems.length > 0) throw new InputError(problems);
  if (options.replace) {
    const updates = await countUpdatesForPlans(db, [...importedPlans]);
    if (updates > 0) {
      throw new PlanConflictError(
        `Dit plan kan niet vervangen worden: er zijn ${updates} voortgangsrapportage(s) over zijn onderdelen vastgelegd.`,
      );
    }
  }

  let figures = { indicators: 0, measurements: 0 };
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await upsertOrganisations(t, data.organisations);
    await upsertTopics(t, data.topics);
    await upsertGlossary(t, data.glossary);
    await insertPlans(t, data.plans, options);
    await insertEvaluations(t, data.evaluations, options);
    figures = await insertFigures(t, data.figures.map((f) => f.file), data.figures.map((f) => f.name), options.viewer ?? system);
    for (const plan of data.plans) {
      const { id } = await planRef(t, system, plan.slug);
      await record(t, options.viewer ?? system, {
        action: "plan-ingelezen",
        entityType: "plan",
        entityId: plan.slug,
        planId: id,
        summary: `Plan '${plan.title}' ingelezen${options.replace ? " (vervangen)" : ""}`,
      });
      // A plan that arrives adopted starts with that adopted version kept. Once: replacing the plan
      // removes it with its versions, so a second import keeps one again, not a second one.
      const adopted = adoptedOnArrival(plan);
      if (adopted) await takeSnapshot(t, options.viewer ?? system, plan.slug, adopted, "import");
    }
    if (options.markSeeded) {
      await t.insert(systemState).values({ key: "seeded", value: new Date().toISOString() });
    }
    // A dry run writes everything, so that every check of the database runs, and then takes it all back.
    if (options.dryRun) throw new DryRunRollback();
  }).catch((error: unknown) => {
    if (error instanceof DryRunRollback) return;
    // Another import (or edit) added the same plan or evaluation while this one ran: the unique
    // index refused it at the end, and the transaction wrote nothing.
    if (!options.markSeeded && isUniqueViolation(error)) {
      const what = [...data.plans.map((p) => `plan '${p.slug}'`), ...data.evaluations.map((e) => `evaluatie '${e.slug}'`)].join(", ") || "wat in deze bestanden staat";
      throw new PlanConflictError(`Niets ingelezen: ${what} is intussen door een andere import toegevoegd. Er is niets gewijzigd; kijk wat er nu staat, en lees opnieuw in (met --replace om te vervangen).`);
    }
    throw error;
  });
  return {
    organisations: data.organisations.organisations.length,
    regions: data.organisations.regions.length,
    topics: data.topics.length,
    glossary: data.glossary.length,
    plans: data.plans.map((p) => p.slug),
    evaluations: data.evaluations.map((e) => e.slug),
    figures,
  };
}

/** Thrown at the end of a dry run's transaction to roll it back; never leaves importDataSet. */
class DryRunRollback extends Error {}

function walkLinks(plan: PlanFile, visit: (to: string) => void) {
  const walk = (list: PlanFile["items"]) =>
    list.forEach((i) => {
      i.links.forEach((l) => visit(l.to));
      walk(i.children);
    });
  walk(plan.items);
}

/** `koers import PATH…`: files, or folders laid out like data/. */
export async function importPaths(database: Database, paths: string[], options: { replace?: boolean; viewer?: Viewer; dryRun?: boolean } = {}): Promise<ImportSummary & { data: DataSet }> {
  const files: { name: string; text: string }[] = [];
  const unreadable: InputProblem[] = [];
  const folders: DataSet[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new InputError([{ file: path, path: "(bestand)", message: "bestand niet gevonden" }]);
    }
    if (isDir) folders.push(readDataDir(path));
    else {
      const file = readDataFile(path);
      if ("problem" in file) unreadable.push(file.problem);
      else files.push(file);
    }
  }
  if (unreadable.length > 0) throw new InputError(unreadable);
  const { data, names } = parseFiles(files);
  for (const f of folders) {
    data.organisations.organisations.push(...f.organisations.organisations);
    data.organisations.regions.push(...f.organisations.regions);
    data.topics.push(...f.topics);
    data.glossary.push(...f.glossary);
    data.plans.push(...f.plans);
    data.evaluations.push(...f.evaluations);
    data.figures.push(...f.figures);
    names.plans.push(...f.plans.map((p) => p.slug));
    names.evaluations.push(...f.evaluations.map((e) => e.slug));
  }
  return { ...(await importDataSet(database, data, names, options)), data };
}

/**
 * On the first start of a database, loads the structured files of the source
 * plans. Runs once per database: later starts never load over what users changed.
 */
export async function seedOnce(database: Database, seedDir: string): Promise<ImportSummary | undefined> {
  const [done] = await database.db.select().from(systemState).where(eq(systemState.key, "seeded"));
  if (done) return undefined;
  const data = readDataDir(seedDir);
  return importDataSet(
    database,
    data,
    { plans: data.plans.map((p) => `${p.slug}.yaml`), evaluations: data.evaluations.map((e) => `${e.slug}.yaml`) },
    { markSeeded: true },
  );
}

