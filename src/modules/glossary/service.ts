import { asc, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { GlossaryEntry } from "./format.ts";
import { glossaryTerms } from "./schema.ts";

export async function upsertGlossary(db: Db, entries: GlossaryEntry[]): Promise<void> {
  for (const e of entries) {
    const values = { term: e.term, full: e.full ?? null, meaning: e.meaning };
    await db.insert(glossaryTerms).values(values).onConflictDoUpdate({ target: glossaryTerms.term, set: values });
  }
}

export async function listGlossary(db: Db): Promise<GlossaryEntry[]> {
  const rows = await db.select().from(glossaryTerms).orderBy(asc(sql`lower(${glossaryTerms.term})`));
  return rows.map((r) => ({ term: r.term, ...(r.full !== null && { full: r.full }), meaning: r.meaning }));
}
