/**
 * Reports on a plan's progress: the coordinator's definition of a report over a span of
 * periods (title, introduction, closing), and the versions saved when it went to a meeting.
 */
import { date, integer, jsonb, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { reportingPeriods } from "../monitoring/schema.ts";
import { plans } from "../plans/schema.ts";
import type { Report } from "./model.ts";

/** What the coordinator wrote for the report of a plan over a span of periods. */
export const reports = pgTable(
  "reports",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    fromPeriodId: integer("from_period_id")
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: "cascade" }),
    toPeriodId: integer("to_period_id")
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Markdown; "" when the coordinator wrote none. */
    intro: text("intro").notNull().default(""),
    closing: text("closing").notNull().default(""),
    /** Incremented on every change, for optimistic locking. */
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("reports_plan_span").on(t.planId, t.fromPeriodId, t.toPeriodId)],
);

/** A report as it was sent to a meeting: the whole report model, frozen. */
export const reportVersions = pgTable(
  "report_versions",
  {
    id: serial("id").primaryKey(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    /** 1, 2, ... per report. */
    number: integer("number").notNull(),
    /** Where it went: "OOGO", "regiegroep 12 maart". */
    sentTo: text("sent_to").notNull(),
    sentOn: date("sent_on").notNull(),
    content: jsonb("content").$type<Report>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("report_versions_report_number").on(t.reportId, t.number)],
);
