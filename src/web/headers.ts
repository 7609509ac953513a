/**
 * Caching headers: what depends on who asks is never stored by a browser or a proxy; what is
 * the same for every anonymous visitor may be stored, and is checked again on every use.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { asksAsAnyone, etagOf, matches, notModified } from "./page-cache.ts";

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
    const personal = setsCookie || !asksAsAnyone(c) || (c.get("viewer")?.kind ?? "anonymous") !== "anonymous";
    if (personal) headers.set("Cache-Control", "no-store");
    else if (c.res.status === 200 && !headers.has("cache-control")) await validated(c);
  };
}

/**
 * A public answer may be stored by the browser and by shared caches, which must ask again
 * before every use (`no-cache`): the ETag is a hash of the answer itself, so every change to
 * what the page shows gives another one, and an unchanged page is answered with 304 and no body.
 * A signed-in visitor passing the same cache gets their own page, because the cache asks Koers.
 * (Answers that the page cache keeps get the same headers there.)
 */
async function validated(c: Context<AppEnv>): Promise<void> {
  const etag = etagOf(new Uint8Array(await c.res.clone().arrayBuffer()));
  c.res.headers.set("Cache-Control", "public, no-cache");
  c.res.headers.set("ETag", etag);
  if (!matches(c.req.header("if-none-match"), etag)) return;
  const headers = c.res.headers;
  c.res = undefined;
  c.res = notModified(headers);
}
