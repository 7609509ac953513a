/**
 * Progress by spreadsheet through the routes and the batch command, on both databases: the
 * download holds the items the person may update in the round; read back untouched it
 * changes nothing; a filled-in file is previewed, then saved all rows at once; and every
 * kind of problem (a wrong status, text as a percentage, an unknown item, an item the
 * uploader may not edit, an update changed after the download, a closed round) refuses
 * the whole file, naming sheet, row and column.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../../../test/helpers/accounts.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { client } from "../../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { InputError } from "../../lib/validation.ts";
import { CSRF_COOKIE } from "../../web/auth.ts";
import { system, type Viewer } from "../access/viewer.ts";
import { getPlan } from "../plans/reading.ts";
import { closeRound, openRound } from "./service.ts";
import { progressColumns } from "./progress-sheet.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { configureCycle, RoundClosedError, saveUpdate, saveUpdates, updatesOfPlan, type ProgressUpdate } from "../monitoring/updates.ts";

type Browser = ReturnType<typeof client>;
type Header = (typeof progressColumns)[number]["header"];
const headers: string[] = progressColumns.map((c) => c.header);

/** The workbook with cells changed, per item code (the Nr column for items without one is not needed here). */
async function edited(bytes: Uint8Array, changes: Record<string, Partial<Record<Header, string | number | null>>>, extra: Partial<Record<Header, string | number | null>>[] = []): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet("Voortgang")!;
  const column = (h: string) => headers.indexOf(h) + 1;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const change = changes[String(row.getCell(column("Code")).value)];
    for (const [h, value] of Object.entries(change ?? {})) row.getCell(column(h)).value = value;
  });
  for (const added of extra) {
    const row = sheet.addRow([]);
    for (const [h, value] of Object.entries(added)) row.getCell(column(h)).value = value;
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The codes of the rows of a workbook, in order. */
async function codesOf(bytes: Uint8Array): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const codes: string[] = [];
  workbook.getWorksheet("Voortgang")!.eachRow((row, n) => n > 1 && codes.push(String(row.getCell(1).value)));
  return codes;
}

