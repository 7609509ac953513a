/**
 * The report on a plan over a span of periods, from what Koers holds: the plan in its own
 * structure and words, the updates of every period in the span (written in rounds, or taken
 * from an evaluation document), the figures tied to each item and the decisions in the span.
 *
 * TEXTS. The coordinator's introduction and closing when the report has them; otherwise those
 * of the evaluations over the span (the Tussenevaluatie 2022 is the 2022 report as written).
 *
 * STATUS. An item's status is its effective status in the last period of the span: its own,
 * or else what follows from its parts. "Finished" lists the items that reached afgerond within
 * the span and had not before it.
 *
 * SMALL COUNTS. A report is handed on, so its figures and texts keep small counts about
 * children back whoever makes it (figures module, figuresToHandOn), unless the plan's partners
 * make it confidential: then it shows them and says so on every page.
 */
import { together, type Db } from "../../db/client.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { todayInNl } from "../../lib/dates.ts";
import type { Viewer } from "../access/viewer.ts";
import { lateItems, statusPerTheme } from "../dashboard/service.ts";
import { getEvaluation, listEvaluations, type EvaluationDetail } from "../evaluations/service.ts";
import { figuresToHandOn, withoutWords, type IndicatorView } from "../figures/service.ts";
import { lateReasonLabels } from "../monitoring/status.ts";
import { progressOfPlan, type PlanProgress, type ReportingPeriod } from "../monitoring/updates.ts";
import type { Section } from "../plans/format.ts";
import { getPlan, type PlanDetail, type PlanItem } from "../plans/reading.ts";
import { partyLine } from "../plans/snapshot.ts";
import type { Report, ReportField, ReportItem, ReportUpdate } from "./model.ts";

/** What the coordinator wrote for a report; null fields fall back to the evaluations' texts. */
export interface ReportTexts {
  title: string;
  intro: string;
  closing: string;
}

export class PeriodNotFoundError extends NotFoundError {}

/** The span of periods named by their labels as Koers shows them ("2022", "T1 2025-2026"); `to` defaults to `from`. */
export function spanOf(periods: readonly ReportingPeriod[], from: string, to: string = from): ReportingPeriod[] {
  const index = (label: string) => {
    const found = periods.findIndex((p) => p.label.toLowerCase() === label.trim().toLowerCase());
    if (found < 0) {
      const known = periods.map((p) => `'${p.label}'`).join(", ");
      throw new PeriodNotFoundError(
        known ? `Dit plan heeft geen periode '${label}'. Kies uit: ${known}.` : "Dit plan heeft nog geen rapportageperiodes.",
      );
    }
    return found;
  };
  const [a, b] = [index(from), index(to)];
  return periods.slice(Math.min(a, b), Math.max(a, b) + 1);
}

export function spanLabel(span: readonly { label: string }[]): string {
  return span.length === 1 ? span[0]!.label : `${span[0]!.label} t/m ${span.at(-1)!.label}`;
}

/** The item's own texts and facts under the labels of the plan's layout where it names them. */
export function fieldsOf(plan: Pick<PlanDetail, "layout">, item: PlanItem): ReportField[] {
  const own = (ref: string): string => {
    if (ref === "when") return item.when ?? "";
    if (ref === "budget") return item.budget ?? "";
    if (ref === "parties") return item.parties.map((p) => `- ${partyLine(p)}`).join("\n");
    if (ref.startsWith("section:")) return item.sections.find((s) => s.title === ref.slice("section:".length))?.text ?? "";
    return "";
  };
  const fields: ReportField[] = [];
  const shown = new Set<string>();
  for (const column of plan.layout.columns) {
    const refs = column.show.filter((r) => !r.includes(".") && r !== "code" && r !== "title");
    refs.forEach((r) => shown.add(r));
    const text = refs.map(own).filter(Boolean).join("\n\n");
    if (text) fields.push({ label: column.label, text });
  }
  for (const section of item.sections) if (!shown.has(`section:${section.title}`)) fields.push({ label: section.title, text: section.text });
  const rest: [string, string][] = [["parties", "Wie"], ["when", "Wanneer"], ["budget", "Budget"]];
  for (const [ref, label] of rest) if (!shown.has(ref) && own(ref)) fields.push({ label, text: own(ref) });
  return fields;
}

export interface ReportInput {
  plan: PlanDetail;
  span: ReportingPeriod[];
  /** The progress of the plan in each period of the span. */
  progress: Map<number, PlanProgress & { earlier: Map<number, string> }>;
  evaluations: EvaluationDetail[];
  indicators: IndicatorView[];
  /** Words that hold a small count kept back (figures module). */
  keptBack: string[];
  texts: ReportTexts | null;
  today: string;
  confidential: boolean;
}

const sectionsOf = (title: string, text: string): Section[] => (text.trim() ? [{ title, text }] : []);

