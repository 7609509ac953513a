import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { count, eq, is, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { databaseKinds, freshDatabase } from "../../test/helpers/databases.ts";
import { dataDir } from "../../test/helpers/seeded.ts";
import { seedOnce } from "../modules/exchange/service.ts";
import { plans } from "../modules/plans/schema.ts";
import { openDatabase } from "./client.ts";
import * as schema from "./schema.ts";

const tableNames = (Object.values(schema) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((t) => getTableConfig(t).name)
  .sort();

describe.each(databaseKinds)("migrations on %s", (kind) => {
  it("create every table of the schema, and running them again changes nothing", async () => {
    const database = await freshDatabase(kind, { migrate: false });
    try {
      await database.migrate();
      await database.migrate();
      const rows = await database.db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      const names = (rows as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
      expect(names).toEqual(tableNames);
      expect(tableNames.length).toBeGreaterThan(10);
    } finally {
      await database.dispose();
    }
  });

  it("a later start never loads the source plans over what users changed", async () => {
    const database = await freshDatabase(kind);
    try {
      expect(await seedOnce(database, dataDir)).toBeDefined();
      await database.db.delete(plans).where(eq(plans.slug, "jaarplan-ppo-nk-2023"));
      expect(await seedOnce(database, dataDir)).toBeUndefined();
      const [row] = await database.db.select({ n: count() }).from(plans);
      expect(row!.n).toBe(3);
    } finally {
      await database.dispose();
    }
  });
});

describe("the embedded database in a data folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "koers-db-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps its content between starts", async () => {
    const first = await openDatabase({ dir });
    await first.migrate();
    await seedOnce(first, dataDir);
    await first.db.update(plans).set({ title: "Gewijzigd" }).where(eq(plans.slug, "jaarplan-ppo-nk-2023"));
    await first.close();
    const second = await openDatabase({ dir });
    await second.migrate();
    expect(await seedOnce(second, dataDir)).toBeUndefined();
    const [row] = await second.db.select({ title: plans.title }).from(plans).where(eq(plans.slug, "jaarplan-ppo-nk-2023"));
    expect(row!.title).toBe("Gewijzigd");
    await second.close();
  });
});

describe("the committed migrations", () => {
  it("match the schema in the code (no change left ungenerated)", () => {
    const root = resolve(import.meta.dirname, "../..");
    // drizzle-kit wants a folder relative to the project.
    const out = "node_modules/.cache/koers-migrations-check";
    rmSync(join(root, out), { recursive: true, force: true });
    try {
      cpSync(join(root, "src/db/migrations"), join(root, out), { recursive: true });
      const before = readdirSync(join(root, out)).sort();
      const output = execFileSync(
        join(root, "node_modules/.bin/drizzle-kit"),
        ["generate", "--dialect", "postgresql", "--schema", "./src/db/schema.ts", "--out", out],
        { cwd: root, encoding: "utf8", stdio: "pipe" },
      );
      expect(readdirSync(join(root, out)).sort()).toEqual(before);
      expect(output).toMatch(/No schema changes/);
    } finally {
      rmSync(join(root, out), { recursive: true, force: true });
    }
  });
});
