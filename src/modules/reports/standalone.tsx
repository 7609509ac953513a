/**
 * The report as one HTML file that stands on its own (`koers report --format html`): the same
 * body as the report page, with the styles it needs inside, and no navigation.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadCharts } from "../../web/parts/chart.tsx";
import type { Report } from "./model.ts";
import { ReportBody } from "./report-page.tsx";

const BASE = `
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; line-height: 1.45; color: #1a1a1a; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; color: #154273; }
table { border-collapse: collapse; width: 100%; margin-block: 0.5rem 1rem; }
th, td { border: 1px solid #b4b4b4; padding: 0.3rem 0.5rem; text-align: start; vertical-align: top; }
caption { text-align: start; font-weight: 700; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.koers-meta { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: 0.25rem 1rem; }
.koers-meta dd { margin: 0; }
.koers-note { color: #555; font-size: 0.9em; }
svg { max-width: 100%; height: auto; }
`;

let styles: string | undefined;
const stylesheet = () => (styles ??= BASE + readFileSync(resolve(import.meta.dirname, "../../web/static/koers.css"), "utf8"));

export async function reportHtml(report: Report): Promise<string> {
  await loadCharts();
  const page = (
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{report.title}</title>
        <style>{stylesheet()}</style>
      </head>
      <body>
        <main>
          <ReportBody report={report} />
        </main>
      </body>
    </html>
  );
  return `<!doctype html>\n${await page.toString()}`;
}
