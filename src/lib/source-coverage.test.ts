import { describe, expect, it } from "vitest";
import { missingFragments, normalise, normaliseKeepingNumbers, numberTokens, sourceFragments, sourceTables } from "./source-coverage.ts";

describe("normalise", () => {
  it.each([
    ["Één  Kind!", "eenkind"],
    ["onder-\nsteuning", "ondersteuning"],
    ["Kennemerland¹ (MK)", "kennemerland1mk"],
    ["café", "cafe"],
  ])("%j → %j", (input, expected) => expect(normalise(input)).toBe(expected));
});

describe("sourceFragments", () => {
  it("cuts at tabs, HTML tags and sentence ends, and skips page numbers and short bits", () => {
    const source = "Eerste zin is hier. Tweede zin staat erachter.\n12\n<p>Cel met tekst erin</p>\tAndere cel met tekst\n• ok";
    expect(sourceFragments(source).map((f) => [f.line, f.text])).toEqual([
      [1, "Eerste zin is hier."],
      [1, "Tweede zin staat erachter."],
      [3, "Cel met tekst erin"],
      [3, "Andere cel met tekst"],
    ]);
  });

  it("cuts numbered list items and drops their numbers", () => {
    expect(sourceFragments("1. November-december 2025 2. Januari-februari 2026 3a. Gedurende het schooljaar").map((f) => f.text)).toEqual([
      "November-december 2025",
      "Januari-februari 2026",
      "Gedurende het schooljaar",
    ]);
  });

  it("drops lines listed as page furniture", () => {
    expect(sourceFragments("Voettekst van elke pagina\nInhoud van de pagina", ["Voettekst van elke pagina"])).toEqual([
      { line: 2, text: "Inhoud van de pagina" },
    ]);
  });
});

describe("missingFragments", () => {
  const source = "Elke jeugdige verdient een kans.\tGemeente en scholen samen\nDit staat nergens anders in.";
  it("finds what the reading text lacks, whatever punctuation and layout surround it", () => {
    const text = "ELKE jeugdige verdient — een kans!\n\nGemeente en scholen: samen";
    expect(missingFragments(source, [text]).map((f) => f.text)).toEqual(["Dit staat nergens anders in."]);
  });
  it("reports nothing when all is there", () => {
    expect(missingFragments(source, [source])).toEqual([]);
  });
});

describe("numbers keep their punctuation", () => {
  it.each([
    ["In 2021 was er een daling van 1,96% naar 0,58%.", ["2021", "1,96%", "0,58%"]],
    ["Kernberaad 04-12-2023", ["04-12-2023"]],
    ["een budget van € 25.000 voor 80-100% van de scholen", ["€25.000", "80-100%"]],
    ["1.2 Vormen en uitdragen; Q3 2025", ["1.2", "3", "2025"]],
  ])("%j has the numbers %j", (text, numbers) => expect(numberTokens(text)).toEqual(numbers));

  it("tells 1,96% from 19,6% and 196, where plain normalisation cannot", () => {
    expect(normalise("1,96%")).toBe(normalise("19,6%"));
    expect(normaliseKeepingNumbers("daling van 1,96%")).toBe("dalingvan1,96%");
    expect(normaliseKeepingNumbers("daling van 19,6%")).not.toBe(normaliseKeepingNumbers("daling van 1,96%"));
    expect(normaliseKeepingNumbers("Gemeente, SWV 20 thuiszitters.")).toBe("gemeenteswv20thuiszitters");
  });

  it("reports a source sentence whose figure the encoding writes differently", () => {
    const source = "In 2021 was er een daling van 1,96% naar 0,58%.";
    expect(missingFragments(source, ["In 2021 was er een daling van 1,96 % naar 0,58%."])).toEqual([]);
    expect(missingFragments(source, ["In 2021 was er een daling van 19,6% naar 0,58%."]).map((f) => f.text)).toEqual([source]);
    expect(missingFragments("Kernberaad 04-12-2023 akkoord", ["Kernberaad 04122023 akkoord"])).toHaveLength(1);
  });
});

describe("sourceTables", () => {
  const header = (cells: string[]) => cells[0] === "Wat" && cells[1] === "Wie";
  it("reads the rows below a matching header, joining a row the extraction broke", () => {
    const text = [
      "Inleiding met\ttab maar geen tabel",
      "Wat\tWie\tWanneer",
      "<p>Eerste actie</p>\t<p>Consulenten</p>\t2023",
      "",
      "Voetnoot tussendoor",
      "\ten scholen\t",
      "Tweede actie\tSWV\t2024",
      "---\t---\t---",
    ].join("\n");
    expect(sourceTables(text, header)).toEqual([
      {
        header: ["Wat", "Wie", "Wanneer"],
        rows: [
          { line: 3, cells: ["Eerste actie", "Consulenten en scholen", "2023"] },
          { line: 7, cells: ["Tweede actie", "SWV", "2024"] },
        ],
      },
    ]);
  });
  it("finds no table without its header", () => {
    expect(sourceTables("a\tb\nc\td", header)).toEqual([]);
  });
});
