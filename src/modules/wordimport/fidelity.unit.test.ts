/**
 * The four source plans, each written as a Word document made like its source (test/helpers/
 * word-plans.ts: real headings, numbered steps, the tables with their column headings, merged
 * cells, bullet lists, footnotes), read back and proposed as a plan: every item must come
 * back with its code, parties, wanneer and budget as data/plans/*.yaml holds them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planSchema, type PlanFile } from "../plans/format.ts";
import { compareItems } from "../../../test/helpers/word-fidelity.ts";
import { sourceLayouts, writeWordPlan } from "../../../test/helpers/word-plans.ts";
import { propose } from "./propose.ts";
import { readDocx } from "./reader.ts";

const truth = (slug: string): PlanFile => planSchema.parse(parse(readFileSync(new URL(`../../../data/plans/${slug}.yaml`, import.meta.url), "utf8")));

describe.each(Object.keys(sourceLayouts))("%s as a Word document", (slug) => {
  it("comes back with every item, code, party, wanneer and budget", async () => {
    const plan = truth(slug);
    const doc = await readDocx(await writeWordPlan(plan, sourceLayouts[slug]));
    const proposal = propose(doc, { owners: plan.owners, period: plan.period });
    const fidelity = compareItems(plan, proposal.plan.items);
    expect(fidelity.found).toBe(fidelity.items);
    expect(fidelity.exact / fidelity.items).toBe(1);
    expect(fidelity.differences).toEqual([]);
    // The proposal is a valid plan in the exchange format.
    const checked = planSchema.safeParse(proposal.plan);
    expect(checked.success ? [] : checked.error.issues).toEqual([]);
    expect(proposal.plan.status).toBe("concept");
    expect(proposal.plan.published).toBe(false);
    expect(proposal.unreadable).toEqual([]);
  });
});

describe("what the source documents hold besides their items", () => {
  it("keeps the footnote of 000 and the typed * note below its table", async () => {
    const plan = truth("uitvoeringsplan-nk-2025-2026");
    const proposal = propose(await readDocx(await writeWordPlan(plan, sourceLayouts[plan.slug])), { owners: plan.owners, period: plan.period });
    const notes = proposal.plan.footnotes as { mark: string; text: string }[];
    expect(notes.map((n) => n.mark)).toEqual(["¹", "*"]);
    expect(notes[0]!.text).toBe(plan.footnotes[0]!.text);
    expect(notes[1]!.text).toContain("minder capaciteit");
    const theme1 = proposal.plan.items[0]!;
    expect(theme1.sections.map((s) => s.title)).toEqual(["Opgave", "Resultaat", "Trekkers"]);
    expect(theme1.sections[0]!.text).toContain("samenleving.¹");
    expect(proposal.levels.map((l) => l.name).slice(1, 3)).toEqual(["Ambitie", "Activiteit"]);
    expect(proposal.plan.sections.map((s) => s.title)).toEqual(["Inleiding"]);
  });

  it("takes the level words of 004 from its headings, with the word kept where one level mixes them", async () => {
    const plan = truth("activiteitenplan-swvnk-2024");
    const proposal = propose(await readDocx(await writeWordPlan(plan, sourceLayouts[plan.slug])), { owners: plan.owners, period: plan.period });
    expect(proposal.levels[1]!.name).toBe("Pijler/thema");
    expect(proposal.plan.items[0]!.children.map((c) => c.code)).toEqual(["Pijler 1", "Pijler 2", "Thema A", "Thema B", "Thema C", undefined]);
    expect(proposal.plan.sections.map((s) => s.title)).toEqual(["1. Introductie"]);
    expect(proposal.plan.layout).toMatchObject({ style: "blocks" });
  });

  it("reads the hoe of 003 from the italic lines of the Wat/hoe column and the budget column", async () => {
    const plan = truth("jaarplan-ppo-nk-2023");
    const proposal = propose(await readDocx(await writeWordPlan(plan, sourceLayouts[plan.slug])), { owners: plan.owners, period: plan.period });
    const first = proposal.plan.items[0]!.children[0]!.children[0]!;
    const expected = plan.items[0]!.children[0]!.children[0]!;
    expect(first.title).toBe(expected.title);
    expect(first.sections).toEqual(expected.sections.map((s) => ({ title: s.title, text: s.text.trim() })));
    expect(first.budget).toBe(expected.budget);
    expect(proposal.columns.find((c) => c.heading === "Budget (Begrotingsonderdeel)")?.role).toBe("budget");
  });
});
