/**
 * Throttling that cannot be dodged (issue 9.11, 13.3): the client address, limits
 * per address shared by every process on one database, and the defences around
 * password and key checks, through the routes.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeUser, PASSWORD } from "../../test/helpers/accounts.ts";
import { client } from "../../test/helpers/client.ts";
import { databaseKinds, freshDatabase, type TestDatabase } from "../../test/helpers/databases.ts";
import { visibleText } from "../../test/helpers/html.ts";
import { loadConfig } from "../config.ts";
import { createMailer, listOutbox, type Mailer } from "../modules/accounts/mail.ts";
import { rateLimits } from "../modules/accounts/schema.ts";
import { createApiToken, sessionViewer } from "../modules/accounts/service.ts";
import { commandLine } from "../modules/access/viewer.ts";
import { createApp } from "./app.tsx";
import { clientAddressOf, CSRF_COOKIE, NO_CONNECTION, SESSION_COOKIE } from "./auth.ts";

describe("the client address", () => {
  it("is the connection's when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("203.0.113.5", "198.51.100.1", 0)).toBe("203.0.113.5");
    expect(clientAddressOf(undefined, "198.51.100.1", 0)).toBe(NO_CONNECTION);
  });

  it("is the Nth entry from the right behind N trusted proxies, never one the client wrote", () => {
    // The client wrote "1.1.1.1"; the one proxy appended the address it was reached from.
    expect(clientAddressOf("10.0.0.2", "1.1.1.1, 203.0.113.5", 1)).toBe("203.0.113.5");
    // Two proxies: the outer one wrote the client, the inner one the outer proxy.
    expect(clientAddressOf("10.0.0.3", "1.1.1.1, 203.0.113.5, 10.0.0.2", 2)).toBe("203.0.113.5");
    expect(clientAddressOf("10.0.0.3", " 203.0.113.5 ,10.0.0.2", 2)).toBe("203.0.113.5");
  });

  it("takes the leftmost entry when the request passed fewer proxies than trusted, and the connection without the header", () => {
    expect(clientAddressOf("10.0.0.3", "203.0.113.5", 2)).toBe("203.0.113.5");
    expect(clientAddressOf("10.0.0.3", undefined, 2)).toBe("10.0.0.3");
    expect(clientAddressOf("10.0.0.3", " , ", 1)).toBe("10.0.0.3");
  });

  it("is configured with KOERS_TRUSTED_PROXIES; the older KOERS_TRUST_PROXY=true means one proxy", () => {
    expect(loadConfig({}).trustedProxies).toBe(0);
    expect(loadConfig({ KOERS_TRUSTED_PROXIES: "2" }).trustedProxies).toBe(2);
    expect(loadConfig({ KOERS_TRUST_PROXY: "true" }).trustedProxies).toBe(1);
    expect(loadConfig({ KOERS_TRUST_PROXY: "true", KOERS_TRUSTED_PROXIES: "0" }).trustedProxies).toBe(0);
    expect(() => loadConfig({ KOERS_TRUSTED_PROXIES: "-1" })).toThrow(/KOERS_TRUSTED_PROXIES/);
  });
});

/** What @hono/node-server hands the app for a request that came in over a socket from this address. */
const connectionFrom = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
type App = ReturnType<typeof createApp>;
/** The app as a client at this address reaches it. */
const at = (app: App, address: string) => ({ request: (path: string, init?: RequestInit) => app.request(path, init, connectionFrom(address)) });

