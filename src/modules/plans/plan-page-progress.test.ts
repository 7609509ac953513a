import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { SESSION_COOKIE } from "../../web/auth.ts";
import type { Viewer } from "../access/viewer.ts";
import { progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { configureCycle, saveUpdate } from "../monitoring/updates.ts";
import { getPlan } from "./reading.ts";

describe.each(databaseKinds)("progress on the plan page on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let sessions: Record<string, string>;
  let viewers: Record<string, Viewer>;

  beforeAll(async () => {
    ({ database, sessions, viewers } = await progressDatabase(kind));
    app = testApp(database.db);
    const { periods } = await configureCycle(database.db, viewers.owner!, SLUG, "kwartaal");
    const plan = await getPlan(database.db, viewers.owner!, SLUG);
    const item = plan.items[0]!.children[1]!; // 1.2, in 2025
    const q4 = periods.find((p) => p.label === "Q4 2025")!;
    await saveUpdate(database.db, viewers.owner!, SLUG, item.id, q4.id, { version: null, status: "aandacht-nodig", results: "", planning: "", percentage: null, statusReason: null });
  });
  afterAll(() => database.dispose());

  const page = async (who?: string) =>
    visibleText(await (await app.request(`/plannen/${SLUG}`, { headers: who ? { cookie: `${SESSION_COOKIE}=${sessions[who]}` } : {} })).text());

  it("shows partners each item's status in the last period once the plan's time is over, with the way to update it", async () => {
    const text = await page("party");
    expect(text).toMatch(/Voortgang Q4 2025:\s*Aandacht nodig/);
    expect(text).toMatch(/Voortgang Q4 2025:\s*Aandacht nodig \(berekend\)/); // theme 1 follows from 1.2
    expect(text).toContain("Voortgang bijwerken 1.2");
    expect(text).not.toContain("Voortgang bijwerken 1.1"); // PPO-NK is a party to 1.2 only
    expect(text).toContain("Dashboard");
  });

  it("offers plan editors no empty list of underlying items for a row without any", async () => {
    const text = await page("owner");
    expect(text).toContain("Verplaatsen 1.1");
    expect(text).not.toContain("Onderdelen onder 1.1 beheren");
  });

  it("shows visitors no progress at all", async () => {
    const text = await page();
    expect(text).not.toContain("Voortgang Q4 2025");
    expect(text).not.toContain("Voortgang bijwerken");
    expect(text).not.toContain("Dashboard");
    expect(text).toContain("Agenda (iCalendar)");
  });
});
