import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { client } from "../../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { commandLine } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { glossaryTerms } from "./schema.ts";
import { GLOSSARY_TTL_MS, listGlossary } from "./service.ts";

const PLAN = "/plannen/uitvoeringsplan-nk-2025-2026";

describe.each(databaseKinds)("keeping the glossary on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    await makeUser(database.db, "beheer@koers.nl", { admin: true });
    await makeUser(database.db, "tweede@koers.nl", { admin: true });
    await makeUser(database.db, "redacteur@swvnk.nl", { roles: [["swvnk", "redacteur"]] });
  });
  afterAll(() => database.dispose());
  afterEach(() => vi.useRealTimers());

  const signedIn = (email: string) => signedInClient(app, email);
  const term = async (name: string) => (await listGlossary(database.db)).find((t) => t.term === name);
  const editForm = async (browser: Awaited<ReturnType<typeof signedIn>>, id: number) =>
    formFields(await (await browser.get(`/begrippen/${id}/bewerken`)).text(), `/begrippen/${id}`);
  /** The meaning a reading page gives for OOGO, from the title of its explanation. */
  const oogoOnPlanPage = async () => (await (await client(app).get(PLAN)).text()).match(/<abbr title="([^"]+)">OOGO<\/abbr>/)?.[1];

  it("lets an administrator add, change and (after confirming) delete a term, each recorded", async () => {
    const admin = await signedIn("beheer@koers.nl");
    const added = await admin.post("/begrippen", { term: "KOERS-T", full: "Testbegrip", meaning: "Een begrip om te testen." });
    expect(visibleText(await added.text())).toContain("'KOERS-T' is toegevoegd.");
    const id = (await term("KOERS-T"))!.id;
    const form = await editForm(admin, id);
    expect(form).toMatchObject({ term: "KOERS-T", full: "Testbegrip", meaning: "Een begrip om te testen.", version: "1" });
    expect((await admin.post(`/begrippen/${id}`, { ...form, meaning: "Anders uitgelegd." })).status).toBe(200);
    expect(await term("KOERS-T")).toMatchObject({ meaning: "Anders uitgelegd.", version: 2 });
    expect((await admin.post(`/begrippen/${id}/verwijderen`, {})).status).toBe(400);
    expect(await term("KOERS-T")).toBeDefined();
    await admin.post(`/begrippen/${id}/verwijderen`, { bevestig: "ja" });
    expect(await term("KOERS-T")).toBeUndefined();
    const actions = (await listAudit(database.db, commandLine, { limit: 5 })).map((r) => r.action);
    expect(actions.slice(0, 3)).toEqual(["begrip-verwijderd", "begrip-gewijzigd", "begrip-toegevoegd"]);
  });

  it("refuses a term that is already there, and an empty meaning, next to the form", async () => {
    const admin = await signedIn("beheer@koers.nl");
    const twice = await admin.post("/begrippen", { term: "OOGO", meaning: "Dubbel." });
    expect(twice.status).toBe(409);
    expect(visibleText(await twice.text())).toContain("Het begrip 'OOGO' staat al in de lijst.");
    const empty = await admin.post("/begrippen", { term: "NIEUW", meaning: "" });
    expect(empty.status).toBe(400);
    expect(visibleText(await empty.text())).toContain("Vul de betekenis in.");
    const oogo = (await term("OOGO"))!;
    const renamed = await admin.post(`/begrippen/${(await term("SWV"))!.id}`, { ...(await editForm(admin, (await term("SWV"))!.id)), term: "OOGO" });
    expect(renamed.status).toBe(409);
    expect(await term("OOGO")).toEqual(oogo);
  });

  it("refuses text beyond the limits, naming the field and the limit", async () => {
    const admin = await signedIn("beheer@koers.nl");
    const long = await admin.post("/begrippen", { term: "T".repeat(101), full: "V".repeat(201), meaning: "B".repeat(2001) });
    expect(long.status).toBe(400);
    const text = visibleText(await long.text());
    expect(text).toContain("Begrip of afkorting: ten hoogste 100 tekens (nu 101).");
    expect(text).toContain("Voluit: ten hoogste 200 tekens (nu 201).");
    expect(text).toContain("Betekenis: ten hoogste 2000 tekens (nu 2001).");
    expect((await admin.post("/begrippen", { term: "T".repeat(100), meaning: "B".repeat(2000) })).status).toBe(200);
  });

  it("adds a term once when ten people add it at the same time; the others are told it is there", async () => {
    const admin = await signedIn("beheer@koers.nl");
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => admin.post("/begrippen", { term: "GELIJKTIJDIG", meaning: `Versie ${i}.` })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(409)]);
    for (const r of answers.filter((a) => a.status === 409)) expect(visibleText(await r.text())).toContain("'GELIJKTIJDIG' staat al in de lijst");
    expect((await listGlossary(database.db)).filter((t) => t.term === "GELIJKTIJDIG")).toHaveLength(1);
  });

  it("renames two terms to one name at the same time: one is saved, the other refused with 409", async () => {
    const admin = await signedIn("beheer@koers.nl");
    await admin.post("/begrippen", { term: "EEN-A", meaning: "Eerste." });
    await admin.post("/begrippen", { term: "EEN-B", meaning: "Tweede." });
    const [a, b] = [(await term("EEN-A"))!.id, (await term("EEN-B"))!.id];
    const [formA, formB] = [await editForm(admin, a), await editForm(admin, b)];
    const answers = await Promise.all([admin.post(`/begrippen/${a}`, { ...formA, term: "EEN" }), admin.post(`/begrippen/${b}`, { ...formB, term: "EEN" })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it("refuses a save from an older version, takes over what only the other changed, and shows both where both did", async () => {
    const [anna, bert] = [await signedIn("beheer@koers.nl"), await signedIn("tweede@koers.nl")];
    await anna.post("/begrippen", { term: "SAMEN", full: "Samen bewerkt", meaning: "Begin." });
    const id = (await term("SAMEN"))!.id;
    const [annaForm, bertForm] = [await editForm(anna, id), await editForm(bert, id)];
    expect((await bert.post(`/begrippen/${id}`, { ...bertForm, meaning: "Uitleg van Bert." })).status).toBe(200);

    // Anna changed another field: refused, with Bert's change already in her form.
    const stale = await anna.post(`/begrippen/${id}`, { ...annaForm, full: "Samen bewerkt (Anna)" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(visibleText(html)).toContain("tweede@koers.nl heeft dit begrip op");
    expect(await term("SAMEN")).toMatchObject({ full: "Samen bewerkt", meaning: "Uitleg van Bert.", version: 2 });
    const merged = formFields(html, `/begrippen/${id}`);
    expect(merged).toMatchObject({ full: "Samen bewerkt (Anna)", meaning: "Uitleg van Bert.", version: "2" });
    expect((await anna.post(`/begrippen/${id}`, merged)).status).toBe(200);
    expect(await term("SAMEN")).toMatchObject({ full: "Samen bewerkt (Anna)", meaning: "Uitleg van Bert.", version: 3 });

    // Both change the meaning: refused, Anna's text stays in the form and Bert's is shown.
    const [annaAgain, bertAgain] = [await editForm(anna, id), await editForm(bert, id)];
    expect((await bert.post(`/begrippen/${id}`, { ...bertAgain, meaning: "Bert schreef dit." })).status).toBe(200);
    const clash = await anna.post(`/begrippen/${id}`, { ...annaAgain, meaning: "Anna schreef dit." });
    expect(clash.status).toBe(409);
    const clashHtml = await clash.text();
    expect(visibleText(clashHtml).replace(/\s+/g, " ")).toMatch(/Betekenis in gewone woorden allebei gewijzigd Bert schreef dit\. Anna schreef dit\./);
    expect(formFields(clashHtml, `/begrippen/${id}`)).toMatchObject({ meaning: "Anna schreef dit.", version: "4" });
    expect((await term("SAMEN"))!.meaning).toBe("Bert schreef dit.");
  });

  it("is read by everyone and changed by administrators only", async () => {
    const editor = await signedIn("redacteur@swvnk.nl");
    expect(await (await editor.get("/begrippen")).text()).not.toContain("/bewerken");
    expect((await editor.post("/begrippen", { term: "X", meaning: "Y" })).status).toBe(403);
    const id = (await term("OOGO"))!.id;
    expect((await editor.get(`/begrippen/${id}/bewerken`)).status).toBe(403);
    expect((await editor.post(`/begrippen/${id}/verwijderen`, { bevestig: "ja" })).status).toBe(403);
    expect((await client(app).post("/begrippen", { term: "X", meaning: "Y" })).status).toBe(401);
    expect(await term("OOGO")).toBeDefined();
  });

  it("explains terms in plain text fields of reading pages once, and not on forms", async () => {
    const regions = await (await client(app).get("/regio")).text();
    expect(regions.match(/<abbr title="[^"]*">RMC<\/abbr>/g)).toHaveLength(1);
    expect(regions).toContain('een <a class="koers-abbr" href="/begrippen#begrip-rmc"><abbr');
    const admin = await signedIn("beheer@koers.nl");
    expect(await (await admin.get(`${PLAN}/bewerken`)).text()).not.toContain("<abbr");
  });

  it("explains terms on pages from memory: no glossary query per page view; changes show at once, others within the TTL", async () => {
    const original = await oogoOnPlanPage();
    expect(original).toMatch(/^Op Overeenstemming Gericht Overleg/);
    // Changed behind Koers' back (as another process would): pages keep the copy in memory, so they did not ask.
    await database.db.update(glossaryTerms).set({ meaning: "Buiten Koers om gewijzigd." }).where(eq(glossaryTerms.term, "OOGO"));
    expect(await oogoOnPlanPage()).toBe(original);
    expect(await oogoOnPlanPage()).toBe(original);
    // After the time to live, the next page loads the glossary again.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + GLOSSARY_TTL_MS + 1000);
    expect(await oogoOnPlanPage()).toMatch(/Buiten Koers om gewijzigd\.$/);
    vi.useRealTimers();
    // A change through Koers shows on the next page at once.
    const admin = await signedIn("beheer@koers.nl");
    const id = (await term("OOGO"))!.id;
    expect((await admin.post(`/begrippen/${id}`, { ...(await editForm(admin, id)), meaning: "Overleg tussen gemeenten en scholen." })).status).toBe(200);
    expect(await oogoOnPlanPage()).toMatch(/: Overleg tussen gemeenten en scholen\.$/);
  });
});
