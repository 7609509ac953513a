/**
 * A bounded import fuzzer: the source plans in data/plans, mutated by a seeded generator
 * (byte flips, NUL bytes, bytes that are not UTF-8, escapes of NUL and half characters,
 * huge strings, deep nesting, wrong types, duplicate keys, alias bombs, lost and doubled
 * lines), imported as `koers import` does. Every case ends in success or in a clean
 * refusal: an InputError whose every problem names the file, or a conflict in Dutch; never
 * another exception. A refused import leaves the database as it was.
 *
 * The same seed gives the same cases at every run; a failing case is named by its number
 * and mutation, and FUZZ_SEED and FUZZ_CASES choose other ones.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "../../src/lib/errors.ts";
import { InputError } from "../../src/lib/validation.ts";
import { importPaths } from "../../src/modules/exchange/service.ts";
import { databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { dataDir, seededDatabase } from "../helpers/seeded.ts";
import { seededRandom } from "./random.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_513);
const CASES = Number(process.env.FUZZ_CASES ?? 150);

const sources = readdirSync(join(dataDir, "plans"))
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dataDir, "plans", name))) }));

type Random = ReturnType<typeof seededRandom>;
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const splice = (bytes: Uint8Array, at: number, remove: number, insert: Uint8Array) =>
  new Uint8Array([...bytes.subarray(0, at), ...insert, ...bytes.subarray(at + remove)]);

/** Lines of the form `key: value` (in a map or as the first key of a list entry). */
const keyLine = /^(\s*(?:- )?)([A-Za-z][\w-]*): (.+)$/;
function onKeyLine(bytes: Uint8Array, random: Random, change: (indent: string, key: string, value: string) => string): Uint8Array {
  const lines = decode(bytes).split("\n");
  const candidates = lines.map((l, i) => (keyLine.test(l) ? i : -1)).filter((i) => i >= 0);
  const at = random.pick(candidates);
  const [, indent, key, value] = lines[at]!.match(keyLine)!;
  lines[at] = change(indent!, key!, value!);
  return encode(lines.join("\n"));
}

const mutations: Record<string, (bytes: Uint8Array, random: Random) => Uint8Array> = {
  "byte flips": (bytes, random) => {
    const out = new Uint8Array(bytes);
    for (let n = 1 + random.below(4); n > 0; n--) out[random.below(out.length)]! ^= 1 << random.below(8);
    return out;
  },
  "a NUL byte": (bytes, random) => splice(bytes, random.below(bytes.length), 0, new Uint8Array([0])),
  "bytes that are not UTF-8": (bytes, random) =>
    splice(bytes, random.below(bytes.length), 0, new Uint8Array(random.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]))),
  "an escaped NUL or half character": (bytes, random) =>
    onKeyLine(bytes, random, (indent, key) => `${indent}${key}: "${random.pick(["a\\0b", "\\x00", "half \\ud800", "\\udfff eind", "\\U0000D800"])}"`),
  "a huge string": (bytes, random) =>
    onKeyLine(bytes, random, (indent, key) => `${indent}${key}: ${"x".repeat(random.pick([10_000, 100_000, 3_000_000]))}`),
  "deep nesting": (bytes, random) =>
    onKeyLine(bytes, random, (indent, key) => {
      const depth = random.pick([150, 5_000, 50_000]);
      return random.below(2) ? `${indent}${key}: ${"[".repeat(depth)}1${"]".repeat(depth)}` : `${indent}${key}: ${"{a: ".repeat(depth)}1${"}".repeat(depth)}`;
    }),
  "a wrong type": (bytes, random) =>
    onKeyLine(bytes, random, (indent, key) => `${indent}${key}: ${random.pick(["{ a: 1 }", "[1, 2]", "12345678901234567890", "-1", "true", "null", "~", '""', "!!binary aGFsbG8=", "2025-13-45", ".nan"])}`),
  "a duplicate key": (bytes, random) => onKeyLine(bytes, random, (indent, key, value) => `${indent}${key}: ${value}\n${indent.replace("- ", "  ")}${key}: ${value}`),
  "an alias bomb or a loose alias": (bytes, random) =>
    onKeyLine(bytes, random, (indent, key) =>
      random.below(2)
        ? `${indent}${key}: &a [x, x, x, x, x, x, x, x, x]\n${indent.replace("- ", "  ")}b${key}: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n${indent.replace("- ", "  ")}c${key}: [*b, *b, *b, *b, *b, *b, *b, *b, *b]`
        : `${indent}${key}: *nergens`,
    ),
  "a lost, doubled or cut line": (bytes, random) => {
    const lines = decode(bytes).split("\n");
    const at = random.below(lines.length);
    const how = random.below(3);
    if (how === 0) lines.splice(at, 1);
    else if (how === 1) lines.splice(at, 0, lines[at]!);
    else return bytes.subarray(0, random.below(bytes.length));
    return encode(lines.join("\n"));
  },
};

