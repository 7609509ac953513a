/**
 * npm run check:sources [-- FILE-PREFIX]
 * Lists every fragment of a source document in data/sources that the data files
 * that name it as `source` do not hold. Exit code 1 when something is missing.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { missingFragments } from "../src/lib/source-coverage.ts";

const root = new URL("..", import.meta.url).pathname;
const sourcesDir = join(root, "data/sources");
const only = process.argv[2];

const dataFiles = ["data/plans", "data/evaluations"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => parse(readFileSync(join(root, dir, f), "utf8")) as { source?: string }),
);
const ignore = (parse(readFileSync(join(sourcesDir, "ignore.yaml"), "utf8")) ?? {}) as Record<string, string[]>;

let missingTotal = 0;
for (const file of readdirSync(sourcesDir).filter((f) => f.endsWith(".txt"))) {
  if (only && !file.startsWith(only)) continue;
  const encodings = dataFiles.filter((d) => d?.source === file);
  const missing = missingFragments(readFileSync(join(sourcesDir, file), "utf8"), encodings, ignore[file] ?? []);
  missingTotal += missing.length;
  console.log(`${file}: ${encodings.length} databestand(en), ${missing.length} fragment(en) ontbreken`);
  for (const m of missing) console.log(`  regel ${m.line}: ${m.text}`);
}
process.exit(missingTotal === 0 ? 0 : 1);
