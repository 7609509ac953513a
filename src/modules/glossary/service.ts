import { asc, eq, sql } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { canEditGlossary, ForbiddenError } from "../accounts/policy.ts";
import type { Viewer } from "../accounts/viewer.ts";
import { record } from "../audit/service.ts";
import type { Db } from "../../db/client.ts";
import type { GlossaryEntry } from "./format.ts";
import { glossaryTerms } from "./schema.ts";

export async function upsertGlossary(db: Db, entries: GlossaryEntry[]): Promise<void> {
  for (const e of entries) {
    const values = { term: e.term, full: e.full ?? null, meaning: e.meaning };
    await db.insert(glossaryTerms).values(values).onConflictDoUpdate({ target: glossaryTerms.term, set: values });
  }
}

export async function listGlossary(db: Db): Promise<(GlossaryEntry & { id: number })[]> {
  const rows = await db.select().from(glossaryTerms).orderBy(asc(sql`lower(${glossaryTerms.term})`));
  return rows.map((r) => ({ id: r.id, term: r.term, ...(r.full !== null && { full: r.full }), meaning: r.meaning }));
}

/** Adds a term (no id) or changes one; recorded in the audit trail. */
export async function saveGlossaryTerm(db: Db, viewer: Viewer, entry: GlossaryEntry & { id?: number | undefined }): Promise<void> {
  if (!canEditGlossary(viewer)) throw new ForbiddenError();
  const values = { term: entry.term.trim(), full: entry.full?.trim() || null, meaning: entry.meaning.trim() };
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [clash] = await t.select({ id: glossaryTerms.id }).from(glossaryTerms).where(eq(glossaryTerms.term, values.term));
    if (clash && clash.id !== entry.id) throw new ConflictError(`Het begrip '${values.term}' staat al in de lijst.`);
    if (entry.id === undefined) {
      const [row] = await t.insert(glossaryTerms).values(values).returning({ id: glossaryTerms.id });
      await record(t, viewer, { action: "begrip-toegevoegd", entityType: "begrip", entityId: row!.id, summary: `Begrip '${values.term}' toegevoegd`, after: values });
      return;
    }
    const [before] = await t.select().from(glossaryTerms).where(eq(glossaryTerms.id, entry.id));
    if (!before) throw new NotFoundError("Dit begrip bestaat niet (meer).");
    await t.update(glossaryTerms).set(values).where(eq(glossaryTerms.id, entry.id));
    await record(t, viewer, {
      action: "begrip-gewijzigd",
      entityType: "begrip",
      entityId: entry.id,
      summary: `Begrip '${values.term}' gewijzigd`,
      before: { term: before.term, full: before.full, meaning: before.meaning },
      after: values,
    });
  });
}

export async function deleteGlossaryTerm(db: Db, viewer: Viewer, id: number): Promise<void> {
  if (!canEditGlossary(viewer)) throw new ForbiddenError();
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [before] = await t.delete(glossaryTerms).where(eq(glossaryTerms.id, id)).returning();
    if (!before) throw new NotFoundError("Dit begrip bestaat niet (meer).");
    await record(t, viewer, {
      action: "begrip-verwijderd",
      entityType: "begrip",
      entityId: id,
      summary: `Begrip '${before.term}' verwijderd`,
      before: { term: before.term, full: before.full, meaning: before.meaning },
    });
  });
}