interface Case {
  number: number;
  source: string;
  mutation: string;
  bytes: Uint8Array;
}

function cases(): Case[] {
  const random = seededRandom(SEED);
  const names = Object.keys(mutations);
  return Array.from({ length: CASES }, (_, number) => {
    const source = random.pick(sources);
    const mutation = names[number % names.length]!;
    return { number, source: source.name, mutation, bytes: mutations[mutation]!(source.bytes, random) };
  });
}

/** What the database holds, counted: any write shows up here. */
async function fingerprint(database: TestDatabase): Promise<string> {
  const result = await database.db.execute(
    sql`select (select count(*) from plans) as plans, (select count(*) from items) as items, (select count(*) from item_links) as links,
      (select count(*) from organisations) as organisations, (select count(*) from topics) as topics,
      (select count(*) from glossary_terms) as terms, (select count(*) from audit_log) as audit,
      (select coalesce(sum(version), 0) from plans) as versions`,
  );
  return JSON.stringify((result as unknown as { rows: unknown[] }).rows[0]);
}

/** Signs of internals in a message: a stack frame, SQL, a JavaScript error name. */
const internals = /\bat .+:\d+:\d+|Failed query|\binsert into\b|params:|\w+Error\b|\[object /;

describe.each(databaseKinds)("fuzzed imports on %s", (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), "koers-fuzz-"));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.dispose();
  });

  it(`ends each of ${CASES} mutated plan files (seed ${SEED}) in success or a clean refusal that names the file`, async () => {
    const outcomes: Record<string, number> = {};
    const unclean: string[] = [];
    for (const c of cases()) {
      const label = `case ${c.number} (${c.mutation} in ${c.source})`;
      const file = join(dir, c.source);
      writeFileSync(file, c.bytes);
      const before = await fingerprint(database);
      let outcome: string;
      try {
        await importPaths(database, [file]);
        outcome = "ingelezen";
      } catch (error) {
        if (error instanceof InputError) {
          outcome = "geweigerd (invoer)";
          const strays = error.problems.filter((p) => p.file !== c.source || !p.message || internals.test(p.message));
          if (strays.length > 0) unclean.push(`${label}: ${JSON.stringify(strays.slice(0, 3))}`);
        } else if (error instanceof ConflictError) {
          outcome = "geweigerd (conflict)";
          if (internals.test(error.message)) unclean.push(`${label}: ${error.message}`);
        } else {
          outcome = "onverwacht";
          unclean.push(`${label}: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error)}`);
        }
        if ((await fingerprint(database)) !== before) unclean.push(`${label}: the database changed after a refused import`);
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    console.log(`fuzzed imports on ${kind}: ${JSON.stringify(outcomes)}`);
    expect(unclean).toEqual([]);
    // The mutations do reach every stage: most files are refused, some still import.
    expect(outcomes["geweigerd (invoer)"]).toBeGreaterThan(CASES / 2);
  }, 600_000);
});
