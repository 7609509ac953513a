/**
 * Reads from a PostgreSQL read replica (DATABASE_READ_URL). The app holds one `db`: a stand-in
 * that sends each query to the primary, except inside `onReplica`, whose work (and everything it
 * awaits) queries the replica. The web layer runs anonymous GET requests that way
 * (docs/operations.md, "A read replica"); everything else, and every write, uses the primary.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client.ts";

export interface ReplicaRouting {
  db: Db;
  onReplica<T>(work: () => Promise<T>): Promise<T>;
}

export function routeReads(primary: Db, replica: Db): ReplicaRouting {
  const current = new AsyncLocalStorage<Db>();
  const db = new Proxy(primary, {
    get(target, property) {
      const chosen = current.getStore() ?? target;
      const value = Reflect.get(chosen, property, chosen) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(chosen) : value;
    },
  });
  return { db, onReplica: (work) => current.run(replica, work) };
}
