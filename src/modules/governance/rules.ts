/**
 * The rules of a plan's approval route and of a proposed agenda, as plain functions of what
 * the service read: which step is next, whether a decision may take it, what the plan's status
 * becomes, and what is due for a body's next meeting.
 */
import { addDays } from "../../lib/dates.ts";
import type { DecisionOutcome } from "./schema.ts";

export type StepAction = Exclude<DecisionOutcome, "afwijzing">;

export const outcomeLabels: Record<DecisionOutcome, string> = {
  advies: "Advies",
  instemming: "Instemming",
  vaststelling: "Vaststelling",
  kennisname: "Kennisname",
  afwijzing: "Afwijzing",
};

/** What the plan's record of approvals writes for a decision ("vastgesteld", as the plans already say). */
export const approvalOutcome: Record<DecisionOutcome, string> = {
  advies: "advies",
  instemming: "instemming",
  vaststelling: "vastgesteld",
  kennisname: "kennisname",
  afwijzing: "afgewezen",
};

export interface RouteStep {
  id: number;
  position: number;
  bodyId: number;
  bodyName: string;
  action: StepAction;
  due: string | null;
}

export interface RouteDecision {
  id: number;
  approvalStepId: number | null;
  outcome: DecisionOutcome;
  date: string;
}

export interface StepState extends RouteStep {
  /** The decision that took this step in the current pass of the route; null while open. */
  decision: RouteDecision | null;
}

export interface RouteState {
  steps: StepState[];
  /** The first open step, in order; null when every step is taken (or there are none). */
  next: StepState | null;
  /** The last rejection, when it ended the previous pass of the route. */
  rejected: RouteDecision | null;
}

/**
 * Where the route stands. A rejection ends a pass: the steps taken before it count no more,
 * so when the route is started again every body decides again, from the first step.
 */
export function routeState(steps: readonly RouteStep[], decisions: readonly RouteDecision[]): RouteState {
  const taking = decisions.filter((d) => d.approvalStepId !== null).sort((a, b) => a.id - b.id);
  const lastRejection = taking.filter((d) => d.outcome === "afwijzing").at(-1) ?? null;
  const pass = lastRejection ? taking.filter((d) => d.id > lastRejection.id) : taking;
  const ordered = [...steps].sort((a, b) => a.position - b.position || a.id - b.id);
  const states = ordered.map((s) => ({ ...s, decision: pass.find((d) => d.approvalStepId === s.id) ?? null }));
  return { steps: states, next: states.find((s) => s.decision === null) ?? null, rejected: lastRejection };
}

export type PlanStatus = "concept" | "in-besluitvorming" | "vastgesteld" | "afgesloten";

export type RouteCheck =
  | { ok: true; step: StepState; status: PlanStatus | null }
  | { ok: false; message: string };

/**
 * Whether this body's decision may take the route's next step, and the plan's status after it
 * (null: unchanged). Steps are taken in order; the outcome is the step's action, or a rejection.
 */
export function checkRouteDecision(state: RouteState, planStatus: string, body: { id: number; name: string }, outcome: DecisionOutcome): RouteCheck {
  if (planStatus !== "in-besluitvorming") {
    return { ok: false, message: "De besluitvorming over dit plan is niet gestart: start eerst de route, dan legt u de besluiten vast." };
  }
  const next = state.next;
  if (!next) return { ok: false, message: "Alle stappen van de route zijn al genomen." };
  if (next.bodyId !== body.id) {
    const later = state.steps.find((s) => s.decision === null && s.bodyId === body.id);
    return {
      ok: false,
      message: later
        ? `Eerst is ${next.bodyName} aan de beurt (${outcomeLabels[next.action].toLowerCase()}). ${body.name} besluit pas daarna, in stap ${later.position + 1}.`
        : `${body.name} heeft geen open stap in de route van dit plan; nu is ${next.bodyName} aan de beurt (${outcomeLabels[next.action].toLowerCase()}).`,
    };
  }
  if (outcome !== "afwijzing" && outcome !== next.action) {
    return { ok: false, message: `Deze stap vraagt ${outcomeLabels[next.action].toLowerCase()} van ${next.bodyName}, geen ${outcomeLabels[outcome].toLowerCase()}. Kies die uitkomst, of afwijzing.` };
  }
  const status: PlanStatus | null = outcome === "afwijzing" ? "concept" : outcome === "vaststelling" ? "vastgesteld" : null;
  return { ok: true, step: next, status };
}

