import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { HoledText } from "./holed-text.ts";

const marks = { name: "@@NAAM@@", token: "@@TOKEN@@" };

describe("HoledText", () => {
  const page = `<p>Hallo @@NAAM@@</p>${"<li>Een regel die vaak terugkomt</li>".repeat(2000)}<input value="@@TOKEN@@"><a>@@NAAM@@</a>`;

  it("fills every hole, plain and compressed alike", () => {
    const text = new HoledText(page, marks);
    const values = { name: "Bea & Zn", token: "abc123" };
    const expected = page.replaceAll("@@NAAM@@", "Bea & Zn").replaceAll("@@TOKEN@@", "abc123");
    expect(text.filled(values).toString("utf8")).toBe(expected);
    const gzipped = text.gzipped(values);
    expect(gunzipSync(gzipped).toString("utf8")).toBe(expected);
    expect(gzipped.byteLength).toBeLessThan(expected.length / 20);
  });

  it("gives each person their own values from the same compressed pieces", () => {
    const text = new HoledText(page, marks);
    expect(gunzipSync(text.gzipped({ name: "Anna", token: "t1" })).toString()).toContain("Hallo Anna");
    expect(gunzipSync(text.gzipped({ name: "Bram", token: "t2" })).toString()).toContain('value="t2"');
  });

  it("takes a text without holes, holes at either end, empty and long values, and characters beyond ASCII", () => {
    for (const [source, name] of [
      ["geen gaten", "x"],
      ["@@NAAM@@", "Zoë Çelik"],
      ["@@NAAM@@midden@@TOKEN@@", ""],
      ["a@@NAAM@@b", "é".repeat(70_000)],
    ] as const) {
      const text = new HoledText(source, marks);
      const expected = source.replaceAll("@@NAAM@@", name).replaceAll("@@TOKEN@@", "t");
      expect(gunzipSync(text.gzipped({ name, token: "t" })).toString("utf8")).toBe(expected);
      expect(text.filled({ name, token: "t" }).toString("utf8")).toBe(expected);
    }
  });

  it("says which holes it has", () => {
    const text = new HoledText("<p>@@NAAM@@</p>", marks);
    expect(text.has("name")).toBe(true);
    expect(text.has("token")).toBe(false);
  });
});
