/** A plan file holds at most COUNT.items items, COUNT.planLinks links and LENGTH.plan characters, nested items counted too. */
import { describe, expect, it } from "vitest";
import { COUNT, LENGTH } from "../../lib/limits.ts";
import { planSchema } from "./format.ts";
import { planTextSize } from "./size.ts";

const plan = (items: unknown[]) => ({
  slug: "groot-plan",
  title: "Groot plan",
  kind: "jaarplan",
  status: "concept",
  period: { label: "2025", start: "2025-01-01", end: "2025-12-31" },
  owners: ["swvnk"],
  levels: [{ key: "doel", name: "Doel" }, { key: "actie", name: "Actie" }],
  layout: { style: "table", rowLevel: "actie", columns: [{ label: "Wat", show: ["title"] }] },
  items,
});
const item = (n: number, extra: Record<string, unknown> = {}) => ({ code: String(n), level: "actie", title: `Actie ${n}`, ...extra });
const links = (n: number) => Array.from({ length: n }, (_, i) => ({ to: `ander-plan#${i + 1}`, kind: "zie ook" }));
const messages = (input: unknown) => {
  const result = planSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("how much one plan file may hold", () => {
  it("as many items as a plan may have, nested or not, is fine; one more is refused with the count", () => {
    const under = (n: number) => [{ code: "A", level: "doel", title: "Doel", children: Array.from({ length: n }, (_, i) => item(i + 1)) }];
    expect(messages(plan(under(COUNT.items - 1)))).toEqual([]);
    expect(messages(plan(under(COUNT.items)))).toEqual([`items: Onderdelen: hoogstens ${COUNT.items} in één plan (nu ${COUNT.items + 1}).`]);
  });

  it("links of all items together are counted", () => {
    const full = Array.from({ length: COUNT.planLinks / COUNT.links }, (_, i) => item(i + 1, { links: links(COUNT.links) }));
    expect(messages(plan(full))).toEqual([]);
    expect(messages(plan([...full, item(0, { links: links(1) })]))).toEqual([
      `items: Verwijzingen: hoogstens ${COUNT.planLinks.toLocaleString("nl-NL")} vanuit één plan (nu ${(COUNT.planLinks + 1).toLocaleString("nl-NL")}).`,
    ]);
  });
});

describe("how much text one plan holds", () => {
  it("counts every text of the plan and its items, nested items, parties and link notes included", () => {
    const sized = {
      title: "12345",
      subtitle: "12",
      internalNote: null,
      sections: [{ title: "1", text: "123" }],
      closingSections: [{ title: "12", text: "1" }],
      footnotes: [{ mark: "1", text: "1234" }],
      items: [
        {
          code: "1",
          title: "12",
          when: "123",
          budget: null,
          reducedCapacity: "1",
          internalNote: "12",
          sections: [{ title: "1", text: "12" }],
          parties: [{ role: "123", task: null }],
          links: [{ note: "1234" }, { note: null }],
          children: [{ title: "123", children: [] }],
        },
      ],
    };
    // plan 5+2, sections 4, closing 3, footnotes 5; item 1+2+3+1+2, its text 3, party 3, link 4; child 3
    expect(planTextSize(sized)).toBe(7 + 4 + 3 + 5 + 9 + 3 + 3 + 4 + 3);
  });

  it("a plan file with more text than a plan may hold is refused, naming both numbers", () => {
    const text = "x".repeat(LENGTH.text);
    const big = Array.from({ length: 101 }, (_, i) => item(i + 1, { sections: [{ title: "T", text }] }));
    expect(messages(plan(big))).toEqual([expect.stringMatching(/^: Tekst: een plan mag samen hoogstens 2\.000\.000 tekens bevatten; dit plan zou er 2\.02\d\.\d{3} hebben\.$/)]);
  });
});
