/** The progress API: reading a plan's updates, writing one with an API token, and items' `when` as read. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { createApiToken } from "../accounts/service.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { getPlan } from "../plans/reading.ts";
import { people, progressDatabase, SLUG } from "./test-plan.ts";
import { configureCycle } from "./updates.ts";

describe.each(databaseKinds)("progress API on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let periodId: number;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db);
    for (const who of ["owner", "party", "reader"] as const) {
      tokens[`${who} read`] = await createApiToken(database.db, viewers[who], "lezen", "read");
      tokens[`${who} write`] = await createApiToken(database.db, viewers[who], "schrijven", "read-write");
    }
    const plan = await getPlan(database.db, system, SLUG);
    collectItemIds(plan.items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "halfjaar");
    periodId = periods[0]!.id;
  });
  afterAll(() => database.dispose());

  const call = (path: string, token?: string, init: { method?: string; body?: unknown } = {}) =>
    app.request(path, {
      method: init.method ?? "GET",
      headers: { ...(token && { authorization: `Bearer ${tokens[token]}` }), "content-type": "application/json" },
      ...(init.body !== undefined && { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
    });
  const put = (code: string, token: string | undefined, body: unknown) =>
    call(`/api/v1/plans/${SLUG}/items/${ids[code]}/updates/${periodId}`, token, { method: "PUT", body });

  it("writes an update with a write token of a party, and refuses a stale version with 409", async () => {
    const res = await put("1.2", "party write", { status: "op-koers", results: "Overleg gestart.", percentage: 30 });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({ periodId, status: "op-koers", results: "Overleg gestart.", planning: "", percentage: 30, statusReason: null, version: 1 });
    expect(data.author).toEqual(expect.any(String));

    const stale = await put("1.2", "owner write", { version: null, status: "afgerond" });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toMatch(/^De voortgang over 1e helft 2025 is intussen opgeslagen door .* \(nu versie 1\)/);
    expect((await put("1.2", "owner write", { version: 1, status: "afgerond" })).status).toBe(200);
  });

  it("refuses what is not allowed: read tokens, other items, visitors", async () => {
    expect((await put("1.2", "party read", { status: "afgerond" })).status).toBe(403);
    expect((await put("1.1", "party write", { status: "afgerond" })).status).toBe(403);
    expect((await put("1.1", "reader write", { status: "afgerond" })).status).toBe(403);
    expect((await put("1.1", undefined, { status: "afgerond" })).status).toBe(401);
  });

  it("names every wrong field in Dutch", async () => {
    const res = await put("1.1", "owner write", { status: "klaar", percentage: 150, kleur: "groen" });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toContain("status: Status: kies een status (niet-gestart, op-koers, aandacht-nodig, achter-op-planning, afgerond, uitgesteld, vervallen).");
    expect(error.message).toContain("percentage: Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg.");
    expect(error.message).toMatch(/inhoud: .*kleur/);
    const notJson = await put("1.1", "owner write", "{status");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { status: 400, message: "De inhoud is geen geldige JSON." } });
  });

  it("asks a reason when a parent's status differs from its roll-up", async () => {
    // 1.2 is afgerond, 1.1 and 1.3 have no update: the theme is op koers, not finished.
    const res = await put("1", "owner write", { status: "afgerond" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'statusReason: Reden voor deze status: uit de onderdelen eronder volgt "Op koers". Leg uit waarom u "Afgerond" kiest.',
    );
  });

  it("reads the updates of a period with roll-up and lateness, for partners only", async () => {
    const res = await call(`/api/v1/plans/${SLUG}/updates?period=${periodId}`, "reader read");
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: any };
    expect(data).toMatchObject({ cycle: "halfjaar", period: { id: periodId, label: "1e helft 2025" }, plan: { slug: SLUG } });
    expect(data.periods.map((p: { label: string }) => p.label)).toEqual(["1e helft 2025", "2e helft 2025"]);
    const byCode = Object.fromEntries(data.items.map((i: any) => [i.code, i]));
    expect(byCode["1.2"]).toMatchObject({ status: "afgerond", editable: false, update: { status: "afgerond", version: 2 }, late: { late: false } });
    expect(byCode["1"]).toMatchObject({ status: null, rolledUp: "op-koers", effective: "op-koers", overridden: false, update: null, hasChildren: true });
    // Planned in Q1 2025, no update; the real today is long after 2025.
    expect(byCode["1.1"].late).toEqual({ late: true, reasons: ["verlopen"], dueAfter: "2025-06-30" });
    expect(byCode["2.1"].when).toEqual({ text: "de komende maanden", start: null, end: null, kind: "unreadable", moments: [] });

    expect((await call(`/api/v1/plans/${SLUG}/updates`)).status).toBe(401);
    expect((await call(`/api/v1/plans/${SLUG}/updates?period=helft`, "reader read")).status).toBe(400);
    expect((await call(`/api/v1/plans/${SLUG}/updates?period=999999`, "reader read")).status).toBe(404);
    expect((await call(`/api/v1/plans/bestaat-niet/updates`, "reader read")).status).toBe(404);
  });

  it("gives items `when` as read against the plan period, keeping unreadable text with its kind", async () => {
    const { data } = (await (await call(`/api/v1/plans/${SLUG}`)).json()) as { data: any };
    const [theme1, theme2] = data.items;
    expect(theme1.when).toBeNull();
    expect(theme1.children.map((c: any) => c.when)).toEqual([
      { text: "Q1 2025", start: "2025-01-01", end: "2025-03-31", kind: "period", moments: [] },
      { text: "2025", start: "2025-01-01", end: "2025-12-31", kind: "period", moments: [] },
      { text: "nader te bepalen", start: null, end: null, kind: "undecided", moments: [] },
    ]);
    expect(theme2.children[0].when).toEqual({ text: "de komende maanden", start: null, end: null, kind: "unreadable", moments: [] });
  });

  it("is described in OpenAPI", async () => {
    const doc = (await (await call("/api/v1/openapi.json")).json()) as { paths: Record<string, any>; components: { schemas: Record<string, any> } };
    expect(doc.paths["/plans/{slug}/updates"].get).toBeDefined();
    expect(doc.paths["/plans/{slug}/items/{id}/updates/{periodId}"].put.responses["409"]).toBeDefined();
    expect(doc.components.schemas.Item.properties.when.oneOf[0]).toEqual({ $ref: "#/components/schemas/When" });
  });
});
