/**
 * Who is asking (session cookie or API token), and the defences every
 * state-changing request passes: CSRF token and origin check, rate limits.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { sessionViewer, tokenViewer } from "../modules/accounts/service.ts";
import { anonymous } from "../modules/accounts/viewer.ts";
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

export function setSessionCookie(c: Context<AppEnv>, deps: AppDeps, token: string) {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(deps, deps.config.accounts.absoluteHours * 3600));
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

function bearer(c: Context): string | undefined {
  const header = c.req.header("authorization");
  return header?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/** Sets the viewer: from an API token (Authorization: Bearer …) or the session cookie. */
export function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("viewer", anonymous);
    c.set("sessionToken", undefined);
    const token = bearer(c);
    if (token) {
      const viewer = await tokenViewer(deps.db, token);
      if (!viewer) {
        return c.json({ error: { status: 401, message: "Deze API-sleutel is onbekend of ingetrokken." } }, 401);
      }
      c.set("viewer", viewer);
      return next();
    }
    const session = getCookie(c, SESSION_COOKIE);
    if (session) {
      const viewer = await sessionViewer(deps.db, session, deps.config.accounts);
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
    let token = getCookie(c, CSRF_COOKIE);
    if (!token) {
      token = randomBytes(24).toString("base64url");
      setCookie(c, CSRF_COOKIE, token, cookieOptions(deps));
    }
    c.set("csrfToken", token);
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
  };
}

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "onbekend";
  } catch {
    return "onbekend";
  }
}

/** At most `limit` requests per `windowMs` from one address; in memory, per process. */
export function rateLimit(deps: AppDeps, limit: number, windowMs: number): MiddlewareHandler<AppEnv> {
  const hits = new Map<string, { count: number; start: number }>();
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const now = Date.now();
    const key = clientAddress(c, deps.config.trustProxy);
    const entry = hits.get(key);
    if (!entry || now - entry.start > windowMs) hits.set(key, { count: 1, start: now });
    else if (++entry.count > limit) {
      c.header("Retry-After", String(Math.ceil((entry.start + windowMs - now) / 1000)));
      throw new HTTPException(429, { message: "Te veel pogingen achter elkaar. Wacht een minuut en probeer het opnieuw." });
    }
    if (hits.size > 10_000) for (const [k, v] of hits) if (now - v.start > windowMs) hits.delete(k);
    return next();
  };
}
