import { index, integer, pgTable, primaryKey, serial, text } from "drizzle-orm/pg-core";

export const organisations = pgTable("organisations", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  shortName: text("short_name"),
  kind: text("kind").notNull(),
  note: text("note"),
});

/** Regions overlap and do not nest; an organisation can be in many, of several kinds. */
export const regions = pgTable("regions", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  kind: text("kind").notNull(),
  note: text("note"),
});

export const regionMembers = pgTable(
  "region_members",
  {
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    note: text("note"),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.organisationId] }), index("region_members_org_idx").on(t.organisationId)],
);
