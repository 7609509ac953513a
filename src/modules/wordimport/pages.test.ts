/**
 * Reading a plan from Word through the routes, on both databases: upload → preview (nothing
 * written) → a corrected mapping → import as an unpublished concept; all or nothing when the
 * import is refused; who may (404/401/403), CSRF, bad files; and the API's dry run and import.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { appWithEditors, userWithApiKey, type SignedIn, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { sourceLayouts, writeWordPlan } from "../../../test/helpers/word-plans.ts";
import { CSRF_COOKIE } from "../../web/auth.ts";
import { system } from "../access/viewer.ts";
import { planSchema } from "../plans/format.ts";
import { getPlan, PlanNotFoundError } from "../plans/reading.ts";

const PATH = "/plannen/inlezen-word";
const SOURCE = "uitvoeringsplan-nk-2025-2026";
const plan = planSchema.parse(parse(readFileSync(new URL(`../../../data/plans/${SOURCE}.yaml`, import.meta.url), "utf8")));
const docxFile = (bytes: Uint8Array, name = "uitvoeringsplan.docx") => new File([bytes], name, { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });

/** The fields of the page's form that carries `name` with `value`, as a browser sends them back. */
function formWith(html: string, name: string, value: string): Record<string, string | string[]> {
  const form = html.split("<form").find((part) => part.includes(`name="${name}" value="${value}"`));
  expect(form, `a form with ${name}=${value}`).toBeDefined();
  return formFields(`<form${form!.split("</form>")[0]}</form>`);
}

