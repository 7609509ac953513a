/**
 * Compares a plan proposed from a Word document with the plan file it was written from:
 * per item of the file, whether an item with the same title came back, with the same code,
 * parties (their roles and tasks), wanneer and budget. Fields the file marks as Koers's
 * interpretation are not in the document and are not compared.
 */
import type { ItemFile, PlanFile } from "../../src/modules/plans/format.ts";
import type { ProposedItem } from "../../src/modules/wordimport/propose.ts";

const norm = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").replace(/[*¹²³⁴⁵⁶⁷⁸⁹]+$/u, "").trim();

export interface Fidelity {
  items: number;
  found: number;
  exact: number;
  differences: string[];
}

export function compareItems(truth: PlanFile, proposed: ProposedItem[]): Fidelity {
  const flat: ProposedItem[] = [];
  const walk = (list: ProposedItem[]) => list.forEach((i) => (flat.push(i), walk(i.children)));
  walk(proposed);
  const used = new Set<ProposedItem>();
  const result: Fidelity = { items: 0, found: 0, exact: 0, differences: [] };
  const visit = (list: ItemFile[]) => {
    for (const t of list) {
      result.items++;
      const name = `${t.code ?? ""} ${t.title}`.trim();
      const match = flat.find((p) => !used.has(p) && norm(p.title) === norm(t.title));
      if (!match) {
        result.differences.push(`ontbreekt: ${name}`);
        visit(t.children);
        continue;
      }
      used.add(match);
      result.found++;
      const diffs: string[] = [];
      const interp = new Set(t.interpreted ?? []);
      if (!interp.has("code") && norm(t.code) !== norm(match.code)) diffs.push(`code '${match.code ?? ""}' i.p.v. '${t.code ?? ""}'`);
      if (!interp.has("when") && norm(t.when) !== norm(match.when)) diffs.push(`wanneer '${match.when ?? ""}' i.p.v. '${t.when ?? ""}'`);
      if (!interp.has("budget") && norm(t.budget) !== norm(match.budget)) diffs.push(`budget '${match.budget ?? ""}' i.p.v. '${t.budget ?? ""}'`);
      if (!interp.has("parties")) {
        const a = t.parties.map((p) => `${norm(p.role)}|${norm(p.task)}`).join(" ; ");
        const b = match.parties.map((p) => `${norm(p.role)}|${norm(p.task)}`).join(" ; ");
        if (a !== b) diffs.push(`wie '${b}' i.p.v. '${a}'`);
      }
      if (diffs.length === 0) result.exact++;
      else result.differences.push(`${name}: ${diffs.join("; ")}`);
      visit(t.children);
    }
  };
  visit(truth.items);
  const extra = flat.filter((p) => !used.has(p));
  for (const p of extra) result.differences.push(`extra: ${p.code ?? ""} ${p.title}`.trim());
  return result;
}