/** The report as plain data, from what buildReport loaded. */
export function assembleReport(input: ReportInput): Report {
  const { plan, span, evaluations, texts, today } = input;
  const hide = (sections: Section[]) => sections.map((s) => ({ ...s, text: withoutWords(s.text, input.keptBack) }));
  const last = input.progress.get(span.at(-1)!.id)!;
  const first = input.progress.get(span[0]!.id)!;
  const start = span[0]!.start;
  const end = span.at(-1)!.end;

  const planItems = new Map<number, PlanItem>();
  const collect = (list: PlanItem[]) => list.forEach((i) => (planItems.set(i.id, i), collect(i.children)));
  collect(plan.items);

  const updatesOf = new Map<number, ReportUpdate[]>();
  const add = (itemId: number, update: ReportUpdate) => updatesOf.set(itemId, [...(updatesOf.get(itemId) ?? []), update]);
  for (const period of span) {
    for (const evaluation of evaluations.filter((e) => e.period.label === period.label)) {
      for (const u of evaluation.updates) {
        add(u.item.id, {
          period: period.label,
          heading: u.heading,
          status: null,
          percentage: null,
          statusReason: null,
          results: hide(u.results),
          planning: hide(u.planning),
          author: null,
          date: evaluation.date,
          source: { kind: "evaluatie", slug: evaluation.slug, title: evaluation.title },
        });
      }
    }
    for (const entry of input.progress.get(period.id)!.items) {
      const u = entry.update;
      if (!u) continue;
      add(entry.item.id, {
        period: period.label,
        heading: null,
        status: u.status,
        percentage: u.percentage,
        statusReason: u.statusReason,
        results: hide(sectionsOf("Resultaten", u.results)),
        planning: hide(sectionsOf("Planning", u.planning)),
        author: u.author.name,
        date: todayInNl(u.updatedAt),
        source: { kind: "ronde" },
      });
    }
  }

  const finishedIn = new Map<number, string>();
  for (const period of span) {
    for (const entry of input.progress.get(period.id)!.items) {
      const before = first.earlier.get(entry.item.id);
      if (entry.effective === "afgerond" && before !== "afgerond" && !finishedIn.has(entry.item.id)) finishedIn.set(entry.item.id, period.label);
    }
  }

  const inSpan = (date: string | null) => date !== null && start <= date && date <= end;
  const items: ReportItem[] = last.items.map((entry) => {
    const item = planItems.get(entry.item.id)!;
    return {
      id: item.id,
      depth: entry.item.depth,
      code: item.code,
      title: item.title,
      level: entry.item.level,
      levelKey: item.level,
      fields: fieldsOf(plan, item),
      status: entry.effective,
      statusStated: entry.status !== null,
      late: entry.late.late,
      updates: updatesOf.get(item.id) ?? [],
      indicators: input.indicators
        .filter((i) => i.items.some((x) => x.id === item.id))
        .map((i) => ({ ...i, measurements: i.measurements.filter((m) => m.date <= end) })),
    };
  });
  const decisions = plan.approvals.filter((a) => inSpan(a.date)).map(({ body, date, outcome, note }) => ({ body, date, outcome, note }));

  const only = evaluations.length === 1 ? evaluations[0] : undefined;
  const fromEvaluations = (pick: (e: EvaluationDetail) => Section[]) => hide(evaluations.flatMap(pick));
  return {
    format: 1,
    plan: {
      slug: plan.slug,
      title: plan.title,
      subtitle: plan.subtitle,
      kind: plan.kind,
      owners: plan.owners.map((o) => o.name),
      period: plan.period,
      levels: plan.levels,
      layout: plan.layout,
    },
    periods: span.map(({ id, label, start, end }) => ({ id, label, start, end })),
    spanLabel: spanLabel(span),
    confidential: input.confidential,
    title: texts?.title ?? only?.title ?? `Voortgangsrapportage ${plan.title} ${spanLabel(span)}`,
    subtitle: texts ? null : (only?.subtitle ?? null),
    date: texts || !only ? today : only.date,
    intro: texts?.intro.trim() ? sectionsOf("Inleiding", texts.intro) : fromEvaluations((e) => e.sections),
    closing: texts?.closing.trim() ? sectionsOf("Tot slot", texts.closing) : fromEvaluations((e) => e.closingSections),
    footnotes: evaluations.flatMap((e) => e.footnotes),
    decisions,
    summary: {
      themes: statusPerTheme(last).map((t) => ({
        id: t.entry.item.id,
        code: t.entry.item.code,
        title: t.entry.item.title,
        status: t.entry.effective,
        counts: t.counts,
        total: t.total,
      })),
      late: lateItems(last).map(({ entry, reasons }) => ({
        id: entry.item.id,
        code: entry.item.code,
        title: entry.item.title,
        reason: reasons.map((r) => lateReasonLabels[r]).join(" "),
      })),
      finished: items.filter((i) => finishedIn.has(i.id)).map((i) => ({ id: i.id, code: i.code, title: i.title, period: finishedIn.get(i.id)! })),
    },
    items,
  };
}

/**
 * The report on a plan over the periods `from` to `to` (labels), for whoever may read the
 * plan's internal content. `texts`: the coordinator's, when the report has been written.
 */
export async function buildReport(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  span: { from: string; to?: string | undefined },
  texts: ReportTexts | null,
  options: { today?: string; confidential?: boolean } = {},
): Promise<Report> {
  const today = options.today ?? todayInNl();
  const plan = await getPlan(db, viewer, planSlug, "read-internal");
  const first = await progressOfPlan(db, plan, undefined, { today, lastWhenOver: true }).catch(() => null);
  const periods = first?.periods ?? [];
  const chosen = spanOf(periods, span.from, span.to);
  const labels = new Set(chosen.map((p) => p.label));
  const [progressList, evaluationList, figures] = await together(db, [
    () => Promise.all(chosen.map((p) => progressOfPlan(db, plan, p.id, { today }))),
    () => listEvaluations(db, viewer, planSlug).then((list) => Promise.all(list.filter((e) => labels.has(e.period)).map((e) => getEvaluation(db, viewer, e.slug)))),
    () => figuresToHandOn(db, viewer, planSlug, { confidential: Boolean(options.confidential) }),
  ] as const);
  return assembleReport({
    plan,
    span: chosen,
    progress: new Map(chosen.map((p, i) => [p.id, progressList[i]!])),
    evaluations: evaluationList,
    indicators: figures.indicators,
    keptBack: figures.keptBack,
    texts,
    today,
    confidential: Boolean(options.confidential),
  });
}
