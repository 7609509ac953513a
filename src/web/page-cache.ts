/**
 * Pages kept ready. What an anonymous visitor gets is the same for every anonymous visitor, and
 * what a signed-in person gets from the reading pages is the same for everyone with the same
 * rights but for their name and form token; so Koers keeps the finished answer in memory and
 * serves it again until the data changes. Whether the data changed is asked of the database
 * itself, in one small query per request: the data stamp, a counter that every transaction that
 * changes what pages may show raises at its commit, in any process on the same database. A change
 * anywhere therefore sets every kept page aside; nothing is served that is older than the last
 * change. The day is part of the key, because what is due or late changes at midnight.
 * Decision 0026.
 */
import { createHash, randomBytes } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { LRUCache } from "lru-cache";
import type { Db } from "../db/client.ts";
import { dataStamp } from "../db/data-stamp.ts";
import { todayInNl } from "../lib/dates.ts";
import { SESSION_COOKIE } from "./auth.ts";
import type { AppEnv } from "./env.ts";
import type { Viewer } from "../modules/access/viewer.ts";
import { accepts, chooseEncoding } from "./static.ts";
import { HoledText } from "../lib/holed-text.ts";
import { escapeHtml } from "../lib/escape.ts";
import { HEALTH_CHECK } from "./admission.ts";
import { GLOSSARY_TTL_MS } from "../modules/glossary/service.ts";

/**
 * A kept page is made again after this long even when nothing was written: what a process
 * holds in memory besides the database (the glossary that explains terms, reloaded within
 * GLOSSARY_TTL_MS of a change made in another process) then reaches kept pages too.
 */
export const KEEP_MS = GLOSSARY_TTL_MS;

interface Kept {
  stamp: string;
  /** Kept no longer than this (ms since 1970): see KEEP_MS. */
  until: number;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  etag: string;
  gzip?: Uint8Array;
  br?: Uint8Array;
  /** A signed-in page, with holes for what is the person's own (sameRightsCache). */
  holed?: HoledText<"name" | "token">;
}

/** The ETag of a public answer: a hash of its body. */
export function etagOf(body: Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** Whether an If-None-Match header names this ETag (or `*`). */
export function matches(asked: string | undefined, etag: string): boolean {
  return !!asked && asked.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");
}

/** The answer to a request whose copy is still current: no body. */
export function notModified(headers: Headers): Response {
  const kept = new Headers(headers);
  kept.delete("content-length");
  kept.delete("content-type");
  kept.delete("content-encoding");
  return new Response(null, { status: 304, headers: kept });
}

/** Whether a request can only get the answer every anonymous visitor gets. */
export function asksAsAnyone(c: Context<AppEnv>): boolean {
  return (
    (c.req.method === "GET" || c.req.method === "HEAD") &&
    c.req.header("authorization") === undefined &&
    getCookie(c, SESSION_COOKIE) === undefined &&
    c.req.query("sleutel") === undefined
  );
}

/** The data stamp of a request on the primary database, asked once however often the request needs it. */
export function stampOnce(db: Db): (c: Context<AppEnv>) => Promise<string> {
  return (c) => {
    let stamp = c.get("stamp");
    if (!stamp) {
      stamp = dataStamp(db);
      c.set("stamp", stamp);
    }
    return stamp;
  };
}

/** Answers kept, least recently used first, within a number of bytes. */
export class PageStore {
  readonly #kept: LRUCache<string, Kept>;
  readonly #making = new Map<string, Promise<Kept | undefined>>();
  constructor(readonly maxBytes: number) {
    const max = Math.max(8, Math.floor(maxBytes));
    this.#kept = new LRUCache<string, Kept>({ maxSize: max, maxEntrySize: Math.floor(max / 8), sizeCalculation: size });
  }

  get(key: string, stamp: string): Kept | undefined {
    const kept = this.#kept.get(key);
    if (kept && (kept.stamp !== stamp || Date.now() >= kept.until)) {
      this.#kept.delete(key);
      return undefined;
    }
    return kept;
  }

  /** Keeps an answer, or again after a compressed form was added to it (its size is counted anew). */
  set(key: string, kept: Kept): void {
    this.#kept.set(key, kept);
  }

  /** The answer another request is making for this key under this stamp, once it is made (nothing when it cannot be kept). */
  pending(key: string, stamp: string): Promise<Kept | undefined> | undefined {
    return this.#making.get(`${stamp} ${key}`);
  }

  /** Says that this request makes the answer: others asking for it meanwhile wait. The returned function hands them what was made. */
  making(key: string, stamp: string): (made: Kept | undefined) => void {
    const id = `${stamp} ${key}`;
    let finish: (made: Kept | undefined) => void = () => undefined;
    this.#making.set(id, new Promise((resolve) => (finish = resolve)));
    return (made) => {
      this.#making.delete(id);
      finish(made);
    };
  }

  get bytes(): number {
    return this.#kept.calculatedSize;
  }

  get size(): number {
    return this.#kept.size;
  }
}

const size = (k: Kept) => k.body.byteLength + (k.gzip?.byteLength ?? 0) + (k.br?.byteLength ?? 0) + 512;

function compressed(store: PageStore, key: string, kept: Kept, encoding: "br" | "gzip"): Uint8Array {
  const existing = kept[encoding];
  if (existing) return existing;
  const made =
    encoding === "br"
      ? brotliCompressSync(kept.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: kept.body.byteLength } })
      : gzipSync(kept.body, { level: 6 });
  kept[encoding] = made;
  store.set(key, kept);
  return made;
}

