/**
 * npm run bench:national -- [generate|run|all] [--clients 50] [--seconds 10] [--requests 20]
 * npm run bench:national -- run --embedded   (a region's data on the embedded database, 10 clients)
 * npm run bench:national -- run --ingelogd   (the signed-in pages only)
 * npm run bench:national -- run --profiel DIR   (the server writes a CPU profile to DIR)
 *
 * Koers at the scale of a country, on PostgreSQL (KOERS_BENCH_DATABASE_URL, default the local
 * server's database `koers_national`, which `generate` drops and creates):
 * - generate: the five source documents, then 350 gemeenten, 150 samenwerkingsverbanden,
 *   35 regions and 300 plans built from the four source plans (their levels, layouts, texts,
 *   parties, timing, indicators), 30 000 items in all (one plan at the limit of 500), each plan
 *   reporting per quarter over five years, with an update on every item in every period
 *   (600 000) and a measurement of every numeric indicator every quarter.
 * - run: starts the compiled server on that database (as `npm start` does, scheduled work
 *   off) and times every page type and API call, first one request at a time, then with
 *   `--clients` clients at once for `--seconds`; next to each, the time the same request spent
 *   in the database (its Server-Timing header: the queries the page runs, the lower bound) and
 *   the ratio; and the server's memory (RSS) at its highest. Prints a Markdown table.
 * Figures and their history: docs/performance/scale.md.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gunzipSync, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import pg from "pg";
import { build } from "../scripts/build.mjs";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { openReadyDatabase } from "../src/db/ready.ts";
import { system } from "../src/modules/access/viewer.ts";
import { importDataSet, parseFiles } from "../src/modules/exchange/service.ts";
import { configureCycle } from "../src/modules/monitoring/updates.ts";
import type { PlanFile } from "../src/modules/plans/format.ts";
import { SESSION_COOKIE } from "../src/web/auth.ts";
import { makeUser } from "../test/helpers/accounts.ts";
import { treeRssMb } from "./process-memory.ts";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const command = args.find((a) => !a.startsWith("--") && !/^\d/.test(a)) ?? "all";
/** `run --embedded`: a region's data (the five source documents) on the embedded database, 10 clients by default. */
const EMBEDDED = args.includes("--embedded");
/** `--ingelogd`: the signed-in pages only. */
const SIGNED_IN_ONLY = args.includes("--ingelogd");
const CLIENTS = option("clients", EMBEDDED ? 10 : 50);
const SECONDS = option("seconds", 10);
const REQUESTS = option("requests", 20);
const databaseUrl = process.env.KOERS_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/koers_national";

const SCALE = { gemeenten: 350, swvs: 150, regions: 35, plans: 300, items: 30_000, largest: 500, years: 5 };

/** A deterministic pseudo-random sequence, so that every run builds the same country. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Item = PlanFile["items"][number];
const countItems = (list: readonly Item[]): number => list.reduce((n, item) => n + 1 + countItems(item.children), 0);

/** `template`'s items, repeated with their codes prefixed (A.1, B.1, …) until there are about `target`. */
function itemsOf(template: PlanFile, target: number, owners: string[]): Item[] {
  const strip = (item: Item, prefix: string): Item => ({
    ...item,
    code: item.code ? `${prefix}${item.code}` : item.code,
    links: [],
    parties: item.parties.map((p) => ({ ...p, organisations: p.organisations.length ? owners.slice(0, 1) : [] })),
    children: item.children.map((child) => strip(child, prefix)),
  });
  const out: Item[] = [];
  for (let round = 0; countItems(out) < target; round++) {
    const prefix = round === 0 ? "" : `${String.fromCharCode(65 + (round % 26))}${Math.floor(round / 26) || ""}.`;
    for (const item of template.items) {
      const copy = strip(item, prefix);
      if (countItems(out) + countItems([copy]) > Math.min(target, SCALE.largest)) {
        if (countItems(out) > 0) return out;
        continue;
      }
      out.push(copy);
    }
  }
  return out;
}

