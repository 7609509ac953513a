/**
 * No page does a query per row (N+1): each page type makes as many queries for a plan of 60
 * items with updates in two periods as for a plan of 4, and the lists make as many with 7
 * more plans in the database as without them. The count comes from the instrumented database
 * client (src/db/query-stats.ts), as the Server-Timing header reports it in development.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { countQueries } from "../../src/db/query-stats.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { configureCycle, saveUpdates } from "../../src/modules/monitoring/updates.ts";
import { getPlan } from "../../src/modules/plans/reading.ts";
import { createApp } from "../../src/web/app.tsx";
import { SESSION_COOKIE } from "../../src/web/auth.ts";
import { makeUser } from "../helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { importPlans, planYaml } from "../helpers/plans.ts";
import { seededDatabase } from "../helpers/seeded.ts";

/** A published plan of `themes` themes with `actions` actions each, every action with a party, a topic and a timing. */
function planOf(slug: string, themes: number, actions: number): string {
  const lines = ["items:"];
  for (let t = 1; t <= themes; t++) {
    lines.push(`  - code: "${t}"`, "    level: thema", `    title: Thema ${t} over thuiszitters`, "    children:");
    for (let a = 1; a <= actions; a++) {
      lines.push(
        `      - code: "${t}.${a}"`,
        "        level: actie",
        `        title: Actie ${t}.${a} voor de doorgaande lijn`,
        `        when: Q${((a - 1) % 4) + 1} 2025`,
        "        parties: [{ role: consulenten PPO-NK, organisations: [ppo-nk] }]",
        "        topics: [thuiszitters]",
      );
    }
  }
  return planYaml({ slug, title: `Plan ${slug}`, status: "vastgesteld", published: true, levels: ["thema", "actie"] }, `${lines.join("\n")}\n`);
}

describe.each(databaseKinds)("queries per page do not grow with the data on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let cookie: string;
  const counts = new Map<string, number>();

  /** The queries of one request, after a first request that warms what is kept in memory. */
  async function queries(path: string, signedIn = false): Promise<number> {
    const init = { headers: signedIn ? { cookie } : {} };
    expect((await app.request(path, init)).status, path).toBe(200);
    const { result, stats } = await countQueries(async () => app.request(path, init));
    expect(result.status, path).toBe(200);
    return stats.count;
  }

  async function withProgress(slug: string) {
    const { periods } = await configureCycle(database.db, system, slug, "trimester");
    const plan = await getPlan(database.db, system, slug);
    const actions = plan.items.flatMap((theme) => theme.children);
    for (const period of periods.slice(0, 2)) {
      const rows = actions.map((item, i) => ({
        row: `rij ${i + 2}`,
        itemId: item.id,
        input: { version: null, status: "op-koers" as const, results: `Gedaan in ${period.label}.`, planning: "Verder.", percentage: null, statusReason: null },
      }));
      await saveUpdates(database.db, system, slug, period.id, rows);
    }
  }

  const listPages = ["/", "/zoeken?q=thuiszitters", "/onderwerpen/thuiszitters", "/api/v1/plans"];
  const planPages = (slug: string) => [
    [`/plannen/${slug}`, false],
    [`/plannen/${slug}`, true],
    [`/plannen/${slug}/dashboard`, true],
    [`/plannen/${slug}/tijdlijn`, true],
    [`/plannen/${slug}/agenda.ics`, false],
    [`/plannen/${slug}/versies`, false],
    [`/plannen/${slug}/wijzigingen`, true],
    [`/plannen/${slug}/cijfers`, false],
    [`/plannen/${slug}/rapportage?van=${encodeURIComponent("T1 2025")}&tot=${encodeURIComponent("T2 2025")}`, true],
    [`/api/v1/plans/${slug}`, false],
  ] as const;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({}) });
    cookie = `${SESSION_COOKIE}=${(await makeUser(database.db, "beheer@koers.invalid", { admin: true })).session}`;
    await importPlans(database, planOf("klein", 2, 2));
    await withProgress("klein");
    for (const path of listPages) counts.set(`before ${path}`, await queries(path));
    await importPlans(database, planOf("groot", 6, 10), ...[1, 2, 3, 4, 5, 6].map((n) => planOf(`ander-${n}`, 2, 3)));
    await withProgress("groot");
  }, 240_000);
  afterAll(() => database.dispose());

  it.each(listPages)("%s makes as many queries with seven more plans", async (path) => {
    expect(counts.get(`before ${path}`)).toBeGreaterThan(0);
    expect(await queries(path)).toBe(counts.get(`before ${path}`));
  });

  it("each response reports its queries and their time in a Server-Timing header (development), none in production", async () => {
    const { result, stats } = await countQueries(async () => app.request("/plannen/groot"));
    expect(result.headers.get("server-timing")).toMatch(new RegExp(`^db;dur=\\d+\\.\\d;desc="${stats.count} queries"$`));
    const production = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({ NODE_ENV: "production" }) });
    expect((await production.request("/plannen/groot")).headers.get("server-timing")).toBeNull();
  });

  it.each(planPages("klein").map(([path, signedIn], i) => [path.replace("klein", "{plan}") + (signedIn ? " (signed in)" : ""), i] as const))(
    "%s makes as many queries for 60 items as for 4",
    async (_, i) => {
      const [small, signedIn] = planPages("klein")[i]!;
      const [large] = planPages("groot")[i]!;
      const few = await queries(small, signedIn);
      expect(few).toBeGreaterThan(0);
      expect(await queries(large, signedIn)).toBe(few);
    },
  );
});
