import { describe, expect, it } from "vitest";
import { dataDir } from "../../../test/helpers/seeded.ts";
import type { ItemFile } from "../plans/format.ts";
import { findByRef } from "../plans/item-refs.ts";
import { readDataDir, type DataSet } from "./data-files.ts";
import { fidelityOfData, readSources, type FidelityProblem } from "./fidelity.ts";

const original = readDataDir(dataDir);
const { sources, ignore } = readSources(dataDir);

/** Runs the check on a changed copy of the data folder. */
function problemsAfter(change: (data: DataSet) => void): FidelityProblem[] {
  const data = structuredClone(original);
  change(data);
  return fidelityOfData(data, sources, ignore).flatMap((r) => r.problems);
}

const plan = (data: DataSet, slug: string) => data.plans.find((p) => p.slug === slug)!;
const item = (data: DataSet, slug: string, ref: string) => findByRef(plan(data, slug).items, ref) as ItemFile;
const itemTitled = (data: DataSet, slug: string, title: string): ItemFile => {
  const walk = (list: ItemFile[]): ItemFile | undefined => list.map((i) => (i.title === title ? i : walk(i.children))).find(Boolean);
  return walk(plan(data, slug).items)!;
};

describe("check:sources on the data folder", () => {
  it("finds every source sentence, cell and number in the data, and every addition marked", () => {
    const reports = fidelityOfData(original, sources, ignore);
    expect(reports.map((r) => r.file)).toEqual(sources.map((s) => s.file));
    expect(reports.every((r) => r.files.length > 0)).toBe(true);
    expect(reports.flatMap((r) => r.problems)).toEqual([]);
  });
});

describe("check:sources fails on a changed figure or party", () => {
  it("a percentage with its digits turned round, naming the evaluation, the item and the field", () => {
    const problems = problemsAfter((data) => {
      const update = data.evaluations[0]!.updates.find((u) => u.results.some((s) => s.text.includes("1,96%")))!;
      for (const s of update.results) s.text = s.text.replace("1,96%", "1,69%");
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "tussenevaluatie-allen-voor-een-2023", where: "voortgang bij 3.1", field: expect.stringMatching(/^updates\[\d+\]\.results$/), message: expect.stringContaining("1,69%") }),
    );
    // The source's own sentence is missing too, with its figure as written.
    expect(problems).toContainEqual(expect.objectContaining({ file: "tussenevaluatie-allen-voor-een-2023", message: expect.stringContaining("1,96% naar 0,58%") }));
  });

  it("a percentage with the comma moved (the digits alone are the same)", () => {
    const problems = problemsAfter((data) => {
      for (const u of data.evaluations[0]!.updates) for (const s of u.results) s.text = s.text.replace("2,37%", "23,7%");
    });
    expect(problems).toContainEqual(expect.objectContaining({ where: "voortgang bij 3.1", message: expect.stringContaining("23,7%") }));
  });

  it("a count of thuiszitters", () => {
    const problems = problemsAfter((data) => {
      for (const u of data.evaluations[0]!.updates) for (const s of u.results) s.text = s.text.replace("IJmond 20 leerlingen", "IJmond 21 leerlingen");
    });
    expect(problems).toContainEqual(expect.objectContaining({ where: "voortgang bij 2.3", field: expect.stringMatching(/results$/), message: expect.stringContaining("21 leerlingen") }));
  });

  it("a wie cell's party, even though the same words stand in another row", () => {
    const problems = problemsAfter((data) => {
      item(data, "uitvoeringsplan-nk-2025-2026", "1.3").parties[0]!.role = "Gemeente, SWV, onderwijs (inclusief mbo)";
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "uitvoeringsplan-nk-2025-2026", where: "1/1.3", field: "Wie (parties, children.parties)", message: expect.stringContaining("inclusief mbo") }),
    );
  });

  it("a wie cell's organisation", () => {
    const problems = problemsAfter((data) => {
      const vonk = item(data, "uitvoeringsplan-nk-2025-2026", "2").parties.find((p) => p.role === "programmamanager mbo Vonk")!;
      vonk.organisations = ["ppo-nk"];
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "uitvoeringsplan-nk-2025-2026", where: "2", field: "parties[3].organisations", message: expect.stringContaining("'vonk'") }),
    );
  });

  it("an organisation in a plan that names its organisations itself", () => {
    const problems = problemsAfter((data) => {
      itemTitled(data, "activiteitenplan-swvnk-2024", "JongerenTop NHN").parties[1]!.organisations = ["ppo-nk"];
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "activiteitenplan-swvnk-2024", where: expect.stringContaining("JongerenTop NHN"), field: "parties[1].organisations", message: expect.stringContaining("PPO-NK") }),
    );
  });

  it("a date in a wanneer cell", () => {
    const problems = problemsAfter((data) => {
      item(data, "uitvoeringsplan-nk-2025-2026", "1.2/1").when = "November-december 2026";
    });
    expect(problems).toContainEqual(expect.objectContaining({ where: "1/1.2", field: "Wanneer (when, children.when, grandchildren.when)", message: expect.stringContaining("2026") }));
  });

  it("a budget line", () => {
    const problems = problemsAfter((data) => {
      itemTitled(data, "jaarplan-ppo-nk-2023", "Versterken en vergroten van het leren van elkaar binnen ons netwerk.").budget = "Uitvoeringsorganisatie punt 5";
    });
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "jaarplan-ppo-nk-2023", where: expect.stringContaining("Versterken en vergroten"), field: "Budget (Begrotingsonderdeel) (budget)" }),
    );
  });

  it("a date on the approval route", () => {
    const problems = problemsAfter((data) => {
      plan(data, "activiteitenplan-swvnk-2024").approvals[0]!.date = "2023-12-05";
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: "activiteitenplan-swvnk-2024", where: "besluitvorming Kernberaad", field: "approvals[0].date" }));
  });
});

