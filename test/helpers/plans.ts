/**
 * Plan files for tests: the YAML a test imports (or has refused), written from the few things
 * that differ between test plans, and the import itself.
 */
import type { Database } from "../../src/db/client.ts";
import { importDataSet, parseFiles } from "../../src/modules/exchange/service.ts";
import type { PlanItem } from "../../src/modules/plans/reading.ts";

export interface PlanHeader {
  slug: string;
  title: string;
  status?: string;
  /** Left out of the file when not given (the format's default). */
  published?: boolean;
  /** A whole calendar year ("2025") or a period of its own. */
  period?: string | { label: string; start: string; end: string };
  owners?: string[];
  /** Level keys from the top down; the last one is the table's row level. */
  levels?: string[];
  /** What the table's one column shows. */
  show?: string[];
}

const levelNames: Record<string, string> = { thema: "Thema", actie: "Actie" };

/** The head of a plan file (slug to layout), as YAML lines ending in a newline. */
export function planHeader(plan: PlanHeader): string {
  const { status = "concept", period = "2025", owners = ["swvnk"], levels = ["actie"], show = ["title"] } = plan;
  const { label, start, end } = typeof period === "string" ? { label: period, start: `${period}-01-01`, end: `${period}-12-31` } : period;
  const levelList = levels.map((key) => `{ key: ${key}, name: ${levelNames[key] ?? key} }`).join(", ");
  const showList = show.map((s) => (/^\w+$/.test(s) ? s : JSON.stringify(s))).join(", ");
  return [
    `slug: ${plan.slug}`,
    `title: ${/^[\w ,.-]+$/.test(plan.title) ? plan.title : JSON.stringify(plan.title)}`,
    "kind: jaarplan",
    `status: ${status}`,
    ...(plan.published === undefined ? [] : [`published: ${plan.published}`]),
    `period: { label: "${label}", start: ${start}, end: ${end} }`,
    `owners: [${owners.join(", ")}]`,
    `levels: [${levelList}]`,
    `layout: { style: table, rowLevel: ${levels.at(-1)}, columns: [{ label: Wat, show: [${showList}] }] }`,
    "",
  ].join("\n");
}

/** A whole plan file: the head, then the rest (approvals, notes, `items:` …) as YAML text. */
export function planYaml(plan: PlanHeader, rest: string): string {
  return planHeader(plan) + rest;
}

/** An action under a theme: its code, title, timing and, as YAML, the parties to it. */
export type TestAction = [code: string, title: string, when: string, parties?: string];

/** `items:` with themes of actions, for plans with levels thema and actie. */
export function themeItems(themes: { code: string; title: string; actions: TestAction[] }[]): string {
  const lines = ["items:"];
  for (const theme of themes) {
    lines.push(`  - code: "${theme.code}"`, "    level: thema", `    title: ${theme.title}`, "    children:");
    for (const [code, title, when, parties] of theme.actions) {
      lines.push(`      - code: "${code}"`, "        level: actie", `        title: ${title}`, `        when: ${/^\d+$/.test(when) ? `"${when}"` : when}`);
      if (parties) lines.push(`        parties: ${parties}`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * A plan long enough to be shown in parts: `themes` themes (level thema, with an introduction)
 * of `actions` actions (the row level), each action with a text of about `chars` characters.
 * Codes are "T" and "T.A"; the text of action "T.A" begins with "Toelichting T.A".
 */
export function longPlanYaml(slug: string, themes: number, actions: number, chars: number): string {
  const sentence = "Deze activiteit versterkt de samenwerking tussen school, gemeente en jeugdhulp in de wijk. ";
  const text = (code: string) => `Toelichting ${code}. ${sentence.repeat(Math.ceil(chars / sentence.length))}`.slice(0, chars);
  const lines = ["items:"];
  for (let t = 1; t <= themes; t++) {
    lines.push(`  - code: "${t}"`, "    level: thema", `    title: Thema ${t}`, "    sections:", "      - title: Inleiding", `        text: Over thema ${t}.`, "    children:");
    for (let a = 1; a <= actions; a++) {
      lines.push(`      - code: "${t}.${a}"`, "        level: actie", `        title: Actie ${t}.${a}`, "        sections:", "          - title: Toelichting", `            text: ${JSON.stringify(text(`${t}.${a}`))}`);
    }
  }
  return planYaml({ slug, title: `Lang plan ${slug}`, published: true, levels: ["thema", "actie"], show: ["title", "section:Toelichting"] }, lines.join("\n") + "\n");
}

/** Imports plan files as `koers import` would; each file is named after the plan's slug unless named. */
export async function importPlans(database: Database, ...files: (string | { name: string; text: string })[]) {
  const named = files.map((file) => (typeof file === "string" ? { name: `${/^slug: (.+)$/m.exec(file)![1]}.yaml`, text: file } : file));
  const { data, names } = parseFiles(named);
  await importDataSet(database, data, names);
}

/** Adds to `ids` the ids of these items and of all below them, by item code. */
export function collectItemIds(items: PlanItem[], ids: Record<string, number>) {
  for (const item of items) {
    ids[item.code!] = item.id;
    collectItemIds(item.children, ids);
  }
}
