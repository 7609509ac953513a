/** Search: the page /zoeken and the API /api/v1/search. Parse, call the service, render. */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { DEFAULT_LIMIT, MAX_OFFSET, search, searchFacets, type SearchPage as Results, type SearchResult } from "../plans/search.ts";
import { SearchPage, type SearchForm } from "./views.tsx";
import { keptPerRights } from "../../web/page-cache.ts";

/** A parameter from the address: text without control characters, of a sane length. */
function param(value: string | undefined, max = 500): string {
  // eslint-disable-next-line no-control-regex
  return (value ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, max);
}

function whole(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(n) ? n : undefined;
}

export function searchPages({ db }: AppDeps) {
  // The filters' choices (every plan one may read, every organisation) are the same for every search.
  const facetsFor = keptPerRights<Awaited<ReturnType<typeof searchFacets>>>();
  return new Hono<AppEnv>().get("/", async (c) => {
    const viewer = c.get("viewer");
    const query = (name: string) => param(c.req.query(name));
    const facets = await facetsFor(c, () => searchFacets(db, viewer));
    // A choice that is not on offer (an old link, a plan one may not read) is left out, so the
    // form always shows what was searched.
    const known = (value: string, options: string[]) => (options.includes(value) ? value : "");
    const form: SearchForm = {
      q: query("q"),
      plan: known(query("plan"), facets.plans.map((p) => p.slug)),
      organisatie: known(query("organisatie"), facets.organisations.map((o) => o.slug)),
      regio: known(query("regio"), facets.regions.map((r) => r.slug)),
      onderwerp: known(query("onderwerp"), facets.topics.map((t) => t.slug)),
      niveau: known(query("niveau"), facets.levels.map((l) => l.key)),
      pagina: Math.min(Math.max(whole(c.req.query("pagina")) ?? 1, 1), Math.floor(MAX_OFFSET / DEFAULT_LIMIT) + 1),
    };
    const results = form.q
      ? await search(db, viewer, {
          q: form.q,
          plan: form.plan || undefined,
          organisation: form.organisatie || undefined,
          region: form.regio || undefined,
          topic: form.onderwerp || undefined,
          level: form.niveau || undefined,
          limit: DEFAULT_LIMIT,
          offset: (form.pagina - 1) * DEFAULT_LIMIT,
        })
      : null;
    // An empty query after cleaning (only spaces or control characters) is no query.
    return c.render(<SearchPage form={form} facets={facets} results={results && results.query ? results : null} />);
  });
}

function resultJson(r: SearchResult) {
  return {
    kind: r.kind,
    plan: { slug: r.plan.slug, title: r.plan.title },
    item: r.item,
    title: r.title,
    passage: r.passage,
    place: r.place,
    rank: r.rank,
    links: { html: r.href, plan: `/api/v1/plans/${r.plan.slug}` },
  };
}

export function searchApi({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => {
    const text = (name: string) => param(c.req.query(name)) || undefined;
    const page: Results = await search(db, c.get("viewer"), {
      q: param(c.req.query("q")),
      plan: text("plan"),
      organisation: text("organisation"),
      region: text("region"),
      topic: text("topic"),
      level: text("level"),
      limit: whole(c.req.query("limit")),
      offset: whole(c.req.query("offset")),
    });
    return c.json({
      data: page.results.map(resultJson),
      meta: { query: page.query, total: page.total, limit: page.limit, offset: page.offset },
    });
  });
}
