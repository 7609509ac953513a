/**
 * The scheduled work behind the notifications, in pg-boss: a job queue whose jobs and schedules
 * live in the database itself (schema `pgboss`), so they survive a restart, and whose schedule
 * creates one job per moment however many Koers processes share the database. On the embedded
 * database pg-boss runs on the same PGlite instance (decision 0025).
 *
 * Every five minutes one job runs runNotifications (service.ts); what it sends is keyed, so a
 * retried or doubled job never sends twice, and a missed moment is caught up on the next run.
 */
import { fromPglite, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { Database } from "../../db/client.ts";
import type { Mailer } from "../accounts/mail.ts";
import { runNotifications, type NotificationSettings } from "./service.ts";

export const QUEUE = "koers-berichten";
export const SCHEDULE = "*/5 * * * *";

export interface Jobs {
  /** Asks for a run now (it is queued like the scheduled ones). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobs(database: Database, deps: { mailer: Mailer; logger: Logger; settings: NotificationSettings; now?: () => Date }): Promise<Jobs> {
  const { mailer, logger, settings } = deps;
  const connection = database.connection;
  const boss =
    connection.kind === "pglite"
      ? new PgBoss({ db: fromPglite(connection.client), backend: "pglite", schema: "pgboss", monitorIntervalSeconds: 300 })
      : new PgBoss({ connectionString: connection.url, schema: "pgboss", max: 2, application_name: "koers-taken" });
  boss.on("error", (error) => logger.error({ err: error }, "takenwachtrij: fout"));
  await boss.start();
  // One run at a time, across processes; a failed run is tried again a minute later.
  await boss.createQueue(QUEUE, { policy: "singleton", retryLimit: 3, retryDelay: 60, expireInSeconds: 15 * 60 });
  const worker = await boss.work(QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const outcome = await runNotifications(database.db, mailer, settings, deps.now?.() ?? new Date());
    if (Object.values(outcome).some((n) => n > 0)) logger.info(outcome, "berichten verstuurd");
    return outcome;
  });
  await boss.schedule(QUEUE, SCHEDULE, null, { tz: "Europe/Amsterdam", missed: "once" });
  return {
    runNow: async () => {
      await boss.send(QUEUE, null);
      boss.notifyWorker(worker);
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
