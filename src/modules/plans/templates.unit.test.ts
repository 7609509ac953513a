import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { layoutSchema, levelSchema, planSchema } from "./format.ts";
import { chooseTemplate, describeTemplate, EMPTY_TEMPLATE, emptyTemplate, TEMPLATE_PLANS, templateOf } from "./templates.ts";

const dataPlan = (slug: string) => planSchema.parse(parse(readFileSync(join(import.meta.dirname, "../../../data/plans", `${slug}.yaml`), "utf8")));

describe("plan templates", () => {
  it.each(TEMPLATE_PLANS)("takes the levels and layout of %s as its data file has them", (slug) => {
    const plan = dataPlan(slug);
    const template = templateOf(plan);
    expect(template.key).toBe(slug);
    expect(template.name).toBe(`Zoals ${plan.title}`);
    expect(template.levels).toEqual(plan.levels);
    expect(template.layout).toEqual(plan.layout);
  });

  it("describes the five-column table of the uitvoeringsplan by its own column heads", () => {
    const plan = dataPlan("uitvoeringsplan-nk-2025-2026");
    expect(describeTemplate(plan.levels, plan.layout)).toBe(
      "Niveaus: Thema › Ambitie › Stap › Deelstap. Tabel met de kolommen Ambities 2025-2028, Activiteiten 2025-2026, Monitoring, Wie, Wanneer.",
    );
  });

  it("describes a blocks layout by its row level", () => {
    const plan = dataPlan("activiteitenplan-swvnk-2024");
    expect(describeTemplate(plan.levels, plan.layout)).toMatch(/Een blok per actielijn met Doelstelling, Activiteiten, Beoogde resultaten, Betrokkene\(n\)\.$/);
  });

  it("has an empty plan of one level that the plan format accepts", () => {
    expect(emptyTemplate.key).toBe(EMPTY_TEMPLATE);
    expect(emptyTemplate.levels).toHaveLength(1);
    for (const level of emptyTemplate.levels) expect(levelSchema.safeParse(level).success).toBe(true);
    expect(layoutSchema.safeParse(emptyTemplate.layout).success).toBe(true);
    expect(emptyTemplate.layout.rowLevel).toBe(emptyTemplate.levels[0]!.key);
    expect(emptyTemplate.description).toBe("Niveaus: Onderdeel. Een blok per onderdeel met Wie, Wanneer.");
  });

  it("chooses a template by its key, and none for a key it does not offer", () => {
    const offered = [emptyTemplate, templateOf(dataPlan("jaarplan-ppo-nk-2023"))];
    expect(chooseTemplate(offered, "jaarplan-ppo-nk-2023")?.layout.columns.map((c) => c.label)).toEqual(["Wat/hoe", "Wie", "Wanneer", "Budget (Begrotingsonderdeel)"]);
    expect(chooseTemplate(offered, EMPTY_TEMPLATE)).toBe(emptyTemplate);
    expect(chooseTemplate(offered, "allen-voor-een-2022-2024")).toBeUndefined();
  });
});
