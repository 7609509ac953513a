import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { appWithEditors, formsOfBoth, signedInClient, testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { system } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { getPlan } from "./reading.ts";

const SLUG = "jaarplan-ppo-nk-2023";


describe.each(databaseKinds)("editing an item in the browser on %s", (kind) => {
  const setup = appWithEditors(kind, "ppo-nk");
  const { signedIn } = setup;
  let itemId: number;
  let path: string;

  beforeAll(async () => {
    const plan = await getPlan(setup.database.db, system, SLUG);
    itemId = plan.items[0]!.children[0]!.children[0]!.id;
    path = `/plannen/${SLUG}/onderdelen/${itemId}/bewerken`;
  });
  const current = async () => {
    const plan = await getPlan(setup.database.db, system, SLUG);
    return plan.items[0]!.children[0]!.children[0]!;
  };

  it("lets a redacteur of the owner change the item, and records it", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const page = await anna.get(path);
    expect(page.status).toBe(200);
    const form = formFields(await page.text());
    expect(form.title).toBe((await current()).title);
    const res = await anna.post(path, { ...form, title: "Hoorrecht van het kind, herzien", budget: "Nieuw budget" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plannen/${SLUG}?opgeslagen=${itemId}#onderdeel-${itemId}`);
    const shown = visibleText(await (await anna.get(res.headers.get("location")!)).text());
    expect(shown).toContain("Opgeslagen:");
    expect(shown).toContain("Hoorrecht van het kind, herzien");
    expect(await current()).toMatchObject({ title: "Hoorrecht van het kind, herzien", budget: "Nieuw budget" });
    const [entry] = await listAudit(setup.database.db, system, { itemId, limit: 1 });
    expect(entry).toMatchObject({ actor: "anna@ppo-nk.nl", after: { title: "Hoorrecht van het kind, herzien", budget: "Nieuw budget" } });
  });

  it("adds and removes texts with their headings", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const form = formFields(await (await anna.get(path)).text());
    const added = Object.keys(form).filter((k) => k.startsWith("sectie-titel-")).length - 1;
    await anna.post(path, { ...form, [`sectie-titel-${added}`]: "Monitoring", [`sectie-tekst-${added}`]: "- Trimesterrapportage" });
    expect((await current()).sections.at(-1)).toEqual({ title: "Monitoring", text: "- Trimesterrapportage" });
    const again = formFields(await (await anna.get(path)).text());
    await anna.post(path, { ...again, [`sectie-titel-${added}`]: "", [`sectie-tekst-${added}`]: "" });
    expect((await current()).sections.map((s) => s.title)).not.toContain("Monitoring");
  });

  it("shows errors next to the field and saves nothing", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const before = await current();
    const form = formFields(await (await anna.get(path)).text());
    const res = await anna.post(path, { ...form, title: "  ", budget: "Wel dit" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<input id="veld-title"[^>]*aria-invalid="true"[^>]*aria-describedby="veld-title-fout"/);
    expect(html).toContain('<p class="koers-field-error" id="veld-title-fout">Titel: vul een titel in.</p>');
    expect(await current()).toMatchObject({ title: before.title, budget: before.budget, version: before.version });
  });

  it("merges what does not clash when two people edit at once, and asks about what does", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const bram = await signedIn("bram@ppo-nk.nl");
    const [annaForm, bramForm] = await formsOfBoth(anna, bram, path);
    expect((await anna.post(path, { ...annaForm, title: "Titel van Anna", when: "Voorjaar 2023" })).status).toBe(303);

    // Bram changed the timing too (clash) and the budget (no clash); his save is refused.
    const refused = await bram.post(path, { ...bramForm, when: "Najaar 2023", budget: "Budget van Bram" });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    const text = visibleText(html);
    expect(text).toContain("anna@ppo-nk.nl heeft dit onderdeel op");
    expect(text).toMatch(/Wanneer\s*allebei gewijzigd\s*Voorjaar 2023\s*Najaar 2023/);
    expect(text).toMatch(/Titel\s*Titel van Anna\s*\(overgenomen\)/);
    const merged = formFields(html);
    expect(merged).toMatchObject({ title: "Titel van Anna", when: "Najaar 2023", budget: "Budget van Bram" });
    expect(await current()).toMatchObject({ title: "Titel van Anna", when: "Voorjaar 2023" });

    // Bram decides and saves again: both people's work is kept.
    expect((await bram.post(path, { ...merged, when: "Voorjaar en najaar 2023" })).status).toBe(303);
    expect(await current()).toMatchObject({ title: "Titel van Anna", when: "Voorjaar en najaar 2023", budget: "Budget van Bram" });
  });

  it("changes the parties, topics and code of an item", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const form = formFields(await (await anna.get(path)).text());
    const next = (await current()).parties.length; // the empty party row at the end
    const res = await anna.post(path, {
      ...form,
      code: "9.9",
      [`partij-rol-${next}`]: "Jeugdteam",
      [`partij-taak-${next}`]: "voert de gesprekken",
      [`partij-org-${next}`]: ["haarlem", "ppo-nk"],
      onderwerp: ["thuiszitters", "inclusie"],
    });
    expect(res.status).toBe(303);
    const item = await current();
    expect(item.code).toBe("9.9");
    expect(item.parties.at(-1)).toMatchObject({ role: "Jeugdteam", task: "voert de gesprekken" });
    expect(item.parties.at(-1)!.organisations.map((o) => o.slug)).toEqual(["haarlem", "ppo-nk"]);
    expect(item.topics.map((t) => t.slug).sort()).toEqual(["inclusie", "thuiszitters"]);
    const [entry] = await listAudit(setup.database.db, system, { itemId, limit: 1 });
    expect(entry!.after).toMatchObject({ code: "9.9", topics: ["thuiszitters", "inclusie"] });

    // Emptying the party row removes the party; unchecking every topic removes them all.
    const again = formFields(await (await anna.get(path)).text());
    const last = item.parties.length - 1;
    const { onderwerp: _, [`partij-org-${last}`]: __, ...rest } = again;
    expect((await anna.post(path, { ...rest, [`partij-rol-${last}`]: "", [`partij-taak-${last}`]: "" })).status).toBe(303);
    expect((await current()).parties).toHaveLength(last);
    expect((await current()).topics).toEqual([]);
  });

  it("asks for a role or an organisation next to a party that has neither", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const form = formFields(await (await anna.get(path)).text());
    const next = (await current()).parties.length;
    const res = await anna.post(path, { ...form, [`partij-taak-${next}`]: "alleen een taak" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`id="veld-partij-rol-${next}-fout">Partij: vul een rol in of kies een organisatie.`);
  });

  it("adds a link to an item of another plan found by searching, and the target shows it back", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const linkPath = `/plannen/${SLUG}/onderdelen/${itemId}/verwijzen`;
    const found = await anna.get(`${linkPath}?q=thuiszitters`);
    expect(found.status).toBe(200);
    const html = await found.text();
    const target = Number(html.match(/name="doel" id="doel-(\d+)"/)![1]);
    expect(target).not.toBe(itemId);

    const missing = await anna.post(linkPath, { version: String((await current()).version), soort: "zie ook", q: "thuiszitters" });
    expect(missing.status).toBe(400);
    expect(visibleText(await missing.text())).toContain("Verwijzing: kies het onderdeel waarnaar u verwijst.");

    const res = await anna.post(linkPath, { version: String((await current()).version), doel: String(target), soort: "afgestemd op", notitie: "Samen opgepakt", q: "thuiszitters" });
    expect(res.status).toBe(303);
    const link = (await current()).links.find((l) => l.target.id === target);
    expect(link).toMatchObject({ kind: "afgestemd op", note: "Samen opgepakt" });
    const targetPlan = await getPlan(setup.database.db, system, link!.target.planSlug);
    const backlinks = JSON.stringify(targetPlan);
    expect(backlinks).toContain(`"source":{"id":${itemId}`);

    // The edit form lists the link; ticking "verwijderen" removes it.
    const form = formFields(await (await anna.get(path)).text());
    const index = Object.entries(form).find(([k, v]) => k.startsWith("koppeling-doel-") && v === String(target))![0].split("-").at(-1);
    expect(form[`koppeling-soort-${index}`]).toBe("afgestemd op");
    expect((await anna.post(path, { ...form, [`koppeling-weg-${index}`]: "ja" })).status).toBe(303);
    expect((await current()).links.some((l) => l.target.id === target)).toBe(false);
  });

  it("refuses a link save made against an older version", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    const linkPath = `/plannen/${SLUG}/onderdelen/${itemId}/verwijzen`;
    const html = await (await anna.get(`${linkPath}?q=thuiszitters`)).text();
    const target = html.match(/name="doel" id="doel-(\d+)"/)![1]!;
    const old = String((await current()).version - 1);
    const res = await anna.post(linkPath, { version: old, doel: target, soort: "zie ook", q: "thuiszitters" });
    expect(res.status).toBe(409);
    expect(visibleText(await res.text())).toContain("Iemand anders heeft dit onderdeel intussen gewijzigd");
  });

  it("refuses readers and sends visitors to sign in", async () => {
    const lies = await signedIn("lies@ppo-nk.nl");
    expect((await lies.get(path)).status).toBe(403);
    expect((await lies.post(path, { title: "x", version: "1", basis: "{}" })).status).toBe(403);
    const anonymous = await setup.app.request(path);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(path)}`);
    const page = await (await lies.get(`/plannen/${SLUG}`)).text();
    expect(page).not.toContain("/bewerken");
  });

  it("shows a Bewerken link to those who may edit", async () => {
    const anna = await signedIn("anna@ppo-nk.nl");
    expect(await (await anna.get(`/plannen/${SLUG}`)).text()).toContain(`href="${path}"`);
  });
});

describe.each(databaseKinds)("items shown inside table columns on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    await makeUser(database.db, "redactie@rbl-leerplein.nl", { roles: [["rbl-leerplein", "redacteur"]] });
  });
  afterAll(() => database.dispose());

  it("can be edited by a party that is not the plan's owner, without structure links", async () => {
    const slug = "allen-voor-een-2022-2024";
    const plan = await getPlan(database.db, system, slug);
    const find = (list: typeof plan.items): (typeof plan.items)[number] | undefined =>
      list.map((i) => (i.parties.some((p) => p.organisations.some((o) => o.slug === "rbl-leerplein")) && i.level !== plan.layout.rowLevel && i.level !== plan.levels[0]!.key ? i : find(i.children))).find(Boolean);
    const item = find(plan.items)!;
    const browser = await signedInClient(app, "redactie@rbl-leerplein.nl");
    const page = await (await browser.get(`/plannen/${slug}?onderdeel=${item.id}`)).text();
    expect(page).toContain(`href="/plannen/${slug}/onderdelen/${item.id}/bewerken"`);
    expect(page).not.toContain(`/onderdelen/${item.id}/verplaatsen`);
    expect((await browser.get(`/plannen/${slug}/onderdelen/${item.id}/bewerken`)).status).toBe(200);
  });
});
