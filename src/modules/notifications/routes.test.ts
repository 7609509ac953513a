/** The notification pages and API through app.request(), as a browser without JavaScript and an API client use them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { client } from "../../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { createApiToken } from "../accounts/service.ts";
import type { Viewer } from "../access/viewer.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { myPreferences } from "./service.ts";

describe.each(databaseKinds)("notification pages and API on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const page = `/plannen/${SLUG}/herinneringen`;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000", KOERS_REMINDER_DAYS_BEFORE: "5", KOERS_REMINDER_DAYS_AFTER: "" });
  });
  afterAll(() => database.dispose());

  it("lets a person switch messages off and on, and links there from the account page", async () => {
    const browser = await signedInClient(app, people.party);
    expect(await (await browser.get("/account")).text()).toContain('href="/account/berichten"');
    const form = await (await browser.get("/account/berichten")).text();
    expect(form.match(/name="soort"[^>]*checked/g)).toHaveLength(4);
    const saved = await browser.post("/account/berichten", { soort: ["ronde-geopend", "agenda"] });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/account/berichten?bewaard=1");
    expect(await myPreferences(database.db, viewers.party)).toEqual({ "ronde-geopend": true, herinnering: false, dagoverzicht: false, agenda: true });
    const after = await (await browser.get("/account/berichten?bewaard=1")).text();
    expect(visibleText(after)).toContain("Uw keuze is bewaard.");
    expect(after.match(/name="soort"[^>]*checked/g)).toHaveLength(2);
  });

  it("sends a visitor to the sign-in page", async () => {
    const res = await client(app).get("/account/berichten");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/inloggen?next=%2Faccount%2Fberichten");
  });

  it("shows a plan's reminder days to its partners and lets its coordinators change them", async () => {
    const reader = await signedInClient(app, people.reader);
    const read = visibleText(await (await reader.get(page)).text());
    expect(read).toContain("Dit plan volgt de standaard van Koers: 5 dagen voor en geen na de uiterste datum.");
    expect(read).not.toContain("Bewaren");

    const owner = await signedInClient(app, people.owner);
    expect(await (await owner.get(`/plannen/${SLUG}/rondes`)).text()).toContain(`href="${page}"`);
    const refused = await owner.post(page, { "dagen-voor": "een week", "dagen-na": "", versie: "0" });
    expect(refused.status).toBe(400);
    const text = visibleText(await refused.text());
    expect(text).toContain("De herinneringen zijn niet bewaard.");
    expect(text).toContain("Dagen voor de uiterste datum: geef hele dagen");
    const saved = await owner.post(page, { "dagen-voor": "1, 7", "dagen-na": "3", versie: "0" });
    expect(saved.status).toBe(303);
    expect(visibleText(await (await owner.get(saved.headers.get("location")!)).text())).toContain("Dit plan heeft eigen dagen: 7, 1 dagen voor en 3 dagen na de uiterste datum");
    // A second form still at version 0: refused, nothing overwritten.
    const stale = await owner.post(page, { "dagen-voor": "2", "dagen-na": "", versie: "0" });
    expect(stale.status).toBe(409);
    expect(visibleText(await stale.text())).toContain("Iemand anders heeft de herinneringen van dit plan intussen gewijzigd.");
    expect(visibleText(await (await reader.get(page)).text())).toContain("7, 1 dagen voor en 3 dagen na");
  });

  it("answers the same through the API", async () => {
    const key = await createApiToken(database.db, viewers.owner, "berichten", "read-write");
    type Answer = { data: Record<string, unknown> };
    const json = async (res: Response | Promise<Response>) => (await (await res).json()) as Answer;
    const api = (method: string, path: string, body?: unknown) =>
      app.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const schedule = await json(api("GET", `/plans/${SLUG}/reminders`));
    expect(schedule.data).toMatchObject({ daysBefore: [7, 1], daysAfter: [3], own: true, version: 1 });
    const changed = await api("PUT", `/plans/${SLUG}/reminders`, { daysBefore: [2], daysAfter: [1, 14], version: 1 });
    expect(changed.status).toBe(200);
    expect((await json(changed)).data).toMatchObject({ daysBefore: [2], daysAfter: [1, 14], version: 2 });
    expect((await api("PUT", `/plans/${SLUG}/reminders`, { daysBefore: [400], daysAfter: [], version: 2 })).status).toBe(400);

    expect((await json(api("GET", "/account/notifications"))).data).toEqual({ "ronde-geopend": true, herinnering: true, dagoverzicht: true, agenda: true });
    const off = await api("PUT", "/account/notifications", { "ronde-geopend": true, herinnering: true, dagoverzicht: false, agenda: true });
    expect((await json(off)).data.dagoverzicht).toBe(false);
    expect((await myPreferences(database.db, viewers.owner)).dagoverzicht).toBe(false);
  });
});
