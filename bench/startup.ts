/**
 * npm run bench:startup [-- RUNS]
 * Measures how long Koers takes to start on the embedded database, as `npm start` runs it
 * (the compiled server, with the Node options of package.json's start script): the first
 * start (create the database, migrate, load the five source documents) and later starts
 * (open and migrate only), until it answers HTTP; and the server's memory (resident set
 * size of its process tree) after it has served every page type once.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "../scripts/build.mjs";
import { openDatabase } from "../src/db/client.ts";
import { SESSION_COOKIE } from "../src/web/auth.ts";
import { makeUser } from "../test/helpers/accounts.ts";
import { treeRssMb } from "./process-memory.ts";

const root = resolve(import.meta.dirname, "..");
const runs = Number(process.argv[2] ?? 3);
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;

// Exactly what `npm start` runs after its build step, on the project's Node.
const [command, ...args] = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start.split(/\s+/);
if (command !== "node") throw new Error(`npm start begint niet met node: ${command}`);

const plans = ["uitvoeringsplan-nk-2025-2026", "allen-voor-een-2022-2024", "jaarplan-ppo-nk-2023", "activiteitenplan-swvnk-2024"].map((s) => `/plannen/${s}`);
/** Every page type a visitor can open, read from the running server where an address holds an id. */
async function publicPages(): Promise<string[]> {
  const compare = await Promise.all(
    plans.map(async (plan) => (await (await fetch(`${base}${plan}/versies`)).text()).match(/href="([^"]*\/versies\/vergelijk\?[^"]*)"/)?.[1]),
  );
  const compareHref = compare.find(Boolean)?.replaceAll("&amp;", "&");
  if (!compareHref) throw new Error("Geen versievergelijking gevonden in de bronplannen");
  return [
    "/",
    ...plans,
    "/evaluaties/tussenevaluatie-allen-voor-een-2023",
    "/zoeken?q=thuiszitters",
    "/begrippen",
    "/regio",
    "/onderwerpen",
    "/onderwerpen/thuiszitters",
    ...plans.map((plan) => `${plan}/versies`),
    compareHref,
    "/api/v1/plans/allen-voor-een-2022-2024",
    ...plans.map((plan) => `${plan}/cijfers`),
    "/plannen/allen-voor-een-2022-2024/cijfers/verwijzingspercentage",
    "/plannen/allen-voor-een-2022-2024/cijfers.xlsx",
    "/api/v1/plans/allen-voor-een-2022-2024/indicators",
    "/plannen/allen-voor-een-2022-2024/voortgang/2022",
    "/plannen/allen-voor-een-2022-2024/dashboard",
    "/inloggen",
  ];
}
/** And the pages for a signed-in administrator, who sees every plan with its editing actions. */
const signedInPages = [
  ...plans,
  ...plans.flatMap((plan) => [`${plan}/dashboard`, `${plan}/tijdlijn`, `${plan}/wijzigingen`, `${plan}/cijfers`]),
  "/plannen/allen-voor-een-2022-2024/cijfers/verwijzingspercentage",
  "/plannen/allen-voor-een-2022-2024/cijfers/inlezen",
  "/plannen/allen-voor-een-2022-2024/rapportage?van=2022",
  "/plannen/allen-voor-een-2022-2024/rapportage/teksten?van=2022",
  "/mijn-werk",
  "/account",
  "/beheer/wijzigingen",
];

async function serve(path: string, session?: string) {
  const res = await fetch(`${base}${path}`, { headers: session ? { cookie: `${SESSION_COOKIE}=${session}` } : {}, redirect: "manual" });
  await res.text();
  if (res.status !== 200) throw new Error(`${path} gaf ${res.status}`);
}

async function startOnce(dataDir: string, session?: string): Promise<{ seconds: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, KOERS_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 300_000) throw new Error("Koers startte niet binnen 300 s");
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - started) / 1000;
    for (const page of await publicPages()) await serve(page);
    if (session) for (const page of signedInPages) await serve(page, session);
    return { seconds, rssMb: treeRssMb(child.pid!) };
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

/** An administrator with a session, written while the server is stopped (one process at a time). */
async function administrator(dataDir: string): Promise<string> {
  const database = await openDatabase({ dir: join(dataDir, "db") });
  try {
    return (await makeUser(database.db, "meting@koers.invalid", { admin: true })).session;
  } finally {
    await database.close();
  }
}

await build();
const first: number[] = [];
const later: number[] = [];
const firstMemory: number[] = [];
const laterMemory: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), "koers-bench-"));
  try {
    const a = await startOnce(dataDir);
    const b = await startOnce(dataDir, await administrator(dataDir));
    first.push(a.seconds);
    later.push(b.seconds);
    firstMemory.push(a.rssMb);
    laterMemory.push(b.rssMb);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const fmt = (list: number[], unit: string, digits = 1) =>
  `mediaan ${[...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!.toFixed(digits)} ${unit} (min ${Math.min(...list).toFixed(digits)}, max ${Math.max(...list).toFixed(digits)})`;
console.log(`Metingen: ${runs}x eerste start en ${runs}x latere start op PGlite, ${process.version}, \`${command} ${args.join(" ")}\``);
console.log(`Eerste start (aanmaken + migreren + vijf documenten laden): ${fmt(first, "s")}`);
console.log(`Latere start: ${fmt(later, "s")}`);
console.log(`Geheugen (RSS) na de openbare pagina's, eerste start: ${fmt(firstMemory, "MB", 0)}`);
console.log(`Geheugen (RSS) na elk paginatype, ook ingelogd, latere start: ${fmt(laterMemory, "MB", 0)}`);
