import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Mailer } from "../modules/accounts/mail.ts";
import type { Viewer } from "../modules/access/viewer.ts";
import type { DueEvent } from "../lib/calendar.ts";

/** What every route gets: the database, configuration, the logger and the mailer. */
export interface AppDeps {
  db: Db;
  logger: Logger;
  config: Config;
  mailer: Mailer;
  /** With a read replica: runs a request's work with its queries on the replica (src/db/replica.ts). */
  onReplica?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * Events for the calendar feeds from modules the feeds' own modules may not know (governance's
   * meetings and decision deadlines); the composition root (app.tsx) wires them.
   */
  calendarSources?: {
    /** For the feed of a plan the viewer may read. */
    plan(db: Db, planId: number, baseUrl: string): Promise<DueEvent[]>;
    /** For a person's own feed. */
    person(db: Db, viewer: Viewer, baseUrl: string): Promise<DueEvent[]>;
  };
}

export interface AppEnv {
  Variables: {
    viewer: Viewer;
    /** The session cookie's token, when the request came with one that is valid. */
    sessionToken: string | undefined;
    /** Token that every form on the page must send back (double-submit cookie). */
    csrfToken: string;
    /** The data stamp of this request, asked once (src/web/page-cache.ts, stampOnce). */
    stamp: Promise<string> | undefined;
    /** Set when the answer came from the pages kept in memory. */
    kept: boolean | undefined;
    /** Set when the page carries the token in a form: the CSRF cookie must then be set. */
    csrfIssued: boolean | undefined;
  };
}
