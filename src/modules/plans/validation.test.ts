/**
 * One validation per command: an item change made in the browser and the same change
 * made through the API are checked by the same schema inside updateItem, so the same
 * bad input gives the same Dutch problems from both, and the same limits hold.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeViewer, signedInClient, testApp, type SignedIn, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, formProblems, visibleText } from "../../../test/helpers/html.ts";
import { planYaml } from "../../../test/helpers/plans.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import type { Db } from "../../db/client.ts";
import { COUNT, LENGTH } from "../../lib/limits.ts";
import { parseFiles } from "../exchange/service.ts";
import { createApiToken } from "../accounts/service.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { InputError } from "../../lib/validation.ts";
import { ItemNotFoundError, PlanNotFoundError } from "./access.ts";
import { updateItem } from "./editing.ts";
import { planFieldsOf, StalePlanError, updatePlan, type PlanFields } from "./plan-editing.ts";
import { getPlan } from "./reading.ts";
import { items, plans } from "./schema.ts";
import { addItem, deleteItem, listBin, moveItem, restoreItem } from "./structure.ts";

const SLUG = "jaarplan-ppo-nk-2023";
type Form = Record<string, string | string[]>;
const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** The messages of the InputError a call is refused with, sorted; none when it succeeds. */
const refusalMessages = (p: Promise<unknown>) =>
  p.then(
    () => [],
    (error: unknown) => {
      if (!(error instanceof InputError)) throw error;
      return error.problems.map((problem) => problem.message).sort();
    },
  );

