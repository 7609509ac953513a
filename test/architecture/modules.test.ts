/**
 * The module rules of docs/decisions/0015-modules-own-their-data.md, checked on the source:
 * - no import cycles between modules (src/modules/<name>), type-only imports included;
 * - no module names another module's table in SQL text: it reads that data through the
 *   owning module's exported functions or typed query builders;
 * - src/lib depends on no module and on no part of the web layer.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const modulesDir = join(root, "src/modules");
const libDir = join(root, "src/lib");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !/(^|\/)test-[^/]*$/.test(f))
    .map((f) => join(dir, f));
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^;]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/g;

/** Relative imports of a file, as absolute paths. */
export function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(importPattern)].map((m) => normalize(resolve(dirname(file), m[1]!)));
}

function moduleOf(path: string): string | undefined {
  const rel = relative(modulesDir, path);
  return rel.startsWith("..") ? undefined : rel.split(sep)[0];
}

/** Module → modules it imports, with one file as an example of each edge. */
export function moduleGraph(files: { path: string; text: string }[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const { path, text } of files) {
    const from = moduleOf(path);
    if (!from) continue;
    for (const target of importsOf(path, text)) {
      const to = moduleOf(target);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, relative(root, path));
    }
  }
  return graph;
}

/** Every cycle, each as the list of modules around it (first one repeated at the end). */
export function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const cycle = [...path.slice(at), node];
      const key = [...cycle.slice(0, -1)].sort().join(",");
      if (!seen.has(key)) {
        seen.add(key);
        found.push(cycle);
      }
      return;
    }
    for (const next of graph.get(node)?.keys() ?? []) visit(next, [...path, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return found;
}

/** The tables each module's schema defines. */
export function tableOwners(files: { path: string; text: string }[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { path, text } of files) {
    if (!path.endsWith(`${sep}schema.ts`)) continue;
    const owner = moduleOf(path);
    if (!owner) continue;
    for (const m of text.matchAll(/pgTable\(\s*"([a-z_]+)"/g)) owners.set(m[1]!, owner);
  }
  return owners;
}

/** Tables of other modules that a file names in SQL text (`from t`, `join t`, `into t`, `update t`). */
export function foreignTablesInSql(path: string, text: string, owners: Map<string, string>): string[] {
  const own = moduleOf(path);
  const sqlTexts = [...text.matchAll(/sql(?:<[^>]*>)?`([^`]*)`/g)].map((m) => m[1]!);
  const named = sqlTexts.flatMap((t) => [...t.matchAll(/\b(?:from|join|into|update)\s+([a-z_]+)\b/gi)].map((m) => m[1]!.toLowerCase()));
  return [...new Set(named.filter((t) => owners.has(t) && owners.get(t) !== own))];
}

const files = [...sourceFiles(modulesDir), ...sourceFiles(libDir)].map((path) => ({ path, text: readFileSync(path, "utf8") }));

describe("module rules", () => {
  it("has no import cycles between modules", () => {
    const graph = moduleGraph(files);
    const described = cycles(graph).map((c) =>
      c
        .slice(0, -1)
        .map((m, i) => `${m} → ${c[i + 1]} (${graph.get(m)!.get(c[i + 1]!)})`)
        .join(", "),
    );
    expect(described).toEqual([]);
  });

  it("names no other module's table in SQL text", () => {
    const owners = tableOwners(files);
    expect(owners.get("plans")).toBe("plans");
    const offences = files.flatMap(({ path, text }) => foreignTablesInSql(path, text, owners).map((t) => `${relative(root, path)}: ${t}`));
    expect(offences).toEqual([]);
  });

  it("keeps src/lib free of modules and of the web layer", () => {
    const offences = files
      .filter(({ path }) => path.startsWith(libDir))
      .flatMap(({ path, text }) =>
        importsOf(path, text)
          .filter((t) => t.startsWith(modulesDir) || t.startsWith(join(root, "src/web")))
          .map((t) => `${relative(root, path)} → ${relative(root, t)}`),
      );
    expect(offences).toEqual([]);
  });
});

describe("the checks themselves", () => {
  const at = (p: string) => join(modulesDir, p);
  it("find a cycle of two modules and one of three, and none in a chain", () => {
    const graph = moduleGraph([
      { path: at("a/x.ts"), text: 'import { b } from "../b/y.ts";' },
      { path: at("b/y.ts"), text: 'import type { A } from "../a/x.ts";\nimport { c } from "../c/z.ts";' },
      { path: at("c/z.ts"), text: 'export { d } from "../d/w.ts";' },
      { path: at("d/w.ts"), text: 'import "../b/y.ts";' },
    ]);
    expect(cycles(graph).map((c) => c.join(">"))).toEqual(["a>b>a", "b>c>d>b"]);
    expect(cycles(moduleGraph([{ path: at("a/x.ts"), text: 'import { b } from "../b/y.ts";' }]))).toEqual([]);
  });

  it("find another module's table in SQL text but not its own, nor a column of the same name", () => {
    const owners = new Map([
      ["plans", "plans"],
      ["items", "plans"],
    ]);
    const text = "sql`select 1 from plans p join items i on i.plan_id = p.id`; sql`${t.items} > 0`";
    expect(foreignTablesInSql(at("search/service.ts"), text, owners)).toEqual(["plans", "items"]);
    expect(foreignTablesInSql(at("plans/reading.ts"), text, owners)).toEqual([]);
  });
});
