/**
 * The calendar feed of a plan (GET /plannen/:slug/agenda.ics): the days its items
 * are due, the deadlines of its reporting rounds and the dated decisions of its
 * approval route, as all-day events a calendar program can subscribe to.
 *
 * From an item's "wanneer" (timing.ts): a period gives "Gereed: …" on its last
 * day; each moment gives "Moment: …" on the moment's last day; a "vanaf" item
 * gives "Start: …" on its first day. Continuous work, undecided and unreadable
 * timing give no event. Statuses are internal: only a viewer who may read the
 * plan's internal content gets the current status in the event's description.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../access/viewer.ts";
import { getPlan, type PlanDetail, type PlanItem } from "../plans/reading.ts";
import { itemHref } from "../plans/parts.ts";
import { calendarText, type DueEvent } from "../../lib/calendar.ts";
import { reportingPeriods, reportingRounds } from "../monitoring/schema.ts";
import { statusLabels, type Status } from "../monitoring/status.ts";
import { parseWhen } from "../../lib/timing/timing.ts";
import { updatesOfPlan } from "../monitoring/updates.ts";

export interface RoundDeadline {
  id: number;
  period: string;
  deadline: string;
}

/** Per item: its effective status over the period named. Internal content. */
export interface CurrentStatuses {
  period: string;
  of: ReadonlyMap<number, Status | null>;
}

const nameOf = (item: PlanItem) => `${item.code ? `${item.code} ` : ""}${item.title}`;

export function planEvents(
  plan: Pick<PlanDetail, "id" | "slug" | "title" | "period" | "items" | "approvals">,
  rounds: readonly RoundDeadline[],
  baseUrl: string,
  statuses?: CurrentStatuses,
): DueEvent[] {
  const planUrl = `${baseUrl}/plannen/${plan.slug}`;
  const events: DueEvent[] = [];
  const visit = (item: PlanItem) => {
    const when = item.when === null ? null : parseWhen(item.when, plan.period);
    const status = statuses?.of.get(item.id);
    const description =
      `${plan.title}. Gepland: "${item.when}".` +
      (statuses ? ` Status over ${statuses.period}: ${status ? statusLabels[status] : "nog geen status"}.` : "");
    const event = (key: string, title: string, day: string) =>
      events.push({ uid: `onderdeel-${item.id}-${key}@koers`, title, description, url: `${baseUrl}${itemHref(plan.slug, item.id)}`, start: day });
    if (when?.kind === "period" || when?.kind === "deadline") event("gereed", `Gereed: ${nameOf(item)}`, when.end!);
    if (when?.kind === "from") event("start", `Start: ${nameOf(item)}`, when.start!);
    if (when?.kind === "moments") when.moments.forEach((m, i) => event(`moment-${i + 1}`, `Moment: ${nameOf(item)} (${m.text})`, m.end));
    item.children.forEach(visit);
  };
  plan.items.forEach(visit);
  for (const r of rounds) {
    events.push({ uid: `ronde-${r.id}@koers`, title: `Uiterste datum voortgang over ${r.period}: ${plan.title}`, url: planUrl, start: r.deadline });
  }
  plan.approvals.forEach((a, i) => {
    if (a.date) events.push({ uid: `besluit-${plan.id}-${i + 1}@koers`, title: `${a.body}: ${a.outcome}`, description: plan.title, url: planUrl, start: a.date });
  });
  return events;
}

/** The feed as iCalendar text, for whoever may read the plan; `public` when anyone gets the same text. */
export async function planCalendar(
  db: Db,
  viewer: Viewer,
  planSlug: string,
  baseUrl: string,
  /** Events of the plan from elsewhere (governance's meetings and deadlines), as the web layer wires them. */
  more?: (db: Db, planId: number, baseUrl: string) => Promise<DueEvent[]>,
): Promise<{ slug: string; text: string; public: boolean }> {
  const plan = await getPlan(db, viewer, planSlug, "read", { backlinks: false });
  const rounds = await db
    .select({ id: reportingRounds.id, period: reportingPeriods.label, deadline: reportingRounds.deadline })
    .from(reportingRounds)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, reportingRounds.periodId))
    .where(eq(reportingRounds.planId, plan.id))
    .orderBy(asc(reportingRounds.deadline), asc(reportingRounds.id));
  let statuses: CurrentStatuses | undefined;
  if (plan.may.readInternal) {
    const progress = await updatesOfPlan(db, viewer, plan.slug);
    if (progress.period) statuses = { period: progress.period.label, of: new Map(progress.items.map((e) => [e.item.id, e.effective])) };
  }
  const extra = more ? await more(db, plan.id, baseUrl) : [];
  const text = calendarText(`Koers: ${plan.title}`, [...planEvents(plan, rounds, baseUrl, statuses), ...extra], plan.updatedAt);
  return { slug: plan.slug, text, public: plan.published && statuses === undefined };
}
