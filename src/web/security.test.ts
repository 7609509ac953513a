/**
 * The security baseline, attacked through the routes: sign-in and sessions,
 * CSRF, access per role through pages and API, tokens, rate limits, size
 * limits, injection payloads, and what errors show.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeUser, PASSWORD } from "../../test/helpers/accounts.ts";
import { signedInClient } from "../../test/helpers/apps.ts";
import { client } from "../../test/helpers/client.ts";
import { databaseKinds, freshDatabase, type TestDatabase } from "../../test/helpers/databases.ts";
import { visibleText } from "../../test/helpers/html.ts";
import { importPlans, planYaml } from "../../test/helpers/plans.ts";
import { seededDatabase } from "../../test/helpers/seeded.ts";
import { loadConfig } from "../config.ts";
import { listOutbox } from "../modules/accounts/mail.ts";
import { createApiToken, listUsers, sessionViewer } from "../modules/accounts/service.ts";
import { commandLine, system } from "../modules/access/viewer.ts";
import { listAudit } from "../modules/audit/service.ts";
import { createApp } from "./app.tsx";
import { SESSION_COOKIE } from "./auth.ts";

const internalPlan = planYaml(
  { slug: "intern", title: "=Intern werkplan", published: false },
  `internalNote: Alleen voor de partners.
items:
  - code: "1"
    level: actie
    title: Actie van swvnk zelf
    internalNote: Budget nog niet rond.
  - code: "2"
    level: actie
    title: Actie met PPO-NK
    parties: [{ role: consulenten PPO-NK, organisations: [ppo-nk] }]
`,
);

describe.each(databaseKinds)("security on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  // Every request here comes from one address; the limit has a test of its own below.
  const config = loadConfig({ KOERS_PUBLIC_URL: "http://localhost", KOERS_SIGN_IN_LIMIT_PER_MINUTE: "10000" });
  const tokens: Record<string, string> = {};
  let itemIds: Record<string, number> = {};

  beforeAll(async () => {
    database = await seededDatabase(kind);
    await importPlans(database, internalPlan);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config });
    const people: [string, Parameters<typeof makeUser>[2]][] = [
      ["lezer@swvnk.nl", { roles: [["swvnk", "lezer"]] }],
      ["redacteur@swvnk.nl", { roles: [["swvnk", "redacteur"]] }],
      ["redacteur@ppo-nk.nl", { roles: [["ppo-nk", "redacteur"]] }],
      ["redacteur@velsen.nl", { roles: [["velsen", "redacteur"]] }],
      ["beheer@koers.nl", { admin: true }],
    ];
    for (const [email, options] of people) {
      const { session } = await makeUser(database.db, email, options);
      const viewer = (await sessionViewer(database.db, session))!;
      tokens[`${email} read`] = await createApiToken(database.db, viewer, "lezen", "read");
      tokens[`${email} write`] = await createApiToken(database.db, viewer, "schrijven", "read-write");
    }
    const plan = (await (await app.request("/api/v1/plans/intern", { headers: { authorization: `Bearer ${tokens["beheer@koers.nl read"]}` } })).json()) as {
      data: { items: { code: string; id: number }[] };
    };
    itemIds = Object.fromEntries(plan.data.items.map((i) => [i.code, i.id]));
  });
  afterAll(() => database.dispose());

  const api = (path: string, token?: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) } });

  describe("signing in", () => {
    it("starts a session with a rotated, HttpOnly, SameSite=Lax cookie and leads to the account page", async () => {
      const browser = client(app);
      await browser.get("/inloggen");
      const res = await browser.post("/inloggen", { email: "lezer@swvnk.nl", password: PASSWORD, next: "/account" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/account");
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i);
      const first = browser.cookie(SESSION_COOKIE)!;
      expect(visibleText(await (await browser.get("/account")).text())).toContain("lezer@swvnk.nl");
      // Signing in again replaces the session; the old token is dead.
      await browser.post("/inloggen", { email: "lezer@swvnk.nl", password: PASSWORD });
      expect(browser.cookie(SESSION_COOKIE)).not.toBe(first);
      expect(await sessionViewer(database.db, first)).toBeNull();
    });

    it("marks the cookie Secure behind HTTPS", async () => {
      const secureApp = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({ KOERS_PUBLIC_URL: "https://koers.example", KOERS_SIGN_IN_LIMIT_PER_MINUTE: "10000" }) });
      const browser = client(secureApp, "https://koers.example");
      const res = await browser.post("/inloggen", { email: "lezer@swvnk.nl", password: PASSWORD });
      expect(res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Secure/);
    });

    it("answers a wrong password and an unknown address the same way", async () => {
      const known = await client(app).post("/inloggen", { email: "lezer@swvnk.nl", password: "niet het wachtwoord" });
      const unknown = await client(app).post("/inloggen", { email: "niemand@swvnk.nl", password: "niet het wachtwoord" });
      expect([known.status, unknown.status]).toEqual([401, 401]);
      const strip = async (r: Response) => visibleText(await r.text()).replace(/lezer@swvnk\.nl|niemand@swvnk\.nl/g, "ADRES");
      expect(await strip(known)).toBe(await strip(unknown));
      expect(known.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !/max-age=0/i.test(c))).toBe(false);
    });

    it("does not send anyone elsewhere after signing in", async () => {
      const res = await client(app).post("/inloggen", { email: "lezer@swvnk.nl", password: PASSWORD, next: "//kwaad.example/x" });
      expect(res.headers.get("location")).toBe("/");
    });

    it("resets a forgotten password through a one-time link in the outbox, ending old sessions", async () => {
      const { session } = await makeUser(database.db, "vergeten@swvnk.nl");
      const browser = client(app);
      const sent = await browser.post("/wachtwoord-vergeten", { email: "vergeten@swvnk.nl" });
      const none = await client(app).post("/wachtwoord-vergeten", { email: "bestaat-niet@swvnk.nl" });
      expect(visibleText(await sent.text())).toBe(visibleText(await none.text()));
      // The link is made and mailed after the answer (src/web/auth.test.ts checks that the answer does not wait).
      const message = await vi.waitFor(async () => {
        const [latest] = await listOutbox(database.db, commandLine, 1);
        expect(latest?.to).toBe("vergeten@swvnk.nl");
        return latest;
      });
      const link = new URL(message!.body.match(/http\S+/)![0]);
      expect((await browser.get(link.pathname + link.search)).status).toBe(200);
      const token = link.searchParams.get("token")!;
      expect((await browser.post("/wachtwoord-instellen", { token, password: "nog een lange zin erbij" })).status).toBe(303);
      expect(await sessionViewer(database.db, session)).toBeNull();
      expect((await client(app).post("/inloggen", { email: "vergeten@swvnk.nl", password: "nog een lange zin erbij" })).status).toBe(303);
      expect((await browser.post("/wachtwoord-instellen", { token, password: "en nog een lange zin" })).status).toBe(400);
    });

    // The limits per client address have their own tests in src/web/auth.test.ts.
  });

  describe("CSRF", () => {
    it("refuses a form without the token", async () => {
      const res = await client(app).post("/inloggen", { email: "lezer@swvnk.nl", password: PASSWORD }, { csrf: false });
      expect(res.status).toBe(403);
      expect(visibleText(await res.text())).toContain("Dit formulier is verlopen of kwam niet van Koers");
    });

    it("refuses a form from another site, even with a token", async () => {
      const res = await client(app).post("/inloggen", { email: "lezer@swvnk.nl", password: PASSWORD }, { origin: "https://kwaad.example" });
      expect(res.status).toBe(403);
    });

    it("refuses a signed-in change without the token", async () => {
      const browser = await signedInClient(app, "lezer@swvnk.nl");
      expect((await browser.post("/account/sleutels", { name: "x", scope: "read-write" }, { csrf: false })).status).toBe(403);
      expect((await browser.post("/uitloggen", {}, { csrf: false })).status).toBe(403);
    });

    it("refuses an API change with the session cookie but without the X-CSRF-Token header", async () => {
      const browser = await signedInClient(app, "redacteur@swvnk.nl");
      const res = await app.request(`/api/v1/plans/intern/items/${itemIds["1"]}`, {
        method: "PATCH",
        body: JSON.stringify({ version: 1, title: "x" }),
        headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${browser.cookie(SESSION_COOKIE)}` },
      });
      expect(res.status).toBe(403);
    });
  });

  describe("access per role", () => {
    type Expect = { read: number; note: boolean; own: number; party: number };
    // prettier-ignore
    const matrix: [string, string | undefined, Expect][] = [
      // A write asks who is writing before anything else: signed out, that is 401 for any plan.
      ["anoniem", undefined,                                 { read: 404, note: false, own: 401, party: 401 }],
      ["lezer swvnk, sleutel lezen", "lezer@swvnk.nl read",  { read: 200, note: true,  own: 403, party: 403 }],
      ["lezer swvnk, sleutel schrijven", "lezer@swvnk.nl write", { read: 200, note: true, own: 403, party: 403 }],
      ["redacteur swvnk, sleutel lezen", "redacteur@swvnk.nl read", { read: 200, note: true, own: 403, party: 403 }],
      ["redacteur swvnk, sleutel schrijven", "redacteur@swvnk.nl write", { read: 200, note: true, own: 200, party: 200 }],
      ["redacteur PPO-NK (partij), sleutel schrijven", "redacteur@ppo-nk.nl write", { read: 200, note: true, own: 403, party: 200 }],
      ["redacteur Velsen (geen band), sleutel schrijven", "redacteur@velsen.nl write", { read: 404, note: false, own: 404, party: 404 }],
      ["beheerder, sleutel schrijven", "beheer@koers.nl write", { read: 200, note: true, own: 200, party: 200 }],
    ];

    it.each(matrix)("%s", async (_, key, expected) => {
      const token = key ? tokens[key] : undefined;
      const read = await api("/api/v1/plans/intern", token);
      expect(read.status).toBe(expected.read);
      if (read.status === 200) {
        const { data } = (await read.json()) as { data: { internalNote?: string } };
        expect(data.internalNote === "Alleen voor de partners.").toBe(expected.note);
      }
      const patch = async (code: string) => {
        const current = await api("/api/v1/plans/intern", tokens["beheer@koers.nl read"]);
        const item = ((await current.json()) as { data: { items: { id: number; version: number; code: string }[] } }).data.items.find((i) => i.code === code)!;
        return api(`/api/v1/plans/intern/items/${item.id}`, token, {
          method: "PATCH",
          body: JSON.stringify({ version: item.version, when: `gewijzigd door ${key ?? "anoniem"}` }),
          headers: { "content-type": "application/json" },
        });
      };
      expect((await patch("1")).status).toBe(expected.own);
      expect((await patch("2")).status).toBe(expected.party);
    });

    it("shows anonymous visitors the published plans only, without internal notes", async () => {
      expect((await app.request("/plannen/intern")).status).toBe(404);
      const list = await (await app.request("/api/v1/plans")).text();
      expect(list).not.toContain("intern");
    });

    it("shows internal notes on the page to a reader of the owner, not to others", async () => {
      const reader = await signedInClient(app, "lezer@swvnk.nl");
      const page = visibleText(await (await reader.get("/plannen/intern")).text());
      expect(page).toContain("Alleen voor de partners.");
      expect(page).toContain("Budget nog niet rond.");
      expect(page).toContain("Wijzigingen in 1");
      const history = await reader.get(`/plannen/intern/wijzigingen?onderdeel=${itemIds["1"]}`);
      expect(history.status).toBe(200);
      expect(visibleText(await history.text())).toContain("Wijzigingen in een onderdeel van =Intern werkplan");
      const outsider = await signedInClient(app, "redacteur@velsen.nl");
      expect((await outsider.get("/plannen/intern")).status).toBe(404);
    });

    it("refuses a change made against an old version, and records the ones that land", async () => {
      const token = tokens["redacteur@swvnk.nl write"];
      const stale = await api(`/api/v1/plans/intern/items/${itemIds["1"]}`, token, {
        method: "PATCH",
        body: JSON.stringify({ version: 1, title: "Te laat" }),
        headers: { "content-type": "application/json" },
      });
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as { error: { message: string } }).error.message).toMatch(/intussen gewijzigd/);
      const rows = await listAudit(database.db, system, { itemId: itemIds["1"] });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.action === "onderdeel-gewijzigd" && r.before && r.after)).toBe(true);
      expect(rows.map((r) => r.actor)).toEqual(expect.arrayContaining(["redacteur@swvnk.nl", "beheer@koers.nl"]));
    });

    it("asks anonymous visitors to sign in before changing a published plan", async () => {
      const plan = (await (await app.request("/api/v1/plans/jaarplan-ppo-nk-2023")).json()) as { data: { items: { id: number; version: number }[] } };
      const item = plan.data.items[0]!;
      const res = await app.request(`/api/v1/plans/jaarplan-ppo-nk-2023/items/${item.id}`, {
        method: "PATCH",
        body: JSON.stringify({ version: item.version, title: "x" }),
        headers: { "content-type": "application/json" },
      });
      expect(res.status).toBe(401);
    });

    it("refuses an unknown or revoked token with 401", async () => {
      expect((await api("/api/v1/plans", "koers_bestaatniet")).status).toBe(401);
    });
  });

  describe("pages for administrators and partners", () => {
    it("send signed-out visitors to the sign-in page", async () => {
      for (const path of ["/account", "/beheer/gebruikers", "/plannen/jaarplan-ppo-nk-2023/wijzigingen"]) {
        const res = await app.request(path);
        expect(res.status).toBe(303);
        expect(res.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(path)}`);
      }
      // A plan they may not read does not exist for them, not even behind a sign-in.
      expect((await app.request("/plannen/intern/wijzigingen")).status).toBe(404);
    });

    it("refuse user administration to non-administrators", async () => {
      const browser = await signedInClient(app, "redacteur@swvnk.nl");
      expect((await browser.get("/beheer/gebruikers")).status).toBe(403);
      expect((await browser.post("/beheer/gebruikers", { email: "nieuw@x.nl" })).status).toBe(403);
      expect((await browser.get("/beheer/outbox")).status).toBe(403);
      expect((await browser.get("/beheer/wijzigingen")).status).toBe(403);
    });

    it("let an administrator add a user, who gets an invitation", async () => {
      const browser = await signedInClient(app, "beheer@koers.nl");
      const res = await browser.post("/beheer/gebruikers", { email: "Uitgenodigd@Castricum.nl", name: "Uitgenodigd" });
      expect(res.status).toBe(200);
      expect(visibleText(await res.text())).toMatch(/uitgenodigd@castricum\.nl is toegevoegd/);
      expect((await listOutbox(database.db, commandLine, 1))[0]!.to).toBe("uitgenodigd@castricum.nl");
      // The form carries the version of the user it was shown with (see accounts/concurrency.test.ts).
      const { version } = (await listUsers(database.db, commandLine)).find((u) => u.email === "uitgenodigd@castricum.nl")!;
      const role = await browser.post("/beheer/gebruikers/rol", { email: "uitgenodigd@castricum.nl", organisation: "castricum", role: "lezer", version: String(version) });
      expect(visibleText(await role.text())).toContain("lezer bij Gemeente Castricum");
    });

    it("give the change history of a plan as CSV to its readers, safe for spreadsheets", async () => {
      const reader = await signedInClient(app, "lezer@swvnk.nl");
      const res = await reader.get("/plannen/intern/wijzigingen.csv");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/csv/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // so Excel reads it as UTF-8
      const csv = new TextDecoder().decode(bytes);
      expect(csv.split("\r\n")[0]).toBe("id;tijdstip;wie;handeling;soort;object;plan;onderdeel;omschrijving;voor;na");
      expect(csv).toContain("'=Intern werkplan");
      expect(csv).not.toMatch(/;=Intern/);
      const outsider = await signedInClient(app, "redacteur@velsen.nl");
      expect((await outsider.get("/plannen/intern/wijzigingen.csv")).status).toBe(404);
    });
  });

  describe("hostile input", () => {
    it.each([
      "/api/v1/evaluations?plan=' OR 1=1 --",
      "/api/v1/plans/x'%3B%20drop%20table%20plans%3B--",
      "/plannen/%27%20or%20%271%27%3D%271",
      "/api/v1/evaluations?plan=%00",
    ])("%s is answered without error and changes nothing", async (path) => {
      const res = await app.request(path);
      expect([200, 400, 404]).toContain(res.status);
      if (res.status === 200) expect(((await res.json()) as { data: unknown[] }).data).toEqual([]);
      expect((await app.request("/api/v1/plans/jaarplan-ppo-nk-2023")).status).toBe(200);
    });

    it("escapes what is typed into the sign-in form when it is shown again", async () => {
      const res = await client(app).post("/inloggen", { email: '"><script>alert(1)</script>', password: "x" });
      const html = await res.text();
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).toContain("&quot;&gt;&lt;script&gt;");
    });

    it("refuses a request body over 1 MB", async () => {
      const res = await client(app).post("/inloggen", { email: "a@b.nl", password: "x".repeat(1_100_000) });
      expect(res.status).toBe(413);
    });

    it("answers bad JSON with a plain Dutch message and no stack trace", async () => {
      const res = await api(`/api/v1/plans/intern/items/${itemIds["1"]}`, tokens["beheer@koers.nl write"], {
        method: "PATCH",
        body: "{ niet: json",
        headers: { "content-type": "application/json" },
      });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain("geen geldige JSON");
      expect(text).not.toMatch(/\bat .+:\d+:\d+/);
    });

    it("shows no stack trace when something breaks inside", async () => {
      const broken = await freshDatabase("pglite");
      const brokenApp = createApp({ db: broken.db, logger: pino({ level: "silent" }), config });
      await broken.dispose();
      for (const path of ["/api/v1/plans", "/"]) {
        const res = await brokenApp.request(path);
        expect(res.status).toBe(500);
        const text = await res.text();
        expect(text).toContain("Er ging iets mis aan onze kant");
        expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:/);
      }
    });
  });
});
