/**
 * The evaluations a page at a time: the list page, the newest on the home page, and the API.
 * No request reads every evaluation there is.
 */
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { loadConfig } from "../../config.ts";
import { createApp } from "../../web/app.tsx";
import { EVALUATIONS_PAGE } from "./service.ts";

const SOURCE = "tussenevaluatie-allen-voor-een-2023";
type ListJson = { data: { slug: string; date: string }[]; total: number; page: number; pageSize: number; links: { next: string | null; prev: string | null } };

describe.each(databaseKinds)("evaluations a page at a time on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const json = async (path: string) => (await (await app.request(path)).json()) as ListJson;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({ KOERS_PAGE_CACHE_MB: "0" }) });
  });
  afterAll(() => database.dispose());

  it("with one evaluation: listed on home, on its list page and in the API, without a pager", async () => {
    const home = await (await app.request("/")).text();
    expect(home).toContain(`/evaluaties/${SOURCE}`);
    expect(home).not.toContain('href="/evaluaties"');
    const page = await (await app.request("/evaluaties")).text();
    expect(page).toContain("1 evaluatie,");
    expect(page).toContain(`/evaluaties/${SOURCE}`);
    expect(page).not.toContain("Volgende pagina");
    const api = await json("/api/v1/evaluations");
    expect(api).toMatchObject({ total: 1, page: 1, pageSize: 100, links: { next: null, prev: null } });
    expect(api.data.map((e) => e.slug)).toEqual([SOURCE]);
    expect((await json("/api/v1/evaluations?plan=uitvoeringsplan-nk-2025-2026")).total).toBe(0);
    expect((await json("/api/v1/evaluations?plan=allen-voor-een-2022-2024")).total).toBe(1);
  });

  it("refuses a limit out of range, in plain words", async () => {
    for (const limit of ["0", "501", "x"]) {
      const res = await app.request(`/api/v1/evaluations?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("limit moet een heel getal van 1 tot en met 500 zijn.");
    }
  });

  it("with more than a page: the newest on home with a link to all, every one once over the pages, newest first", async () => {
    const extra = EVALUATIONS_PAGE + 5;
    await database.db.execute(sql`
      insert into evaluations (slug, plan_id, period_id, title, date, published, sections, closing_sections, footnotes)
      select e.slug || '-' || g, e.plan_id, e.period_id, e.title || ' (' || g || ')', date '2024-01-01' + g, true, e.sections, e.closing_sections, e.footnotes
      from evaluations e, generate_series(1, ${extra}) g where e.slug = ${SOURCE}`);
    const total = extra + 1;
    const home = await (await app.request("/")).text();
    expect(home).toContain(`Alle ${total} evaluaties`);
    expect(home.match(/href="\/evaluaties\/[^"]+"/g)).toHaveLength(EVALUATIONS_PAGE);
    expect(home).toContain(`/evaluaties/${SOURCE}-${extra}"`);
    expect(home).not.toContain(`/evaluaties/${SOURCE}"`);

    const first = await (await app.request("/evaluaties")).text();
    expect(first).toContain(`${total} evaluaties, de nieuwste eerst.`);
    expect(first).toContain("Pagina 1 van 2");
    const second = await (await app.request("/evaluaties?pagina=2")).text();
    const slugs = (html: string) => [...html.matchAll(/href="\/evaluaties\/([^"]+)"/g)].map((m) => m[1]);
    expect([...slugs(first), ...slugs(second)].sort()).toEqual([SOURCE, ...Array.from({ length: extra }, (_, i) => `${SOURCE}-${i + 1}`)].sort());
    expect(slugs(second).at(-1)).toBe(SOURCE);

    let next: string | null = "/api/v1/evaluations?limit=4";
    const seen: ListJson["data"] = [];
    while (next) {
      const page = await json(next);
      expect(page.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.data);
      next = page.links.next;
    }
    expect(seen).toHaveLength(total);
    expect(seen.map((e) => e.date)).toEqual([...seen.map((e) => e.date)].sort().reverse());
    const past = await json("/api/v1/evaluations?limit=4&page=9");
    expect(past).toMatchObject({ data: [], total, links: { next: null, prev: "/api/v1/evaluations?limit=4&page=4" } });
  });
});
