/**
 * What the global setup prepares once per test run and hands to the test files (through vitest's
 * `provide`/`inject`). No vitest import here: the global setup runs outside the test workers.
 */
import { resolve } from "node:path";

/** The source plans that a first start loads. */
export const dataDir = resolve(import.meta.dirname, "../../data");

export const PREPARED = "koersPreparedDatabases";

export interface Prepared {
  /** Data-folder dumps (uncompressed tarballs) of PGlite databases. */
  pglite: { empty: string; migrated: string; seeded: string };
  /** Template databases on the PostgreSQL server of KOERS_TEST_DATABASE_URL, when it names one. */
  postgres?: { migrated: string; seeded: string };
}

/** Template names carry the pid of the run that made them, so a later run can tell leftovers from templates in use. */
export const templatePrefix = (pid: number) => `koers_tpl_${pid}_`;