describe("check:sources asks for interpretations to be marked", () => {
  it("a goal code the document prints only in another table, and a wanneer taken from it", () => {
    const problems = problemsAfter((data) => {
      delete item(data, "allen-voor-een-2022-2024", "1.1").interpreted;
    });
    expect(problems.filter((p) => p.where === "1/1.1").map((p) => p.field)).toEqual(["code", "when"]);
  });

  it("an organisation inferred from a role", () => {
    const problems = problemsAfter((data) => {
      delete item(data, "uitvoeringsplan-nk-2025-2026", "1").interpreted;
    });
    expect(problems).toContainEqual(expect.objectContaining({ where: "1", field: "parties[1].organisations", message: expect.stringContaining("interpreted: [parties.organisations]") }));
  });

  it("an approval outcome the document does not state", () => {
    const problems = problemsAfter((data) => {
      delete plan(data, "activiteitenplan-swvnk-2024").approvals[1]!.interpreted;
    });
    expect(problems).toContainEqual(expect.objectContaining({ where: "besluitvorming OPR", field: "approvals[1].outcome" }));
  });

  it("an evaluation part tied to a goal by Koers", () => {
    const problems = problemsAfter((data) => {
      delete data.evaluations[0]!.updates.find((u) => u.item === "2.3")!.interpreted;
    });
    expect(problems).toContainEqual(expect.objectContaining({ where: "voortgang bij 2.3", field: expect.stringMatching(/^updates\[\d+\]\.item$/) }));
  });

  it("an interpreted field may still only use numbers the source has", () => {
    const problems = problemsAfter((data) => {
      itemTitled(data, "activiteitenplan-swvnk-2024", "JongerenTop NHN").when = "In het voorjaar van 2025";
    });
    expect(problems).toContainEqual(expect.objectContaining({ where: expect.stringContaining("JongerenTop NHN"), field: "when", message: expect.stringContaining("2025") }));
  });
});
