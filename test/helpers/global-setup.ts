/**
 * Once per test run: prepares the databases that test files copy instead of building their own
 * (see docs/decisions/0011-test-setup.md).
 *
 * - PGlite: a data-folder dump (PGlite `dumpDataDir`) of an empty, a migrated and a migrated and
 *   seeded database, written to a temporary folder; each test file starts an in-memory PGlite
 *   from one of them (`loadDataDir`).
 * - PostgreSQL (when KOERS_TEST_DATABASE_URL names a server): a migrated and a migrated and seeded
 *   template database; each test file gets `create database … template …`. Connections to the
 *   templates are switched off once they are ready, because PostgreSQL copies a database only
 *   while nobody is connected to it. The teardown drops them; templates left behind by a run that
 *   was killed are dropped by the next run.
 *
 * Both are built from the migrations and data/ as they are at the start of the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { isRunning, openDatabase, type Database } from "../../src/db/client.ts";
import { seedOnce } from "../../src/modules/exchange/service.ts";
import { dataDir, PREPARED, templatePrefix, type Prepared } from "./prepared.ts";

declare module "vitest" {
  interface ProvidedContext {
    [PREPARED]: Prepared;
  }
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function preparePglite(folder: string): Promise<Prepared["pglite"]> {
  const files = { empty: join(folder, "empty.tar"), migrated: join(folder, "migrated.tar"), seeded: join(folder, "seeded.tar") };
  const database = await openDatabase({ memory: true });
  const client = (database.db as unknown as { $client: PGlite }).$client;
  // Uncompressed: loading a tarball of ~40 MB is faster than unzipping one of ~5 MB.
  const dump = async (file: string) => writeFileSync(file, new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer()));
  try {
    await dump(files.empty);
    await database.migrate();
    await dump(files.migrated);
    await seedOnce(database, dataDir);
    await dump(files.seeded);
  } finally {
    await database.close();
  }
  return files;
}

async function preparePostgres(adminUrl: string): Promise<{ prepared: NonNullable<Prepared["postgres"]>; drop: () => Promise<void> }> {
  const prefix = templatePrefix(process.pid);
  const names = { migrated: `${prefix}migrated`, seeded: `${prefix}seeded` };
  const drop = () =>
    admin(adminUrl, async (c) => {
      for (const name of Object.values(names)) await c.query(`drop database if exists ${name} with (force)`);
    });
  const open = (name: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return openDatabase({ url: url.toString() });
  };
  const using = async (name: string, work: (database: Database) => Promise<unknown>) => {
    const database = await open(name);
    try {
      await work(database);
    } finally {
      await database.close();
    }
  };
  try {
    await admin(adminUrl, async (c) => {
      // Templates of earlier runs whose process is gone (killed before their teardown).
      const { rows } = await c.query<{ datname: string }>("select datname from pg_database where datname like 'koers_tpl_%'");
      for (const { datname } of rows) {
        const pid = Number(/^koers_tpl_(\d+)_/.exec(datname)?.[1]);
        if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) await c.query(`drop database if exists ${datname} with (force)`);
      }
      await c.query(`create database ${names.migrated}`);
    });
    await using(names.migrated, (database) => database.migrate());
    // The seeded template starts as a copy of the migrated one, so the migrations run once.
    await admin(adminUrl, (c) => c.query(`create database ${names.seeded} template ${names.migrated}`));
    await using(names.seeded, (database) => seedOnce(database, dataDir));
    await admin(adminUrl, async (c) => {
      for (const name of Object.values(names)) await c.query(`alter database ${name} allow_connections false`);
    });
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { prepared: names, drop };
}

async function prepare() {
  const started = performance.now();
  const adminUrl = process.env.KOERS_TEST_DATABASE_URL;
  if (adminUrl) {
    await admin(adminUrl, (c) => c.query("select 1")).catch((error: Error) => {
      throw new Error(`PostgreSQL voor de tests (KOERS_TEST_DATABASE_URL) is niet bereikbaar: ${error.message}`);
    });
  }
  const folder = mkdtempSync(join(tmpdir(), "koers-test-databases-"));
  const [pglite, postgres] = await Promise.allSettled([preparePglite(folder), adminUrl ? preparePostgres(adminUrl) : undefined]);
  const remove = async () => {
    rmSync(folder, { recursive: true, force: true });
    if (postgres.status === "fulfilled") await postgres.value?.drop();
  };
  if (pglite.status === "rejected" || postgres.status === "rejected") {
    await remove();
    throw pglite.status === "rejected" ? pglite.reason : (postgres as PromiseRejectedResult).reason;
  }
  if (process.env.KOERS_TEST_TIMINGS) console.log(`Testdatabases voorbereid in ${Math.round(performance.now() - started)} ms`);
  return { prepared: { pglite: pglite.value, postgres: postgres.value?.prepared } satisfies Prepared, remove };
}

/**
 * The integration and browser projects each name this file; the first to start prepares and
 * the last to finish removes. globalThis is shared by the global setups of all projects (they
 * run in vitest's main process), module state is not.
 */
const shared = globalThis as typeof globalThis & {
  koersPreparedDatabases?: { ready: ReturnType<typeof prepare>; users: number };
};

export default async function setup(project: TestProject) {
  const state = (shared.koersPreparedDatabases ??= { ready: prepare(), users: 0 });
  state.users += 1;
  const { prepared, remove } = await state.ready;
  project.provide(PREPARED, prepared);
  return async () => {
    state.users -= 1;
    if (state.users > 0) return;
    delete shared.koersPreparedDatabases;
    await remove();
  };
}
