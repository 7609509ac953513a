/**
 * Public pages, kept ready: what an anonymous visitor gets is the same for every anonymous
 * visitor, so Koers keeps the finished answer (and its gzip and brotli forms) in memory and
 * serves it again until the data changes. Whether the data changed is asked of PostgreSQL
 * itself, in one small query per request: the snapshot of running and finished transactions
 * (`pg_current_snapshot()`), which moves with every transaction that writes, in any process on
 * the same database. A change anywhere therefore sets every kept page aside; nothing can be
 * served that is older than the last write. The day is part of the key, because what is due
 * or late changes at midnight. Decision 0026.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { LRUCache } from "lru-cache";
import type { Db } from "../db/client.ts";
import { todayInNl } from "../lib/dates.ts";
import { SESSION_COOKIE } from "./auth.ts";
import type { AppEnv } from "./env.ts";
import { chooseEncoding } from "./static.ts";
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

/** The database's snapshot: it changes when, and only when, a transaction that writes starts or ends. */
export async function dataStamp(db: Db): Promise<string> {
  const result = (await db.execute(sql`select pg_current_snapshot()::text as stamp`)) as unknown as { rows: { stamp: string }[] };
  return result.rows[0]!.stamp;
}

/** Answers kept, least recently used first, within a number of bytes. */
export class PageStore {
  readonly #kept: LRUCache<string, Kept>;
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
 * ETag, while the data stamp is unchanged. `maxBytes` 0 keeps nothing.
 *
 * It runs before anyone is looked up, so that a kept page costs no more than the stamp: a request
 * without a session cookie, API key or calendar key can only be anonymous. With a read replica
 * (`onReplica`), the stamp is the replica's, as are the pages it builds.
 */
export function pageCache(db: Db, maxBytes: number, onReplica: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): MiddlewareHandler<AppEnv> {
  if (maxBytes <= 0) return (_, next) => next();
  const store = new PageStore(maxBytes);
  return async (c, next) => {
    if (!asksAsAnyone(c) || c.req.path === HEALTH_CHECK) return next();
    const key = `${todayInNl()} ${c.req.header("hx-request") ? "hx " : ""}${c.req.url}`;
    const stamp = await onReplica(() => dataStamp(db));
    const hit = store.get(key, stamp);
    if (hit) {
      c.res = answer(c, store, key, hit);
      return;
    }
    await next();
    const res = c.res;
    const own = res.headers.get("cache-control");
    if (res.status !== 200 || res.headers.has("set-cookie") || (own !== null && !/^public\b/.test(own)) || res.headers.has("content-encoding")) return;
    const body = new Uint8Array(await res.clone().arrayBuffer());
    const kept: Kept = { stamp, until: Date.now() + KEEP_MS, status: res.status, headers: [...res.headers].filter(([name]) => name !== "content-length"), body, etag: etagOf(body) };
    store.set(key, kept);
    c.res = undefined;
    c.res = answer(c, store, key, kept);
  };
}
