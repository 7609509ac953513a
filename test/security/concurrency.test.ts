/**
 * Concurrency cases of the attack suite that the module tests do not cover already
 * (accounts/concurrency.test.ts: lock-out, users and roles; glossary/routes.test.ts: terms;
 * plans/validation.test.ts and edit tests: two saves of an item or a plan; rounds and periods):
 * many API changes of one item at once, wrong API keys sent at once, and one plan imported
 * twice at once.
 */
import { parse, stringify } from "yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "../../src/lib/errors.ts";
import { InputError } from "../../src/lib/validation.ts";
import { system } from "../../src/modules/access/viewer.ts";
import { importDataSet, parseFiles } from "../../src/modules/exchange/service.ts";
import { getPlan, listPlans } from "../../src/modules/plans/reading.ts";
import { connectionFrom, testApp, userWithApiKey, type TestApp } from "../helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { dataDir, seededDatabase } from "../helpers/seeded.ts";

const SLUG = "jaarplan-ppo-nk-2023";
const LIMIT = 10;

describe.each(databaseKinds)("the attack suite's concurrency cases on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let writeKey: string;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_PUBLIC_URL: "http://localhost", KOERS_API_KEY_FAILURE_LIMIT_PER_MINUTE: String(LIMIT) });
    writeKey = await userWithApiKey(database.db, "redacteur@ppo-nk.nl", ["ppo-nk", "redacteur"], { name: "schrijven", scope: "read-write" });
  });
  afterAll(() => database.dispose());

  it("lets one of ten API changes made from one version of an item through, and refuses the others with 409", async () => {
    const item = (await getPlan(database.db, system, SLUG)).items[0]!;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.request(`/api/v1/plans/${SLUG}/items/${item.id}`, {
          method: "PATCH",
          body: JSON.stringify({ version: item.version, when: `Week ${i + 1}` }),
          headers: { authorization: `Bearer ${writeKey}`, "content-type": "application/json" },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    const winner = responses.find((r) => r.status === 200)!;
    const { data } = (await winner.json()) as { data: { when: { text: string }; version: number } };
    const now = (await getPlan(database.db, system, SLUG)).items[0]!;
    expect({ when: now.when, version: now.version }).toEqual({ when: data.when.text, version: item.version + 1 });
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/[a-z]/);
    }
  });

  it("counts twenty wrong API keys sent at once from one address, and then refuses a good key from there", async () => {
    const guesser = "203.0.113.7";
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.request("/api/v1/plans", { headers: { authorization: `Bearer koers_geraden${i}` } }, connectionFrom(guesser)),
      ),
    );
    for (const r of responses) expect([401, 429]).toContain(r.status);
    // Had the counts been lost under concurrency, fewer than LIMIT failures would be on record and the good key would pass.
    expect((await app.request("/api/v1/plans", { headers: { authorization: `Bearer ${writeKey}` } }, connectionFrom(guesser))).status).toBe(429);
  });

  it("imports one new plan sent twice at once exactly once; the other import is refused in Dutch, with nothing half-written", async () => {
    const raw = parse(readFileSync(join(dataDir, "plans", `${SLUG}.yaml`), "utf8"));
    raw.slug = "tegelijk-ingelezen";
    const text = stringify(raw);
    const results = await Promise.allSettled(
      [1, 2].map(() => {
        const { data, names } = parseFiles([{ name: "tegelijk.yaml", text }]);
        return importDataSet(database, data, names);
      }),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
    expect(refused instanceof ConflictError || refused instanceof InputError, String(refused)).toBe(true);
    expect((refused as Error).message).toContain("tegelijk-ingelezen");
    expect((await listPlans(database.db, system)).filter((p) => p.slug === "tegelijk-ingelezen")).toHaveLength(1);
    expect((await getPlan(database.db, system, "tegelijk-ingelezen")).items).toHaveLength(raw.items.length);
  });
});
