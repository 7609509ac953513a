import { and, asc, eq, sql } from "drizzle-orm";
import { ConflictError, isUniqueViolation, NotFoundError } from "../../lib/errors.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import { canEditGlossary, refusal } from "../access/policy.ts";
import { actorOf, type Viewer } from "../access/viewer.ts";
import { record } from "../audit/service.ts";
import type { Db } from "../../db/client.ts";
import { compileGlossary, type Glossary } from "./explain.ts";
import { glossaryEntrySchema, type GlossaryEntry } from "./format.ts";
import { glossaryTerms } from "./schema.ts";

export type GlossaryTerm = GlossaryEntry & { id: number; version: number };

/** A term with who changed it last and when: for the edit form. */
export type GlossaryTermDetail = GlossaryTerm & { updatedAt: Date; updatedBy: string | null };

/**
 * How long a process trusts its copy of the glossary for explaining terms on pages.
 * Changes through this service take effect at once in the process that makes them;
 * other processes on the same PostgreSQL database see them within this time.
 */
export const GLOSSARY_TTL_MS = 60_000;

/** Raised by every change through this service; a copy loaded before the last change is not used. */
let generation = 0;
const copies = new WeakMap<Db, { generation: number; until: number; glossary: Promise<Glossary> }>();

function glossaryChanged() {
  generation++;
}

/**
 * The glossary for explaining terms on pages, from memory: loaded at start-up,
 * again after a change through this service, and after GLOSSARY_TTL_MS.
 * An ordinary page view does not query the database for it.
 */
export function glossaryForPages(db: Db): Promise<Glossary> {
  const copy = copies.get(db);
  if (copy && copy.generation === generation && Date.now() < copy.until) return copy.glossary;
  const fresh = { generation, until: Date.now() + GLOSSARY_TTL_MS, glossary: listGlossary(db).then(compileGlossary) };
  copies.set(db, fresh);
  // A failed load is not kept: the next page tries again.
  fresh.glossary.catch(() => copies.get(db) === fresh && copies.delete(db));
  return fresh.glossary;
}

export async function upsertGlossary(db: Db, entries: GlossaryEntry[]): Promise<void> {
  for (const e of entries) {
    const values = { term: e.term, full: e.full ?? null, meaning: e.meaning };
    await db
      .insert(glossaryTerms)
      .values(values)
      .onConflictDoUpdate({ target: glossaryTerms.term, set: { ...values, version: sql`${glossaryTerms.version} + 1`, updatedAt: new Date() } });
  }
  // Called inside the import's transaction: a page loaded before it commits may keep the old copy for GLOSSARY_TTL_MS.
  if (entries.length > 0) glossaryChanged();
}

const toTerm = (r: typeof glossaryTerms.$inferSelect): GlossaryTerm => ({
  id: r.id,
  term: r.term,
  ...(r.full !== null && { full: r.full }),
  meaning: r.meaning,
  version: r.version,
});

export async function listGlossary(db: Db): Promise<GlossaryTerm[]> {
  const rows = await db.select().from(glossaryTerms).orderBy(asc(sql`lower(${glossaryTerms.term})`));
  return rows.map(toTerm);
}

export async function getGlossaryTerm(db: Db, id: number): Promise<GlossaryTermDetail> {
  const [row] = Number.isSafeInteger(id) ? await db.select().from(glossaryTerms).where(eq(glossaryTerms.id, id)) : [];
  if (!row) throw new NotFoundError("Dit begrip bestaat niet (meer).");
  return { ...toTerm(row), updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** Someone else saved the term after the form was opened: nothing was saved. */
export class StaleTermError extends ConflictError {
  constructor(readonly current: GlossaryTermDetail) {
    super(`Het begrip '${current.term}' is intussen gewijzigd door iemand anders. Uw wijzigingen zijn nog niet opgeslagen.`);
    this.name = "StaleTermError";
  }
}

/** A term that is already in the list (also when two people add it at the same time). */
const taken = (term: string) => new ConflictError(`Het begrip '${term}' staat al in de lijst. Zoek het op en pas het daar aan.`);

/** What a form or API sends for a term; `version` is required when changing one (`id`). */
export interface TermInput {
  term: string;
  full?: string | undefined;
  meaning: string;
  id?: number | undefined;
  version?: number | undefined;
}

/**
 * Adds a term (no id) or changes one, from the version the editor started with;
 * recorded in the audit trail. Refuses invalid or too long text (InputError), a
 * term that is already there (ConflictError) and a save from an older version (StaleTermError).
 */
export async function saveGlossaryTerm(db: Db, viewer: Viewer, input: TermInput): Promise<{ id: number; version: number }> {
  if (!canEditGlossary(viewer)) throw refusal(viewer);
  const parsed = glossaryEntrySchema.safeParse({ term: input.term, ...(input.full?.trim() && { full: input.full }), meaning: input.meaning });
  if (!parsed.success) throw new InputError(zodProblems("begrip", parsed.error));
  const values = { term: parsed.data.term, full: parsed.data.full ?? null, meaning: parsed.data.meaning };
  const stamp = { updatedAt: new Date(), updatedBy: actorOf(viewer).actor };
  try {
    const saved = await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      if (input.id === undefined) {
        // Two people adding the same term at once: the second insert waits for the first and then adds nothing.
        const [row] = await t.insert(glossaryTerms).values({ ...values, ...stamp }).onConflictDoNothing({ target: glossaryTerms.term }).returning();
        if (!row) throw taken(values.term);
        await recordTerm(t, viewer, row.id, "toegevoegd", { after: values });
        return row;
      }
      const id = input.id;
      if (!Number.isSafeInteger(input.version)) {
        throw new InputError([{ file: "begrip", path: "version", message: "Het formulier mist de versie van het begrip. Open het begrip opnieuw." }]);
      }
      const [before] = await t.select().from(glossaryTerms).where(eq(glossaryTerms.id, id));
      if (!before) throw new NotFoundError("Dit begrip bestaat niet (meer).");
      const [row] = await t
        .update(glossaryTerms)
        .set({ ...values, ...stamp, version: sql`${glossaryTerms.version} + 1` })
        .where(and(eq(glossaryTerms.id, id), eq(glossaryTerms.version, input.version!)))
        .returning();
      if (!row) throw new StaleTermError(await getGlossaryTerm(t, id));
      await recordTerm(t, viewer, id, "gewijzigd", { before, after: values });
      return row;
    });
    glossaryChanged();
    return { id: saved.id, version: saved.version };
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(values.term);
    throw error;
  }
}

type TermValues = { term: string; full: string | null; meaning: string };

/** Records a change of a term in the audit log, named by the term as it is after (or, deleted, was before). */
function recordTerm(t: Db, viewer: Viewer, id: number, change: "toegevoegd" | "gewijzigd" | "verwijderd", values: { before?: TermValues; after?: TermValues }) {
  const { before, after } = values;
  return record(t, viewer, {
    action: `begrip-${change}`,
    entityType: "begrip",
    entityId: id,
    summary: `Begrip '${(after ?? before)!.term}' ${change}`,
    ...(before && { before: { term: before.term, full: before.full, meaning: before.meaning } }),
    ...(after && { after }),
  });
}

export async function deleteGlossaryTerm(db: Db, viewer: Viewer, id: number): Promise<void> {
  if (!canEditGlossary(viewer)) throw refusal(viewer);
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.delete(glossaryTerms).where(eq(glossaryTerms.id, id)).returning();
    if (!before) throw new NotFoundError("Dit begrip bestaat niet (meer).");
    await recordTerm(t, viewer, id, "verwijderd", { before });
  });
  glossaryChanged();
}
