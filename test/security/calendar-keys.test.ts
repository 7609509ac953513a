/**
 * Guessing API keys through the calendar feeds: the keys in `?sleutel=` are counted per
 * client address together with keys in the Authorization header, so neither route is a
 * way around the limit on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionFrom, testApp, userWithApiKey, type TestApp } from "../helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { seededDatabase } from "../helpers/seeded.ts";

const LIMIT = 10;
const plan = "jaarplan-ppo-nk-2023";

describe.each(databaseKinds)("calendar keys on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let readKey: string;
  let address = 0;
  const nextAddress = () => `198.51.100.${++address}`;
  const get = (path: string, from: string, headers: Record<string, string> = {}) => app.request(path, { headers }, connectionFrom(from));

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_PUBLIC_URL: "http://localhost", KOERS_API_KEY_FAILURE_LIMIT_PER_MINUTE: String(LIMIT) });
    readKey = await userWithApiKey(database.db, "agenda@swvnk.nl", ["swvnk", "lezer"], { name: "agenda", scope: "read" });
  });
  afterAll(() => database.dispose());

  it.each([
    ["a plan's feed", `/plannen/${plan}/agenda.ics?sleutel=`],
    ["one's own work", "/mijn-werk/agenda.ics?sleutel="],
  ])("%s: wrong keys in the address are throttled per address, and then even a good key from there", async (_, feed) => {
    const [guesser, honest] = [nextAddress(), nextAddress()];
    const statuses = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await get(`${feed}koers_geraden${i}`, guesser)).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    const blocked = await get(`${feed}${readKey}`, guesser);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("Te veel pogingen");
    // Another address is not affected, and a good key costs nothing however often it is used.
    for (let i = 0; i <= LIMIT + 2; i++) expect((await get(`${feed}${readKey}`, honest)).status).toBe(200);
  });

  it("counts wrong keys in the address and in the Authorization header together", async () => {
    const guesser = nextAddress();
    for (let i = 0; i < LIMIT / 2; i++) expect((await get(`/api/v1/plans`, guesser, { authorization: `Bearer koers_kop${i}` })).status).toBe(401);
    for (let i = 0; i < LIMIT / 2; i++) expect((await get(`/mijn-werk/agenda.ics?sleutel=koers_adres${i}`, guesser)).status).toBe(401);
    expect((await get(`/plannen/${plan}/agenda.ics?sleutel=koers_nog${LIMIT}`, guesser)).status).toBe(429);
    expect((await get(`/api/v1/plans`, guesser, { authorization: `Bearer ${readKey}` })).status).toBe(429);
  });

  it("does not count a public feed asked for without a key", async () => {
    const reader = nextAddress();
    for (let i = 0; i <= LIMIT + 2; i++) expect((await get(`/plannen/${plan}/agenda.ics`, reader)).status).toBe(200);
  });
});
