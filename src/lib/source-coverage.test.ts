import { describe, expect, it } from "vitest";
import { missingFragments, normalise, sourceFragments } from "./source-coverage.ts";

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
