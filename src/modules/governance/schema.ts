/**
 * Governance: the bodies that advise on, consent to and adopt plans (OOGO, regiegroep,
 * Kernberaad, OPR, ALV, bestuur, Raad van Toezicht, gemeenteraad), their members, their
 * meetings with agenda and documents, the decisions they take, and each plan's approval
 * route: which bodies, in which order, do what. A decision that takes a step of the route
 * is also recorded as the plan's approval (plans' plan_approvals), through the plans module.
 */
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.ts";
import { organisations } from "../organisations/schema.ts";
import { items, planApprovals, planSnapshots, plans } from "../plans/schema.ts";
import { reportVersions } from "../reports/schema.ts";

export const bodyKinds = ["oogo", "regiegroep", "kernberaad", "opr", "alv", "bestuur", "raad-van-toezicht", "gemeenteraad", "overig"] as const;
export type BodyKind = (typeof bodyKinds)[number];

/** What a body does with a plan or report: the outcome of a decision, and the action of a route step. */
export const decisionOutcomes = ["advies", "instemming", "vaststelling", "kennisname", "afwijzing"] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

export const bodies = pgTable(
  "bodies",
  {
    id: serial("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    kind: text("kind").$type<BodyKind>().notNull(),
    description: text("description"),
    /** Incremented on every change, for optimistic locking. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("bodies_kind_check", sql`${t.kind} in ('oogo', 'regiegroep', 'kernberaad', 'opr', 'alv', 'bestuur', 'raad-van-toezicht', 'gemeenteraad', 'overig')`)],
);

/** The organisations that take part in a body; their editors and coordinators manage it. */
export const bodyOrganisations = pgTable(
  "body_organisations",
  {
    bodyId: integer("body_id")
      .notNull()
      .references(() => bodies.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bodyId, t.organisationId] }), index("body_organisations_org_idx").on(t.organisationId)],
);

/** A member of a body: a Koers account, or a name with an e-mail address for someone without one. */
export const bodyMembers = pgTable(
  "body_members",
  {
    id: serial("id").primaryKey(),
    bodyId: integer("body_id")
      .notNull()
      .references(() => bodies.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    email: text("email"),
    organisationId: integer("organisation_id").references(() => organisations.id),
    /** "voorzitter", "secretaris", "lid", "wethouder onderwijs", ... */
    role: text("role"),
    position: integer("position").notNull(),
  },
  (t) => [index("body_members_body_idx").on(t.bodyId, t.position), index("body_members_user_idx").on(t.userId)],
);

export const meetings = pgTable(
  "meetings",
  {
    id: serial("id").primaryKey(),
    bodyId: integer("body_id")
      .notNull()
      .references(() => bodies.id, { onDelete: "cascade" }),
    date: date("date").notNull(),
    /** "19:30" or "19:30-21:00", as the invitation says; null when not known. */
    time: text("time"),
    location: text("location"),
    notes: text("notes"),
    /** When the agenda went to the members (automatically or by hand). */
    agendaSentAt: timestamp("agenda_sent_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meetings_body_date_idx").on(t.bodyId, t.date), index("meetings_date_idx").on(t.date)],
);

/** A point on a meeting's agenda, about a plan, one of its items or a report sent to the meeting. */
export const agendaItems = pgTable(
  "agenda_items",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    planId: integer("plan_id").references(() => plans.id, { onDelete: "cascade" }),
    itemId: integer("item_id").references(() => items.id, { onDelete: "cascade" }),
    reportVersionId: integer("report_version_id").references(() => reportVersions.id, { onDelete: "set null" }),
    /** What the body is asked to do: one of decisionOutcomes but "afwijzing"; null for discussion only. */
    proposed: text("proposed").$type<DecisionOutcome>(),
    note: text("note"),
  },
  (t) => [index("agenda_items_meeting_idx").on(t.meetingId, t.position), index("agenda_items_plan_idx").on(t.planId)],
);

/** A document that goes with a meeting: a link to a page or file in Koers or elsewhere. */
export const meetingDocuments = pgTable(
  "meeting_documents",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    agendaItemId: integer("agenda_item_id").references(() => agendaItems.id, { onDelete: "set null" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    url: text("url").notNull(),
  },
  (t) => [index("meeting_documents_meeting_idx").on(t.meetingId, t.position)],
);

/** A plan's approval route: the bodies that must act on it, in order, and what each does. */
export const approvalSteps = pgTable(
  "approval_steps",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    bodyId: integer("body_id")
      .notNull()
      .references(() => bodies.id),
    action: text("action").$type<Exclude<DecisionOutcome, "afwijzing">>().notNull(),
    /** The date by which the body should have decided (a decision deadline in the calendars). */
    due: date("due"),
  },
  (t) => [
    index("approval_steps_plan_idx").on(t.planId, t.position),
    check("approval_steps_action_check", sql`${t.action} in ('advies', 'instemming', 'vaststelling', 'kennisname')`),
  ],
);

/** What a body decided, on which date, about which plan, report or items. */
export const decisions = pgTable(
  "decisions",
  {
    id: serial("id").primaryKey(),
    bodyId: integer("body_id")
      .notNull()
      .references(() => bodies.id),
    meetingId: integer("meeting_id").references(() => meetings.id, { onDelete: "set null" }),
    agendaItemId: integer("agenda_item_id").references(() => agendaItems.id, { onDelete: "set null" }),
    date: date("date").notNull(),
    outcome: text("outcome").$type<DecisionOutcome>().notNull(),
    /** The decision as minuted (Markdown). */
    text: text("text").notNull().default(""),
    planId: integer("plan_id").references(() => plans.id, { onDelete: "cascade" }),
    reportVersionId: integer("report_version_id").references(() => reportVersions.id, { onDelete: "set null" }),
    /** The step of the plan's approval route this decision took. */
    approvalStepId: integer("approval_step_id").references(() => approvalSteps.id, { onDelete: "set null" }),
    /** The plan's approval written for it (plans' record of the route). */
    planApprovalId: integer("plan_approval_id").references(() => planApprovals.id, { onDelete: "set null" }),
    /** The version of the plan kept when this decision adopted it. */
    snapshotId: integer("snapshot_id").references(() => planSnapshots.id, { onDelete: "set null" }),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("decisions_plan_idx").on(t.planId, t.date),
    index("decisions_body_idx").on(t.bodyId, t.date),
    index("decisions_meeting_idx").on(t.meetingId),
    check("decisions_outcome_check", sql`${t.outcome} in ('advies', 'instemming', 'vaststelling', 'kennisname', 'afwijzing')`),
  ],
);

/** The items of a plan a decision is about. */
export const decisionItems = pgTable(
  "decision_items",
  {
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.itemId] }), index("decision_items_item_idx").on(t.itemId)],
);
