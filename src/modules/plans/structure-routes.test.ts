import { describe, expect, it } from "vitest";
import { appWithEditors, formsOfBoth } from "../../../test/helpers/apps.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { system } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { findItem, getPlan, type PlanItem } from "./reading.ts";

const SLUG = "uitvoeringsplan-nk-2025-2026";


/** A pattern for text that may break across lines where the page has markup: "a" + "b" matches "a\n b". */
const spaced = (...parts: string[]) => new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+"));

/** The options of a select, as value and visible text. */
function optionsOf(html: string, name: string): { value: string; text: string }[] {
  const select = html.match(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`))?.[1] ?? "";
  return [...select.matchAll(/<option value="([^"]*)"[^>]*>([\s\S]*?)<\/option>/g)].map((m) => ({ value: m[1]!, text: visibleText(m[2]!).trim() }));
}

describe.each(databaseKinds)("structure pages on %s", (kind) => {
  const setup = appWithEditors(kind, "alkmaar");
  const { signedIn } = setup;
  const plan = () => getPlan(setup.database.db, system, SLUG);
  const at = (list: PlanItem[], ...codes: string[]): PlanItem => {
    const found = list.find((i) => i.code === codes[0]);
    if (!found) throw new Error(`geen onderdeel ${codes.join(" / ")}`);
    return codes.length > 1 ? at(found.children, ...codes.slice(1)) : found;
  };

  it("shows plan editors the structure links, and readers only the versions", async () => {
    const p = await plan();
    const ambition = at(p.items, "2", "2.1");
    const step = at(p.items, "2", "2.1", "3");
    const editorPage = await (await (await signedIn("anna@alkmaar.nl")).get(`/plannen/${SLUG}?deel=alle`)).text();
    for (const href of [
      `/plannen/${SLUG}/onderdelen/nieuw"`,
      `/plannen/${SLUG}/bewerken"`,
      `/plannen/${SLUG}/versies"`,
      `/plannen/${SLUG}/prullenbak"`,
      `/plannen/${SLUG}/onderdelen/nieuw?onder=${ambition.id}"`,
      `/plannen/${SLUG}/onderdelen/${ambition.id}/verplaatsen"`,
      `/plannen/${SLUG}/onderdelen/${ambition.id}/verwijderen"`,
      // A step is shown in its ambition's column; the list below the row reaches it.
      `/plannen/${SLUG}/onderdelen/${step.id}/verplaatsen"`,
      `/plannen/${SLUG}/onderdelen/nieuw?onder=${step.id}"`,
    ]) {
      expect(editorPage).toContain(`href="${href}`);
    }
    // Behind one action menu per item, named after the item.
    expect(visibleText(editorPage)).toMatch(/Acties\s+voor 2\.1 [^\n]+\s+Bewerken 2\.1\s+Voortgang bijwerken 2\.1\s+Wijzigingen in 2\.1\s+Onderdeel toevoegen onder 2\.1\s+Verplaatsen 2\.1\s+Verwijderen 2\.1/);
    // A sub-step is the lowest level: nothing can be added under it.
    expect(editorPage).not.toContain(`nieuw?onder=${at(p.items, "2", "2.1", "3", "3a").id}"`);

    for (const page of [
      await (await (await signedIn("lies@alkmaar.nl")).get(`/plannen/${SLUG}`)).text(),
      await (await setup.app.request(`/plannen/${SLUG}`)).text(),
    ]) {
      expect(page).toContain(`href="/plannen/${SLUG}/versies"`);
      expect(page).not.toMatch(/href="[^"]*(onderdelen\/nieuw|verplaatsen|verwijderen|prullenbak|\/plannen\/[a-z0-9-]+\/bewerken)"/);
    }
  });

  it("adds an item: errors next to the field, then on to its edit form", async () => {
    const anna = await signedIn("anna@alkmaar.nl");
    const ambition = at((await plan()).items, "1", "1.2");
    const path = `/plannen/${SLUG}/onderdelen/nieuw?onder=${ambition.id}`;
    const html = await (await anna.get(path)).text();
    expect(visibleText(html)).toMatch(spaced("Plek", `onder Ambitie 1.2 ${ambition.title}`));
    expect(visibleText(html)).toContain("Niveau: Stap");
    expect(optionsOf(html, "na").map((o) => o.text)).toEqual(["Als eerste", ...ambition.children.map((c) => `Na ${c.code} ${c.title}`)]);
    const form = formFields(html);
    expect(form).toMatchObject({ onder: String(ambition.id), na: String(ambition.children.at(-1)!.id) });

    const refused = await anna.post(`/plannen/${SLUG}/onderdelen/nieuw`, { ...form, code: "5", title: "   " });
    expect(refused.status).toBe(400);
    const errorPage = await refused.text();
    expect(errorPage).toMatch(/<input id="veld-title"[^>]*aria-invalid="true"[^>]*aria-describedby="veld-title-fout"/);
    expect(errorPage).toContain('<p class="koers-field-error" id="veld-title-fout">Titel: vul een titel in.</p>');
    expect(formFields(errorPage)).toMatchObject({ code: "5", na: form.na });

    const saved = await anna.post(`/plannen/${SLUG}/onderdelen/nieuw`, { ...formFields(errorPage), title: "Netwerkbijeenkomst plannen", na: "" });
    expect(saved.status).toBe(303);
    const id = Number(saved.headers.get("location")!.match(/^\/plannen\/[a-z0-9-]+\/onderdelen\/(\d+)\/bewerken\?toegevoegd=1$/)![1]);
    expect((await anna.get(saved.headers.get("location")!)).status).toBe(200);
    expect(at((await plan()).items, "1", "1.2").children[0]).toMatchObject({ id, code: "5", title: "Netwerkbijeenkomst plannen", level: "stap" });
  });

  it("asks for the level where more than one fits, and refuses one that does not", async () => {
    const anna = await signedIn("anna@alkmaar.nl");
    const html = await (await anna.get(`/plannen/${SLUG}/onderdelen/nieuw`)).text();
    expect(optionsOf(html, "level")).toEqual([
      { value: "thema", text: "Thema" },
      { value: "ambitie", text: "Ambitie" },
    ]);
    const res = await anna.post(`/plannen/${SLUG}/onderdelen/nieuw`, { ...formFields(html), title: "Losse stap", level: "stap" });
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain("Een stap kan niet bovenaan het plan staan");
  });

  it("moves an item with two steps: first the parent, then the place", async () => {
    const anna = await signedIn("anna@alkmaar.nl");
    const p = await plan();
    const step = at(p.items, "1", "1.2", "3");
    const target = at(p.items, "2", "2.2");
    const path = `/plannen/${SLUG}/onderdelen/${step.id}/verplaatsen`;
    const first = await (await anna.get(path)).text();
    const parents = optionsOf(first, "onder");
    // Only ambitions hold steps: no themes, no top of the plan, no steps.
    expect(parents.map((o) => o.text.replace(/\u00a0/g, "").replace(/ \(nu\)$/, ""))).toEqual(
      p.items.flatMap((t) => t.children.map((a) => `Ambitie ${a.code} ${a.title}`)),
    );
    expect(parents.find((o) => o.text.endsWith("(nu)"))!.value).toBe(String(at(p.items, "1", "1.2").id));

    const second = await (await anna.get(`${path}?onder=${target.id}`)).text();
    expect(optionsOf(second, "na").map((o) => o.text)).toEqual(["Als eerste", ...target.children.map((c) => `Na ${c.code} ${c.title}`)]);
    const form = formFields(second);
    expect(form).toMatchObject({ version: String(step.version), onder: String(target.id) });

    const res = await anna.post(path, { ...form, na: "" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plannen/${SLUG}?verplaatst=${step.id}#onderdeel-${target.id}`);
    expect(visibleText(await (await anna.get(res.headers.get("location")!)).text())).toMatch(spaced("Verplaatst:", `${step.code} ${step.title}`));
    expect(at((await plan()).items, "2", "2.2").children[0]!.id).toBe(step.id);
    expect((await listAudit(setup.database.db, system, { itemId: step.id, limit: 1 }))[0]).toMatchObject({ action: "onderdeel-verplaatst", actor: "anna@alkmaar.nl" });
  });

  it("refuses a place that does not fit next to the field, and tells about a move by someone else", async () => {
    const anna = await signedIn("anna@alkmaar.nl");
    const bram = await signedIn("bram@alkmaar.nl");
    const p = await plan();
    const step = at(p.items, "2", "2.1", "2");
    const path = `/plannen/${SLUG}/onderdelen/${step.id}/verplaatsen`;
    const [annaForm, bramForm] = await formsOfBoth(anna, bram, path);

    const misfit = await anna.post(path, { ...annaForm, onder: String(at(p.items, "3").id) });
    expect(misfit.status).toBe(400);
    const misfitPage = await misfit.text();
    expect(misfitPage).toMatch(/<select id="veld-onder"[^>]*aria-invalid="true"[^>]*aria-describedby="veld-onder-fout"/);
    expect(visibleText(misfitPage)).toContain("Een stap kan niet onder een thema staan: dan klopt de opbouw van dit plan (Thema › Ambitie › Stap › Deelstap) niet meer.");

    expect((await anna.post(path, { ...annaForm, na: "" })).status).toBe(303);
    const stale = await bram.post(path, { ...bramForm, na: "" });
    expect(stale.status).toBe(409);
    const stalePage = await stale.text();
    expect(visibleText(stalePage)).toContain("Iemand anders heeft dit onderdeel gewijzigd of verplaatst nadat u deze pagina opende. Er is nog niets verplaatst.");
    expect(formFields(stalePage).version).toBe(String(step.version + 1));
    expect((await bram.post(path, { ...formFields(stalePage), na: "" })).status).toBe(303);
  });

  it("deletes after confirmation, and restores from the bin", async () => {
    const anna = await signedIn("anna@alkmaar.nl");
    const p = await plan();
    const ambition = at(p.items, "2", "2.1");
    const step = at(p.items, "2", "2.1", "3");
    const path = `/plannen/${SLUG}/onderdelen/${step.id}/verwijderen`;
    const confirm = await (await anna.get(path)).text();
    expect(visibleText(confirm)).toMatch(spaced(step.title, "gaat naar de prullenbak van dit plan, samen met de 3 onderdelen die eronder staan:"));
    expect(visibleText(confirm)).toContain("Deelstap 3a");
    const form = formFields(confirm);

    expect((await anna.post(path, { ...form, version: String(step.version - 1) })).status).toBe(409);
    const res = await anna.post(path, form);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plannen/${SLUG}?verwijderd=1&onderdeel=${ambition.id}#onderdeel-${ambition.id}`);
    const planPage = await (await anna.get(res.headers.get("location")!)).text();
    expect(visibleText(planPage)).toContain("Het onderdeel staat nu in de prullenbak, met alles wat eronder stond.");
    expect(findItem((await plan()).items, step.id)).toBeUndefined();

    const bin = await (await anna.get(`/plannen/${SLUG}/prullenbak`)).text();
    const text = visibleText(bin);
    expect(text).toContain(`Stap 3 ${step.title}`);
    expect(text).toContain("(met 3 onderdelen eronder)");
    expect(text).toContain(`onder 2.1 ${ambition.title}`);
    expect(text).toContain("anna@alkmaar.nl");
    const action = bin.match(/action="(\/plannen\/[a-z0-9-]+\/prullenbak\/\d+\/terugzetten)"/)![1]!;

    const restored = await anna.post(action, {});
    expect(restored.status).toBe(303);
    expect(restored.headers.get("location")).toBe(`/plannen/${SLUG}?teruggezet=${step.id}#onderdeel-${ambition.id}`);
    expect(visibleText(await (await anna.get(restored.headers.get("location")!)).text())).toMatch(spaced("Teruggezet uit de prullenbak:", `3 ${step.title}`));
    expect(at((await plan()).items, "2", "2.1").children.map((c) => c.id)).toEqual(ambition.children.map((c) => c.id));
    expect(visibleText(await (await anna.get(`/plannen/${SLUG}/prullenbak`)).text())).toContain("De prullenbak is leeg.");
    expect((await anna.post(action, {})).status).toBe(404);
  });

  it("explains why an item cannot come back while its parent is in the bin", async () => {
    const anna = await signedIn("anna@alkmaar.nl");
    const p = await plan();
    const step = at(p.items, "2", "2.1", "3");
    const subStep = at(p.items, "2", "2.1", "3", "3a");
    for (const item of [subStep, step]) {
      const path = `/plannen/${SLUG}/onderdelen/${item.id}/verwijderen`;
      expect((await anna.post(path, formFields(await (await anna.get(path)).text()))).status).toBe(303);
    }
    const bin = await (await anna.get(`/plannen/${SLUG}/prullenbak`)).text();
    expect(visibleText(bin)).toContain("Dat staat zelf ook in de prullenbak: zet dat eerst terug.");
    const [parentAction, childAction] = [...bin.matchAll(/action="(\/plannen\/[a-z0-9-]+\/prullenbak\/\d+\/terugzetten)"/g)].map((m) => m[1]!);
    const refused = await anna.post(childAction!, {});
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain(`Zet eerst ‘${step.title}’ terug; daarna kunt u dit onderdeel terugzetten.`);
    expect((await anna.post(parentAction!, {})).status).toBe(303);
    expect((await anna.post(childAction!, {})).status).toBe(303);
    expect(at((await plan()).items, "2", "2.1", "3").children.map((c) => c.id)).toEqual(step.children.map((c) => c.id));
  });

  it("refuses readers, sends visitors to sign in, and needs the form's token", async () => {
    const lies = await signedIn("lies@alkmaar.nl");
    const anna = await signedIn("anna@alkmaar.nl");
    const step = at((await plan()).items, "2", "2.1", "2");
    const paths = [
      `/plannen/${SLUG}/onderdelen/nieuw`,
      `/plannen/${SLUG}/onderdelen/${step.id}/verplaatsen`,
      `/plannen/${SLUG}/onderdelen/${step.id}/verwijderen`,
      `/plannen/${SLUG}/prullenbak`,
    ];
    for (const path of paths) {
      expect((await lies.get(path)).status).toBe(403);
      const visitor = await setup.app.request(path);
      expect(visitor.status).toBe(303);
      expect(visitor.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(path)}`);
    }
    expect((await lies.post(paths[2]!, { version: String(step.version) })).status).toBe(403);
    expect((await lies.post(paths[0]!, { onder: "", title: "Van een lezer", na: "" })).status).toBe(403);
    expect((await anna.post(paths[2]!, { version: String(step.version) }, { csrf: false })).status).toBe(403);
    expect(findItem((await plan()).items, step.id)).toBeDefined();
    expect((await anna.get(`/plannen/${SLUG}/onderdelen/999999/verplaatsen`)).status).toBe(404);
    expect((await anna.get(`/plannen/${SLUG}/onderdelen/nieuw?onder=${at((await plan()).items, "2", "2.1", "3", "3a").id}`)).status).toBe(404);
  });
});
