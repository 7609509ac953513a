/**
 * One validation per command for monitoring: a progress update written in the browser
 * and through the API is checked by the same schema inside saveUpdate; the reporting
 * cycle is checked inside configureCycle and is not lost when two people set it.
 */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client } from "../../../test/helpers/client.ts";
import { PASSWORD } from "../../../test/helpers/accounts.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { formFields, formProblems, visibleText } from "../../../test/helpers/html.ts";
import { LENGTH } from "../../lib/limits.ts";
import { createApiToken } from "../accounts/service.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { ItemNotFoundError } from "../plans/access.ts";
import { getPlan } from "../plans/reading.ts";
import { deleteItem } from "../plans/structure.ts";
import { progressUpdates, reportingPeriods } from "./schema.ts";
import { people, progressDatabase, SLUG } from "./test-plan.ts";
import { configureCycle, reportingPeriodsOf, saveUpdate, StaleCycleError } from "./updates.ts";
import type { Db } from "../../db/client.ts";

type Form = Record<string, string | string[]>;
const STATUS = "Status: kies een status (niet-gestart, op-koers, aandacht-nodig, achter-op-planning, afgerond, uitgesteld, vervallen).";
const PERCENTAGE = "Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg.";

describe.each(databaseKinds)("one validation for a progress update, in the browser and through the API, on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  let token: string;
  let browser: ReturnType<typeof client>;
  const ids: Record<string, number> = {};
  let periodId: number;
  const page = (code: string) => `/plannen/${SLUG}/onderdelen/${ids[code]}/voortgang`;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    token = await createApiToken(database.db, viewers.owner, "schrijven", "read-write");
    const plan = await getPlan(database.db, system, SLUG);
    collectItemIds(plan.items, ids);
    periodId = (await configureCycle(database.db, viewers.owner, SLUG, "kwartaal")).periods[0]!.id;
    browser = client(app);
    await browser.post("/inloggen", { email: people.owner, password: PASSWORD });
  });
  afterAll(() => database.dispose());

  async function viaForm(code: string, change: Form) {
    const form = formFields(await (await browser.get(`${page(code)}?periode=${periodId}`)).text(), "/voortgang");
    const res = await browser.post(page(code), { ...form, ...change });
    return { status: res.status, problems: formProblems(await res.text()) };
  }
  async function viaApi(code: string, body: unknown) {
    const res = await app.request(`/api/v1/plans/${SLUG}/items/${ids[code]}/updates/${periodId}`, {
      method: "PUT",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
    const json = (await res.json()) as { error?: { problems?: { message: string }[] } };
    return { status: res.status, problems: (json.error?.problems ?? []).map((p) => p.message).sort() };
  }
  const stored = (code: string) =>
    database.db
      .select()
      .from(progressUpdates)
      .where(and(eq(progressUpdates.itemId, ids[code]!), eq(progressUpdates.periodId, periodId), isNull(progressUpdates.evaluationId)));

  it.each<[string, string, Form, Record<string, unknown>, string[]]>([
    ["no status", "1.1", { status: [] }, {}, [STATUS]],
    ["a status that does not exist", "1.1", { status: "klaar" }, { status: "klaar" }, [STATUS]],
    ["a percentage above 100", "1.1", { status: "op-koers", percentage: "101" }, { status: "op-koers", percentage: 101 }, [PERCENTAGE]],
    ["a percentage that is no number", "1.1", { status: "op-koers", percentage: "veel" }, { status: "op-koers", percentage: "veel" }, [PERCENTAGE]],
    [
      "results over the limit",
      "1.1",
      { status: "op-koers", results: "r".repeat(LENGTH.text + 1) },
      { status: "op-koers", results: "r".repeat(LENGTH.text + 1) },
      ["Resultaten: hoogstens 20.000 tekens (nu 20.001)."],
    ],
    [
      "a reason over the limit",
      "1",
      { status: "afgerond", statusReason: "x".repeat(LENGTH.note + 1) },
      { status: "afgerond", statusReason: "x".repeat(LENGTH.note + 1) },
      ["Reden voor deze status: hoogstens 5.000 tekens (nu 5.001)."],
    ],
    [
      "a parent's own status without a reason",
      "1",
      { status: "afgerond" },
      { status: "afgerond" },
      ['Reden voor deze status: uit de onderdelen eronder volgt "Niet gestart". Leg uit waarom u "Afgerond" kiest.'],
    ],
  ])("refuses %s with the same Dutch problems from the form and the API, and saves nothing", async (_, code, form, api, expected) => {
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1.1"]!, periodId, { status: "niet-gestart" }).catch(() => undefined);
    const before = await stored(code);
    expect(await viaForm(code, form)).toEqual({ status: 400, problems: expected });
    expect(await viaApi(code, api)).toEqual({ status: 400, problems: expected });
    expect(await stored(code)).toEqual(before);
  });

  it("answers 404 in Dutch when the item goes to the bin between opening the form and saving, also in the middle of the save", async () => {
    const plan = await getPlan(database.db, system, SLUG);
    const item = plan.items[1]!.children[0]!;
    const racing = Object.create(database.db) as Db;
    racing.transaction = (async (...args: Parameters<Db["transaction"]>) => {
      await deleteItem(database.db, viewers.owner, SLUG, item.id, item.version);
      return database.db.transaction(...args);
    }) as Db["transaction"];
    const form = formFields(await (await browser.get(`${page("2.1")}?periode=${periodId}`)).text(), "/voortgang");
    await expect(saveUpdate(racing, viewers.owner, SLUG, item.id, periodId, { status: "op-koers" })).rejects.toBeInstanceOf(ItemNotFoundError);
    expect(await stored("2.1")).toEqual([]);
    const late = await browser.post(page("2.1"), { ...form, status: "op-koers" });
    expect(late.status).toBe(404);
    expect(visibleText(await late.text())).toContain("Dit onderdeel bestaat niet (meer) in dit plan.");
  });
});

