import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../test/helpers/databases.ts";
import { visibleText } from "../../test/helpers/html.ts";
import { importPlans, planYaml } from "../../test/helpers/plans.ts";
import { dataDir, seededDatabase } from "../../test/helpers/seeded.ts";
import { missingFragments } from "../lib/source-coverage.ts";
import { anonymous } from "../modules/access/viewer.ts";
import { KEPT_BACK, keptBackWords } from "../modules/figures/service.ts";
import { createApp } from "./app.tsx";

const sourcesDir = join(dataDir, "sources");
const ignore = parse(readFileSync(join(sourcesDir, "ignore.yaml"), "utf8")) as Record<string, string[]>;
const pages: Record<string, string> = {
  "000": "/plannen/uitvoeringsplan-nk-2025-2026",
  "001": "/plannen/allen-voor-een-2022-2024",
  "002": "/evaluaties/tussenevaluatie-allen-voor-een-2023",
  "003": "/plannen/jaarplan-ppo-nk-2023",
  "004": "/plannen/activiteitenplan-swvnk-2024",
};
/** The plan each source document is part of. */
const plansOfSources: Record<string, string> = {
  "000": "uitvoeringsplan-nk-2025-2026",
  "001": "allen-voor-een-2022-2024",
  "002": "allen-voor-een-2022-2024",
  "003": "jaarplan-ppo-nk-2023",
  "004": "activiteitenplan-swvnk-2024",
};

