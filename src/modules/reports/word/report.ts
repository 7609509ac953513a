/**
 * The progress report as a Word document (the model: ../model.ts). A title page; the
 * introduction; a summary (statuses per theme as a table, what is late, what was finished);
 * then every item in the plan's structure under a heading at its depth (Kop 1 to Kop 4) with
 * its facts, its updates, its indicators (a chart and a table of the values as the pages show
 * them, small counts kept back) and the decisions of the span; then the closing texts and
 * footnotes. The report's title is in every page's header, page numbers in the footer.
 */
import { formatDate } from "../../../lib/dates.ts";
import { formatMark } from "../../../web/parts/chart-summary.ts";
import type { Mark } from "../../figures/schema.ts";
import type { IndicatorView } from "../../figures/service.ts";
import { statusLabels, type Status } from "../../monitoring/status.ts";
import type { Report, ReportItem, ReportUpdate } from "../model.ts";
import { indicatorChart } from "./chart.ts";
import { codeAndTitle, document, factTable, heading, label, loadDocx, pack, para, table, type Block } from "./document.ts";
import { markdownToDocx, textRuns, BULLETS, type WordContext } from "./markdown.ts";

const statusText = (status: Status | null) => (status ? statusLabels[status] : "Geen status");

const named = (code: string | null, title: string) => (code ? `${code} ${title}` : title);

function titlePage(ctx: WordContext, report: Report): Block[] {
  const { docx } = ctx;
  return [
    new docx.Paragraph({ heading: docx.HeadingLevel.TITLE, children: textRuns(ctx, report.title) }),
    ...(report.subtitle ? [new docx.Paragraph({ style: "Subtitle", children: textRuns(ctx, report.subtitle) })] : []),
    para(ctx, report.plan.title, "Plan"),
    para(ctx, report.spanLabel, "Periode"),
    para(ctx, formatDate(report.date), "Datum"),
    ...(report.plan.owners.length > 0 ? [para(ctx, report.plan.owners.join(", "), "Van")] : []),
    ...(report.confidential
      ? [para(ctx, "Dit verslag noemt kleine aantallen over kinderen. Het is alleen voor de partners van het plan; deel het niet verder.", "Vertrouwelijk")]
      : []),
    new docx.Paragraph({ children: [new docx.PageBreak()] }),
  ];
}

function summary(ctx: WordContext, report: Report): Block[] {
  const { themes, late, finished } = report.summary;
  const blocks: Block[] = [heading(ctx, 1, "Samenvatting")];
  if (themes.length > 0) {
    // One column per status that occurs, in the order of the statuses; "geen status" last.
    const occurring = (Object.keys(statusLabels) as Status[]).filter((s) => themes.some((t) => t.counts.some((c) => c.status === s && c.count > 0)));
    const unknown = themes.some((t) => t.counts.some((c) => c.status === null && c.count > 0));
    const count = (t: Report["summary"]["themes"][number], s: Status | null) => String(t.counts.find((c) => c.status === s)?.count ?? 0);
    blocks.push(
      label(ctx, "Voortgang per onderdeel"),
      table(
        ctx,
        [report.plan.levels[0]?.name ?? "Thema", "Status", ...occurring.map((s) => statusLabels[s]), ...(unknown ? ["Geen status"] : []), "Totaal"],
        themes.map((t) => [named(t.code, t.title), statusText(t.status), ...occurring.map((s) => count(t, s)), ...(unknown ? [count(t, null)] : []), String(t.total)]),
      ),
    );
  }
  blocks.push(heading(ctx, 2, "Te laat"));
  if (late.length === 0) blocks.push(para(ctx, "Geen onderdelen te laat."));
  for (const l of late) blocks.push(bullet(ctx, `${named(l.code, l.title)}: ${l.reason}`));
  blocks.push(heading(ctx, 2, "Afgerond"));
  if (finished.length === 0) blocks.push(para(ctx, "In deze periode is geen onderdeel afgerond."));
  for (const f of finished) blocks.push(bullet(ctx, `${named(f.code, f.title)} (${f.period})`));
  return blocks;
}

const bullet = (ctx: WordContext, text: string) => new ctx.docx.Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: textRuns(ctx, text) });

function update(ctx: WordContext, u: ReportUpdate): Block[] {
  const source = u.source.kind === "evaluatie" ? ` (${u.source.title})` : "";
  const status = [
    u.status ? statusLabels[u.status] : null,
    u.percentage !== null ? `${u.percentage}% gereed` : null,
  ].filter(Boolean);
  const by = [u.author, formatDate(u.date)].filter(Boolean).join(", ");
  return [
    label(ctx, `Voortgang ${u.period}${source}${u.heading ? `: ${u.heading}` : ""}`),
    ...(status.length > 0 ? [para(ctx, status.join(", "), "Status")] : []),
    ...(u.statusReason ? [para(ctx, u.statusReason, "Toelichting")] : []),
    ...[...u.results, ...u.planning].flatMap((s) => [
      new ctx.docx.Paragraph({ keepNext: true, children: textRuns(ctx, s.title, { italics: true }) }),
      ...markdownToDocx(ctx, s.text),
    ]),
    new ctx.docx.Paragraph({ children: textRuns(ctx, by, { italics: true }) }),
  ];
}

