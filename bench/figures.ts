/**
 * npm run bench:figures [-- RUNS]
 * Measures Koers' figures on the embedded database, through the code the import and the pages
 * run: (a) importing 100 000 measurements from a CSV as people export it (`;`, decimal comma,
 * dd-mm-yyyy), each stage timed (read the file, turn rows into measurements, check and save),
 * median of RUNS imports into emptied indicators; (b) the indicator page
 * (/plannen/{plan}/cijfers/{indicator}, charts and data table) for ten years of quarterly
 * figures in 50 breakdown cells plus the totals, 20 requests after a warm-up, anonymously
 * (small counts suppressed) and as an administrator (real values). Wall time and the process's
 * CPU time (PGlite runs in the same process), so that a busy machine shows as such.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { inArray } from "drizzle-orm";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openReadyDatabase } from "../src/db/ready.ts";
import { readSheet, writeCsv } from "../src/lib/figures/sheet.ts";
import { sessionViewer } from "../src/modules/accounts/service.ts";
import { anonymous, system, type Viewer } from "../src/modules/access/viewer.ts";
import { insertFigures } from "../src/modules/figures/exchange.ts";
import { figuresFileSchema } from "../src/modules/figures/format.ts";
import { indicators, measurements } from "../src/modules/figures/schema.ts";
import { indicatorFigures, saveMeasurements } from "../src/modules/figures/service.ts";
import { measurementHeaders, measurementRows } from "../src/modules/figures/sheet-rows.ts";
import { createApp } from "../src/web/app.tsx";
import { SESSION_COOKIE } from "../src/web/auth.ts";
import { makeUser } from "../test/helpers/accounts.ts";

const runs = Number(process.argv[2] ?? 3);
const plan = "allen-voor-een-2022-2024";
const CELLS = 50;
const IMPORT_INDICATORS = 50;
const REQUESTS = 20;
const WARM_UP = 5;

/** Ten years of quarters: the last day of each, 2016-2025, as ISO dates. */
const quarters = Array.from({ length: 40 }, (_, n) => {
  const year = 2016 + Math.floor(n / 4);
  const quarter = (n % 4) + 1;
  return { iso: `${year}-${["03-31", "06-30", "09-30", "12-31"][quarter - 1]}`, label: `${year} K${quarter}` };
});
const schools = Array.from({ length: CELLS }, (_, n) => `school:school-${n + 1}`);
const dutchDate = (iso: string) => iso.split("-").reverse().join("-");
/** The same figures on every run: a small linear congruential generator. */
let seed = 2026;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

const slugOf = (n: number) => `import-${String(n + 1).padStart(2, "0")}`;
const PAGE_INDICATOR = "leerlingen-per-school";

