/**
 * A plan as a Word document, read back from the file: Word's own heading styles for the
 * levels above the rows, the plan's own columns as a table whose header row repeats and whose
 * rows stay whole, Markdown as real lists and tables, the approval route and footnotes, the
 * title in the header and page numbers in the footer; no internal note, whoever asks; the
 * download route for whoever may read the plan, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../../test/helpers/apps.ts";
import { client } from "../../../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../../test/helpers/seeded.ts";
import { system } from "../../access/viewer.ts";
import { getPlan, type PlanDetail } from "../../plans/reading.ts";
import { renderPlanDocx } from "./plan.ts";
import { paragraphs, readDocx, tableRows, undefinedStyles, unescape } from "./read-docx.ts";

describe.each(databaseKinds)("a plan as a Word document (%s)", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  const plans: Record<string, PlanDetail> = {};
  const docs: Record<string, Awaited<ReturnType<typeof readDocx>>> = {};

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db);
    for (const slug of ["uitvoeringsplan-nk-2025-2026", "activiteitenplan-swvnk-2024", "jaarplan-ppo-nk-2023", "allen-voor-een-2022-2024"]) {
      plans[slug] = await getPlan(database.db, system, slug);
      docs[slug] = await readDocx(await renderPlanDocx(plans[slug]!));
    }
  });
  afterAll(() => database?.dispose());

  it("has the plan's title as the document's title and in the header, and page numbers in the footer", () => {
    const doc = docs["uitvoeringsplan-nk-2025-2026"]!;
    const title = plans["uitvoeringsplan-nk-2025-2026"]!.title;
    expect(paragraphs(doc.document)[0]).toEqual({ style: "Title", text: title });
    expect(unescape(doc.headers)).toContain(title);
    expect(doc.footers).toContain("PAGE");
    expect(doc.footers).toContain("NUMPAGES");
    expect(paragraphs(doc.footers).map((p) => p.text).join("")).toContain("Pagina");
    for (const d of Object.values(docs)) expect(undefinedStyles(d)).toEqual([]);
  });

  it("gives each theme a Kop 1 and the ambitions a table in the plan's five columns, header repeated, rows whole", () => {
    const plan = plans["uitvoeringsplan-nk-2025-2026"]!;
    const doc = docs["uitvoeringsplan-nk-2025-2026"]!;
    const heads = paragraphs(doc.document).filter((p) => p.style === "Heading1").map((p) => unescape(p.text));
    for (const theme of plan.items) expect(heads).toContain(`${theme.code ? `${theme.code} ` : ""}${theme.title}`);
    const rows = tableRows(doc.document);
    const header = rows.find((r) => r.header && r.cells[0] === "Ambities 2025-2028")!;
    expect(header.cells).toEqual(["Ambities 2025-2028", "Activiteiten 2025-2026", "Monitoring", "Wie", "Wanneer"]);
    const ambition = plan.items.flatMap((t) => t.children).find((a) => a.children.length > 0)!;
    const row = rows.find((r) => unescape(r.cells[0] ?? "").startsWith(`${ambition.code} ${ambition.title}`))!;
    expect(row).toBeDefined();
    expect(row.cantSplit).toBe(true);
    expect(row.header).toBe(false);
    expect(row.cells).toHaveLength(5);
    // Its steps stand in the activities column.
    expect(unescape(row.cells[1]!)).toContain(ambition.children[0]!.title);
  });

  it("writes the Activiteitenplan's action lines as blocks with its own labels, under headings per level", () => {
    const plan = plans["activiteitenplan-swvnk-2024"]!;
    const ps = paragraphs(docs["activiteitenplan-swvnk-2024"]!.document);
    const styles = new Set(ps.map((p) => p.style));
    expect(styles).toContain("Heading1");
    expect(styles).toContain("Heading2");
    const labels = new Set(ps.map((p) => p.text));
    for (const label of ["Doelstelling", "Activiteiten", "Beoogde resultaten"]) expect(labels).toContain(label);
    // An action line is a heading deeper than the chapter it is in.
    const find = (list: PlanDetail["items"]): PlanDetail["items"][number] | undefined =>
      list.find((i) => i.level === "actielijn") ?? list.map((i) => find(i.children)).find(Boolean);
    const line = find(plan.items)!;
    const heading = ps.find((p) => unescape(p.text) === `${line.code ? `${line.code} ` : ""}${line.title}`);
    expect(heading?.style).toMatch(/^Heading[2-6]$/);
  });

  it("writes the Jaarplan's Wat/hoe, Wie, Wanneer and Budget columns", () => {
    const rows = tableRows(docs["jaarplan-ppo-nk-2023"]!.document);
    expect(rows.find((r) => r.header && r.cells[0] === "Wat/hoe")?.cells).toEqual(["Wat/hoe", "Wie", "Wanneer", "Budget (Begrotingsonderdeel)"]);
    const action = (function first(list: PlanDetail["items"]): PlanDetail["items"][number] | undefined {
      return list.find((i) => i.level === "actie" && i.when) ?? list.map((i) => first(i.children)).find(Boolean);
    })(plans["jaarplan-ppo-nk-2023"]!.items)!;
    const row = rows.find((r) => unescape(r.cells[0] ?? "").startsWith(action.title))!;
    expect(unescape(row.cells[2]!)).toBe(action.when);
  });

  it("turns Markdown lists into Word lists, with numbered lists numbered by Word", () => {
    const xml = Object.values(docs).map((d) => d.document).join("");
    expect(xml).toMatch(/<w:numPr>/);
    const numbering = docs["uitvoeringsplan-nk-2025-2026"]!;
    expect(numbering.files).toContain("word/numbering.xml");
  });

  it("writes the approval route and the footnotes", () => {
    const plan = plans["activiteitenplan-swvnk-2024"]!;
    const doc = docs["activiteitenplan-swvnk-2024"]!;
    const rows = tableRows(doc.document);
    expect(rows.find((r) => r.header && r.cells[0] === "Orgaan")?.cells).toEqual(["Orgaan", "Datum", "Besluit", "Stelt het plan vast"]);
    expect(rows.some((r) => r.cells[0] === plan.approvals[0]!.body && r.cells[1] === "4 december 2023")).toBe(true);
    const withNotes = Object.entries(plans).find(([, p]) => p.footnotes.length > 0);
    if (withNotes) {
      const ps = paragraphs(docs[withNotes[0]]!.document);
      expect(ps.some((p) => p.style === "Heading1" && p.text === "Voetnoten")).toBe(true);
      expect(ps.some((p) => unescape(p.text).startsWith(withNotes[1].footnotes[0]!.mark))).toBe(true);
    }
  });

  it("leaves internal notes out, also for whoever may read them", async () => {
    const plan = plans["uitvoeringsplan-nk-2025-2026"]!;
    const withNote: PlanDetail = {
      ...plan,
      internalNote: "GEHEIM-PLAN-NOTITIE",
      items: plan.items.map((i, n) => (n === 0 ? { ...i, internalNote: "GEHEIM-ONDERDEEL-NOTITIE" } : i)),
    };
    const doc = await readDocx(await renderPlanDocx(withNote));
    expect(doc.document).not.toContain("GEHEIM");
  });

  it("turns a Markdown table in a text into a Word table", async () => {
    const plan = plans["jaarplan-ppo-nk-2023"]!;
    const doc = await readDocx(
      await renderPlanDocx({ ...plan, sections: [{ title: "Planning", text: "Vooraf:\n\n| Wat | Wanneer |\n| --- | --- |\n| Start | **maart** |\n\n- een\n- twee\n\n1. eerst\n2. dan" }] }),
    );
    const rows = tableRows(doc.document);
    expect(rows.find((r) => r.cells[0] === "Wat")).toMatchObject({ header: true, cells: ["Wat", "Wanneer"] });
    expect(rows.find((r) => r.cells[0] === "Start")?.cells).toEqual(["Start", "maart"]);
    expect(doc.document).toMatch(/<w:b\/>[\s\S]{0,200}maart/);
    const ps = paragraphs(doc.document);
    expect(ps.find((p) => p.text === "twee")).toBeDefined();
    // Both lists are Word lists, bullets and numbers from different definitions.
    const numIds = ["een", "eerst"].map((t) => {
      const p = [...doc.document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([x]) => x).find((x) => x.includes(`>${t}<`))!;
      return /<w:numId w:val="(\d+)"/.exec(p)?.[1];
    });
    expect(numIds[0]).toBeDefined();
    expect(numIds[1]).toBeDefined();
    expect(numIds[0]).not.toBe(numIds[1]);
  });

  describe("the download", () => {
    it("serves the plan as .docx and .xlsx to anyone who may read it", async () => {
      const browser = client(app);
      const docx = await browser.get("/plannen/uitvoeringsplan-nk-2025-2026/document.docx");
      expect(docx.status).toBe(200);
      expect(docx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      expect(docx.headers.get("content-disposition")).toBe('attachment; filename="uitvoeringsplan-nk-2025-2026.docx"');
      const read = await readDocx(new Uint8Array(await docx.arrayBuffer()));
      expect(paragraphs(read.document)[0]?.style).toBe("Title");
      const xlsx = await browser.get("/plannen/uitvoeringsplan-nk-2025-2026/document.xlsx");
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get("content-disposition")).toBe('attachment; filename="uitvoeringsplan-nk-2025-2026.xlsx"');
    });

    it("is not found for a plan that does not exist (the access matrix asks it of an unpublished plan)", async () => {
      expect((await client(app).get("/plannen/bestaat-niet/document.docx")).status).toBe(404);
      expect((await client(app).get("/plannen/bestaat-niet/document.xlsx")).status).toBe(404);
    });

    it("is linked from the plan page", async () => {
      const page = await (await client(app).get("/plannen/uitvoeringsplan-nk-2025-2026")).text();
      expect(page).toContain('href="/plannen/uitvoeringsplan-nk-2025-2026/document.docx"');
      expect(page).toContain('href="/plannen/uitvoeringsplan-nk-2025-2026/document.xlsx"');
    });
  });
});
