/**
 * Governance in the calendar feeds: meetings of bodies and the deadlines of open steps of
 * approval routes, as events. The feeds themselves belong to other modules (the plan's feed to
 * dashboard, the personal feed to rounds); the web layer hands these sources to them
 * (AppDeps.calendarSources), so that those modules need not know governance.
 */
import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { addDays, todayInNl } from "../../lib/dates.ts";
import type { DueEvent } from "../../lib/calendar.ts";
import type { Viewer } from "../access/viewer.ts";
import { planOwners, plans } from "../plans/schema.ts";
import { meetingHref } from "./notices.ts";
import { outcomeLabels, routeState } from "./rules.ts";
import { agendaItems, approvalSteps, bodies, bodyMembers, decisions, meetings } from "./schema.ts";

/** How far back a feed keeps meetings: a calendar shows what was, too. */
const PAST_DAYS = 365;

type MeetingRow = { id: number; date: string; time: string | null; location: string | null; bodyName: string; bodySlug: string };

function meetingEvent(m: MeetingRow, baseUrl: string, description: string): DueEvent {
  const where = [m.time && `Tijd: ${m.time}.`, m.location && `Plaats: ${m.location}.`].filter(Boolean).join(" ");
  return {
    uid: `vergadering-${m.id}@koers`,
    title: `Vergadering ${m.bodyName}`,
    description: [description, where].filter(Boolean).join(" "),
    url: `${baseUrl}${meetingHref(m.bodySlug, m.id)}`,
    start: m.date,
  };
}

const meetingColumns = { id: meetings.id, date: meetings.date, time: meetings.time, location: meetings.location, bodyName: bodies.name, bodySlug: bodies.slug };

/** The open steps of these plans' routes that have a deadline, as events. */
async function deadlineEvents(db: Db, planRows: { id: number; slug: string; title: string; status: string }[], baseUrl: string): Promise<DueEvent[]> {
  const live = planRows.filter((p) => p.status === "concept" || p.status === "in-besluitvorming");
  if (live.length === 0) return [];
  const ids = live.map((p) => p.id);
  const [steps, taken] = await Promise.all([
    db
      .select({ id: approvalSteps.id, planId: approvalSteps.planId, position: approvalSteps.position, bodyId: approvalSteps.bodyId, bodyName: bodies.name, action: approvalSteps.action, due: approvalSteps.due })
      .from(approvalSteps)
      .innerJoin(bodies, eq(bodies.id, approvalSteps.bodyId))
      .where(inArray(approvalSteps.planId, ids)),
    db.select({ id: decisions.id, planId: decisions.planId, approvalStepId: decisions.approvalStepId, outcome: decisions.outcome, date: decisions.date }).from(decisions).where(inArray(decisions.planId, ids)),
  ]);
  const events: DueEvent[] = [];
  for (const plan of live) {
    const state = routeState(steps.filter((s) => s.planId === plan.id), taken.filter((d) => d.planId === plan.id));
    for (const s of state.steps) {
      if (s.decision || !s.due) continue;
      events.push({
        uid: `besluitstap-${s.id}@koers`,
        title: `Uiterste datum ${outcomeLabels[s.action].toLowerCase()} ${s.bodyName}: ${plan.title}`,
        description: `Stap ${s.position + 1} van de besluitvorming over ${plan.title}.`,
        url: `${baseUrl}/plannen/${plan.slug}/besluitvorming`,
        start: s.due,
      });
    }
  }
  return events;
}

/** For a plan's feed (the caller checked the viewer may read it): meetings with the plan on the agenda, and its route's deadlines. */
export async function planGovernanceEvents(db: Db, planId: number, baseUrl: string, today = todayInNl()): Promise<DueEvent[]> {
  const [plan] = await db.select({ id: plans.id, slug: plans.slug, title: plans.title, status: plans.status }).from(plans).where(eq(plans.id, planId));
  if (!plan) return [];
  const rows = await db
    .selectDistinct(meetingColumns)
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(agendaItems.planId, planId), gte(meetings.date, addDays(today, -PAST_DAYS))))
    .orderBy(asc(meetings.date));
  return [...rows.map((m) => meetingEvent(m, baseUrl, `${plan.title} staat op de agenda.`)), ...(await deadlineEvents(db, [plan], baseUrl))];
}

/** For a person's feed: the meetings of the bodies they are a member of, and the route deadlines of plans they edit. */
export async function personalGovernanceEvents(db: Db, viewer: Viewer, baseUrl: string, today = todayInNl()): Promise<DueEvent[]> {
  if (viewer.kind !== "user") return [];
  const memberOf = (await db.selectDistinct({ id: bodyMembers.bodyId }).from(bodyMembers).where(eq(bodyMembers.userId, viewer.id))).map((b) => b.id);
  const rows = memberOf.length
    ? await db
        .select(meetingColumns)
        .from(meetings)
        .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
        .where(and(inArray(meetings.bodyId, memberOf), gte(meetings.date, addDays(today, -PAST_DAYS))))
        .orderBy(asc(meetings.date))
    : [];
  const editorOf = [...viewer.roles].filter(([, role]) => role === "redacteur").map(([id]) => id);
  const edited = editorOf.length
    ? await db
        .selectDistinct({ id: plans.id, slug: plans.slug, title: plans.title, status: plans.status })
        .from(plans)
        .innerJoin(planOwners, eq(planOwners.planId, plans.id))
        .where(inArray(planOwners.organisationId, editorOf))
    : [];
  return [...rows.map((m) => meetingEvent(m, baseUrl, `U bent lid van ${m.bodyName}.`)), ...(await deadlineEvents(db, edited, baseUrl))];
}
