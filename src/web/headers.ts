/** Caching headers: what depends on who asks is never stored by a browser or a proxy. */
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "./auth.ts";
import type { AppEnv } from "./env.ts";

const reading = new Set(["GET", "HEAD"]);

/**
 * Sends `Cache-Control: no-store` with every response that depends on who asks: for a
 * signed-in user or an API key (also a calendar key in the address, `?sleutel=`), every
 * response that sets a cookie or carries the visitor's CSRF token in a form (`CsrfField`
 * says so itself), and every answer to a write. Public pages for anonymous visitors keep
 * their caching, and so does a response whose handler declared it `public` (the static
 * files, the calendar of a published plan), unless it sets a cookie.
 */
export function noStoreWhenPersonal(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const setsCookie = headers.has("set-cookie");
    if (!setsCookie && /\b(public|no-store)\b/.test(headers.get("cache-control") ?? "")) return;
    const personal =
      setsCookie ||
      !reading.has(c.req.method) ||
      (c.get("viewer")?.kind ?? "anonymous") !== "anonymous" ||
      c.req.header("authorization") !== undefined ||
      getCookie(c, SESSION_COOKIE) !== undefined ||
      c.req.query("sleutel") !== undefined;
    if (personal) headers.set("Cache-Control", "no-store");
  };
}
