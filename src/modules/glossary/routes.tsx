import { Hono, type MiddlewareHandler } from "hono";
import { abbreviationAnnotator } from "./annotate.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { listGlossary } from "./service.ts";
import { GlossaryPage } from "./views.tsx";

export function glossaryPages({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.render(<GlossaryPage terms={await listGlossary(db)} />));
}

export function glossaryApi({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.json({ data: await listGlossary(db) }));
}

/** Pages where abbreviations are explained in place: everything people read, not forms or the glossary itself. */
const READING_PAGES = /^\/(?:$|plannen\/|evaluaties\/|onderwerpen|regio|zoeken)/;

export function explainAbbreviations({ db }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== "GET" || !READING_PAGES.test(c.req.path) || !c.res.headers.get("content-type")?.startsWith("text/html")) return;
    const annotate = abbreviationAnnotator(await listGlossary(db));
    const html = annotate(await c.res.text());
    c.res = new Response(html, { status: c.res.status, headers: c.res.headers });
  };
}
