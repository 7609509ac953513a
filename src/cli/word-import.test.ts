/**
 * `koers import FILE.docx --dry-run --format json` prints the proposed plan in the exchange
 * format and writes nothing; `--dry-run` does the same for every kind of import file; without
 * it a Word plan is imported as an unpublished concept.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cliForTests } from "../../test/helpers/cli.ts";
import { databaseKinds } from "../../test/helpers/databases.ts";
import { sourceLayouts, writeWordPlan } from "../../test/helpers/word-plans.ts";
import { planSchema } from "../modules/plans/format.ts";
import { exitCodes } from "./index.ts";

const SOURCE = "activiteitenplan-swvnk-2024";
const planFile = (slug: string) => new URL(`../../data/plans/${slug}.yaml`, import.meta.url);

describe.each(databaseKinds)("koers import with Word files and --dry-run on %s", (kind) => {
  const cli = cliForTests(kind, "koers-word-import-");
  const koers = (...args: string[]) => cli.run(args);
  let docx: string;

  beforeAll(async () => {
    docx = join(cli.dir, "activiteitenplan.docx");
    writeFileSync(docx, await writeWordPlan(planSchema.parse(parse(readFileSync(planFile(SOURCE), "utf8"))), sourceLayouts[SOURCE]));
  });

  it("prints the proposed plan as JSON in the exchange format with --dry-run --format json, and writes nothing", async () => {
    const result = await koers("import", docx, "--dry-run", "--format", "json");
    expect(result.code).toBe(exitCodes.ok);
    const plan = planSchema.parse({ ...JSON.parse(result.out), owners: ["swvnk"] });
    expect(plan).toMatchObject({ slug: "activiteitenplan-2024", title: "Activiteitenplan 2024", status: "concept", published: false, kind: "activiteitenplan" });
    expect(plan.period).toEqual({ label: "2024", start: "2024-01-01", end: "2024-12-31" });
    expect(plan.items[0]!.children.map((c) => c.code)).toEqual(["Pijler 1", "Pijler 2", "Thema A", "Thema B", "Thema C", undefined]);
    expect(result.err).toContain("--owner");
    // Nothing was written: the plan cannot be exported.
    expect((await koers("export", "activiteitenplan-2024")).code).toBe(exitCodes.refused);
  });

  it("imports the Word plan as a concept with --owner, and refuses it a second time", async () => {
    const done = await koers("import", docx, "--owner", "swvnk", "--slug", "activiteitenplan-uit-word");
    expect(done).toMatchObject({ code: exitCodes.ok });
    expect(done.out).toContain("Ingelezen: plan activiteitenplan-uit-word (concept, niet gepubliceerd)");
    const exported = parse((await koers("export", "activiteitenplan-uit-word")).out) as { status: string; published: boolean; owners: string[] };
    expect(exported).toMatchObject({ status: "concept", published: false, owners: ["swvnk"] });
    const again = await koers("import", docx, "--owner", "swvnk", "--slug", "activiteitenplan-uit-word");
    expect(again.code).toBe(exitCodes.refused);
    expect(again.err).toContain("bestaat al");
    expect((await koers("import", docx)).code).toBe(exitCodes.refused);
  });

  it("checks a YAML plan with --dry-run, prints what would be imported and writes nothing", async () => {
    const copy = join(cli.dir, "kopie.yaml");
    writeFileSync(copy, readFileSync(planFile("jaarplan-ppo-nk-2023"), "utf8").replace("slug: jaarplan-ppo-nk-2023", "slug: jaarplan-proef"));
    const summary = await koers("import", copy, "--dry-run");
    expect(summary).toMatchObject({ code: exitCodes.ok, out: "Zou inlezen (er is niets geschreven): 1 plan(nen): jaarplan-proef.\n" });
    const json = await koers("import", copy, "--dry-run", "--format", "json");
    expect(JSON.parse(json.out)).toMatchObject({ slug: "jaarplan-proef", title: "Jaarplan 2023" });
    expect((await koers("export", "jaarplan-proef")).code).toBe(exitCodes.refused);
    // A dry run still finds what only the database knows: the plan that is already there.
    const existing = await koers("import", planFile("jaarplan-ppo-nk-2023").pathname, "--dry-run");
    expect(existing.code).toBe(exitCodes.refused);
    expect(existing.err).toContain("bestaat al");
  });

  it("refuses a file that is no Word document with a Dutch message", async () => {
    const fake = join(cli.dir, "nep.docx");
    writeFileSync(fake, "dit is tekst");
    const result = await koers("import", fake, "--dry-run");
    expect(result.code).toBe(exitCodes.refused);
    expect(result.err).toContain("Dit is geen Word-bestand (.docx).");
  });
});
