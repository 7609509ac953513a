/**
 * Who is asking (session cookie or API token), and the defences every
 * state-changing request passes: CSRF token and origin check; the client
 * address and the per-address limits on checking secrets.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler, Next } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { LRUCache } from "lru-cache";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimits } from "../modules/accounts/schema.ts";
import { sessionViewer, tokenViewer, type SessionMemory, type StoredSession } from "../modules/accounts/service.ts";
import { anonymous } from "../modules/access/viewer.ts";
import type { AppDeps, AppEnv } from "./env.ts";

export const SESSION_COOKIE = "koers_sessie";
export const CSRF_COOKIE = "koers_csrf";
const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function cookieOptions(deps: AppDeps, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: deps.config.publicUrl.startsWith("https:"),
    path: "/",
    ...(maxAgeSeconds !== undefined && { maxAge: maxAgeSeconds }),
  };
}

const newCsrfToken = () => randomBytes(24).toString("base64url");

/** Starts the browser's side of a session, with a new CSRF secret: one planted or seen before sign-in is worthless after it. */
export function setSessionCookie(c: Context<AppEnv>, deps: AppDeps, token: string) {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(deps, deps.config.accounts.absoluteHours * 3600));
  const csrf = newCsrfToken();
  setCookie(c, CSRF_COOKIE, csrf, cookieOptions(deps));
  c.set("csrfToken", csrf);
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

