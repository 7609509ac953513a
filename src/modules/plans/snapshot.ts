/**
 * What a snapshot keeps of a plan: everything a reader sees, by item id, so two
 * snapshots can be compared item by item. Internal notes are left out: a
 * snapshot is shown to everyone who may read the plan.
 */
import type { Section } from "./format.ts";
import type { PlanDetail, PlanItem } from "./reading.ts";

export interface SnapshotItem {
  id: number;
  code: string | null;
  level: string;
  title: string;
  sections: Section[];
  when: string | null;
  budget: string | null;
  priority: boolean;
  reducedCapacity: string | null;
  /** Each party as one line: "rol (Organisatie, Organisatie): taak". */
  parties: string[];
  topics: string[];
  /** Each link as one line: "soort: plan-titel code titel". */
  links: string[];
  children: SnapshotItem[];
}

export interface PlanSnapshot {
  format: 1;
  title: string;
  subtitle: string | null;
  status: string;
  period: { label: string; start: string; end: string };
  /** Level keys with the names the plan uses for them. */
  levels: { key: string; name: string }[];
  sections: Section[];
  closingSections: Section[];
  items: SnapshotItem[];
}

export function partyLine(p: PlanItem["parties"][number]): string {
  const orgs = p.organisations.map((o) => o.shortName ?? o.name).join(", ");
  const who = [p.role, orgs && `(${orgs})`].filter(Boolean).join(" ");
  return p.task ? `${who}: ${p.task}` : who;
}

function itemOf(item: PlanItem): SnapshotItem {
  return {
    id: item.id,
    code: item.code,
    level: item.level,
    title: item.title,
    sections: item.sections.map(({ title, text }) => ({ title, text })),
    when: item.when,
    budget: item.budget,
    priority: item.priority,
    reducedCapacity: item.reducedCapacity,
    parties: item.parties.map(partyLine),
    topics: item.topics.map((t) => t.name),
    links: item.links.map((l) => `${l.kind}: ${l.target.planTitle} ${l.target.code ?? ""} ${l.target.title}`.replace(/\s+/g, " ")),
    children: item.children.map(itemOf),
  };
}

export function snapshotOf(plan: PlanDetail): PlanSnapshot {
  return {
    format: 1,
    title: plan.title,
    subtitle: plan.subtitle,
    status: plan.status,
    period: plan.period,
    levels: plan.levels.map((l) => ({ key: l.key, name: l.name })),
    sections: plan.sections,
    closingSections: plan.closingSections,
    items: plan.items.map(itemOf),
  };
}
