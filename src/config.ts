/** Configuration from the environment, validated once at start-up. */
import { resolve } from "node:path";
import { z } from "zod";
import "./lib/zod-nl.ts";
import { defaultAccountSettings, type AccountSettings } from "./modules/accounts/settings.ts";
import type { AdmissionLimits } from "./web/admission.ts";
import { chronological, parseDays } from "./modules/notifications/rules.ts";
import type { NotificationSettings } from "./modules/notifications/service.ts";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Folder for the embedded database and other runtime files. */
  KOERS_DATA_DIR: z.string().default("./data"),
  /** postgres://… — use a PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** postgres://… of a read replica of DATABASE_URL: anonymous page views read from it. */
  DATABASE_READ_URL: z.string().url().optional(),
  /** Folder with the structured plan files loaded on first start. */
  KOERS_SEED_DIR: z.string().optional(),
  /** Set to "false" to start with an empty database. */
  KOERS_SEED: z.enum(["true", "false"]).default("true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The address people use to reach Koers; used in links in e-mails. https makes cookies Secure. */
  KOERS_PUBLIC_URL: z.string().url().optional(),
  /**
   * How many reverse proxies stand in front of Koers, each adding to X-Forwarded-For.
   * 0: the client address is the connection's; N: the Nth address from the right.
   */
  KOERS_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).optional(),
  /** Older setting: "true" means one trusted proxy (KOERS_TRUSTED_PROXIES=1). */
  KOERS_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** Password attempts (sign-in, reset, current password) allowed per client address per minute. */
  KOERS_SIGN_IN_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Requests with an unknown or revoked API key allowed per client address per minute. */
  KOERS_API_KEY_FAILURE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  KOERS_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  KOERS_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  /** smtp://user:password@host:587 — without it messages go to the outbox in the app. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("Koers <koers@localhost>"),
  /** "on": every response says how many queries it made and how long they took (Server-Timing, and a debug log line). Default: on unless NODE_ENV=production. */
  KOERS_QUERY_STATS: z.enum(["on", "off"]).optional(),
  /** Requests worked on at once (default 4 on the embedded database, 16 on PostgreSQL); more wait in turn. */
  KOERS_MAX_ACTIVE_REQUESTS: z.coerce.number().int().min(1).max(1000).optional(),
  /** Requests that may wait for a turn; beyond it, and after KOERS_MAX_WAIT_SECONDS, a request gets 503 with Retry-After. */
  KOERS_MAX_WAITING_REQUESTS: z.coerce.number().int().min(0).max(100_000).default(200),
  KOERS_MAX_WAIT_SECONDS: z.coerce.number().min(0.1).max(600).default(15),
  /** Megabytes of memory for finished public pages, kept until the data changes (src/web/page-cache.ts); 0 keeps none. */
  KOERS_PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(48),
  /** "off": this process runs no scheduled work (the notifications); another process on the same database does. */
  KOERS_JOBS: z.enum(["on", "off"]).default("on"),
  /** Days before and after a round's deadline on which reminders go out, for plans without days of their own. */
  KOERS_REMINDER_DAYS_BEFORE: z.string().default("7, 1").refine((v) => parseDays(v) !== null, "geef hele dagen, bijvoorbeeld 7, 1"),
  KOERS_REMINDER_DAYS_AFTER: z.string().default("1, 7").refine((v) => parseDays(v) !== null, "geef hele dagen, bijvoorbeeld 1, 7"),
  /** How many days before a meeting its agenda goes to the members. */
  KOERS_AGENDA_DAYS_AHEAD: z.coerce.number().int().min(0).max(60).default(7),
  /** From which hour (Dutch time) reminders, digests and agendas go out. */
  KOERS_MAIL_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Text on the sign-in button, e.g. "Inloggen met uw gemeenteaccount". */
  OIDC_LABEL: z.string().default("Inloggen met uw organisatieaccount"),
  /** Organisation (slug) and role that users created through single sign-on get. */
  OIDC_DEFAULT_ORGANISATION: z.string().optional(),
  OIDC_DEFAULT_ROLE: z.enum(["lezer", "redacteur"]).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseReadUrl: string | undefined;
  seedDir: string;
  seed: boolean;
  logLevel: string;
  /** Whether responses report their queries (Server-Timing header, debug log). */
  queryStats: boolean;
  /** Bytes of memory for finished public pages (src/web/page-cache.ts). */
  pageCacheBytes: number;
  /** How many requests are worked on at once, how many may wait, and how long (src/web/admission.ts). */
  admission: AdmissionLimits;
  publicUrl: string;
  /** Reverse proxies in front of Koers whose X-Forwarded-For entries are believed. */
  trustedProxies: number;
  signInLimitPerMinute: number;
  apiKeyFailureLimitPerMinute: number;
  accounts: AccountSettings;
  mail: { smtpUrl: string | undefined; from: string };
  /** Scheduled work in this process, and the settings of the messages it sends. */
  jobs: boolean;
  notifications: NotificationSettings;
  oidc:
    | {
        issuer: string;
        clientId: string;
        clientSecret: string;
        label: string;
        defaultOrganisation: string | undefined;
        defaultRole: "lezer" | "redacteur" | undefined;
      }
    | undefined;
}

