/**
 * Every database test runs on PGlite, and also on a PostgreSQL server when
 * KOERS_TEST_DATABASE_URL names one (CI always does; without it CI fails here
 * rather than silently skipping PostgreSQL).
 *
 * A database is a copy of one the global setup prepared once for the whole run
 * (test/helpers/global-setup.ts): a PGlite data-folder dump, or a PostgreSQL
 * template database. Only the integration and browser projects have them; a test
 * in the unit project that asks for a database fails here.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { PREPARED, type Prepared } from "./prepared.ts";

export type DatabaseKind = "pglite" | "postgres";

const adminUrl = process.env.KOERS_TEST_DATABASE_URL;
if (process.env.CI && !adminUrl) {
  throw new Error("In CI moet KOERS_TEST_DATABASE_URL naar een PostgreSQL-server wijzen.");
}

export const databaseKinds: DatabaseKind[] = adminUrl ? ["pglite", "postgres"] : ["pglite"];

export interface TestDatabase extends Database {
  /** For PostgreSQL: the URL of this database, for code that opens its own connection. */
  url?: string;
  /** Closes the connection and removes the database. */
  dispose(): Promise<void>;
}

/** empty: no tables; migrated: every migration run; seeded: migrated with the source plans loaded. */
export type Stage = "empty" | "migrated" | "seeded";

function prepared(): Prepared {
  const value = inject(PREPARED);
  if (!value) {
    throw new Error(
      "Deze test vraagt een database, maar het testproject heeft er geen (alleen 'integration' en 'browser' hebben er een). " +
        "Zet het testbestand op een plek van het project 'integration' (zie vitest.config.ts).",
    );
  }
  return value;
}

/** The file of the PGlite data-folder dump (an uncompressed tarball) of that stage. */
export const preparedDumpFile = (stage: Stage) => prepared().pglite[stage];

const dumps = new Map<string, Blob>();

/** The dump of that stage, read from disk once per test file. */
export function pgliteDump(stage: Stage): Blob {
  const file = preparedDumpFile(stage);
  let blob = dumps.get(file);
  if (!blob) dumps.set(file, (blob = new Blob([readFileSync(file)])));
  return blob;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database of the given kind, copied from the one prepared for that stage. */
export async function preparedDatabase(kind: DatabaseKind, stage: Stage): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await openDatabase({ memory: true, load: pgliteDump(stage) });
    return { ...database, dispose: () => database.close() };
  }
  if (!adminUrl) throw new Error("Een PostgreSQL-test zonder KOERS_TEST_DATABASE_URL.");
  const templates = prepared().postgres;
  if (!templates) throw new Error("De testdatabases voor PostgreSQL zijn niet voorbereid (KOERS_TEST_DATABASE_URL ontbrak bij de start).");
  const name = `koers_test_${randomBytes(6).toString("hex")}`;
  // "empty" copies template1, as a plain `create database` does.
  await admin((c) => c.query(stage === "empty" ? `create database ${name}` : `create database ${name} template ${templates[stage]}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** A new, migrated database of the given kind; with `migrate: false` an empty one (no tables). */
export async function freshDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return preparedDatabase(kind, options.migrate === false ? "empty" : "migrated");
}