describe.each(databaseKinds)("one validation for an item change, in the browser and through the API, on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let token: string;
  let anna: Viewer;
  let browser: SignedIn;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    anna = await makeViewer(database.db, "anna@ppo-nk.nl", ["ppo-nk", "redacteur"]);
    token = await createApiToken(database.db, anna, "schrijven", "read-write");
    browser = await signedInClient(app, "anna@ppo-nk.nl");
  });
  afterAll(() => database.dispose());

  const item = async (n = 0) => (await getPlan(database.db, system, SLUG)).items[0]!.children[0]!.children[n]!;
  const formPath = (id: number) => `/plannen/${SLUG}/onderdelen/${id}/bewerken`;

  /** Opens the edit form, changes it as `change` says, and saves it: the status and the problems the page shows. */
  async function viaForm(change: (form: Form, parties: number) => Form) {
    const target = await item();
    const form = formFields(await (await browser.get(formPath(target.id))).text());
    const res = await browser.post(formPath(target.id), change(form, target.parties.length));
    return { status: res.status, problems: formProblems(await res.text()) };
  }

  async function patch(id: number, body: Record<string, unknown>) {
    return app.request(`/api/v1/plans/${SLUG}/items/${id}`, {
      method: "PATCH",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
  }

  /** The same change through the API: the status and the messages of the problems it lists. */
  async function viaApi(body: (current: Awaited<ReturnType<typeof item>>) => Record<string, unknown>) {
    const target = await item();
    const res = await patch(target.id, { version: target.version, ...body(target) });
    const json = (await res.json()) as { error?: { problems?: { field: string; message: string }[] } };
    return { status: res.status, problems: (json.error?.problems ?? []).map((p) => p.message).sort() };
  }

  const parties = (current: Awaited<ReturnType<typeof item>>) =>
    current.parties.map((p) => ({ role: p.role, task: p.task, organisations: p.organisations.map((o) => o.slug) }));

  const cases: [string, (form: Form, next: number) => Form, (current: Awaited<ReturnType<typeof item>>) => Record<string, unknown>, string[]][] = [
    [
      "a party with neither role nor organisation",
      (f, next) => ({ ...f, [`partij-taak-${next}`]: "alleen een taak" }),
      (current) => ({ parties: [...parties(current), { task: "alleen een taak" }] }),
      ["Partij: vul een rol in of kies een organisatie."],
    ],
    ["an empty title", (f) => ({ ...f, title: "   " }), () => ({ title: "   " }), ["Titel: vul een titel in."]],
    [
      "a title over the limit",
      (f) => ({ ...f, title: "t".repeat(LENGTH.title + 1) }),
      () => ({ title: "t".repeat(LENGTH.title + 1) }),
      [`Titel: hoogstens ${LENGTH.title} tekens (nu ${LENGTH.title + 1}).`],
    ],
    ["a code over the limit", (f) => ({ ...f, code: "1".repeat(21) }), () => ({ code: "1".repeat(21) }), ["Code: hoogstens 20 tekens (nu 21)."]],
    [
      "a budget over the limit",
      (f) => ({ ...f, budget: "b".repeat(1001) }),
      () => ({ budget: "b".repeat(1001) }),
      ["Budget: hoogstens 1.000 tekens (nu 1.001)."],
    ],
    [
      "a text over the limit",
      (f) => ({ ...f, "sectie-tekst-0": "x".repeat(20_001) }),
      (current) => ({ sections: current.sections.map((s, i) => (i === 0 ? { title: s.title, text: "x".repeat(20_001) } : { title: s.title, text: s.text })) }),
      ["Tekst: hoogstens 20.000 tekens (nu 20.001)."],
    ],
    [
      "a text without a heading",
      (f) => ({ ...f, "sectie-titel-0": "" }),
      (current) => ({ sections: current.sections.map((s, i) => ({ title: i === 0 ? "" : s.title, text: s.text })) }),
      ["Kop van een tekst: geef deze tekst een kop, bijvoorbeeld Activiteiten of Monitoring."],
    ],
    [
      "more topics than allowed",
      (f) => ({ ...f, onderwerp: many(COUNT.topics + 1, "onderwerp") }),
      () => ({ topics: many(COUNT.topics + 1, "onderwerp") }),
      [`Onderwerpen: hoogstens ${COUNT.topics} (nu ${COUNT.topics + 1}).`],
    ],
    ["a topic that does not exist", (f) => ({ ...f, onderwerp: ["bestaat-niet"] }), () => ({ topics: ["bestaat-niet"] }), ["Onderwerp: 'bestaat-niet' bestaat niet."]],
    [
      "an organisation that does not exist",
      (f, next) => ({ ...f, [`partij-rol-${next}`]: "Wie", [`partij-org-${next}`]: ["bestaat-niet"] }),
      (current) => ({ parties: [...parties(current), { role: "Wie", organisations: ["bestaat-niet"] }] }),
      ["Organisatie: 'bestaat-niet' bestaat niet."],
    ],
  ];

  it.each(cases)("refuses %s with the same Dutch problems from the form and the API, and saves nothing", async (_, form, api, expected) => {
    const before = await item();
    const fromForm = await viaForm(form);
    const fromApi = await viaApi(api);
    expect(fromForm).toEqual({ status: 400, problems: expected });
    expect(fromApi).toEqual({ status: 400, problems: expected });
    expect(await item()).toEqual(before);
  });

  it("names the field of each problem in the API's answer", async () => {
    const target = await item();
    const res = await patch(target.id, { version: target.version, title: "", parties: [{ task: "x" }] });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { status: number; message: string; problems: { field: string; message: string }[] } };
    expect(error.problems).toEqual([
      { field: "title", message: "Titel: vul een titel in." },
      { field: "parties[0]", message: "Partij: vul een rol in of kies een organisatie." },
    ]);
    expect(error.message).toContain("Titel: vul een titel in.");
  });

  it("refuses more links than allowed before looking any of them up", async () => {
    const fromApi = await viaApi(() => ({ links: Array.from({ length: COUNT.links + 1 }, (_, i) => ({ targetId: 1_000_000 + i, kind: "zie ook" })) }));
    expect(fromApi).toEqual({ status: 400, problems: [`Verwijzingen: hoogstens ${COUNT.links} (nu ${COUNT.links + 1}).`] });
  });

  it("merges a topic or an organisation named twice in one change, from the form and the API alike", async () => {
    const fromForm = await viaForm((f, next) => ({
      ...f,
      onderwerp: ["thuiszitters", "thuiszitters", "inclusie"],
      [`partij-rol-${next}`]: "Gemeente",
      [`partij-org-${next}`]: ["haarlem", "haarlem"],
    }));
    expect(fromForm.status).toBe(303);
    let saved = await item();
    expect(saved.topics.map((t) => t.slug)).toEqual(["thuiszitters", "inclusie"]);
    expect(saved.parties.at(-1)!.organisations.map((o) => o.slug)).toEqual(["haarlem"]);

    const fromApi = await viaApi((current) => ({
      topics: ["nieuwkomers", "nieuwkomers"],
      parties: [...parties(current).slice(0, -1), { role: "Gemeente", organisations: ["velsen", "velsen", "haarlem"] }],
    }));
    expect(fromApi.status).toBe(200);
    saved = await item();
    expect(saved.topics.map((t) => t.slug)).toEqual(["nieuwkomers"]);
    expect(saved.parties.at(-1)!.organisations.map((o) => o.slug)).toEqual(["velsen", "haarlem"]);
  });

  it("answers 404 in Dutch when the item was deleted between opening the form and saving it", async () => {
    const target = await item(1);
    const form = formFields(await (await browser.get(formPath(target.id))).text());
    await deleteItem(database.db, anna, SLUG, target.id, target.version);
    const res = await browser.post(formPath(target.id), { ...form, title: "Te laat" });
    expect(res.status).toBe(404);
    expect(visibleText(await res.text())).toContain("Dit onderdeel bestaat niet (meer) in dit plan.");

    const api = await patch(target.id, { version: target.version + 1, title: "Te laat" });
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { status: 404, message: "Dit onderdeel bestaat niet (meer) in dit plan." } });
  });

  it("refuses a change to an item that goes to the bin while the change is being checked", async () => {
    const target = await item(0);
    // The delete lands after the command has read the plan and before it writes.
    const racing = Object.create(database.db) as Db;
    racing.transaction = (async (...args: Parameters<Db["transaction"]>) => {
      await deleteItem(database.db, anna, SLUG, target.id, target.version);
      return database.db.transaction(...args);
    }) as Db["transaction"];
    await expect(updateItem(racing, anna, SLUG, target.id, { version: target.version, title: "Te laat" })).rejects.toBeInstanceOf(ItemNotFoundError);
    const [row] = await database.db.select().from(items).where(eq(items.id, target.id));
    expect(row).toMatchObject({ title: target.title });
  });

  it("answers 404 for an item of a plan that does not exist", async () => {
    const res = await app.request(`/api/v1/plans/bestaat-niet/items/1`, {
      method: "PATCH",
      body: JSON.stringify({ version: 1, title: "x" }),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Plan 'bestaat-niet' bestaat niet.");
  });
});

