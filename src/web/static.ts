/**
 * Stylesheet and script, served from memory under names that carry a hash of their content
 * (`/static/koers.3f9a1c0b.css`), so browsers and proxies may keep them for a year: a changed
 * file gets a new name. The stylesheet is the NL Design System trimmed to what Koers uses
 * (static/nlds.css, scripts/build-css.mjs) followed by Koers's own koers.css. Each file is
 * compressed once, with brotli and gzip, and sent in the best encoding the browser accepts.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { Hono } from "hono";

const require = createRequire(import.meta.url);

interface Asset {
  type: string;
  body: ArrayBuffer;
  br: ArrayBuffer;
  gzip: ArrayBuffer;
}

const arrayBuffer = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const ownFile = (name: string) => readFileSync(resolve(import.meta.dirname, "static", name), "utf8");
const sources: { name: string; type: string; text: () => string }[] = [
  { name: "koers.css", type: "text/css", text: () => ownFile("nlds.css") + ownFile("koers.css") },
  { name: "htmx.min.js", type: "text/javascript", text: () => readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8") },
];

/** The address of each file by its plain name, and the files by address; a Map, so that `constructor` is not among them. */
const hrefs = new Map<string, string>();
const assets = new Map<string, Asset>();
for (const source of sources) {
  const body = Buffer.from(source.text());
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  const dot = source.name.indexOf(".");
  const file = `${source.name.slice(0, dot)}.${hash}${source.name.slice(dot)}`;
  hrefs.set(source.name, `/static/${file}`);
  assets.set(file, {
    type: `${source.type}; charset=utf-8`,
    body: arrayBuffer(body),
    br: arrayBuffer(brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })),
    gzip: arrayBuffer(gzipSync(body, { level: 9 })),
  });
}

/** The fingerprinted address of a static file, by its plain name ("koers.css"). */
export function assetHref(name: "koers.css" | "htmx.min.js"): string {
  return hrefs.get(name)!;
}

/** The encoding to send: brotli when accepted, else gzip, else none (q=0 refuses one). */
export function chooseEncoding(acceptEncoding: string | undefined): "br" | "gzip" | undefined {
  return accepts(acceptEncoding, "br") ? "br" : accepts(acceptEncoding, "gzip") ? "gzip" : undefined;
}

/** Whether an Accept-Encoding header accepts this encoding (by name, or `*`, with a weight above 0). */
export function accepts(acceptEncoding: string | undefined, encoding: string): boolean {
  const accepted = new Map(
    (acceptEncoding ?? "").split(",").map((part) => {
      const [name = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return [name, q ? Number(q.slice(2)) : 1] as const;
    }),
  );
  return (accepted.get(encoding) ?? accepted.get("*") ?? 0) > 0;
}

const YEAR = 365 * 24 * 60 * 60;

export const staticRoutes = new Hono().get("/:file", (c) => {
  const asset = assets.get(c.req.param("file"));
  if (!asset) return c.notFound();
  const encoding = chooseEncoding(c.req.header("accept-encoding"));
  c.header("Content-Type", asset.type);
  c.header("Cache-Control", `public, max-age=${YEAR}, immutable`);
  c.header("Vary", "Accept-Encoding");
  if (encoding) c.header("Content-Encoding", encoding);
  return c.body(encoding ? asset[encoding] : asset.body);
});
