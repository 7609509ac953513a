/**
 * A read replica (DATABASE_READ_URL): anonymous page views read from it, signed-in requests and
 * every write from the primary. The "replica" here is a second copy of the seeded database, so
 * that a change on the primary shows which one a request read.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../test/helpers/accounts.ts";
import { client } from "../../test/helpers/client.ts";
import { databaseKinds, preparedDatabase, type TestDatabase } from "../../test/helpers/databases.ts";
import { loadConfig } from "../config.ts";
import { system } from "../modules/access/viewer.ts";
import { rateLimits } from "../modules/accounts/schema.ts";
import { updatePlan } from "../modules/plans/plan-editing.ts";
import { getPlan } from "../modules/plans/reading.ts";
import { createApp } from "../web/app.tsx";
import { SESSION_COOKIE } from "../web/auth.ts";
import { openDatabase, type Database } from "./client.ts";

const PLAN = "allen-voor-een-2022-2024";

describe.skipIf(!databaseKinds.includes("postgres"))("reading from a replica on postgres", () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let routed: Database;
  let app: ReturnType<typeof createApp>;
  let session: string;

  beforeAll(async () => {
    [primary, replica] = await Promise.all([preparedDatabase("postgres", "seeded"), preparedDatabase("postgres", "seeded")]);
    const plan = await getPlan(primary.db, system, PLAN);
    await updatePlan(primary.db, system, PLAN, plan.version, { title: "Allen voor één, bijgewerkt" });
    ({ session } = await makeUser(primary.db, "lezer@example.nl"));
    routed = await openDatabase({ url: primary.url!, readUrl: replica.url! });
    expect(routed.onReplica).toBeTypeOf("function");
    app = createApp({ db: routed.db, logger: pino({ level: "silent" }), config: loadConfig({}), onReplica: routed.onReplica! });
  });
  afterAll(async () => {
    await routed?.close();
    await Promise.all([primary?.dispose(), replica?.dispose()]);
  });

  const title = async (res: Response) => (await res.text()).match(/<h1[^>]*>([^<]*)/)?.[1];

  it("serves an anonymous page view from the replica", async () => {
    const res = await app.request(`/plannen/${PLAN}`);
    expect(res.status).toBe(200);
    expect(await title(res)).toBe("Allen voor één");
  });

  it("serves a signed-in person from the primary, who sees the change at once", async () => {
    const res = await app.request(`/plannen/${PLAN}`, { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    expect(await title(res)).toBe("Allen voor één, bijgewerkt");
  });

  it("writes on the primary, also when nobody is signed in (a sign-in attempt is counted there)", async () => {
    const browser = client(app);
    const res = await browser.post("/inloggen", { email: "lezer@example.nl", password: "fout wachtwoord dat niet klopt" });
    expect(res.status).toBe(401);
    expect(await primary.db.select().from(rateLimits)).not.toEqual([]);
    expect(await replica.db.select().from(rateLimits)).toEqual([]);
  });

  it("serves a kept public page only while the replica is unchanged, and the replica's content after it changes", async () => {
    await app.request(`/plannen/${PLAN}`);
    // (Here both copies live on one server, whose transaction ids are shared: a write to either moves the snapshot.)
    await updatePlan(primary.db, system, PLAN, (await getPlan(primary.db, system, PLAN)).version, { subtitle: "Alleen op de primaire" });
    expect(await title(await app.request(`/plannen/${PLAN}`))).toBe("Allen voor één");
    const onReplica = await getPlan(replica.db, system, PLAN);
    await updatePlan(replica.db, system, PLAN, onReplica.version, { title: "Allen voor één, gerepliceerd" });
    expect(await title(await app.request(`/plannen/${PLAN}`))).toBe("Allen voor één, gerepliceerd");
  });

  it("reads outside a request from the primary", async () => {
    expect((await getPlan(routed.db, system, PLAN)).title).toBe("Allen voor één, bijgewerkt");
    expect((await routed.onReplica!(() => getPlan(routed.db, system, PLAN))).title).toBe("Allen voor één, gerepliceerd");
  });
});