/** A baseline or target as the pages put it: "1,96% in 2021", or its words when it has no number. */
function markText(mark: Mark, unit: IndicatorView["unit"]): string {
  if (mark.value !== undefined && unit !== "tekst") return formatMark({ label: mark.label, value: mark.value }, unit);
  return [mark.text, mark.label].filter(Boolean).join(", ");
}

async function indicator(ctx: WordContext, i: IndicatorView, depth: number): Promise<Block[]> {
  const { docx } = ctx;
  const blocks: Block[] = [heading(ctx, Math.min(depth + 1, 6), `Indicator: ${i.name}`)];
  if (i.definition) blocks.push(...markdownToDocx(ctx, i.definition));
  if (i.baseline) blocks.push(para(ctx, markText(i.baseline, i.unit), "Nulmeting"));
  for (const target of i.targets) blocks.push(para(ctx, markText(target, i.unit), "Doel"));
  const chart = await indicatorChart(i);
  if (chart) {
    blocks.push(
      new docx.Paragraph({
        keepNext: true,
        children: [
          new docx.ImageRun({
            type: "png",
            data: chart.png,
            transformation: { width: chart.width, height: chart.height },
            altText: { name: `grafiek-${i.slug}`, title: `${i.name}: verloop`, description: `${i.name}: verloop; de cijfers staan in de tabel eronder.` },
          }),
        ],
      }),
    );
  }
  if (i.measurements.length === 0) blocks.push(para(ctx, "Nog geen metingen."));
  else {
    blocks.push(
      table(
        ctx,
        ["Periode", "Gebied", "Waarde"],
        i.measurements.map((m) => [m.label, m.scopeName, i.unit === "tekst" ? (m.narrative ?? m.display) : m.display]),
        [40, 35, 25],
      ),
    );
  }
  return blocks;
}

async function item(ctx: WordContext, report: Report, it: ReportItem): Promise<Block[]> {
  const level = Math.min(it.depth + 1, 4);
  const blocks: Block[] = [heading(ctx, level, codeAndTitle(ctx, it.code, it.title, it.level))];
  const state = [statusText(it.status), it.status && !it.statusStated ? "(volgt uit de onderdelen)" : null, it.late ? "— te laat" : null].filter(Boolean).join(" ");
  const last = report.periods.at(-1);
  blocks.push(para(ctx, state, `Status${last ? ` ${last.label}` : ""}`));
  if (it.fields.length > 0) {
    blocks.push(factTable(ctx, it.fields.map((f) => [f.label, markdownToDocx(ctx, f.text)])));
  }
  for (const u of it.updates) blocks.push(...update(ctx, u));
  for (const i of it.indicators) blocks.push(...(await indicator(ctx, i, level)));
  return blocks;
}

/** The report as a .docx file. */
export async function renderReportDocx(report: Report): Promise<Uint8Array> {
  const ctx = await loadDocx();
  const children: Block[] = [...titlePage(ctx, report)];
  for (const s of report.intro) children.push(heading(ctx, 1, s.title), ...markdownToDocx(ctx, s.text));
  children.push(...summary(ctx, report));
  for (const it of report.items) children.push(...(await item(ctx, report, it)));
  if (report.decisions.length > 0) {
    children.push(
      heading(ctx, 1, "Besluiten"),
      table(
        ctx,
        ["Orgaan", "Datum", "Besluit", "Toelichting"],
        report.decisions.map((d) => [d.body, d.date ? formatDate(d.date) : "—", d.outcome, d.note ?? ""]),
        [20, 18, 22, 40],
      ),
    );
  }
  for (const s of report.closing) children.push(heading(ctx, 1, s.title), ...markdownToDocx(ctx, s.text));
  if (report.footnotes.length > 0) {
    children.push(heading(ctx, 1, "Voetnoten"));
    for (const f of report.footnotes) {
      const mark = new ctx.docx.TextRun({ text: `${f.mark} `, bold: true });
      children.push(...markdownToDocx(ctx, f.text, { firstLine: (runs) => new ctx.docx.Paragraph({ children: [mark, ...runs] }) }));
    }
  }
  const header = report.confidential ? `${report.title} — Vertrouwelijk` : report.title;
  return pack(ctx, document(ctx, { title: header, description: `${report.plan.title}, ${report.spanLabel}` }, children));
}
