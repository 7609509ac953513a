#!/usr/bin/env node
// The `koers` command (`npx koers …`). Runs the TypeScript sources through tsx.
import { register } from "tsx/esm/api";

const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(
    `Koers heeft Node.js 24 nodig (dit is ${process.version}). Gebruik 'npx koers …' of 'npm run koers -- …' in de projectmap.\n`,
  );
  process.exit(2);
}
register();
const { runCli } = await import("../src/cli/index.ts");
const code = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
});
if (code !== 0 || process.argv[2] !== "serve") process.exit(code);
