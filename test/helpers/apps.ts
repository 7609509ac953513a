/** The web app as the route tests use it, and users signed in to it: through the form or with an API key. */
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../src/db/client.ts";
import { loadConfig } from "../../src/config.ts";
import { createApiToken, sessionViewer } from "../../src/modules/accounts/service.ts";
import type { MemberRole, Viewer } from "../../src/modules/access/viewer.ts";
import { createApp } from "../../src/web/app.tsx";
import { makeMembers, makeUser, PASSWORD } from "./accounts.ts";
import { client } from "./client.ts";
import type { DatabaseKind, TestDatabase } from "./databases.ts";
import { formFields } from "./html.ts";
import { seededDatabase } from "./seeded.ts";

export type TestApp = ReturnType<typeof createApp>;

/** The app over this database, without logs, configured by these settings (as environment variables). */
export function testApp(db: Db, settings: Record<string, string> = {}): TestApp {
  return createApp({ db, logger: pino({ level: "silent" }), config: loadConfig(settings) });
}

/** A browser-like client that has signed in through the form with the test password. */
export async function signedInClient(app: TestApp, email: string) {
  const browser = client(app);
  await browser.post("/inloggen", { email, password: PASSWORD });
  return browser;
}

export type SignedIn = Awaited<ReturnType<typeof signedInClient>>;

/** A new user with one role, as the services see them once signed in. */
export async function makeViewer(db: Db, email: string, role: [organisation: string, role: MemberRole]): Promise<Viewer> {
  const { session } = await makeUser(db, email, { roles: [role] });
  return (await sessionViewer(db, session))!;
}

/** A new user with one role and an API key of theirs. */
export async function userWithApiKey(db: Db, email: string, role: [organisation: string, role: MemberRole], key: { name: string; scope: "read" | "read-write" }) {
  return createApiToken(db, await makeViewer(db, email, role), key.name, key.scope);
}

/** What @hono/node-server hands the app for a request over a socket from this address. */
export const connectionFrom = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

/**
 * For the tests of one describe block: a copy of the seeded database, the app over it (sign-ins not
 * throttled), and three members of one organisation: anna and bram (redacteuren) and lies (lezer),
 * each `name@domain`. The fields are filled in by the block's first beforeAll.
 */
export function appWithEditors(kind: DatabaseKind, organisation: string, domain = `${organisation}.nl`) {
  const setup = {
    database: undefined as unknown as TestDatabase,
    app: undefined as unknown as TestApp,
    signedIn: (email: string) => signedInClient(setup.app, email),
  };
  beforeAll(async () => {
    setup.database = await seededDatabase(kind);
    setup.app = testApp(setup.database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    await makeMembers(setup.database.db, [
      [`anna@${domain}`, organisation, "redacteur"],
      [`bram@${domain}`, organisation, "redacteur"],
      [`lies@${domain}`, organisation, "lezer"],
    ]);
  });
  afterAll(() => setup.database?.dispose());
  return setup;
}

/** Two people open the same form, one after the other: the fields each of them got. */
export async function formsOfBoth(first: SignedIn, second: SignedIn, path: string) {
  const firstForm = formFields(await (await first.get(path)).text());
  const secondForm = formFields(await (await second.get(path)).text());
  return [firstForm, secondForm] as const;
}
