/**
 * npm run check:sources [-- FILE-PREFIX]
 * Lists every fragment of a source document in data/sources that the reading text
 * of the data files naming it as `source` does not hold. Exit code 1 when something is missing.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { missingFragments } from "../src/lib/source-coverage.ts";
import { readDataDir } from "../src/modules/exchange/data-files.ts";
import { evaluationReadingText, planReadingText } from "../src/modules/exchange/reading-text.ts";

const dataDir = new URL("../data", import.meta.url).pathname;
const sourcesDir = join(dataDir, "sources");
const only = process.argv[2];
const data = readDataDir(dataDir);
const texts = [
  ...data.plans.map((p) => ({ source: p.source, text: planReadingText(p) })),
  ...data.evaluations.map((e) => ({ source: e.source, text: evaluationReadingText(e) })),
];
const ignore = (parse(readFileSync(join(sourcesDir, "ignore.yaml"), "utf8")) ?? {}) as Record<string, string[]>;

let missingTotal = 0;
for (const file of readdirSync(sourcesDir).filter((f) => f.endsWith(".txt"))) {
  if (only && !file.startsWith(only)) continue;
  const mine = texts.filter((t) => t.source === file).map((t) => t.text);
  const missing = missingFragments(readFileSync(join(sourcesDir, file), "utf8"), mine, ignore[file] ?? []);
  missingTotal += missing.length;
  console.log(`${file}: ${mine.length} databestand(en), ${missing.length} fragment(en) ontbreken`);
  for (const m of missing) console.log(`  regel ${m.line}: ${m.text}`);
}
process.exit(missingTotal === 0 ? 0 : 1);
