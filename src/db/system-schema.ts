import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Bookkeeping for one-time work, such as loading the source plans on first start. */
export const systemState = pgTable("system_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
