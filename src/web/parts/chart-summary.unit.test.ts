/** The Dutch numbers and summary sentences under Koers' charts. */
import { describe, expect, it } from "vitest";
import { formatMark, formatValue, summariseBars, summariseSeries, type ChartDirection, type ChartMark, type ChartPoint, type ChartUnit } from "./chart-summary.ts";

const years = (...values: (number | null)[]): ChartPoint[] => values.map((value, i) => ({ label: String(2021 + i), value }));

describe("formatValue", () => {
  it.each<[number, ChartUnit, string]>([
    [16, "aantal", "16"],
    [1234, "aantal", "1.234"],
    [1.956, "aantal", "1,96"],
    [1.96, "percentage", "1,96%"],
    [0, "percentage", "0%"],
    [1234, "euro", "€ 1.234"],
    [12.5, "euro", "€ 12,50"],
    [1, "dagen", "1 dag"],
    [12, "dagen", "12 dagen"],
    [7.5, "score", "7,5"],
    [-3, "aantal", "-3"],
  ])("%d as %s is %s", (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe("formatMark", () => {
  it.each<[ChartMark, string]>([
    [{ label: "2024", value: 0 }, "0 in 2024"],
    [{ label: "schooljaar 2024-2025", value: 3 }, "3 in schooljaar 2024-2025"],
    [{ label: "1 oktober 2024", value: 12 }, "12 op 1 oktober 2024"],
    [{ label: "01-10-2024", value: 12 }, "12 op 01-10-2024"],
    [{ label: "", value: 12 }, "12"],
  ])("%o reads %s", (mark, expected) => {
    expect(formatMark(mark, "aantal")).toBe(expected);
  });
});

describe("summariseSeries", () => {
  it.each<[string, ChartPoint[], ChartUnit, ChartDirection | undefined, ChartMark | undefined, string]>([
    ["a fall in percentages", years(1.96, 0.58), "percentage", undefined, undefined, "daalde van 1,96% in 2021 naar 0,58% in 2022"],
    ["a rise without labels", [{ label: "", value: 16 }, { label: "", value: 20 }], "aantal", undefined, undefined, "steeg van 16 naar 20"],
    ["a rise in euros", years(1000, 1234), "euro", undefined, undefined, "steeg van € 1.000 in 2021 naar € 1.234 in 2022"],
    ["days on peildata", [{ label: "1 oktober 2024", value: 30 }, { label: "1 februari 2025", value: 1 }], "dagen", undefined, undefined, "daalde van 30 dagen op 1 oktober 2024 naar 1 dag op 1 februari 2025"],
    ["the same value throughout", years(12, 12, 12), "aantal", undefined, undefined, "bleef 12 van 2021 tot en met 2023"],
    ["the same value without labels", [{ label: "", value: 12 }, { label: "", value: 12 }], "aantal", undefined, undefined, "bleef 12"],
    ["back where it started", years(12, 20, 12), "aantal", undefined, undefined, "was 12 in 2021 en weer 12 in 2023"],
    ["one measurement", years(null, 7), "score", undefined, undefined, "was 7 in 2022"],
    ["no measurements", years(null, null), "aantal", undefined, undefined, "Nog geen metingen."],
    ["no points at all", [], "aantal", undefined, undefined, "Nog geen metingen."],
    ["gaps are skipped, first and last known count", years(null, 16, null, 9, null), "aantal", undefined, undefined, "daalde van 16 in 2022 naar 9 in 2024"],
    ["a fall where lower is better", years(16, 9), "aantal", "lager", undefined, "daalde van 16 in 2021 naar 9 in 2022, een verbetering"],
    ["a rise where lower is better", years(9, 16), "aantal", "lager", undefined, "steeg van 9 in 2021 naar 16 in 2022, een verslechtering"],
    ["a rise where higher is better", years(70, 80), "percentage", "hoger", undefined, "steeg van 70% in 2021 naar 80% in 2022, een verbetering"],
    ["a fall where higher is better", years(80, 70), "percentage", "hoger", undefined, "daalde van 80% in 2021 naar 70% in 2022, een verslechtering"],
    ["no verdict without a direction", years(80, 70), "percentage", "geen", undefined, "daalde van 80% in 2021 naar 70% in 2022"],
    ["with a target", years(16, 9), "aantal", undefined, { label: "2024", value: 0 }, "daalde van 16 in 2021 naar 9 in 2022; doel: 0 in 2024"],
    ["with a percentage target", years(1.96, 0.58), "percentage", "lager", { label: "2026", value: 0.5 }, "daalde van 1,96% in 2021 naar 0,58% in 2022, een verbetering; doel: 0,5% in 2026"],
    ["a target without measurements", [], "aantal", undefined, { label: "2024", value: 0 }, "Nog geen metingen; doel: 0 in 2024."],
    ["a target with one measurement", years(5), "aantal", undefined, { label: "2024", value: 0 }, "was 5 in 2021; doel: 0 in 2024"],
  ])("%s", (_, points, unit, direction, target, expected) => {
    expect(summariseSeries(points, unit, direction, target)).toBe(expected);
  });
});

describe("summariseBars", () => {
  const bars = (...cells: [string, number | null][]): ChartPoint[] => cells.map(([label, value]) => ({ label, value }));
  it.each<[string, ChartPoint[], ChartUnit, string]>([
    ["highest and lowest", bars(["Alkmaar", 1.96], ["Den Helder", 3.2], ["Velsen", 0.58]), "percentage", "hoogste: Den Helder met 3,2%; laagste: Velsen met 0,58%"],
    ["ties are named together", bars(["A", 5], ["B", 9], ["C", 9], ["D", 5], ["E", 9]), "aantal", "hoogste: B, C en E met 9; laagste: A en D met 5"],
    ["withheld and missing cells are counted", bars(["A", 20], ["B", null], ["C", 6], ["D", null]), "aantal", "hoogste: A met 20; laagste: C met 6; voor 2 geen getal"],
    ["one value everywhere", bars(["A", 12], ["B", 12]), "aantal", "overal 12"],
    ["a single cell", bars(["Haarlem", 20], ["Velsen", null]), "aantal", "Haarlem: 20; voor 1 geen getal"],
    ["nothing known", bars(["A", null]), "aantal", "Nog geen metingen."],
  ])("%s", (_, cells, unit, expected) => {
    expect(summariseBars(cells, unit)).toBe(expected);
  });
});
