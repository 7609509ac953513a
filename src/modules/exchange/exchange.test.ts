import { readFileSync } from "node:fs";
import { join } from "node:path";
import { count } from "drizzle-orm";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, freshDatabase, type TestDatabase } from "../../../test/helpers/databases.ts";
import { dataDir, seededDatabase } from "../../../test/helpers/seeded.ts";
import { serialise } from "../../cli/index.ts";
import { InputError } from "../../lib/validation.ts";
import { system } from "../access/viewer.ts";
import { readDataDir } from "./data-files.ts";
import { planSchema } from "../plans/format.ts";
import { items, plans } from "../plans/schema.ts";
import { evaluationSchema } from "../evaluations/format.ts";
import { getEvaluation, toEvaluationFile } from "../evaluations/service.ts";
import { getPlan } from "../plans/reading.ts";
import { PlanConflictError, toPlanFile } from "../plans/exchange.ts";
import { importDataSet, parseFiles, seedOnce } from "./service.ts";

const source = readDataDir(dataDir);

type RawPlan = Record<string, unknown> & { items: Record<string, unknown>[]; owners: string[] };
const planText = (slug: string, change: (plan: RawPlan) => void = () => {}) => {
  const raw = parse(readFileSync(join(dataDir, "plans", `${slug}.yaml`), "utf8")) as RawPlan;
  change(raw);
  return stringify(raw);
};

async function counts(database: TestDatabase) {
  const [p] = await database.db.select({ n: count() }).from(plans);
  const [i] = await database.db.select({ n: count() }).from(items);
  return { plans: p!.n, items: i!.n };
}

describe.each(databaseKinds)("import and export on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await seededDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("loads the four plans and the evaluation on first use, and only once", async () => {
    const before = await counts(database);
    expect(before.plans).toBe(4);
    expect(await seedOnce(database, dataDir)).toBeUndefined();
    expect(await counts(database)).toEqual(before);
  });

  it.each(source.plans.map((p) => p.slug))("round-trips plan %s exactly through export and import", async (slug) => {
    const original = planSchema.parse(parse(planText(slug)));
    const exported = toPlanFile(await getPlan(database.db, system, slug));
    expect(exported).toEqual(original);
    // The exported text, read back, is the same plan again.
    for (const format of ["yaml", "json"] as const) {
      const { data } = parseFiles([{ name: `${slug}.${format}`, text: serialise(exported, format) }]);
      expect(data.plans[0]).toEqual(original);
    }
  });

  it("round-trips the evaluation", async () => {
    const file = join(dataDir, "evaluations", "tussenevaluatie-allen-voor-een-2023.yaml");
    const original = evaluationSchema.parse(parse(readFileSync(file, "utf8")));
    expect(toEvaluationFile(await getEvaluation(database.db, system, original.slug))).toEqual(original);
  });

  it("refuses a plan that already exists, and replaces it only when asked", async () => {
    const slug = "jaarplan-ppo-nk-2023";
    const changed = planText(slug, (p) => (p.title = "Jaarplan 2023 (herzien)"));
    const { data, names } = parseFiles([{ name: "j.yaml", text: changed }]);
    await expect(importDataSet(database, data, names)).rejects.toThrow(PlanConflictError);
    expect((await getPlan(database.db, system, slug)).title).toBe("Jaarplan 2023");
    await importDataSet(database, data, names, { replace: true });
    expect((await getPlan(database.db, system, slug)).title).toBe("Jaarplan 2023 (herzien)");
  });

  it("will not replace a plan that has progress recorded on it", async () => {
    const { data, names } = parseFiles([{ name: "a.yaml", text: planText("allen-voor-een-2022-2024") }]);
    await expect(importDataSet(database, data, names, { replace: true })).rejects.toThrow(/voortgangsrapportage/);
  });
});

describe.each(databaseKinds)("atomic import on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    const orgs = readFileSync(join(dataDir, "organisations", "kennemerland.yaml"), "utf8");
    const topics = readFileSync(join(dataDir, "topics.yaml"), "utf8");
    const { data, names } = parseFiles([
      { name: "o.yaml", text: orgs },
      { name: "t.yaml", text: topics },
    ]);
    await importDataSet(database, data, names);
  });
  afterAll(() => database.dispose());

  const good = () => planText("jaarplan-ppo-nk-2023");

  it("writes nothing when a reference in one of the files is wrong, and names file, path and field", async () => {
    const bad = planText("uitvoeringsplan-nk-2025-2026", (p) => p.owners.unshift("gemeente-nergens"));
    const { data, names } = parseFiles([
      { name: "goed.yaml", text: good() },
      { name: "fout.yaml", text: bad },
    ]);
    const error = await importDataSet(database, data, names).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toContainEqual({
      file: "fout.yaml",
      path: "owners[0]",
      message: "organisatie 'gemeente-nergens' bestaat niet",
    });
    expect(await counts(database)).toEqual({ plans: 0, items: 0 });
  });

  it("rolls back everything when the database refuses a row halfway", async () => {
    // Two files with the same slug pass per-file checks but clash in the database.
    const { data, names } = parseFiles([
      { name: "a.yaml", text: good() },
      { name: "b.yaml", text: planText("activiteitenplan-swvnk-2024") },
    ]);
    data.plans[1]!.slug = data.plans[0]!.slug;
    await expect(importDataSet(database, data, names)).rejects.toThrow();
    expect(await counts(database)).toEqual({ plans: 0, items: 0 });
  });

  it("refuses a link to an item that does not exist", async () => {
    const bad = planText("jaarplan-ppo-nk-2023", (p) => (p.items[0]!.links = [{ to: "9.9", kind: "link" }]));
    const { data, names } = parseFiles([{ name: "j.yaml", text: bad }]);
    const error = (await importDataSet(database, data, names).catch((e: unknown) => e)) as InputError;
    expect(error.problems).toEqual([
      { file: "j.yaml", path: "items[0].links[0].to", message: "onderdeel '9.9' bestaat niet in plan 'jaarplan-ppo-nk-2023'" },
    ]);
    expect(await counts(database)).toEqual({ plans: 0, items: 0 });
  });

  it("imports a good plan completely", async () => {
    const { data, names } = parseFiles([{ name: "j.yaml", text: good() }]);
    await importDataSet(database, data, names);
    const plan = await getPlan(database.db, system, "jaarplan-ppo-nk-2023");
    expect(toPlanFile(plan)).toEqual(planSchema.parse(parse(good())));
  });
});
