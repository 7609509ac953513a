/**
 * Requests beyond the limit wait in turn, and beyond the queue (or after waiting too long) get
 * a clear 503 with Retry-After in Dutch: never a hanging or reset connection.
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { admission, busyMessage, RETRY_AFTER_SECONDS, turnstile } from "./admission.ts";

/** A route that answers when the test lets it. */
function slowApp(limits: Parameters<typeof admission>[0]) {
  const release: (() => void)[] = [];
  const started: string[] = [];
  const app = new Hono()
    .use(admission(limits))
    .get("/healthz", (c) => c.text("ok"))
    .get("/api/v1/:n", (c) => c.json({ n: c.req.param("n") }))
    .get("/:n", async (c) => {
      started.push(c.req.param("n"));
      await new Promise<void>((resolve) => release.push(resolve));
      return c.text(`klaar ${c.req.param("n")}`);
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return { app, release, started, settle };
}

describe("admission", () => {
  it("works on `active` requests at once; the next wait their turn in order", async () => {
    const { app, release, started, settle } = slowApp({ active: 2, waiting: 5, waitMs: 10_000 });
    const answers = ["1", "2", "3", "4"].map((n) => app.request(`/${n}`));
    await settle();
    expect(started).toEqual(["1", "2"]);
    release.shift()!();
    await settle();
    expect(started).toEqual(["1", "2", "3"]);
    while (release.length) {
      release.shift()!();
      await settle();
    }
    expect(await Promise.all(answers.map(async (a) => (await a).text()))).toEqual(["klaar 1", "klaar 2", "klaar 3", "klaar 4"]);
  });

  it("refuses with 503, Retry-After and a Dutch page when the queue is full, as JSON for the API", async () => {
    const { app, release, settle } = slowApp({ active: 1, waiting: 1, waitMs: 10_000 });
    const first = app.request("/1");
    const second = app.request("/2");
    await settle();
    const refused = await app.request("/3");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(await refused.text()).toContain(busyMessage);
    const api = await app.request("/api/v1/3");
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({ error: busyMessage });
    // The health check is always answered.
    expect((await app.request("/healthz")).status).toBe(200);
    release.shift()!();
    await settle();
    release.shift()!();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });

  it("refuses a request that waited longer than `waitMs`, and then takes the next one", async () => {
    const { app, release, settle } = slowApp({ active: 1, waiting: 10, waitMs: 20 });
    const first = app.request("/1");
    await settle();
    const waited = await app.request("/2");
    expect(waited.status).toBe(503);
    release.shift()!();
    expect((await first).status).toBe(200);
    const next = app.request("/3");
    await settle();
    release.shift()!();
    expect((await next).status).toBe(200);
  });

  it("gives the turn back when a request fails", async () => {
    const turns = turnstile({ active: 1, waiting: 0, waitMs: 10 });
    expect(await turns.enter()).toBe(true);
    expect(await turns.enter()).toBe(false);
    turns.leave();
    expect(turns.active).toBe(0);
    expect(await turns.enter()).toBe(true);
    const failing = new Hono().use(admission({ active: 1, waiting: 0, waitMs: 10 })).get("/", () => {
      throw new Error("mis");
    });
    expect((await failing.request("/")).status).toBe(500);
    expect((await failing.request("/")).status).toBe(500);
  });
});
