/**
 * Opens the database: PGlite (PostgreSQL in WebAssembly, in-process) in a data
 * folder by default, or a PostgreSQL server when a URL is given. Both get the
 * same schema and the same committed migrations.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import pg from "pg";
import { instrumentQueries } from "./query-stats.ts";
import { routeReads } from "./replica.ts";
import * as schema from "./schema.ts";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * Runs independent queries side by side on a pool; one after the other inside a
 * transaction, which has a single connection that takes one query at a time.
 */
export async function together<T extends readonly unknown[]>(db: Db, queries: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  if (!(db instanceof PgTransaction)) return Promise.all(queries.map((q) => q())) as unknown as Promise<T>;
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as unknown as T;
}

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages: a folder or a server URL without password. */
  location: string;
  /** With a read replica (DATABASE_READ_URL): runs `work` with its queries on the replica. */
  onReplica?: <T>(work: () => Promise<T>) => Promise<T>;
  /** What the job queue connects with: the embedded instance itself, or the server's URL. */
  connection: { kind: "pglite"; client: PGlite } | { kind: "postgres"; url: string };
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = resolve(import.meta.dirname, "migrations");
/** Tables of later migrations raise the data stamp too (migration 0016). */
const stampTables = sql`select koers_stamp_tables()`;

/**
 * PGlite's default of 128 MB shared buffers is far more than the embedded data set
 * (a few MB) needs and shows up one-for-one in the server's memory; see
 * docs/performance/startup.md. unaccent: full-text search ignores accents (migration 0003).
 */
const pgliteOptions = { postgresqlconf: "shared_buffers=32MB", extensions: { unaccent } };

/** `memory` with `load`: an in-memory database that starts from a data-folder dump (PGlite `dumpDataDir`), as the tests do. */
export type DatabaseTarget = { url: string; readUrl?: string | undefined } | { dir: string } | { memory: true; load?: Blob };

export class DatabaseBusyError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `De ingebouwde database in ${dir} is in gebruik door een ander Koers-proces (pid ${pid}). ` +
        "Stop dat proces eerst (bijvoorbeeld de server), of gebruik een PostgreSQL-server via DATABASE_URL.",
    );
    this.name = "DatabaseBusyError";
  }
}

/** Whether a process with this id is running (EPERM: it is, but belongs to another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The embedded database admits one process at a time; a lock file says which. */
function acquireLock(dir: string): () => void {
  const lockFile = join(dir, "koers.lock");
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) throw new DatabaseBusyError(dir, pid);
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (a restart, a dropped database) must not crash Koers:
  // the pool drops it and the next query opens a new one.
  pool.on("error", (error) => process.emitWarning(`PostgreSQL-verbinding verbroken: ${error.message}`));
  // Queries outside a transaction go through the pool, those inside one through its client.
  instrumentQueries(pool, "query");
  pool.on("connect", (connection) => instrumentQueries(connection, "query"));
  return pool;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ("url" in target) {
    const pool = openPool(target.url);
    const primary = drizzlePg(pool, { schema }) as unknown as Db;
    const readPool = target.readUrl ? openPool(target.readUrl) : undefined;
    const routing = readPool ? routeReads(primary, drizzlePg(readPool, { schema }) as unknown as Db) : undefined;
    const url = new URL(target.url);
    url.password = "";
    return {
      db: routing?.db ?? primary,
      kind: "postgres",
      location: url.toString(),
      ...(routing && { onReplica: routing.onReplica }),
      connection: { kind: "postgres", url: target.url },
      migrate: async () => {
        await migratePg(primary as never, { migrationsFolder });
        await primary.execute(stampTables);
      },
      close: async () => {
        await Promise.all([pool.end(), readPool?.end()]);
      },
    };
  }
  let release = () => {};
  let client: PGlite;
  let location = "geheugen";
  if ("dir" in target) {
    mkdirSync(target.dir, { recursive: true });
    release = acquireLock(target.dir);
    location = target.dir;
    client = new PGlite(target.dir, pgliteOptions);
  } else {
    client = new PGlite({ ...pgliteOptions, loadDataDir: target.load });
  }
  await client.waitReady;
  instrumentQueries(client, "query");
  const transaction = client.transaction.bind(client);
  client.transaction = (work) =>
    transaction((tx) => {
      instrumentQueries(tx, "query");
      return work(tx);
    });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location,
    connection: { kind: "pglite", client },
    migrate: async () => {
      await migratePglite(db as never, { migrationsFolder });
      await db.execute(stampTables);
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

export function databaseTarget(config: { databaseUrl: string | undefined; databaseReadUrl?: string | undefined; dataDir: string }): DatabaseTarget {
  return config.databaseUrl ? { url: config.databaseUrl, readUrl: config.databaseReadUrl } : { dir: join(config.dataDir, "db") };
}
