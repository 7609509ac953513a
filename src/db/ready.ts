/**
 * Opens the configured database ready for use: migrations applied and, on the
 * very first use, the source plans loaded. The server and every CLI command that
 * touches data go through here, so a database is always in the same state.
 */
import type { Config } from "../config.ts";
import { seedOnce, type ImportSummary } from "../modules/exchange/service.ts";
import { databaseTarget, openDatabase, type Database } from "./client.ts";

export async function openReadyDatabase(config: Config): Promise<{ database: Database; seeded: ImportSummary | undefined }> {
  const database = await openDatabase(databaseTarget(config));
  try {
    await database.migrate();
    const seeded = config.seed ? await seedOnce(database, config.seedDir) : undefined;
    return { database, seeded };
  } catch (error) {
    await database.close();
    throw error;
  }
}
