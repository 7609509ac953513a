import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Mailer } from "../modules/accounts/mail.ts";
import type { Viewer } from "../modules/access/viewer.ts";

/** What every route gets: the database, configuration, the logger and the mailer. */
export interface AppDeps {
  db: Db;
  logger: Logger;
  config: Config;
  mailer: Mailer;
}

export interface AppEnv {
  Variables: {
    viewer: Viewer;
    /** The session cookie's token, when the request came with one that is valid. */
    sessionToken: string | undefined;
    /** Token that every form on the page must send back (double-submit cookie). */
    csrfToken: string;
    /** Set when the page carries the token in a form: the CSRF cookie must then be set. */
    csrfIssued: boolean | undefined;
  };
}
