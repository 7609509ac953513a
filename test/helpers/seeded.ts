/** A database of the given kind with the source plans loaded, as on the first start. */
import { preparedDatabase, type DatabaseKind, type TestDatabase } from "./databases.ts";

export { dataDir } from "./prepared.ts";

/** A copy of the database the global setup migrated and seeded once for the whole run. */
export function seededDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return preparedDatabase(kind, "seeded");
}