describe.each(databaseKinds)("the reporting cycle under concurrency on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const path = `/plannen/${SLUG}/rapportageperiodes`;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
  });
  afterAll(() => database.dispose());

  const signedIn = async () => {
    const browser = client(app);
    await browser.post("/inloggen", { email: people.owner, password: PASSWORD });
    return browser;
  };

  it("refuses a choice that does not exist with the same message on the page as from the command", async () => {
    const browser = await signedIn();
    const res = await browser.post(path, { ...formFields(await (await browser.get(path)).text(), "/rapportageperiodes"), cycle: "maandelijks" });
    expect(res.status).toBe(400);
    const message = "Cyclus: kies hoe vaak dit plan rapporteert (trimester, kwartaal, halfjaar, jaar).";
    expect(formProblems(await res.text())).toEqual([message]);
    await expect(configureCycle(database.db, viewers.owner, SLUG, "maandelijks")).rejects.toMatchObject({ problems: [{ path: "cycle", message }] });
  });

  it("refuses a choice made on a page opened before someone else chose, and changes nothing", async () => {
    const anna = await signedIn();
    const bram = await signedIn();
    const annaForm = formFields(await (await anna.get(path)).text(), "/rapportageperiodes");
    const bramForm = formFields(await (await bram.get(path)).text(), "/rapportageperiodes");
    expect((await anna.post(path, { ...annaForm, cycle: "trimester" })).status).toBe(303);
    const refused = await bram.post(path, { ...bramForm, cycle: "jaar" });
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain(
      "De rapportageperiodes zijn intussen door iemand anders ingesteld: dit plan rapporteert nu per trimester (drie keer per jaar). Er is nog niets veranderd.",
    );
    expect((await reportingPeriodsOf(database.db, viewers.owner, SLUG)).cycle).toBe("trimester");
    // Choosing again from the page as it is now works.
    const again = formFields(await (await bram.get(path)).text(), "/rapportageperiodes");
    expect((await bram.post(path, { ...again, cycle: "jaar" })).status).toBe(303);
  });

  it("gives two choices made at once one after the other: one wins, the other is refused, no period is doubled", async () => {
    const { cycle } = await reportingPeriodsOf(database.db, viewers.owner, SLUG);
    const results = await Promise.allSettled([
      configureCycle(database.db, viewers.owner, SLUG, "kwartaal", { basis: cycle }),
      configureCycle(database.db, viewers.owner, SLUG, "halfjaar", { basis: cycle }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(StaleCycleError);
    const periods = await database.db.select().from(reportingPeriods);
    const labels = periods.map((p) => `${p.planId} ${p.label}`);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("keeps a period and the update written about it when the cycle changes at the same moment", async () => {
    const plan = await getPlan(database.db, system, SLUG);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "trimester");
    const period = periods[0]!;
    const item = plan.items[0]!.children[0]!;
    const [save, configure] = await Promise.allSettled([
      saveUpdate(database.db, viewers.owner, SLUG, item.id, period.id, { status: "op-koers", results: "Gedaan." }),
      configureCycle(database.db, viewers.owner, SLUG, "jaar"),
    ]);
    expect(configure.status).toBe("fulfilled");
    const updates = await database.db.select().from(progressUpdates).where(and(eq(progressUpdates.itemId, item.id), eq(progressUpdates.periodId, period.id)));
    const [still] = await database.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, period.id));
    if (save.status === "fulfilled") {
      // Saved: the update is there, and so is its period, though the new cycle does not have it.
      expect(updates).toHaveLength(1);
      expect(still).toBeDefined();
    } else {
      // The period went first: the save says so in Dutch, and nothing half-saved is left.
      expect((save.reason as Error).message).toMatch(/^Rapportageperiode .* bestaat niet/);
      expect(updates).toEqual([]);
    }
  });
});
