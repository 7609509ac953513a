/**
 * Two Koers processes on one PostgreSQL database, as behind a load balancer: a session made in
 * one is valid in the other, and sign-in throttling counts the attempts made at both.
 * (Scheduled work running once across processes: src/modules/notifications/notifications.test.ts.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, PASSWORD } from "../helpers/accounts.ts";
import { client } from "../helpers/client.ts";
import { databaseKinds, preparedDatabase, type TestDatabase } from "../helpers/databases.ts";

const root = join(import.meta.dirname, "../..");

/** Starts a server process on the database; resolves with its address once it listens. */
function serve(url: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/serve.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", KOERS_SEED: "false", KOERS_JOBS: "off", KOERS_SIGN_IN_LIMIT_PER_MINUTE: "3" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`de server stopte met code ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve({ base: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child }));
  });
}

describe.skipIf(!databaseKinds.includes("postgres"))("two Koers processes on one PostgreSQL database", () => {
  let database: TestDatabase;
  let a: { base: string; child: ChildProcess };
  let b: { base: string; child: ChildProcess };
  const over = (base: string) => client({ request: (path, init) => fetch(`${base}${path}`, { ...init, redirect: "manual" }) }, base);

  beforeAll(async () => {
    database = await preparedDatabase("postgres", "seeded");
    await makeUser(database.db, "lezer@example.nl");
    [a, b] = await Promise.all([serve(database.url!), serve(database.url!)]);
  }, 120_000);
  afterAll(async () => {
    for (const p of [a, b]) p?.child.kill("SIGTERM");
    await Promise.all([a, b].map((p) => p && new Promise((resolve) => (p.child.exitCode !== null ? resolve(null) : p.child.once("exit", resolve)))));
    await database?.dispose();
  });

  it("keeps a session made in one process valid in the other", async () => {
    const atA = over(a.base);
    const signedIn = await atA.post("/inloggen", { email: "lezer@example.nl", password: PASSWORD });
    expect(signedIn.status).toBe(303);
    const cookie = [...atA.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const account = await fetch(`${b.base}/account`, { headers: { cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("lezer@example.nl");
  });

  it("counts sign-in attempts at both processes together", async () => {
    // Three attempts a minute per address; the sign-in above, at A, was the first.
    const statuses: number[] = [];
    for (const base of [b.base, a.base, b.base]) {
      statuses.push((await over(base).post("/inloggen", { email: "niemand@example.nl", password: "een verkeerd wachtwoord" })).status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });
});
