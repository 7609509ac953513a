/**
 * The figures format and the files in data/figures: each file parses, every quote stands
 * letter for letter in its source document, every value in its quote as a Dutch document
 * writes it, every item and every organisation or region in a scope exists. Plus the
 * refusals of bad files with their Dutch messages.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { planSchema, type PlanFile } from "../plans/format.ts";
import { findByRef } from "../plans/item-refs.ts";
import { dutchForms, figuresFileSchema, parseScope, statesValue, type FiguresFile } from "./format.ts";

const dataDir = new URL("../../../data/", import.meta.url).pathname;
const read = (...parts: string[]) => readFileSync(join(dataDir, ...parts), "utf8");
const yamlIn = (dir: string) =>
  readdirSync(join(dataDir, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

const figureFiles = yamlIn("figures");
const plans = new Map<string, PlanFile>(yamlIn("plans").map((f) => [f.replace(/\.ya?ml$/, ""), planSchema.parse(parse(read("plans", f)))]));
const evaluations = yamlIn("evaluations").map((f) => parse(read("evaluations", f)) as { plan: string; source?: string });
const organisationFiles = yamlIn("organisations").map(
  (f) => parse(read("organisations", f)) as { organisations: { slug: string; kind: string }[]; regions: { slug: string }[] },
);
const organisations = new Map(organisationFiles.flatMap((o) => o.organisations).map((o) => [o.slug, o.kind]));
const regions = new Set(organisationFiles.flatMap((o) => o.regions).map((r) => r.slug));
const sourceText = new Map<string, string>();
const source = (file: string) => {
  if (!sourceText.has(file)) sourceText.set(file, read("sources", file));
  return sourceText.get(file)!;
};

/** Every quoted thing in a file, with where it is and which document it must come from. */
function quotesOf(file: FiguresFile) {
  const out: { where: string; quote: string; sourceFile?: string | undefined; value?: number | undefined }[] = [];
  file.indicators.forEach((ind, i) => {
    const at = `indicators[${i}] (${ind.slug})`;
    if (ind.quote) out.push({ where: at, quote: ind.quote, sourceFile: ind.sourceFile });
    if (ind.baseline?.quote) out.push({ where: `${at}.baseline`, ...ind.baseline, quote: ind.baseline.quote });
    ind.targets.forEach((t, j) => t.quote && out.push({ where: `${at}.targets[${j}]`, ...t, quote: t.quote }));
    ind.measurements.forEach((m, j) => out.push({ where: `${at}.measurements[${j}]`, ...m }));
  });
  return out;
}

const parsed = figureFiles.map((f) => {
  const result = figuresFileSchema.safeParse(parse(read("figures", f)));
  return { name: f, result };
});

