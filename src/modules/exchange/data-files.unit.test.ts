import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { planYaml } from "../../../test/helpers/plans.ts";
import { dataDir } from "../../../test/helpers/seeded.ts";
import { missingFragments } from "../../lib/source-coverage.ts";
import { InputError } from "../../lib/validation.ts";
import { parseFiles } from "./service.ts";
import { readDataDir } from "./data-files.ts";
import { evaluationReadingText, planReadingText } from "./reading-text.ts";

describe("the data of the five source documents", () => {
  const data = readDataDir(dataDir);

  it("is valid and complete: four plans and the evaluation of one of them", () => {
    expect(data.plans.map((p) => p.slug).sort()).toEqual([
      "activiteitenplan-swvnk-2024",
      "allen-voor-een-2022-2024",
      "jaarplan-ppo-nk-2023",
      "uitvoeringsplan-nk-2025-2026",
    ]);
    expect(data.evaluations.map((e) => [e.slug, e.plan])).toEqual([
      ["tussenevaluatie-allen-voor-een-2023", "allen-voor-een-2022-2024"],
    ]);
    expect(data.plans.every((p) => p.published)).toBe(true);
  });

  const sourcesDir = join(dataDir, "sources");
  const ignore = parse(readFileSync(join(sourcesDir, "ignore.yaml"), "utf8")) as Record<string, string[]>;
  const texts = [
    ...data.plans.map((p) => ({ source: p.source, text: planReadingText(p) })),
    ...data.evaluations.map((e) => ({ source: e.source, text: evaluationReadingText(e) })),
  ];
  it.each(readdirSync(sourcesDir).filter((f) => f.endsWith(".txt")))("holds every sentence of %s", (file) => {
    const mine = texts.filter((t) => t.source === file).map((t) => t.text);
    expect(mine.length).toBeGreaterThan(0);
    const missing = missingFragments(readFileSync(join(sourcesDir, file), "utf8"), mine, ignore[file] ?? []);
    expect(missing).toEqual([]);
  });

  it("keeps each plan's own level vocabulary", () => {
    const levels = Object.fromEntries(data.plans.map((p) => [p.slug, p.levels.map((l) => l.name)]));
    expect(levels["uitvoeringsplan-nk-2025-2026"]).toEqual(expect.arrayContaining(["Thema", "Ambitie", "Stap"]));
    expect(levels["allen-voor-een-2022-2024"]).toEqual(["Speerpunt", "Doel", "Hoofdactiviteit", "Subactiviteit"]);
    expect(levels["jaarplan-ppo-nk-2023"]).toEqual(expect.arrayContaining(["Focusgebied", "Actie"]));
    expect(levels["activiteitenplan-swvnk-2024"]).toEqual(expect.arrayContaining(["Actielijn"]));
  });

  it("has the nine ambitions of the uitvoeringsplan, 2.2 with reduced capacity", () => {
    const plan = data.plans.find((p) => p.slug === "uitvoeringsplan-nk-2025-2026")!;
    const ambitions = plan.items.flatMap((t) => t.children).filter((i) => i.level === "ambitie");
    expect(ambitions.map((a) => a.code)).toEqual(["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4"]);
    expect(ambitions.filter((a) => a.reducedCapacity).map((a) => a.code)).toEqual(["2.2"]);
  });

  it("has the approval route of the activiteitenplan", () => {
    const plan = data.plans.find((p) => p.slug === "activiteitenplan-swvnk-2024")!;
    expect(plan.approvals.map((a) => [a.body, a.date])).toEqual([
      ["Kernberaad", "2023-12-04"],
      ["OPR", "2023-12-12"],
      ["ALV", "2023-12-18"],
      ["Vaststelling", "2023-12-20"],
    ]);
    expect(plan.approvals.filter((a) => a.adopts)).toHaveLength(1);
  });

  it("explains abbreviations that the plans use", () => {
    const terms = new Set(data.glossary.map((g) => g.term));
    for (const t of ["OOGO", "SWV", "RMC", "IPS", "CJG", "GGD", "OPR", "ALV", "BUCH", "5 onder a"]) expect(terms).toContain(t);
  });

  it("represents overlapping regions: Castricum in youth-care region NK but SWV area MK", () => {
    const member = (slug: string) =>
      data.organisations.regions.filter((r) => r.members.some((m) => m.organisation === slug)).map((r) => r.slug);
    expect(member("castricum")).toEqual(expect.arrayContaining(["jeugdhulpregio-noord-kennemerland", "swv-gebied-vo-mk", "buch"]));
    expect(member("velsen")).toEqual(expect.arrayContaining(["ijmond", "swv-gebied-vo-zk", "jeugdhulpregio-zuid-kennemerland-ijmond"]));
  });
});

describe("bad files are refused with the file, path and field named", () => {
  const plan = (extra: string) => planYaml({ slug: "p", title: "P", period: "2024", owners: ["o"] }, extra);

  const problems = (files: { name: string; text: string }[]) => {
    try {
      parseFiles(files);
    } catch (error) {
      if (error instanceof InputError) return error.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
      throw error;
    }
    return [];
  };

  it.each([
    ["not YAML at all", "slug: [unclosed", /^x\.yaml: \(bestand\): geen geldige YAML of JSON/],
    ["an unknown kind of file", "hello: world", /^x\.yaml: \(bestand\): onbekend soort bestand/],
    ["an empty file", "", /^x\.yaml: \(bestand\): onbekend soort bestand/],
    ["a bad slug", plan("").replace("slug: p", "slug: Mijn Plan"), /^x\.yaml: slug: .*kleine letters/],
    ["a wrong kind", plan("").replace("kind: jaarplan", "kind: weekplan"), /^x\.yaml: kind: Ongeldige optie/],
    ["a bad date", plan("").replace("start: 2024-01-01", "start: 1 januari"), /^x\.yaml: period\.start: /],
    ["an end before the start", plan("").replace("end: 2024-12-31", "end: 2023-12-31"), /^x\.yaml: period\.end: start ligt na het einde/],
    ["an unknown field", plan("colour: red"), /^x\.yaml: \(bestand\): Onbekende key: "colour"/],
    ["an item without title", plan("items: [{ level: actie }]"), /^x\.yaml: items\[0\]\.title: /],
    [
      "an item at a level the plan does not have",
      plan("items: [{ level: actie, title: A, children: [{ level: stap, title: B }] }]"),
      /^x\.yaml: items\[0\]\.children\[0\]\.level: niveau 'stap' staat niet in levels/,
    ],
    ["a party without role or organisation", plan("items: [{ level: actie, title: A, parties: [{ task: x }] }]"), /^x\.yaml: items\[0\]\.parties\[0\]: een partij heeft een rol of een organisatie/],
  ])("%s", (_, text, expected) => {
    const found = problems([{ name: "x.yaml", text }]);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(expected);
  });

  it("reports problems of every file, not just the first", () => {
    const found = problems([
      { name: "a.yaml", text: plan("").replace("kind: jaarplan", "kind: x") },
      { name: "b.yaml", text: "terms: []" },
    ]);
    expect(found.map((f) => f.split(":")[0])).toEqual(["a.yaml", "b.yaml"]);
  });
});
