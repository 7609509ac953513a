/** The audit trail: who changed what, when, with the values before and after. */
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { canReadAllAudit, refusal } from "../access/policy.ts";
import { actorOf, type Viewer } from "../access/viewer.ts";
import { auditLog } from "./schema.ts";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  planId?: number | null;
  itemId?: number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry; call it in the same transaction as the change it records. */
export async function record(db: Db, viewer: Viewer, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    ...actorOf(viewer),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    planId: entry.planId ?? null,
    itemId: entry.itemId ?? null,
    summary: entry.summary,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  itemId?: number | undefined;
  /** The id to continue below: the next page. */
  before?: number | undefined;
  limit?: number | undefined;
}

async function rows(db: Db, filter: AuditFilter & { planId?: number }): Promise<AuditRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.planId !== undefined ? eq(auditLog.planId, filter.planId) : undefined,
    filter.itemId !== undefined ? eq(auditLog.itemId, filter.itemId) : undefined,
    filter.before !== undefined ? lt(auditLog.id, filter.before) : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 100);
}

/** The whole trail, newest first, a page at a time: administrators only. */
export async function listAudit(db: Db, viewer: Viewer, filter: AuditFilter & { planId?: number } = {}): Promise<AuditRow[]> {
  if (!canReadAllAudit(viewer)) throw refusal(viewer);
  return rows(db, filter);
}

/**
 * One plan's trail (or one item's in it), newest first. It decides no access: the plans
 * module calls it behind its guard (planHistory in src/modules/plans/history.tsx).
 */
export async function trailOfPlan(db: Db, planId: number, filter: AuditFilter = {}): Promise<AuditRow[]> {
  return rows(db, { ...filter, planId });
}

/** CSV (RFC 4180, semicolon-separated as Dutch spreadsheet programs expect) of audit rows. */
export function auditCsv(rows: AuditRow[]): string {
  const header = ["id", "tijdstip", "wie", "handeling", "soort", "object", "plan", "onderdeel", "omschrijving", "voor", "na"];
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
    // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = rows.map((r) =>
    [r.id, r.at.toISOString(), r.actor, r.action, r.entityType, r.entityId, r.planId, r.itemId, r.summary, r.before, r.after]
      .map(cell)
      .join(";"),
  );
  return `\uFEFF${[header.join(";"), ...lines].join("\r\n")}\r\n`;
}


