/**
 * Single sign-on end to end: Koers against a real OpenID provider (oidc-provider),
 * started in this test on a free port. The provider's development login and
 * consent forms are filled in with fetch, as a browser without JavaScript would.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
// @ts-expect-error -- oidc-provider ships no type declarations; the little used here is typed below.
import OidcProvider from "oidc-provider";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, freshDatabase, type TestDatabase } from "../../../test/helpers/databases.ts";
import { dataDir } from "../../../test/helpers/seeded.ts";
import { loadConfig, type Config } from "../../config.ts";
import { createApp } from "../../web/app.tsx";
import type { AppDeps } from "../../web/env.ts";
import { auditLog } from "../audit/schema.ts";
import { importDataSet, parseFiles } from "../exchange/service.ts";
import { organisations } from "../organisations/schema.ts";
import { createMailer } from "./mail.ts";
import { oidcRoutes } from "./oidc.tsx";
import { users } from "./schema.ts";
import { sessionViewer } from "./service.ts";

interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
const Provider = OidcProvider as new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

const KOERS = "http://koers.test";
const CLIENT_ID = "koers";
const CLIENT_SECRET = "een-lang-geheim-voor-de-test-van-koers";

/** The provider's accounts; `idTokenEmail: false` puts e-mail and name only in the UserInfo response. */
const accounts: Record<string, { email: string; email_verified: boolean; name: string; idTokenEmail?: boolean }> = {
  anna: { email: "Anna.deVries@Voorbeeld.nl", email_verified: true, name: "Anna de Vries" },
  bert: { email: "bert@voorbeeld.nl", email_verified: false, name: "Bert Jansen" },
  carla: { email: "carla@voorbeeld.nl", email_verified: true, name: "Carla Bakker", idTokenEmail: false },
  dirk: { email: "dirk@voorbeeld.nl", email_verified: true, name: "Dirk Visser" },
};

/** A minimal cookie jar: name → value, paths ignored, expired cookies removed. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => {
        const [key = "", v = ""] = a.trim().split("=");
        return (key.toLowerCase() === "max-age" && Number(v) <= 0) || (key.toLowerCase() === "expires" && Date.parse(v) <= Date.now());
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

const setCookieNamed = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const decodeHtml = (s: string) => s.replace(/&amp;/g, "&").replace(/&#x2F;/gi, "/").replace(/&quot;/g, '"').replace(/&#39;/g, "'");

interface RunningProvider {
  issuer: string;
  server: Server;
  /** While true, the server answers every request with 503 (a provider that is down). */
  down: boolean;
}

async function startProvider(): Promise<RunningProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${KOERS}/inloggen/oidc/terug`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put the scope claims in the ID token too (the default puts them only in UserInfo).
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async (use: string) =>
          use === "id_token" && account.idTokenEmail === false
            ? { sub }
            : { sub, email: account.email, email_verified: account.email_verified, name: account.name },
      };
    },
    jwks: { keys: [{ ...signingKey, use: "sig", alg: "RS256" }] },
    cookies: { keys: ["cookie-sleutel-alleen-voor-de-test"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
  });
  const running: RunningProvider = { issuer, server, down: false };
  const handle = provider.callback();
  server.on("request", (req, res) => {
    if (running.down) {
      res.statusCode = 503;
      res.end();
    } else handle(req, res);
  });
  return running;
}

/**
 * Follows the provider's redirects from the authorization URL, fills in the login
 * form (any password) and the consent form, until the provider sends the browser
 * back to Koers; returns that URL. A fresh jar is a browser without a provider session.
 */
async function throughProvider(authorizationUrl: string, login: string, jar = new CookieJar()): Promise<string> {
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: jar.header(), ...(form && { "content-type": "application/x-www-form-urlencoded" }) },
      ...(form && { body: form.toString() }),
    });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get("location")!, url).href;
      await res.body?.cancel();
      if (next.startsWith(`${KOERS}/`)) return next;
      url = next;
      form = undefined;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 500)}`);
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    const prompt = html.match(/name="prompt" value="(\w+)"/)?.[1];
    if (!action || !prompt) throw new Error(`no login or consent form on ${url}: ${html.slice(0, 500)}`);
    url = new URL(decodeHtml(action), url).href;
    form = new URLSearchParams(prompt === "login" ? { prompt, login, password: "wat-dan-ook" } : { prompt });
  }
  throw new Error("too many steps at the provider");
}

