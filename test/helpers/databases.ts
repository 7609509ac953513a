/**
 * Every database test runs on PGlite, and also on a PostgreSQL server when
 * KOERS_TEST_DATABASE_URL names one (CI always does; without it CI fails here
 * rather than silently skipping PostgreSQL).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/client.ts";

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

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty, migrated database of the given kind; `template` copies a prepared PostgreSQL database. */
export async function freshDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await openDatabase({ memory: true });
    if (options.migrate !== false) await database.migrate();
    return { ...database, dispose: () => database.close() };
  }
  const name = `koers_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  if (options.migrate !== false) await database.migrate();
  return {
    ...database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
