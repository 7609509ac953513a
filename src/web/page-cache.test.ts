/**
 * The page cache through the routes: a public page is kept and served again, compressed,
 * with its ETag, until anything in the database changes, from this process or another; signed-in
 * visitors and pages with a form never get or leave a kept page.
 */
import { gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../test/helpers/accounts.ts";
import { client } from "../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../test/helpers/databases.ts";
import { seededDatabase } from "../../test/helpers/seeded.ts";
import { loadConfig } from "../config.ts";
import { createApp } from "./app.tsx";
import { SESSION_COOKIE } from "./auth.ts";
import { PageStore } from "./page-cache.ts";

const PLAN = "/plannen/jaarplan-ppo-nk-2023";
/** How many queries a response made (the Server-Timing header). */
const queries = (res: Response) => Number(/desc="(\d+) quer/.exec(res.headers.get("server-timing") ?? "")?.[1]);

describe("PageStore", () => {
  const kept = (stamp: string, bytes: number, until = Date.now() + 60_000) => ({ stamp, until, status: 200, headers: [], body: new Uint8Array(bytes), etag: '"x"' });

  it("gives a kept answer only for the stamp it was made under, and forgets it otherwise", () => {
    const store = new PageStore(1_000_000);
    store.set("a", kept("1", 100));
    expect(store.get("a", "2")).toBeUndefined();
    expect(store.get("a", "1")).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it("gives it no longer than it may be kept, even when nothing changed", () => {
    const store = new PageStore(1_000_000);
    store.set("a", kept("1", 100, Date.now() - 1));
    expect(store.get("a", "1")).toBeUndefined();
  });

  it("stays within its bytes, dropping the least recently used first", () => {
    const store = new PageStore(40_000);
    store.set("a", kept("1", 4_000));
    store.set("b", kept("1", 4_000));
    store.get("a", "1");
    for (let i = 0; i < 20; i++) store.set(`c${i}`, kept("1", 4_000));
    expect(store.bytes).toBeLessThanOrEqual(40_000);
    expect(store.get("b", "1")).toBeUndefined();
    store.set("big", kept("1", 30_000));
    expect(store.get("big", "1")).toBeUndefined();
  });
});

describe.each(databaseKinds)("the page cache on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let other: ReturnType<typeof createApp>;
  let session: string;
  const config = loadConfig({ KOERS_PUBLIC_URL: "http://localhost", KOERS_QUERY_STATS: "on" });

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config });
    // A second process on the same database.
    other = createApp({ db: database.db, logger: pino({ level: "silent" }), config });
    session = (await makeUser(database.db, "cache@koers.nl", { admin: true })).session;
  });
  afterAll(() => database.dispose());

  it("serves a public page again from memory, the same bytes, with one query to see that nothing changed", async () => {
    const first = await app.request(PLAN);
    const page = await first.text();
    expect(queries(first)).toBeGreaterThan(5);
    const again = await app.request(PLAN);
    expect(await again.text()).toBe(page);
    expect(queries(again)).toBe(1);
    expect(again.headers.get("cache-control")).toBe("public, no-cache");
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect((await app.request(PLAN, { headers: { "If-None-Match": first.headers.get("etag")! } })).status).toBe(304);
  });

  it("sends it compressed when the browser accepts it", async () => {
    const plain = await (await app.request(PLAN)).text();
    const res = await app.request(PLAN, { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toMatch(/Accept-Encoding/);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body.byteLength).toBeLessThan(plain.length / 3);
    expect(gunzipSync(body).toString("utf8")).toBe(plain);
  });

  it("sets every kept page aside when anything is written, by any process or path", async () => {
    await app.request(PLAN);
    await database.db.execute(sql`update plans set subtitle = 'Bijgewerkt buiten deze server' where slug = 'jaarplan-ppo-nk-2023'`);
    const after = await app.request(PLAN);
    expect(queries(after)).toBeGreaterThan(5);
    expect(await after.text()).toContain("Bijgewerkt buiten deze server");
    // The other process then has no stale copy either: it asks the same database.
    expect(await (await other.request(PLAN)).text()).toContain("Bijgewerkt buiten deze server");
  });

  it("never serves a kept page to a signed-in visitor, and keeps nothing of theirs", async () => {
    await app.request(PLAN);
    const browser = client(app);
    browser.jar.set(SESSION_COOKIE, session);
    const mine = await browser.get(PLAN);
    expect(mine.headers.get("cache-control")).toBe("no-store");
    expect(await mine.text()).toContain("Uitloggen");
    const anonymous = await app.request(PLAN);
    expect(await anonymous.text()).not.toContain("Uitloggen");
  });

  it("keeps nothing when it has no memory (KOERS_PAGE_CACHE_MB=0 or less than a megabyte)", async () => {
    for (const mb of ["0", "0.3"]) {
      const none = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({ KOERS_QUERY_STATS: "on", KOERS_PAGE_CACHE_MB: mb }) });
      await none.request(PLAN);
      const again = await none.request(PLAN);
      expect(again.status).toBe(200);
      if (mb === "0") expect(queries(again)).toBeGreaterThan(5);
    }
  });

  it("does not keep a page that gives a cookie (a form) or an error", async () => {
    await app.request("/inloggen");
    const form = await app.request("/inloggen");
    expect(form.headers.get("set-cookie")).toBeTruthy();
    expect(form.headers.get("cache-control")).toBe("no-store");
    await app.request("/plannen/bestaat-niet");
    const missing = await app.request("/plannen/bestaat-niet");
    expect(missing.status).toBe(404);
    expect(queries(missing)).not.toBe(1);
    // The health check asks nothing of the database, kept or not.
    expect(queries(await app.request("/healthz"))).toBe(0);
  });
});
