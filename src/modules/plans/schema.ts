import type { PlanSnapshot } from "./snapshot.ts";
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { organisations, regions } from "../organisations/schema.ts";
import type { ApprovalInterpretation, ItemInterpretation, Section } from "./format.ts";

export interface Level {
  key: string;
  name: string;
  plural?: string | undefined;
}
export interface Layout {
  style: "table" | "blocks";
  rowLevel: string;
  columns: { label: string; show: string[] }[];
}
export interface Footnote {
  mark: string;
  text: string;
}

export const plans = pgTable("plans", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  subtitle: text("subtitle"),
  kind: text("kind").notNull(),
  status: text("status").notNull(),
  published: boolean("published").notNull().default(false),
  periodLabel: text("period_label").notNull(),
  periodStart: date("period_start").notNull(),
  periodEnd: date("period_end").notNull(),
  parentId: integer("parent_id").references((): AnyPgColumn => plans.id, { onDelete: "set null" }),
  parentTitle: text("parent_title"),
  /** The plan this one was copied from (last year's plan), if any. */
  copiedFromId: integer("copied_from_id").references((): AnyPgColumn => plans.id, { onDelete: "set null" }),
  source: text("source"),
  levels: jsonb("levels").$type<Level[]>().notNull(),
  layout: jsonb("layout").$type<Layout>().notNull(),
  sections: jsonb("sections").$type<Section[]>().notNull().default([]),
  closingSections: jsonb("closing_sections").$type<Section[]>().notNull().default([]),
  footnotes: jsonb("footnotes").$type<Footnote[]>().notNull().default([]),
  /** For the partners only: never shown to anonymous visitors. */
  internalNote: text("internal_note"),
  /** Incremented on every change, for optimistic locking. */
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const planOwners = pgTable(
  "plan_owners",
  {
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.organisationId] }), index("plan_owners_org_idx").on(t.organisationId)],
);

export const planRegions = pgTable(
  "plan_regions",
  {
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.regionId] }), index("plan_regions_region_idx").on(t.regionId)],
);

/** The approval route: which body did what, when. */
export const planApprovals = pgTable(
  "plan_approvals",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    body: text("body").notNull(),
    date: date("date"),
    outcome: text("outcome").notNull(),
    adopts: boolean("adopts").notNull().default(false),
    note: text("note"),
    /** Fields that are Koers's reading of the document, not its words (format.ts). */
    interpreted: jsonb("interpreted").$type<ApprovalInterpretation[]>().notNull().default([]),
  },
  (t) => [index("plan_approvals_plan_idx").on(t.planId, t.position)],
);

/** A node of a plan at any level; siblings are ordered by position. */
export const items = pgTable(
  "items",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnyPgColumn => items.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    code: text("code"),
    level: text("level").notNull(),
    title: text("title").notNull(),
    sections: jsonb("sections").$type<Section[]>().notNull().default([]),
    whenText: text("when_text"),
    budget: text("budget"),
    priority: boolean("priority").notNull().default(false),
    reducedCapacity: text("reduced_capacity"),
    /** For the partners only: never shown to anonymous visitors. */
    internalNote: text("internal_note"),
    /** Fields that are Koers's reading of the document, not its words (format.ts). */
    interpreted: jsonb("interpreted").$type<ItemInterpretation[]>().notNull().default([]),
    /** The item of an earlier plan this one was copied from. */
    originItemId: integer("origin_item_id").references((): AnyPgColumn => items.id, { onDelete: "set null" }),
    /** Set while the item is in the bin; every reader skips such items. */
    deletionId: integer("deletion_id").references((): AnyPgColumn => itemDeletions.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("items_plan_parent_idx").on(t.planId, t.parentId, t.position),
    index("items_parent_idx").on(t.parentId),
    index("items_plan_code_idx").on(t.planId, t.code),
    index("items_deletion_idx").on(t.deletionId),
    index("items_origin_idx").on(t.originItemId),
  ],
);

/** The bin: one row per deleted item; its descendants carry the same deletion. */
export const itemDeletions = pgTable(
  "item_deletions",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    itemId: integer("item_id").notNull(),
    title: text("title").notNull(),
    deletedBy: text("deleted_by").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("item_deletions_plan_idx").on(t.planId, t.deletedAt)],
);

/** Wie: a party responsible for or involved in an item. */
export const itemParties = pgTable(
  "item_parties",
  {
    id: serial("id").primaryKey(),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    role: text("role"),
    task: text("task"),
  },
  (t) => [index("item_parties_item_idx").on(t.itemId, t.position)],
);

export const itemPartyOrganisations = pgTable(
  "item_party_organisations",
  {
    partyId: integer("party_id")
      .notNull()
      .references(() => itemParties.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partyId, t.organisationId] }),
    index("item_party_organisations_org_idx").on(t.organisationId),
  ],
);

export const itemLinks = pgTable(
  "item_links",
  {
    id: serial("id").primaryKey(),
    fromItemId: integer("from_item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    toItemId: integer("to_item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind").notNull(),
    note: text("note"),
  },
  (t) => [index("item_links_from_idx").on(t.fromItemId, t.position), index("item_links_to_idx").on(t.toItemId)],
);

export const topics = pgTable("topics", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
});

export const itemTopics = pgTable(
  "item_topics",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.topicId] }), index("item_topics_topic_idx").on(t.topicId)],
);

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
