/**
 * Notifications that run on their own: what each person chose to receive, when a plan's
 * reminders go out, and every message sent (one row per message key, so that a message is
 * sent once even when several Koers processes or a retried job look at the same moment).
 * The jobs themselves live in the job queue's own schema (docs/decisions).
 */
import { index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, boolean } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.ts";
import { plans } from "../plans/schema.ts";

export const notificationKinds = ["ronde-geopend", "herinnering", "dagoverzicht", "agenda"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** A person's choice for one kind of message; without a row the message is sent. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<NotificationKind>().notNull(),
    enabled: boolean("enabled").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** When the reminders of a plan's rounds go out: days before and after the deadline. */
export const reminderSchedules = pgTable("reminder_schedules", {
  planId: integer("plan_id")
    .primaryKey()
    .references(() => plans.id, { onDelete: "cascade" }),
  daysBefore: jsonb("days_before").$type<number[]>().notNull(),
  daysAfter: jsonb("days_after").$type<number[]>().notNull(),
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every notification sent: `key` names the message ("reminder:12:-3:45"), so it goes out once. */
export const notificationsSent = pgTable(
  "notifications_sent",
  {
    id: serial("id").primaryKey(),
    key: text("key").notNull().unique(),
    kind: text("kind").$type<NotificationKind>().notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    email: text("email").notNull(),
    /** The message in the outbox. */
    outboxId: integer("outbox_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_sent_user_idx").on(t.userId, t.sentAt)],
);