describe.each(databaseKinds)("one validation for a plan's own fields on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let sam: Viewer;
  let browser: SignedIn;
  const PLAN = "activiteitenplan-swvnk-2024";
  const PATH = `/plannen/${PLAN}/bewerken`;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    sam = await makeViewer(database.db, "sam@swvnk.nl", ["swvnk", "redacteur"]);
    browser = await signedInClient(app, "sam@swvnk.nl");
  });
  afterAll(() => database.dispose());

  const current = () => getPlan(database.db, system, PLAN);

  const cases: [string, Form, Partial<PlanFields>, string[]][] = [
    ["an empty title", { title: " " }, { title: " " }, ["Titel: vul een titel in."]],
    ["a title over the limit", { title: "p".repeat(501) }, { title: "p".repeat(501) }, ["Titel: hoogstens 500 tekens (nu 501)."]],
    [
      "a period that ends before it starts",
      { "periode-start": "2024-08-01", "periode-eind": "2024-01-31" },
      { period: { label: "2024", start: "2024-08-01", end: "2024-01-31" } },
      ["Einde van de periode: het einde ligt voor het begin."],
    ],
    [
      "a period name over the limit",
      { "periode-naam": "n".repeat(201) },
      { period: { label: "n".repeat(201), start: "2024-01-01", end: "2024-12-31" } },
      ["Naam van de periode: hoogstens 200 tekens (nu 201)."],
    ],
    [
      "an approval without body and with a wrong date",
      { "besluit-orgaan-0": "", "besluit-uitkomst-0": "advies", "besluit-datum-0": "2024-02-30" },
      { approvals: [{ body: "", outcome: "advies", date: "2024-02-30", adopts: false, note: null }] },
      ["Datum van het besluit: vul een geldige datum in (jjjj-mm-dd).", "Orgaan: vul in welk orgaan besliste, bijvoorbeeld ALV of OPR."],
    ],
    [
      "an internal note over the limit",
      { internalNote: "i".repeat(5001) },
      { internalNote: "i".repeat(5001) },
      ["Interne notitie: hoogstens 5.000 tekens (nu 5.001)."],
    ],
  ];

  it.each(cases)("refuses %s with the same Dutch problems from the form and the command, and saves nothing", async (_, change, patch, expected) => {
    const before = await current();
    const form = formFields(await (await browser.get(PATH)).text());
    const emptied = Object.fromEntries(Object.entries(form).filter(([k]) => !/^besluit-/.test(k)));
    const res = await browser.post(PATH, { ...(change["besluit-uitkomst-0"] ? emptied : form), ...change });
    expect(res.status).toBe(400);
    expect(formProblems(await res.text())).toEqual(expected);
    const effective = patch.approvals ? { ...patch, approvals: [...patch.approvals] } : patch;
    expect(await refusalMessages(updatePlan(database.db, sam, PLAN, before.version, effective))).toEqual(expected);
    expect((await current()).version).toBe(before.version);
  });

  it("lets one of two saves made from the same version through and refuses the other as stale", async () => {
    const { version, title } = await current();
    const saves = await Promise.allSettled([
      updatePlan(database.db, sam, PLAN, version, { title: `${title} (A)` }),
      updatePlan(database.db, sam, PLAN, version, { title: `${title} (B)` }),
    ]);
    expect(saves.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const refused = saves.find((s) => s.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StalePlanError);
    expect((refused.reason as Error).message).toContain("Dit plan is intussen gewijzigd door iemand anders");
    expect((await current()).version).toBe(version + 1);
  });

  it("answers 404 in Dutch when the plan is gone between opening the form and saving it, also in the middle of the save", async () => {
    const before = await current();
    const racing = Object.create(database.db) as Db;
    racing.transaction = (async (...args: Parameters<Db["transaction"]>) => {
      await database.db.delete(plans).where(eq(plans.slug, PLAN));
      return database.db.transaction(...args);
    }) as Db["transaction"];
    await expect(updatePlan(racing, sam, PLAN, before.version, { ...planFieldsOf(before), title: "Te laat" })).rejects.toBeInstanceOf(PlanNotFoundError);

    const res = await browser.post(PATH, { title: "Te laat", version: String(before.version), basis: "{}" });
    expect(res.status).toBe(404);
    expect(visibleText(await res.text())).toContain(`Plan '${PLAN}' bestaat niet.`);
  });
});

