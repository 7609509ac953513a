/** The search page and the search API, through the routes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { SESSION_COOKIE } from "../../web/auth.ts";
import { createApiToken, sessionViewer } from "../accounts/service.ts";
import { importTestPlans } from "../plans/test-search-plans.ts";

interface ApiResult {
  kind: string;
  plan: { slug: string; title: string };
  item: { id: number; code: string | null; level: string; title: string } | null;
  title: { text: string; hit: boolean }[];
  passage: { text: string; hit: boolean }[];
  place: { code: string | null; title: string; level: string }[];
  links: { html: string; plan: string };
}

describe.each(databaseKinds)("search routes on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let session: string;
  let token: string;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    await importTestPlans(database);
    app = testApp(database.db);
    ({ session } = await makeUser(database.db, "lezer@swvnk.nl", { roles: [["swvnk", "lezer"]] }));
    token = await createApiToken(database.db, (await sessionViewer(database.db, session))!, "zoeken", "read");
  });
  afterAll(() => database?.dispose());

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { headers });
    expect(res.status, path).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    return res.text();
  };
  const api = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { headers });
    expect(res.status, path).toBe(200);
    return (await res.json()) as { data: ApiResult[]; meta: { query: string; total: number; limit: number; offset: number } };
  };
  const resultLinks = (html: string) =>
    [...html.matchAll(/<h3 class="utrecht-heading-3"><a class="utrecht-link" href="([^"]+)"/g)].map((m) => m[1]!);

  describe("the page /zoeken", () => {
    it("without a query shows the form and how to search", async () => {
      const html = await page("/zoeken");
      expect(html).toMatch(/<form method="get" action="\/zoeken" role="search"/);
      expect(html).toMatch(/<label for="zoekvraag">Zoekwoorden<\/label>/);
      expect(html).toMatch(/<input id="zoekvraag" name="q" type="search"/);
      for (const [name, all] of [
        ["plan", "Alle plannen"],
        ["organisatie", "Alle organisaties"],
        ["regio", "Alle regio&#39;s"],
        ["onderwerp", "Alle onderwerpen"],
        ["niveau", "Alle niveaus"],
      ]) {
        expect(html).toMatch(new RegExp(`<label for="zoek-${name}">`));
        expect(html).toMatch(new RegExp(`<select id="zoek-${name}" name="${name}"[^>]*><option value="" selected="">${all}</option>`));
      }
      expect(html).toContain('<option value="jaarplan-ppo-nk-2023">Jaarplan 2023</option>');
      expect(html).toContain('<option value="thuiszitters">Thuiszitters</option>');
      expect(html).toContain('<option value="ambitie">Ambitie</option>');
      expect(html).toMatch(/<button type="submit" class="koers-button">Zoeken<\/button>/);
      const text = visibleText(html);
      expect(text).toContain("Typ hierboven een of meer woorden");
      expect(text).not.toContain("resultaten voor");
      expect(html).toContain('<a href="/zoeken">Zoeken</a>');
    });

    it("shows the results with the hits marked, their place in the plan and a link to the item", async () => {
      const html = await page("/zoeken?q=thuiszitter");
      expect(html).toContain("<title>Zoeken: thuiszitter · Koers</title>");
      expect(html).toContain('value="thuiszitter"');
      const text = visibleText(html);
      expect(text).toMatch(/\d+ resultaten voor ‘\s*thuiszitter\s*’/);
      expect(html).toMatch(/<mark class="utrecht-mark">thuiszitters<\/mark>/i);
      const links = resultLinks(html);
      expect(links.length).toBeGreaterThanOrEqual(5);
      for (const href of links) expect(href).toMatch(/^\/plannen\/[a-z0-9-]+(\?onderdeel=\d+#onderdeel-\d+)?$/);
      // The place: the item's level, the plan, and the items above it.
      expect(text).toMatch(/Deelstap in\s+Uitvoeringsplan 2025-2026\s+›\s+Thema 2 Versterken van de pedagogische basis/);
      // Every link in a result leads to a part that exists on the plan page.
      const href = links.find((l) => l.startsWith("/plannen/uitvoeringsplan-nk-2025-2026?onderdeel="))!;
      const plan = await page(href.split("#")[0]!);
      expect(plan).toContain(`id="${href.split("#")[1]}"`);
    });

    it("keeps markup in plan texts as text", async () => {
      const html = await page("/zoeken?q=kolibrieproject+of+enquete");
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; <mark class="utrecht-mark">Kolibrieproject</mark>');
      expect(html).not.toMatch(/<img src=x/);
      expect(html).not.toMatch(/<script>alert/);
      // ts_headline leaves what looks like an HTML tag out of a passage; the rest is text.
      expect(html).toMatch(/<p class="utrecht-paragraph">coordinatie van de <mark class="utrecht-mark">enquete<\/mark> ligt bij de\s+alert\(1\)\s+kolibriegroep<\/p>/);
    });

    it("narrows by the filters, which the form keeps", async () => {
      const all = resultLinks(await page("/zoeken?q=thuiszitters"));
      const html = await page("/zoeken?q=thuiszitters&plan=allen-voor-een-2022-2024&niveau=subactiviteit");
      const links = resultLinks(html);
      expect(links.length).toBeGreaterThan(0);
      expect(links.length).toBeLessThan(all.length);
      expect(links.every((l) => l.startsWith("/plannen/allen-voor-een-2022-2024?onderdeel="))).toBe(true);
      expect(html).toContain('<option value="allen-voor-een-2022-2024" selected="">Allen voor één</option>');
      expect(html).toContain('<option value="subactiviteit" selected="">Subactiviteit</option>');
      const region = resultLinks(await page("/zoeken?q=thuiszitters&regio=midden-kennemerland"));
      expect(region.every((l) => l.startsWith("/plannen/allen-voor-een-2022-2024"))).toBe(true);
      const topic = resultLinks(await page("/zoeken?q=ouders&onderwerp=thuiszitters"));
      expect(topic.length).toBeGreaterThan(0);
      const org = resultLinks(await page("/zoeken?q=ouders&organisatie=velsen"));
      expect(org.length).toBeLessThan(resultLinks(await page("/zoeken?q=ouders")).length);
    });

    it("says so when nothing is found", async () => {
      const text = visibleText(await page("/zoeken?q=xylofoonorkest"));
      expect(text).toContain("Geen resultaten voor ‘xylofoonorkest’");
      expect(text).toContain("controleer de spelling");
    });

    it("pages through many results", async () => {
      const first = await page("/zoeken?q=onderwijs");
      const next = first.match(/<a class="utrecht-link" href="(\/zoeken\?q=onderwijs&amp;pagina=2)" rel="next">/);
      expect(next).not.toBeNull();
      const second = await page(next![1]!.replace(/&amp;/g, "&"));
      expect(resultLinks(second).length).toBeGreaterThan(0);
      expect(second).toMatch(/rel="prev"/);
      expect(visibleText(second)).toMatch(/Resultaat 21 tot en met \d+/);
      expect(visibleText(await page("/zoeken?q=onderwijs&pagina=9999"))).toContain("Geen resultaten meer");
      await page("/zoeken?q=onderwijs&pagina=abc");
      await page("/zoeken?q=onderwijs&pagina=-3");
    });

    it("finds the unpublished plan for a lezer of its organisation only", async () => {
      expect(resultLinks(await page("/zoeken?q=zwaluwstaartverbinding"))).toEqual([]);
      const links = resultLinks(await page("/zoeken?q=zwaluwstaartverbinding", { cookie: `${SESSION_COOKIE}=${session}` }));
      expect(links).toHaveLength(1);
      expect(links[0]).toMatch(/^\/plannen\/zoek-intern\?onderdeel=\d+#onderdeel-\d+$/);
      // Its slug as a filter is ignored for those who may not read it.
      expect(await page("/zoeken?q=thuiszitters&plan=zoek-intern")).not.toContain("zoek-intern");
    });

    it.each([
      ["quotes", '"\'"'],
      ["tsquery operators", "thuiszitters & | ! :* ()"],
      ["SQL", "' or 1=1; drop table items; --"],
      ["markup", "<script>alert(1)</script>"],
      ["percent signs", "%25%25%25"],
      ["very long", "thuiszitters+".repeat(3000)],
    ])("answers a hostile query (%s) with a page, never an error", async (_name, q) => {
      const html = await page(`/zoeken?q=${q.includes("%") ? q : encodeURIComponent(q)}&plan='--&regio='--`);
      expect(html).not.toContain("<script>alert(1)</script>");
    });

    it("refuses a NUL character in the address with a plain Dutch answer, never an error page", async () => {
      for (const path of ["/zoeken?q=thuis%00zitters", "/zoeken?q=thuiszitters&plan=%00"]) {
        const res = await app.request(path);
        expect(res.status, path).toBe(400);
        expect(await res.text()).not.toMatch(/stack|select |Failed query/i);
      }
    });
  });

  describe("the API /api/v1/search", () => {
    it("gives the results as JSON, with the hits, the place and links", async () => {
      const { data, meta } = await api("/api/v1/search?q=coordinator");
      expect(meta).toMatchObject({ query: "coordinator", limit: 20, offset: 0 });
      expect(meta.total).toBe(data.length);
      const route = data.find((r) => r.item?.title === "Route Nieuwkomers")!;
      expect(route).toMatchObject({
        kind: "item",
        plan: { slug: "activiteitenplan-swvnk-2024", title: "Activiteitenplan 2024" },
        item: { level: "Actielijn" },
        links: { plan: "/api/v1/plans/activiteitenplan-swvnk-2024" },
      });
      expect(route.links.html).toMatch(/^\/plannen\/activiteitenplan-swvnk-2024\?onderdeel=\d+#onderdeel-\d+$/);
      expect(route.passage).toContainEqual({ text: "coördinator", hit: true });
      expect(route.place.map((p) => p.title)).toEqual(["Uitwerking actielijnen", "Transitiemomenten als kans"]);
    });

    it("filters, limits and offsets", async () => {
      const { data } = await api("/api/v1/search?q=ouders&topic=ouders-en-jongeren&level=doel&limit=3");
      expect(data.length).toBeGreaterThan(0);
      expect(data.length).toBeLessThanOrEqual(3);
      const first = await api("/api/v1/search?q=onderwijs&limit=2");
      const second = await api("/api/v1/search?q=onderwijs&limit=2&offset=2");
      expect(second.data[0]).not.toEqual(first.data[0]);
      expect((await api("/api/v1/search?q=onderwijs&limit=abc&offset=-5")).meta).toMatchObject({ limit: 20, offset: 0 });
    });

    it("answers without a query with an empty list", async () => {
      expect(await api("/api/v1/search")).toMatchObject({ data: [], meta: { total: 0 } });
      expect((await app.request("/api/v1/search?q=%00")).status).toBe(400);
    });

    it("respects roles: a read token of a lezer finds the unpublished plan, anonymous does not", async () => {
      expect((await api("/api/v1/search?q=zwaluwstaartverbinding")).data).toEqual([]);
      const { data } = await api("/api/v1/search?q=zwaluwstaartverbinding", { authorization: `Bearer ${token}` });
      expect(data.map((r) => r.plan.slug)).toEqual(["zoek-intern"]);
    });
  });
});
