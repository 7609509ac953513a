import { describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { appWithEditors, userWithApiKey } from "../../../test/helpers/apps.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { client } from "../../../test/helpers/client.ts";
import { system } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { updatePlan } from "../plans/plan-editing.ts";
import { getPlan } from "../plans/reading.ts";
import { snapshotsOf } from "../plans/snapshots.ts";
import { planRoute } from "./service.ts";

const PLAN = "jaarplan-ppo-nk-2023";
const ROUTE = `/plannen/${PLAN}/besluitvorming`;

describe.each(databaseKinds)("bodies, meetings, decisions and a plan's route on %s", (kind) => {
  const setup = appWithEditors(kind, "ppo-nk");
  const state = { opr: "", alv: "", meeting: "" };
  const plan = () => getPlan(setup.database.db, system, PLAN);

  it("lets a redacteur make bodies of their organisation, and refuses others", async () => {
    const anna = await setup.signedIn("anna@ppo-nk.nl");
    const made = await anna.post("/organen", { name: "OPR PPO-NK proef", kind: "opr", organisations: "ppo-nk" });
    expect(made.status).toBe(303);
    state.opr = made.headers.get("location")!;
    expect(state.opr).toBe("/organen/opr-ppo-nk-proef");
    state.alv = (await anna.post("/organen", { name: "ALV PPO-NK proef", kind: "alv", organisations: "ppo-nk" })).headers.get("location")!;
    // An organisation one is no redacteur of: refused, naming the field.
    const other = await anna.post("/organen", { name: "Raad Velsen", kind: "gemeenteraad", organisations: "velsen" });
    expect(other.status).toBe(400);
    expect(visibleText(await other.text())).toContain("Organisaties: kies ten minste één organisatie waarvan u redacteur bent.");
    const lies = await setup.signedIn("lies@ppo-nk.nl");
    expect((await lies.post("/organen", { name: "X", kind: "opr", organisations: "ppo-nk" })).status).toBe(403);
    expect((await lies.post(state.opr, { name: "X", kind: "opr", organisations: "ppo-nk", version: "1" })).status).toBe(403);
    // Readable for everyone signed in; signed out, the list sends to the sign-in page.
    const page = await lies.get(state.opr);
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).toContain("OPR PPO-NK proef");
    const anonymous = await client(setup.app).get("/organen");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toMatch(/^\/inloggen/);
    expect((await lies.get("/organen/bestaat-niet")).status).toBe(404);
  });

  it("keeps members with and without an account, and refuses a stale body form", async () => {
    const anna = await setup.signedIn("anna@ppo-nk.nl");
    const form = formFields(await (await anna.get(state.opr)).text(), `${state.opr}/leden`);
    expect((await anna.post(`${state.opr}/leden`, { ...form, email: "lies@ppo-nk.nl", role: "voorzitter", organisation: "ppo-nk" })).status).toBe(303);
    const second = await anna.post(`${state.opr}/leden`, { ...form, name: "Ouder zonder account", email: "ouder@example.nl", role: "lid" });
    expect(second.status).toBe(409);
    expect(visibleText(await second.text())).toContain("intussen gewijzigd");
    const fresh = formFields(await (await anna.get(state.opr)).text(), `${state.opr}/leden`);
    expect((await anna.post(`${state.opr}/leden`, { ...fresh, name: "Ouder zonder account", email: "ouder@example.nl", role: "lid" })).status).toBe(303);
    const text = visibleText(await (await anna.get(state.opr)).text());
    expect(text).toContain("voorzitter");
    expect(text).toContain("Ouder zonder account");
    expect(text).toContain("ouder@example.nl");
  });

  it("plans a meeting with documents and agenda, and refuses a form without the CSRF token", async () => {
    const anna = await setup.signedIn("anna@ppo-nk.nl");
    const made = await anna.post(`${state.opr}/vergaderingen`, { date: "2026-12-10", time: "19:30", location: "Alkmaar", notes: "" });
    expect(made.status).toBe(303);
    state.meeting = made.headers.get("location")!;
    expect(state.meeting).toMatch(/^\/organen\/opr-ppo-nk-proef\/vergaderingen\/\d+$/);
    const noCsrf = await anna.post(`${state.opr}/vergaderingen`, { date: "2026-12-11" }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    let form = formFields(await (await anna.get(state.meeting)).text(), "/stukken");
    expect((await anna.post(`${state.meeting}/stukken`, { ...form, title: "Jaarplan 2023", url: `/plannen/${PLAN}` })).status).toBe(303);
    form = formFields(await (await anna.get(state.meeting)).text(), "/stukken");
    const bad = await anna.post(`${state.meeting}/stukken`, { ...form, title: "Elders", url: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toContain("Adres: geef een adres dat begint met https:// of met /");
    form = formFields(await (await anna.get(state.meeting)).text(), "/agendapunten");
    expect((await anna.post(`${state.meeting}/agendapunten`, { ...form, title: "Opening en mededelingen", plan: "", proposed: "", note: "" })).status).toBe(303);
    const page = visibleText(await (await anna.get(state.meeting)).text());
    expect(page).toContain("Opening en mededelingen");
    expect(page).toContain("Jaarplan 2023");
    expect(page).toContain("19:30");
  });

  it("sets the route, starts it, proposes the plan for the agenda, and takes the steps in order to vastgesteld", async () => {
    const db = setup.database.db;
    await updatePlan(db, system, PLAN, (await plan()).version, { status: "concept" });
    const anna = await setup.signedIn("anna@ppo-nk.nl");
    const lies = await setup.signedIn("lies@ppo-nk.nl");
    const opr = state.opr.split("/").at(-1)!;
    const alv = state.alv.split("/").at(-1)!;

    // The route: the OPR consents, then the ALV adopts. Adopting first is refused.
    let form = formFields(await (await anna.get(ROUTE)).text(), ROUTE);
    const wrong = await anna.post(ROUTE, { ...form, "orgaan-0": alv, "actie-0": "vaststelling", "orgaan-1": opr, "actie-1": "instemming" });
    expect(wrong.status).toBe(400);
    expect(visibleText(await wrong.text())).toContain("de vaststelling is de laatste stap van de route");
    expect((await anna.post(ROUTE, { ...form, "orgaan-0": opr, "actie-0": "instemming", "uiterlijk-0": "2026-12-10", "orgaan-1": alv, "actie-1": "vaststelling", "uiterlijk-1": "2026-12-20" })).status).toBe(303);
    expect((await lies.post(ROUTE, { ...form })).status).toBe(403);

    form = formFields(await (await anna.get(ROUTE)).text(), `${ROUTE}/start`);
    expect((await anna.post(`${ROUTE}/start`, form)).status).toBe(303);
    expect((await plan()).status).toBe("in-besluitvorming");
    // The same start again, against the route as it was: refused as stale.
    expect((await anna.post(`${ROUTE}/start`, form)).status).toBe(409);

    // The OPR's meeting: the plan is proposed for its agenda, and put on it.
    const proposing = await anna.get(`${state.meeting}?voorstel=1`);
    const proposingHtml = await proposing.text();
    const proposal = formFields(proposingHtml, "/agendapunten");
    expect(proposal.voorstel).toBe(`plan-${(await plan()).id}`);
    expect((await anna.post(`${state.meeting}/agendapunten`, proposal)).status).toBe(303);
    expect(visibleText(await (await anna.get(state.meeting)).text())).toContain("voorstel: instemming");

    // The ALV cannot decide before the OPR.
    form = formFields(await (await anna.get(ROUTE)).text(), `${ROUTE}/besluit`);
    const early = await anna.post(`${ROUTE}/besluit`, { ...form, body: alv, date: "2026-12-05", outcome: "vaststelling" });
    expect(early.status).toBe(409);
    expect(visibleText(await early.text())).toContain("Eerst is OPR PPO-NK proef aan de beurt (instemming). ALV PPO-NK proef besluit pas daarna, in stap 2.");

    // The OPR consents at its meeting.
    const meetingId = state.meeting.split("/").at(-1)!;
    expect((await anna.post(`/organen/${opr}/besluiten`, { meetingId, date: "2026-12-10", outcome: "instemming", plan: PLAN, text: "De OPR stemt in." })).status).toBe(303);
    expect(visibleText(await (await anna.get(state.meeting)).text())).toContain("De OPR stemt in.");

    // The ALV rejects: back to concept, the route starts again from the OPR.
    form = formFields(await (await anna.get(ROUTE)).text(), `${ROUTE}/besluit`);
    expect(form.body).toBe(alv);
    expect((await anna.post(`${ROUTE}/besluit`, { ...form, date: "2026-12-15", outcome: "afwijzing", text: "Eerst de begroting aanpassen." })).status).toBe(303);
    expect((await plan()).status).toBe("concept");
    form = formFields(await (await anna.get(ROUTE)).text(), `${ROUTE}/start`);
    expect((await anna.post(`${ROUTE}/start`, form)).status).toBe(303);
    expect((await planRoute(db, system, PLAN)).next?.bodySlug).toBe(opr);

    for (const [body, outcome, date] of [[opr, "instemming", "2026-12-17"], [alv, "vaststelling", "2026-12-20"]] as const) {
      form = formFields(await (await anna.get(ROUTE)).text(), `${ROUTE}/besluit`);
      expect(form.body).toBe(body);
      expect((await anna.post(`${ROUTE}/besluit`, { ...form, date, outcome, text: "" })).status).toBe(303);
    }
    const adopted = await plan();
    expect(adopted.status).toBe("vastgesteld");
    expect(adopted.approvals.slice(-4).map((a) => [a.body, a.outcome, a.date, a.adopts])).toEqual([
      ["OPR PPO-NK proef", "instemming", "2026-12-10", false],
      ["ALV PPO-NK proef", "afgewezen", "2026-12-15", false],
      ["OPR PPO-NK proef", "instemming", "2026-12-17", false],
      ["ALV PPO-NK proef", "vastgesteld", "2026-12-20", true],
    ]);
    const kept = await snapshotsOf(db, adopted.id);
    expect(kept.at(-1)!.label).toBe("Vastgesteld door ALV PPO-NK proef op 20 december 2026");
    const route = await planRoute(db, system, PLAN);
    expect(route.decisions[0]!.snapshotId).toBe(kept.at(-1)!.id);
    expect(route.next).toBeNull();

    // The plan page and the route page show the decisions.
    const planPage = visibleText(await (await anna.get(`/plannen/${PLAN}`)).text());
    expect(planPage).toContain("Besluiten");
    expect(planPage).toContain("Eerst de begroting aanpassen.");
    // Every write is in the audit trail.
    const actions = (await listAudit(db, system, { limit: 200 })).map((e) => e.action);
    for (const a of ["orgaan-aangemaakt", "orgaanlid-toegevoegd", "vergadering-aangemaakt", "agenda-aangevuld", "vergaderstuk-toegevoegd", "route-gewijzigd", "route-gestart", "besluit-genomen", "besluit-vastgelegd", "plan-status-gewijzigd", "versie-vastgelegd"]) {
      expect(actions, a).toContain(a);
    }
  });

  it("offers the same commands in the API, with the same Dutch problems", async () => {
    const db = setup.database.db;
    const key = await userWithApiKey(db, "sleutel@ppo-nk.nl", ["ppo-nk", "redacteur"], { name: "proef", scope: "read-write" });
    const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
      setup.app.request(`/api/v1${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      });
    const list = (await (await api("/bodies")).json()) as { data: { slug: string }[] };
    expect(list.data.map((b) => b.slug)).toContain("opr-ppo-nk-proef");
    const made = await api("/bodies/opr-ppo-nk-proef/meetings", { method: "POST", body: { date: "2027-01-14", time: "20:00" } });
    expect(made.status).toBe(201);
    const { data } = (await made.json()) as { data: { id: number } };
    const meeting = (await (await api(`/bodies/opr-ppo-nk-proef/meetings/${data.id}`)).json()) as { data: { time: string; version: number } };
    expect(meeting.data.time).toBe("20:00");
    const bad = await api("/bodies/opr-ppo-nk-proef/decisions", { method: "POST", body: { date: "14-01-2027", outcome: "goedgekeurd" } });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { error: { problems: { field: string; message: string }[] } }).error.problems;
    expect(problems.map((p) => p.field).sort()).toEqual(["date", "outcome"]);
    const stale = await api(`/bodies/opr-ppo-nk-proef/meetings/${data.id}`, { method: "PATCH", body: { date: "2027-01-15", version: meeting.data.version + 5 } });
    expect(stale.status).toBe(409);
    const route = (await (await api(`/plans/${PLAN}/route`)).json()) as { data: { steps: unknown[]; plan: { status: string } } };
    expect(route.data.steps).toHaveLength(2);
    expect(route.data.plan.status).toBe("vastgesteld");
    // The route of a plan in besluitvorming or adopted cannot start again.
    const again = await api(`/plans/${PLAN}/route/start`, { method: "POST", body: { version: "oud" } });
    expect(again.status).toBe(409);
    // An outsider (redacteur elsewhere) may read bodies but not manage them.
    await makeUser(db, "buiten@velsen.nl", { roles: [["velsen", "redacteur"]] });
  });
});
