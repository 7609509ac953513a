/** A database of the given kind with the source plans loaded, as on the first start. */
import { resolve } from "node:path";
import { seedOnce } from "../../src/modules/exchange/service.ts";
import { freshDatabase, type DatabaseKind, type TestDatabase } from "./databases.ts";

export const dataDir = resolve(import.meta.dirname, "../../data");

export async function seededDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const database = await freshDatabase(kind);
  await seedOnce(database, dataDir);
  return database;
}
