/**
 * Published progress on both databases: a coordinator publishes a closed round (command,
 * form and API), and from then on anyone reads its statuses and texts on the plan page, the
 * dashboard, the timeline, the period's own page and the Atom feeds; before that, and after
 * the publication is withdrawn, none of it. The 2022 evaluation of Allen voor een is published
 * progress too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client } from "../../../test/helpers/client.ts";
import { signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { visibleText } from "../../../test/helpers/html.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { ConflictError } from "../../lib/errors.ts";
import { createApiToken } from "../accounts/service.ts";
import { ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { getPlan } from "../plans/reading.ts";
import { closeRound, openRound, publishRound, withdrawPublication } from "../rounds/service.ts";
import { keptBackWords } from "../figures/service.ts";
import { publishedProgress } from "./published.ts";
import { people, progressDatabase, SLUG } from "./test-plan.ts";
import { configureCycle, saveUpdate, type UpdateInputRaw } from "./updates.ts";

const DONE = "Verzuimprotocol vastgesteld op alle scholen.";
const NEXT = "Evalueren met de scholen in het najaar.";
const REASON = "Interne afweging: wethouder nog niet ingelicht.";
const LATER = "Tekst over T2 die nog niemand buiten mag lezen.";
const PERIOD_PAGE = `/plannen/${SLUG}/voortgang/t1-2025`;
const AVE = "allen-voor-een-2022-2024";

describe.each(databaseKinds)("published progress on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  let roundId: number;
  const ids: Record<string, number> = {};
  const period: Record<string, number> = {};
  const db = () => database.db;
  const read = (html: string) => visibleText(html).replace(/\s+/g, " ").replace(/ ([:.,)?])/g, "$1");
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000", KOERS_PUBLIC_URL: "https://koers.example" });
    collectItemIds((await getPlan(database.db, system, SLUG)).items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "trimester");
    for (const p of periods) period[p.label] = p.id;
    const update = (fields: Partial<UpdateInputRaw>): UpdateInputRaw => ({ version: null, status: "op-koers", results: "", planning: "", percentage: null, statusReason: null, ...fields });
    const t1 = period["T1 2025"]!;
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1.1"]!, t1, update({ results: DONE, planning: NEXT, percentage: 40 }));
    await saveUpdate(database.db, viewers.party, SLUG, ids["1.2"]!, t1, update({ status: "achter-op-planning", results: "Overstapdossier in concept." }));
    // The theme's own status differs from its parts: the reason is for the coordinators.
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1"]!, t1, update({ status: "aandacht-nodig", statusReason: REASON }));
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1.1"]!, period["T2 2025"]!, update({ results: LATER }));
    roundId = (await openRound(database.db, viewers.owner, SLUG, { periodId: t1, deadline: "2025-05-15" })).id;
  });
  afterAll(() => database.dispose());

  it("refuses to publish an open round, in Dutch", async () => {
    const error = await publishRound(db(), viewers.owner, roundId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe("Deze rapportageronde is nog open. Sluit haar eerst: pas daarna ligt de voortgang over T1 2025 vast en kan ze openbaar worden.");
  });

  it("shows nothing of an unpublished round to a visitor", async () => {
    expect(await publishedProgress(db(), anonymous, SLUG)).toBeNull();
    expect((await get(PERIOD_PAGE)).status).toBe(404);
    const plan = await (await get(`/plannen/${SLUG}`)).text();
    expect(plan).not.toContain(DONE);
    expect(plan).not.toContain("/voortgang/t1-2025");
    const dashboard = await get(`/plannen/${SLUG}/dashboard`);
    expect(dashboard.status).toBe(200);
    const text = read(await dashboard.text());
    expect(text).toContain("Van dit plan is nog geen voortgang openbaar gemaakt.");
    expect(text).not.toMatch(/Op koers|Achter op planning|Te laat/);
    const feed = await (await get(`/plannen/${SLUG}/publicaties.atom`)).text();
    expect(feed).toContain("<feed");
    expect(feed).not.toContain("<entry>");
  });

  it("is for coordinators only, after closing, once, and recorded", async () => {
    await closeRound(db(), viewers.owner, roundId);
    await expect(publishRound(db(), viewers.party, roundId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishRound(db(), viewers.reader, roundId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishRound(db(), anonymous, roundId)).rejects.toBeInstanceOf(UnauthenticatedError);
    // Through the round page's form, with its CSRF token.
    const owner = await signedInClient(app, people.owner);
    const page = await (await owner.get(`/plannen/${SLUG}/rondes/${roundId}`)).text();
    expect(page).toContain(`action="/plannen/${SLUG}/rondes/${roundId}/publiceren"`);
    expect(page).toContain('name="_csrf"');
    expect((await owner.post(`/plannen/${SLUG}/rondes/${roundId}/publiceren`, {}, { csrf: false })).status).toBe(403);
    const res = await owner.post(`/plannen/${SLUG}/rondes/${roundId}/publiceren`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plannen/${SLUG}/rondes/${roundId}?gepubliceerd=1`);
    const [audit] = await listAudit(db(), system, { limit: 1 });
    expect(audit).toMatchObject({ actor: people.owner, action: "ronde-gepubliceerd", summary: "Voortgang over T1 2025 van 'Werkplan voortgang' openbaar gemaakt" });
    const again = await publishRound(db(), viewers.owner, roundId).catch((e: unknown) => e);
    expect((again as Error).message).toBe("De voortgang over T1 2025 is al openbaar gemaakt.");
    expect(read(await (await owner.get(`/plannen/${SLUG}/rondes/${roundId}?gepubliceerd=1`)).text())).toContain("De voortgang over deze periode is nu openbaar.");
  });

  it("then shows a visitor the period's page in plain words, without reasons, names or later periods", async () => {
    const res = await get(PERIOD_PAGE);
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = read(html);
    expect(text).toContain("Wat is er bereikt in T1 2025?");
    expect(text).toContain("1 van de 4 onderdelen ligt op koers.");
    expect(text).toContain("1 van de 4 onderdelen loopt achter op de planning.");
    expect(text).toContain("2 van de 4 onderdelen hebben nog geen status.");
    expect(text).toContain(`1.1 Verzuimaanpak vastleggen Status: Op koers Wat is er gedaan ${DONE} Wat komt er nu ${NEXT}`);
    expect(text).toContain("1 Thuiszitters Status: Aandacht nodig");
    for (const secret of [REASON, LATER, people.owner, people.party, "40%"]) expect(html).not.toContain(secret);
    expect(html).toContain(`<link rel="alternate" type="application/atom+xml" href="/plannen/${SLUG}/publicaties.atom"`);
    expect((await get(`/plannen/${SLUG}/voortgang/t2-2025`)).status).toBe(404);
    expect((await get(`/plannen/${SLUG}/voortgang/bestaat-niet`)).status).toBe(404);
  });

  it("and on the plan page, its dashboard and timeline", async () => {
    const plan = await (await get(`/plannen/${SLUG}`)).text();
    expect(read(plan)).toContain("Voortgang T1 2025: Op koers");
    expect(plan).toContain(DONE);
    expect(plan).toContain(`href="${PERIOD_PAGE}"`);
    expect(plan).toContain(`<link rel="alternate" type="application/atom+xml" href="/plannen/${SLUG}/publicaties.atom"`);
    expect(plan).not.toContain(REASON);
    expect(plan).not.toContain(LATER);

    const dashboard = await get(`/plannen/${SLUG}/dashboard`);
    expect(dashboard.status).toBe(200);
    const text = read(await dashboard.text());
    expect(text).toContain("U ziet de voortgang die openbaar is gemaakt, over T1 2025");
    expect(text).toContain("1 Thuiszitters Aandacht nodig 1 op koers, 1 achter op planning, 1 nog geen status (van 3).");
    expect(text).not.toMatch(/Te laat|Zonder recente voortgang|Voortgang bijwerken|rondes/);
    expect((await get(`/plannen/${SLUG}/dashboard?periode=${period["T2 2025"]}`)).status).toBe(404);
    const timeline = await get(`/plannen/${SLUG}/tijdlijn`);
    expect(timeline.status).toBe(200);
    expect(read(await timeline.text())).toContain("1.2 Overstap po-vo verbeteren");

    // A partner keeps the partners' dashboard, with what is late.
    const party = await signedInClient(app, people.party);
    expect(read(await (await party.get(`/plannen/${SLUG}/dashboard`)).text())).toMatch(/Te laat \(\d+\)/);
  });

  it("and in the Atom feeds, one entry per publication, linking to the period's page", async () => {
    const res = await get(`/plannen/${SLUG}/publicaties.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=900");
    const feed = await res.text();
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed).toContain(`<link href="https://koers.example${PERIOD_PAGE}"`);
    expect(feed).toContain("Werkplan voortgang: voortgang over T1 2025");
    expect(feed).not.toContain(DONE);
    const all = await (await get("/publicaties.atom")).text();
    expect(all).toContain(`https://koers.example${PERIOD_PAGE}`);
    expect(all).toContain(`https://koers.example/plannen/${AVE}/voortgang/2022`);
    expect((await get("/plannen/geen-plan/publicaties.atom")).status).toBe(404);
  });

  it("can be withdrawn and published again through the API; withdrawn, nothing is public", async () => {
    const key = await createApiToken(db(), viewers.owner, "publiceren", "read-write");
    const api = (method: string, token = key) =>
      app.request(`/api/v1/plans/${SLUG}/rounds/${roundId}/publication`, { method, headers: { authorization: `Bearer ${token}` } });
    const withdrawn = await api("DELETE");
    expect(withdrawn.status).toBe(200);
    expect(((await withdrawn.json()) as { data: { publishedAt: string | null } }).data.publishedAt).toBeNull();
    expect((await get(PERIOD_PAGE)).status).toBe(404);
    expect(await (await get(`/plannen/${SLUG}`)).text()).not.toContain(DONE);
    expect((await listAudit(db(), system, { limit: 1 }))[0]).toMatchObject({ action: "publicatie-ingetrokken" });
    const second = await withdrawPublication(db(), viewers.owner, roundId).catch((e: unknown) => e);
    expect((second as Error).message).toBe("De voortgang over T1 2025 is niet openbaar; er is niets in te trekken.");

    const partyKey = await createApiToken(db(), viewers.party, "partij", "read-write");
    expect((await api("POST", partyKey)).status).toBe(403);
    const published = await api("POST");
    expect(published.status).toBe(200);
    expect(((await published.json()) as { data: { publishedAt: string | null } }).data.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await get(PERIOD_PAGE)).status).toBe(200);
  });

  it("counts a published evaluation as published progress over its period", async () => {
    const res = await get(`/plannen/${AVE}/voortgang/2022`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(read(html)).toContain("Wat is er bereikt in 2022?");
    expect(html).toContain('href="/evaluaties/tussenevaluatie-allen-voor-een-2023"');
    expect(read(html)).toContain("Over deze periode is een evaluatie verschenen");
    expect((await get(`/plannen/${AVE}/voortgang/2023`)).status).toBe(404);
    const plan = await (await get(`/plannen/${AVE}`)).text();
    expect(plan).toContain(`href="/plannen/${AVE}/voortgang/2022"`);
  });

  it("keeps small counts about children out of published texts, as in an evaluation", async () => {
    const [secret] = await keptBackWords(db(), anonymous, AVE);
    expect(secret).toBeTruthy();
    const { periods } = await configureCycle(db(), system, AVE, "jaar");
    const year = periods.find((p) => p.label === "2023")!;
    const plan = await getPlan(db(), system, AVE);
    const leaf = (function first(list: typeof plan.items): (typeof plan.items)[number] {
      return list[0]!.children.length ? first(list[0]!.children) : list[0]!;
    })(plan.items);
    await saveUpdate(db(), system, AVE, leaf.id, year.id, { version: null, status: "op-koers", results: `Stand: ${secret} volgens de telling.`, planning: "", percentage: null, statusReason: null });
    const round = await openRound(db(), system, AVE, { periodId: year.id, deadline: "2023-12-31" });
    await closeRound(db(), system, round.id);
    await publishRound(db(), system, round.id);
    const flat = (text: string) => text.replace(/\s+/g, " ");
    const page = flat(await (await get(`/plannen/${AVE}/voortgang/2023`)).text());
    expect(page).toContain("Stand: ");
    expect(page).not.toContain(flat(secret!));
    expect(flat(await (await get(`/plannen/${AVE}`)).text())).not.toContain(flat(secret!));
    // The plan's partners read the words as written.
    const seen = await publishedProgress(db(), system, AVE, "2023");
    expect(JSON.stringify(seen!.items.find((i) => i.item.id === leaf.id)!.texts)).toContain(secret!.split(/\s+/)[0]);
  });
});
