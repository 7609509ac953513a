/**
 * Lists that grow with the country are shown a page at a time: the topic page (20 plans a
 * page, with their items on the topic), the home page (30 plans a page, in their groups) and
 * GET /api/v1/plans.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { importPlans, planYaml } from "../../../test/helpers/plans.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { createApp } from "../../web/app.tsx";
import { API_PLANS_MAX, API_PLANS_PAGE, HOME_PLANS_PAGE, TOPIC_PLANS_PAGE } from "./reading.ts";

const EXTRA = 30;
const two = (n: number) => String(n).padStart(2, "0");
/** A published plan of 2030 with two items on thuiszitters and one on another topic. */
const extraPlan = (n: number, published = true) =>
  planYaml(
    { slug: `paging-${two(n)}`, title: `Paging plan ${two(n)}`, status: "vastgesteld", published, period: "2030" },
    [
      "items:",
      `  - { code: "1", level: actie, title: Eerste actie van plan ${two(n)}, topics: [thuiszitters] }`,
      `  - { code: "2", level: actie, title: Tweede actie van plan ${two(n)}, topics: [thuiszitters] }`,
      `  - { code: "3", level: actie, title: Derde actie van plan ${two(n)} }`,
      "",
    ].join("\n"),
  );

const planSlugs = (html: string) =>
  [...html.matchAll(/<h2 class="utrecht-heading-2" id="plan-\d+"><a class="utrecht-link" href="\/plannen\/([a-z0-9-]+)">/g)].map((m) => m[1]!);
const pager = (html: string) => /<nav aria-label="Pagina(?:'|&#39;)s met plannen"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? null;

