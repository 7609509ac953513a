/**
 * Caching headers through the routes: what depends on who asks carries `Cache-Control:
 * no-store`; public pages for anonymous visitors and the static files do not. And the static
 * files are only the files there are.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, PASSWORD } from "../../test/helpers/accounts.ts";
import { client } from "../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../test/helpers/databases.ts";
import { importPlans, planYaml } from "../../test/helpers/plans.ts";
import { seededDatabase } from "../../test/helpers/seeded.ts";
import { loadConfig } from "../config.ts";
import { createApiToken, sessionViewer } from "../modules/accounts/service.ts";
import { createApp } from "./app.tsx";
import { CSRF_COOKIE, SESSION_COOKIE } from "./auth.ts";
import { assetHref } from "./static.ts";

const PUBLISHED = "/plannen/jaarplan-ppo-nk-2023";
const internalPlan = planYaml(
  { slug: "intern-cache", title: "Intern werkplan", published: false },
  `items:
  - code: "1"
    level: actie
    title: Actie van swvnk zelf
`,
);

const cacheControl = (res: Response) => res.headers.get("cache-control");

describe.each(databaseKinds)("caching headers on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const config = loadConfig({ KOERS_PUBLIC_URL: "http://localhost", KOERS_SIGN_IN_LIMIT_PER_MINUTE: "10000" });
  let session: string;
  let readKey: string;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    await importPlans(database, internalPlan);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config });
    session = (await makeUser(database.db, "beheer@koers.nl", { admin: true })).session;
    readKey = await createApiToken(database.db, (await sessionViewer(database.db, session))!, "agenda", "read");
  });
  afterAll(() => database.dispose());

  /** A visitor who has been here before: has the CSRF cookie (from a page with a form), is not signed in. */
  async function anonymousVisitor() {
    const visitor = client(app);
    await visitor.get("/inloggen");
    expect(visitor.cookie(CSRF_COOKIE)).toBeDefined();
    return visitor;
  }
  async function signedIn() {
    const browser = client(app);
    browser.jar.set(SESSION_COOKIE, session);
    await browser.get("/");
    return browser;
  }

  describe("public pages for anonymous visitors may be stored, and are checked again before every use", () => {
    it.each(["/", PUBLISHED, "/evaluaties/tussenevaluatie-allen-voor-een-2023", "/begrippen", "/zoeken?q=thuiszitters", "/api/v1/plans/jaarplan-ppo-nk-2023"])(
      "%s, for a first visitor and one who has been here before",
      async (path) => {
        for (const visitor of [client(app), await anonymousVisitor()]) {
          const res = await visitor.get(path);
          expect(res.status).toBe(200);
          expect(cacheControl(res)).toBe("public, no-cache");
          expect(res.headers.get("etag")).toMatch(/^"[\w-]{27}"$/);
          expect(res.headers.getSetCookie()).toEqual([]);
        }
      },
    );

    it("asked again with its ETag, an unchanged page is answered 304 without a body; a changed one anew", async () => {
      const first = await app.request(PUBLISHED);
      const etag = first.headers.get("etag")!;
      const again = await app.request(PUBLISHED, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(cacheControl(again)).toBe("public, no-cache");
      expect(await again.text()).toBe("");
      expect((await app.request(PUBLISHED, { headers: { "if-none-match": `W/${etag}, "ander"` } })).status).toBe(304);
      expect((await app.request(PUBLISHED, { headers: { "if-none-match": '"ander"' } })).status).toBe(200);
      // A change to what the answer shows gives another ETag.
      const plan = await app.request("/api/v1/plans/jaarplan-ppo-nk-2023");
      const planTag = plan.headers.get("etag")!;
      expect((await app.request("/api/v1/plans/jaarplan-ppo-nk-2023", { headers: { "if-none-match": planTag } })).status).toBe(304);
      await database.db.execute(sql`update plans set subtitle = 'Een nieuwe ondertitel' where slug = 'jaarplan-ppo-nk-2023'`);
      const changed = await app.request("/api/v1/plans/jaarplan-ppo-nk-2023", { headers: { "if-none-match": planTag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(planTag);
    });

    it("a page that is not there is not stored", async () => {
      const res = await (await anonymousVisitor()).get("/plannen/intern-cache");
      expect(res.status).toBe(404);
      expect(res.headers.get("etag")).toBeNull();
    });
  });

  describe("what depends on who asks is not stored", () => {
    it("the first visit to a page with a form, which sets the CSRF cookie", async () => {
      const res = await client(app).get("/inloggen");
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`${CSRF_COOKIE}=`))).toBe(true);
      expect(cacheControl(res)).toBe("no-store");
    });

    it("an anonymous page with a form, which carries the visitor's CSRF token", async () => {
      const visitor = await anonymousVisitor();
      for (const path of ["/inloggen", "/wachtwoord-vergeten"]) {
        const res = await visitor.get(path);
        expect(res.headers.getSetCookie()).toEqual([]);
        expect(await res.text()).toContain(visitor.cookie(CSRF_COOKIE));
        expect(cacheControl(res), path).toBe("no-store");
      }
    });

    it("signing in, and signing out", async () => {
      const browser = await anonymousVisitor();
      const signIn = await browser.post("/inloggen", { email: "beheer@koers.nl", password: PASSWORD });
      expect(signIn.status).toBe(303);
      expect(cacheControl(signIn)).toBe("no-store");
      const signOut = await browser.post("/uitloggen", {});
      expect(signOut.status).toBe(303);
      expect(cacheControl(signOut)).toBe("no-store");
    });

    it.each([
      ["the home page", "/", 200],
      ["a published plan", PUBLISHED, 200],
      ["an unpublished plan", "/plannen/intern-cache", 200],
      ["the account page", "/account", 200],
      ["the change history as CSV", "/plannen/jaarplan-ppo-nk-2023/wijzigingen.csv", 200],
      ["all changes as CSV", "/beheer/wijzigingen.csv", 200],
      ["the API", "/api/v1/plans/intern-cache", 200],
      ["a page that is not there", "/plannen/bestaat-niet", 404],
    ])("for a signed-in user: %s", async (_, path, status) => {
      const res = await (await signedIn()).get(path);
      expect(res.status).toBe(status);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(cacheControl(res)).toBe("no-store");
    });

    it("an answer to an API key, also a refusal", async () => {
      const ok = await app.request("/api/v1/plans/jaarplan-ppo-nk-2023", { headers: { authorization: `Bearer ${readKey}` } });
      expect(ok.status).toBe(200);
      expect(cacheControl(ok)).toBe("no-store");
      const refused = await app.request("/api/v1/plans/jaarplan-ppo-nk-2023", { headers: { authorization: "Bearer koers_onzin" } });
      expect(refused.status).toBe(401);
      expect(cacheControl(refused)).toBe("no-store");
    });

    it("a personal calendar reached with a key in the address", async () => {
      const res = await app.request(`/mijn-werk/agenda.ics?sleutel=${encodeURIComponent(readKey)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/calendar/);
      expect(cacheControl(res)).toBe("no-store");
    });
  });

  describe("static files", () => {
    it("are public, kept for a year under a name that changes with their content, and set no cookie, for anyone", async () => {
      const href = assetHref("koers.css");
      expect(href).toMatch(/^\/static\/koers\.[0-9a-f]{10}\.css$/);
      for (const browser of [client(app), await signedIn()]) {
        const res = await browser.get(href);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
        expect(cacheControl(res)).toBe("public, max-age=31536000, immutable");
        expect(res.headers.getSetCookie()).toEqual([]);
      }
    });

    it("every page links the fingerprinted stylesheet, and the plain name is not served", async () => {
      expect(await (await app.request("/")).text()).toContain(`href="${assetHref("koers.css")}"`);
      expect((await app.request("/static/koers.css")).status).toBe(404);
      expect((await app.request("/static/utrecht.css")).status).toBe(404);
    });

    it.each([
      ["br, gzip", "br"],
      ["gzip, deflate", "gzip"],
      ["gzip;q=0, br;q=0", null],
      ["br;q=0, *", "gzip"],
      ["identity", null],
    ])("is sent compressed as the browser accepts (%s → %s), and reads back the same", async (accept, encoding) => {
      const plain = await (await app.request(assetHref("koers.css"), { headers: { "accept-encoding": "identity" } })).arrayBuffer();
      const res = await app.request(assetHref("koers.css"), { headers: { "accept-encoding": accept } });
      expect(res.headers.get("content-encoding")).toBe(encoding);
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
      const body = Buffer.from(await res.arrayBuffer());
      const decoded = encoding === "br" ? brotliDecompressSync(body) : encoding === "gzip" ? gunzipSync(body) : body;
      expect(decoded.equals(Buffer.from(plain))).toBe(true);
      if (encoding) expect(body.length).toBeLessThan(plain.byteLength / 4);
    });

    it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "koers.css.map", "static.ts"])("/static/%s is not one of them", async (name) => {
      const res = await app.request(`/static/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
    });

    it.each(["/static/..%2Fstatic.ts", "/static/..%2F..%2Fconfig.ts", "/static/%2E%2E%2Fapp.tsx", "/static/..%5Capp.tsx", "/static/../web/static.ts", "/static/static/koers.css"])(
      "%s does not leave the list",
      async (path) => {
        const res = await app.request(path);
        expect(res.status).toBe(404);
        expect(await res.text()).not.toMatch(/readFileSync|createRequire|import /);
      },
    );
  });
});
