/**
 * `koers copy`: next year's plan from the command line, through the same command as the copy
 * form, with --dry-run writing nothing, --only-open leaving out what is finished, and the old
 * plan unchanged; refusals name the option they are about.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cliForTests } from "../../test/helpers/cli.ts";
import { databaseKinds } from "../../test/helpers/databases.ts";
import { loadConfig } from "../config.ts";
import type { Database } from "../db/client.ts";
import { openReadyDatabase } from "../db/ready.ts";
import { system } from "../modules/access/viewer.ts";
import { listAudit } from "../modules/audit/service.ts";
import { configureCycle, saveUpdate } from "../modules/monitoring/updates.ts";
import { getPlan, type PlanDetail, type PlanItem } from "../modules/plans/reading.ts";
import { snapshotOf } from "../modules/plans/snapshot.ts";
import { exitCodes } from "./index.ts";

const SOURCE = "jaarplan-ppo-nk-2023";
const all = (list: readonly PlanItem[]): PlanItem[] => list.flatMap((i) => [i, ...all(i.children)]);
const fingerprint = (plan: PlanDetail) => ({ snapshot: snapshotOf(plan), version: plan.version, items: all(plan.items).map((i) => ({ id: i.id, version: i.version })) });

describe.each(databaseKinds)("koers copy on %s", (kind) => {
  const cli = cliForTests(kind, "koers-copy-");
  const koers = (...args: string[]) => cli.run(args);
  /** The command line's database, opened when no command runs. */
  const withDb = async <T>(work: (database: Database) => Promise<T>): Promise<T> => {
    const { database } = await openReadyDatabase(loadConfig(cli.env));
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  };
  const finished: number[] = [];
  let before: ReturnType<typeof fingerprint>;
  let total: number;

  beforeAll(async () => {
    // Two of the four actions under the second focus area are done.
    await withDb(async ({ db }) => {
      const plan = await getPlan(db, system, SOURCE);
      const [first, second] = plan.items[1]!.children[0]!.children;
      const { periods } = await configureCycle(db, system, SOURCE, "halfjaar");
      await saveUpdate(db, system, SOURCE, first!.id, periods[0]!.id, { status: "afgerond" });
      await saveUpdate(db, system, SOURCE, second!.id, periods[0]!.id, { status: "vervallen" });
      finished.push(first!.id, second!.id);
      const now = await getPlan(db, system, SOURCE);
      before = fingerprint(now);
      total = all(now.items).length;
    });
  });

  it("with --dry-run tells what next year's plan would hold, as the form proposes it, and writes nothing", async () => {
    const result = await koers("copy", SOURCE, "--dry-run");
    expect(result).toMatchObject({ code: exitCodes.ok, err: "" });
    expect(result.out).toMatch(
      new RegExp(`^Zou kopiëren \\(er is niets geschreven\\): plan 'jaarplan-2024' \\(Jaarplan 2024, 2024 \\(2024-01-01 tot en met 2024-12-31\\)\\) uit Jaarplan 2023: ${total} onderdelen overgenomen, \\d+ indicatoren\\.\\n$`),
    );
    const open = await koers("copy", SOURCE, "--dry-run", "--only-open");
    expect(open.out).toContain(`: ${total - 2} onderdelen overgenomen, 2 afgeronde niet, `);
    expect((await koers("export", "jaarplan-2024")).code).toBe(exitCodes.refused);
    await withDb(async ({ db }) => {
      expect(await listAudit(db, system, { limit: 5 })).not.toContainEqual(expect.objectContaining({ action: "plan-gekopieerd" }));
    });
  });

  it("copies the plan with --only-open to the title, short name and period given; each item links to its origin and the old plan is unchanged", async () => {
    const result = await koers("copy", SOURCE, "--title", "Jaarplan 2026", "--slug", "jaarplan-ppo-2026", "--period", "2026, 2026-01-01, 2026-12-31", "--only-open");
    expect(result).toMatchObject({ code: exitCodes.ok, err: "" });
    expect(result.out).toContain("Gekopieerd: plan jaarplan-ppo-2026 (Jaarplan 2026, 2026 (2026-01-01 tot en met 2026-12-31); concept, niet openbaar) uit Jaarplan 2023:");
    await withDb(async ({ db }) => {
      const old = await getPlan(db, system, SOURCE);
      const copy = await getPlan(db, system, "jaarplan-ppo-2026");
      expect(copy).toMatchObject({ title: "Jaarplan 2026", status: "concept", published: false, copiedFrom: { slug: SOURCE, title: "Jaarplan 2023" } });
      expect(copy.period).toEqual({ label: "2026", start: "2026-01-01", end: "2026-12-31" });
      expect(all(copy.items).map((i) => i.origin?.id)).toEqual(all(old.items).map((i) => i.id).filter((id) => !finished.includes(id)));
      expect(fingerprint(old)).toEqual(before);
      const [entry] = await listAudit(db, system, { planId: copy.id, limit: 1 });
      expect(entry).toMatchObject({ actor: "opdrachtregel", action: "plan-gekopieerd" });
    });
  });

  it("refuses a short name that is taken, a period that ends before it begins, and a plan that does not exist, and copies nothing", async () => {
    const taken = await koers("copy", SOURCE, "--slug", SOURCE);
    expect(taken.code).toBe(exitCodes.refused);
    expect(taken.err).toBe(`Niets gekopieerd:\n  --slug: Korte naam: er is al een plan met de korte naam '${SOURCE}'; kies een andere.\n`);
    const backwards = await koers("copy", SOURCE, "--title", "", "--period", "2027,2027-12-31,2027-01-01");
    expect(backwards.code).toBe(exitCodes.refused);
    expect(backwards.err).toContain("  --title: Titel: vul een titel in.\n");
    expect(backwards.err).toContain("  --period: Einde van de periode: het einde ligt voor het begin.\n");
    const missing = await koers("copy", "bestaat-niet");
    expect(missing.code).toBe(exitCodes.refused);
    expect(missing.err).toContain("Niet gevonden");
    expect((await koers("export", "jaarplan-2027")).code).toBe(exitCodes.refused);
  });
});
