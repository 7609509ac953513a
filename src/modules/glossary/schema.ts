import { pgTable, serial, text } from "drizzle-orm/pg-core";

export const glossaryTerms = pgTable("glossary_terms", {
  id: serial("id").primaryKey(),
  term: text("term").notNull().unique(),
  full: text("full"),
  meaning: text("meaning").notNull(),
});
