import { integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

export const glossaryTerms = pgTable("glossary_terms", {
  id: serial("id").primaryKey(),
  term: text("term").notNull().unique(),
  full: text("full"),
  meaning: text("meaning").notNull(),
  /** Raised by one on every change: a save that started from an older version is refused. */
  version: integer("version").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Who changed it last (as the audit trail names them), for "… changed it while you were editing". */
  updatedBy: text("updated_by"),
});
