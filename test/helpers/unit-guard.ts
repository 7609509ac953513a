/**
 * Setup file of the unit project: unit tests use no database. A test there that opens one,
 * directly or through the code under test, fails with this message instead of quietly
 * starting PGlite or connecting to PostgreSQL.
 */
import { vi } from "vitest";

const refuse = () => {
  throw new Error(
    "Een unittest opent een database. Unittests (src/lib/**, *.unit.test.ts) draaien zonder database; " +
      "zet dit testbestand op een plek van het project 'integration' (zie vitest.config.ts).",
  );
};

vi.mock("@electric-sql/pglite", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  PGlite: class {
    constructor() {
      refuse();
    }
    static create = refuse;
  },
}));

vi.mock("pg", async (importOriginal) => {
  const real = await importOriginal<{ default: object }>();
  class Refused {
    constructor() {
      refuse();
    }
  }
  const pg = { ...real.default, Pool: Refused, Client: Refused };
  return { ...pg, default: pg };
});
