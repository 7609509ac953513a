/** Next year's plan from this one: the form, the API, what comes along and what stays. */
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appWithEditors, userWithApiKey } from "../../../test/helpers/apps.ts";
import { client } from "../../../test/helpers/client.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { importPlans, planYaml } from "../../../test/helpers/plans.ts";
import { system } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { indicatorItems, measurements } from "../figures/schema.ts";
import { planFigures } from "../figures/service.ts";
import { configureCycle, saveUpdate } from "../monitoring/updates.ts";
import { updateItem } from "../plans/editing.ts";
import { snapshotOf } from "../plans/snapshot.ts";
import { getPlan, listPlans, type PlanDetail, type PlanItem } from "../plans/reading.ts";
import { snapshotsOf } from "../plans/snapshots.ts";
import { InputError } from "../../lib/validation.ts";
import { copyPlan } from "./service.ts";

const SLUG = "jaarplan-ppo-nk-2023";
const PATH = `/plannen/${SLUG}/kopieren`;
const all = (list: readonly PlanItem[]): PlanItem[] => list.flatMap((i) => [i, ...all(i.children)]);
/** What an item is, without its ids: to compare an item with its copy. */
const shape = (i: PlanItem) => ({
  code: i.code,
  level: i.level,
  title: i.title,
  sections: i.sections,
  when: i.when,
  budget: i.budget,
  parties: i.parties.map((p) => ({ role: p.role, task: p.task, organisations: p.organisations.map((o) => o.slug) })),
  topics: i.topics.map((t) => t.slug),
});

/** All a plan holds, to tell that it did not change: what a version keeps, and its ids, links and approvals. */
const fingerprint = (plan: PlanDetail) => ({
  snapshot: snapshotOf(plan),
  items: all(plan.items).map((i) => ({ id: i.id, version: i.version, links: i.links.map((l) => l.target.id), internalNote: i.internalNote })),
  owners: plan.owners,
  approvals: plan.approvals,
  published: plan.published,
  internalNote: plan.internalNote,
});