describe.each(databaseKinds)("paged lists on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }) });
    await importPlans(database, ...Array.from({ length: EXTRA }, (_, i) => extraPlan(i + 1)), extraPlan(99, false));
  }, 120_000);
  afterAll(() => database.dispose());

  const html = async (path: string) => {
    const res = await app.request(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };

  describe("the topic page", () => {
    it("shows a page of plans with their items, the count of all, and a pager that works without JavaScript", async () => {
      const first = await html("/onderwerpen/thuiszitters");
      const second = await html("/onderwerpen/thuiszitters?pagina=2");
      const onFirst = planSlugs(first);
      const onSecond = planSlugs(second);
      expect(onFirst).toHaveLength(TOPIC_PLANS_PAGE);
      expect(onSecond.length).toBeGreaterThan(0);
      expect(onSecond.length).toBeLessThanOrEqual(TOPIC_PLANS_PAGE);
      expect(onFirst.filter((s) => onSecond.includes(s))).toEqual([]);
      // Sorted by period, then title: the last of the 2030 plans is on page 2, with its items.
      expect(onSecond).toContain(`paging-${two(EXTRA)}`);
      expect(onFirst).not.toContain(`paging-${two(EXTRA)}`);
      expect(second).toContain(`Eerste actie van plan ${two(EXTRA)}`);
      expect(second).not.toContain(`Derde actie van plan ${two(EXTRA)}`);
      // The hidden plan is neither shown nor counted.
      expect(first + second).not.toContain("paging-99");
      const plansInAll = onFirst.length + onSecond.length;
      const itemsInAll = [...(first + second).matchAll(/href="\/plannen\/[a-z0-9-]+\?onderdeel=\d+#onderdeel-\d+"/g)].length;
      expect(visibleText(first)).toContain(`${itemsInAll} onderdelen in ${plansInAll} plannen; hier plan 1 tot en met ${TOPIC_PLANS_PAGE}.`);
      expect(visibleText(second)).toContain(`${itemsInAll} onderdelen in ${plansInAll} plannen; hier plan ${TOPIC_PLANS_PAGE + 1} tot en met ${plansInAll}.`);

      expect(pager(first)).toContain('<a class="utrecht-link" href="/onderwerpen/thuiszitters?pagina=2" rel="next">Volgende pagina</a>');
      expect(pager(first)).not.toContain('rel="prev"');
      expect(pager(first)).toContain('<span aria-current="page">Pagina 1 van 2</span>');
      expect(pager(second)).toContain('<a class="utrecht-link" href="/onderwerpen/thuiszitters" rel="prev">Vorige pagina</a>');
      expect(pager(second)).not.toContain('rel="next"');
      expect(pager(second)).toContain('<span aria-current="page">Pagina 2 van 2</span>');
    });

    it("gives an empty page past the last, linking back to the last page, and reads a page number that is not one as page 1", async () => {
      const past = await html("/onderwerpen/thuiszitters?pagina=7");
      expect(planSlugs(past)).toEqual([]);
      expect(visibleText(past)).toContain("Op deze pagina staan geen plannen meer.");
      expect(pager(past)).toContain('href="/onderwerpen/thuiszitters?pagina=2" rel="prev">Naar de laatste pagina</a>');
      expect(pager(past)).not.toContain("aria-current");
      const onFirst = planSlugs(await html("/onderwerpen/thuiszitters"));
      for (const odd of ["0", "-1", "x", "1.5", "99999999999999999999"]) {
        expect(planSlugs(await html(`/onderwerpen/thuiszitters?pagina=${odd}`)), odd).toEqual(onFirst);
      }
      expect(planSlugs(await html("/onderwerpen/thuiszitters?pagina=5000000"))).toEqual([]);
    });

    it("has no pager when all plans fit on one page", async () => {
      const page = await html("/onderwerpen/nieuwkomers");
      expect(pager(page)).toBeNull();
    });
  });

  describe("GET /api/v1/plans", () => {
    type PlanList = { data: { slug: string }[]; total: number; page: number; pageSize: number; links: { next: string | null; prev: string | null } };
    const list = async (path: string) => {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      return (await res.json()) as PlanList;
    };

    it("gives the first page without page, as before, with the total and no links when all fit", async () => {
      const all = await list("/api/v1/plans");
      expect(all).toMatchObject({ page: 1, pageSize: API_PLANS_PAGE, links: { next: null, prev: null } });
      expect(all.total).toBe(all.data.length);
      expect(all.data.map((p) => p.slug)).toContain(`paging-${two(EXTRA)}`);
      expect(all.data.map((p) => p.slug)).not.toContain("paging-99");
    });

    it("pages by limit, following links.next through every plan once, in the same order", async () => {
      const all = (await list("/api/v1/plans")).data.map((p) => p.slug);
      const seen: string[] = [];
      let next: string | null = "/api/v1/plans?limit=10";
      let prev: string | null = null;
      for (let page = 1; next; page++) {
        const body: PlanList = await list(next);
        expect(body).toMatchObject({ page, pageSize: 10, total: all.length });
        expect(body.links.prev).toBe(prev);
        expect(body.data.length).toBe(Math.min(10, all.length - seen.length));
        seen.push(...body.data.map((p) => p.slug));
        prev = next;
        next = body.links.next;
      }
      expect(seen).toEqual(all);
      expect(prev).toBe(`/api/v1/plans?limit=10&page=${Math.ceil(all.length / 10)}`);
    });

    it("gives an empty page past the last, pointing back to the last page, and refuses a limit out of range", async () => {
      const past = await list("/api/v1/plans?page=50&limit=10");
      expect(past.data).toEqual([]);
      expect(past.links).toEqual({ next: null, prev: `/api/v1/plans?limit=10&page=${Math.ceil(past.total / 10)}` });
      expect((await list("/api/v1/plans?page=x")).page).toBe(1);
      for (const limit of ["0", "-5", "x", "2.5", String(API_PLANS_MAX + 1)]) {
        const res = await app.request(`/api/v1/plans?limit=${limit}`);
        expect(res.status, limit).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toContain("limit");
      }
      expect((await list(`/api/v1/plans?limit=${API_PLANS_MAX}`)).pageSize).toBe(API_PLANS_MAX);
    });
  });

  describe("the home page", () => {
    const cards = (html: string) => [...html.matchAll(/<li class="koers-card"><h3 class="utrecht-heading-3"><a class="utrecht-link" href="\/plannen\/([a-z0-9-]+)">/g)].map((m) => m[1]!);
    const groupTitles = (html: string) => [...html.matchAll(/<h2 class="utrecht-heading-2" id="groep-\d+">([^<]*)<\/h2>/g)].map((m) => m[1]!);

    it("shows 30 plans a page in their groups, every plan once over the pages, with a pager", async () => {
      const all = (await (await app.request("/api/v1/plans")).json()) as { data: { slug: string }[]; total: number };
      expect(all.total).toBeGreaterThan(HOME_PLANS_PAGE);
      expect(all.total).toBeLessThanOrEqual(2 * HOME_PLANS_PAGE);
      const first = await html("/");
      const second = await html("/?pagina=2");
      expect(cards(first)).toHaveLength(HOME_PLANS_PAGE);
      expect(cards(second)).toHaveLength(all.total - HOME_PLANS_PAGE);
      expect([...cards(first), ...cards(second)].sort()).toEqual(all.data.map((p) => p.slug).sort());
      // The groups run on from one page to the next: in order of their names, none repeated except the one split over two pages.
      const titles = [...groupTitles(first), ...groupTitles(second)];
      const order = [...new Set(titles)];
      expect(order.map((t) => t.toLowerCase())).toEqual(order.map((t) => t.toLowerCase()).sort());
      expect(titles.length - order.length).toBeLessThanOrEqual(1);
      expect(visibleText(first)).toContain(`${all.total} plannen; hier plan 1 tot en met ${HOME_PLANS_PAGE}.`);
      expect(visibleText(second)).toContain(`${all.total} plannen; hier plan ${HOME_PLANS_PAGE + 1} tot en met ${all.total}.`);
      expect(pager(first)).toContain('<a class="utrecht-link" href="/?pagina=2" rel="next">Volgende pagina</a>');
      expect(pager(first)).toContain('<span aria-current="page">Pagina 1 van 2</span>');
      expect(pager(second)).toContain('<a class="utrecht-link" href="/" rel="prev">Vorige pagina</a>');
      expect(pager(second)).not.toContain('rel="next"');
      // The evaluations stay under the plans.
      expect(first).toContain('href="/evaluaties/');
    });

    it("gives an empty page past the last, linking back to the last page", async () => {
      const past = await html("/?pagina=3");
      expect(cards(past)).toEqual([]);
      expect(visibleText(past)).toContain("Op deze pagina staan geen plannen meer.");
      expect(pager(past)).toContain('href="/?pagina=2" rel="prev">Naar de laatste pagina</a>');
    });
  });
});