function bearer(c: Context): string | undefined {
  const header = c.req.header("authorization");
  return header?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/**
 * Sets the viewer: from an API token (Authorization: Bearer …) or the session cookie. With
 * `stampOf` (the data stamp of a request, src/web/page-cache.ts), a session read for a page is
 * remembered until anything in the database changes: a signed-in page kept in memory then asks
 * the database for the stamp only. Sign-out, a disabled account or a changed role is a change.
 */
export function authenticate(deps: AppDeps, stampOf?: (c: Context<AppEnv>) => Promise<string>): MiddlewareHandler<AppEnv> {
  // Failed API keys per client address; only requests that carry a key pay for the check.
  const keyFailures = addressLimit(deps, "api-sleutel", deps.config.apiKeyFailureLimitPerMinute);
  const remembered = stampOf && new LRUCache<string, { stamp: string; session: StoredSession }>({ max: 10_000 });
  const memoryAt = async (c: Context<AppEnv>): Promise<SessionMemory | undefined> => {
    if (!remembered || !stampOf || (c.req.method !== "GET" && c.req.method !== "HEAD")) return undefined;
    const stamp = await stampOf(c);
    return {
      get: (hash) => {
        const found = remembered.get(hash);
        return found?.stamp === stamp ? found.session : undefined;
      },
      set: (hash, session) => remembered.set(hash, { stamp, session }),
    };
  };
  return async (c, next) => {
    c.set("viewer", anonymous);
    c.set("sessionToken", undefined);
    const token = bearer(c);
    if (token) {
      await keyFailures.refuseWhenSpent(c);
      const viewer = await tokenViewer(deps.db, token);
      if (!viewer) {
        await keyFailures.countFailure(c);
        return c.json({ error: { status: 401, message: "Deze API-sleutel is onbekend of ingetrokken." } }, 401);
      }
      c.set("viewer", viewer);
      return next();
    }
    const session = getCookie(c, SESSION_COOKIE);
    if (session) {
      const viewer = await sessionViewer(deps.db, session, deps.config.accounts, new Date(), await memoryAt(c));
      if (viewer) {
        c.set("viewer", viewer);
        c.set("sessionToken", session);
      } else clearSessionCookie(c);
    }
    return next();
  };
}

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const csrfFailure =
  "Dit formulier is verlopen of kwam niet van Koers. Laad de pagina opnieuw en probeer het nog eens.";

/**
 * Every state-changing request must come from a Koers page: the Origin (when sent)
 * must be Koers' own, and the form field `_csrf` or header `X-CSRF-Token` must match
 * the CSRF cookie. CSRF abuses credentials a browser sends by itself, so API
 * requests that carry no session cookie (anonymous, or with an API token) are exempt.
 */
export function csrfProtection(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const ownOrigin = new URL(deps.config.publicUrl).origin;
  return async (c, next) => {
    const cookie = getCookie(c, CSRF_COOKIE);
    const token = cookie ?? newCsrfToken();
    c.set("csrfToken", token);
    await check(c, token, next);
    // Only a page with a form (CsrfField) needs the cookie: every other page sets none, and so stays cacheable.
    if (!cookie && c.get("csrfIssued")) setCookie(c, CSRF_COOKIE, token, cookieOptions(deps));
  };

  async function check(c: Context<AppEnv>, token: string, next: Next): Promise<void> {
    if (!unsafe.has(c.req.method) || bearer(c)) return next();
    if (c.req.path.startsWith("/api/") && !getCookie(c, SESSION_COOKIE)) return next();

    const origin = c.req.header("origin");
    const requestOrigin = new URL(c.req.url).origin;
    if (origin && origin !== ownOrigin && origin !== requestOrigin) throw new HTTPException(403, { message: csrfFailure });
    let sent = c.req.header("x-csrf-token");
    if (!sent && /application\/x-www-form-urlencoded|multipart\/form-data/.test(c.req.header("content-type") ?? "")) {
      const body = await c.req.parseBody();
      sent = typeof body._csrf === "string" ? body._csrf : undefined;
    }
    if (!sent || !getCookie(c, CSRF_COOKIE) || !sameToken(sent, token)) throw new HTTPException(403, { message: csrfFailure });
    return next();
  }
}

/** What `clientAddress` gives when there is no connection to ask (requests made in-process, as in tests). */
export const NO_CONNECTION = "onbekend";

/**
 * Who sent the request. Without trusted proxies: the connection's address; the
 * X-Forwarded-For header is written by the client and counts for nothing. Behind
 * N trusted proxies, each of which adds the address it was reached from, the Nth
 * entry from the right (the one the outermost proxy wrote); entries further left
 * are the client's own words.
 */
export function clientAddressOf(connection: string | undefined, forwardedFor: string | undefined, trustedProxies: number): string {
  const peer = connection || NO_CONNECTION;
  if (trustedProxies <= 0 || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  if (hops.length === 0) return peer;
  return hops[Math.max(0, hops.length - trustedProxies)]!.slice(0, 100);
}

export function clientAddress(c: Context, trustedProxies: number): string {
  let connection: string | undefined;
  try {
    connection = getConnInfo(c).remote.address;
  } catch {
    connection = undefined; // app.request() has no socket
  }
  return clientAddressOf(connection, c.req.header("x-forwarded-for"), trustedProxies);
}

export const tooManyAttempts = "Te veel pogingen achter elkaar. Wacht een minuut en probeer het opnieuw.";

/**
 * At most `perMinute` attempts per client address per minute, counted by
 * rate-limiter-flexible in the database (table rate_limits), so that every Koers
 * process on one database counts together. Used only where a secret is checked,
 * never on ordinary page views (docs/decisions/0012-throttling.md).
 */
export function addressLimit(deps: AppDeps, name: string, perMinute: number) {
  const limiter = new RateLimiterDrizzle({ storeClient: deps.db, schema: rateLimits, keyPrefix: name, points: perMinute, duration: 60 });
  const keyOf = (c: Context) => clientAddress(c, deps.config.trustedProxies);
  const refuse = (c: Context, msBeforeNext: number): never => {
    c.header("Retry-After", String(Math.max(1, Math.ceil(msBeforeNext / 1000))));
    throw new HTTPException(429, { message: tooManyAttempts });
  };
  /** Counts one attempt; over the limit the request is refused with 429. */
  const count = async (c: Context): Promise<void> => {
    try {
      await limiter.consume(keyOf(c));
    } catch (error) {
      if (error instanceof RateLimiterRes) refuse(c, error.msBeforeNext);
      throw error;
    }
  };
  return {
    /** Refuses with 429 when the address has used up its attempts, without counting one. */
    async refuseWhenSpent(c: Context): Promise<void> {
      const used = await limiter.get(keyOf(c));
      if (used && used.consumedPoints >= perMinute) refuse(c, used.msBeforeNext);
    },
    /** Counts a failure that was already answered. */
    async countFailure(c: Context): Promise<void> {
      await limiter.penalty(keyOf(c));
    },
    /** Middleware that counts every POST. */
    onPost: (async (c, next) => {
      if (c.req.method === "POST") await count(c);
      return next();
    }) as MiddlewareHandler<AppEnv>,
  };
}
