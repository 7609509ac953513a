/**
 * No public output anywhere holds a small count about children. A visitor without a role
 * crawls Koers from its entry points (every link on every page it reaches, the API, the
 * exports, the feeds), and no answer may hold the document's words that carry such a count,
 * nor the count itself where it is given as a figure. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { seededDatabase } from "../helpers/seeded.ts";
import { readSheet } from "../../src/lib/figures/sheet.ts";
import { anonymous, system } from "../../src/modules/access/viewer.ts";
import { indicatorFigures, planFigures } from "../../src/modules/figures/service.ts";

const PLAN = "allen-voor-een-2022-2024";
const ENTRY = ["/", `/plannen/${PLAN}`, `/plannen/${PLAN}/cijfers`, "/evaluaties", "/zoeken?q=thuiszitters", "/api/v1/plans", `/api/v1/plans/${PLAN}`, "/api/v1/evaluations", "/api/v1/evaluations/tussenevaluatie-allen-voor-een-2023", `/api/v1/plans/${PLAN}/indicators`, "/api/v1/search?q=thuiszitters"];
/** Enough to reach every page of the plan, its figures and its evaluation; the crawl stays within Koers. */
const MOST = 400;

describe.each(databaseKinds)("small counts about children in public output on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  /** The words of the source documents that carry a small count, as Koers holds them. */
  let secrets: string[];
  /** The suppressed measurements: indicator slug, date and area. */
  let hidden: { indicator: string; date: string; scope: string; value: number }[];

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db);
    const seen = await planFigures(database.db, system, PLAN);
    const visitor = await planFigures(database.db, anonymous, PLAN);
    hidden = [];
    secrets = [];
    for (const indicator of seen.indicators) {
      const shown = visitor.indicators.find((i) => i.slug === indicator.slug);
      for (const m of indicator.measurements) {
        const public_ = shown?.measurements.find((x) => x.id === m.id);
        if (public_?.suppressed) {
          hidden.push({ indicator: indicator.slug, date: m.date, scope: m.scope, value: m.value! });
          if (m.quote) secrets.push(m.quote);
        }
      }
    }
  });
  afterAll(() => database.dispose());

  it("the source documents do hold small counts about children, kept from visitors", () => {
    expect(hidden.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(0);
  });

  it("in no page, API answer, export or feed a visitor can reach", async () => {
    const queue = [...ENTRY, `/plannen/${PLAN}/cijfers.csv`, `/plannen/${PLAN}/cijfers.xlsx`, `/plannen/${PLAN}/agenda.ics`];
    // Published progress: the period of the published evaluation, the public dashboard and timeline, the feeds.
    queue.push(`/plannen/${PLAN}/voortgang/2022`, `/plannen/${PLAN}/dashboard`, `/plannen/${PLAN}/tijdlijn`, `/plannen/${PLAN}/publicaties.atom`, "/publicaties.atom");
    const visited = new Set<string>();
    const leaks: string[] = [];
    while (queue.length > 0 && visited.size < MOST) {
      const path = queue.shift()!;
      if (visited.has(path)) continue;
      visited.add(path);
      const res = await app.request(path);
      if (res.status !== 200) continue;
      const type = res.headers.get("content-type") ?? "";
      const body = type.includes("spreadsheetml")
        ? JSON.stringify(await readSheet("x.xlsx", new Uint8Array(await res.arrayBuffer())))
        : await res.text();
      const flat = body.replace(/\s+/g, " ");
      for (const secret of secrets) if (flat.includes(secret.replace(/\s+/g, " "))) leaks.push(`${path}: "${secret}"`);
      if (type.includes("json")) {
        // A hidden measurement in the API has no value.
        for (const h of hidden) {
          const pattern = new RegExp(`"date":"${h.date}","label":"[^"]*","scope":"${h.scope}","scopeName":"[^"]*","value":${h.value}[,}]`);
          if (body.includes(`/${h.indicator}"`) && pattern.test(body)) leaks.push(`${path}: ${h.indicator} ${h.date} ${h.scope} = ${h.value}`);
        }
      }
      if (type.includes("html")) {
        for (const [, href] of body.matchAll(/href="(\/[^"#]*)"/g)) {
          const next = href!.replaceAll("&amp;", "&");
          // Stay with this plan and the shared pages; no static files, sign-in or account pages.
          if (next.startsWith("/static/") || next.startsWith("/inloggen") || next.startsWith("/wachtwoord")) continue;
          if (next.startsWith("/plannen/") && !next.startsWith(`/plannen/${PLAN}`)) continue;
          if (!visited.has(next)) queue.push(next);
        }
      }
    }
    expect(visited.size).toBeGreaterThan(50);
    expect([...visited]).toEqual(expect.arrayContaining([`/plannen/${PLAN}/cijfers/thuiszitters-gemeld-nog-thuis`, "/evaluaties/tussenevaluatie-allen-voor-een-2023", `/plannen/${PLAN}/voortgang/2022`]));
    expect(leaks).toEqual([]);
  }, 240_000);

  it("and a partner of the plan does see them", async () => {
    const { indicator } = await indicatorFigures(database.db, system, PLAN, hidden[0]!.indicator);
    expect(indicator.measurements.some((m) => m.value === hidden[0]!.value && !m.suppressed)).toBe(true);
  });
});
