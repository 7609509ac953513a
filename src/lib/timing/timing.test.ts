/**
 * parseWhen against every "wanneer" text in data/plans (each with its plan's period), the
 * phrases from the issue and edge cases. A test walks the data files so that a text added
 * to a plan later, without an expectation here, fails.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseWhen, type When } from "./timing.ts";

type Expected = Omit<When, "text">;
type Period = { start: string; end: string };

const period = (start: string, end: string): Expected => ({ start, end, kind: "period", moments: [] });
const continuous = (start: string, end: string): Expected => ({ start, end, kind: "continuous", moments: [] });
const from = (start: string, end: string): Expected => ({ start, end, kind: "from", moments: [] });
const deadline = (start: string, end: string): Expected => ({ start, end, kind: "deadline", moments: [] });
const undecided = (): Expected => ({ start: null, end: null, kind: "undecided", moments: [] });
const unreadable = (): Expected => ({ start: null, end: null, kind: "unreadable", moments: [] });
const moments = (start: string, end: string, list: [text: string, start: string, end: string][]): Expected => ({
  start,
  end,
  kind: "moments",
  moments: list.map(([text, s, e]) => ({ text, start: s, end: e })),
});

/** Every distinct `when` in data/plans, per plan file, with the plan's period. */
const plans: Record<string, { period: Period; phrases: [string, Expected][] }> = {
  "activiteitenplan-swvnk-2024.yaml": {
    period: { start: "2024-01-01", end: "2024-12-31" },
    phrases: [
      ["per 1 januari 2024; In 2024", moments("2024-01-01", "2024-12-31", [
        ["per 1 januari 2024", "2024-01-01", "2024-01-01"],
        ["In 2024", "2024-01-01", "2024-12-31"],
      ])],
      ["In het voorjaar van 2024", period("2024-03-01", "2024-05-31")],
      ["In de eerste helft van 2024; In het voorjaar van 2024", moments("2024-01-01", "2024-06-30", [
        ["In de eerste helft van 2024", "2024-01-01", "2024-06-30"],
        ["In het voorjaar van 2024", "2024-03-01", "2024-05-31"],
      ])],
      ["In het voorjaar van 2024; Begin 2024", moments("2024-01-01", "2024-05-31", [
        ["In het voorjaar van 2024", "2024-03-01", "2024-05-31"],
        ["Begin 2024", "2024-01-01", "2024-03-31"],
      ])],
      ["In mei 2024; In het voorjaar van 2024", moments("2024-03-01", "2024-05-31", [
        ["In mei 2024", "2024-05-01", "2024-05-31"],
        ["In het voorjaar van 2024", "2024-03-01", "2024-05-31"],
      ])],
      ["de komende maanden", unreadable()], // coming months from when?
      ["Begin 2024; Eind 2024", moments("2024-01-01", "2024-12-31", [
        ["Begin 2024", "2024-01-01", "2024-03-31"],
        ["Eind 2024", "2024-10-01", "2024-12-31"],
      ])],
      ["Vanaf het voorjaar van 2024; Vanaf juli 2024", moments("2024-03-01", "2024-12-31", [
        ["Vanaf het voorjaar van 2024", "2024-03-01", "2024-12-31"],
        ["Vanaf juli 2024", "2024-07-01", "2024-12-31"],
      ])],
      ["Vanaf schooljaar 2024-2025", from("2024-08-01", "2024-12-31")],
      ["In schooljaar 2023-2024", period("2023-08-01", "2024-07-31")],
      ["Eind 2023; In het voorjaar van 2024", moments("2023-10-01", "2024-05-31", [
        ["Eind 2023", "2023-10-01", "2023-12-31"],
        ["In het voorjaar van 2024", "2024-03-01", "2024-05-31"],
      ])],
      ["In 2024", period("2024-01-01", "2024-12-31")],
      ["in schooljaar 2023-2024; In 2024; Voor de zomer van 2024", moments("2023-08-01", "2024-12-31", [
        ["in schooljaar 2023-2024", "2023-08-01", "2024-07-31"],
        ["In 2024", "2024-01-01", "2024-12-31"],
        ["Voor de zomer van 2024", "2024-01-01", "2024-07-19"], // the day before the summer holiday of region noord
      ])],
      ["in het eerste kwartaal van 2024", period("2024-01-01", "2024-03-31")],
      ["In het voorjaar van 2024; In schooljaar 2023-2024", moments("2023-08-01", "2024-07-31", [
        ["In het voorjaar van 2024", "2024-03-01", "2024-05-31"],
        ["In schooljaar 2023-2024", "2023-08-01", "2024-07-31"],
      ])],
      ["in 2024", period("2024-01-01", "2024-12-31")],
    ],
  },
  // A plan of three years: a month without a year fits in each of them, so none is chosen;
  // most texts also name activities, which are not filler words.
  "allen-voor-een-2022-2024.yaml": {
    period: { start: "2022-01-01", end: "2024-12-31" },
    phrases: [
      ["Doorontwikkeling in het jeugdteam/jeugdconsulent (samenwerkingsafspraken in afstemmingsgesprekken): mrt. Netwerkbijeenkomsten: juni. Kennisdeling: nov.", unreadable()],
      ["Vraag en aanbod lokale jeugdactiviteiten afstemmen: april, mei, juni.", unreadable()],
      ["Lerend netwerk op uitvoerend, strategisch en bestuurlijk niveau: jan- dec.", unreadable()],
      ["Inzicht in deelname voorliggende voorzieningen sept/okt. Vraag en aanbod sociale kaart laten aansluiten nov/dec.", unreadable()],
      ["Doelgroep in kaart sept/okt. Overstapmomenten in kaart sept/okt. Vraag en aanbod op elkaar afstemmen nov/dec.", unreadable()],
      ["Handreiking regio updaten jan. Overleggen op school jan-dec. Monitoren op regio niveau jan-dec.", unreadable()],
      ["Scholen herijken verzuimprotocol juni. Binnen 3 maanden PVA. Plan doorbraakberaad in de regio sept.", unreadable()],
      ["Te allen tijde aandachtspunt. Kwartaaloverleg per gemeente 4e, 7e, 10e, 1 maand.", unreadable()],
      ["Inventarisatie ondersteuningsbehoeften jeugdigen bij de scholen jan, feb. Deskundigheidsbevordering schoolteams juni-dec. Thuis voor Noordje.", unreadable()],
      ["Expertisefunctie S(B)O jan-juni. Voorbereiden volumebekostiging jan-dec.", unreadable()],
      ["Afspraken en evaluatie heldere taken mrt.", unreadable()],
      ["Evaluatie OZA’s Jan, feb. Definiëren uitgangspunten mrt. Opstellen procedure apr.", unreadable()],
      ["Workshops sept. Inventariseren ouderkamer PO jan, feb, mrt.", unreadable()],
    ],
  },
  "jaarplan-ppo-nk-2023.yaml": {
    period: { start: "2023-01-01", end: "2023-12-31" },
    phrases: [
      ["2023", period("2023-01-01", "2023-12-31")],
    ],
  },
  "uitvoeringsplan-nk-2025-2026.yaml": {
    period: { start: "2025-08-01", end: "2026-07-31" },
    phrases: [
      ["Gedurende het schooljaar", continuous("2025-08-01", "2026-07-31")],
      ["November-december 2025", period("2025-11-01", "2025-12-31")],
      ["Januari-februari 2026", period("2026-01-01", "2026-02-28")],
      ["Maart-april 2026", period("2026-03-01", "2026-04-30")],
      ["Mei-Juni 2026", period("2026-05-01", "2026-06-30")],
      ["Gedurende het jaar", continuous("2025-08-01", "2026-07-31")],
      ["Evaluatie Q3 2025 en Q2 2026", moments("2025-07-01", "2026-06-30", [
        ["Evaluatie Q3 2025", "2025-07-01", "2025-09-30"],
        ["Q2 2026", "2026-04-01", "2026-06-30"],
      ])],
      ["Gedurende schooljaar", continuous("2025-08-01", "2026-07-31")],
      ["December 2025", period("2025-12-01", "2025-12-31")],
      ["Februari 2026", period("2026-02-01", "2026-02-28")],
      ["Nader te bepalen", undecided()],
      ["Doorlopend", continuous("2025-08-01", "2026-07-31")],
      // Readable times, but also activities ("In het OOGO ... wordt ... voorgelegd", "Implementatie route OZG",
      // "Loopt al", "Voorbereiding bestuurlijk gesprek"): not filler, so the whole text is unreadable.
      ["Start september 2025. In het OOGO van december 2025 wordt het concept van het samenwerkingskader voorgelegd samen met bestuurlijke vragen. Start implementatie vanaf januari 2026. Evaluatie september 2026.", unreadable()],
      ["Start vanaf januari 2026. Inventarisatie afgerond voor zomervakantie 2026. Implementatie route OZG vanaf september 2026.", unreadable()],
      ["Loopt al (handreiking onderwijs-verblijf). Voorbereiding bestuurlijk gesprek zorg in onderwijstijd in april-mei 2026.", unreadable()],
      ["1. Gedurende het schooljaar\n2 + 3. Start inventarisatie september 2026.", moments("2025-08-01", "2026-09-30", [
        ["1. Gedurende het schooljaar", "2025-08-01", "2026-07-31"],
        ["2 + 3. Start inventarisatie september 2026", "2026-09-01", "2026-09-30"],
      ])],
    ],
  },
};

