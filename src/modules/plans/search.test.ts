import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { sessionViewer } from "../accounts/service.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { getPlan, listPlans, type PlanDetail, type PlanItem } from "./reading.ts";
import { importTestPlans } from "./test-search-plans.ts";
import { cleanQuery, MAX_QUERY_LENGTH, search, searchFacets, splitHeadline, websearchSyntax, type Highlighted, type SearchResult } from "./search.ts";

const hits = (parts: Highlighted) => parts.filter((p) => p.hit).map((p) => p.text);
const allHits = (r: SearchResult) => [...hits(r.title), ...hits(r.passage)];
const plain = (parts: Highlighted) => parts.map((p) => p.text).join("");

describe("search helpers", () => {
  it("split a headline at its marks into text and hits", () => {
    expect(splitHeadline("De \u0002coördinator\u0003 helpt \u0002thuiszitters\u0003.")).toEqual([
      { text: "De ", hit: false },
      { text: "coördinator", hit: true },
      { text: " helpt ", hit: false },
      { text: "thuiszitters", hit: true },
      { text: ".", hit: false },
    ]);
    expect(splitHeadline("")).toEqual([]);
    expect(splitHeadline("<b>vet</b>")).toEqual([{ text: "<b>vet</b>", hit: false }]);
  });

  it("clean a query: no control characters, collapsed spaces, cut at a word", () => {
    expect(cleanQuery("  thuis\u0000zitters \n\t verzuim ")).toBe("thuis zitters verzuim");
    const long = cleanQuery("woord ".repeat(100));
    expect(long.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(long.endsWith("woord")).toBe(true);
    expect(cleanQuery("x".repeat(1000))).toHaveLength(MAX_QUERY_LENGTH);
  });

  it("read the Dutch 'of' as 'or', except inside quotes", () => {
    expect(websearchSyntax("thuiszitters of verzuim")).toBe("thuiszitters or verzuim");
    expect(websearchSyntax('"kind of gezin" of school')).toBe('"kind of gezin" or school');
    expect(websearchSyntax("of thuiszitters")).toBe("of thuiszitters");
    expect(websearchSyntax("offerte")).toBe("offerte");
  });
});

describe.each(databaseKinds)("search on %s", (kind) => {
  let database: TestDatabase;
  let lezer: Viewer;
  let outsider: Viewer;
  let admin: Viewer;
  /** Every item of every plan, by id, with its plan: to check results against. */
  const itemsById = new Map<number, { plan: PlanDetail; item: PlanItem }>();

  beforeAll(async () => {
    database = await seededDatabase(kind);
    await importTestPlans(database);
    lezer = (await sessionViewer(database.db, (await makeUser(database.db, "lezer@swvnk.nl", { roles: [["swvnk", "lezer"]] })).session))!;
    outsider = (await sessionViewer(database.db, (await makeUser(database.db, "lezer@velsen.nl", { roles: [["velsen", "lezer"]] })).session))!;
    admin = (await sessionViewer(database.db, (await makeUser(database.db, "beheer@koers.nl", { admin: true })).session))!;
    for (const summary of await listPlans(database.db, system)) {
      const plan = await getPlan(database.db, system, summary.slug);
      const walk = (list: PlanItem[]) =>
        list.forEach((item) => {
          itemsById.set(item.id, { plan, item });
          walk(item.children);
        });
      walk(plan.items);
    }
  });
  afterAll(() => database?.dispose());

  const find = (q: string, viewer: Viewer = anonymous, more: Omit<Parameters<typeof search>[2], "q"> = {}) =>
    search(database.db, viewer, { q, limit: 50, ...more });

  it("stems: 'thuiszitter' finds the items about thuiszitters, with the words marked", async () => {
    const page = await find("thuiszitter");
    expect(page.total).toBeGreaterThanOrEqual(5);
    const items = page.results.filter((r) => r.kind === "item");
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const r of items) expect(allHits(r).some((h) => /^thuiszitter/i.test(h))).toBe(true);
    expect(page.results.flatMap(allHits).map((h) => h.toLowerCase())).toContain("thuiszitters");
  });

  it("ignores accents: 'coordinator' finds 'coördinator', 'creeren' finds 'creëren', 'casuistiek' finds 'casuïstiek'", async () => {
    for (const [query, written] of [
      ["coordinator", "coördinator"],
      ["creeren", "creëren"],
      ["casuistiek", "casuïstiek"],
    ] as const) {
      const page = await find(query);
      expect(page.total, query).toBeGreaterThan(0);
      expect(page.results.flatMap(allHits).map((h) => h.toLowerCase()), query).toContain(written);
    }
  });

  it("ignores accents the Dutch stemmer keeps (è, ê), both ways", async () => {
    // Written "crèche" and "enquête" in the internal plan, "creche" and "enquete" in the public one.
    const typedPlain = await find("creche enquete", admin);
    expect(typedPlain.results.map((r) => r.plan.slug).sort()).toEqual(["zoek-intern", "zoek-openbaar"]);
    const typedAccented = await find("crèche enquête", admin);
    expect(typedAccented.results.map((r) => r.plan.slug).sort()).toEqual(["zoek-intern", "zoek-openbaar"]);
    const intern = typedPlain.results.find((r) => r.plan.slug === "zoek-intern")!;
    expect(allHits(intern)).toEqual(expect.arrayContaining(["crèche", "enquête"]));
    const open = typedAccented.results.find((r) => r.plan.slug === "zoek-openbaar")!;
    expect(allHits(open)).toEqual(expect.arrayContaining(["creche", "enquete"]));
  });

  it("gives the passage with the hits, the place in the plan and a link to the item's anchor", async () => {
    const page = await find("coordinator");
    const route = page.results.find((r) => r.item?.title === "Route Nieuwkomers")!;
    expect(route).toBeDefined();
    expect(route.plan).toMatchObject({ slug: "activiteitenplan-swvnk-2024", title: "Activiteitenplan 2024" });
    expect(route.item).toMatchObject({ level: "Actielijn", levelKey: "actielijn" });
    expect(route.place.map((p) => [p.level, p.code, p.title])).toEqual([
      ["Hoofdstuk", "2", "Uitwerking actielijnen"],
      ["Pijler/thema", "Thema A", "Transitiemomenten als kans"],
    ]);
    expect(route.href).toBe(`/plannen/activiteitenplan-swvnk-2024?onderdeel=${route.item!.id}#onderdeel-${route.item!.id}`);
    expect(hits(route.passage)).toContain("coördinator");
    expect(plain(route.passage)).toMatch(/coördinator aangesteld/);
    expect(plain(route.passage)).not.toMatch(/\u0002|\u0003/);
  });

  it("links an item shown inside a row of the plan (a step of an ambition) to that row", async () => {
    const page = await find("definiëring thuiszitters", anonymous, { plan: "uitvoeringsplan-nk-2025-2026" });
    const step = page.results.find((r) => r.item?.code === "3b")!;
    expect(step.item!.level).toBe("Deelstap");
    expect(step.place.map((p) => p.level)).toEqual(["Thema", "Ambitie", "Stap"]);
    const ambition = step.place.find((p) => p.level === "Ambitie")!;
    expect(step.href).toBe(`/plannen/uitvoeringsplan-nk-2025-2026?onderdeel=${ambition.id}#onderdeel-${ambition.id}`);
  });

  it("finds plans by their own texts too", async () => {
    const page = await find("inclusiever onderwijs");
    expect(page.results.some((r) => r.kind === "plan" && r.plan.slug === "jaarplan-ppo-nk-2023")).toBe(true);
    const plan = page.results.find((r) => r.kind === "plan")!;
    expect(plan.item).toBeNull();
    expect(plan.href).toBe(`/plannen/${plan.plan.slug}`);
  });

  describe("filters narrow the results", () => {
    const query = "ouders";
    let all: Awaited<ReturnType<typeof find>>;
    beforeAll(async () => {
      all = await find(query);
      expect(all.total).toBeGreaterThan(10);
    });
    const itemOf = (r: SearchResult) => itemsById.get(r.item!.id)!;

    it("by plan", async () => {
      const page = await find(query, anonymous, { plan: "jaarplan-ppo-nk-2023" });
      expect(page.total).toBeGreaterThan(0);
      expect(page.total).toBeLessThan(all.total);
      expect(page.results.every((r) => r.plan.slug === "jaarplan-ppo-nk-2023")).toBe(true);
    });

    it("by organisation: the plan's owner or a party to the item", async () => {
      const page = await find(query, anonymous, { organisation: "ppo-nk" });
      expect(page.total).toBeGreaterThan(0);
      expect(page.total).toBeLessThan(all.total);
      for (const r of page.results) {
        if (r.kind === "plan") {
          expect((await getPlan(database.db, system, r.plan.slug)).owners.map((o) => o.slug)).toContain("ppo-nk");
          continue;
        }
        const { plan, item } = itemOf(r);
        const orgs = [...plan.owners, ...item.parties.flatMap((p) => p.organisations)].map((o) => o.slug);
        expect(orgs).toContain("ppo-nk");
      }
      // A party to an item in someone else's plan counts too.
      const party = await find("thuiszitters", anonymous, { organisation: "ppo-nk" });
      expect(party.results.some((r) => r.plan.slug !== "jaarplan-ppo-nk-2023")).toBe(true);
    });

    it("by region", async () => {
      const page = await find(query, anonymous, { region: "midden-kennemerland" });
      expect(page.total).toBeGreaterThan(0);
      expect(page.total).toBeLessThan(all.total);
      expect(new Set(page.results.map((r) => r.plan.slug))).toEqual(new Set(["allen-voor-een-2022-2024"]));
    });

    it("by topic: items of that topic only", async () => {
      const page = await find(query, anonymous, { topic: "ouders-en-jongeren" });
      expect(page.total).toBeGreaterThan(0);
      expect(page.total).toBeLessThan(all.total);
      for (const r of page.results) {
        expect(r.kind).toBe("item");
        expect(itemOf(r).item.topics.map((t) => t.slug)).toContain("ouders-en-jongeren");
      }
    });

    it("by level: items of that level only", async () => {
      const page = await find(query, anonymous, { level: "actie" });
      expect(page.total).toBeGreaterThan(0);
      expect(page.total).toBeLessThan(all.total);
      expect(page.results.every((r) => r.item?.levelKey === "actie")).toBe(true);
    });

    it("together, and an unknown value finds nothing", async () => {
      const page = await find(query, anonymous, { plan: "jaarplan-ppo-nk-2023", level: "actie", organisation: "ppo-nk" });
      expect(page.results.every((r) => r.plan.slug === "jaarplan-ppo-nk-2023" && r.item?.levelKey === "actie")).toBe(true);
      expect((await find(query, anonymous, { topic: "bestaat-niet" })).results).toEqual([]);
      expect((await find(query, anonymous, { plan: "zoek-intern" })).results).toEqual([]);
    });
  });

  it("pages through the results without overlap", async () => {
    const first = await search(database.db, anonymous, { q: "onderwijs", limit: 5 });
    const second = await search(database.db, anonymous, { q: "onderwijs", limit: 5, offset: 5 });
    expect(first.total).toBeGreaterThan(10);
    expect(second.total).toBe(first.total);
    expect(first.results).toHaveLength(5);
    const key = (r: SearchResult) => `${r.kind}:${r.item?.id ?? r.plan.slug}`;
    expect(second.results.map(key).filter((k) => first.results.map(key).includes(k))).toEqual([]);
    const past = await search(database.db, anonymous, { q: "onderwijs", offset: 1000 });
    expect(past.results).toEqual([]);
    expect((await search(database.db, anonymous, { q: "onderwijs", limit: 10_000 })).results.length).toBeLessThanOrEqual(50);
  });

  describe("roles", () => {
    it("a lezer of the owning organisation finds the unpublished plan", async () => {
      const page = await find("zwaluwstaartverbinding", lezer);
      expect(page.results.map((r) => r.plan.slug)).toEqual(["zoek-intern"]);
      expect(page.results[0]!.href).toMatch(/^\/plannen\/zoek-intern\?onderdeel=\d+#onderdeel-\d+$/);
      expect((await find("zwaluwstaartverbinding", admin)).total).toBe(1);
    });

    it("anonymous visitors and partners of other organisations do not", async () => {
      expect((await find("zwaluwstaartverbinding")).results).toEqual([]);
      expect((await find("zwaluwstaartverbinding", outsider)).results).toEqual([]);
      expect((await find("zwaluwstaarten")).results).toEqual([]);
      const facets = await searchFacets(database.db, anonymous);
      expect(facets.plans.map((p) => p.slug)).not.toContain("zoek-intern");
      expect((await searchFacets(database.db, lezer)).plans.map((p) => p.slug)).toContain("zoek-intern");
    });

    it("internal notes are never searched", async () => {
      expect((await find("geheimhoudingsclausule", admin)).results).toEqual([]);
    });
  });

  it("an empty query, stop words only or exclusions only find nothing", async () => {
    for (const q of ["", "   ", "de het een", "-thuiszitters", "-thuiszitters -verzuim"]) {
      expect((await find(q)).results, q).toEqual([]);
    }
  });

  it("reads 'of' as either word", async () => {
    const either = await find("kolibrieproject of zwaluwstaartverbinding", admin);
    expect(either.results.map((r) => r.plan.slug).sort()).toEqual(["zoek-intern", "zoek-openbaar"]);
  });

  it.each([
    ['"', 'quote'],
    ["thuiszitters' OR '1'='1", "SQL in quotes"],
    ["'; drop table items; --", "SQL statement"],
    ["thuiszitters & verzuim | !school", "tsquery operators"],
    ["thuis:* & zitter:*", "prefix syntax"],
    ["!!!", "only operators"],
    ["(((", "brackets"],
    ["\\", "backslash"],
    ["thuis\u0000zitters", "NUL byte"],
    ["\u0002thuiszitters\u0003", "highlight marks"],
    ["<script>alert(1)</script>", "markup"],
    ["thuiszitters ".repeat(2000), "very long"],
    ["𝔱𝔥𝔲𝔦𝔰 🙂 ☃", "astral characters"],
    ['"thuiszitters', "unclosed quote"],
    ["-", "a lone minus"],
  ])("survives a hostile query: %j (%s)", async (q) => {
    const page = await find(q);
    expect(Array.isArray(page.results)).toBe(true);
    expect(page.query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    for (const r of page.results) expect(plain(r.title) + plain(r.passage)).not.toMatch(/[\u0000\u0002\u0003]/);
  });

  it("survives hostile filters", async () => {
    for (const value of ["'; drop table plans; --", "x\u0000y", "a".repeat(10_000)]) {
      const page = await find("thuiszitters", anonymous, { plan: value, organisation: value, region: value, topic: value, level: value });
      expect(page.results).toEqual([]);
    }
  });
});