/** A made answer in the form it is kept, under the stamp read before it was made. */
async function keptOf(res: Response, stamp: string): Promise<Kept> {
  const body = new Uint8Array(await res.clone().arrayBuffer());
  return { stamp, until: Date.now() + KEEP_MS, status: res.status, headers: [...res.headers].filter(([name]) => name !== "content-length"), body, etag: etagOf(body) };
}

/**
 * The answer for `key` under `stamp`: kept, or being made by another request (then waited for,
 * so that many visitors right after a change make a page once), or made now by `make` and kept
 * when `keep` gives it a form to keep. Nothing when what was made cannot be kept: `c.res` holds it.
 */
async function keptOrMade(c: Context<AppEnv>, store: PageStore, key: string, stamp: string, make: () => Promise<void>, keep: () => Promise<Kept | undefined>): Promise<Kept | undefined> {
  const ready = store.get(key, stamp) ?? (await store.pending(key, stamp));
  if (ready) {
    c.set("kept", true);
    return ready;
  }
  const finish = store.making(key, stamp);
  let kept: Kept | undefined;
  try {
    await make();
    kept = await keep();
    if (kept) store.set(key, kept);
  } finally {
    finish(kept);
  }
  return kept;
}

function answer(c: Context<AppEnv>, store: PageStore, key: string, kept: Kept): Response {
  const headers = new Headers(kept.headers);
  // Its own public caching (a feed's max-age) stays; a page is checked again on every use.
  if (!headers.has("cache-control")) headers.set("Cache-Control", "public, no-cache");
  headers.set("ETag", kept.etag);
  headers.append("Vary", "Accept-Encoding");
  if (matches(c.req.header("if-none-match"), kept.etag)) return notModified(headers);
  const encoding = kept.body.byteLength >= 1024 ? chooseEncoding(c.req.header("accept-encoding")) : undefined;
  const body = encoding ? compressed(store, key, kept, encoding) : kept.body;
  if (encoding) headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(c.req.method === "HEAD" ? null : body, { status: kept.status, headers });
}

/**
 * Keeps the public pages, feeds and API answers that anonymous visitors get (a 200 with no
 * cookie, and no caching of its own or public caching), and serves them, compressed as the browser accepts, with an
 * ETag, while the data stamp is unchanged. Without a store (`KOERS_PAGE_CACHE_MB=0`) it keeps nothing.
 *
 * It runs before anyone is looked up, so that a kept page costs no more than the stamp: a request
 * without a session cookie, API key or calendar key can only be anonymous. With a read replica
 * (`onReplica`), the stamp is the replica's, as are the pages it builds.
 */
export function pageCache(db: Db, store: PageStore | undefined, onReplica: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): MiddlewareHandler<AppEnv> {
  if (!store) return (_, next) => next();
  return async (c, next) => {
    if (!asksAsAnyone(c) || c.req.path === HEALTH_CHECK) return next();
    const key = `${todayInNl()} ${c.req.header("hx-request") ? "hx " : ""}${c.req.url}`;
    const stamp = await onReplica(() => dataStamp(db));
    c.set("stamp", Promise.resolve(stamp));
    const kept = await keptOrMade(c, store, key, stamp, next, async () => {
      const res = c.res;
      const own = res.headers.get("cache-control");
      if (res.status !== 200 || res.headers.has("set-cookie") || (own !== null && !/^public\b/.test(own)) || res.headers.has("content-encoding")) return undefined;
      return keptOf(res, stamp);
    });
    if (!kept) return;
    c.res = undefined;
    c.res = answer(c, store, key, kept);
  };
}

/** The store for kept pages within `maxBytes`, or none when nothing is to be kept. */
export function pageStore(maxBytes: number): PageStore | undefined {
  return maxBytes > 0 ? new PageStore(maxBytes) : undefined;
}

/**
 * Stand-ins for what is a signed-in person's own on a page that is otherwise the same for
 * everyone with the same rights: their name in the menu and their CSRF token in its forms.
 * Random per process, so no text on a page can contain them by chance or on purpose.
 */