describe.each(databaseKinds)("throttling on %s", (kind) => {
  let database: TestDatabase;
  const logger = pino({ level: "silent" });
  const appWith = (env: Record<string, string> = {}, mailer?: Mailer) =>
    createApp({ db: database.db, logger, config: loadConfig({ KOERS_PUBLIC_URL: "http://localhost", ...env }), ...(mailer && { mailer }) });
  let address = 0;
  /** A fresh client address per test, so that tests do not share counters. */
  const nextAddress = () => `192.0.2.${++address}`;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    await makeUser(database.db, "gebruiker@swvnk.nl");
  });
  afterAll(() => database.dispose());

  const signIn = (app: Parameters<typeof client>[0], email: string, password: string) => client(app).post("/inloggen", { email, password });

  it("limits sign-in attempts per connection address, and another address has its own count", async () => {
    const app = appWith();
    const [one, other] = [nextAddress(), nextAddress()];
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(at(app, one), `x${i}@y.nl`, "fout")).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const refused = await signIn(at(app, one), "x@y.nl", "fout");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(visibleText(await refused.text())).toContain("Te veel pogingen achter elkaar");
    expect((await signIn(at(app, other), "x@y.nl", "fout")).status).toBe(401);
  });

  it("cannot be dodged by writing another X-Forwarded-For, with or without a trusted proxy", async () => {
    const settings: Record<string, string>[] = [{}, { KOERS_TRUSTED_PROXIES: "1" }, { KOERS_TRUST_PROXY: "true" }];
    for (const env of settings) {
      const app = appWith(env);
      const proxy = nextAddress();
      const real = nextAddress();
      const statuses = [];
      for (let i = 0; i < 12; i++) {
        // The client makes up the left part; the trusted proxy appends the address it saw.
        const headers = { "x-forwarded-for": `203.0.113.${i}, ${real}` };
        const browser = client({ request: (path, init) => app.request(path, { ...init, headers: { ...(init?.headers as object), ...headers } }, connectionFrom(proxy)) });
        statuses.push((await browser.post("/inloggen", { email: "x@y.nl", password: "fout" })).status);
      }
      expect(statuses.filter((s) => s === 429).length, JSON.stringify(env)).toBeGreaterThan(0);
    }
  });

  it("counts together across Koers processes on one database", async () => {
    const [first, second] = [appWith(), appWith()];
    const address = nextAddress();
    for (let i = 0; i < 6; i++) expect((await signIn(at(first, address), "x@y.nl", "fout")).status).toBe(401);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(at(second, address), "x@y.nl", "fout")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it("counts only requests that check a secret: page views and signed-in work are free", async () => {
    const app = appWith({ KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1" });
    const before = await database.db.select().from(rateLimits);
    const browser = client(at(app, nextAddress()));
    for (let i = 0; i < 20; i++) expect((await browser.get(i % 2 ? "/" : "/inloggen")).status).toBe(200);
    expect(await database.db.select().from(rateLimits)).toEqual(before);
  });

  it("throttles unknown API keys per address, and then refuses even a good key from there", async () => {
    const app = appWith();
    const { session } = await makeUser(database.db, "sleutel@swvnk.nl");
    const good = await createApiToken(database.db, (await sessionViewer(database.db, session))!, "test", "read");
    const [guesser, honest] = [nextAddress(), nextAddress()];
    const withKey = (key: string, from: string) => app.request("/api/v1/plans", { headers: { authorization: `Bearer ${key}` } }, connectionFrom(from));
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await withKey(`koers_geraden${i}`, guesser)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const blocked = await withKey(good, guesser);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toContain("Te veel pogingen");
    expect((await withKey(good, honest)).status).toBe(200);
    // A good key costs nothing: it can be used far beyond the limit.
    for (let i = 0; i < 15; i++) expect((await withKey(good, honest)).status).toBe(200);
  });

  it("rotates the CSRF secret at sign-in: the token from before no longer works", async () => {
    const app = appWith();
    const browser = client(at(app, nextAddress()));
    await browser.get("/inloggen");
    const before = browser.cookie(CSRF_COOKIE)!;
    expect((await browser.post("/inloggen", { email: "gebruiker@swvnk.nl", password: PASSWORD })).status).toBe(303);
    const after = browser.cookie(CSRF_COOKIE)!;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // The page after sign-in carries the new token in its forms.
    expect(await (await browser.get("/account")).text()).toContain(`value="${after}"`);
    // Someone who learned the old token cannot use it with the new session.
    const forged = await at(app, nextAddress()).request("/account/sleutels", {
      method: "POST",
      body: new URLSearchParams({ _csrf: before, name: "kwaad", scope: "read-write" }),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${SESSION_COOKIE}=${browser.cookie(SESSION_COOKIE)}; ${CSRF_COOKIE}=${after}`,
      },
    });
    expect(forged.status).toBe(403);
  });

  describe("changing one's password", () => {
    it("is throttled: wrong current passwords lock the account, and then the right one is refused too", async () => {
      const app = appWith({ KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
      await makeUser(database.db, "raden@swvnk.nl");
      const browser = client(at(app, nextAddress()));
      await browser.post("/inloggen", { email: "raden@swvnk.nl", password: PASSWORD });
      const change = (current: string) => browser.post("/account/wachtwoord", { current, password: "een heel nieuw lang wachtwoord" });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await change(`gok ${i}`)).status);
      expect(statuses).toEqual([400, 400, 400, 400, 429]);
      const locked = await change(PASSWORD);
      expect(locked.status).toBe(429);
      expect(visibleText(await locked.text())).toContain("Te veel mislukte pogingen met het wachtwoord van dit account");
      // The lock-out is the account's: signing in is refused as well.
      expect((await signIn(at(app, nextAddress()), "raden@swvnk.nl", PASSWORD)).status).toBe(401);
    });

    it("is limited per client address too", async () => {
      const app = appWith({ KOERS_SIGN_IN_LIMIT_PER_MINUTE: "3" });
      await makeUser(database.db, "adres@swvnk.nl");
      const browser = client(at(app, nextAddress()));
      await browser.post("/inloggen", { email: "adres@swvnk.nl", password: PASSWORD });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await browser.post("/account/wachtwoord", { current: `gok ${i}`, password: "x" })).status);
      expect(statuses).toEqual([400, 400, 429]);
    });

    it("ends the user's other sessions and keeps the one that made the change", async () => {
      const app = appWith({ KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
      const { session: elsewhere } = await makeUser(database.db, "wissel@swvnk.nl");
      const browser = client(at(app, nextAddress()));
      await browser.post("/inloggen", { email: "wissel@swvnk.nl", password: PASSWORD });
      const here = browser.cookie(SESSION_COOKIE)!;
      const res = await browser.post("/account/wachtwoord", { current: PASSWORD, password: "een heel nieuw lang wachtwoord" });
      expect(res.status).toBe(200);
      expect(await sessionViewer(database.db, elsewhere)).toBeNull();
      expect(await sessionViewer(database.db, here)).toMatchObject({ email: "wissel@swvnk.nl" });
      expect((await browser.get("/account")).status).toBe(200);
    });
  });

  describe("asking for a password reset", () => {
    it("answers the same for a known and an unknown address without waiting for the mail", async () => {
      const real = createMailer({ smtpUrl: undefined, from: "Koers <koers@localhost>" }, pino({ level: "silent" }));
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let waiting = 0;
      // A mail server that does not answer until the test lets it.
      const slowMailer: Mailer = {
        async send(db, message) {
          waiting++;
          await gate;
          await real.send(db, message);
        },
      };
      const app = appWith({}, slowMailer);
      await makeUser(database.db, "herstel@swvnk.nl");
      const ask = async (email: string) => {
        const answer = client(at(app, nextAddress())).post("/wachtwoord-vergeten", { email });
        const late = new Promise<"wacht op de mail">((resolve) => setTimeout(() => resolve("wacht op de mail"), 5_000));
        const res = await Promise.race([answer, late]);
        expect(res).not.toBe("wacht op de mail");
        return res as Response;
      };
      const known = await ask("herstel@swvnk.nl");
      const unknown = await ask("niemand@swvnk.nl");
      expect([known.status, unknown.status]).toEqual([200, 200]);
      expect(visibleText(await known.text())).toBe(visibleText(await unknown.text()));
      await vi.waitFor(() => expect(waiting).toBe(1));
      open();
      await vi.waitFor(async () => expect((await listOutbox(database.db, commandLine, 1))[0]?.to).toBe("herstel@swvnk.nl"));
      expect((await listOutbox(database.db, commandLine)).some((m) => m.to === "niemand@swvnk.nl")).toBe(false);
    });

    it("is limited per client address", async () => {
      const app = appWith({ KOERS_SIGN_IN_LIMIT_PER_MINUTE: "2" });
      const browser = client(at(app, nextAddress()));
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await browser.post("/wachtwoord-vergeten", { email: `x${i}@y.nl` })).status);
      expect(statuses).toEqual([200, 200, 429]);
    });
  });
});