const loadAtStart = loadavg()[0]!;
const dataDir = mkdtempSync(join(tmpdir(), "koers-bench-cijfers-"));
const config = loadConfig({ KOERS_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
const started = performance.now();
const { database } = await openReadyDatabase(config);
const setUpSeconds = (performance.now() - started) / 1000;
const { db } = database;

const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const s = (n: number) => `${(n / 1000).toFixed(2)} s`;

try {
  // The indicators: 50 for the import (half counts about children, half percentages) and one for the page.
  const file = figuresFileSchema.parse({
    plan,
    indicators: [
      ...Array.from({ length: IMPORT_INDICATORS }, (_, n) => ({
        slug: slugOf(n),
        name: `Importmeting ${n + 1}`,
        unit: n % 2 === 0 ? "aantal" : "percentage",
        direction: "lager",
        frequency: "kwartaal",
        breakdowns: ["school"],
        children: n % 2 === 0,
      })),
      {
        slug: PAGE_INDICATOR,
        name: "Thuiszittende leerlingen per school",
        definition: "Leerlingen die langer dan vier weken niet naar school gaan, per school en in totaal.",
        unit: "aantal",
        direction: "lager",
        frequency: "kwartaal",
        breakdowns: ["school"],
        children: true,
        baseline: { value: 120, label: "2016", date: "2016-03-31" },
        targets: [{ value: 60, label: "2025", date: "2025-12-31" }],
      },
    ],
  });
  await db.transaction(async (t) => insertFigures(t as unknown as typeof db, [file], ["bench.yaml"], system));

  // (a) 100 000 rows as an export: indicator;peildatum;periode;gebied;waarde;bron;toelichting;voorlopig
  const rows: string[][] = [];
  for (let n = 0; n < IMPORT_INDICATORS; n++) {
    for (const q of quarters) {
      for (const scope of schools) {
        const value = n % 2 === 0 ? String(Math.floor(random() * 40)) : (random() * 100).toFixed(1).replace(".", ",");
        rows.push([slugOf(n), dutchDate(q.iso), q.label, scope, value, "Leerlingadministratie", "", "nee"]);
      }
    }
  }
  const csv = writeCsv([...measurementHeaders], rows);
  const importIds = (await db.select({ id: indicators.id }).from(indicators).where(inArray(indicators.slug, Array.from({ length: IMPORT_INDICATORS }, (_, n) => slugOf(n))))).map((r) => r.id);

  type Stage = "read" | "rows" | "save" | "total" | "replace";
  const wall = { read: [], rows: [], save: [], total: [], replace: [] } as Record<Stage, number[]>;
  const cpu = { read: [], rows: [], save: [], total: [], replace: [] } as Record<Stage, number[]>;
  const cpuMs = () => {
    const { user, system: kernel } = process.cpuUsage();
    return (user + kernel) / 1000;
  };
  for (let run = 0; run < runs; run++) {
    await db.delete(measurements).where(inArray(measurements.indicatorId, importIds));
    const marks = [[performance.now(), cpuMs()]];
    const sheet = await readSheet("cijfers.csv", csv);
    marks.push([performance.now(), cpuMs()]);
    const parsed = measurementRows("cijfers.csv", sheet);
    if (parsed.problems.length > 0) throw new Error(`Problemen in de CSV: ${parsed.problems[0]!.message}`);
    marks.push([performance.now(), cpuMs()]);
    const { saved } = await saveMeasurements(db, system, plan, parsed.rows, { file: "cijfers.csv" });
    marks.push([performance.now(), cpuMs()]);
    if (saved !== rows.length) throw new Error(`${saved} van ${rows.length} metingen opgeslagen`);
    // The same file again: every row replaces the value already there.
    await saveMeasurements(db, system, plan, measurementRows("cijfers.csv", await readSheet("cijfers.csv", csv)).rows, { file: "cijfers.csv" });
    marks.push([performance.now(), cpuMs()]);
    const between = (from: number, to: number, stage: Stage) => {
      wall[stage].push(marks[to]![0]! - marks[from]![0]!);
      cpu[stage].push(marks[to]![1]! - marks[from]![1]!);
    };
    between(0, 1, "read");
    between(1, 2, "rows");
    between(2, 3, "save");
    between(0, 3, "total");
    between(3, 4, "replace");
  }

  // (b) The page's indicator: 40 quarters × (50 schools + the total), saved as an import would.
  const pageRows = quarters.flatMap((q) => {
    const cells = schools.map((scope) => ({ scope, value: Math.floor(random() * 12) }));
    return [{ scope: "totaal", value: cells.reduce((sum, c) => sum + c.value, 0) }, ...cells].map((c, i) => ({
      row: `rij ${i}`,
      indicator: PAGE_INDICATOR,
      input: { date: q.iso, label: q.label, scope: c.scope, value: c.value, source: "Leerlingadministratie" },
    }));
  });
  await saveMeasurements(db, system, plan, pageRows);
  const app = createApp({ db, logger: pino({ level: "silent" }), config });
  const { session } = await makeUser(db, "meting@koers.invalid", { admin: true });
  const path = `/plannen/${plan}/cijfers/${PAGE_INDICATOR}`;
  const adminViewer = (await sessionViewer(db, session))!;

  async function timePage(headers: Record<string, string>): Promise<{ times: number[]; cpu: number[]; bytes: number }> {
    let bytes = 0;
    const cpuTimes: number[] = [];
    for (let n = 0; n < WARM_UP; n++) await (await app.request(path, { headers })).text();
    const times: number[] = [];
    for (let n = 0; n < REQUESTS; n++) {
      const t0 = performance.now();
      const c0 = cpuMs();
      const res = await app.request(path, { headers });
      const html = await res.text();
      times.push(performance.now() - t0);
      cpuTimes.push(cpuMs() - c0);
      if (res.status !== 200) throw new Error(`${path} gaf ${res.status}`);
      bytes = html.length;
    }
    return { times, cpu: cpuTimes, bytes };
  }
  async function timeService(viewer: Viewer): Promise<number[]> {
    for (let n = 0; n < WARM_UP; n++) await indicatorFigures(db, viewer, plan, PAGE_INDICATOR);
    const times: number[] = [];
    for (let n = 0; n < REQUESTS; n++) {
      const t0 = performance.now();
      await indicatorFigures(db, viewer, plan, PAGE_INDICATOR);
      times.push(performance.now() - t0);
    }
    return times;
  }
  const anonymousPage = await timePage({});
  const adminPage = await timePage({ cookie: `${SESSION_COOKIE}=${session}` });
  const anonymousService = await timeService(anonymous);
  const adminService = await timeService(adminViewer);
  const suppressedCells = (await indicatorFigures(db, anonymous, plan, PAGE_INDICATOR)).indicator.measurements.filter((m) => m.suppressed).length;

  const spread = (list: number[], f: (n: number) => string) => `mediaan ${f(median(list))} (min ${f(Math.min(...list))}, max ${f(Math.max(...list))})`;
  const nodeOptions = process.execArgv.filter((a, i, all) => a.startsWith("--") && !["--import", "--require"].includes(a) && !["--import", "--require"].includes(all[i - 1]!));
  console.log(`Cijfers op PGlite, ${process.version} ${nodeOptions.join(" ") || "(geen Node-opties)"}; database aangemaakt en bronplannen geladen in ${setUpSeconds.toFixed(1)} s; belasting (load average, 1 min) ${loadAtStart.toFixed(1)} bij de start, ${loadavg()[0]!.toFixed(1)} aan het eind`);
  console.log(`(a) Import van ${rows.length.toLocaleString("nl-NL")} rijen (${IMPORT_INDICATORS} indicatoren × ${quarters.length} peildata × ${CELLS} scholen), CSV van ${(csv.length / 1e6).toFixed(1)} MB, ${runs}x:`);
  const stage = (label: string, key: Stage, goal = "") =>
    console.log(`    ${label.padEnd(46)} ${spread(wall[key], s)}; CPU-tijd ${s(median(cpu[key]))}${goal}`);
  stage("bestand lezen (readSheet):", "read");
  stage("rijen omzetten (measurementRows):", "rows");
  stage("controleren en opslaan (saveMeasurements):", "save");
  stage("totaal:", "total", " (doel < 10 s)");
  stage("hetzelfde bestand opnieuw (waarden vervangen):", "replace");
  console.log(`(b) Indicatorpagina ${path}: ${pageRows.length} metingen (${quarters.length} kwartalen × ${CELLS} scholen + totaal), ${REQUESTS} verzoeken na ${WARM_UP} om op te warmen:`);
  console.log(`    anoniem (${suppressedCells} van de ${pageRows.length} waarden afgeschermd): ${spread(anonymousPage.times, ms)}, CPU-tijd ${ms(median(anonymousPage.cpu))}, ${(anonymousPage.bytes / 1024).toFixed(0)} kB HTML (doel < 100 ms)`);
  console.log(`    ingelogd als beheerder (echte waarden):   ${spread(adminPage.times, ms)}, CPU-tijd ${ms(median(adminPage.cpu))}, ${(adminPage.bytes / 1024).toFixed(0)} kB HTML (doel < 100 ms)`);
  console.log(`    waarvan de cijfers lezen (indicatorFigures), anoniem: ${spread(anonymousService, ms)}; beheerder: ${spread(adminService, ms)}`);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