describe.each(databaseKinds)("reading a plan from Word in the browser on %s", (kind) => {
  // anna@alkmaar.nl is a redacteur of Alkmaar; lies@alkmaar.nl a lezer.
  const setup = appWithEditors(kind, "alkmaar");
  let database: TestDatabase;
  let app: TestApp;
  let editor: SignedIn;
  let reader: SignedIn;
  let bytes: Uint8Array;

  beforeAll(async () => {
    ({ database, app } = setup);
    editor = await setup.signedIn("anna@alkmaar.nl");
    reader = await setup.signedIn("lies@alkmaar.nl");
    bytes = await writeWordPlan(plan, sourceLayouts[SOURCE]);
  });

  const send = (who: SignedIn, fields: Record<string, string | string[] | File>, csrf = true) => {
    const form = new FormData();
    if (csrf) form.append("_csrf", who.cookie(CSRF_COOKIE)!);
    for (const [name, value] of Object.entries(fields)) {
      if (Array.isArray(value)) value.forEach((v) => form.append(name, v));
      else if (name !== "_csrf") form.append(name, value);
    }
    const cookie = [...who.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return app.request(PATH, { method: "POST", body: form, headers: { cookie, origin: "http://localhost" } });
  };
  const exists = async (slug: string) =>
    getPlan(database.db, system, slug).then(
      () => true,
      (e: unknown) => (e instanceof PlanNotFoundError ? false : Promise.reject(e)),
    );

  it("shows an editor the upload form with the organisations they edit for; sends others away", async () => {
    const res = await editor.get(PATH);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/plannen\/inlezen-word" enctype="multipart\/form-data"/);
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('name="eigenaar" value="alkmaar"');
    expect(html).not.toContain('value="swvnk"');
    expect((await reader.get(PATH)).status).toBe(403);
    const anonymous = await app.request(PATH);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe(`/inloggen?next=${encodeURIComponent(PATH)}`);
  });

  it("refuses a post without the CSRF token, and changes nothing", async () => {
    const res = await send(editor, { bestand: docxFile(bytes), eigenaar: "alkmaar" }, false);
    expect(res.status).toBe(403);
  });

  it("tells plainly what is wrong with a file that is no Word document, or is empty", async () => {
    const notDocx = await send(editor, { bestand: new File(["slug: x\n"], "plan.docx"), eigenaar: "alkmaar" });
    expect(notDocx.status).toBe(400);
    expect(visibleText(await notDocx.text())).toContain("Dit is geen Word-bestand (.docx).");
    const empty = await send(editor, { bestand: new File([], "leeg.docx"), eigenaar: "alkmaar" });
    expect(empty.status).toBe(400);
    expect(visibleText(await empty.text())).toContain("leeg");
  });

  it("previews the document next to the proposed plan, writes nothing, then imports the corrected plan as a concept", async () => {
    const res = await send(editor, { bestand: docxFile(bytes), eigenaar: "alkmaar", "korte-naam": "uitvoeringsplan-uit-word" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(text).toContain("Het document");
    expect(text).toContain("Voorstel: Uitvoeringsplan 2025-2026");
    expect(text).toContain("22 onderdelen");
    expect(text).toContain("1.1 Integrale samenwerking tussen verschillende partners.");
    expect(text).toContain("Koers heeft het hele document kunnen lezen.");
    expect(await exists("uitvoeringsplan-uit-word")).toBe(false);

    // The editor says the Monitoring column is not to be taken over, and renames a level.
    const mapping = formWith(html, "stap", "bekijken");
    const index = Object.entries(mapping).find(([k, v]) => k.startsWith("kolom-") && v === "Monitoring")![0].slice(6);
    mapping[`rol-${index}`] = "ignore";
    const level = Object.entries(mapping).find(([k, v]) => k.startsWith("niveau-") && v === "hoofdstuk")![0].slice(7);
    mapping[`niveaunaam-${level}`] = "Thema";
    const again = await send(editor, mapping);
    expect(again.status).toBe(200);
    const corrected = await again.text();
    expect(visibleText(corrected).replace(/\s+/g, " ")).toContain("Niveaus: Thema › Ambitie");
    expect(await exists("uitvoeringsplan-uit-word")).toBe(false);

    const done = await send(editor, formWith(corrected, "stap", "inlezen"));
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/plannen/uitvoeringsplan-uit-word?ingelezen=word");
    const imported = await getPlan(database.db, system, "uitvoeringsplan-uit-word");
    expect(imported.status).toBe("concept");
    expect(imported.published).toBe(false);
    expect(imported.levels[0]!.name).toBe("Thema");
    const ambition = imported.items.find((i) => i.code === "1")!.children.find((i) => i.code === "1.1")!;
    expect(ambition.sections.map((s) => s.title)).toEqual(["Activiteiten"]);
    expect(ambition.parties.map((p) => p.role)).toEqual(["Gemeente, SWV, scholen en netwerkpartners"]);
    expect(ambition.when).toBe("Gedurende het schooljaar");
  });

  it("imports nothing when the short name is taken or an organisation is not the editor's", async () => {
    const taken = await send(editor, { bestand: docxFile(bytes), eigenaar: "alkmaar", "korte-naam": "jaarplan-ppo-nk-2023", stap: "inlezen" });
    expect(taken.status).toBe(409);
    expect(visibleText(await taken.text())).toContain("bestaat al");
    expect((await getPlan(database.db, system, "jaarplan-ppo-nk-2023")).title).toBe("Jaarplan 2023");
    const foreign = await send(editor, { bestand: docxFile(bytes), eigenaar: ["alkmaar", "swvnk"], "korte-naam": "niet-van-mij", stap: "inlezen" });
    expect(foreign.status).toBe(403);
    expect(await exists("niet-van-mij")).toBe(false);
  });

  it("answers the API with the proposal as a dry run, and imports only when asked", async () => {
    const key = await userWithApiKey(database.db, "api@alkmaar.nl", ["alkmaar", "redacteur"], { name: "schrijven", scope: "read-write" });
    const readKey = await userWithApiKey(database.db, "lezen@alkmaar.nl", ["alkmaar", "redacteur"], { name: "lezen", scope: "read" });
    const post = (token: string, query = "", details: Record<string, unknown> = {}) => {
      const form = new FormData();
      form.append("file", docxFile(bytes));
      form.append("details", JSON.stringify(details));
      return app.request(`/api/v1/plans/import/docx${query}`, { method: "POST", body: form, headers: { authorization: `Bearer ${token}` } });
    };
    const dry = await post(key);
    expect(dry.status).toBe(200);
    const body = (await dry.json()) as { dryRun: boolean; imported: boolean; plan: { slug: string; items: unknown[] }; mapping: { columns: { heading: string; role: string }[] } };
    expect(body).toMatchObject({ dryRun: true, imported: false, plan: { slug: "uitvoeringsplan-2025-2026" } });
    expect(body.mapping.columns.find((c) => c.heading === "Wie")?.role).toBe("parties");
    expect(await exists("uitvoeringsplan-2025-2026")).toBe(false);
    expect((await post(readKey)).status).toBe(403);
    const missingOwner = await post(key, "?dryRun=false");
    expect(missingOwner.status).toBe(400);
    const real = await post(key, "?dryRun=false", { owners: ["alkmaar"], slug: "via-api-uit-word" });
    expect(real.status).toBe(201);
    expect(await exists("via-api-uit-word")).toBe(true);
    const bad = new FormData();
    bad.append("file", new File(["geen word"], "x.docx"));
    const refused = await app.request("/api/v1/plans/import/docx", { method: "POST", body: bad, headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("geen Word-bestand");
  });
});
