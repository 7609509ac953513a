/**
 * One validation per command for reporting rounds, and rounds that hold when two
 * coordinators act at once: opening the same round twice, closing it twice, a period
 * that goes while a round over it is being opened.
 */
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../../../test/helpers/accounts.ts";
import { client } from "../../../test/helpers/client.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formProblems, visibleText } from "../../../test/helpers/html.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError } from "../../lib/errors.ts";
import type { Viewer } from "../access/viewer.ts";
import { reportingPeriods, reportingRounds } from "../monitoring/schema.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { configureCycle } from "../monitoring/updates.ts";
import { closeRound, openRound, RoundInputError, RoundNotFoundError, sendReminders } from "./service.ts";
import { createMailer } from "../accounts/mail.ts";

describe.each(databaseKinds)("one validation for reporting rounds, and rounds under concurrency, on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const period: Record<string, number> = {};
  const roundsPath = `/plannen/${SLUG}/rondes`;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "trimester");
    for (const p of periods) period[p.label] = p.id;
  });
  afterAll(() => database.dispose());

  const signedIn = async () => {
    const browser = client(app);
    await browser.post("/inloggen", { email: people.owner, password: PASSWORD });
    return browser;
  };
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => [],
      (error: unknown) => {
        if (!(error instanceof RoundInputError)) throw error;
        return Object.values(error.fields).sort();
      },
    );

  it.each([
    ["a date that does not exist", { deadline: "2025-02-30" }, ["Uiterste datum: geef een geldige datum, bijvoorbeeld 2025-11-30."]],
    ["a date before the period", { deadline: "2025-04-30" }, ["Uiterste datum: kies een datum op of na het begin van de periode (1 mei 2025)."]],
    ["a message over the limit", { message: "m".repeat(5001) }, ["Bericht: hoogstens 5.000 tekens (nu 5.001)."]],
    ["a period of another plan", { periodId: 999_999 }, ["Periode: kies een rapportageperiode van dit plan."]],
  ])("refuses %s with the same Dutch problems from the form and the command, and opens nothing", async (_, change, expected) => {
    const input = { periodId: period["T2 2025"]!, deadline: "2025-06-30", message: "", ...change };
    const browser = await signedIn();
    const res = await browser.post(roundsPath, { periodId: String(input.periodId), deadline: input.deadline, message: input.message });
    expect(res.status).toBe(400);
    expect(formProblems(await res.text())).toEqual(expected);
    expect(await refusal(openRound(database.db, viewers.owner, SLUG, input))).toEqual(expected);
    expect(await database.db.select().from(reportingRounds)).toEqual([]);
  });

  it("opens one round when two coordinators open the same one at once; the other hears so in Dutch", async () => {
    const input = { periodId: period["T2 2025"]!, deadline: "2025-06-30" };
    const results = await Promise.allSettled([openRound(database.db, viewers.owner, SLUG, input), openRound(database.db, viewers.owner, SLUG, input)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as Error;
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.message).toBe("Over T2 2025 is al een rapportageronde geopend.");
    expect(await database.db.select().from(reportingRounds)).toHaveLength(1);

    const browser = await signedIn();
    const again = await browser.post(roundsPath, { periodId: String(input.periodId), deadline: input.deadline });
    expect(again.status).toBe(409);
    expect(formProblems(await again.text())).toEqual(["Over T2 2025 is al een rapportageronde geopend."]);
  });

  it("closes a round once when two coordinators close it at once, and answers the second 409 in Dutch", async () => {
    const [round] = await database.db.select().from(reportingRounds);
    const results = await Promise.allSettled([closeRound(database.db, viewers.owner, round!.id), closeRound(database.db, viewers.owner, round!.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as Error).message).toBe("Deze rapportageronde is al gesloten.");

    const browser = await signedIn();
    const late = await browser.post(`${roundsPath}/${round!.id}/sluiten`, {});
    expect(late.status).toBe(409);
    expect(visibleText(await late.text())).toContain("Deze rapportageronde is al gesloten.");
    const remind = await browser.post(`${roundsPath}/${round!.id}/herinneren`, {});
    expect(remind.status).toBe(409);
    expect(visibleText(await remind.text())).toContain("Deze rapportageronde is gesloten; er gaan geen herinneringen meer uit.");
  });

  it("answers 404 for a round that does not exist, and 400 for a reminder to a malformed address", async () => {
    const browser = await signedIn();
    expect((await browser.post(`${roundsPath}/999999/sluiten`, {})).status).toBe(404);
    expect((await browser.post(`${roundsPath}/999999/herinneren`, {})).status).toBe(404);
    const open = await openRound(database.db, viewers.owner, SLUG, { periodId: period["T3 2025"]!, deadline: "2025-10-31" });
    const mailer = createMailer({ smtpUrl: undefined, from: "koers@example.nl" }, pino({ level: "silent" }));
    await expect(sendReminders(database.db, viewers.owner, mailer, open.id, { emails: ["x".repeat(300)] })).rejects.toMatchObject({
      fields: { emails: "E-mailadres: hoogstens 254 tekens." },
    });
    await expect(closeRound(database.db, viewers.owner, 999_999)).rejects.toBeInstanceOf(RoundNotFoundError);
  });

  it("refuses in Dutch, never with a 500, to open a round over a period that goes while the round is being opened", async () => {
    const target = period["T1 2025"]!;
    const racing = Object.create(database.db) as Db;
    racing.transaction = (async (...args: Parameters<Db["transaction"]>) => {
      await database.db.delete(reportingPeriods).where(eq(reportingPeriods.id, target));
      return database.db.transaction(...args);
    }) as Db["transaction"];
    const refused = await openRound(racing, viewers.owner, SLUG, { periodId: target, deadline: "2025-03-31" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toBe("De rapportageperiode T1 2025 bestaat niet meer: de rapportageperiodes van dit plan zijn intussen opnieuw ingesteld.");
  });
});
