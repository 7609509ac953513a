/** Stylesheets and scripts served from memory: the NL Design System CSS, htmx and Koers' own. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Hono } from "hono";

const require = createRequire(import.meta.url);
/** The files there are, by name; a Map, so that names such as `constructor` or `__proto__` are not among them. */
const files = new Map<string, { body: string; type: string }>([
  ["utrecht.css", { body: readFileSync(require.resolve("@utrecht/component-library-css/dist/index.css"), "utf8"), type: "text/css" }],
  ["tokens.css", { body: readFileSync(require.resolve("@utrecht/design-tokens/dist/index.css"), "utf8"), type: "text/css" }],
  ["htmx.min.js", { body: readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8"), type: "text/javascript" }],
  ["koers.css", { body: readFileSync(resolve(import.meta.dirname, "static/koers.css"), "utf8"), type: "text/css" }],
]);

export const staticRoutes = new Hono().get("/:file", (c) => {
  const file = files.get(c.req.param("file"));
  if (!file) return c.notFound();
  c.header("Content-Type", `${file.type}; charset=utf-8`);
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(file.body);
});
