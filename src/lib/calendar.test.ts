import { describe, expect, it } from "vitest";
import { calendarText } from "./calendar.ts";

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
