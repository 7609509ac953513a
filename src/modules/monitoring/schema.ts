import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.ts";
import { items, plans, type Footnote } from "../plans/schema.ts";
import type { Section } from "../plans/format.ts";
import type { Cycle } from "./periods.ts";
import type { Status } from "./status.ts";

/** How often a plan reports on progress; its periods are in reporting_periods. */
export const reportingCycles = pgTable(
  "reporting_cycles",
  {
    planId: integer("plan_id")
      .primaryKey()
      .references(() => plans.id, { onDelete: "cascade" }),
    cycle: text("cycle").$type<Cycle>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("reporting_cycles_cycle_check", sql`${t.cycle} in ('trimester', 'kwartaal', 'halfjaar', 'jaar')`)],
);

/** A reporting period of a plan: a trimester, quarter, half-year or year. */
export const reportingPeriods = pgTable(
  "reporting_periods",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    start: date("start").notNull(),
    end: date("end").notNull(),
  },
  (t) => [unique("reporting_periods_plan_label").on(t.planId, t.label)],
);

/** A report on a plan over one period (an interim evaluation, a trimester report). */
export const evaluations = pgTable("evaluations", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  planId: integer("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" }),
  periodId: integer("period_id")
    .notNull()
    .references(() => reportingPeriods.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  subtitle: text("subtitle"),
  date: date("date").notNull(),
  published: boolean("published").notNull().default(false),
  source: text("source"),
  sections: jsonb("sections").$type<Section[]>().notNull().default([]),
  closingSections: jsonb("closing_sections").$type<Section[]>().notNull().default([]),
  footnotes: jsonb("footnotes").$type<Footnote[]>().notNull().default([]),
});

/**
 * What was achieved on one item in one period, and what comes next. Two kinds:
 * the updates of an evaluation (evaluation_id set, no status, texts as the
 * evaluation writes them) and monitoring updates written in Koers (at most one
 * per item and period, with a status; results and planning each one section).
 */
export const progressUpdates = pgTable(
  "progress_updates",
  {
    id: serial("id").primaryKey(),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: "cascade" }),
    evaluationId: integer("evaluation_id").references(() => evaluations.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    heading: text("heading"),
    results: jsonb("results").$type<Section[]>().notNull().default([]),
    planning: jsonb("planning").$type<Section[]>().notNull().default([]),
    /** For an evaluation's update: "item" when Koers, not the evaluation, ties it to its item. */
    interpreted: jsonb("interpreted").$type<"item"[]>().notNull().default([]),
    /** Null for evaluation updates. */
    status: text("status").$type<Status>(),
    /** How far along, 0-100; optional. */
    percentage: integer("percentage"),
    /** Why a parent's own status differs from the one that follows from its parts. */
    statusReason: text("status_reason"),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    /** The author's name as it was when written; stays when the account goes. */
    authorName: text("author_name"),
    /** Incremented on every change, for optimistic locking. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("progress_updates_item_idx").on(t.itemId, t.periodId),
    index("progress_updates_evaluation_idx").on(t.evaluationId, t.position),
    // The coordinators' daily digest reads one day's updates.
    index("progress_updates_updated_idx").on(t.updatedAt),
    uniqueIndex("progress_updates_monitoring_unique").on(t.itemId, t.periodId).where(sql`evaluation_id is null`),
    check("progress_updates_percentage_check", sql`${t.percentage} between 0 and 100`),
    check(
      "progress_updates_status_check",
      sql`${t.status} in ('niet-gestart', 'op-koers', 'aandacht-nodig', 'achter-op-planning', 'afgerond', 'uitgesteld', 'vervallen')`,
    ),
    check("progress_updates_monitoring_status_check", sql`${t.evaluationId} is not null or ${t.status} is not null`),
  ],
);

/**
 * A reporting round: the coordinator asks every party of a plan for its
 * progress over one period, by a deadline. A closed round is frozen.
 */
export const reportingRounds = pgTable(
  "reporting_rounds",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: "cascade" }),
    deadline: date("deadline").notNull(),
    /** A word from the coordinator to the partners, shown with the round and in reminders. */
    message: text("message"),
    openedBy: text("opened_by").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    closedBy: text("closed_by"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** When the coordinator published the closed round: its statuses and texts are then public. */
    publishedBy: text("published_by"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    unique("reporting_rounds_plan_period").on(t.planId, t.periodId),
    index("reporting_rounds_open_idx").on(t.planId).where(sql`closed_at is null`),
  ],
);
