/**
 * npm run bench:startup [-- RUNS]
 * Measures how long Koers takes to start on the embedded database: the first
 * start (create the database, migrate, load the five source documents) and later
 * starts (open and migrate only), until it answers HTTP; and the server's memory
 * (resident set size of the Node process tree) after every page has been served once.
 */
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const runs = Number(process.argv[2] ?? 3);
const port = 3900 + Math.floor(Math.random() * 90);
const pages = [
  "/",
  "/plannen/uitvoeringsplan-nk-2025-2026",
  "/plannen/allen-voor-een-2022-2024",
  "/plannen/jaarplan-ppo-nk-2023",
  "/plannen/activiteitenplan-swvnk-2024",
  "/evaluaties/tussenevaluatie-allen-voor-een-2023",
  "/api/v1/plans/allen-voor-een-2022-2024",
];

function treeRssMb(pid: number): number {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      pids.push(...execFileSync("pgrep", ["-P", String(pids[i])], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number));
    } catch {
      // no children
    }
  }
  const kb = pids.reduce((sum, p) => {
    const match = readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
    return sum + (match ? Number(match[1]) : 0);
  }, 0);
  return kb / 1024;
}

async function startOnce(dataDir: string): Promise<{ seconds: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(join(root, "node_modules/.bin/tsx"), ["src/main.ts"], {
    cwd: root,
    env: { ...process.env, PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}`, KOERS_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 120_000) throw new Error("Koers startte niet binnen 120 s");
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - started) / 1000;
    for (const page of pages) await (await fetch(`http://127.0.0.1:${port}${page}`)).text();
    return { seconds, rssMb: treeRssMb(child.pid!) };
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const first: number[] = [];
const later: number[] = [];
const memory: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), "koers-bench-"));
  try {
    const a = await startOnce(dataDir);
    const b = await startOnce(dataDir);
    first.push(a.seconds);
    later.push(b.seconds);
    memory.push(a.rssMb, b.rssMb);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const fmt = (list: number[], unit: string, digits = 1) =>
  `mediaan ${[...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!.toFixed(digits)} ${unit} (min ${Math.min(...list).toFixed(digits)}, max ${Math.max(...list).toFixed(digits)})`;
console.log(`Metingen: ${runs}x eerste start en ${runs}x latere start op PGlite, ${process.version}`);
console.log(`Eerste start (aanmaken + migreren + vijf documenten laden): ${fmt(first, "s")}`);
console.log(`Latere start: ${fmt(later, "s")}`);
console.log(`Geheugen (RSS) na alle pagina's: ${fmt(memory, "MB", 0)}`);
