import { boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { items, plans, type Footnote } from "../plans/schema.ts";
import type { Section } from "../plans/format.ts";

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

/** What was achieved on one item in one period, and what comes next. */
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("progress_updates_item_idx").on(t.itemId, t.periodId),
    index("progress_updates_evaluation_idx").on(t.evaluationId, t.position),
  ],
);
