/**
 * The text of a plan or evaluation in the order a reader meets it on its page:
 * what the source-coverage check compares the source documents with.
 */
import type { EvaluationFile } from "../evaluations/format.ts";
import type { ItemFile, PlanFile, Section } from "../plans/format.ts";

const sections = (list: Section[]) => list.flatMap((s) => [s.title, s.text]);

function itemText(item: ItemFile): string[] {
  return [
    item.code ?? "",
    item.title,
    ...sections(item.sections),
    ...item.parties.map((p) => [p.role, p.task].filter(Boolean).join(": ")),
    item.when ?? "",
    item.budget ?? "",
    item.reducedCapacity ?? "",
    ...item.links.map((l) => l.note ?? ""),
    ...item.children.flatMap(itemText),
  ];
}

export function planReadingText(plan: PlanFile): string {
  return [
    plan.title,
    plan.subtitle ?? "",
    plan.period.label,
    plan.parentTitle ?? "",
    ...plan.approvals.flatMap((a) => [a.body, a.date ?? "", a.outcome, a.note ?? ""]),
    ...plan.layout.columns.map((c) => c.label),
    ...sections(plan.sections),
    ...plan.items.flatMap(itemText),
    ...sections(plan.closingSections),
    ...plan.footnotes.flatMap((f) => [f.mark, f.text]),
  ]
    .filter(Boolean)
    .join("\n");
}

export function evaluationReadingText(evaluation: EvaluationFile): string {
  return [
    evaluation.title,
    evaluation.subtitle ?? "",
    ...sections(evaluation.sections),
    ...evaluation.updates.flatMap((u) => [u.heading ?? "", ...sections(u.results), ...sections(u.planning)]),
    ...sections(evaluation.closingSections),
    ...evaluation.footnotes.flatMap((f) => [f.mark, f.text]),
  ]
    .filter(Boolean)
    .join("\n");
}
