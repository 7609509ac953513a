/**
 * Three test projects (docs/decisions/0011-test-setup.md), chosen by where a test file lives:
 * - unit: src/lib/** and any *.unit.test.ts(x): plain functions, no database, no browser;
 * - integration: every other test under src/ and test/ (databases, app.request()), in worker
 *   threads; integration-own-process: the tests that measure their process's processor time;
 * - browser: test/e2e/** (Chromium with axe-core).
 * `npm test` runs all three; `npm run test:unit`, `test:integration` and `test:browser` one each.
 * Integration and browser tests copy databases that the global setup prepares once per run; the
 * unit project has none, so a database test placed there fails rather than runs without one.
 */
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const unit = ["src/lib/**/*.test.{ts,tsx}", "{src,test}/**/*.unit.test.{ts,tsx}"];
const browser = ["test/e2e/**/*.test.{ts,tsx}"];
const ownProcess = ["test/security/cost.test.ts"];

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "hono/jsx" } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Test files wait on PostgreSQL, Chromium and the disk much of the time, so one worker per
    // core keeps both cores busy (vitest's default leaves one core free). KOERS_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.KOERS_TEST_WORKERS) || Math.max(availableParallelism(), 2),
    projects: [
      { extends: true, test: { name: "unit", include: unit, pool: "threads", setupFiles: ["test/helpers/unit-guard.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{src,test}/**/*.test.{ts,tsx}"],
          exclude: [...unit, ...browser, ...ownProcess],
          // Worker threads start faster than processes; a file's modules are still its own.
          pool: "threads",
          globalSetup: ["test/helpers/global-setup.ts"],
        },
      },
      // Tests that measure the processor time of their process get one of their own.
      { extends: true, test: { name: "integration-own-process", include: ownProcess, pool: "forks", globalSetup: ["test/helpers/global-setup.ts"] } },
      // A browser test walks several pages in a real Chromium: it gets more time than a route test.
      { extends: true, test: { name: "browser", include: browser, testTimeout: 120_000, globalSetup: ["test/helpers/global-setup.ts"] } },
    ],
  },
});
