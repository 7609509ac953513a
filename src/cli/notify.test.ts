/** `koers notify`: the messages Koers sends on its own, sent now from the command line, each once. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../test/helpers/accounts.ts";
import { cliForTests } from "../../test/helpers/cli.ts";
import { databaseKinds } from "../../test/helpers/databases.ts";
import { loadConfig } from "../config.ts";
import { openReadyDatabase } from "../db/ready.ts";
import { addDays, todayInNl } from "../lib/dates.ts";
import { system } from "../modules/access/viewer.ts";
import { outbox } from "../modules/accounts/schema.ts";
import { configureCycle } from "../modules/monitoring/updates.ts";
import { openRound } from "../modules/rounds/service.ts";
import { exitCodes } from "./index.ts";

const PLAN = "activiteitenplan-swvnk-2024";
const EMAIL = "coordinator@swvnk.nl";

describe.each(databaseKinds)("koers notify on %s", (kind) => {
  const cli = cliForTests(kind, "koers-notify-");

  beforeAll(async () => {
    const { database } = await openReadyDatabase(loadConfig(cli.env));
    try {
      await makeUser(database.db, EMAIL, { roles: [["swvnk", "redacteur"]] });
      const { periods } = await configureCycle(database.db, system, PLAN, "jaar");
      await openRound(database.db, system, PLAN, { periodId: periods[0]!.id, deadline: addDays(todayInNl(), 14) });
    } finally {
      await database.close();
    }
  });

  it("tells the coordinator that the round opened, and nothing more the second time", async () => {
    expect(await cli.run(["notify"])).toEqual({ code: exitCodes.ok, err: "", out: "Verstuurd: 1 over een geopende ronde, 0 herinneringen, 0 dagoverzichten, 0 agenda's.\n" });
    expect(await cli.run(["notify"])).toEqual({ code: exitCodes.ok, err: "", out: "Verstuurd: 0 over een geopende ronde, 0 herinneringen, 0 dagoverzichten, 0 agenda's.\n" });
    const { database } = await openReadyDatabase(loadConfig(cli.env));
    try {
      const sent = await database.db.select().from(outbox).where(eq(outbox.to, EMAIL));
      expect(sent.map((m) => m.subject)).toEqual(["Voortgang gevraagd: Activiteitenplan 2024 over 2024"]);
    } finally {
      await database.close();
    }
  });
});