describe.each(databaseKinds)("progress by spreadsheet on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  let app: TestApp;
  const ids: Record<string, number> = {};
  const period: Record<string, number> = {};
  let roundId: number;
  let base: string;
  let owner: Browser;
  let party: Browser;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    app = testApp(database.db, { KOERS_SIGN_IN_LIMIT_PER_MINUTE: "1000" });
    collectItemIds((await getPlan(database.db, system, SLUG)).items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "trimester");
    for (const p of periods) period[p.label] = p.id;
    roundId = (await openRound(database.db, viewers.owner, SLUG, { periodId: period["T2 2025"]!, deadline: "2025-09-10", message: null })).id;
    base = `/plannen/${SLUG}/rondes/${roundId}`;
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1.1"]!, period["T2 2025"]!, { status: "op-koers", results: "Aanpak staat.\nNu de scholen.", planning: "Evalueren", percentage: 40 });
    await saveUpdate(database.db, viewers.party, SLUG, ids["1.2"]!, period["T2 2025"]!, { status: "aandacht-nodig", statusReason: null, percentage: null });
    owner = await signedIn(people.owner);
    party = await signedIn(people.party);
  });
  afterAll(() => database.dispose());

  async function signedIn(email: string) {
    const browser = client(app);
    expect((await browser.post("/inloggen", { email, password: PASSWORD })).status).toBe(303);
    return browser;
  }
  const download = async (who: Browser, query = "") => new Uint8Array(await (await who.get(`${base}/voortgang.xlsx${query}`)).arrayBuffer());
  /** Posts the upload form as the page does: multipart, with the CSRF token and the session. */
  const upload = (who: Browser, fields: Record<string, string | Uint8Array>) => {
    const form = new FormData();
    form.append("_csrf", who.cookie(CSRF_COOKIE)!);
    for (const [name, value] of Object.entries(fields)) {
      form.append(name, typeof value === "string" ? value : new File([value as Uint8Array<ArrayBuffer>], "voortgang.xlsx"));
    }
    const cookie = [...who.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return app.request(`${base}/voortgang-uploaden`, { method: "POST", body: form, headers: { cookie, origin: "http://localhost" } });
  };
  const text = async (res: Response) => visibleText(await res.text()).replace(/\s+/g, " ");
  const updates = async () => {
    const progress = await updatesOfPlan(database.db, system, SLUG, period["T2 2025"]!);
    return Object.fromEntries(progress.items.filter((e) => e.update).map((e) => [e.item.code, e.update!])) as Record<string, ProgressUpdate>;
  };
  const versions = async () => Object.fromEntries(Object.entries(await updates()).map(([code, u]) => [code, u.version]));

  it("downloads the items each person may update in the round, a coordinator's by organisation if chosen", async () => {
    const res = await party.get(`${base}/voortgang.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${SLUG}-voortgang-t2-2025.xlsx"`);
    expect(await codesOf(new Uint8Array(await res.arrayBuffer()))).toEqual(["1.2"]);
    expect(await codesOf(await download(owner))).toEqual(["1.1", "1.2", "1.3", "2.1"]);

    const page = await owner.get(`${base}/voortgang-uploaden`);
    const html = await page.text();
    const ppo = /<option value="(\d+)"[^>]*>Samenwerkingsverband Passend Primair Onderwijs Noord-Kennemerland</.exec(html);
    expect(ppo, "the organisation to choose").not.toBeNull();
    expect(await codesOf(await download(owner, `?organisatie=${ppo![1]}`))).toEqual(["1.2"]);
  });

  it("shows the upload form with CSRF and links to it from the round and Mijn werk", async () => {
    const html = await (await party.get(`${base}/voortgang-uploaden`)).text();
    expect(html).toMatch(new RegExp(`<form method="post" action="${base}/voortgang-uploaden" enctype="multipart/form-data"`));
    expect(html).toContain('name="_csrf"');
    expect(html).toContain(`href="${base}/voortgang.xlsx"`);
    expect(await text(await party.get(base))).toContain("Voortgang invullen in Excel");
    expect(await (await party.get("/mijn-werk")).text()).toContain(`href="${base}/voortgang-uploaden"`);
  });

  it("refuses readers, outsiders and visitors", async () => {
    const reader = await signedIn(people.reader);
    expect((await reader.get(`${base}/voortgang.xlsx`)).status).toBe(403);
    expect((await reader.get(`${base}/voortgang-uploaden`)).status).toBe(403);
    const outsider = await signedIn(people.outsider);
    expect((await outsider.get(`${base}/voortgang.xlsx`)).status).toBe(403);
    const visitor = await app.request(`${base}/voortgang-uploaden`);
    expect(visitor.status).toBe(303);
    expect((await app.request(`/plannen/${SLUG}/rondes/999999/voortgang.xlsx`, { headers: { cookie: [...owner.jar].map(([k, v]) => `${k}=${v}`).join("; ") } })).status).toBe(404);
  });

  it("reads the downloaded file back unchanged: nothing changes, and it says so", async () => {
    const before = await versions();
    const res = await upload(owner, { bestand: await download(owner) });
    expect(res.status).toBe(200);
    const page = await text(res);
    expect(page).toContain("Er verandert niets: het bestand zegt hetzelfde als wat er in Koers staat, en 2 rijen zijn leeg gelaten. Er is niets opgeslagen.");
    expect(page).not.toContain("opslaan");
    expect(await versions()).toEqual(before);
  });

  it("previews what changes, saves nothing until confirmed, then saves all rows at once", async () => {
    const bytes = await edited(await download(owner), { "1.1": { Status: "Achter op planning", Percentage: 30 }, "1.3": { Status: "Op koers", Resultaten: "Eerste gesprek gevoerd" } });
    const before = await versions();
    const res = await upload(owner, { bestand: bytes });
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = visibleText(html).replace(/\s+/g, " ");
    expect(page).toContain("2 onderdelen om op te slaan");
    expect(page).toContain("1 onderdeel blijft zoals het is. 1 rij is leeg gelaten; daarvan wordt niets gemeld.");
    expect(page).toMatch(/2 Actie 1\.1 Verzuimaanpak vastleggen Op koers wordt Achter op planning 30% status, percentage/);
    expect(page).toMatch(/4 Actie 1\.3 Evaluatie met de regiegroep Op koers – eerste melding/);
    expect(await versions()).toEqual(before);

    const confirm = formFields(html, "voortgang-uploaden") as Record<string, string>;
    expect(confirm.stap).toBe("opslaan");
    const { _csrf, ...carried } = confirm;
    const saved = await upload(owner, carried);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`${base}/voortgang-uploaden?opgeslagen=2`);
    expect(await text(await owner.get(saved.headers.get("location")!))).toContain("De voortgang van 2 onderdelen is opgeslagen.");
    const after = await updates();
    expect(after["1.1"]).toMatchObject({ status: "achter-op-planning", percentage: 30, results: "Aanpak staat.\nNu de scholen.", version: before["1.1"]! + 1 });
    expect(after["1.3"]).toMatchObject({ status: "op-koers", results: "Eerste gesprek gevoerd", version: 1 });
    expect(after["1.2"]!.version).toBe(before["1.2"]);
  });

  it("refuses the whole file for one wrong row, naming every problem by sheet, row and column", async () => {
    const before = await updates();
    const bytes = await edited(
      await download(owner),
      { "1.1": { Status: "Afgerond" }, "1.3": { Status: "bijna klaar" }, "2.1": { Status: "Op koers", Percentage: "ongeveer half" } },
      [{ Code: "9.9", Status: "Op koers", Nr: 999999, Ronde: roundId }],
    );
    const res = await upload(owner, { bestand: bytes });
    expect(res.status).toBe(400);
    const html = await res.text();
    const page = visibleText(html).replace(/\s+/g, " ");
    expect(page).toContain("voortgang.xlsx is niet ingelezen: 3 problemen");
    expect(page).toContain("Blad Voortgang, rij 4, kolom Status: 'bijna klaar' is geen status; kies uit Niet gestart, Op koers, Aandacht nodig, Achter op planning, Afgerond, Uitgesteld of Vervallen.");
    expect(page).toContain("Blad Voortgang, rij 5, kolom Percentage: 'ongeveer half' is geen getal; geef een heel getal van 0 tot en met 100, of laat de cel leeg.");
    expect(page).toContain("Blad Voortgang, rij 6, kolom Nr: dit plan heeft geen onderdeel met nummer 999999.");
    expect(html).not.toContain('name="stap"');
    // Even the right row (1.1) did not land.
    expect(await updates()).toEqual(before);
  });

  it("refuses a row of an item the uploader may not edit", async () => {
    const before = await updates();
    // The coordinator's file, uploaded by the partner who answers for 1.2 only.
    const bytes = await edited(await download(owner), { "1.1": { Status: "Afgerond" }, "1.2": { Status: "Op koers" } });
    const res = await upload(party, { bestand: bytes });
    expect(res.status).toBe(400);
    const page = await text(res);
    expect(page).toContain("Blad Voortgang, rij 2, kolom Nr: u mag de voortgang van dit onderdeel niet bijwerken.");
    expect(page).toContain("Blad Voortgang, rij 4, kolom Nr: u mag de voortgang van dit onderdeel niet bijwerken.");
    expect(await updates()).toEqual(before);
  });

  it("refuses a row whose update someone else saved after the download, naming the row", async () => {
    const stale = await download(party);
    await saveUpdate(database.db, viewers.owner, SLUG, ids["1.2"]!, period["T2 2025"]!, { version: (await updates())["1.2"]!.version, status: "achter-op-planning" });
    const before = await updates();
    const res = await upload(party, { bestand: await edited(stale, { "1.2": { Resultaten: "Overleg gepland" } }) });
    expect(res.status).toBe(400);
    expect(await text(res)).toMatch(/Blad Voortgang, rij 2, kolom Versie: De voortgang over T2 2025 is intussen opgeslagen door \S+.* \(nu versie 2\)/);
    expect(await updates()).toEqual(before);
  });

  describe("saveUpdates, the batch command", () => {
    it("checks a parent's reason against the roll-up of the statuses the batch gives its parts, and writes nothing in a dry run", async () => {
      const before = await updates();
      const rows = [
        { row: "rij 2", itemId: ids["1"]!, input: { version: null, status: "op-koers" as const } },
        { row: "rij 3", itemId: ids["1.1"]!, input: { version: before["1.1"]!.version, status: "afgerond" as const } },
        { row: "rij 4", itemId: ids["1.2"]!, input: { version: before["1.2"]!.version, status: "afgerond" as const } },
        { row: "rij 5", itemId: ids["1.3"]!, input: { version: before["1.3"]!.version, status: "afgerond" as const } },
      ];
      const refused = await saveUpdates(database.db, viewers.owner, SLUG, period["T2 2025"]!, rows).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InputError);
      expect((refused as InputError).problems).toEqual([
        { file: "voortgang", path: "rij 2, statusReason", message: 'Reden voor deze status: uit de onderdelen eronder volgt "Afgerond". Leg uit waarom u "Op koers" kiest.' },
      ]);
      const dry = await saveUpdates(database.db, viewers.owner, SLUG, period["T2 2025"]!, [{ ...rows[0]!, input: { ...rows[0]!.input, status: "afgerond" } }, ...rows.slice(1)], { dryRun: true });
      expect(dry.map((o) => [o.row, o.change])).toEqual([
        ["rij 2", "new"],
        ["rij 3", "changed"],
        ["rij 4", "changed"],
        ["rij 5", "changed"],
      ]);
      expect(await updates()).toEqual(before);
    });

    it("refuses the same item twice", async () => {
      const v = (await updates())["1.1"]!.version;
      const refused = await saveUpdates(database.db, viewers.owner, SLUG, period["T2 2025"]!, [
        { row: "rij 2", itemId: ids["1.1"]!, input: { version: v, status: "afgerond" } },
        { row: "rij 3", itemId: ids["1.1"]!, input: { version: v, status: "uitgesteld" } },
      ]).catch((e: unknown) => e);
      expect((refused as InputError).problems).toEqual([{ file: "voortgang", path: "rij 3, item", message: "Onderdeel: dit onderdeel staat ook al in rij 2; geef het één keer." }]);
    });
  });

  it("refuses every upload once the round is closed", async () => {
    const bytes = await edited(await download(owner), { "2.1": { Status: "Afgerond" } });
    await closeRound(database.db, viewers.owner, roundId, { planSlug: SLUG });
    const before = await updates();
    const res = await upload(owner, { bestand: bytes });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain("De rapportageronde over T2 2025 is gesloten. De voortgang over T2 2025 ligt vast; er is niets ingelezen.");
    await expect(saveUpdates(database.db, viewers.owner, SLUG, period["T2 2025"]!, [{ row: "rij 2", itemId: ids["2.1"]!, input: { status: "afgerond" } }])).rejects.toBeInstanceOf(RoundClosedError);
    expect(await updates()).toEqual(before);
    expect(await (await owner.get(`${base}/voortgang-uploaden`)).text()).not.toContain('type="file"');
  });
});
