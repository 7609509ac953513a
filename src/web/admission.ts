/**
 * How many requests Koers works on at once. The embedded database answers one query at a time,
 * so twenty requests at once only make each other slow and grow the memory; PostgreSQL has a
 * pool of connections. Requests beyond `active` wait in turn; when `waiting` are already waiting,
 * or a request has waited `waitMs`, it gets a clear 503 with Retry-After instead of a connection
 * that hangs or is reset. Each process counts its own requests.
 */
import type { Context, MiddlewareHandler } from "hono";

export interface AdmissionLimits {
  /** Requests worked on at the same time. */
  active: number;
  /** Requests that may wait for a turn. */
  waiting: number;
  /** Longest wait for a turn, in milliseconds. */
  waitMs: number;
}

/** Seconds a refused client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

export const busyMessage = "Koers is op dit moment erg druk. Probeer het over een paar seconden opnieuw.";

/** The turns: `enter` resolves true when the request may go on, false when it is refused. */
export function turnstile(limits: AdmissionLimits) {
  let active = 0;
  const queue: { admit: () => void; timer: NodeJS.Timeout }[] = [];
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    enter(): Promise<boolean> {
      if (active < limits.active) {
        active += 1;
        return Promise.resolve(true);
      }
      if (queue.length >= limits.waiting) return Promise.resolve(false);
      return new Promise((resolve) => {
        const entry = {
          admit: () => {
            clearTimeout(entry.timer);
            active += 1;
            resolve(true);
          },
          timer: setTimeout(() => {
            queue.splice(queue.indexOf(entry), 1);
            resolve(false);
          }, limits.waitMs),
        };
        queue.push(entry);
      });
    },
    leave(): void {
      active -= 1;
      queue.shift()?.admit();
    },
  };
}

function refuse(c: Context) {
  c.header("Retry-After", String(RETRY_AFTER_SECONDS));
  c.header("Cache-Control", "no-store");
  if (c.req.path.startsWith("/api/")) return c.json({ error: busyMessage }, 503);
  return c.html(
    `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Even geduld · Koers</title></head><body><h1>Even geduld</h1><p>${busyMessage}</p></body></html>`,
    503,
  );
}

/** The health check's address: answered at once, without waiting for a turn or asking the database. */
export const HEALTH_CHECK = "/healthz";

export function admission(limits: AdmissionLimits): MiddlewareHandler {
  const turns = turnstile(limits);
  return async (c, next) => {
    // Monitoring must see that the process lives, also when it is busy.
    if (c.req.path === HEALTH_CHECK) return next();
    if (!(await turns.enter())) return refuse(c);
    try {
      await next();
    } finally {
      turns.leave();
    }
  };
}