describe.each(databaseKinds)("the web app on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }) });
  });
  afterAll(() => database.dispose());

  const get = (path: string) => app.request(path);

  describe("API", () => {
    it("lists the published plans with slug, title, kind, period and owners", async () => {
      const res = await get("/api/v1/plans");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      const { data } = (await res.json()) as { data: Record<string, unknown>[] };
      expect(data).toHaveLength(4);
      const plan = data.find((p) => p.slug === "activiteitenplan-swvnk-2024")!;
      expect(plan).toMatchObject({
        title: "Activiteitenplan 2024",
        kind: "activiteitenplan",
        period: { start: "2024-01-01", end: "2024-12-31" },
        owners: [{ slug: "swvnk", shortName: "swvnk" }],
      });
    });

    it("gives a plan with its own level words, approvals and the item tree", async () => {
      const res = await get("/api/v1/plans/uitvoeringsplan-nk-2025-2026");
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: any };
      expect(data.levels.map((l: { name: string }) => l.name)).toContain("Ambitie");
      const theme = data.items[0];
      expect(theme).toMatchObject({ code: "1", level: "Thema" });
      const ambition = theme.children.find((c: any) => c.code === "1.2");
      expect(ambition).toMatchObject({ level: "Ambitie", title: "Vormen en uitdragen van een gezamenlijke visie op inclusief opgroeien." });
      expect(ambition.children.map((s: any) => [s.code, s.level, s.when.text])).toEqual([
        ["1", "Stap", "November-december 2025"],
        ["2", "Stap", "Januari-februari 2026"],
        ["3", "Stap", "Maart-april 2026"],
        ["4", "Stap", "Mei-Juni 2026"],
      ]);
      // `when` is read against the plan period (school year 2025-2026), as `koers when` shows it.
      expect(ambition.children[0].when).toEqual({ text: "November-december 2025", start: "2025-11-01", end: "2025-12-31", kind: "period", moments: [] });
      for (const key of ["code", "level", "title", "sections", "parties", "when", "children"]) expect(ambition).toHaveProperty(key);
    });

    it("shows on a link target which items link to it", async () => {
      const { data } = (await (await get("/api/v1/plans/uitvoeringsplan-nk-2025-2026")).json()) as { data: any };
      const ambition = data.items[0].children.find((c: any) => c.code === "1.2");
      expect(ambition.backlinks).toContainEqual({
        kind: "cross-over",
        source: expect.objectContaining({ plan: "uitvoeringsplan-nk-2025-2026", code: "1.3" }),
      });
      const html = await (await get(pages["000"]!)).text();
      expect(visibleText(html)).toMatch(/Hiernaar verwijst:\s*1\.3\s*\(cross-over\)/);
    });

    it("answers an unknown plan with a JSON 404", async () => {
      const res = await get("/api/v1/plans/bestaat-niet");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { status: 404, message: "Plan 'bestaat-niet' bestaat niet." } });
    });

    it("answers an unknown API path with a JSON 404", async () => {
      const res = await get("/api/v1/onzin");
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { status: number } }).error.status).toBe(404);
    });

    it("describes itself in OpenAPI", async () => {
      const doc = (await (await get("/api/v1/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/plans", "/plans/{slug}"]));
    });

    it("gives the evaluation with its updates per goal", async () => {
      const { data } = (await (await get("/api/v1/evaluations/tussenevaluatie-allen-voor-een-2023")).json()) as { data: any };
      expect(data.plan.slug).toBe("allen-voor-een-2022-2024");
      expect(data.updates.filter((u: any) => u.results.length > 0).map((u: any) => u.item.code)).toEqual(
        expect.arrayContaining(["1.1", "1.2", "1.3", "2.2", "3.1"]),
      );
    });
  });

  describe("pages", () => {
    it("home lists the plans grouped by region", async () => {
      const res = await get("/");
      expect(res.status).toBe(200);
      const text = visibleText(await res.text());
      for (const title of ["Uitvoeringsplan 2025-2026", "Allen voor één", "Jaarplan 2023", "Activiteitenplan 2024", "Tussenevaluatie april 2023"]) {
        expect(text).toContain(title);
      }
      expect(text).toContain("Midden-Kennemerland");
    });

    it.each([
      ["000", ["Ambities 2025-2028", "Activiteiten 2025-2026", "Monitoring", "Wie", "Wanneer"]],
      ["001", ["Doel", "Indicator", "Hoofdactiviteit(en)", "Subactiviteit(en)"]],
      ["003", ["Wat/hoe", "Wie", "Wanneer", "Budget (Begrotingsonderdeel)"]],
    ])("plan %s is a table with the document's own columns", async (seed, headers) => {
      const html = await (await get(pages[seed]!)).text();
      const headerRow = html.match(/<thead[\s\S]*?<\/thead>/g)!.find((h) => h.includes(headers[1]!))!;
      const cells = [...headerRow.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => visibleText(m[1]!).trim());
      headers.forEach((h, i) => expect(cells[i]).toContain(h));
    });

    it("plan 004 shows each line of action as a block with its own row labels and the approval route", async () => {
      const html = await (await get(pages["004"]!)).text();
      expect(html).toMatch(/<section class="koers-block"[\s\S]*?<dt>Doelstelling<\/dt>[\s\S]*?<dt>Activiteiten<\/dt>[\s\S]*?<dt>Beoogde resultaten<\/dt>[\s\S]*?<dt>Betrokkene\(n\)<\/dt>/);
      const text = visibleText(html);
      for (const line of ["Kernberaad", "4 december 2023", "OPR", "12 december 2023", "ALV", "18 december 2023", "20 december 2023"]) {
        expect(text).toContain(line);
      }
    });

    it.each(Object.keys(pages))("the page of source %s shows every sentence of the source document", async (seed) => {
      const file = readdirSync(sourcesDir).find((f) => f.startsWith(seed))!;
      const res = await get(pages[seed]!);
      expect(res.status).toBe(200);
      // A long plan is shown in parts: a reader who follows them all reads the whole document.
      const first = await res.text();
      const count = Number(/Deel 1 van (\d+)/.exec(visibleText(first))?.[1] ?? 1);
      const rest = await Promise.all(Array.from({ length: count - 1 }, async (_, i) => (await get(`${pages[seed]}?deel=${i + 2}`)).text()));
      const text = [first, ...rest].map(visibleText).join("\n");
      // A visitor does not get the document's words that hold a small count about children: the page says so in their place.
      const withheld = await keptBackWords(database.db, anonymous, plansOfSources[seed]!);
      const isWithheld = (fragment: string) => withheld.some((quote) => quote.includes(fragment) || fragment.includes(quote));
      const missing = missingFragments(readFileSync(join(sourcesDir, file), "utf8"), [text], ignore[file] ?? []).filter((f) => !isWithheld(f.text));
      expect(missing).toEqual([]);
      if (withheld.length > 0) expect(text).toContain(KEPT_BACK);
    });

    it("marks what Koers interpreted, with words for screen readers and a legend, and nothing else", async () => {
      const marker = (inner: string) =>
        new RegExp(`<span class="koers-interpreted">${inner}<span class="koers-interpreted__mark" aria-hidden="true">≈</span><span class="visually-hidden"> \\(interpretatie van Koers, niet letterlijk uit het document\\)</span></span>`);
      const agenda = await (await get(pages["001"]!)).text();
      expect(agenda).toMatch(marker("1\\.1"));
      expect(visibleText(agenda)).toContain("= interpretatie van Koers, niet letterlijk uit het document");
      // Organisations inferred from a role follow it in brackets; a literal role is not repeated.
      const plan = await (await get(pages["000"]!)).text();
      expect(plan).toMatch(new RegExp(`beleidsmedewerker SWV PO NK[^(]*\\(${marker("PPO-NK").source}\\)`));
      expect(plan).not.toMatch(marker("Vonk"));
      expect(plan).not.toMatch(marker("1\\.1"));
      // The outcome the cover of the Activiteitenplan does not state, not the date it does.
      const route = (await (await get(pages["004"]!)).text()).match(/<section aria-labelledby="besluitvorming">[\s\S]*?<\/section>/)![0];
      expect(route).toMatch(marker("advies"));
      expect(route).not.toMatch(marker("4 december 2023"));
      // The evaluation marks the items Koers tied its parts to.
      const evaluation = await (await get(pages["002"]!)).text();
      expect(evaluation.match(/class="koers-interpreted"/g)!.length).toBeGreaterThanOrEqual(5);
      expect(visibleText(evaluation)).toContain("= interpretatie van Koers, niet letterlijk uit de evaluatie");
      // The API gives the marks too.
      const { data } = (await (await get("/api/v1/plans/allen-voor-een-2022-2024")).json()) as { data: any };
      expect(data.items[0].children[0].interpreted).toEqual(["code", "when"]);
    });

    it("explains an abbreviation at its first use, linking to its entry in the glossary", async () => {
      const html = await (await get(pages["000"]!)).text();
      const oogo = [...html.matchAll(/<a class="koers-abbr" href="\/begrippen#(begrip-oogo)"><abbr title="([^"]+)">OOGO<\/abbr><\/a>/g)];
      expect(oogo).toHaveLength(1);
      expect(oogo[0]![2]).toMatch(/^Op Overeenstemming Gericht Overleg/);
      expect(await (await get("/begrippen")).text()).toContain('id="begrip-oogo"');
      expect(html.indexOf("<abbr")).toBeGreaterThan(html.indexOf("</head>"));
    });

    it("lists the topics with how many items carry them", async () => {
      const text = visibleText(await (await get("/onderwerpen")).text());
      expect(text).toMatch(/Thuiszitters\s*— \d+ onderdelen in [2-9] plannen/);
    });

    it("shows a topic across plans and regions, grouped by plan, with links to the items", async () => {
      const html = await (await get("/onderwerpen/thuiszitters")).text();
      const planHeadings = [...html.matchAll(/<h2 class="utrecht-heading-2" id="plan-\d+"><a class="utrecht-link" href="\/plannen\/([a-z0-9-]+)">/g)].map((m) => m[1]);
      expect(planHeadings.length).toBeGreaterThanOrEqual(2);
      expect(new Set(planHeadings).size).toBe(planHeadings.length);
      expect(html).toMatch(/href="\/plannen\/[a-z0-9-]+\?onderdeel=\d+#onderdeel-\d+"/);
      const text = visibleText(html);
      expect(text).toContain("Noord-Kennemerland");
      expect(text).toContain("Midden-Kennemerland");
      expect((await get("/onderwerpen/bestaat-niet")).status).toBe(404);
    });

    it.each(["/begrippen", "/regio"])("%s renders", async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<html lang="nl"');
    });

    it("answers an unknown page with a Dutch 404 page", async () => {
      const res = await get("/plannen/bestaat-niet");
      expect(res.status).toBe(404);
      expect(visibleText(await res.text())).toContain("Plan 'bestaat-niet' bestaat niet.");
    });

    it("sends a content security policy without inline scripts, and a referrer policy under which forms keep their origin", async () => {
      const headers = (await get("/")).headers;
      expect(headers.get("referrer-policy")).toBe("same-origin");
      const csp = headers.get("content-security-policy")!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
    });
  });

  describe("what a plan may contain cannot break the page", () => {
    beforeAll(async () => {
      const plan = planYaml(
        { slug: "proef", title: "<script>alert('titel')</script>", published: true, period: "2024", show: ["title", "section:Hoe"] },
        `items:
  - level: actie
    title: '"><img src=x onerror=alert(1)>'
    sections: [{ title: Hoe, text: "<script>alert('tekst')</script> en [link](javascript:alert(1))" }]
`,
      );
      await importPlans(database, plan);
    });

    it("escapes markup in titles and texts", async () => {
      const html = await (await get("/plannen/proef")).text();
      expect(html).not.toContain("<script>alert");
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain('href="javascript:');
      expect(html).toContain("&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;");
    });
  });

  describe("unpublished plans", () => {
    beforeAll(async () => {
      await importPlans(
        database,
        planYaml({ slug: "intern", title: "Intern werkplan", published: false }, "items:\n  - { level: actie, title: Geheime actie over thuiszitters, topics: [thuiszitters] }\n"),
      );
    });

    it("are not shown to anonymous visitors, in pages or API", async () => {
      expect((await get("/plannen/intern")).status).toBe(404);
      expect((await get("/api/v1/plans/intern")).status).toBe(404);
      expect(await (await get("/api/v1/plans")).text()).not.toContain("intern");
      expect(await (await get("/")).text()).not.toContain("Intern werkplan");
      expect(await (await get("/onderwerpen/thuiszitters")).text()).not.toContain("Geheime actie");
    });
  });
});
