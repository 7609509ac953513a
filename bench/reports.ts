/**
 * npm run bench:reports [-- REQUESTS]
 * Times the progress report of the largest plan (most items) on the embedded database, through
 * the code the pages run: the plan gets quarterly periods and an update with texts for every
 * item in the first, then (a) the report page as HTML (/plannen/{plan}/rapportage?van=...,
 * signed in as an administrator), (b) the report as DOCX and (c) as XLSX, each built from the
 * database anew. Median and slowest of REQUESTS after a warm-up. Targets (issue 11): HTML
 * under 200 ms, DOCX under 1 s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openReadyDatabase } from "../src/db/ready.ts";
import { sessionViewer } from "../src/modules/accounts/service.ts";
import { system } from "../src/modules/access/viewer.ts";
import { configureCycle, saveUpdate } from "../src/modules/monitoring/updates.ts";
import { getPlan, listPlans, type PlanItem } from "../src/modules/plans/reading.ts";
import { reportOf } from "../src/modules/reports/service.ts";
import { reportDocx, reportXlsx } from "../src/modules/reports/routes.tsx";
import { createApp } from "../src/web/app.tsx";
import { SESSION_COOKIE } from "../src/web/auth.ts";
import { makeUser } from "../test/helpers/accounts.ts";

const REQUESTS = Number(process.argv[2] ?? 20);
const WARM_UP = 3;

const loadAtStart = loadavg()[0]!;
const dataDir = mkdtempSync(join(tmpdir(), "koers-bench-rapportage-"));
const config = loadConfig({ KOERS_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
const { database } = await openReadyDatabase(config);
const { db } = database;

try {
  const count = (list: PlanItem[]): number => list.reduce((n, i) => n + 1 + count(i.children), 0);
  const plans = await Promise.all((await listPlans(db, system)).map(async (p) => ({ slug: p.slug, items: count((await getPlan(db, system, p.slug)).items) })));
  const largest = plans.sort((a, b) => b.items - a.items)[0]!;
  const { periods } = await configureCycle(db, system, largest.slug, "kwartaal");
  const period = periods[0]!;
  const walk = async (list: PlanItem[]) => {
    for (const item of list) {
      await walk(item.children);
      const results = `In ${period.label} is aan ${item.title.toLowerCase()} gewerkt: afspraken gemaakt, **twee** bijeenkomsten gehouden en de eerste resultaten gedeeld met de partners.`;
      await saveUpdate(db, system, largest.slug, item.id, period.id, { version: null, status: "op-koers", results, planning: "- vervolg in het volgende kwartaal\n- evaluatie met de regiegroep", percentage: 40, statusReason: null });
    }
  };
  await walk((await getPlan(db, system, largest.slug)).items);

  const { session } = await makeUser(db, "rapportage@koers.invalid", { admin: true });
  const admin = (await sessionViewer(db, session))!;
  const app = createApp({ db, logger: pino({ level: "silent" }), config });
  const path = `/plannen/${largest.slug}/rapportage?van=${encodeURIComponent(period.label)}`;

  const time = async (work: () => Promise<number>) => {
    for (let i = 0; i < WARM_UP; i++) await work();
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const start = performance.now();
      size = await work();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)]!, slowest: times.at(-1)!, size };
  };
  const html = await time(async () => {
    const res = await app.request(path, { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    if (res.status !== 200) throw new Error(`report page answered ${res.status}`);
    return (await res.text()).length;
  });
  const docx = await time(async () => (await reportDocx(await reportOf(db, admin, largest.slug, { from: period.label }))).length);
  const xlsx = await time(async () => (await reportXlsx(await reportOf(db, admin, largest.slug, { from: period.label }))).length);

  const ms = (n: number) => `${Math.round(n)} ms`;
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  process.stdout.write(
    [
      `Rapportage van het grootste plan: ${largest.slug} (${largest.items} onderdelen, elk met een update over ${period.label}); load bij start ${loadAtStart.toFixed(2)}`,
      `HTML-pagina: mediaan ${ms(html.median)}, traagste ${ms(html.slowest)} (${kb(html.size)}; doel < 200 ms)`,
      `Word (DOCX): mediaan ${ms(docx.median)}, traagste ${ms(docx.slowest)} (${kb(docx.size)}; doel < 1 s)`,
      `Excel (XLSX): mediaan ${ms(xlsx.median)}, traagste ${ms(xlsx.slowest)} (${kb(xlsx.size)})`,
      "",
    ].join("\n"),
  );
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