describe.each(parsed)("data/figures/$name", ({ name, result }) => {
  it("parses", () => {
    expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? []).toEqual([]);
  });

  const file = result.data!;
  const plan = file && plans.get(file.plan);

  it("is named after a plan that exists", () => {
    expect(name).toBe(`${file.plan}.yaml`);
    expect(plan, `plan '${file.plan}' staat niet in data/plans`).toBeDefined();
  });

  it("quotes every figure letter for letter from the plan's source or its evaluation's", () => {
    const allowed = new Set([plan!.source, ...evaluations.filter((e) => e.plan === file.plan).map((e) => e.source)].filter(Boolean));
    const wrong = quotesOf(file).flatMap(({ where, quote, sourceFile }) => {
      const doc = sourceFile ?? plan!.source!;
      if (!allowed.has(doc)) return [`${where}: '${doc}' is niet de bron van het plan of van een evaluatie ervan`];
      return source(doc).includes(quote) ? [] : [`${where}: citaat staat niet in ${doc}: ${JSON.stringify(quote)}`];
    });
    expect(wrong).toEqual([]);
  });

  it("has every value in its quote as the document writes it", () => {
    const wrong = quotesOf(file)
      .filter((q) => q.value !== undefined && !statesValue(q.quote, q.value))
      .map((q) => `${q.where}: ${q.value} (${[...dutchForms(q.value!).digits, ...dutchForms(q.value!).words].join(" / ")}) staat niet in ${JSON.stringify(q.quote)}`);
    expect(wrong).toEqual([]);
  });

  it("quotes every baseline and target it gives", () => {
    const bare = file.indicators.flatMap((ind) =>
      [ind.baseline, ...ind.targets].filter((r) => r && !r.quote).map(() => ind.slug),
    );
    expect(bare).toEqual([]);
  });

  it("links only items that exist in the plan", () => {
    const wrong = file.indicators.flatMap((ind) =>
      ind.items.flatMap((ref) => {
        const found = findByRef(plan!.items, ref);
        return typeof found === "string" ? [`${ind.slug}: ${found}`] : [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it("scopes only organisations and regions that exist, of the right kind", () => {
    const kinds: Record<string, (kind: string) => boolean> = {
      gemeente: (k) => k === "gemeente",
      swv: (k) => k === "swv-po" || k === "swv-vo",
      school: (k) => k === "school",
    };
    const wrong = file.indicators.flatMap((ind) =>
      ind.measurements.flatMap((m) => {
        const scope = parseScope(m.scope);
        if (!scope) return [];
        if (scope.breakdown === "regio") return regions.has(scope.key) ? [] : [`${ind.slug}: regio '${scope.key}' bestaat niet`];
        const check = kinds[scope.breakdown];
        if (!check) return [];
        const kind = organisations.get(scope.key);
        return kind && check(kind) ? [] : [`${ind.slug}: ${m.scope}: geen organisatie van die soort`];
      }),
    );
    expect(wrong).toEqual([]);
  });
});

describe("statesValue", () => {
  it.each([
    ["van 1,96% naar 0,58%", 1.96, true],
    ["van 1,96% naar 0,58%", 0.58, true],
    ["van 1,96% naar 0,58%", 58, false],
    ["van 1,96% naar 0,58%", 1.9, false],
    ["In januari 2023 zijn er 20 leerlingen", 20, true],
    ["In januari 2023 zijn er 20 leerlingen", 2, false],
    ["In januari 2023 zijn er 20 leerlingen", 202, false],
    ["Twee van de 16 leerlingen", 2, true],
    ["Twee van de 16 leerlingen", 16, true],
    ["Twee van de 16 leerlingen", 6, false],
    ["vinden drie onderzoeken plaats", 3, true],
    ["het aantal vrijstellingen wordt nihil", 0, true],
    ["1.500 leerlingen", 1500, true],
    ["1500 leerlingen", 1500, true],
    ["bedrijfsvoering", 8, false],
    ["Bij de meeste leerlingen (14) heeft", 14, true],
  ] as const)("%j states %d: %s", (text, value, expected) => {
    expect(statesValue(text, value)).toBe(expected);
  });
});

describe("refusals", () => {
  const measurement = { label: "2022", date: "2022-12-31", value: 16, source: "gemeld bij de inspectie", quote: "was 16." };
  const indicator = { slug: "thuiszitters", name: "Thuiszitters", unit: "aantal", direction: "lager", measurements: [measurement] };
  const messages = (input: unknown) => figuresFileSchema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  const withIndicator = (changes: object) => ({ plan: "allen-voor-een-2022-2024", indicators: [{ ...indicator, ...changes }] });

  it("accepts the smallest good file", () => {
    expect(messages(withIndicator({}))).toEqual([]);
  });

  it.each([
    ["an unknown unit", { unit: "stuks" }, "indicators.0.unit: Eenheid: kies uit aantal, percentage, euro, dagen, score, tekst."],
    ["a measurement without a quote", { measurements: [{ ...measurement, quote: undefined }] }, "indicators.0.measurements.0.quote: Citaat: elke meting heeft de letterlijke woorden uit het brondocument."],
    ["a number for a qualitative indicator", { unit: "tekst" }, "indicators.0.measurements.0.value: Waarde: een indicator met eenheid 'tekst' heeft geen getal; beschrijf de meting in 'text'."],
    ["a count that is not whole", { measurements: [{ ...measurement, value: 1.5 }] }, "indicators.0.measurements.0.value: Waarde: een aantal is een heel getal van 0 of meer (nu 1,5)."],
    ["a scope outside the indicator's breakdowns", { measurements: [{ ...measurement, scope: "gemeente:velsen" }] }, "indicators.0.measurements.0.scope: Bereik: indeling 'gemeente' staat niet in de indelingen van deze indicator (geen)."],
    ["an unknown breakdown in a scope", { measurements: [{ ...measurement, scope: "wijk:noord" }] }, "indicators.0.measurements.0.scope: Bereik: geef 'totaal' of '<indeling>:<sleutel>' met als indeling gemeente, swv, regio, schoolsoort, school, leeftijd (bijvoorbeeld swv:swv-po-ijmond)."],
    ["an unknown school type", { breakdowns: ["schoolsoort"], measurements: [{ ...measurement, scope: "schoolsoort:lyceum" }] }, "indicators.0.measurements.0.scope: Bereik: schoolsoort 'lyceum' bestaat niet; kies uit vve, po, sbo, so, vo, pro, vso, mbo, regulier, gespecialiseerd."],
    ["a measurement with neither value nor text", { measurements: [{ ...measurement, value: undefined }] }, "indicators.0.measurements.0: geef een waarde (value) of, als het document geen getal noemt, een tekst (text)"],
    ["two measurements of one scope on one date", { measurements: [measurement, measurement] }, "indicators.0.measurements.1: dubbele meting: measurements[0] heeft hetzelfde bereik (totaal) en dezelfde datum (2022-12-31)."],
    ["a date that is not ISO", { measurements: [{ ...measurement, date: "januari 2023" }] }, "indicators.0.measurements.0.date: Datum: geef een datum als JJJJ-MM-DD."],
    ["an empty interpreted list", { measurements: [{ ...measurement, interpreted: [] }] }, "indicators.0.measurements.0.interpreted: laat 'interpreted' weg als niets geïnterpreteerd is"],
    ["an unknown field", { measurements: [{ ...measurement, remark: "x" }] }, "indicators.0.measurements.0"],
  ])("refuses %s", (_what, changes, message) => {
    expect(messages(withIndicator(changes)).some((m) => m.startsWith(message))).toBe(true);
  });

  it("refuses a slug used twice in one file", () => {
    expect(messages({ plan: "p", indicators: [indicator, indicator] })).toContain(
      "indicators.1.slug: 'thuiszitters' komt al voor bij indicators[0]; een slug is uniek in het bestand.",
    );
  });

  it("refuses a target with neither value nor text", () => {
    expect(messages(withIndicator({ targets: [{ label: "2024" }] }))).toContain("indicators.0.targets.0: geef een waarde (value) of een tekst (text)");
  });
});
