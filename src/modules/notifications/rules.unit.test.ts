import { describe, expect, it } from "vitest";
import { startOfDayInNl, todayInNl } from "../../lib/dates.ts";
import { agendaMessage, digestMessage, dueReminder, hourInNl, offsetLabel, parseDays, reminderMoments, roundOpenedMessage } from "./rules.ts";

const schedule = { daysBefore: [7, 1], daysAfter: [1, 7] };

describe("reminder moments", () => {
  it("lists the days before and after the deadline, earliest first, without doubles", () => {
    expect(reminderMoments("2025-09-10", { daysBefore: [1, 7, 7], daysAfter: [0, 3] })).toEqual([
      { offset: -7, date: "2025-09-03" },
      { offset: -1, date: "2025-09-09" },
      { offset: 0, date: "2025-09-10" },
      { offset: 3, date: "2025-09-13" },
    ]);
  });

  it.each([
    ["before the first moment nothing is due", "2025-09-02", null],
    ["on the day a week before, that reminder", "2025-09-03", -7],
    ["a day later still that one (caught up after a missed run)", "2025-09-04", -7],
    ["the day before the deadline", "2025-09-09", -1],
    ["on the deadline itself, still the one of the day before", "2025-09-10", -1],
    ["a day after", "2025-09-11", 1],
    ["long after, only the last moment", "2025-12-01", 7],
  ])("%s", (_, today, offset) => {
    expect(dueReminder(today, "2025-08-01", "2025-09-10", schedule)?.offset ?? null).toBe(offset);
  });

  it("skips moments on or before the day the round opened: the opening message said it all", () => {
    expect(dueReminder("2025-09-05", "2025-09-05", "2025-09-10", schedule)).toBeNull();
    expect(dueReminder("2025-09-03", "2025-09-03", "2025-09-10", schedule)).toBeNull();
    expect(dueReminder("2025-09-09", "2025-09-05", "2025-09-10", schedule)?.offset).toBe(-1);
  });

  it("sends nothing with an empty schedule", () => {
    expect(dueReminder("2025-09-20", "2025-08-01", "2025-09-10", { daysBefore: [], daysAfter: [] })).toBeNull();
  });
});

describe("days as people write them", () => {
  it.each([
    ["7, 1", [7, 1]],
    ["1 en 7", [7, 1]],
    ["3;14  0", [14, 3, 0]],
    ["", []],
    ["2, 2", [2]],
  ])("%j", (text, days) => {
    expect(parseDays(text)).toEqual(days);
  });

  it.each(["een week", "-1", "1.5", "400", "1,2,3,4,5,6,7,8,9,10,11"])("refuses %j", (text) => {
    expect(parseDays(text)).toBeNull();
  });

  it("names the offsets in words", () => {
    expect([offsetLabel(-7), offsetLabel(-1), offsetLabel(0), offsetLabel(2)]).toEqual([
      "7 dagen voor de uiterste datum",
      "1 dag voor de uiterste datum",
      "op de uiterste datum",
      "2 dagen na de uiterste datum",
    ]);
  });
});

describe("Dutch time", () => {
  it("knows the hour in winter and summer", () => {
    expect(hourInNl(new Date("2025-01-15T06:30:00Z"))).toBe(7);
    expect(hourInNl(new Date("2025-07-15T06:30:00Z"))).toBe(8);
    expect(hourInNl(new Date("2025-07-15T22:30:00Z"))).toBe(0);
  });

  it.each([
    ["2025-01-15", "2025-01-14T23:00:00.000Z"],
    ["2025-07-15", "2025-07-14T22:00:00.000Z"],
    ["2025-03-30", "2025-03-29T23:00:00.000Z"],
    ["2025-10-26", "2025-10-25T22:00:00.000Z"],
  ])("the day %s begins at %s", (day, moment) => {
    const start = startOfDayInNl(day);
    expect(start.toISOString()).toBe(moment);
    expect(todayInNl(start)).toBe(day);
    expect(todayInNl(new Date(start.getTime() - 1))).not.toBe(day);
  });
});

describe("messages", () => {
  const round = { plan: { title: "Werkplan" }, period: { label: "T2 2025" }, deadline: "2025-09-10", message: "Graag ook de cijfers." };

  it("tells a person which items a new round asks of them, with links", () => {
    const m = roundOpenedMessage(round, { name: "Anna", email: "anna@example.nl", open: [{ code: "1.2", title: "Overstap", href: "/plannen/w/onderdelen/5/voortgang?periode=3" }] }, "https://koers.example");
    expect(m.to).toBe("anna@example.nl");
    expect(m.subject).toBe("Voortgang gevraagd: Werkplan over T2 2025");
    expect(m.body).toContain("uiterlijk 10 september 2025");
    expect(m.body).toContain("Graag ook de cijfers.");
    expect(m.body).toContain("- 1.2 Overstap\n  https://koers.example/plannen/w/onderdelen/5/voortgang?periode=3");
    expect(m.body).toContain("https://koers.example/account/berichten");
  });

  it("groups the digest per plan and counts the updates", () => {
    const u = (slug: string, id: number, author: string | null) => ({
      plan: { slug, title: `Plan ${slug}` },
      item: { id, code: String(id), title: `Onderdeel ${id}` },
      period: { id: 9, label: "2025" },
      status: "op-koers",
      author,
    });
    const m = digestMessage("2025-09-09", { name: "Coördinator", email: "c@example.nl" }, [u("a", 1, "Anna"), u("b", 2, null), u("a", 3, "Bram")], "");
    expect(m.subject).toBe("Dagoverzicht Koers 9 september 2025: 3 voortgangsmeldingen");
    expect(m.body.indexOf("Plan a, 2025:")).toBeLessThan(m.body.indexOf("Plan b, 2025:"));
    expect(m.body).toContain("- 1 Onderdeel 1 (op koers, door Anna)\n  /plannen/a/onderdelen/1/voortgang?periode=9");
    expect(m.body).toContain("- 2 Onderdeel 2 (op koers)");
  });

  it("sends the agenda with what each point is for and the documents", () => {
    const m = agendaMessage(
      {
        bodyName: "OPR",
        date: "2023-12-12",
        time: "19:30",
        location: "Alkmaar",
        href: "/organen/opr/vergaderingen/4",
        agenda: [
          { title: "Opening", proposed: null },
          { title: "Activiteitenplan 2024", proposed: "instemming" },
        ],
        documents: [{ title: "Activiteitenplan", url: "/plannen/activiteitenplan-swvnk-2024" }],
      },
      { name: "Lid", email: "lid@example.nl" },
      "https://koers.example",
    );
    expect(m.subject).toBe("Agenda OPR 12 december 2023");
    expect(m.body).toContain("op 12 december 2023, 19:30 in Alkmaar");
    expect(m.body).toContain("1. Opening\n2. Activiteitenplan 2024 (ter instemming)");
    expect(m.body).toContain("- Activiteitenplan: https://koers.example/plannen/activiteitenplan-swvnk-2024");
    expect(m.body).toContain("https://koers.example/organen/opr/vergaderingen/4");
  });
});
