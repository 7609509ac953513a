/** Checks, once per test run, that the PostgreSQL server for the tests is reachable when one is named. */
import pg from "pg";

export default async function setup() {
  const url = process.env.KOERS_TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new Error(`PostgreSQL voor de tests (KOERS_TEST_DATABASE_URL) is niet bereikbaar: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
