import { describe, expect, it } from "vitest";
import { calendarText, foldLine } from "./calendar.ts";

describe("calendar feeds", () => {
  const stamp = new Date("2026-01-05T10:00:00Z");
  const text = calendarText(
    "Koers: Uitvoeringsplan",
    [
      { uid: "item-1@koers", title: "1.1 Ouderavond; met, komma's", start: "2026-03-01", end: "2026-03-31", url: "https://koers.example/plannen/x#onderdeel-1" },
      { uid: "ronde-2@koers", title: "Uiterste datum voortgang T2", start: "2026-04-10" },
    ],
    stamp,
  );
  const lines = text.split("\r\n");

  it("is an iCalendar document with one all-day event per due moment", () => {
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2);
    expect(lines).toContain("X-WR-CALNAME:Koers: Uitvoeringsplan");
  });

  it("ends an all-day range on the day after its last day", () => {
    expect(lines).toContain("DTSTART;VALUE=DATE:20260301");
    expect(lines).toContain("DTEND;VALUE=DATE:20260401");
    expect(lines).toContain("DTSTART;VALUE=DATE:20260410");
    expect(lines).toContain("DTEND;VALUE=DATE:20260411");
  });

  it("escapes text and keeps uids stable", () => {
    expect(text).toContain("SUMMARY:1.1 Ouderavond\\; met\\, komma's");
    expect(lines).toContain("UID:item-1@koers");
    expect(calendarText("Koers: Uitvoeringsplan", [{ uid: "item-1@koers", title: "x", start: "2026-03-01" }], stamp)).toContain("DTSTAMP:20260105T100000Z");
  });
});

describe("folding long lines", () => {
  const octets = (line: string) => Buffer.byteLength(line);
  const unfold = (text: string) => text.replaceAll("\r\n ", "");

  it("keeps every line within 75 octets and gives back the same text when unfolded, also with accents and emoji", () => {
    for (const line of ["SUMMARY:" + "a".repeat(300), "DESCRIPTION:" + "Zoë én ".repeat(60), "SUMMARY:" + "🙂x".repeat(80), "X:é" + "😀".repeat(40)]) {
      const folded = foldLine(line);
      expect(unfold(folded)).toBe(line);
      expect(folded.split("\r\n").every((l) => octets(l) <= 75)).toBe(true);
      expect(folded).not.toMatch(/[\ud800-\udbff]\r\n/);
    }
  });

  it("leaves a short line alone", () => {
    expect(foldLine("SUMMARY:kort")).toBe("SUMMARY:kort");
  });

  it("folds a feed as the calendar library folds it", async () => {
    const { foldLines } = await import("ical-generator");
    const events = Array.from({ length: 30 }, (_, i) => ({
      uid: `item-${i}@koers`,
      title: `${i}. Thuiszitters terug naar school; een titel die langer is dan één regel van vijfenzeventig tekens ${"é".repeat(i)}`,
      description: "Wie: gemeente én samenwerkingsverband 🙂\nWanneer: 2026".repeat(1 + (i % 3)),
      url: `https://koers.example/plannen/plan-met-een-lange-naam?onderdeel=${i}#onderdeel-${i}`,
      start: "2026-03-01",
    }));
    const text = calendarText("Koers: een plan", events, new Date("2026-01-05T10:00:00Z"));
    expect(text).toBe(foldLines(unfold(text)));
  });
});
