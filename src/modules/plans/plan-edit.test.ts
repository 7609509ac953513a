import { describe, expect, it } from "vitest";
import { appWithEditors, formsOfBoth } from "../../../test/helpers/apps.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { anonymous, system } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { listSnapshots } from "../versions/service.ts";
import { newAdoptions } from "./plan-editing.ts";
import { getPlan } from "./reading.ts";

const SLUG = "jaarplan-ppo-nk-2023";
const PATH = `/plannen/${SLUG}/bewerken`;


describe("which approvals are new adoptions", () => {
  const vastgesteld = { body: "ALV", date: "2023-01-10", outcome: "vastgesteld", adopts: true, note: null };
  const advies = { body: "OPR", date: "2022-12-01", outcome: "advies", adopts: false, note: null };
  it.each([
    ["none before, an adopting one added", [], [vastgesteld], [vastgesteld]],
    ["an advice added", [], [advies], []],
    ["the same adoption kept, only its note changed", [vastgesteld], [{ ...vastgesteld, note: "Unaniem" }], []],
    ["the adoption got another date: a new adoption", [vastgesteld], [{ ...vastgesteld, date: "2023-02-01" }], [{ ...vastgesteld, date: "2023-02-01" }]],
    ["an existing advice now marked as adopting", [advies], [{ ...advies, adopts: true }], [{ ...advies, adopts: true }]],
  ] as const)("%s", (_, before, after, expected) => {
    expect(newAdoptions([...before], [...after])).toEqual(expected);
  });
});

describe.each(databaseKinds)("editing a plan's own fields on %s", (kind) => {
  const setup = appWithEditors(kind, "ppo-nk");
  const { signedIn } = setup;
  const current = () => getPlan(setup.database.db, system, SLUG);

  it("saves the title, period and texts and records the change", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const page = await anna.get(PATH);
    expect(page.status).toBe(200);
    const form = formFields(await page.text());
    expect(form.title).toBe((await current()).title);
    const res = await anna.post(PATH, { ...form, title: "Jaarplan 2023, herzien", "periode-eind": "2023-12-31", "slot-titel-0": "Tot slot", "slot-tekst-0": "Wij rekenen op u." });
    expect(res.status).toBe(303);
    const plan = await current();
    expect(plan.title).toBe("Jaarplan 2023, herzien");
    expect(plan.closingSections.at(-1)).toEqual({ title: "Tot slot", text: "Wij rekenen op u." });
    const [entry] = await listAudit(setup.database.db, system, { planId: plan.id, limit: 1 });
    expect(entry).toMatchObject({ actor: "anna@ppo-nk.nl", action: "plan-gewijzigd", after: { title: "Jaarplan 2023, herzien" } });
  });

  it("shows errors next to the fields and saves nothing", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const before = await current();
    const form = formFields(await (await anna.get(PATH)).text());
    const res = await anna.post(PATH, { ...form, "periode-start": "2023-12-01", "periode-eind": "2023-01-01", "besluit-uitkomst-0": "vastgesteld" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="veld-periode-eind-fout">Einde van de periode: het einde ligt voor het begin.');
    expect(html).toContain('id="veld-besluit-orgaan-0-fout">Orgaan: vul in welk orgaan besliste');
    expect((await current()).version).toBe(before.version);
  });

  it("keeps a version of the plan when an approval adopts it", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const before = (await listSnapshots(setup.database.db, system, SLUG)).versions.length;
    const form = formFields(await (await anna.get(PATH)).text());
    const advice = { ...form, "besluit-orgaan-0": "OPR", "besluit-uitkomst-0": "instemming", "besluit-datum-0": "2023-01-05" };
    expect((await anna.post(PATH, advice)).status).toBe(303);
    expect((await listSnapshots(setup.database.db, system, SLUG)).versions).toHaveLength(before);

    const again = formFields(await (await anna.get(PATH)).text());
    const adoption = { ...again, "besluit-orgaan-1": "Bestuur", "besluit-uitkomst-1": "vastgesteld", "besluit-datum-1": "2023-01-20", "besluit-vaststelling-1": "ja" };
    const adopted = await anna.post(PATH, adoption);
    expect(adopted.status).toBe(303);
    expect(adopted.headers.get("location")).toBe(`/plannen/${SLUG}?plan-opgeslagen=1&versie=1`);
    expect(visibleText(await (await anna.get(adopted.headers.get("location")!)).text())).toContain("Koers heeft de vastgestelde versie bewaard");
    const { versions } = await listSnapshots(setup.database.db, system, SLUG);
    expect(versions).toHaveLength(before + 1);
    expect(versions.at(-1)!.label).toBe("Vastgesteld door Bestuur op 20 januari 2023");
    expect((await current()).approvals.map((a) => [a.body, a.adopts])).toEqual([["OPR", false], ["Bestuur", true]]);
  });

  it("merges when two editors save at once and marks what clashes", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const bram = await signedIn("bram@ppo-nk.nl");
    const [annaForm, bramForm] = await formsOfBoth(anna, bram, PATH);
    expect((await anna.post(PATH, { ...annaForm, subtitle: "Van Anna", status: "in-besluitvorming" })).status).toBe(303);
    const refused = await bram.post(PATH, { ...bramForm, subtitle: "Van Bram", internalNote: "Bram was hier" });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(visibleText(html)).toMatch(/Ondertitel\s*allebei gewijzigd\s*Van Anna\s*Van Bram/);
    const merged = formFields(html);
    expect(merged).toMatchObject({ subtitle: "Van Bram", status: "in-besluitvorming", internalNote: "Bram was hier" });
    expect((await bram.post(PATH, merged)).status).toBe(303);
    expect(await current()).toMatchObject({ subtitle: "Van Bram", status: "in-besluitvorming", internalNote: "Bram was hier" });
  });

  it("refuses readers and sends visitors to sign in", async () => {
    const lies = await signedIn("lies@ppo-nk.nl");
    expect((await lies.get(PATH)).status).toBe(403);
    expect((await lies.post(PATH, { title: "x", version: "1" })).status).toBe(403);
    const visitor = await setup.app.request(PATH);
    expect(visitor.status).toBe(303);
  });

  it("hides the plan from visitors once it is no longer public", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    expect((await setup.app.request(`/plannen/${SLUG}`)).status).toBe(200);
    const { published: _, ...form } = formFields(await (await anna.get(PATH)).text());
    expect((await anna.post(PATH, form)).status).toBe(303);
    expect((await setup.app.request(`/plannen/${SLUG}`)).status).toBe(404);
    await expect(getPlan(setup.database.db, anonymous, SLUG)).rejects.toThrow();
  });
});