describe.each(databaseKinds)("single sign-on with OpenID Connect on %s", (kind) => {
  let database: TestDatabase;
  let op: RunningProvider;
  let deps: AppDeps;
  let app: ReturnType<typeof createApp>;
  let swvnkId: number;

  const configFor = (issuer: string): Config =>
    loadConfig({
      KOERS_PUBLIC_URL: KOERS,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_DEFAULT_ORGANISATION: "swvnk",
      OIDC_DEFAULT_ROLE: "lezer",
      LOG_LEVEL: "silent",
    });

  /** The Koers app with the sign-on routes; mounted here as long as createApp does not do so itself. */
  function koersApp(config: Config) {
    const logger = pino({ level: "silent" });
    const appDeps: AppDeps = { db: database.db, logger, config, mailer: createMailer(config.mail, logger) };
    const koers = createApp(appDeps);
    if (!koers.routes.some((r) => r.path.startsWith("/inloggen/oidc"))) koers.route("/inloggen/oidc", oidcRoutes(appDeps));
    return { koers, appDeps };
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    const text = readFileSync(join(dataDir, "organisations", "kennemerland.yaml"), "utf8");
    const { data, names } = parseFiles([{ name: "kennemerland.yaml", text }]);
    await importDataSet(database, data, names);
    const [swvnk] = await database.db.select().from(organisations).where(eq(organisations.slug, "swvnk"));
    swvnkId = swvnk!.id;
    op = await startProvider();
    ({ koers: app, appDeps: deps } = koersApp(configFor(op.issuer)));
  });

  afterAll(async () => {
    if (op) {
      op.server.closeAllConnections();
      await new Promise((resolve) => op.server.close(resolve));
    }
    await database?.dispose();
  });

  const koersGet = async (path: string, jar: CookieJar, on = app) => {
    const res = await on.request(path, { headers: { cookie: jar.header() } });
    jar.store(res);
    return res;
  };

  /** Starts at Koers, signs in at the provider, and returns Koers' answer on the way back. */
  async function signIn(login: string, koers = new CookieJar()) {
    const start = await koersGet("/inloggen/oidc", koers);
    expect(start.status).toBe(302);
    const callback = await throughProvider(start.headers.get("location")!, login);
    const back = await koersGet(callback, koers);
    return { start, callback, back, koers, token: setCookieNamed(back, "koers_sessie") ? koers.get("koers_sessie") : undefined };
  }

  const usersWithEmail = (email: string) => database.db.select().from(users).where(eq(users.email, email));

  it("signs a new person in: to the provider and back, with a session, a new user as lezer at swvnk and an audit entry", async () => {
    const { start, back, token } = await signIn("anna");

    const location = new URL(start.headers.get("location")!);
    expect(location.origin + location.pathname).toBe(`${op.issuer}/auth`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: "code",
      scope: "openid email profile",
      redirect_uri: `${KOERS}/inloggen/oidc/terug`,
      code_challenge_method: "S256",
    });
    for (const p of ["state", "nonce", "code_challenge"]) expect(location.searchParams.get(p)).toBeTruthy();
    const stateCookie = setCookieNamed(start, "koers_oidc")!;
    expect(stateCookie).toMatch(/Max-Age=600/);
    expect(stateCookie).toMatch(/Path=\/inloggen\/oidc/);
    expect(stateCookie).toMatch(/HttpOnly/);
    expect(stateCookie).toMatch(/SameSite=Lax/);
    expect(stateCookie).not.toMatch(/Secure/); // http public URL

    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/");
    expect(setCookieNamed(back, "koers_oidc")).toMatch(/Max-Age=0/);
    const sessionCookie = setCookieNamed(back, "koers_sessie")!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(token).toBeTruthy();

    const viewer = await sessionViewer(database.db, token!, deps.config.accounts);
    expect(viewer).toMatchObject({ kind: "user", email: "anna.devries@voorbeeld.nl", name: "Anna de Vries", isAdmin: false });
    expect(viewer?.kind === "user" && viewer.roles.get(swvnkId)).toBe("lezer");

    const rows = await usersWithEmail("anna.devries@voorbeeld.nl");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.passwordHash).toBeNull();
    expect(rows[0]!.lastSignInAt).toBeInstanceOf(Date);
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "gebruiker-toegevoegd"), eq(auditLog.entityId, String(rows[0]!.id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain("anna.devries@voorbeeld.nl");
  });

  it("matches the same e-mail to the existing user, and rotates the session token", async () => {
    const first = await signIn("anna");
    expect(first.back.status).toBe(302);
    const second = await signIn("anna", first.koers); // the browser still has the first session cookie
    expect(second.back.status).toBe(302);
    expect(second.token).toBeTruthy();
    expect(second.token).not.toBe(first.token);
    expect(await sessionViewer(database.db, first.token!)).toBeNull();
    expect(await sessionViewer(database.db, second.token!)).toMatchObject({ email: "anna.devries@voorbeeld.nl" });
    expect(await usersWithEmail("anna.devries@voorbeeld.nl")).toHaveLength(1);
  });

  it("refuses a tampered, missing or reused state with 400 and no session", async () => {
    const koers = new CookieJar();
    const start = await koersGet("/inloggen/oidc", koers);
    const callback = await throughProvider(start.headers.get("location")!, "anna");

    const tampered = new URL(callback);
    tampered.searchParams.set("state", "vervalst");
    const res = await koersGet(tampered.href, koers);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const body = await res.text();
    expect(body).toContain("Uw aanmelding is verlopen of is niet vanuit Koers gestart.");
    expect(body).not.toMatch(/state|OAUTH_/);
    expect(setCookieNamed(res, "koers_sessie")).toBeUndefined();

    // The state cookie is gone after one attempt: the real answer now fails too.
    expect(koers.get("koers_oidc")).toBeUndefined();
    const reused = await koersGet(callback, koers);
    expect(reused.status).toBe(400);
    expect(setCookieNamed(reused, "koers_sessie")).toBeUndefined();

    // A browser that never started the sign-in (no state cookie).
    const stranger = await koersGet(callback, new CookieJar());
    expect(stranger.status).toBe(400);
    expect(setCookieNamed(stranger, "koers_sessie")).toBeUndefined();

    // No state parameter at all.
    const again = new CookieJar();
    const start2 = await koersGet("/inloggen/oidc", again);
    const callback2 = new URL(await throughProvider(start2.headers.get("location")!, "anna"));
    callback2.searchParams.delete("state");
    const missing = await koersGet(callback2.href, again);
    expect(missing.status).toBe(400);
    expect(setCookieNamed(missing, "koers_sessie")).toBeUndefined();
  });

  it("refuses an e-mail address the provider has not verified (403), without creating a user", async () => {
    const { back, token } = await signIn("bert");
    expect(back.status).toBe(403);
    expect(await back.text()).toContain("Uw e-mailadres is bij de inlogdienst van uw organisatie niet bevestigd.");
    expect(token).toBeUndefined();
    expect(await usersWithEmail("bert@voorbeeld.nl")).toHaveLength(0);
  });

  it("refuses a disabled Koers user (403)", async () => {
    const first = await signIn("dirk");
    expect(first.back.status).toBe(302);
    await database.db.update(users).set({ disabled: true }).where(eq(users.email, "dirk@voorbeeld.nl"));
    const { back, token } = await signIn("dirk");
    expect(back.status).toBe(403);
    expect(await back.text()).toContain("Uw account in Koers is uitgeschakeld.");
    expect(token).toBeUndefined();
    expect(await usersWithEmail("dirk@voorbeeld.nl")).toHaveLength(1);
  });

  it("takes the e-mail address from UserInfo when the ID token has none", async () => {
    const { back, token } = await signIn("carla");
    expect(back.status).toBe(302);
    expect(await sessionViewer(database.db, token!)).toMatchObject({ email: "carla@voorbeeld.nl", name: "Carla Bakker" });
  });

  it("marks the state cookie Secure when Koers is public on https", async () => {
    const secure = koersApp({ ...configFor(op.issuer), publicUrl: "https://koers.test" }).koers;
    const res = await koersGet("/inloggen/oidc", new CookieJar(), secure);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location")!).searchParams.get("redirect_uri")).toBe("https://koers.test/inloggen/oidc/terug");
    expect(setCookieNamed(res, "koers_oidc")).toMatch(/; Secure/);
  });

  it("answers 502 when the provider cannot be reached, and tries discovery again on the next request", async () => {
    // Nothing listens on this port.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = koersApp(configFor(`http://127.0.0.1:${port}`)).koers;
    const refused = await koersGet("/inloggen/oidc", new CookieJar(), unreachable);
    expect(refused.status).toBe(502);
    const body = await refused.text();
    expect(body).toContain("De inlogdienst van uw organisatie is op dit moment niet bereikbaar");
    expect(body).not.toMatch(/ECONNREFUSED|fetch failed/);
    expect(setCookieNamed(refused, "koers_oidc")).toBeUndefined();

    // A fresh app whose first discovery meets a provider that is down.
    const fresh = koersApp(configFor(op.issuer)).koers;
    op.down = true;
    try {
      expect((await koersGet("/inloggen/oidc", new CookieJar(), fresh)).status).toBe(502);
    } finally {
      op.down = false;
    }
    const retried = await koersGet("/inloggen/oidc", new CookieJar(), fresh);
    expect(retried.status).toBe(302);
    expect(retried.headers.get("location")).toMatch(new RegExp(`^${op.issuer}/auth\\?`));
  });
});
