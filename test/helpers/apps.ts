/** The web app as the route tests use it, and users signed in to it: through the form or with an API key. */
import pino from "pino";
import type { Db } from "../../src/db/client.ts";
import { loadConfig } from "../../src/config.ts";
import { createApiToken, sessionViewer } from "../../src/modules/accounts/service.ts";
import type { MemberRole } from "../../src/modules/access/viewer.ts";
import { createApp } from "../../src/web/app.tsx";
import { makeUser, PASSWORD } from "./accounts.ts";
import { client } from "./client.ts";

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

/** A new user with one role and an API key of theirs. */
export async function userWithApiKey(db: Db, email: string, role: [organisation: string, role: MemberRole], key: { name: string; scope: "read" | "read-write" }) {
  const { session } = await makeUser(db, email, { roles: [role] });
  return createApiToken(db, (await sessionViewer(db, session))!, key.name, key.scope);
}

/** What @hono/node-server hands the app for a request over a socket from this address. */
export const connectionFrom = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