describe.each(databaseKinds)("copying a plan to a new period on %s", (kind) => {
  const setup = appWithEditors(kind, "ppo-nk");
  const { signedIn } = setup;
  const db = () => setup.database.db;
  let old: PlanDetail;
  let oldFile: ReturnType<typeof fingerprint>;
  /** Items whose latest status is afgerond or vervallen, with all below them. */
  const finished = new Set<number>();
  let openUnderFinished: number;
  let indicatorId: number;
  let measured: number;

  beforeAll(async () => {
    const plan = await getPlan(db(), system, SLUG);
    // Each focus area of this plan has one focus with its actions.
    const [area, secondArea] = plan.items;
    const focus = area!.children[0];
    const secondFocus = secondArea!.children[0];
    // A link inside the plan and one to another plan: the first should follow the copy, the second stay.
    const other = all((await getPlan(db(), system, "uitvoeringsplan-nk-2025-2026")).items)[1]!;
    const actions = focus!.children;
    await updateItem(db(), system, SLUG, actions[0]!.id, { version: actions[0]!.version, links: [{ targetId: secondFocus!.children[0]!.id, kind: "link" }, { targetId: other.id, kind: "link" }] });
    const { periods } = await configureCycle(db(), system, SLUG, "halfjaar");
    // Everything under the first focus area is finished in the first half year; so are the focus and the area.
    for (const action of actions) {
      await saveUpdate(db(), system, SLUG, action.id, periods[0]!.id, { status: action === actions.at(-1) ? "vervallen" : "afgerond", results: "Klaar." });
      finished.add(action.id);
    }
    finished.add(focus!.id);
    finished.add(area!.id);
    // Under the second focus: one action finished in the first half year but open again in the second.
    const reopened = secondFocus!.children[0]!;
    await saveUpdate(db(), system, SLUG, reopened.id, periods[0]!.id, { status: "afgerond" });
    await saveUpdate(db(), system, SLUG, reopened.id, periods[1]!.id, { status: "op-koers" });
    openUnderFinished = reopened.id;
    const figures = await planFigures(db(), system, SLUG);
    indicatorId = figures.indicators[0]!.id;
    await db().insert(indicatorItems).values({ indicatorId, itemId: actions[0]!.id, position: 0 });
    await db().insert(indicatorItems).values({ indicatorId, itemId: reopened.id, position: 1 });
    measured = (await db().select().from(measurements).where(inArray(measurements.indicatorId, figures.indicators.map((i) => i.id)))).length;
    expect(measured).toBeGreaterThan(0);
    old = await getPlan(db(), system, SLUG);
    oldFile = fingerprint(old);
  });

  const oldUnchanged = async () => {
    const now = await getPlan(db(), system, SLUG);
    expect(fingerprint(now)).toEqual(oldFile);
    expect(now.version).toBe(old.version);
    expect(now.status).toBe(old.status);
    const figures = await planFigures(db(), system, SLUG);
    expect(figures.indicators.flatMap((i) => i.measurements)).toHaveLength(measured);
    expect(figures.indicators.find((i) => i.id === indicatorId)!.items).toHaveLength(2);
    expect(await snapshotsOf(db(), old.id)).toHaveLength(1);
  };

  it("proposes next year's title, short name and period, and leaving out what is finished", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const res = await anna.get(PATH);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(formFields(html)).toMatchObject({ title: "Jaarplan 2024", slug: "jaarplan-2024", "periode-naam": "2024", "periode-start": "2024-01-01", "periode-eind": "2024-12-31", onderdelen: "unfinished" });
    expect(visibleText(html)).toContain(`Nu af: ${finished.size} onderdelen.`);
    expect(visibleText(await (await anna.get(`/plannen/${SLUG}`)).text())).toContain("Plan voor een nieuwe periode");
  });

  it("links to the copy form from the plan's page for its editors only", async () => {
    const link = `<a class="utrecht-link" href="${PATH}">Plan voor een nieuwe periode</a>`;
    expect(await (await (await signedIn("anna@ppo-nk.nl")).get(`/plannen/${SLUG}`)).text()).toContain(link);
    const lies = await (await (await signedIn("lies@ppo-nk.nl")).get(`/plannen/${SLUG}`)).text();
    expect(lies).toContain(`/plannen/${SLUG}/versies`);
    expect(lies).not.toContain(PATH);
    expect(await (await setup.app.request(`/plannen/${SLUG}`)).text()).not.toContain(PATH);
    // A redacteur of another organisation reads the plan of swvnk but may not copy it.
    const other = await (await signedIn("anna@ppo-nk.nl")).get("/plannen/activiteitenplan-swvnk-2024");
    expect(other.status).toBe(200);
    expect(await other.text()).not.toContain("/plannen/activiteitenplan-swvnk-2024/kopieren");
  });

  it("copies every item with its parties, topics, links and indicators, and leaves the old plan as it was", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const form = formFields(await (await anna.get(PATH)).text());
    const res = await anna.post(PATH, { ...form, onderdelen: "all" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/plannen/jaarplan-2024?gekopieerd=1");
    const copy = await getPlan(db(), system, "jaarplan-2024");
    expect(copy).toMatchObject({ title: "Jaarplan 2024", status: "concept", published: false, kind: old.kind, approvals: [], copiedFrom: { slug: SLUG, title: old.title } });
    expect(copy.period).toEqual({ label: "2024", start: "2024-01-01", end: "2024-12-31" });
    expect(copy.owners).toEqual(old.owners);
    expect(copy.levels).toEqual(old.levels);
    expect(copy.layout).toEqual(old.layout);
    expect(copy.sections).toEqual(old.sections);
    const [from, to] = [all(old.items), all(copy.items)];
    expect(to.map(shape)).toEqual(from.map(shape));
    expect(to.map((i) => i.origin?.id)).toEqual(from.map((i) => i.id));
    const ids = new Map(from.map((i, n) => [i.id, to[n]!.id]));
    // The link inside the plan points to the copy, the link to the other plan where it pointed.
    const linked = to.find((i) => i.links.length === 2)!;
    const original = from.find((i) => i.links.length === 2)!;
    expect(linked.links.map((l) => l.target.id)).toEqual([ids.get(original.links[0]!.target.id), original.links[1]!.target.id]);
    // Indicators come along with their items; their measurements do not.
    const figures = await planFigures(db(), system, "jaarplan-2024");
    const oldFigures = await planFigures(db(), system, SLUG);
    expect(figures.indicators.map((i) => i.slug)).toEqual(oldFigures.indicators.map((i) => i.slug));
    expect(figures.indicators.flatMap((i) => i.measurements)).toEqual([]);
    expect(figures.indicators[0]!.items.map((i) => i.id)).toEqual(oldFigures.indicators[0]!.items.map((i) => ids.get(i.id)));
    // No progress, no versions.
    expect(await snapshotsOf(db(), copy.id)).toEqual([]);
    const [entry] = await listAudit(db(), system, { planId: copy.id, limit: 1 });
    expect(entry).toMatchObject({ actor: "anna@ppo-nk.nl", action: "plan-gekopieerd" });
    await oldUnchanged();
  });

  it("shows where the plan and its items were copied from, with links", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const html = await (await anna.get("/plannen/jaarplan-2024")).text();
    expect(html).toContain(`<dt>Overgenomen uit</dt><dd><a class="utrecht-link" href="/plannen/${SLUG}">${old.title}</a></dd>`);
    const first = all(old.items)[0]!;
    expect(html).toContain(`href="/plannen/${SLUG}?onderdeel=${first.id}#onderdeel-${first.id}"`);
    expect(visibleText(html).replace(/\s+/g, " ")).toContain(`Overgenomen uit: ${old.title}, ${first.title}`);
  });

  it("leaves out what is finished when asked, keeping an item with open work below it", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const form = formFields(await (await anna.get(PATH)).text());
    expect(form.slug).toBe("jaarplan-2024-2");
    const res = await anna.post(PATH, { ...form, title: "Jaarplan 2024 open werk", slug: "jaarplan-2024-open", onderdelen: "unfinished" });
    expect(res.status).toBe(303);
    const copy = await getPlan(db(), system, "jaarplan-2024-open");
    const origins = all(copy.items).map((i) => i.origin!.id);
    expect(origins).toEqual(all(old.items).map((i) => i.id).filter((id) => !finished.has(id)));
    expect(origins).toContain(openUnderFinished);
    const figures = await planFigures(db(), system, "jaarplan-2024-open");
    expect(figures.indicators.find((i) => i.slug === figures.indicators[0]!.slug)!.items.map((i) => i.title)).toEqual([
      all(old.items).find((i) => i.id === openUnderFinished)!.title,
    ]);
    await oldUnchanged();
  });

  it("shows the problems in Dutch next to the fields and copies nothing", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const before = (await listPlans(db(), system)).length;
    const res = await anna.post(PATH, { title: "", slug: "Geen Slug", "periode-naam": "2024", "periode-start": "2024-12-01", "periode-eind": "2024-01-01", onderdelen: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="veld-title-fout">Titel: vul een titel in.');
    expect(html).toContain('id="veld-slug-fout">Korte naam: alleen kleine letters, cijfers en streepjes.');
    expect(html).toContain('id="veld-periode-eind-fout">Einde van de periode: het einde ligt voor het begin.');
    expect(html).toContain('id="veld-onderdelen-fout">Onderdelen: kies alle onderdelen of alleen wat nog niet af is.');
    const taken = await anna.post(PATH, { title: "Nog een", slug: SLUG, "periode-naam": "2024", "periode-start": "2024-01-01", "periode-eind": "2024-12-31", onderdelen: "all" });
    expect(await taken.text()).toContain(`id="veld-slug-fout">Korte naam: er is al een plan met de korte naam &#39;${SLUG}&#39;; kies een andere.`);
    expect((await listPlans(db(), system)).length).toBe(before);
  });

  it("is for the plan's editors only: 403 for a lezer or another organisation's redacteur, 404 for a plan they may not read", async () => {
    await importPlans(setup.database, planYaml({ slug: "kopie-verborgen", title: "Verborgen plan", status: "concept", published: false, owners: ["velsen"] }, "items: []\n"));
    const lies = await signedIn("lies@ppo-nk.nl");
    expect((await lies.get(PATH)).status).toBe(403);
    expect((await lies.post(PATH, { title: "X" })).status).toBe(403);
    expect((await lies.get("/plannen/kopie-verborgen/kopieren")).status).toBe(404);
    expect((await lies.post("/plannen/kopie-verborgen/kopieren", { title: "X" })).status).toBe(404);
    const visitor = client(setup.app);
    expect((await visitor.get(PATH)).headers.get("location")).toMatch(/^\/inloggen/);
    expect((await visitor.post(PATH, { title: "X" })).status).toBe(401);
    const anna = await signedIn("anna@ppo-nk.nl");
    const form = formFields(await (await anna.get(PATH)).text());
    expect((await anna.post(PATH, { ...form, onderdelen: "all" }, { csrf: false })).status).toBe(403);
    expect((await anna.get("/plannen/activiteitenplan-swvnk-2024/kopieren")).status).toBe(403);
  });

  it("names the short name when two copies to it run at once: one plan is made, the other refused with nothing written", async () => {
    const input = { title: "Jaarplan tegelijk", slug: "jaarplan-tegelijk", period: { label: "2024", start: "2024-01-01", end: "2024-12-31" }, items: "all" as const };
    const before = (await listPlans(db(), system)).length;
    const outcomes = await Promise.allSettled([copyPlan(db(), system, SLUG, input), copyPlan(db(), system, SLUG, input)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected")!.reason as InputError;
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.problems).toEqual([{ file: "plan", path: "slug", message: "Korte naam: er is al een plan met de korte naam 'jaarplan-tegelijk'; kies een andere." }]);
    expect((await listPlans(db(), system)).length).toBe(before + 1);
    await oldUnchanged();
  });

  it("copies through the API with the same rules and words", async () => {
    const token = await userWithApiKey(db(), "api@ppo-nk.nl", ["ppo-nk", "redacteur"], { name: "schrijven", scope: "read-write" });
    const post = (slug: string, body: unknown) =>
      setup.app.request(`/api/v1/plans/${slug}/copy`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${token}` } });
    const input = { title: "Jaarplan 2025", period: { label: "2025", start: "2025-01-01", end: "2025-12-31" }, items: "unfinished" };
    const res = await post(SLUG, input);
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { slug: string; copied: number; leftOut: number; indicators: number } };
    expect(data).toMatchObject({ slug: "jaarplan-2025", copied: all(old.items).length - finished.size, leftOut: finished.size });
    expect(data.indicators).toBeGreaterThan(0);
    const bad = await post(SLUG, { ...input, items: "sommige" });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { problems: { field: string; message: string }[] } };
    expect(error.problems).toEqual([{ field: "items", message: "Onderdelen: kies alle onderdelen of alleen wat nog niet af is." }]);
    expect((await post("kopie-verborgen", input)).status).toBe(404);
    expect((await getPlan(db(), system, "jaarplan-2025")).copiedFrom).toEqual({ slug: SLUG, title: old.title });
    // The copy read through the API says where it and its items came from.
    const read = await setup.app.request("/api/v1/plans/jaarplan-2025", { headers: { authorization: `Bearer ${token}` } });
    const { data: copy } = (await read.json()) as { data: { copiedFrom: unknown; items: { origin: unknown }[] } };
    expect(copy.copiedFrom).toEqual({ slug: SLUG, title: old.title, links: { self: `/api/v1/plans/${SLUG}`, html: `/plannen/${SLUG}` } });
    const firstOpen = all(old.items).find((i) => !finished.has(i.id))!;
    expect(copy.items[0]!.origin).toEqual({ plan: SLUG, code: firstOpen.code, title: firstOpen.title, id: firstOpen.id });
    const { data: original } = (await (await setup.app.request(`/api/v1/plans/${SLUG}`)).json()) as { data: { copiedFrom: unknown; items: { origin: unknown }[] } };
    expect(original.copiedFrom).toBeNull();
    expect(original.items[0]!.origin).toBeNull();
    const doc = (await (await setup.app.request("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths["/plans"]).toHaveProperty("post");
    expect(doc.paths["/plans/{slug}/copy"]).toHaveProperty("post");
    await oldUnchanged();
    expect(await db().select().from(indicatorItems).where(eq(indicatorItems.indicatorId, indicatorId))).toHaveLength(2);
  });
});
