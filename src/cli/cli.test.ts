import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { cliForTests } from "../../test/helpers/cli.ts";
import { databaseKinds } from "../../test/helpers/databases.ts";
import { dataDir } from "../../test/helpers/seeded.ts";
import { planSchema } from "../modules/plans/format.ts";
import { exitCodes } from "./index.ts";

const jaarplan = () => readFileSync(join(dataDir, "plans", "jaarplan-ppo-nk-2023.yaml"), "utf8");

describe.each(databaseKinds)("koers on %s", (kind) => {
  const cli = cliForTests(kind, "koers-cli-");
  const koers = (...args: string[]) => cli.run(args);

  it("explains itself and each command", async () => {
    const help = await koers("--help");
    expect(help.code).toBe(exitCodes.ok);
    for (const command of ["serve", "migrate", "import", "export"]) expect(help.out).toContain(command);
    const exportHelp = await koers("export", "--help");
    expect(exportHelp.code).toBe(exitCodes.ok);
    expect(exportHelp.out).toContain("--format");
  });

  it("answers wrong use with exit code 2", async () => {
    expect((await koers("opruimen")).code).toBe(exitCodes.usage);
    expect((await koers("export", "x", "--format", "pdf")).code).toBe(exitCodes.usage);
  });

  it("migrate creates the database and loads the source plans", async () => {
    const result = await koers("migrate");
    expect(result).toMatchObject({ code: exitCodes.ok, err: "" });
    expect(result.out).toMatch(/Database bijgewerkt/);
  });

  it("exports a plan as YAML that equals its data file, and as JSON", async () => {
    const file = join(cli.dir, "jaarplan.yaml");
    expect((await koers("export", "jaarplan-ppo-nk-2023", "--output", file)).code).toBe(exitCodes.ok);
    const expected = planSchema.parse(parse(jaarplan()));
    expect(planSchema.parse(parse(readFileSync(file, "utf8")))).toEqual(expected);
    const json = await koers("export", "jaarplan-ppo-nk-2023", "--format", "json");
    expect(planSchema.parse(JSON.parse(json.out))).toEqual(expected);
  });

  it("exports an evaluation by its slug", async () => {
    const result = await koers("export", "tussenevaluatie-allen-voor-een-2023");
    expect(result.code).toBe(exitCodes.ok);
    expect(parse(result.out)).toMatchObject({ plan: "allen-voor-een-2022-2024", period: { label: "2022" } });
  });

  it("says plainly when there is no such plan", async () => {
    expect(await koers("export", "bestaat-niet")).toMatchObject({
      code: exitCodes.refused,
      err: "Niet gevonden: Plan of evaluatie 'bestaat-niet' bestaat niet.\n",
    });
  });

  it("refuses a bad file, names file, path and field, and changes nothing", async () => {
    const raw = parse(jaarplan());
    raw.slug = "nieuw-plan";
    raw.items[1].children[0].children[0].level = "stap";
    raw.period.end = "2022-01-01";
    const file = join(cli.dir, "fout.yaml");
    writeFileSync(file, stringify(raw));
    const result = await koers("import", file);
    expect(result.code).toBe(exitCodes.refused);
    expect(result.err).toContain("Niets ingelezen");
    expect(result.err).toContain("fout.yaml: items[1].children[0].children[0].level: niveau 'stap' staat niet in levels");
    expect(result.err).toContain("fout.yaml: period.end: start ligt na het einde");
    expect((await koers("export", "nieuw-plan")).code).toBe(exitCodes.refused);
  });

  it("refuses a file that is not found", async () => {
    const result = await koers("import", join(cli.dir, "weg.yaml"));
    expect(result.code).toBe(exitCodes.refused);
    expect(result.err).toContain("bestand niet gevonden");
  });

  it("imports a new plan, refuses it a second time, and replaces it with --replace", async () => {
    const raw = parse(jaarplan());
    raw.slug = "jaarplan-kopie";
    const file = join(cli.dir, "kopie.yaml");
    writeFileSync(file, stringify(raw));
    expect(await koers("import", file)).toMatchObject({ code: exitCodes.ok, out: "Ingelezen: 1 plan(nen): jaarplan-kopie.\n" });
    const again = await koers("import", file);
    expect(again.code).toBe(exitCodes.refused);
    expect(again.err).toContain("bestaat al");
    expect((await koers("import", "--replace", file)).code).toBe(exitCodes.ok);
  });

  it("adds the first administrator with a one-time link, gives roles, lists and disables users", async () => {
    const added = await koers("users", "add", "--admin", "--name", "Eerste Beheerder", "Beheer@Gemeente.nl");
    expect(added.code).toBe(exitCodes.ok);
    expect(added.out).toMatch(/Gebruiker beheer@gemeente\.nl toegevoegd als beheerder\./);
    expect(added.out).toMatch(/\/wachtwoord-instellen\?token=[\w-]{20,}/);
    expect((await koers("users", "add", "beheer@gemeente.nl")).code).toBe(exitCodes.refused);
    expect((await koers("users", "role", "beheer@gemeente.nl", "swvnk", "redacteur")).code).toBe(exitCodes.ok);
    expect((await koers("users", "role", "beheer@gemeente.nl", "swvnk", "baas")).code).toBe(exitCodes.usage);
    expect((await koers("users", "role", "beheer@gemeente.nl", "bestaat-niet", "lezer")).code).toBe(exitCodes.refused);
    expect((await koers("users", "list")).out).toBe(
      "beheer@gemeente.nl\tEerste Beheerder\tnog geen wachtwoord\tbeheerder, redacteur bij swvnk\n",
    );
    expect((await koers("users", "disable", "beheer@gemeente.nl")).code).toBe(exitCodes.ok);
    expect((await koers("users", "list")).out).toContain("uitgeschakeld");
    expect((await koers("users", "disable", "niemand@gemeente.nl")).code).toBe(exitCodes.refused);
  });

  if (kind === "pglite") {
    it("refuses to open the embedded database while another process has it", async () => {
      writeFileSync(join(cli.env.KOERS_DATA_DIR!, "db", "koers.lock"), String(process.ppid));
      const result = await koers("export", "jaarplan-ppo-nk-2023");
      expect(result.code).toBe(exitCodes.unavailable);
      expect(result.err).toMatch(/in gebruik door een ander Koers-proces/);
      rmSync(join(cli.env.KOERS_DATA_DIR!, "db", "koers.lock"));
      expect((await koers("export", "jaarplan-ppo-nk-2023")).code).toBe(exitCodes.ok);
    });
  }
});
