import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { dataStamp as counter } from "./system-schema.ts";

/**
 * The data stamp: the count of committed transactions that changed what pages may show, raised
 * by triggers at commit (migration 0016). Any process's change moves it; a session's last use,
 * sign-in limits and lock-outs do not.
 */
export async function dataStamp(db: Db): Promise<string> {
  const [row] = await db.select({ changes: counter.changes }).from(counter).where(eq(counter.id, 1));
  return String(row?.changes ?? "");
}
