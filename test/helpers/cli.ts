/** The command line for tests: run in a data folder of its own, with (on PostgreSQL) an empty database of its own. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { runCli } from "../../src/cli/index.ts";
import { freshDatabase, type DatabaseKind, type TestDatabase } from "./databases.ts";

/** For the tests of one describe block: the folder and environment exist from its beforeAll to its afterAll. */
export function cliForTests(kind: DatabaseKind, folderPrefix: string) {
  let server: TestDatabase | undefined;
  const cli = {
    dir: "",
    env: {} as NodeJS.ProcessEnv,
    /** Runs `koers` with these arguments, and these environment variables on top; returns the exit code and what it wrote. */
    async run(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
      let out = "";
      let err = "";
      const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: { ...cli.env, ...extraEnv } });
      return { code, out, err };
    },
  };
  beforeAll(async () => {
    cli.dir = mkdtempSync(join(tmpdir(), folderPrefix));
    cli.env = { KOERS_DATA_DIR: join(cli.dir, "data"), LOG_LEVEL: "silent" };
    if (kind === "postgres") {
      server = await freshDatabase("postgres", { migrate: false });
      cli.env.DATABASE_URL = server.url;
    }
  });
  afterAll(async () => {
    rmSync(cli.dir, { recursive: true, force: true });
    await server?.dispose();
  });
  return cli;
}
