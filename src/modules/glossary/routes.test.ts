import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, PASSWORD } from "../../../test/helpers/accounts.ts";
import { client } from "../../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { loadConfig } from "../../config.ts";
import { createApp } from "../../web/app.tsx";
import { listAudit } from "../audit/service.ts";
import { listGlossary } from "./service.ts";

describe.each(databaseKinds)("keeping the glossary on %s", (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = createApp({ db: database.db, logger: pino({ level: "silent" }), config: loadConfig({ KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" }) });
    await makeUser(database.db, "beheer@koers.nl", { admin: true });
    await makeUser(database.db, "redacteur@swvnk.nl", { roles: [["swvnk", "redacteur"]] });
  });
  afterAll(() => database.dispose());

  const signedIn = async (email: string) => {
    const browser = client(app);
    await browser.post("/inloggen", { email, password: PASSWORD });
    return browser;
  };
  const term = async (name: string) => (await listGlossary(database.db)).find((t) => t.term === name);

  it("lets an administrator add, change and (after confirming) delete a term, each recorded", async () => {
    const admin = await signedIn("beheer@koers.nl");
    const added = await admin.post("/begrippen", { term: "KOERS-T", full: "Testbegrip", meaning: "Een begrip om te testen." });
    expect(visibleText(await added.text())).toContain("'KOERS-T' is toegevoegd.");
    const id = (await term("KOERS-T"))!.id;
    expect((await admin.get(`/begrippen/${id}/bewerken`)).status).toBe(200);
    await admin.post(`/begrippen/${id}`, { term: "KOERS-T", full: "Testbegrip", meaning: "Anders uitgelegd." });
    expect((await term("KOERS-T"))!.meaning).toBe("Anders uitgelegd.");
    expect((await admin.post(`/begrippen/${id}/verwijderen`, {})).status).toBe(400);
    expect(await term("KOERS-T")).toBeDefined();
    await admin.post(`/begrippen/${id}/verwijderen`, { bevestig: "ja" });
    expect(await term("KOERS-T")).toBeUndefined();
    const actions = (await listAudit(database.db, { limit: 5 })).map((r) => r.action);
    expect(actions.slice(0, 3)).toEqual(["begrip-verwijderd", "begrip-gewijzigd", "begrip-toegevoegd"]);
  });

  it("refuses a term that is already there, and an empty meaning, next to the form", async () => {
    const admin = await signedIn("beheer@koers.nl");
    expect((await admin.post("/begrippen", { term: "OOGO", meaning: "Dubbel." })).status).toBe(409);
    const empty = await admin.post("/begrippen", { term: "NIEUW", meaning: "" });
    expect(empty.status).toBe(400);
    expect(visibleText(await empty.text())).toContain("Vul de betekenis in.");
  });

  it("is read by everyone and changed by administrators only", async () => {
    const editor = await signedIn("redacteur@swvnk.nl");
    expect(await (await editor.get("/begrippen")).text()).not.toContain("/bewerken");
    expect((await editor.post("/begrippen", { term: "X", meaning: "Y" })).status).toBe(403);
    const id = (await term("OOGO"))!.id;
    expect((await editor.get(`/begrippen/${id}/bewerken`)).status).toBe(403);
    expect((await editor.post(`/begrippen/${id}/verwijderen`, { bevestig: "ja" })).status).toBe(403);
    expect((await client(app).post("/begrippen", { term: "X", meaning: "Y" })).status).toBe(403);
    expect(await term("OOGO")).toBeDefined();
  });
});
