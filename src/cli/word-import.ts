/**
 * `koers import FILE.docx`: a plan from a Word document, through the same command as the
 * pages (wordimport/service.ts). With --dry-run it prints the proposed plan in the exchange
 * format and writes nothing; without, it needs the owners (--owner) and imports the plan as
 * an unpublished concept.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Database } from "../db/client.ts";
import { InputError } from "../lib/validation.ts";
import type { Viewer } from "../modules/access/viewer.ts";
import { DocxFileError } from "../modules/wordimport/zip.ts";
import { importWordPlan, type WordImportInput } from "../modules/wordimport/service.ts";

export interface WordCliOptions {
  dryRun?: boolean;
  owner?: string[];
  slug?: string;
  title?: string;
  period?: string;
}

/** "schooljaar 2025-2026,2025-08-01,2026-07-31" → a period. */
function periodOf(text: string | undefined): WordImportInput["period"] {
  if (!text) return undefined;
  const [label, start, end] = text.split(",").map((s) => s.trim());
  return { label: label ?? "", start: start ?? "", end: end ?? "" };
}

export async function importWordFile(database: Database, viewer: Viewer, path: string, options: WordCliOptions) {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new Error("map");
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new InputError([{ file: path, path: "(bestand)", message: "bestand niet gevonden" }]);
  }
  const dryRun = options.dryRun ?? false;
  if (!dryRun && (options.owner ?? []).length === 0) {
    throw new InputError([{ file: name, path: "(opdracht)", message: "geef met --owner de korte naam van de organisatie(s) die eigenaar worden (of kijk eerst met --dry-run)" }]);
  }
  try {
    const result = await importWordPlan(
      database,
      viewer,
      bytes,
      { owners: options.owner ?? [], ...(options.slug ? { slug: options.slug } : {}), ...(options.title ? { title: options.title } : {}), ...(options.period ? { period: periodOf(options.period) } : {}) },
      { dryRun, fileName: name, requireOwners: !dryRun },
    );
    if (result.problems.length > 0) throw new InputError(result.problems);
    return result;
  } catch (error) {
    if (error instanceof DocxFileError) throw new InputError([{ file: name, path: "(bestand)", message: error.message }]);
    throw error;
  }
}
