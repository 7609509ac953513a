import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The audit trail: append-only (a trigger in the migration refuses UPDATE and
 * DELETE). Plan and item ids are plain numbers, not foreign keys, so the record
 * of a deleted plan stays.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer("actor_user_id"),
    /** Who, as a person reads it: an e-mail address, "systeem" or "opdrachtregel". */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    planId: integer("plan_id"),
    itemId: integer("item_id"),
    summary: text("summary").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  // The trail is read newest first a page at a time by id (keyset paging), per plan and per item: the indexes follow.
  (t) => [index("audit_plan_idx").on(t.planId, t.id), index("audit_item_idx").on(t.itemId, t.id), index("audit_at_idx").on(t.at)],
);
