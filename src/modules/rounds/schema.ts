/** The rounds module's own data: who was reminded of a round, and when. The rounds themselves are
 * the reporting windows of periods, kept by monitoring (src/modules/monitoring/schema.ts). */
import { index, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.ts";
import { reportingRounds } from "../monitoring/schema.ts";

/** Who was reminded of a round, and when: the coordinator sees it next to the completeness. */
export const roundReminders = pgTable(
  "round_reminders",
  {
    id: serial("id").primaryKey(),
    roundId: integer("round_id")
      .notNull()
      .references(() => reportingRounds.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    email: text("email").notNull(),
    /** The items the reminder named. */
    itemIds: jsonb("item_ids").$type<number[]>().notNull(),
    sentBy: text("sent_by").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("round_reminders_round_idx").on(t.roundId, t.sentAt)],
);
