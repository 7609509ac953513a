/**
 * A long plan through the routes: its page shows one part at a time in the plan's own layout,
 * the parts together hold every item once, the whole plan is one link away, and a link that
 * names an item opens the part that holds it.
 */
import { gzipSync } from "node:zlib";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { importPlans, longPlanYaml } from "../../../test/helpers/plans.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { loadConfig } from "../../config.ts";
import { createApp } from "../../web/app.tsx";
import { system } from "../access/viewer.ts";
import { getPlan } from "./reading.ts";

const SLUG = "lang-plan";
const PLAN = `/plannen/${SLUG}`;
const anchors = (html: string) => [...html.matchAll(/ id="(onderdeel-\d+)"/g)].map((m) => m[1]!);
/** The anchors of what a part holds as its own: a heading shown again as "(vervolg)" is left out. */
const owned = (html: string) => anchors(html.replaceAll(/<section id="onderdeel-\d+"[^>]*>\s*<h\d[^>]*>(?:(?!<\/h\d>)[\s\S])*\(vervolg\)/g, "<section>"));

describe.each(databaseKinds)("a long plan in parts on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const get = async (path: string) => (await app.request(path)).text();

  beforeAll(async () => {
    database = await seededDatabase(kind);
    // 4 themes of 60 actions with 3 000 characters each: about 720 000 characters of text.
    await importPlans(database, longPlanYaml(SLUG, 4, 60, 3_000));
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({ KOERS_PAGE_CACHE_MB: "0" }) });
  });
  afterAll(() => database.dispose());

  it("shows parts small enough for a phone that together hold every item once, in the plan's own table", async () => {
    const first = await get(PLAN);
    const count = Number(/Deel 1 van (\d+)/.exec(visibleText(first))?.[1]);
    expect(count).toBeGreaterThan(1);
    const parts = [first, ...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => get(`${PLAN}?deel=${i + 2}`))))];
    const whole = await get(`${PLAN}?deel=alle`);
    expect(anchors(whole)).toHaveLength(4 + 4 * 60);
    expect(parts.flatMap(owned).sort()).toEqual(anchors(whole).sort());
    for (const html of parts) {
      expect(gzipSync(html).byteLength).toBeLessThan(200 * 1024);
      expect(html).toContain("<th");
      expect(html).toContain(">Wat</th>");
    }
    expect(Buffer.byteLength(parts[0]!)).toBeLessThan(Buffer.byteLength(whole) / 2);
    // Part 2 begins inside a theme whose introduction is in part 1: the heading is shown again.
    expect(visibleText(parts[1]!)).toMatch(/Thema \d+ \(vervolg\)/);
  });

  it("lists the parts with what they hold, links the next and previous part, and the whole plan to print", async () => {
    const second = await get(`${PLAN}?deel=2`);
    const text = visibleText(second);
    expect(text).toMatch(/Deel 1: 1 Thema 1/);
    expect(second).toContain('<span aria-current="page">Deel 2: ');
    expect(second).toContain(`href="${PLAN}?deel=1" rel="prev"`);
    expect(second).toContain(`href="${PLAN}?deel=alle"`);
    expect(second).toMatch(/<title>Lang plan lang-plan, deel 2 van \d+ · Koers<\/title>/);
    const whole = visibleText(await get(`${PLAN}?deel=alle`));
    expect(whole).not.toMatch(/deel \d+ van \d+\./);
    expect(whole).not.toContain("(vervolg)");
    // A part number past the last shows the last part.
    expect(await get(`${PLAN}?deel=999`)).toContain('rel="prev"');
  });

  it("opens the part that holds an item a link names, and the table of contents leads to every part", async () => {
    const plan = await getPlan(database.db, system, SLUG);
    const last = plan.items.at(-1)!.children.at(-1)!;
    const first = await get(PLAN);
    expect(anchors(first)).not.toContain(`onderdeel-${last.id}`);
    expect(visibleText(await get(`${PLAN}?onderdeel=${last.id}`))).toContain(`Toelichting ${last.code}.`);
    // The contents of part 1 link the last theme in the part that holds it.
    const theme = plan.items.at(-1)!;
    expect(first).toMatch(new RegExp(`href="\\?deel=\\d+#onderdeel-${theme.id}"`));
  });
});
