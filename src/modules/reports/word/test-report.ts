/**
 * A progress report as the model holds it, for the tests of the Word and Excel renderings:
 * two themes with ambitions below them, updates from a round and from an evaluation, an
 * indicator over three years with a small count about children kept back, a decision, and
 * Markdown with a list and a table.
 */
import type { IndicatorView, MeasurementView } from "../../figures/service.ts";
import type { Report } from "../model.ts";

const measurement = (over: Partial<MeasurementView>): MeasurementView => ({
  id: 1,
  date: "2023-10-01",
  label: "2023",
  scope: "totaal",
  scopeName: "Totaal",
  value: null,
  display: "–",
  suppressed: false,
  narrative: null,
  enteredBy: null,
  source: null,
  note: null,
  provisional: false,
  quote: null,
  interpreted: [],
  version: 1,
  ...over,
});

export const thuiszitters: IndicatorView = {
  id: 7,
  slug: "thuiszitters",
  name: "Thuiszitters",
  definition: "Leerlingen die langer dan vier weken **niet** naar school gaan.",
  unit: "aantal",
  direction: "lager",
  frequency: "jaar",
  breakdowns: [],
  children: true,
  baseline: { label: "2021", value: 20 },
  targets: [{ label: "2024", value: 10 }],
  interpreted: [],
  compareWith: null,
  items: [{ id: 11, code: "1.1", title: "Minder thuiszitters" }],
  measurements: [
    measurement({ id: 1, date: "2021-10-01", label: "2021", value: 20, display: "20" }),
    measurement({ id: 2, date: "2022-10-01", label: "2022", value: 14, display: "14" }),
    measurement({ id: 3, date: "2023-10-01", label: "2023", value: null, display: "< 5", suppressed: true }),
  ],
  version: 1,
};

export function testReport(over: Partial<Report> = {}): Report {
  return {
    format: 1,
    plan: {
      slug: "uitvoeringsplan-test",
      title: "Uitvoeringsplan Test 2025-2026",
      subtitle: null,
      kind: "uitvoeringsplan",
      owners: ["Gemeente Alkmaar", "SWV VO NK"],
      period: { label: "schooljaar 2025-2026", start: "2025-08-01", end: "2026-07-31" },
      levels: [
        { key: "thema", name: "Thema", plural: "Thema's" },
        { key: "ambitie", name: "Ambitie", plural: "Ambities" },
      ],
      layout: { style: "table", rowLevel: "ambitie", columns: [{ label: "Ambitie", show: ["code", "title"] }] },
    },
    periods: [{ id: 1, label: "T1 2025-2026", start: "2025-08-01", end: "2025-11-30" }],
    spanLabel: "T1 2025-2026",
    confidential: false,
    title: "Voortgangsrapportage T1 2025-2026",
    subtitle: "Uitvoeringsplan Test",
    date: "2025-12-15",
    intro: [{ title: "Inleiding", text: "Dit is de eerste rapportage.\n\n- punt een\n- punt twee" }],
    closing: [{ title: "Tot slot", text: "Wij danken alle partners." }],
    decisions: [{ body: "OOGO", date: "2025-11-20", outcome: "vastgesteld", note: "Met een kanttekening." }],
    footnotes: [{ mark: "¹", text: "Cijfers van DUO." }],
    summary: {
      themes: [
        { id: 1, code: "1", title: "Inclusief onderwijs", status: "aandacht-nodig", counts: [{ status: "op-koers", count: 1 }, { status: "aandacht-nodig", count: 1 }], total: 2 },
        { id: 2, code: "2", title: "Pedagogische basis", status: "afgerond", counts: [{ status: "afgerond", count: 1 }], total: 1 },
      ],
      late: [{ id: 12, code: "1.2", title: "Gezamenlijke visie", reason: "gepland voor november 2025" }],
      finished: [{ id: 21, code: "2.1", title: "Samenwerking met partners", period: "T1 2025-2026" }],
    },
    items: [
      { id: 1, depth: 0, code: "1", title: "Inclusief onderwijs", level: "Thema", levelKey: "thema", fields: [], status: "aandacht-nodig", statusStated: false, late: false, updates: [], indicators: [] },
      {
        id: 11,
        depth: 1,
        code: "1.1",
        title: "Minder thuiszitters",
        level: "Ambitie",
        levelKey: "ambitie",
        fields: [
          { label: "Wie", text: "Gemeente, SWV en scholen" },
          { label: "Wanneer", text: "Gedurende het schooljaar" },
          { label: "Activiteiten", text: "1. Inventariseren\n2. Afspraken maken" },
        ],
        status: "op-koers",
        statusStated: true,
        late: false,
        updates: [
          {
            period: "T1 2025-2026",
            heading: null,
            status: "op-koers",
            percentage: 40,
            statusReason: null,
            results: [{ title: "Resultaten", text: "De inventarisatie is **klaar**.\n\n| School | Aantal |\n| --- | ---: |\n| De Linde | 3 |" }],
            planning: [{ title: "Planning", text: "Afspraken maken in januari." }],
            author: "Anna de Vries",
            date: "2025-12-01",
            source: { kind: "ronde" },
          },
        ],
        indicators: [thuiszitters],
      },
      {
        id: 12,
        depth: 1,
        code: "1.2",
        title: "Gezamenlijke visie",
        level: "Ambitie",
        levelKey: "ambitie",
        fields: [{ label: "Wanneer", text: "November 2025" }],
        status: "aandacht-nodig",
        statusStated: true,
        late: true,
        updates: [
          {
            period: "2024",
            heading: "Visie",
            status: null,
            percentage: null,
            statusReason: null,
            results: [{ title: "Wat is bereikt", text: "Een eerste versie." }],
            planning: [{ title: "Planning voor 2025", text: "Vaststellen." }],
            author: null,
            date: "2025-01-15",
            source: { kind: "evaluatie", slug: "evaluatie-2024", title: "Evaluatie 2024" },
          },
        ],
        indicators: [],
      },
      { id: 2, depth: 0, code: "2", title: "Pedagogische basis", level: "Thema", levelKey: "thema", fields: [], status: "afgerond", statusStated: false, late: false, updates: [], indicators: [] },
      { id: 21, depth: 1, code: "2.1", title: "Samenwerking met partners", level: "Ambitie", levelKey: "ambitie", fields: [], status: "afgerond", statusStated: true, late: false, updates: [], indicators: [] },
    ],
    ...over,
  };
}
