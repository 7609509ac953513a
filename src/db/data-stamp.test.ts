/**
 * The data stamp (migration 0016): raised once by every committed transaction that changes what
 * pages may show, on every table of the schema, and not by what signing in writes.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../test/helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../../test/helpers/databases.ts";
import { seededDatabase } from "../../test/helpers/seeded.ts";
import type { Db } from "./client.ts";
import { dataStamp } from "./data-stamp.ts";

const rows = async <T,>(db: Db, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

describe.each(databaseKinds)("the data stamp on %s", (kind) => {
  let database: TestDatabase;
  const stamp = () => dataStamp(database.db).then(Number);

  beforeAll(async () => {
    database = await seededDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("is raised by a trigger on every table, except the counter itself and sign-in limits", async () => {
    const tables = await rows<{ name: string; stamped: boolean }>(
      database.db,
      sql`select c.relname as name, exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'zz_data_stamp') as stamped
          from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r' order by 1`,
    );
    expect(tables.length).toBeGreaterThan(30);
    expect(tables.filter((t) => !t.stamped).map((t) => t.name)).toEqual(["data_stamp", "rate_limits", "sign_in_throttle"]);
  });

  it("rises by one for a committed transaction, however many rows it changed, and only at its commit", async () => {
    const before = await stamp();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update plans set subtitle = coalesce(subtitle, '') || '.'`);
      await tx.execute(sql`update items set title = title || '' where id in (select id from items limit 5)`);
      expect(await dataStamp(tx as unknown as Db).then(Number)).toBe(before);
    });
    expect(await stamp()).toBe(before + 1);
    await database.db.execute(sql`update plans set subtitle = subtitle where false`);
    expect(await stamp()).toBe(before + 1);
  });

  it("stays when a transaction that changed something is rolled back", async () => {
    const before = await stamp();
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`update plans set subtitle = 'teruggedraaid'`);
        throw new Error("terug");
      }),
    ).rejects.toThrow("terug");
    expect(await stamp()).toBe(before);
  });

  it("stays when a session is used or started, or a sign-in fails, and rises when a session ends", async () => {
    const { userId } = await makeUser(database.db, "stempel@koers.nl");
    const before = await stamp();
    await database.db.execute(sql`insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at) values ('stempel', ${userId}, now(), now(), now() + interval '1 hour')`);
    await database.db.execute(sql`update sessions set last_seen_at = now() where token_hash = 'stempel'`);
    await database.db.execute(sql`insert into sign_in_throttle (email, failures, updated_at) values ('stempel@koers.nl', 1, now()) on conflict (email) do update set failures = 2`);
    await database.db.execute(sql`insert into rate_limits (key, points) values ('stempel', 1) on conflict (key) do update set points = 2`);
    expect(await stamp()).toBe(before);
    await database.db.execute(sql`delete from sessions where token_hash = 'stempel'`);
    expect(await stamp()).toBe(before + 1);
  });

  it("rises when a table is emptied", async () => {
    const before = await stamp();
    await database.db.execute(sql`truncate table round_reminders`);
    expect(await stamp()).toBe(before + 1);
  });
});