async function generate() {
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  const name = new URL(databaseUrl).pathname.slice(1);
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();

  const started = performance.now();
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" });
  const { database } = await openReadyDatabase(config);
  const next = random(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;

  const gemeenten = Array.from({ length: SCALE.gemeenten }, (_, i) => ({ slug: `gemeente-${i + 1}`, name: `Gemeente ${i + 1}`, kind: "gemeente" }));
  const swvs = Array.from({ length: SCALE.swvs }, (_, i) => ({ slug: `swv-${i + 1}`, name: `Samenwerkingsverband ${i + 1}`, kind: i % 2 ? "swv-vo" : "swv-po" }));
  const regions = Array.from({ length: SCALE.regions }, (_, i) => ({
    slug: `jeugdregio-${i + 1}`,
    name: `Jeugdregio ${i + 1}`,
    kind: "jeugdhulpregio",
    members: gemeenten.filter((_, g) => g % SCALE.regions === i).map((g) => g.slug),
  }));

  const templates = readdirSync(join(root, "data/plans"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => ({ name: f, text: readFileSync(join(root, "data/plans", f), "utf8") }));
  const parsed = parseFiles(templates).data.plans;
  const perPlan = Math.round((SCALE.items - SCALE.largest) / (SCALE.plans - 1));
  const plans: PlanFile[] = Array.from({ length: SCALE.plans }, (_, i) => {
    const template = parsed[i % parsed.length]!;
    const owners = [pick(gemeenten).slug, pick(swvs).slug];
    return {
      ...template,
      slug: `landelijk-plan-${i + 1}`,
      title: `${template.title} (${i + 1})`,
      status: "vastgesteld",
      published: true,
      period: { label: `${2021}-${2021 + SCALE.years - 1}`, start: "2021-01-01", end: `${2021 + SCALE.years - 1}-12-31` },
      parent: undefined,
      owners,
      regions: [pick(regions).slug],
      approvals: [],
      items: itemsOf(template, i === 0 ? SCALE.largest : perPlan, owners),
    } as PlanFile;
  });
  const organisations = {
    organisations: [...gemeenten, ...swvs],
    regions: regions.map(({ members, ...r }) => ({ ...r, members: members.map((organisation) => ({ organisation })) })),
  };
  // The source plans' indicators go with every plan made from them, measured each quarter.
  const sourceFigures = parseFiles(
    readdirSync(join(root, "data/figures"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => ({ name: f, text: readFileSync(join(root, "data/figures", f), "utf8") })),
  ).data.figures;
  const quarters = Array.from({ length: SCALE.years * 4 }, (_, q) => {
    const year = 2021 + Math.floor(q / 4);
    const month = ((q % 4) + 1) * 3;
    return { label: `K${(q % 4) + 1} ${year}`, date: `${year}-${String(month).padStart(2, "0")}-${month === 6 || month === 9 ? 30 : 31}` };
  });
  const figures = plans.flatMap((plan, i) => {
    const source = sourceFigures.find((f) => f.file.plan === parsed[i % parsed.length]!.slug);
    if (!source) return [];
    const indicators = source.file.indicators.map(({ compareWith: _, ...indicator }) => ({
      ...indicator,
      measurements:
        indicator.unit === "tekst"
          ? []
          : quarters.map((q) => ({ ...q, scope: "totaal" as const, value: Math.floor(next() * (indicator.unit === "percentage" ? 100 : 500)), source: "Landelijke meting", quote: "Landelijke meting", provisional: false, interpreted: [] })),
    }));
    return [{ name: `${plan.slug}-cijfers.yaml`, file: { plan: plan.slug, indicators } }];
  });
  const data = { organisations, plans, evaluations: [], glossary: [], topics: [], figures } as unknown as Parameters<typeof importDataSet>[1];
  await importDataSet(database, data, { plans: plans.map((p) => `${p.slug}.yaml`), evaluations: [] });
  const imported = performance.now();
  const measurements = figures.reduce((n, f) => n + f.file.indicators.reduce((m, i) => m + i.measurements.length, 0), 0);
  console.log(
    `${plans.length} plannen met ${plans.reduce((n, p) => n + countItems(p.items), 0)} onderdelen en ${measurements} metingen ingelezen in ${((imported - started) / 1000).toFixed(0)} s`,
  );

  let updates = 0;
  for (const plan of plans) {
    const { periods } = await configureCycle(database.db, system, plan.slug, "kwartaal");
    const { rows } = (await database.db.execute(sql`select i.id from items i join plans p on p.id = i.plan_id where p.slug = ${plan.slug}`)) as unknown as { rows: { id: number }[] };
    const statuses = ["op-koers", "op-koers", "op-koers", "aandacht-nodig", "achter-op-planning", "afgerond", "niet-gestart"];
    const batch = rows.flatMap(({ id }) =>
      periods.map((period) => ({
        item_id: id,
        period_id: period.id,
        status: pick(statuses),
        results: [{ title: "Resultaten", text: `In ${period.label} is het werk volgens planning voortgezet; de werkgroep kwam ${1 + Math.floor(next() * 4)} keer bijeen.` }],
        planning: [{ title: "Planning", text: "Het volgende kwartaal volgt de evaluatie met de partners." }],
        percentage: Math.floor(next() * 101),
        author_name: "Landelijke meting",
      })),
    );
    for (let i = 0; i < batch.length; i += 5_000) {
      await database.db.execute(sql`
        insert into progress_updates (item_id, period_id, status, results, planning, percentage, author_name)
        select item_id, period_id, status, results, planning, percentage, author_name
        from json_to_recordset(${JSON.stringify(batch.slice(i, i + 5_000))}::json)
          as r(item_id int, period_id int, status text, results jsonb, planning jsonb, percentage int, author_name text)`);
    }
    updates += batch.length;
  }
  await database.db.execute(sql`analyze`);
  console.log(`${updates} voortgangsupdates geschreven in ${((performance.now() - imported) / 1000).toFixed(0)} s`);
  await database.close();
}

interface Timing {
  path: string;
  label: string;
  /** dbMedian: the database time of building the page (its queries: the lower bound); kept: served from the page cache after the first time. */
  /** bytes: the size with gzip; brBytes: with brotli as Koers makes it (quality 5), which browsers that accept it get. */
  alone: { median: number; p95: number; dbMedian: number; bytes: number; brBytes: number; queries: number; kept: boolean };
  together: { median: number; p95: number; errors: number; perSecond: number };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

const withoutDatabase = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([name]) => name !== "DATABASE_URL" && name !== "DATABASE_READ_URL"));

async function run() {
  await build();
  const port = 3700 + Math.floor(Math.random() * 90);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = EMBEDDED ? mkdtempSync(join(tmpdir(), "koers-bench-")) : "";
  const largest = "landelijk-plan-1";
  const typical = "landelijk-plan-2";
  const region = "allen-voor-een-2022-2024";
  const other = "uitvoeringsplan-nk-2025-2026";
  // Signed-in pages are asked by as many people as there are clients, each with their own
  // session: editors of the organisation that holds the plan, as in a meeting of its partners.
  const sessions = await (async () => {
    const database = EMBEDDED
      ? (await openReadyDatabase(loadConfig({ KOERS_DATA_DIR: dataDir, KOERS_SEED: "true", LOG_LEVEL: "warn" }))).database
      : await openDatabase({ url: databaseUrl });
    try {
      const owner = (await database.db.execute(
        sql`select o.slug from plan_owners po join organisations o on o.id = po.organisation_id join plans p on p.id = po.plan_id where p.slug = ${EMBEDDED ? region : typical} order by o.id limit 1`,
      )) as unknown as { rows: { slug: string }[] };
      const organisation = owner.rows[0]!.slug;
      const stamp = Date.now();
      const made: string[] = [];
      for (let i = 0; i < CLIENTS; i++) made.push((await makeUser(database.db, `meting-${stamp}-${i}@koers.invalid`, { roles: [[organisation, "redacteur"]] })).session);
      return made;
    } finally {
      await database.close();
    }
  })();
  const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start.split(/\s+/).slice(1);
  // `--profiel DIR`: the server writes a CPU profile (.cpuprofile, for Chrome's developer tools) there when it stops.
  const profile = args.includes("--profiel") ? ["--cpu-prof", `--cpu-prof-dir=${resolve(args[args.indexOf("--profiel") + 1] ?? "profiel")}`] : [];
  const server = spawn(process.execPath, [...profile, ...start], {
    cwd: root,
    env: { ...withoutDatabase(process.env), ...(EMBEDDED ? { KOERS_DATA_DIR: dataDir } : { DATABASE_URL: databaseUrl }), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", KOERS_JOBS: "off", KOERS_SEED: "false", KOERS_QUERY_STATS: "on" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssMb(server.pid!))), 250);
  try {
    for (let waited = 0; ; waited += 100) {
      if (waited > 60_000) throw new Error("De server startte niet binnen 60 s");
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const regionPages: [string, string | (() => string), boolean][] = [
      ["home", "/", false],
      ["plan, Allen voor één (de grootste)", `/plannen/${region}`, false],
      ["plan, Uitvoeringsplan", `/plannen/${other}`, false],
      ["plan, ingelogd", `/plannen/${region}`, true],
      ["dashboard", `/plannen/${region}/dashboard`, true],
      ["tijdlijn", `/plannen/${region}/tijdlijn`, true],
      ["agenda (iCalendar)", `/plannen/${other}/agenda.ics`, false],
      ["cijfers", `/plannen/${region}/cijfers`, false],
      ["versies", `/plannen/${region}/versies`, false],
      ["wijzigingen", `/plannen/${region}/wijzigingen`, true],
      ["evaluatie", "/evaluaties/tussenevaluatie-allen-voor-een-2023", false],
      ["onderwerp", "/onderwerpen/thuiszitters", false],
      ["zoeken", "/zoeken?q=leerlingen", false],
      ["API: plannen", "/api/v1/plans", false],
      ["API: plan", `/api/v1/plans/${region}`, false],
    ];
    const nationalPages: [string, string | (() => string), boolean][] = [
      ["home", "/", false],
      ["plan, grootste (500 onderdelen), deel 1", `/plannen/${largest}`, false],
      ["plan, grootste, een later deel", `/plannen/${largest}?deel=5`, false],
      ["plan, grootste, heel (afdrukken)", `/plannen/${largest}?deel=alle`, false],
      ["plan, gewoon (100 onderdelen)", `/plannen/${typical}`, false],
      ["plan, ingelogd", `/plannen/${typical}`, true],
      ["dashboard", `/plannen/${typical}/dashboard`, true],
      ["tijdlijn", `/plannen/${typical}/tijdlijn`, true],
      ["agenda (iCalendar)", `/plannen/${typical}/agenda.ics`, false],
      ["cijfers", `/plannen/${typical}/cijfers`, false],
      ["versies", `/plannen/${typical}/versies`, false],
      ["wijzigingen", `/plannen/${typical}/wijzigingen`, true],
      ["rapportage", `/plannen/${typical}/rapportage?van=Q1%202025`, true],
      ["onderwerp", "/onderwerpen/thuiszitters", false],
      ["zoeken", "/zoeken?q=leerlingen", false],
      ["API: plannen", "/api/v1/plans", false],
      ["API: plan", `/api/v1/plans/${typical}`, false],
    ];
    // Searches as people make them: each asks something else, so none is served from memory.
    const WORDS = ["leerlingen", "ouders", "school", "jeugdhulp", "thuiszitters", "gemeente", "onderwijs", "zorg", "samenwerking", "preventie", "verzuim", "begeleiding", "aanbod", "jongeren", "passend", "monitor", "budget", "kinderen", "regio", "arrangement"];
    let asked = 0;
    const anotherSearch = () => {
      const i = asked++;
      return `/zoeken?q=${WORDS[i % WORDS.length]}+${WORDS[Math.floor(i / WORDS.length) % WORDS.length]}&pagina=${1 + (Math.floor(i / WORDS.length ** 2) % 3)}`;
    };
    regionPages.push(["zoeken, steeds iets anders", anotherSearch, false]);
    nationalPages.push(["zoeken, steeds iets anders", anotherSearch, false]);
    const pages = (EMBEDDED ? regionPages : nationalPages).filter(([, , signedIn]) => signedIn || !SIGNED_IN_ONLY);
    // Plain HTTP with kept-alive connections, and the body as sent: the client should cost the two cores as little as it can.
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const ask = (path: string, session: string | undefined, sized = false) =>
      new Promise<{ ok: boolean; ms: number; bytes: number; brBytes: number; dbMs: number; queries: number; kept: boolean }>((done, fail) => {
        const t = performance.now();
        const headers = { "accept-encoding": "gzip", ...(session ? { cookie: `${SESSION_COOKIE}=${session}` } : {}) };
        http
          .get(`${base}${path}`, { agent, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", fail);
            res.on("end", () => {
              const ms = performance.now() - t;
              const body = Buffer.concat(chunks);
              const timings = String(res.headers["server-timing"] ?? "");
              const timing = /db;dur=([\d.]+);desc="(\d+) queries"/.exec(timings);
              // The size over the wire with gzip, also when the server sent the page uncompressed.
              const gzipped = res.headers["content-encoding"] === "gzip";
              const bytes = gzipped ? body.byteLength : sized ? gzipSync(body).byteLength : NaN;
              const plain = sized ? (gzipped ? gunzipSync(body) : body) : undefined;
              const brBytes = plain ? brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: plain.byteLength } }).byteLength : NaN;
              done({ ok: res.statusCode === 200, ms, bytes, brBytes, dbMs: Number(timing?.[1] ?? NaN), queries: Number(timing?.[2] ?? NaN), kept: /\bkept\b/.test(timings) });
            });
          })
          .on("error", fail);
      });
    const results: Timing[] = [];
    for (const [label, address, signedIn] of pages) {
      const at = typeof address === "string" ? () => address : address;
      const path = at();
      const sessionOf = (client: number) => (signedIn ? sessions[client] : undefined);
      const first = await ask(path, sessionOf(0), true);
      const alone = [];
      for (let i = 0; i < REQUESTS; i++) alone.push(await ask(at(), sessionOf(i % CLIENTS)));
      // The database time of building the page, from the requests that did (the server says which came from memory).
      const built = [first, ...alone].filter((r) => !r.kept);
      const until = performance.now() + SECONDS * 1000;
      const together: { ok: boolean; ms: number }[] = [];
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          while (performance.now() < until) together.push(await ask(at(), sessionOf(client)).catch(() => ({ ok: false, ms: NaN, bytes: 0, brBytes: 0, dbMs: NaN, queries: NaN, kept: false })));
        }),
      );
      const done = together.filter((r) => r.ok).map((r) => r.ms);
      results.push({
        path,
        label,
        alone: {
          median: quantile(alone.map((r) => r.ms), 0.5),
          p95: quantile(alone.map((r) => r.ms), 0.95),
          dbMedian: quantile(built.map((r) => r.dbMs), 0.5),
          bytes: first.bytes,
          brBytes: first.brBytes,
          queries: first.queries,
          kept: alone.some((r) => r.kept),
        },
        together: { median: quantile(done, 0.5), p95: quantile(done, 0.95), errors: together.length - done.length, perSecond: done.length / SECONDS },
      });
      const r = results.at(-1)!;
      console.error(`${label}: alleen ${r.alone.median.toFixed(0)} ms (db ${r.alone.dbMedian.toFixed(0)} ms), ${CLIENTS} tegelijk p95 ${r.together.p95.toFixed(0)} ms`);
    }
    const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "–");
    console.log(`\n${EMBEDDED ? "De gegevens van de regio (de vijf brondocumenten) op de ingebouwde database" : "Landelijke gegevens op PostgreSQL"}, ${CLIENTS} clients tegelijk gedurende ${SECONDS} s per pagina, ${REQUESTS} verzoeken na elkaar; load bij start ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]}\n`);
    console.log(`| pagina | uit geheugen | alleen: mediaan | alleen: p95 | db-tijd (mediaan) | verhouding | queries | gzip KB | brotli KB | ${CLIENTS} tegelijk: mediaan | p95 | per s | fouten |`);
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of results) {
      console.log(
        `| ${r.label} | ${r.alone.kept ? "ja" : "nee"} | ${fmt(r.alone.median)} ms | ${fmt(r.alone.p95)} ms | ${fmt(r.alone.dbMedian)} ms | ${(r.alone.median / r.alone.dbMedian).toFixed(1)} | ${fmt(r.alone.queries)} | ${fmt(r.alone.bytes / 1024)} | ${fmt(r.alone.brBytes / 1024)} | ${fmt(r.together.median)} ms | ${fmt(r.together.p95)} ms | ${r.together.perSecond.toFixed(1)} | ${r.together.errors} |`,
      );
    }
    console.log(`\nHoogste geheugengebruik van de server (RSS): ${Math.round(peakRss)} MB`);
  } finally {
    clearInterval(sampler);
    process.kill(-server.pid!, "SIGTERM");
    await new Promise((r) => server.once("exit", r));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (command === "generate" || command === "all") await generate();
if (command === "run" || command === "all") await run();