describe.each(databaseKinds)("one validation for the structure commands on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let anna: Viewer;
  let browser: SignedIn;
  const PLAN = "uitvoeringsplan-nk-2025-2026";

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    anna = await makeViewer(database.db, "anna@alkmaar.nl", ["alkmaar", "redacteur"]);
    browser = await signedInClient(app, "anna@alkmaar.nl");
  });
  afterAll(() => database.dispose());

  const plan = () => getPlan(database.db, system, PLAN);

  it.each([
    ["an empty title", { title: "  " }, ["Titel: vul een titel in."]],
    ["a title over the limit", { title: "t".repeat(501) }, ["Titel: hoogstens 500 tekens (nu 501)."]],
    ["a code over the limit", { title: "Goed", code: "c".repeat(21) }, ["Code: hoogstens 20 tekens (nu 21)."]],
  ])("refuses adding an item with %s with the same Dutch problems from the form and the command", async (_, change, expected) => {
    const before = JSON.stringify((await plan()).items);
    const parent = (await plan()).items[0]!;
    const path = `/plannen/${PLAN}/onderdelen/nieuw?onder=${parent.id}`;
    const form = formFields(await (await browser.get(path)).text());
    const res = await browser.post(`/plannen/${PLAN}/onderdelen/nieuw`, { ...form, ...change });
    expect(res.status).toBe(400);
    expect(formProblems(await res.text())).toEqual(expected);
    expect(await refusalMessages(addItem(database.db, anna, PLAN, { parentId: parent.id, afterId: null, ...change }))).toEqual(expected);
    expect(JSON.stringify((await plan()).items)).toBe(before);
  });

  it("refuses a move to a place that went to the bin after the page was opened, in Dutch, without moving", async () => {
    const [first, second] = (await plan()).items;
    const moving = first!.children[0]!;
    const target = second!.children[0]!;
    const path = `/plannen/${PLAN}/onderdelen/${moving.id}/verplaatsen`;
    const form = formFields(await (await browser.get(`${path}?onder=${second!.id}`)).text());
    await deleteItem(database.db, anna, PLAN, target.id, target.version);
    const res = await browser.post(path, { ...form, onder: String(second!.id), na: String(target.id) });
    expect(res.status).toBe(400);
    expect(formProblems(await res.text())).toEqual(["Plaats: kies een plaats tussen de onderdelen die daar nu staan; het gekozen onderdeel staat daar niet (meer)."]);
    expect((await plan()).items[0]!.children[0]!.id).toBe(moving.id);
    await expect(moveItem(database.db, anna, PLAN, moving.id, { version: moving.version, parentId: second!.id, afterId: Number.NaN })).rejects.toMatchObject({
      problems: [{ path: "afterId", message: "Plaats: kies een plaats tussen de onderdelen die daar nu staan; het gekozen onderdeel staat daar niet (meer)." }],
    });
  });

  it("answers 404 in Dutch when an item is deleted twice, or restored twice, at about the same time", async () => {
    const item = (await plan()).items[1]!.children.at(-1)!;
    const path = `/plannen/${PLAN}/onderdelen/${item.id}/verwijderen`;
    const form = formFields(await (await browser.get(path)).text());
    await deleteItem(database.db, anna, PLAN, item.id, item.version);
    const late = await browser.post(path, form);
    expect(late.status).toBe(404);
    expect(visibleText(await late.text())).toContain("Dit onderdeel bestaat niet (meer)");

    const [entry] = (await listBin(database.db, anna, PLAN)).filter((e) => e.itemId === item.id);
    const restores = await Promise.allSettled([restoreItem(database.db, anna, PLAN, entry!.id), restoreItem(database.db, anna, PLAN, entry!.id)]);
    expect(restores.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = (restores.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as Error;
    expect(refused.message).toBe("Dit onderdeel staat niet (meer) in de prullenbak.");
    const again = await browser.post(`/plannen/${PLAN}/prullenbak/${entry!.id}/terugzetten`, {});
    expect(again.status).toBe(404);
    expect(await restoreItem(database.db, anna, PLAN, 2 ** 40).catch((e: Error) => e.message)).toBe("Dit onderdeel staat niet (meer) in de prullenbak.");
  });
});

