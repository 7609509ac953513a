/** A new plan from a template: the form, the API and their refusals. */
import { describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { appWithEditors, signedInClient, userWithApiKey } from "../../../test/helpers/apps.ts";
import { client } from "../../../test/helpers/client.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { system } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { getPlan, listPlans } from "./reading.ts";
import { InputError } from "../../lib/validation.ts";
import { createPlan } from "./create.ts";

const TEMPLATE = "uitvoeringsplan-nk-2025-2026";

const filled = (overrides: Record<string, string | string[]> = {}) => ({
  sjabloon: TEMPLATE,
  title: "Jaarplan PPO 2027",
  subtitle: "",
  slug: "",
  kind: "jaarplan",
  eigenaar: "ppo-nk",
  "periode-naam": "2027",
  "periode-start": "2027-01-01",
  "periode-eind": "2027-12-31",
  ...overrides,
});

describe.each(databaseKinds)("a new plan on %s", (kind) => {
  const setup = appWithEditors(kind, "ppo-nk");
  const { signedIn } = setup;
  const db = () => setup.database.db;
  const count = async () => (await listPlans(db(), system)).length;

  it("offers 'Nieuw plan' and 'Plan inlezen uit Word' on the home page to redacteuren only", async () => {
    const home = await (await (await signedIn("anna@ppo-nk.nl")).get("/")).text();
    expect(visibleText(home).replace(/\s+/g, " ")).toContain("Nieuw plan · Plan inlezen uit Word");
    expect(home).toContain('<a class="utrecht-link" href="/plannen/nieuw">');
    expect(home).toContain('<a class="utrecht-link" href="/plannen/inlezen-word">');
    for (const other of [await (await (await signedIn("lies@ppo-nk.nl")).get("/")).text(), await (await setup.app.request("/")).text()]) {
      expect(visibleText(other)).not.toContain("Nieuw plan");
      expect(other).not.toContain('href="/plannen/nieuw"');
      expect(other).not.toContain('href="/plannen/inlezen-word"');
    }
  });

  it("points from the new-plan form to reading a plan from Word, which the redacteur may open", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const html = await (await anna.get("/plannen/nieuw")).text();
    expect(html).toContain('<a class="utrecht-link" href="/plannen/inlezen-word">');
    expect(visibleText(html).replace(/\s+/g, " ")).toContain("Open dat plan en kies Plan voor een nieuwe periode.");
    expect((await anna.get("/plannen/inlezen-word")).status).toBe(200);
  });

  it("offers the empty plan and the four source plans as templates, and the redacteur's own organisation as owner", async () => {
    const html = await (await (await signedIn("anna@ppo-nk.nl")).get("/plannen/nieuw")).text();
    const templates = [...html.matchAll(/name="sjabloon" value="([^"]+)"/g)].map((m) => m[1]);
    expect(templates).toEqual(["leeg", "uitvoeringsplan-nk-2025-2026", "allen-voor-een-2022-2024", "jaarplan-ppo-nk-2023", "activiteitenplan-swvnk-2024"]);
    expect(visibleText(html)).toContain("Tabel met de kolommen Ambities 2025-2028, Activiteiten 2025-2026, Monitoring, Wie, Wanneer.");
    const form = formFields(html);
    expect(form.eigenaar).toBe("ppo-nk");
    expect([...html.matchAll(/name="eigenaar" value="([^"]+)"/g)].map((m) => m[1])).toEqual(["ppo-nk"]);
  });

  it("makes an empty concept plan with the template's levels and layout, and records it", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const res = await anna.post("/plannen/nieuw", filled({ subtitle: "Samen verder", regio: "noord-kennemerland" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/plannen/jaarplan-ppo-2027?nieuw=1");
    const plan = await getPlan(db(), system, "jaarplan-ppo-2027");
    const source = await getPlan(db(), system, TEMPLATE);
    expect(plan).toMatchObject({ title: "Jaarplan PPO 2027", subtitle: "Samen verder", kind: "jaarplan", status: "concept", published: false, items: [], approvals: [] });
    expect(plan.period).toEqual({ label: "2027", start: "2027-01-01", end: "2027-12-31" });
    expect(plan.owners.map((o) => o.slug)).toEqual(["ppo-nk"]);
    expect(plan.regions.map((r) => r.slug)).toEqual(["noord-kennemerland"]);
    expect(plan.levels).toEqual(source.levels);
    expect(plan.layout).toEqual(source.layout);
    const [entry] = await listAudit(db(), system, { planId: plan.id, limit: 1 });
    expect(entry).toMatchObject({ actor: "anna@ppo-nk.nl", action: "plan-aangemaakt", summary: `Plan 'Jaarplan PPO 2027' aangemaakt, sjabloon: Zoals ${source.title}` });
    // Its editors can open it and add items; it is not public.
    expect((await anna.get("/plannen/jaarplan-ppo-2027")).status).toBe(200);
    expect((await setup.app.request("/plannen/jaarplan-ppo-2027")).status).toBe(404);
  });

  it("makes an empty plan of one level, and proposes a free short name when the title's is taken", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const res = await anna.post("/plannen/nieuw", filled({ sjabloon: "leeg" }));
    expect(res.headers.get("location")).toBe("/plannen/jaarplan-ppo-2027-2?nieuw=1");
    const plan = await getPlan(db(), system, "jaarplan-ppo-2027-2");
    expect(plan.levels).toEqual([{ key: "onderdeel", name: "Onderdeel", plural: "Onderdelen" }]);
    expect(plan.layout.style).toBe("blocks");
  });

  it("shows the problems in Dutch next to the fields and makes nothing", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const before = await count();
    const res = await anna.post("/plannen/nieuw", filled({ title: "", kind: "", "periode-start": "2027-12-01", "periode-eind": "2027-01-01", sjabloon: "onbekend" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="veld-title-fout">Titel: vul een titel in.');
    expect(html).toContain('id="veld-kind-fout">Soort: kies een soort plan.');
    expect(html).toContain('id="veld-periode-eind-fout">Einde van de periode: het einde ligt voor het begin.');
    expect(await count()).toBe(before);
    const templateRes = await anna.post("/plannen/nieuw", filled({ sjabloon: "onbekend" }));
    expect(await templateRes.text()).toContain('id="veld-sjabloon-fout">Sjabloon: kies een van de sjablonen die het formulier noemt.');
    const slugRes = await anna.post("/plannen/nieuw", filled({ slug: TEMPLATE }));
    expect(await slugRes.text()).toContain(`id="veld-slug-fout">Korte naam: er is al een plan met de korte naam &#39;${TEMPLATE}&#39;; kies een andere.`);
    const reserved = await anna.post("/plannen/nieuw", filled({ slug: "nieuw" }));
    expect(await reserved.text()).toContain("Korte naam: &#39;nieuw&#39; is gereserveerd; kies een andere.");
    expect(await count()).toBe(before);
  });

  it("refuses owners the redacteur does not edit for, and a plan without owner", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const res = await anna.post("/plannen/nieuw", filled({ eigenaar: ["ppo-nk", "swvnk"] }));
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toMatch(/Eigenaars: u bent geen redacteur van [^;]+; kies een organisatie waarvan u redacteur bent\./);
    const none = await anna.post("/plannen/nieuw", filled({ eigenaar: [] }));
    expect(await none.text()).toContain('id="veld-eigenaar-fout">Eigenaars: kies minstens één organisatie.');
  });

  it("lets an administrator make a plan for any organisation", async () => {
    await makeUser(db(), "beheer@koers.test", { admin: true });
    const admin = await signedInClient(setup.app, "beheer@koers.test");
    const html = await (await admin.get("/plannen/nieuw")).text();
    expect([...html.matchAll(/name="eigenaar" value="([^"]+)"/g)].length).toBeGreaterThan(5);
    const res = await admin.post("/plannen/nieuw", filled({ title: "Agenda Velsen 2027", kind: "agenda", eigenaar: ["velsen", "swvnk"] }));
    expect(res.status).toBe(303);
    expect((await getPlan(db(), system, "agenda-velsen-2027")).owners.map((o) => o.slug)).toEqual(["velsen", "swvnk"]);
  });

  it("refuses a lezer (403) and someone signed out (to the sign-in page, 401 for the form), and a form without its CSRF token", async () => {
    const lies = await signedIn("lies@ppo-nk.nl");
    expect((await lies.get("/plannen/nieuw")).status).toBe(403);
    expect((await lies.post("/plannen/nieuw", filled())).status).toBe(403);
    const visitor = client(setup.app);
    const res = await visitor.get("/plannen/nieuw");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/inloggen/);
    expect((await visitor.post("/plannen/nieuw", filled())).status).toBe(401);
    const before = await count();
    const anna = await signedIn("anna@ppo-nk.nl");
    expect((await anna.post("/plannen/nieuw", filled({ title: "Zonder token" }), { csrf: false })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it("names the short name when two new plans with it are made at once: one is made, the other refused", async () => {
    const input = { template: "leeg", title: "Tegelijk", slug: "tegelijk", kind: "jaarplan" as const, owners: ["ppo-nk"], period: { label: "2027", start: "2027-01-01", end: "2027-12-31" } };
    const before = await count();
    const outcomes = await Promise.allSettled([createPlan(db(), system, input), createPlan(db(), system, input)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected")!.reason as InputError;
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.problems).toEqual([{ file: "plan", path: "slug", message: "Korte naam: er is al een plan met de korte naam 'tegelijk'; kies een andere." }]);
    expect(await count()).toBe(before + 1);
  });

  it("makes a plan through the API with the same rules and words", async () => {
    const token = await userWithApiKey(db(), "api@ppo-nk.nl", ["ppo-nk", "redacteur"], { name: "schrijven", scope: "read-write" });
    const readOnly = await userWithApiKey(db(), "lezen@ppo-nk.nl", ["ppo-nk", "redacteur"], { name: "lezen", scope: "read" });
    const post = (body: unknown, key = token) =>
      setup.app.request("/api/v1/plans", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${key}` } });
    const input = { template: "jaarplan-ppo-nk-2023", title: "Jaarplan via de API", kind: "jaarplan", owners: ["ppo-nk"], period: { label: "2028", start: "2028-01-01", end: "2028-12-31" } };
    const res = await post(input);
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { slug: string; status: string; published: boolean; layout: unknown; items: unknown[] } };
    expect(data).toMatchObject({ slug: "jaarplan-via-de-api", status: "concept", published: false, items: [] });
    expect(data.layout).toEqual((await getPlan(db(), system, "jaarplan-ppo-nk-2023")).layout);

    const bad = await post({ ...input, title: " ", owners: ["swvnk"] });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { problems: { field: string; message: string }[] } };
    expect(error.problems).toContainEqual({ field: "title", message: "Titel: vul een titel in." });
    expect((await post(input, readOnly)).status).toBe(403);
    expect((await setup.app.request("/api/v1/plans", { method: "POST", body: JSON.stringify(input), headers: { "content-type": "application/json" } })).status).toBe(401);
  });
});
