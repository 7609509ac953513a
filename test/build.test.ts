/**
 * The compiled build (scripts/build.mjs): `npm start` runs it, and what it bundles finds its
 * migrations and stylesheets in src/ and runs without the TypeScript loader.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, dist, root, serverFlags } from "../scripts/build.mjs";

const run = promisify(execFile);

describe("the compiled build", () => {
  // Inside the project, where the bundles find node_modules; beside dist/main.js, not over it.
  mkdirSync(dist, { recursive: true });
  const outdir = mkdtempSync(join(dist, "test-"));
  const dataDir = mkdtempSync(join(tmpdir(), "koers-build-data-"));
  beforeAll(() => build({ outdir }), 120_000);
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is what npm start runs, after building when the sources changed", () => {
    const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node ${serverFlags.join(" ")} dist/main.js`);
    expect(scripts.prestart).toBe("node scripts/build.mjs --if-changed");
  });

  it("migrates through the compiled command line and serves pages and static files from the compiled server", async () => {
    const url = (name: string) => pathToFileURL(join(outdir, name)).href;
    // Node itself, no tsx: the command line, then the server, as bin/koers.js and npm start load them.
    const script = `
      const out = [];
      const io = { out: (t) => out.push(t), err: (t) => out.push(t), env: process.env };
      const { runCli } = await import(${JSON.stringify(url("cli.js"))});
      const code = await runCli(["migrate"], io);
      const { startServer } = await import(${JSON.stringify(url("main.js"))});
      const { port, stop } = await startServer();
      const answers = {};
      for (const path of ["/healthz", "/", "/static/koers.css", "/static/constructor"]) {
        const res = await fetch("http://127.0.0.1:" + port + path);
        answers[path] = [res.status, (await res.text()).length];
      }
      const home = await (await fetch("http://127.0.0.1:" + port + "/")).text();
      const css = await fetch("http://127.0.0.1:" + port + home.split('href="').map((part) => part.split('"')[0]).find((href) => href.endsWith(".css")));
      answers.stylesheet = [css.status, await css.text()];
      await stop();
      console.log(JSON.stringify({ code, out: out.join(""), answers }));
    `;
    const { stdout } = await run(process.execPath, [...serverFlags, "--input-type=module", "-e", script], {
      cwd: root,
      env: { ...process.env, KOERS_DATA_DIR: dataDir, KOERS_SEED: "false", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" },
      timeout: 120_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { code: number; out: string; answers: Record<string, [number, number] | [number, string]> };
    expect(result.code).toBe(0);
    expect(result.out).toContain("Database bijgewerkt (pglite");
    expect(result.answers["/healthz"]![0]).toBe(200);
    expect(result.answers["/"]![0]).toBe(200);
    const ownCss = readFileSync(join(root, "src/web/static/koers.css"), "utf8");
    // The stylesheet is reached by its fingerprinted name only, and ends with Koers's own rules.
    expect(result.answers["/static/koers.css"]![0]).toBe(404);
    const [status, stylesheet] = result.answers["stylesheet"] as unknown as [number, string];
    expect(status).toBe(200);
    expect(stylesheet.endsWith(ownCss)).toBe(true);
    expect(stylesheet).toContain(".utrecht-table{");
    expect(result.answers["/static/constructor"]![0]).toBe(404);
  }, 180_000);
});