/** Whether the route can be started: it has steps, one of them adopts the plan, and the plan is a concept. */
export function checkRouteStart(steps: readonly RouteStep[], planStatus: string): string | null {
  if (planStatus !== "concept") return `Alleen een concept gaat de besluitvorming in; dit plan is ${planStatus.replace("-", " ")}.`;
  if (steps.length === 0) return "De route heeft nog geen stappen: voeg eerst de organen toe die over het plan besluiten.";
  if (!steps.some((s) => s.action === "vaststelling")) return "De route heeft geen stap die het plan vaststelt: laat één orgaan het plan vaststellen.";
  return null;
}

/** Whether the route's steps may still be changed: not while the plan is in besluitvorming. */
export function checkRouteChange(planStatus: string): string | null {
  return planStatus === "in-besluitvorming"
    ? "De route ligt vast zolang het plan in besluitvorming is. Wijzig de stappen na een afwijzing, of voor de start."
    : null;
}

export type ProposalKind = "plan" | "rapportage" | "onderdeel";

export interface AgendaProposal {
  /** Identifies the proposal in the form: "plan-3", "rapportage-7", "onderdeel-12". */
  key: string;
  kind: ProposalKind;
  title: string;
  /** Why it is proposed, in a sentence. */
  reason: string;
  planId: number;
  itemId: number | null;
  reportVersionId: number | null;
  proposed: StepAction | null;
}

export interface DueFacts {
  bodyId: number;
  /** The meeting's date, and the date of the body's next meeting after it (null when none is planned). */
  meetingDate: string;
  nextMeetingDate: string | null;
  /** Plans whose route's next open step is at this body. */
  plansAwaiting: { planId: number; title: string; step: { bodyId: number; action: StepAction; due: string | null } }[];
  /** Report versions of the body's plans that no decision took note of. */
  reports: { id: number; planId: number; planTitle: string; number: number; sentTo: string; sentOn: string }[];
  /** Items of the body's plans with their latest status and when they are to be done. */
  items: { id: number; planId: number; planTitle: string; code: string | null; title: string; status: string | null; end: string | null }[];
  /** What is on the agenda already (its plan, item and report version ids), so as not to propose it twice. */
  onAgenda: { planId: number | null; itemId: number | null; reportVersionId: number | null }[];
}

/** How far ahead items due are proposed when the body has no next meeting planned. */
export const HORIZON_DAYS = 56;

const LATE = new Set(["achter-op-planning", "aandacht-nodig"]);
const DONE = new Set(["afgerond", "vervallen"]);

/** What is due for a body's meeting, from the facts the service gathered. */
export function agendaProposals(f: DueFacts): AgendaProposal[] {
  const proposals: AgendaProposal[] = [];
  for (const p of f.plansAwaiting) {
    if (p.step.bodyId !== f.bodyId || f.onAgenda.some((a) => a.planId === p.planId && a.itemId === null && a.reportVersionId === null)) continue;
    proposals.push({
      key: `plan-${p.planId}`,
      kind: "plan",
      title: p.title,
      reason: `De route van het plan vraagt nu ${outcomeLabels[p.step.action].toLowerCase()} van dit orgaan${p.step.due ? ` (uiterlijk ${p.step.due})` : ""}.`,
      planId: p.planId,
      itemId: null,
      reportVersionId: null,
      proposed: p.step.action,
    });
  }
  for (const r of f.reports) {
    if (f.onAgenda.some((a) => a.reportVersionId === r.id)) continue;
    proposals.push({
      key: `rapportage-${r.id}`,
      kind: "rapportage",
      title: `Rapportage ${r.planTitle}, versie ${r.number}`,
      reason: `Verstuurd aan ${r.sentTo} op ${r.sentOn}; nog niet voor kennisgeving aangenomen.`,
      planId: r.planId,
      itemId: null,
      reportVersionId: r.id,
      proposed: "kennisname",
    });
  }
  // Without a next meeting planned, "before the next meeting" means the coming eight weeks.
  const horizon = f.nextMeetingDate ?? addDays(f.meetingDate, HORIZON_DAYS);
  for (const i of f.items) {
    if (f.onAgenda.some((a) => a.itemId === i.id)) continue;
    const late = i.status !== null && LATE.has(i.status);
    const due = !late && i.end !== null && !DONE.has(i.status ?? "") && i.end >= f.meetingDate && i.end < horizon;
    if (!late && !due) continue;
    proposals.push({
      key: `onderdeel-${i.id}`,
      kind: "onderdeel",
      title: `${i.code ? `${i.code} ` : ""}${i.title}`,
      reason: late
        ? `Laatste voortgang: ${i.status === "achter-op-planning" ? "achter op planning" : "aandacht nodig"} (${i.planTitle}).`
        : `Moet klaar zijn op ${i.end}, ${f.nextMeetingDate ? "voor de volgende vergadering" : "binnen acht weken"} (${i.planTitle}).`,
      planId: i.planId,
      itemId: i.id,
      reportVersionId: null,
      proposed: null,
    });
  }
  return proposals;
}
