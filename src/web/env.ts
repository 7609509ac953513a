import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import type { Viewer } from "../modules/accounts/viewer.ts";

/** What every route gets: the database, the logger, and who is asking. */
export interface AppDeps {
  db: Db;
  logger: Logger;
}

export interface AppEnv {
  Variables: { viewer: Viewer };
}