const plansDir = resolve(import.meta.dirname, "../../../data/plans");

/** The `when` texts of an item tree, depth first (items and their `children`). */
function collectWhens(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: { when?: unknown; children?: unknown }) => [
    ...(typeof item.when === "string" ? [item.when] : []),
    ...collectWhens(item.children),
  ]);
}

describe("parseWhen on every wanneer in the plans", () => {
  for (const [file, plan] of Object.entries(plans)) {
    it.each(plan.phrases)(`${file}: %j`, (text, expected) => {
      expect(parseWhen(text, plan.period)).toEqual({ text, ...expected });
    });
  }

  it("has an expectation for every wanneer in data/plans, with the plan's period", () => {
    const files = readdirSync(plansDir).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const file of files.sort()) {
      const doc = parse(readFileSync(join(plansDir, file), "utf8")) as { period: Period; items?: unknown };
      const whens = collectWhens(doc.items);
      if (whens.length === 0) continue;
      const table = plans[file];
      if (!table) {
        missing.push(`${file}: no table`);
        continue;
      }
      expect(table.period, file).toEqual({ start: String(doc.period.start), end: String(doc.period.end) });
      for (const when of new Set(whens)) {
        if (!table.phrases.some(([text]) => text === when)) missing.push(`${file}: ${JSON.stringify(when)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

const schoolYear: Period = { start: "2025-08-01", end: "2026-07-31" };
const year2024: Period = { start: "2024-01-01", end: "2024-12-31" };
const threeYears: Period = { start: "2022-01-01", end: "2024-12-31" };

const cases = (title: string, table: [string, Period, Expected][]) =>
  describe(title, () => {
    it.each(table)("%j in %o", (text, plan, expected) => {
      expect(parseWhen(text, plan)).toEqual({ text, ...expected });
    });
  });

cases("the phrases from the issue", [
  ["November-december 2025", schoolYear, period("2025-11-01", "2025-12-31")],
  ["jan- dec", year2024, period("2024-01-01", "2024-12-31")],
  ["sept/okt", schoolYear, period("2025-09-01", "2025-10-31")],
  ["mrt.", schoolYear, period("2026-03-01", "2026-03-31")],
  ["Q3 2025", schoolYear, period("2025-07-01", "2025-09-30")],
  ["voorjaar 2024", year2024, period("2024-03-01", "2024-05-31")],
  ["begin 2024", year2024, period("2024-01-01", "2024-03-31")],
  ["eind 2023", year2024, period("2023-10-01", "2023-12-31")],
  ["voor de zomervakantie 2026", schoolYear, deadline("2025-08-01", "2026-07-03")],
  ["gedurende het schooljaar", schoolYear, continuous("2025-08-01", "2026-07-31")],
  ["doorlopend", schoolYear, continuous("2025-08-01", "2026-07-31")],
  ["gedurende het jaar", year2024, continuous("2024-01-01", "2024-12-31")],
  ["Evaluatie Q3 2025 en Q2 2026", schoolYear, moments("2025-07-01", "2026-06-30", [
    ["Evaluatie Q3 2025", "2025-07-01", "2025-09-30"],
    ["Q2 2026", "2026-04-01", "2026-06-30"],
  ])],
  ["Start vanaf januari 2026", schoolYear, from("2026-01-01", "2026-07-31")],
  ["nader te bepalen", schoolYear, undecided()],
  ["1. Gedurende het schooljaar\n2 + 3. Start inventarisatie september 2026.", schoolYear, moments("2025-08-01", "2026-09-30", [
    ["1. Gedurende het schooljaar", "2025-08-01", "2026-07-31"],
    ["2 + 3. Start inventarisatie september 2026", "2026-09-01", "2026-09-30"],
  ])],
  ["1 januari 2024", year2024, moments("2024-01-01", "2024-01-01", [["1 januari 2024", "2024-01-01", "2024-01-01"]])],
  ["per 1 januari 2024", year2024, moments("2024-01-01", "2024-01-01", [["per 1 januari 2024", "2024-01-01", "2024-01-01"]])],
  ["september 2025 - juni 2026", schoolYear, period("2025-09-01", "2026-06-30")],
]);

cases("months, ranges and lists", [
  // A month without a year takes the year that puts it inside the plan period.
  ["september", schoolYear, period("2025-09-01", "2025-09-30")],
  ["maart", schoolYear, period("2026-03-01", "2026-03-31")],
  ["augustus", schoolYear, period("2025-08-01", "2025-08-31")],
  ["juli", schoolYear, period("2026-07-01", "2026-07-31")],
  ["december", schoolYear, period("2025-12-01", "2025-12-31")],
  ["januari", schoolYear, period("2026-01-01", "2026-01-31")],
  ["1 augustus", schoolYear, moments("2025-08-01", "2025-08-01", [["1 augustus", "2025-08-01", "2025-08-01"]])],
  ["31 juli", schoolYear, moments("2026-07-31", "2026-07-31", [["31 juli", "2026-07-31", "2026-07-31"]])],
  ["aug-jul", schoolYear, period("2025-08-01", "2026-07-31")],
  ["nov-feb", schoolYear, period("2025-11-01", "2026-02-28")],
  ["dec/jan", schoolYear, period("2025-12-01", "2026-01-31")],
  ["jul-aug", schoolYear, unreadable()], // July 2026 - August 2026 ends after the plan, July 2025 is before it
  ["dec/jan", year2024, unreadable()], // December 2024 - January 2025 does not fit in 2024
  ["jan- dec", schoolYear, unreadable()],
  ["jan- dec", threeYears, unreadable()], // 2022, 2023 or 2024?
  ["mrt", threeYears, unreadable()],
  // A year at the end applies to the whole range or list, falling back over the new year.
  ["november-februari 2026", schoolYear, period("2025-11-01", "2026-02-28")],
  ["sept/okt 2025", schoolYear, period("2025-09-01", "2025-10-31")],
  ["september 2025 - juni", schoolYear, period("2025-09-01", "2026-06-30")],
  ["Q3 en Q2 2026", schoolYear, moments("2025-07-01", "2026-06-30", [
    ["Q3", "2025-07-01", "2025-09-30"],
    ["Q2 2026", "2026-04-01", "2026-06-30"],
  ])],
  ["april, mei en juni 2024", year2024, moments("2024-04-01", "2024-06-30", [
    ["april", "2024-04-01", "2024-04-30"],
    ["mei", "2024-05-01", "2024-05-31"],
    ["juni 2024", "2024-06-01", "2024-06-30"],
  ])],
  ["jan/mrt", schoolYear, moments("2026-01-01", "2026-03-31", [
    ["jan", "2026-01-01", "2026-01-31"],
    ["mrt", "2026-03-01", "2026-03-31"],
  ])],
  // Range words.
  ["september 2025 – juni 2026", schoolYear, period("2025-09-01", "2026-06-30")],
  ["september 2025 t/m juni 2026", schoolYear, period("2025-09-01", "2026-06-30")],
  ["van september 2025 tot en met juni 2026", schoolYear, period("2025-09-01", "2026-06-30")],
  ["januari tot maart 2024", year2024, period("2024-01-01", "2024-02-29")],
  ["jan. t/m mrt. 2026", schoolYear, period("2026-01-01", "2026-03-31")],
  ["1 maart - 15 april 2024", year2024, period("2024-03-01", "2024-04-15")],
  ["2022-2024", threeYears, period("2022-01-01", "2024-12-31")],
  ["2024 t/m 2026", threeYears, period("2024-01-01", "2026-12-31")],
  ["2023", year2024, period("2023-01-01", "2023-12-31")],
]);

cases("quarters, halves, seasons and parts of the year", [
  ["q1", schoolYear, period("2026-01-01", "2026-03-31")],
  ["in het eerste kwartaal van 2024", year2024, period("2024-01-01", "2024-03-31")],
  ["laatste kwartaal 2025", schoolYear, period("2025-10-01", "2025-12-31")],
  ["tweede helft 2025", schoolYear, period("2025-07-01", "2025-12-31")],
  ["eerste helft", year2024, period("2024-01-01", "2024-06-30")],
  ["voorjaar", schoolYear, period("2026-03-01", "2026-05-31")],
  ["lente 2026", schoolYear, period("2026-03-01", "2026-05-31")],
  ["in de zomer van 2026", schoolYear, period("2026-06-01", "2026-08-31")],
  ["najaar", year2024, period("2024-09-01", "2024-11-30")],
  ["herfst", schoolYear, period("2025-09-01", "2025-11-30")],
  ["winter", schoolYear, period("2025-12-01", "2026-02-28")],
  ["winter 2025-2026", schoolYear, period("2025-12-01", "2026-02-28")],
  ["einde 2024", year2024, period("2024-10-01", "2024-12-31")],
  ["begin september", schoolYear, period("2025-09-01", "2025-09-10")],
  ["half oktober", schoolYear, period("2025-10-11", "2025-10-20")],
  ["eind september 2025", schoolYear, period("2025-09-21", "2025-09-30")],
  ["eind februari 2024", year2024, period("2024-02-21", "2024-02-29")],
  ["medio 2024", year2024, period("2024-06-01", "2024-07-31")],
  ["Q3", schoolYear, unreadable()], // Q3 2025 starts before the plan, Q3 2026 ends after it
  ["zomer", schoolYear, unreadable()],
  ["winter 2025", schoolYear, unreadable()], // the winter that starts or ends in 2025?
  ["voor de zomer", threeYears, unreadable()],
  ["Q5 2025", schoolYear, unreadable()],
]);

cases("school year, continuous, from and undecided", [
  ["In schooljaar 2023-2024", year2024, period("2023-08-01", "2024-07-31")],
  ["schooljaar 2025/2026", schoolYear, period("2025-08-01", "2026-07-31")],
  ["schooljaar", { start: "2026-01-01", end: "2026-06-30" }, period("2025-08-01", "2026-07-31")],
  ["dit schooljaar", { start: "2025-09-01", end: "2026-08-31" }, period("2025-09-01", "2026-08-31")],
  ["gedurende het schooljaar", year2024, unreadable()], // 2023-2024 or 2024-2025?
  ["schooljaar 2025-2027", schoolYear, unreadable()],
  ["Gedurende schooljaar", schoolYear, continuous("2025-08-01", "2026-07-31")],
  ["gedurende 2024", year2024, continuous("2024-01-01", "2024-12-31")],
  ["continu", year2024, continuous("2024-01-01", "2024-12-31")],
  ["het hele jaar door", schoolYear, continuous("2025-08-01", "2026-07-31")],
  ["gedurende de looptijd", threeYears, continuous("2022-01-01", "2024-12-31")],
  ["Vanaf schooljaar 2024-2025", year2024, from("2024-08-01", "2024-12-31")],
  ["vanaf maart", schoolYear, from("2026-03-01", "2026-07-31")],
  ["vanaf september 2026", schoolYear, from("2026-09-01", "2026-09-30")], // starts after the plan: to the end of that month
  ["Vanaf het voorjaar van 2024; Vanaf juli 2024", year2024, moments("2024-03-01", "2024-12-31", [
    ["Vanaf het voorjaar van 2024", "2024-03-01", "2024-12-31"],
    ["Vanaf juli 2024", "2024-07-01", "2024-12-31"],
  ])],
  ["Nader te bepalen.", schoolYear, undecided()],
  ["n.t.b.", schoolYear, undecided()],
  ["N.T.B", schoolYear, undecided()],
  ["ntb", schoolYear, undecided()],
  ["t.z.t.", schoolYear, undecided()],
  ["Te zijner tijd", schoolYear, undecided()],
  ["Evaluatie n.t.b.", schoolYear, undecided()],
  ["n.t.b.; Q3 2025", schoolYear, unreadable()],
]);

cases("several moments", [
  ["Start september 2025. Evaluatie september 2026.", schoolYear, moments("2025-09-01", "2026-09-30", [
    ["Start september 2025", "2025-09-01", "2025-09-30"],
    ["Evaluatie september 2026", "2026-09-01", "2026-09-30"],
  ])],
  ["Start vanaf januari 2026. Inventarisatie afgerond voor zomervakantie 2026.", schoolYear, moments("2025-08-01", "2026-07-31", [
    ["Start vanaf januari 2026", "2026-01-01", "2026-07-31"],
    ["Inventarisatie afgerond voor zomervakantie 2026", "2025-08-01", "2026-07-03"],
  ])],
  ["- Q3 2025\n- Q4 2025", schoolYear, moments("2025-07-01", "2025-12-31", [
    ["- Q3 2025", "2025-07-01", "2025-09-30"],
    ["- Q4 2025", "2025-10-01", "2025-12-31"],
  ])],
  ["a) Q3 2025; b) Q1 2026", schoolYear, moments("2025-07-01", "2026-03-31", [
    ["a) Q3 2025", "2025-07-01", "2025-09-30"],
    ["b) Q1 2026", "2026-01-01", "2026-03-31"],
  ])],
  ["Evaluatie en rapportage Q2 2026", schoolYear, period("2026-04-01", "2026-06-30")],
  ["Start september 2025.", schoolYear, period("2025-09-01", "2025-09-30")],
]);

cases("case and punctuation variants", [
  ["NOVEMBER-DECEMBER 2025", schoolYear, period("2025-11-01", "2025-12-31")],
  ["november – december 2025", schoolYear, period("2025-11-01", "2025-12-31")],
  ["Nov. - dec. 2025", schoolYear, period("2025-11-01", "2025-12-31")],
  ["SEPT / OKT.", schoolYear, period("2025-09-01", "2025-10-31")],
  ["Sep", schoolYear, period("2025-09-01", "2025-09-30")],
  ["MRT", schoolYear, period("2026-03-01", "2026-03-31")],
  ["Mrt.", year2024, period("2024-03-01", "2024-03-31")],
  ["  In 2024.  ", year2024, period("2024-01-01", "2024-12-31")],
  ["DOORLOPEND", schoolYear, continuous("2025-08-01", "2026-07-31")],
]);

cases("what is not understood is unreadable", [
  ["", schoolYear, unreadable()],
  ["   ", schoolYear, unreadable()],
  ["foo", schoolYear, unreadable()],
  ["Evaluatie", schoolYear, unreadable()], // no time at all
  ["de komende maanden", schoolYear, unreadable()],
  ["Q3 2025?", schoolYear, unreadable()],
  ["Netwerkbijeenkomsten: juni", year2024, unreadable()], // an activity's name is not filler
  ["Start september 2025. Thuis voor Noordje.", schoolYear, unreadable()], // a part without a time
  ["september 2025 december 2025", schoolYear, unreadable()], // two times without a separator
  ["2026 jan", schoolYear, unreadable()],
  ["juni 2026 - september 2025", schoolYear, unreadable()], // ends before it starts
  ["30 februari 2024", year2024, unreadable()],
  ["2025-2026", schoolYear, unreadable()], // school year or two calendar years?
  ["2025/2026", schoolYear, unreadable()],
  ["4e, 7e, 10e", year2024, unreadable()],
  ["01-09-2025", schoolYear, unreadable()],
]);

cases("deadlines: uiterlijk, voor, tot, t/m", [
  ["uiterlijk december 2025", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["Uiterlijk 1 maart 2026", schoolYear, deadline("2025-08-01", "2026-03-01")],
  ["uiterlijk op 1 maart 2026", schoolYear, deadline("2025-08-01", "2026-03-01")],
  ["voor 1 maart 2026", schoolYear, deadline("2025-08-01", "2026-02-28")], // "voor" ends the day before
  ["vóór 1 januari 2026", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["voor december 2025", schoolYear, deadline("2025-08-01", "2025-11-30")],
  ["uiterlijk voor 1 juli 2026", schoolYear, deadline("2025-08-01", "2026-06-30")],
  ["voor 2026", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["uiterlijk 2026", schoolYear, deadline("2025-08-01", "2026-12-31")], // explicit year after the plan: kept
  ["uiterlijk Q1 2026", schoolYear, deadline("2025-08-01", "2026-03-31")],
  ["voor Q2 2026", schoolYear, deadline("2025-08-01", "2026-03-31")],
  ["uiterlijk in het voorjaar van 2026", schoolYear, deadline("2025-08-01", "2026-05-31")],
  // Before an end position "voor" means by its end.
  ["Uiterlijk eind 2025", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["voor eind 2025", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["voor het einde van 2025", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["voor eind september 2025", schoolYear, deadline("2025-08-01", "2025-09-30")],
  ["Vóór het einde van het schooljaar", schoolYear, deadline("2025-08-01", "2026-07-31")],
  ["uiterlijk eind schooljaar 2025-2026", year2024, deadline("2024-01-01", "2026-07-31")],
  ["voor begin 2026", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["voor medio 2026", schoolYear, deadline("2025-08-01", "2026-05-31")],
  ["uiterlijk medio 2026", schoolYear, deadline("2025-08-01", "2026-07-31")],
  // "tot" ends before, "t/m" and "tot en met" include.
  ["tot maart 2024", year2024, deadline("2024-01-01", "2024-02-29")],
  ["t/m maart 2024", year2024, deadline("2024-01-01", "2024-03-31")],
  ["tot en met Q1 2026", schoolYear, deadline("2025-08-01", "2026-03-31")],
  // Without a year: the one year whose deadline lies in the plan period.
  ["voor maart", schoolYear, deadline("2025-08-01", "2026-02-28")],
  ["uiterlijk december", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["uiterlijk 1 oktober", schoolYear, deadline("2025-08-01", "2025-10-01")],
  ["voor juli", threeYears, unreadable()], // 2022, 2023 or 2024?
  // A deadline before the plan starts is that one day.
  ["uiterlijk eind 2023", year2024, deadline("2023-12-31", "2023-12-31")],
]);

cases("school holidays (region noord)", [
  ["in de herfstvakantie", schoolYear, period("2025-10-18", "2025-10-26")],
  ["Herfstvakantie 2025", schoolYear, period("2025-10-18", "2025-10-26")],
  ["kerstvakantie", schoolYear, period("2025-12-20", "2026-01-04")],
  ["kerstvakantie 2025", schoolYear, period("2025-12-20", "2026-01-04")], // the one that starts in 2025
  ["kerstvakantie 2025-2026", year2024, period("2025-12-20", "2026-01-04")],
  ["kerstvakantie 2026", schoolYear, period("2026-12-19", "2027-01-03")], // explicit, after the plan: kept
  ["tijdens de voorjaarsvakantie", schoolYear, period("2026-02-21", "2026-03-01")],
  ["krokusvakantie 2026", schoolYear, period("2026-02-21", "2026-03-01")],
  ["carnavalsvakantie", schoolYear, period("2026-02-21", "2026-03-01")],
  ["in de meivakantie", schoolYear, period("2026-04-25", "2026-05-03")],
  ["meivakantie van schooljaar 2024-2025", schoolYear, period("2025-04-26", "2025-05-04")],
  ["zomervakantie 2026", schoolYear, period("2026-07-04", "2026-08-16")],
  ["in de zomervakantie", year2024, period("2024-07-20", "2024-09-01")],
  ["in de zomervakantie", schoolYear, unreadable()], // the one at the start or the one at the end?
  ["herfstvakantie", threeYears, unreadable()],
  ["van de herfstvakantie tot de kerstvakantie", schoolYear, period("2025-10-18", "2025-12-19")],
  ["herfstvakantie t/m kerstvakantie 2025", schoolYear, period("2025-10-18", "2026-01-04")],
  ["vanaf de herfstvakantie", schoolYear, from("2025-10-18", "2026-07-31")],
  // Deadlines: the day before the holiday starts.
  ["voor de zomer", year2024, deadline("2024-01-01", "2024-07-19")],
  ["vóór de zomer", year2024, deadline("2024-01-01", "2024-07-19")],
  ["voor de zomervakantie", schoolYear, deadline("2025-08-01", "2026-07-03")],
  ["VOOR DE ZOMERVAKANTIE VAN 2026", schoolYear, deadline("2025-08-01", "2026-07-03")],
  ["Voor de zomer van 2024", threeYears, deadline("2022-01-01", "2024-07-19")],
  ["voor de zomer", threeYears, unreadable()],
  ["voor de kerstvakantie", schoolYear, deadline("2025-08-01", "2025-12-19")],
  ["tot de kerstvakantie", year2024, deadline("2024-01-01", "2024-12-20")],
  ["tot en met de kerstvakantie 2025", schoolYear, deadline("2025-08-01", "2026-01-04")],
  ["voor de herfstvakantie 2025", schoolYear, deadline("2025-08-01", "2025-10-17")],
  ["voor de meivakantie", schoolYear, deadline("2025-08-01", "2026-04-24")],
  // After: from the day after the holiday to the end of the plan.
  ["na de zomervakantie", schoolYear, from("2025-08-25", "2026-07-31")],
  ["na de zomer", schoolYear, from("2025-08-25", "2026-07-31")],
  ["Na de herfstvakantie", schoolYear, from("2025-10-27", "2026-07-31")],
  ["na de kerstvakantie", schoolYear, from("2026-01-05", "2026-07-31")],
  ["na de zomervakantie", year2024, from("2024-09-02", "2024-12-31")],
  ["na de zomervakantie 2026", schoolYear, from("2026-08-17", "2026-08-17")], // after the plan: that one day
  ["na de zomer", threeYears, unreadable()],
  // School years the calendar does not hold.
  ["kerstvakantie", { start: "2017-08-01", end: "2018-07-31" }, unreadable()],
  ["zomervakantie 2035", schoolYear, unreadable()],
  ["na de zomervakantie", { start: "2031-01-01", end: "2031-12-31" }, unreadable()],
]);

cases("after: na", [
  ["na maart 2026", schoolYear, from("2026-04-01", "2026-07-31")],
  ["na 1 maart 2026", schoolYear, from("2026-03-02", "2026-07-31")],
  ["na Q1", schoolYear, from("2026-04-01", "2026-07-31")],
  ["na overleg", schoolYear, unreadable()],
  ["na", schoolYear, unreadable()],
]);

cases("positions in a calendar year or a school year", [
  ["begin 2026", schoolYear, period("2026-01-01", "2026-03-31")],
  ["Start 2026", schoolYear, period("2026-01-01", "2026-03-31")],
  ["aan het begin van 2026", schoolYear, period("2026-01-01", "2026-03-31")],
  ["In het begin van 2026", schoolYear, period("2026-01-01", "2026-03-31")],
  ["medio 2026", schoolYear, period("2026-06-01", "2026-07-31")],
  ["Half 2026", schoolYear, period("2026-06-01", "2026-07-31")],
  ["midden 2026", schoolYear, period("2026-06-01", "2026-07-31")],
  ["halverwege 2026", schoolYear, period("2026-06-01", "2026-07-31")],
  ["eind 2025", schoolYear, period("2025-10-01", "2025-12-31")],
  ["aan het einde van 2025", schoolYear, period("2025-10-01", "2025-12-31")],
  ["begin schooljaar 2025-2026", schoolYear, period("2025-08-01", "2025-10-31")],
  ["Bij de start van het schooljaar", schoolYear, period("2025-08-01", "2025-10-31")],
  ["start schooljaar 2026-2027", schoolYear, period("2026-08-01", "2026-10-31")],
  ["medio schooljaar 2025-2026", schoolYear, period("2026-01-01", "2026-02-28")],
  ["halverwege het schooljaar", schoolYear, period("2026-01-01", "2026-02-28")],
  ["eind schooljaar 2025/2026", schoolYear, period("2026-05-01", "2026-07-31")],
  ["aan het eind van dit schooljaar", schoolYear, period("2026-05-01", "2026-07-31")],
  ["eind 2025-2026", schoolYear, period("2026-05-01", "2026-07-31")], // with a position word a pair is a school year
  ["begin 2025/2026", schoolYear, period("2025-08-01", "2025-10-31")],
  // "het schooljaar" in a calendar-year plan: the one whose part lies in the plan.
  ["eind van het schooljaar", year2024, period("2024-05-01", "2024-07-31")],
  ["begin van het schooljaar", year2024, period("2024-08-01", "2024-10-31")],
  ["medio schooljaar", year2024, period("2024-01-01", "2024-02-29")],
  ["eind van het schooljaar", threeYears, unreadable()],
  // Months keep their thirds; "start" before a month is a filler word.
  ["midden september 2025", schoolYear, period("2025-09-11", "2025-09-20")],
  ["halverwege oktober", schoolYear, period("2025-10-11", "2025-10-20")],
  ["Start september 2025", schoolYear, period("2025-09-01", "2025-09-30")],
  ["medio", schoolYear, unreadable()],
  ["eind", schoolYear, unreadable()],
  ["begin en eind 2024", year2024, unreadable()], // a year is not carried to a position
]);

cases("as policy officers write them", [
  ["Uiterlijk 1 maart 2026 gereed", schoolYear, deadline("2025-08-01", "2026-03-01")],
  ["Oplevering: vóór de zomervakantie 2026", schoolYear, deadline("2025-08-01", "2026-07-03")],
  ["Besluitvorming uiterlijk eind 2025", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["UITERLIJK EIND 2025", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["Vóór 1 januari 2026 vastgesteld.", schoolYear, deadline("2025-08-01", "2025-12-31")],
  ["In de loop van 2026", schoolYear, period("2026-01-01", "2026-12-31")],
  ["in de loop van het schooljaar", schoolYear, period("2025-08-01", "2026-07-31")],
  ["In de loop van schooljaar 2025-2026", schoolYear, period("2025-08-01", "2026-07-31")],
  ["vanaf september 2025 t/m juni 2026", schoolYear, period("2025-09-01", "2026-06-30")],
  ["Vanaf januari tot en met maart 2026", schoolYear, period("2026-01-01", "2026-03-31")],
  ["september 2025 tot en met december 2025", schoolYear, period("2025-09-01", "2025-12-31")],
  ["Q1 t/m Q3 2026", schoolYear, period("2026-01-01", "2026-09-30")],
  ["tot en met de meivakantie", schoolYear, deadline("2025-08-01", "2026-05-03")],
  ["Evaluatie voor de kerstvakantie, rapportage na de zomervakantie 2026", schoolYear, moments("2025-08-01", "2026-08-17", [
    ["Evaluatie voor de kerstvakantie", "2025-08-01", "2025-12-19"],
    ["rapportage na de zomervakantie 2026", "2026-08-17", "2026-08-17"],
  ])],
  ["Voorbereiding voor de zomervakantie; uitvoering na de zomervakantie", year2024, moments("2024-01-01", "2024-12-31", [
    ["Voorbereiding voor de zomervakantie", "2024-01-01", "2024-07-19"],
    ["uitvoering na de zomervakantie", "2024-09-02", "2024-12-31"],
  ])],
  ["Uitvoering: najaar 2025; evaluatie: uiterlijk eind schooljaar 2025-2026", schoolYear, moments("2025-08-01", "2026-07-31", [
    ["Uitvoering: najaar 2025", "2025-09-01", "2025-11-30"],
    ["evaluatie: uiterlijk eind schooljaar 2025-2026", "2025-08-01", "2026-07-31"],
  ])],
  ["1. Voor de herfstvakantie\n2. Na de kerstvakantie", schoolYear, moments("2025-08-01", "2026-07-31", [
    ["1. Voor de herfstvakantie", "2025-08-01", "2025-10-17"],
    ["2. Na de kerstvakantie", "2026-01-05", "2026-07-31"],
  ])],
]);

cases("still unreadable, never guessed", [
  ["rond de zomer", schoolYear, unreadable()],
  ["z.s.m.", schoolYear, unreadable()],
  ["zo snel mogelijk", schoolYear, unreadable()],
  ["uiterlijk", schoolYear, unreadable()],
  ["voor", schoolYear, unreadable()],
  ["tot", schoolYear, unreadable()],
  ["uiterlijk n.t.b.", schoolYear, unreadable()],
  ["voor Noordje", schoolYear, unreadable()],
  ["eind van het jaar", schoolYear, unreadable()],
  ["voor 01-03-2026", schoolYear, unreadable()],
  ["aan het werk in 2026", schoolYear, unreadable()], // "aan" only before a position
  ["voor de vakantie", schoolYear, unreadable()], // which one?
  ["na de zomer 2025 - 2027", schoolYear, unreadable()],
  ["kerstvakantie 2025-2027", schoolYear, unreadable()],
  ["vanaf na de zomervakantie", schoolYear, unreadable()],
]);

describe("parseWhen's arguments", () => {
  it("keeps the text exactly as given", () => {
    const text = "  Mei-Juni 2026\n";
    expect(parseWhen(text, schoolYear).text).toBe(text);
    expect(parseWhen("qq", schoolYear).text).toBe("qq");
  });

  it("refuses a plan period that is not two ISO dates in order", () => {
    expect(() => parseWhen("2024", { start: "2024-12-31", end: "2024-01-01" })).toThrow(RangeError);
    expect(() => parseWhen("2024", { start: "2024-02-30", end: "2024-12-31" })).toThrow(RangeError);
  });
});
