import { index, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { plans } from "../plans/schema.ts";
import type { PlanSnapshot } from "./snapshot.ts";

/** A plan as it stood when an approval adopted it: kept whole, never changed. */
export const planSnapshots = pgTable(
  "plan_snapshots",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** Why it was kept, e.g. "Vastgesteld door Bestuur SWV (2024-06-12)". */
    label: text("label").notNull(),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull().defaultNow(),
    takenBy: text("taken_by").notNull(),
    content: jsonb("content").$type<PlanSnapshot>().notNull(),
  },
  (t) => [index("plan_snapshots_plan_idx").on(t.planId, t.takenAt)],
);
