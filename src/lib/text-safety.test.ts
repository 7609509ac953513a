import { describe, expect, it } from "vitest";
import { decodeUrlPart, decodeUtf8, findTextProblems, firstInvalidUtf8, MAX_DEPTH, textFault, textFaults } from "./text-safety.ts";

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === "string" ? [...new TextEncoder().encode(v)] : [v])));

describe("textFault", () => {
  it.each([
    ["plain Dutch with accents and emoji", "Één café 👋", undefined],
    ["a NUL character", "Thuis\u0000zitters", textFaults.nul],
    ["a lone high surrogate", "Thuis\ud800zitters", textFaults.surrogate],
    ["a lone low surrogate at the end", "Thuis\udc00", textFaults.surrogate],
  ])("%s", (_, text, fault) => {
    expect(textFault(text)).toBe(fault);
  });
});

describe("decodeUtf8", () => {
  it("reads UTF-8 and drops a byte order mark", () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, "titel: Één"))).toEqual({ text: "titel: Één" });
  });

  it.each([
    ["a Latin-1 byte", bytes("slug: x\ntitle: caf", 0xe9, "\n"), 2, 19],
    ["a sequence cut short at the end", bytes("a: ", 0xe2, 0x82), 1, 4],
    ["an overlong slash", bytes("a: ", 0xc0, 0xaf), 1, 4],
    ["a surrogate encoded in UTF-8", bytes("a\nb\nc: ", 0xed, 0xa0, 0x80), 3, 8],
    ["a code point beyond U+10FFFF", bytes(0xf4, 0x90, 0x80, 0x80), 1, 1],
  ])("names the line and the byte of %s", (_, input, line, byte) => {
    expect(decodeUtf8(input)).toEqual({ problem: { path: `regel ${line}`, message: `${textFaults.utf8} (byte ${byte} van het bestand)` } });
  });

  it("finds the first bad byte as the strict decoder judges", () => {
    // Every two-byte sequence: the validator and TextDecoder agree on which are UTF-8.
    const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    for (let a = 0x80; a <= 0xff; a++) {
      for (const b of [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0]) {
        for (const c of [0x80, 0xbf]) {
          const input = new Uint8Array([a, b, c, c]);
          let valid = true;
          try {
            strict.decode(input);
          } catch {
            valid = false;
          }
          expect(firstInvalidUtf8(input) === -1, `${a.toString(16)} ${b.toString(16)} ${c.toString(16)}`).toBe(valid);
        }
      }
    }
  });
});

describe("findTextProblems", () => {
  it("names the path of every bad string and key, in the order of the value", () => {
    const value = { title: "ok", items: [{ title: "a\u0000" }, { children: [{ when: "\udfff" }] }], "sl\u0000ug": "x" };
    expect(findTextProblems(value)).toEqual([
      { path: "items[0].title", message: textFaults.nul },
      { path: "items[1].children[0].when", message: textFaults.surrogate },
      { path: "sl?ug", inName: true, message: textFaults.nul },
    ]);
  });

  it("finds nothing in good data, numbers and nulls included", () => {
    expect(findTextProblems({ a: [1, null, true, "Één"], b: { c: "d" } })).toEqual([]);
  });

  it("refuses nesting beyond the limit without overflowing the stack", () => {
    let deep: unknown = "onderaan";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const [problem] = findTextProblems(deep);
    expect(problem?.message).toBe(`is te diep genest (meer dan ${MAX_DEPTH} niveaus)`);
  });
});

describe("decodeUrlPart", () => {
  it.each([
    ["plain", "thuiszitters", "thuiszitters"],
    ["escaped UTF-8 and a plus", "caf%C3%A9+de+Zon", "café de Zon"],
    ["a malformed escape is left alone", "100%+zeker", "100% zeker"],
    ["a NUL escape decodes to NUL (textFault refuses it)", "a%00b", "a\u0000b"],
    ["a byte order mark is kept", "%EF%BB%BFa", "\ufeffa"],
  ])("%s", (_, raw, decoded) => {
    expect(decodeUrlPart(raw, true)).toBe(decoded);
  });

  it.each([["%FF"], ["caf%E9"], ["%ED%A0%80"], ["%C3"]])("refuses %s, which is not UTF-8", (raw) => {
    expect(decodeUrlPart(raw)).toBeUndefined();
  });
});
