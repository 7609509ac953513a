/** Composition root: configuration → database → app → listen. */
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { serve } from "@hono/node-server";
import { loadConfig } from "./config.ts";
import { openReadyDatabase } from "./db/ready.ts";
import { createLogger } from "./logger.ts";
import { createApp } from "./web/app.tsx";
import { createMailer } from "./modules/accounts/mail.ts";
import { startJobs } from "./modules/notifications/jobs.ts";

/**
 * A full garbage collection, once, after a first start: creating the embedded database runs
 * initdb in a WebAssembly instance of its own (about 240 MB), which is otherwise held until V8
 * happens to collect it (docs/performance/startup.md).
 */
function collectGarbage() {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

export async function startServer(config = loadConfig()) {
  const startedAt = performance.now();
  const logger = createLogger(config.logLevel);
  let { database, seeded } = await openReadyDatabase(config);
  if (seeded) {
    logger.info({ plans: seeded.plans, evaluations: seeded.evaluations }, "bronplannen geladen (eerste start)");
    if (database.kind === "pglite") {
      await database.close();
      ({ database } = await openReadyDatabase(config));
    }
    collectGarbage();
  }
  const mailer = createMailer(config.mail, logger);
  const app = createApp({ db: database.db, logger, config, mailer, ...(database.onReplica && { onReplica: database.onReplica }) });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  logger.info(
    {
      url: `http://localhost:${port}`,
      database: database.kind,
      location: database.location,
      startupMs: Math.round(performance.now() - startedAt),
    },
    "Koers draait",
  );
  // Scheduled work starts once Koers answers: on a first start its tables take a few seconds.
  const jobs = config.jobs
    ? startJobs(database, { mailer, logger, settings: config.notifications }).catch((error: unknown) => {
        logger.error({ err: error }, "de takenwachtrij start niet: er gaan geen berichten vanzelf uit");
        return undefined;
      })
    : Promise.resolve(undefined);
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await (await jobs)?.stop();
    await database.close();
  };
  return { server, port, stop, logger, database, jobs };
}

if (import.meta.main) {
  const { stop, logger } = await startServer();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info("Koers stopt");
      void stop().then(() => process.exit(0));
    });
  }
}
