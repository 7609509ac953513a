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
import { CSRF_COOKIE, SESSION_COOKIE } from "./auth.ts";
import { PageStore, rightsOf } from "./page-cache.ts";
import { setDisabled, setRole } from "../modules/accounts/service.ts";
import { commandLine } from "../modules/access/viewer.ts";

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
    expect(again.headers.get("server-timing")).toMatch(/, kept$/);
    expect(first.headers.get("server-timing")).not.toMatch(/kept/);
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

  it("makes the search filters' choices once for different searches, and again after a change", async () => {
    const first = await app.request("/zoeken?q=thuiszitters");
    const other = await app.request("/zoeken?q=leerlingen");
    expect(other.status).toBe(200);
    expect(queries(other)).toBeLessThanOrEqual(queries(first) - 4);
    await database.db.execute(sql`update plans set title = 'Jaarplan met een nieuwe titel' where slug = 'jaarplan-ppo-nk-2023'`);
    const after = await (await app.request("/zoeken?q=ouders")).text();
    expect(after).toMatch(/<option value="jaarplan-ppo-nk-2023"[^>]*>Jaarplan met een nieuwe titel<\/option>/);
  });

  it("makes a page once when many ask for it at the same time, right after a change", async () => {
    await database.db.execute(sql`update plans set subtitle = 'Door velen tegelijk gevraagd' where slug = 'jaarplan-ppo-nk-2023'`);
    const answers = await Promise.all(Array.from({ length: 8 }, () => app.request(PLAN)));
    const counts = answers.map(queries).sort((a, b) => a - b);
    expect(counts.filter((n) => n > 1)).toHaveLength(1);
    const pages = await Promise.all(answers.map((res) => res.text()));
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain("Door velen tegelijk gevraagd");
  });

  it("never serves a kept public page to a signed-in visitor, and keeps nothing of theirs for visitors", async () => {
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

describe("rightsOf", () => {
  const person = (id: number, roles: [number, "redacteur" | "lezer"][], isAdmin = false) =>
    ({ kind: "user", id, email: `${id}@koers.nl`, name: `Persoon ${id}`, isAdmin, roles: new Map(roles), via: "session" }) as const;

  it("is the same for people with the same roles, whoever they are and in whatever order their roles came", () => {
    expect(rightsOf(person(1, [[3, "lezer"], [1, "redacteur"]]))).toBe(rightsOf(person(2, [[1, "redacteur"], [3, "lezer"]])));
  });

  it("differs for another role, another organisation, being an administrator or asking with an API key", () => {
    const base = rightsOf(person(1, [[1, "redacteur"]]));
    expect(rightsOf(person(1, [[1, "lezer"]]))).not.toBe(base);
    expect(rightsOf(person(1, [[2, "redacteur"]]))).not.toBe(base);
    expect(rightsOf(person(1, [[1, "redacteur"]], true))).not.toBe(base);
    expect(rightsOf({ ...person(1, [[1, "redacteur"]]), via: "token-read" })).not.toBe(base);
  });
});

describe.each(databaseKinds)("signed-in pages kept for the same rights on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const config = loadConfig({ KOERS_PUBLIC_URL: "http://localhost", KOERS_QUERY_STATS: "on" });
  const signedIn = async (email: string, name: string, role: "redacteur" | "lezer", organisation = "ppo-nk") => {
    const { session, userId } = await makeUser(database.db, email, { roles: [[organisation, role]] });
    await database.db.execute(sql`update users set name = ${name} where id = ${userId}`);
    const browser = client(app);
    browser.jar.set(SESSION_COOKIE, session);
    return browser;
  };
  /** A page with the person's own name and token taken out: what is the same for everyone with their rights. */
  const shared = (page: string, name: string, token: string) => page.replaceAll(name, "NAAM").replaceAll(token, "TOKEN");

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config });
  });
  afterAll(() => database.dispose());

  it("makes a plan page once for two editors of the same organisation, each with their own name and form token", async () => {
    const anna = await signedIn("anna.kept@ppo-nk.nl", "Anna de Vries", "redacteur");
    const bea = await signedIn("bea.kept@ppo-nk.nl", "Bea <Bakker> & Zn", "redacteur");
    const first = await anna.get(PLAN);
    const annasPage = await first.text();
    const second = await bea.get(PLAN);
    const beasPage = await second.text();
    // Bea's session is read once (three queries); then only the data stamp is asked.
    expect(queries(second)).toBeLessThanOrEqual(4);
    expect(queries(first)).toBeGreaterThan(10);
    const kept = await bea.get(PLAN);
    expect(queries(kept)).toBe(1);
    expect(kept.headers.get("server-timing")).toMatch(/, kept$/);
    expect(beasPage).toContain("Bea &lt;Bakker&gt; &amp; Zn");
    expect(beasPage).not.toContain("Anna de Vries");
    expect(second.headers.get("cache-control")).toBe("no-store");
    // Each has their own CSRF cookie, given with the page, and their own token in its forms.
    const annasToken = anna.cookie(CSRF_COOKIE)!;
    const beasToken = bea.cookie(CSRF_COOKIE)!;
    expect(beasToken).toBeTruthy();
    expect(beasToken).not.toBe(annasToken);
    expect(beasPage).toContain(`value="${beasToken}"`);
    expect(beasPage).not.toContain(annasToken);
    expect(shared(beasPage, "Bea &lt;Bakker&gt; &amp; Zn", beasToken)).toBe(shared(annasPage, "Anna de Vries", annasToken));
    // The token on the kept page works: Bea can sign out with the form it holds.
    expect((await bea.post("/uitloggen", {})).status).toBe(303);
  });

  it("sends the page compressed when the browser accepts it", async () => {
    const anna = await signedIn("anna.gzip@ppo-nk.nl", "Anna Gzip", "redacteur");
    await anna.get(PLAN);
    const res = await anna.get(PLAN, { "accept-encoding": "gzip" });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(new Uint8Array(await res.arrayBuffer())).toString("utf8")).toContain("Anna Gzip");
  });

  it("makes it anew for other rights, and shows each what their rights allow", async () => {
    const editor = await signedIn("editor.rights@ppo-nk.nl", "Eva Redacteur", "redacteur");
    const reader = await signedIn("reader.rights@ppo-nk.nl", "Lex Lezer", "lezer");
    const editorsPage = await (await editor.get(PLAN)).text();
    const res = await reader.get(PLAN);
    const readersPage = await res.text();
    expect(queries(res)).toBeGreaterThan(8);
    expect(editorsPage).toContain("/bewerken");
    expect(readersPage).not.toContain("/bewerken");
    expect(readersPage).toContain("Lex Lezer");
  });

  it("sets it aside when anything is written", async () => {
    const anna = await signedIn("anna.write@ppo-nk.nl", "Anna Schrijft", "redacteur");
    await anna.get(PLAN);
    await database.db.execute(sql`update plans set subtitle = 'Gewijzigd terwijl Anna las' where slug = 'jaarplan-ppo-nk-2023'`);
    expect(await (await anna.get(PLAN)).text()).toContain("Gewijzigd terwijl Anna las");
  });

  it("forgets a remembered session when it ends, its account is disabled or its rights change", async () => {
    const eva = await signedIn("eva.forget@ppo-nk.nl", "Eva Vergeten", "redacteur");
    expect(await (await eva.get(PLAN)).text()).toContain("/bewerken");
    await setRole(database.db, commandLine, "eva.forget@ppo-nk.nl", "ppo-nk", "lezer");
    const asReader = await (await eva.get(PLAN)).text();
    expect(asReader).toContain("Eva Vergeten");
    expect(asReader).not.toContain("/bewerken");
    await setDisabled(database.db, commandLine, "eva.forget@ppo-nk.nl", true);
    expect(await (await eva.get(PLAN)).text()).not.toContain("Eva Vergeten");

    const tom = await signedIn("tom.forget@ppo-nk.nl", "Tom Uitgelogd", "redacteur");
    const session = tom.cookie(SESSION_COOKIE)!;
    await tom.get(PLAN);
    expect((await tom.post("/uitloggen", {})).status).toBe(303);
    tom.jar.set(SESSION_COOKIE, session);
    expect(await (await tom.get(PLAN)).text()).not.toContain("Tom Uitgelogd");
  });

  it("puts the person's own name and token in a page it does not keep, such as a page not found", async () => {
    const anna = await signedIn("anna.missing@ppo-nk.nl", "Anna Zoekt", "redacteur");
    const res = await anna.get("/plannen/bestaat-niet");
    expect(res.status).toBe(404);
    const page = await res.text();
    expect(page).toContain("Anna Zoekt");
    expect(page).toContain(`value="${anna.cookie(CSRF_COOKIE)}"`);
    expect(page).not.toMatch(/koers(naam|token)[0-9a-f]{24}/);
    expect(res.headers.get("content-length") ?? String(Buffer.byteLength(page))).toBe(String(Buffer.byteLength(page)));
  });

  it("keeps no one's own pages", async () => {
    const anna = await signedIn("anna.own@ppo-nk.nl", "Anna Eigen", "redacteur");
    await anna.get("/mijn-werk");
    const again = await anna.get("/mijn-werk");
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Anna Eigen");
    expect(queries(again)).toBeGreaterThan(1);
  });
});
