/**
 * The report on a plan's progress over a span of periods, as one data structure that
 * every format renders: the web page (print), Word (DOCX) and Excel (XLSX). Built by
 * build.ts; saved whole as a version (schema.ts) so what went to a meeting stays readable.
 */
import type { Section } from "../plans/format.ts";
import type { Layout, Level } from "../plans/schema.ts";
import type { Status } from "../monitoring/status.ts";
import type { IndicatorView } from "../figures/service.ts";

export interface ReportPeriod {
  id: number;
  label: string;
  start: string;
  end: string;
}

/** One update of an item: written in Koers in a round, or taken from an evaluation document. */
export interface ReportUpdate {
  period: string;
  /** The heading the evaluation uses for this part; null for an update written in Koers. */
  heading: string | null;
  /** Null for an evaluation's update (evaluations state no status). */
  status: Status | null;
  percentage: number | null;
  statusReason: string | null;
  /** What was achieved: an update written in Koers has one section titled "Resultaten". */
  results: Section[];
  /** What comes next ("Planning", "Planning voor 2023"). */
  planning: Section[];
  author: string | null;
  /** ISO date the update was last changed, or of the evaluation. */
  date: string;
  source: { kind: "ronde" } | { kind: "evaluatie"; slug: string; title: string };
}

/** A decision of a governance body on the plan dated within the span (from the plan's approval route). */
export interface ReportDecision {
  body: string;
  date: string | null;
  outcome: string;
  note: string | null;
}

/** A fact of the item as the plan's own layout shows it: "Wie", "Wanneer", "Budget", "Monitoring". */
export interface ReportField {
  label: string;
  /** Markdown. */
  text: string;
}

export interface ReportItem {
  id: number;
  /** 0 for the top level (a theme, speerpunt or ambitie). */
  depth: number;
  code: string | null;
  title: string;
  /** The plan's own word for the level ("Speerpunt", "Doel"). */
  level: string;
  levelKey: string;
  /** The item's texts and facts in the plan's own words (sections, wie, wanneer, budget). */
  fields: ReportField[];
  /** The effective status in the last period of the span (own, else rolled up from its parts). */
  status: Status | null;
  /** Its own status was stated; false when it follows from its parts. */
  statusStated: boolean;
  late: boolean;
  updates: ReportUpdate[];
  /** Indicators tied to this item, with small counts about children kept back. */
  indicators: IndicatorView[];
}

export interface ThemeSummary {
  id: number;
  code: string | null;
  title: string;
  /** The theme's own effective status in the last period of the span. */
  status: Status | null;
  /** Items below it without parts of their own, per effective status (null: nothing known); only counts above 0. */
  counts: { status: Status | null; count: number }[];
  total: number;
}

export interface Report {
  format: 1;
  plan: {
    slug: string;
    title: string;
    subtitle: string | null;
    kind: string;
    owners: string[];
    period: { label: string; start: string; end: string };
    levels: Level[];
    layout: Layout;
  };
  /** The periods covered, earliest first; one for a trimester report, several for a year. */
  periods: ReportPeriod[];
  /** How the span reads: "2022", "T1 2025-2026", "T1 2025-2026 t/m T3 2025-2026". */
  spanLabel: string;
  /** Shows small counts about children: for the partners only, marked "Vertrouwelijk" on every page. */
  confidential: boolean;
  title: string;
  subtitle: string | null;
  /** ISO date the report was made (or the evaluation's date when it is one). */
  date: string;
  /** Texts before the items: the coordinator's introduction, or an evaluation's own. */
  intro: Section[];
  closing: Section[];
  /** Decisions on the plan taken within the span. */
  decisions: ReportDecision[];
  footnotes: { mark: string; text: string }[];
  summary: {
    themes: ThemeSummary[];
    late: { id: number; code: string | null; title: string; reason: string }[];
    finished: { id: number; code: string | null; title: string; period: string }[];
  };
  /** Every item in the plan's order, depth first. */
  items: ReportItem[];
}
