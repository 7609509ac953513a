/**
 * npm run check:sources [-- FILE-PREFIX]
 * Holds the data files against the source documents they name as `source`: every
 * sentence and number of a source is in the data, every table cell matches the
 * fields of its item, and whatever the data adds is marked as interpretation
 * (src/modules/exchange/fidelity.ts). Exit code 1 when something does not match.
 */
import { fidelityOfDataDir } from "../src/modules/exchange/fidelity.ts";

const dataDir = new URL("../data", import.meta.url).pathname;
const only = process.argv[2];
const report = fidelityOfDataDir(dataDir, only);
for (const { file, files, problems } of report) {
  console.log(`${file}: ${files.length} databestand(en) (${files.join(", ") || "geen"}), ${problems.length} probleem/problemen`);
  for (const p of problems) console.log(`  ${p.file}${p.where ? ` ${p.where}` : ""} · ${p.field}: ${p.message}`);
}
process.exit(report.every((r) => r.problems.length === 0) ? 0 : 1);
