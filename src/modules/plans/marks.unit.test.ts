/** Interpretation marks after a change of an item or of a plan's decisions: a field a person rewrites loses its mark, one sent unchanged keeps it. */
import { describe, expect, it } from "vitest";
import { marksAfter } from "./editing.ts";
import { approvalMarks } from "./plan-editing.ts";

const before = {
  code: "1.1",
  title: "Dekkend netwerk",
  when: "voor de zomervakantie",
  budget: null,
  sections: [{ title: "Doel", text: "Een dekkend netwerk." }],
  parties: [{ role: "beleidsmedewerker SWV PO NK", task: null, organisations: ["ppo-nk"] }],
  links: [],
};
const marks = ["code", "when", "parties.organisations"] as const;

describe("interpretation marks after a change", () => {
  it.each<[string, Parameters<typeof marksAfter>[2], string[]]>([
    ["nothing sent", {}, ["code", "when", "parties.organisations"]],
    ["the same code and wanneer sent again", { code: "1.1", when: "voor de zomervakantie" }, ["code", "when", "parties.organisations"]],
    ["a new code", { code: "1.2" }, ["when", "parties.organisations"]],
    ["a new wanneer", { when: "in 2026" }, ["code", "parties.organisations"]],
    ["the wanneer cleared", { when: null }, ["code", "parties.organisations"]],
    ["the parties changed", { parties: [{ role: "beleidsmedewerker SWV PO NK", task: null, organisations: ["ppo-nk", "swvnk"] }] }, ["code", "when"]],
    ["the same parties sent again", { parties: before.parties }, ["code", "when", "parties.organisations"]],
    ["a field without a mark changed", { title: "Een ander doel" }, ["code", "when", "parties.organisations"]],
  ])("%s", (_, patch, expected) => {
    expect(marksAfter(marks, before, patch)).toEqual(expected);
  });
});

describe("interpretation marks of approvals after a change", () => {
  const opr = { body: "OPR", date: "2023-12-12", outcome: "positief advies", adopts: false, note: null, interpreted: ["outcome" as const] };
  const alv = { body: "ALV", date: "2023-12-19", outcome: "vastgesteld", adopts: true, note: null, interpreted: [] };
  const plain = ({ interpreted: _, ...a }: typeof opr | typeof alv) => a;

  it("keeps the marks of decisions left as they were, also when others are added or moved", () => {
    expect(approvalMarks([opr, alv], [plain(alv), plain(opr), { ...plain(alv), body: "Bestuur" }])).toEqual([[], ["outcome"], []]);
  });

  it("drops the mark of a field a person changed, and keeps it for a field left alone", () => {
    expect(approvalMarks([opr, alv], [{ ...plain(opr), outcome: "advies" }, plain(alv)])).toEqual([[], []]);
    expect(approvalMarks([opr, alv], [{ ...plain(opr), date: "2023-12-13" }, plain(alv)])).toEqual([["outcome"], []]);
  });
});
