/**
 * The queries of one piece of work (a request, a test): how many, how long in all, and the
 * slowest. The database clients are instrumented once (instrumentQueries); a query is counted
 * only inside `countQueries`, whose store follows the work through every await, so other
 * requests running at the same time are not mixed in. Outside it the cost is one lookup.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface QueryStats {
  count: number;
  /** Milliseconds spent waiting for the database, summed over the queries. */
  ms: number;
  /** The slowest few, slowest first: their SQL text (parameters never) and time. */
  slowest: { sql: string; ms: number }[];
}

const SLOWEST_KEPT = 3;
/** The counts open around the current work, innermost first: a request inside a test counts for both. */
const current = new AsyncLocalStorage<QueryStats[]>();

/** Runs `work` and returns what it returned with the queries it made. */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; stats: QueryStats }> {
  const stats: QueryStats = { count: 0, ms: 0, slowest: [] };
  const result = await current.run([stats, ...(current.getStore() ?? [])], work);
  return { result, stats };
}

function record(sql: string, ms: number) {
  for (const stats of current.getStore() ?? []) add(stats, sql, ms);
}

function add(stats: QueryStats, sql: string, ms: number) {
  stats.count += 1;
  stats.ms += ms;
  if (stats.slowest.length < SLOWEST_KEPT || ms > stats.slowest.at(-1)!.ms) {
    stats.slowest.push({ sql: sql.replace(/\s+/g, " ").slice(0, 300), ms });
    stats.slowest.sort((a, b) => b.ms - a.ms);
    stats.slowest.length = Math.min(stats.slowest.length, SLOWEST_KEPT);
  }
}

const sqlOf = (query: unknown): string =>
  typeof query === "string" ? query : typeof (query as { text?: unknown } | null)?.text === "string" ? (query as { text: string }).text : "";

/** Replaces `target[method]` by a version that counts and times each call (it must return a promise). */
export function instrumentQueries<K extends string>(target: { [key in K]: (...args: never[]) => unknown }, method: K): void {
  const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  (target as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
    if (!current.getStore()) return original.apply(this, args);
    const started = performance.now();
    const settle = () => record(sqlOf(args[0]), performance.now() - started);
    const promise = original.apply(this, args);
    // node-postgres also takes a callback; Koers never passes one, but then there is no promise.
    if (!promise || typeof (promise as Promise<unknown>).then !== "function") return promise;
    return promise.then(
      (value) => {
        settle();
        return value;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
  };
}

/** The Server-Timing header value for a request's queries (shown in the browser's developer tools). */
export function serverTiming(stats: QueryStats): string {
  return `db;dur=${stats.ms.toFixed(1)};desc="${stats.count} queries"`;
}
