/**
 * Reporting rounds: a coordinator asks the parties of a plan for their progress
 * over one period, by a deadline.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { reportingPeriods, reportingRounds } from "./schema.ts";

export interface RoundRef {
  id: number;
  periodId: number;
  deadline: string;
  closed: boolean;
}

/**
 * The plan's current round: the round over its latest period that has one, open
 * or closed. Lateness rule (b) in status.ts judges against it.
 */
export async function currentRound(db: Db, planId: number): Promise<RoundRef | null> {
  const [row] = await db
    .select({ id: reportingRounds.id, periodId: reportingRounds.periodId, deadline: reportingRounds.deadline, closedAt: reportingRounds.closedAt })
    .from(reportingRounds)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, reportingRounds.periodId))
    .where(eq(reportingRounds.planId, planId))
    .orderBy(desc(reportingPeriods.start))
    .limit(1);
  return row ? { id: row.id, periodId: row.periodId, deadline: row.deadline, closed: row.closedAt !== null } : null;
}
