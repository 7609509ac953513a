import { describe, expect, it } from "vitest";
import { mergeFields, type EditableFields } from "./merge.ts";

const base: EditableFields = {
  title: "Actie",
  code: "1.1",
  when: "2025",
  budget: "",
  priority: false,
  reducedCapacity: "",
  internalNote: "",
  sections: [{ title: "Hoe", text: "Zo." }],
  parties: [{ role: "Gemeente", task: "", organisations: ["haarlem"] }],
  topics: ["inclusie"],
  links: [],
};
const with_ = (changes: Partial<EditableFields>): EditableFields => ({ ...base, ...changes });

describe("three-way merge of item fields", () => {
  it.each([
    ["nobody changed anything", {}, {}, {}, [], []],
    ["only I changed the title", { title: "Mijn titel" }, {}, { title: "Mijn titel" }, [], []],
    ["only they changed the timing: I get theirs", {}, { when: "Q3 2025" }, { when: "Q3 2025" }, ["when"], []],
    ["we changed different fields: both kept", { title: "Mijn titel" }, { when: "Q3 2025" }, { title: "Mijn titel", when: "Q3 2025" }, ["when"], []],
    ["we made the same change: no conflict", { budget: "Regio" }, { budget: "Regio" }, { budget: "Regio" }, ["budget"], []],
    ["we changed the same field differently: conflict, mine in the form", { title: "Mijn" }, { title: "Hun" }, { title: "Mijn" }, ["title"], ["title"]],
    [
      "sections compare as a whole",
      { sections: [{ title: "Hoe", text: "Anders." }] },
      { sections: [{ title: "Hoe", text: "Zo." }, { title: "Wie", text: "Wij." }] },
      { sections: [{ title: "Hoe", text: "Anders." }] },
      ["sections"],
      ["sections"],
    ],
    ["flags merge too", {}, { priority: true }, { priority: true }, ["priority"], []],
    ["they added a topic while I changed the title", { title: "Mijn" }, { topics: ["inclusie", "thuiszitters"] }, { title: "Mijn", topics: ["inclusie", "thuiszitters"] }, ["topics"], []],
    [
      "we both changed the parties differently: conflict",
      { parties: [] },
      { parties: [{ role: "Gemeente", task: "trekker", organisations: ["haarlem"] }] },
      { parties: [] },
      ["parties"],
      ["parties"],
    ],
  ] as const)("%s", (_, mine, theirs, merged, changedByThem, conflicts) => {
    const result = mergeFields(base, with_(mine as Partial<EditableFields>), with_(theirs as Partial<EditableFields>));
    expect(result.merged).toEqual(with_(merged as Partial<EditableFields>));
    expect(result.theirs).toEqual(changedByThem);
    expect(result.conflicts).toEqual(conflicts);
  });
});
