import { bigint, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Bookkeeping for one-time work, such as loading the source plans on first start. */
export const systemState = pgTable("system_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One counter that every transaction changing what pages show raises once, at its commit
 * (triggers from migration 0016 on every table except sessions and sign-in limits): the data
 * stamp of the pages kept in memory (src/web/page-cache.ts, decision 0026).
 */
export const dataStamp = pgTable("data_stamp", {
  id: integer("id").primaryKey(),
  changes: bigint("changes", { mode: "number" }).notNull(),
});
