/**
 * Figures: indicators (how an item is measured) and measurements (a value for one indicator,
 * one date or period, one scope). An indicator belongs to one plan and may serve several of
 * its items; a measurement is for the whole plan area ("totaal") or one breakdown cell
 * ("gemeente:velsen", "swv:swv-po-ijmond", "schoolsoort:po").
 */
import { sql } from "drizzle-orm";
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { items, plans } from "../plans/schema.ts";
import { indicatorDirections, indicatorFrequencies, indicatorUnits, type Breakdown, type ReferenceFile } from "./format.ts";

export type Unit = (typeof indicatorUnits)[number];
export type Direction = (typeof indicatorDirections)[number];
export type Frequency = (typeof indicatorFrequencies)[number];

/** A value an indicator starts from (0-meting) or aims at (streefwaarde): a number, or words where the document sets none. */
export type Mark = Omit<ReferenceFile, "sourceFile">;

const within = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

export const indicators = pgTable(
  "indicators",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    position: integer("position").notNull().default(0),
    name: text("name").notNull(),
    definition: text("definition"),
    unit: text("unit").$type<Unit>().notNull(),
    direction: text("direction").$type<Direction>().notNull().default("geen"),
    frequency: text("frequency").$type<Frequency>().notNull().default("onbekend"),
    breakdowns: jsonb("breakdowns").$type<Breakdown[]>().notNull().default([]),
    /** Counts about children: small counts are never published (lib/figures/suppression.ts). */
    children: boolean("children").notNull().default(false),
    baseline: jsonb("baseline").$type<Mark | null>(),
    targets: jsonb("targets").$type<Mark[]>().notNull().default([]),
    /** The words in which the document names the indicator, and Koers's remark on it. */
    quote: text("quote"),
    note: text("note"),
    /** Fields that are Koers's reading of the source document, not its words. */
    interpreted: jsonb("interpreted").$type<string[]>().notNull().default([]),
    /** The slug of another indicator of the plan that counts the same from another source (reconciliation.ts). */
    compareWith: text("compare_with"),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("indicators_plan_slug").on(t.planId, t.slug),
    check("indicators_unit_check", sql.raw(`unit in (${within(indicatorUnits)})`)),
    check("indicators_direction_check", sql.raw(`direction in (${within(indicatorDirections)})`)),
  ],
);

/** The items an indicator serves. */
export const indicatorItems = pgTable(
  "indicator_items",
  {
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.itemId] }), index("indicator_items_item_idx").on(t.itemId)],
);

export const measurements = pgTable(
  "measurements",
  {
    id: serial("id").primaryKey(),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    /** The peildatum, or the last day of the period the value is about. */
    date: date("date").notNull(),
    /** The period or peildatum as people say it: "januari 2023", "schooljaar 2021-2022". */
    label: text("label").notNull(),
    /** "totaal", or "<breakdown>:<key>". */
    scope: text("scope").notNull().default("totaal"),
    value: doublePrecision("value"),
    /** The narrative of a qualitative measurement, or words beside a value. */
    text: text("text"),
    source: text("source"),
    note: text("note"),
    provisional: boolean("provisional").notNull().default(false),
    /** The words of the source document the value was taken from. */
    quote: text("quote"),
    interpreted: jsonb("interpreted").$type<string[]>().notNull().default([]),
    enteredBy: text("entered_by").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("measurements_indicator_date_scope").on(t.indicatorId, t.date, t.scope), index("measurements_indicator_date_idx").on(t.indicatorId, t.date)],
);

/** Why two sources of one count differ on one date in one area (reconciliation.ts). */
export const reconciliations = pgTable(
  "reconciliations",
  {
    id: serial("id").primaryKey(),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    date: date("date").notNull(),
    scope: text("scope").notNull().default("totaal"),
    explanation: text("explanation"),
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("reconciliations_indicator_date_scope").on(t.indicatorId, t.date, t.scope)],
);