const projectRoot = resolve(import.meta.dirname, "..");

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Ongeldige configuratie: ${problems}`);
  }
  const c = parsed.data;
  if (c.DATABASE_READ_URL && !c.DATABASE_URL) throw new Error("Ongeldige configuratie: DATABASE_READ_URL werkt alleen samen met DATABASE_URL (een replica van die database).");
  const publicUrl = (c.KOERS_PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, "");
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.KOERS_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    databaseReadUrl: c.DATABASE_READ_URL,
    seedDir: resolve(c.KOERS_SEED_DIR ?? resolve(projectRoot, "data")),
    seed: c.KOERS_SEED === "true",
    logLevel: c.LOG_LEVEL,
    queryStats: c.KOERS_QUERY_STATS ? c.KOERS_QUERY_STATS === "on" : env.NODE_ENV !== "production",
    pageCacheBytes: Math.round(c.KOERS_PAGE_CACHE_MB * 1024 * 1024),
    admission: {
      active: c.KOERS_MAX_ACTIVE_REQUESTS ?? (c.DATABASE_URL ? 16 : 4),
      waiting: c.KOERS_MAX_WAITING_REQUESTS,
      waitMs: c.KOERS_MAX_WAIT_SECONDS * 1000,
    },
    publicUrl,
    trustedProxies: c.KOERS_TRUSTED_PROXIES ?? (c.KOERS_TRUST_PROXY === "true" ? 1 : 0),
    signInLimitPerMinute: c.KOERS_SIGN_IN_LIMIT_PER_MINUTE,
    apiKeyFailureLimitPerMinute: c.KOERS_API_KEY_FAILURE_LIMIT_PER_MINUTE,
    accounts: { ...defaultAccountSettings, idleMinutes: c.KOERS_SESSION_IDLE_MINUTES, absoluteHours: c.KOERS_SESSION_MAX_HOURS },
    mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM },
    jobs: c.KOERS_JOBS === "on",
    notifications: {
      reminders: chronological({ daysBefore: parseDays(c.KOERS_REMINDER_DAYS_BEFORE) ?? [], daysAfter: parseDays(c.KOERS_REMINDER_DAYS_AFTER) ?? [] }),
      agendaDaysAhead: c.KOERS_AGENDA_DAYS_AHEAD,
      sendHour: c.KOERS_MAIL_HOUR,
      publicUrl,
    },
    oidc:
      c.OIDC_ISSUER && c.OIDC_CLIENT_ID
        ? {
            issuer: c.OIDC_ISSUER,
            clientId: c.OIDC_CLIENT_ID,
            clientSecret: c.OIDC_CLIENT_SECRET ?? "",
            label: c.OIDC_LABEL,
            defaultOrganisation: c.OIDC_DEFAULT_ORGANISATION,
            defaultRole: c.OIDC_DEFAULT_ROLE,
          }
        : undefined,
  };
}