describe("the same limits for imported plans and evaluations", () => {
  const plan = (item: string, extra = "") => planYaml({ slug: "grenzen", title: "Grenzen" }, `${extra}items:\n  - level: actie\n${item}\n`);
  const problems = (files: { name: string; text: string }[]) => {
    try {
      parseFiles(files);
      return [];
    } catch (error) {
      return (error as InputError).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).sort();
    }
  };

  it("takes an item at every limit", () => {
    const item = [
      `    code: "${"1".repeat(LENGTH.code)}"`,
      `    title: "${"t".repeat(LENGTH.title)}"`,
      `    topics: [${many(COUNT.topics, "onderwerp").join(", ")}]`,
    ].join("\n");
    expect(problems([{ name: "grenzen.yaml", text: plan(item) }])).toEqual([]);
  });

  it("refuses an item over the limits with the file, the path and the same Dutch message as the form and the API", () => {
    const item = [
      `    code: "${"1".repeat(LENGTH.code + 1)}"`,
      `    title: "${"t".repeat(LENGTH.title + 1)}"`,
      `    sections: [{ title: Kop, text: "${"x".repeat(LENGTH.text + 1)}" }]`,
      `    topics: [${many(COUNT.topics + 1, "onderwerp").join(", ")}]`,
      `    links: [${Array.from({ length: COUNT.links + 1 }, () => "{ to: x, kind: zie ook }").join(", ")}]`,
    ].join("\n");
    expect(problems([{ name: "grenzen.yaml", text: plan(item, `internalNote: "${"n".repeat(LENGTH.note + 1)}"\n`) }])).toEqual([
      "grenzen.yaml: internalNote: Interne notitie: hoogstens 5.000 tekens (nu 5.001).",
      "grenzen.yaml: items[0].code: Code: hoogstens 20 tekens (nu 21).",
      `grenzen.yaml: items[0].title: Titel: hoogstens ${LENGTH.title} tekens (nu ${LENGTH.title + 1}).`,
      "grenzen.yaml: items[0].sections[0].text: Tekst: hoogstens 20.000 tekens (nu 20.001).",
      `grenzen.yaml: items[0].topics: Onderwerpen: hoogstens ${COUNT.topics} (nu ${COUNT.topics + 1}).`,
      `grenzen.yaml: items[0].links: Verwijzingen: hoogstens ${COUNT.links} (nu ${COUNT.links + 1}).`,
    ].sort());
  });
});
