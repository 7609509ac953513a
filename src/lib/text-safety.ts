/**
 * Text Koers can store: valid UTF-8, without NUL characters and without lone surrogates.
 * PostgreSQL refuses a NUL in text (and used to answer with the statement and its values),
 * a lone surrogate is half a character, and invalid UTF-8 would be stored as replacement
 * characters without a word. Requests (src/web/request-text.ts) and imports
 * (src/modules/exchange/data-files.ts) refuse such text with these checks, naming where it is.
 */
import { formatPath } from "./validation.ts";

/** Why a text cannot be stored, as the end of a Dutch sentence. */
export const textFaults = {
  nul: "bevat een NUL-teken (tekencode 0), dat in een tekst niet mag staan",
  surrogate: "bevat een half teken (een losse surrogaat), dat geen geldige Unicode is",
  utf8: "is geen geldige UTF-8",
} as const;

/** What is wrong with a string, or undefined when Koers can store it. */
export function textFault(text: string): string | undefined {
  if (text.includes("\u0000")) return textFaults.nul;
  if (!text.isWellFormed()) return textFaults.surrogate;
  return undefined;
}

/** Most nested levels in an imported file or a JSON body; plans need about a dozen. */
export const MAX_DEPTH = 100;

export interface TextProblem {
  /** Where the text is: "items[2].title"; "" for the value itself. */
  path: string;
  /** Set when the fault is in the name of the field at `path`, not in its value. */
  inName?: true;
  message: string;
}

/**
 * Every string in a parsed value (keys included) that cannot be stored, with its path;
 * at most `limit` of them. A value nested deeper than MAX_DEPTH is a problem too. Walks
 * without recursion, so no nesting can overflow the stack.
 */
export function findTextProblems(value: unknown, limit = 20): TextProblem[] {
  const problems: TextProblem[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && problems.length < limit) {
    const { value: current, path } = stack.pop()!;
    const key = path.at(-1);
    const keyFault = typeof key === "string" ? textFault(key) : undefined;
    if (keyFault) {
      problems.push({ path: formatPath([...path.slice(0, -1), showable(key as string)]), inName: true, message: keyFault });
    } else if (typeof current === "string") {
      const fault = textFault(current);
      if (fault) problems.push({ path: formatPath(path), message: fault });
    } else if (current && typeof current === "object") {
      if (path.length >= MAX_DEPTH) {
        problems.push({ path: formatPath(path), message: `is te diep genest (meer dan ${MAX_DEPTH} niveaus)` });
        continue;
      }
      const entries = Array.isArray(current) ? current.map((v, i) => [i, v] as const) : Object.entries(current);
      // Pushed in reverse, so problems come out in the order of the value.
      for (const [childKey, child] of entries.reverse()) stack.push({ value: child, path: [...path, childKey] });
    }
  }
  return problems;
}

/** A name that is safe to show in a message: bad characters as "?", at most 100 characters. */
export function showable(name: string): string {
  const cleaned = name.replace(/\u0000/g, "?").replace(/\p{Cs}/gu, "?");
  return cleaned.length > 100 ? `${cleaned.slice(0, 100)}…` : cleaned;
}

/** The offset of the first byte that does not belong to valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const more = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (more === 0) return i;
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= more; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < (k === 1 ? low : 0x80) || b > (k === 1 ? high : 0xbf)) return i;
    }
    i += more + 1;
  }
  return -1;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8KeepingBom = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text of a file or a request body: strict UTF-8 (a byte order mark is dropped).
 * Bytes that are not UTF-8 give a problem naming the line and the byte, not replacement characters.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: TextProblem } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return { problem: { path: `regel ${line}`, message: `${textFaults.utf8} (byte ${at + 1} van het bestand)` } };
  }
}

/**
 * One part of an address or of a form body (`a%C3%A9`, with `+` for a space when `plus`),
 * decoded strictly: undefined when its bytes are not UTF-8. Malformed escapes stay as they are,
 * as the URL parser leaves them.
 */
export function decodeUrlPart(part: string, plus = false): string | undefined {
  const raw = plus ? part.replaceAll("+", " ") : part;
  let valid = true;
  // Characters outside escapes are whole characters, so each run of escapes decodes on its own.
  const text = raw.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(3 * i + 1, 3 * i + 3), 16);
    try {
      return utf8KeepingBom.decode(bytes);
    } catch {
      valid = false;
      return "";
    }
  });
  return valid ? text : undefined;
}
