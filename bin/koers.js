#!/usr/bin/env node
// The `koers` command (`npx koers …`). Runs the compiled command line (dist/cli.js) when it
// was built after the last change to the sources (npm run build, or npm start); otherwise the
// TypeScript sources through tsx, as in development.
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildIsCurrent, outputs, serverFlags } from "../scripts/build.mjs";

const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(
    `Koers heeft Node.js 24 nodig (dit is ${process.version}). Gebruik 'npx koers …' of 'npm run koers -- …' in de projectmap.\n`,
  );
  process.exit(2);
}

// The server runs with the same Node options as `npm start` (less memory for the embedded
// database, see docs/decisions/0010-compiled-build.md). They only take effect when Node
// starts, so `koers serve` starts itself once more with them and passes signals on.
if (process.argv[2] === "serve" && !serverFlags.every((flag) => process.execArgv.includes(flag))) {
  const child = spawn(process.execPath, [...serverFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  if (process.argv[2] === "serve") {
    // Ctrl-C reaches both processes, and the first one passes it on: a second signal while the
    // server stops must not cut the database off half-way (the first one does the stopping).
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => {});
  }
  let cli;
  if (buildIsCurrent(outputs.cli)) {
    cli = await import(pathToFileURL(outputs.cli).href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    cli = await import("../src/cli/index.ts");
  }
  const code = await cli.runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  });
  if (code !== 0 || process.argv[2] !== "serve") process.exit(code);
}
