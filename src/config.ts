/** Configuration from the environment, validated once at start-up. */
import { resolve } from "node:path";
import { z } from "zod";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Folder for the embedded database and other runtime files. */
  KOERS_DATA_DIR: z.string().default("./data"),
  /** postgres://… — use a PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder with the structured plan files loaded on first start. */
  KOERS_SEED_DIR: z.string().optional(),
  /** Set to "false" to start with an empty database. */
  KOERS_SEED: z.enum(["true", "false"]).default("true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  seedDir: string;
  seed: boolean;
  logLevel: string;
}

const projectRoot = resolve(import.meta.dirname, "..");

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Ongeldige configuratie: ${problems}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.KOERS_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    seedDir: resolve(c.KOERS_SEED_DIR ?? resolve(projectRoot, "data")),
    seed: c.KOERS_SEED === "true",
    logLevel: c.LOG_LEVEL,
  };
}
