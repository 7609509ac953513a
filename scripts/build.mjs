/**
 * The production build (`npm run build`, and before every `npm start`): bundles the server
 * (src/main.ts) and the command line (src/cli/index.ts) with esbuild into dist/main.js and
 * dist/cli.js, with source maps. Plain JavaScript, so that it runs on Node alone.
 * Why esbuild, why a bundle and why these Node options: docs/decisions/0010-compiled-build.md.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
export const dist = join(root, "dist");
export const outputs = { main: join(dist, "main.js"), cli: join(dist, "cli.js") };

/**
 * Node options for the server (`npm start` and `koers serve`; package.json repeats them).
 * --liftoff-only: WebAssembly (the embedded database) runs on V8's baseline compiler only.
 * The optimising compiler's code for PostgreSQL's 9 MB of WebAssembly took about 200 MB,
 * and compiling it competed with requests for the CPU (docs/performance/startup.md).
 * --max-semi-space-size=8: a young generation of 8 MB per half instead of V8's default. The
 * server's garbage is short-lived and small per request; the smaller nursery kept RSS after every
 * page type at 258 MB instead of 303 MB, with no slower pages (docs/performance/startup.md).
 * Source maps are written but not loaded (they cost 50 MB): NODE_OPTIONS=--enable-source-maps.
 */
export const serverFlags = ["--liftoff-only", "--max-semi-space-size=8"];

/** The newest modification time under src/ (files and folders, so that a deleted file counts too). */
function newestSource(dir = join(root, "src")) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `output` was built after the last change under src/ and to the installed packages. */
export function buildIsCurrent(output = outputs.cli) {
  try {
    const built = statSync(output).mtimeMs;
    const inputs = ["package.json", "package-lock.json"].map((name) => statSync(join(root, name)).mtimeMs);
    return Math.max(newestSource(), ...inputs) <= built;
  } catch {
    return false;
  }
}

/**
 * Modules read their own files (migrations, stylesheets) relative to their own folder through
 * `import.meta.dirname` and `import.meta.url`. In a bundle both would name the bundle's folder,
 * so each use is replaced by the module's own folder in src/, reached from the bundle's place
 * at run time: the files are read where they are in the source tree, nothing is copied, and a
 * project folder that is moved as a whole keeps working.
 */
function ownFolder(outdir) {
  return {
    name: "own-folder",
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, (args) => {
        const source = readFileSync(args.path, "utf8");
        if (!source.includes("import.meta.dirname") && !source.includes("import.meta.url")) return undefined;
        const fromBundle = (path) => relative(outdir, path).split("\\").join("/");
        const contents = source
          .replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle(args.path))}, import.meta.url).href`)
          .replaceAll("import.meta.dirname", `(import.meta.dirname + ${JSON.stringify(`/${fromBundle(dirname(args.path))}`)})`);
        return { contents, loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
      });
    },
  };
}

/**
 * Packages stay in node_modules, except two that Node loads slowly and at great cost as
 * separate modules: for each of drizzle-orm's hundreds of files Node reads its 180 kB
 * package.json again (loading drizzle-orm/pg-core took 2-6 s and 200 MB of heap). Both are
 * plain JavaScript that no other package at run time imports, so one copy in the bundle is safe.
 */
const bundled = new Set(["drizzle-orm", "zod", "echarts"]);

export async function build({ outdir = dist } = {}) {
  const esbuild = await import("esbuild");
  const { dependencies } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    external: Object.keys(dependencies)
      .filter((name) => !bundled.has(name))
      .flatMap((name) => [name, `${name}/*`]),
    // The map points into src/, which is always next to dist/, so it need not hold the sources.
    sourcemap: true,
    sourcesContent: false,
    logLevel: "warning",
    plugins: [ownFolder(outdir)],
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ["src/main.ts"], outfile: join(outdir, "main.js") }),
    // bin/koers.js loads the command line, which is therefore never the main module; the
    // server inside it (for `koers serve`) must not start by itself either.
    esbuild.build({ ...common, entryPoints: ["src/cli/index.ts"], outfile: join(outdir, "cli.js"), define: { "import.meta.main": "false" } }),
  ]);
}

if (import.meta.main) {
  const started = performance.now();
  // `npm start` passes --if-changed: a restart without changes starts at once.
  if (process.argv.includes("--if-changed") && buildIsCurrent(outputs.main) && buildIsCurrent(outputs.cli)) process.exit(0);
  try {
    await build();
  } catch {
    // esbuild has printed what is wrong, with file and line.
    process.stderr.write("De build van Koers is mislukt (zie hierboven).\n");
    process.exit(1);
  }
  if (process.argv.includes("--verbose")) process.stdout.write(`dist/ gebouwd in ${Math.round(performance.now() - started)} ms\n`);
}