const NAME_MARK = `koersnaam${randomBytes(12).toString("hex")}`;
const TOKEN_MARK = `koerstoken${randomBytes(12).toString("hex")}`;

/** What a person may see and do, without who they are: people with the same rights get the same pages. */
export function rightsOf(viewer: Extract<Viewer, { kind: "user" }>): string {
  const roles = [...viewer.roles].sort(([a], [b]) => a - b).map(([org, role]) => `${org}:${role}`);
  return `${viewer.via} ${viewer.isAdmin ? "beheerder" : "-"} ${roles.join(",")}`;
}

/**
 * Keeps what a page is made from and what is the same for everyone with the same rights (such as
 * the choices of the search filters) while the request's data stamp is unchanged: pages that are
 * different for every address, like search results, then do not make it again. Without a stamp
 * (nothing kept, `KOERS_PAGE_CACHE_MB=0`) it is made every time.
 */
export function keptPerRights<T>(max = 100): (c: Context<AppEnv>, make: () => Promise<T>) => Promise<T> {
  const kept = new LRUCache<string, { stamp: string; value: Promise<T> }>({ max });
  return async (c, make) => {
    const stamp = await c.get("stamp");
    if (stamp === undefined) return make();
    const viewer = c.get("viewer");
    const key = viewer.kind === "user" ? rightsOf(viewer) : viewer.kind;
    const found = kept.get(key);
    if (found?.stamp === stamp) return found.value;
    const value = make();
    kept.set(key, { stamp, value });
    value.catch(() => kept.delete(key));
    return value;
  };
}

/**
 * Signed-in pages kept per set of rights: for the pages the composition root names (`shared`),
 * what a signed-in person sees depends on their rights (roles per organisation, being an
 * administrator, session or API key) and not on who they are, except for their name and CSRF
 * token, which are put in when the page is served. Such a page is made once for everyone with
 * the same rights and kept under the same data stamp as public pages, so a change anywhere sets
 * it aside. The answer itself is never stored by a browser or proxy (`no-store`, headers.ts).
 * Pages that show a person's own things (their work, account, notices) are not named and are
 * made for every request.
 */
export function sameRightsCache(stampOf: (c: Context<AppEnv>) => Promise<string>, store: PageStore, shared: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const viewer = c.get("viewer");
    if ((c.req.method !== "GET" && c.req.method !== "HEAD") || viewer.kind !== "user" || !shared(c.req.path)) return next();
    const key = `${todayInNl()} ${rightsOf(viewer)} ${c.req.header("hx-request") ? "hx " : ""}${c.req.url}`;
    const stamp = await stampOf(c);
    const token = c.get("csrfToken");
    const make = async () => {
      c.set("viewer", { ...viewer, name: NAME_MARK });
      c.set("csrfToken", TOKEN_MARK);
      try {
        await next();
      } finally {
        c.set("viewer", viewer);
        c.set("csrfToken", token);
      }
    };
    const kept = await keptOrMade(c, store, key, stamp, make, async () => {
      const res = c.res;
      if (res.status !== 200 || res.headers.has("set-cookie") || res.headers.has("content-encoding")) return undefined;
      return keptOf(res, stamp);
    });
    if (kept) {
      c.res = undefined;
      c.res = personal(c, viewer.name, kept);
    } else if (c.res.body) {
      // Not kept (an error, a redirect, a cookie): the same answer with the person's own name and token.
      const made = c.res;
      const headers = new Headers(made.headers);
      headers.delete("content-length");
      const page = holesIn(await made.text()).filled(ownOf(viewer.name, token));
      c.res = undefined;
      c.res = new Response(page, { status: made.status, headers });
    }
  };
}

/** The holes of a page made for everyone with the same rights: the person's name and CSRF token. */
const holesIn = (page: string) => new HoledText(page, { name: NAME_MARK, token: TOKEN_MARK });
const ownOf = (name: string, token: string) => ({ name: escapeHtml(name), token });

/** A kept page with the person's own name and token put in, compressed when the browser accepts gzip. */
function personal(c: Context<AppEnv>, name: string, kept: Kept): Response {
  kept.holed ??= holesIn(Buffer.from(kept.body).toString("utf8"));
  if (kept.holed.has("token")) c.set("csrfIssued", true);
  const own = ownOf(name, c.get("csrfToken"));
  const gzip = accepts(c.req.header("accept-encoding"), "gzip");
  const body = gzip ? kept.holed.gzipped(own) : kept.holed.filled(own);
  const headers = new Headers(kept.headers);
  headers.set("Cache-Control", "no-store");
  headers.append("Vary", "Accept-Encoding");
  if (gzip) headers.set("Content-Encoding", "gzip");
  headers.set("Content-Length", String(body.byteLength));
  return new Response(c.req.method === "HEAD" ? null : body, { status: kept.status, headers });
}
