/**
 * Reading measurements from a CSV or Excel file in the browser, for a plan's editors, without
 * JavaScript: choose a file (/plannen/{slug}/cijfers/inlezen), see the rows as they would land
 * or every problem with its row and column, link columns Koers does not know to the ones it
 * does, and confirm. The confirm form carries the file itself (base64 in a hidden field), so
 * nothing is kept on the server between the two steps; it is read and checked again, then
 * saved all or nothing.
 */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Notice, Select, SubmitOrCancel } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import type { Db } from "../../db/client.ts";
import { formatDate } from "../../lib/dates.ts";
import { mapHeaders, readSheet, SheetError } from "../../lib/figures/sheet.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { measurementColumns, measurementRows, type MeasurementColumn } from "./sheet-rows.ts";
import { displayValue, planFigures, saveMeasurements, type IndicatorView, type PlanFigures, requireFiguresEditor } from "./service.ts";

/**
 * The largest file: the confirm form sends it again as base64 (4 bytes for every 3) with the
 * other fields, and the app takes requests up to 1 MB (src/web/app.tsx).
 */
export const MAX_FILE_BYTES = 750 * 1024;
/** A page lists at most this many rows and problems; the counts are always complete. */
const SHOWN = 1_000;
const columnNames = Object.keys(measurementColumns) as MeasurementColumn[];
const columnLabel = (column: MeasurementColumn) => measurementColumns[column][0];

/** A header of the file → the column Koers reads it as, chosen on the preview. */
type Mapping = Partial<Record<string, MeasurementColumn>>;
interface Upload {
  name: string;
  bytes: Uint8Array;
}
type LandingRow = Awaited<ReturnType<typeof saveMeasurements>>["rows"][number];

interface Examined {
  file: string;
  bytes: Uint8Array;
  mapping: Mapping;
  /** Headers Koers did not take on its own: unknown ones and those mapped on the preview. */
  mappable: { header: string; used: boolean }[];
  rows: LandingRow[];
  problems: string[];
  saved: boolean;
}

const tooLarge = (file: string) =>
  `${file} is groter dan ${MAX_FILE_BYTES / 1024} kB. Koers neemt verzoeken tot 1 MB aan en stuurt het bestand bij het bevestigen nog een keer mee. Verdeel de rijen over meer bestanden en lees ze een voor een in.`;

const rowNumber = (path: string) => Number(/^rij (\d+)/.exec(path)?.[1] ?? 0);

/** "Rij 3, kolom Waarde: …": a problem as the spreadsheet names the row and column. */
function describeProblem(p: InputProblem, headerOf: (field: string) => string): string {
  const m = /^rij (\d+)(?:, (.+))?$/.exec(p.path);
  if (!m) return p.path ? `${p.path}: ${p.message}` : p.message;
  const [, row, rest] = m;
  if (!rest) return `Rij ${row}: ${p.message}`;
  if (rest.startsWith("kolom ")) return `Rij ${row}, ${rest}: ${p.message}`;
  // saveMeasurements names the field ("value") and starts its message with a form label ("Waarde: …").
  return `Rij ${row}, kolom ${headerOf(rest)}: ${p.message.replace(/^[A-Z][a-z ]{0,30}: /, "")}`;
}

/**
 * Reads the file, checks every row, and saves them when `save` and nothing is wrong. Rows
 * with a wrong cell are left out of the service's check, so the problems it finds (an
 * indicator of another plan, a row twice) are reported together with those of the cells.
 */
async function examine(db: Db, viewer: Viewer, slug: string, upload: Upload, mapping: Mapping, save: boolean): Promise<Examined> {
  const file = upload.name;
  const result: Examined = { file, bytes: upload.bytes, mapping, mappable: [], rows: [], problems: [], saved: false };
  if (upload.bytes.length > MAX_FILE_BYTES) return { ...result, problems: [tooLarge(file)] };
  let sheet;
  try {
    sheet = await readSheet(file, upload.bytes);
  } catch (error) {
    if (!(error instanceof SheetError)) throw error;
    return { ...result, problems: [error.message] };
  }
  const read = measurementRows(file, sheet, mapping);
  result.mappable = sheet.headers
    .filter((h) => read.unknown.includes(h) || mapping[h] !== undefined)
    .map((header) => ({ header, used: !read.unknown.includes(header) }));

  const problems: InputProblem[] = [...read.problems];
  const wrong = new Set(read.problems.map((p) => rowNumber(p.path)));
  const usable = read.rows.filter((r) => !wrong.has(rowNumber(r.row)));
  if (problems.length === 0 || usable.length > 0) {
    const write = save && problems.length === 0;
    try {
      result.rows = (await saveMeasurements(db, viewer, slug, problems.length === 0 ? read.rows : usable, { file, dryRun: !write })).rows;
      result.saved = write;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  const known = Object.fromEntries(
    columnNames.map((column) => [column, [...measurementColumns[column], ...Object.keys(mapping).filter((h) => mapping[h] === column)]]),
  );
  const { columns } = mapHeaders(sheet.headers, known);
  const headerOf = (field: string) => {
    const index = field === "date" ? (columns.date ?? columns.label) : columns[field];
    return (index !== undefined && sheet.headers[index]) || (measurementColumns[field as MeasurementColumn]?.[0] ?? field);
  };
  result.problems = problems
    .map((p, order) => ({ p, order }))
    .sort((a, b) => rowNumber(a.p.path) - rowNumber(b.p.path) || a.order - b.order)
    .map(({ p }) => describeProblem(p, headerOf));
  if (result.problems.length > 0) result.saved = false;
  return result;
}

type Body = Record<string, string | File>;

/** The mapping the preview's selects send: kop-N is a header, kolom-N the column chosen for it. */
function mappingOf(body: Body): Mapping {
  const mapping: Mapping = {};
  for (let i = 0; i < 500 && typeof body[`kop-${i}`] === "string"; i++) {
    const column = body[`kolom-${i}`];
    if (typeof column === "string" && (columnNames as string[]).includes(column)) mapping[body[`kop-${i}`] as string] = column as MeasurementColumn;
  }
  return mapping;
}

const fileName = (name: string) => (name.split(/[\\/]/).pop() ?? "").trim().slice(0, 200);

/** The file sent: a new upload, or the one the preview carries. A string is a message for the form. */
async function uploadOf(body: Body): Promise<Upload | string> {
  const chosen = body.bestand;
  if (chosen instanceof File && (chosen.size > 0 || chosen.name !== "")) {
    const name = fileName(chosen.name) || "bestand.csv";
    if (chosen.size > MAX_FILE_BYTES) return tooLarge(name);
    return { name, bytes: new Uint8Array(await chosen.arrayBuffer()) };
  }
  const content = body.inhoud;
  const name = typeof body.bestandsnaam === "string" ? fileName(body.bestandsnaam) : "";
  if (typeof content !== "string" || !name) return "Kies een bestand.";
  if (content.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) return "Het bestand kwam niet goed mee. Kies het opnieuw.";
  if ((content.length / 4) * 3 > MAX_FILE_BYTES + 2) return tooLarge(name);
  return { name, bytes: new Uint8Array(Buffer.from(content, "base64")) };
}

const crumbs = (plan: PlanFigures["plan"]) => [
  { href: "/", label: "Plannen" },
  { href: `/plannen/${plan.slug}`, label: plan.title },
  { href: `/plannen/${plan.slug}/cijfers`, label: "Cijfers" },
];
const actionOf = (slug: string) => `/plannen/${slug}/cijfers/inlezen`;

function ExpectedColumns() {
  return (
    <section aria-labelledby="kolommen">
      <h2 class="utrecht-heading-2" id="kolommen">
        Wat het bestand bevat
      </h2>
      <p class="utrecht-paragraph">
        Een tabel met één meting per rij. De eerste rij noemt de kolommen; de volgorde van de kolommen maakt niet uit. Een
        puntkomma (;) tussen de cellen en een komma voor de decimalen zijn goed, zoals Excel met Nederlandse instellingen een
        bestand bewaart.
      </p>
      <ul class="utrecht-unordered-list">
        <li>
          <strong>indicator</strong>: de korte naam van de indicator, zie de lijst hieronder (verplicht);
        </li>
        <li>
          <strong>peildatum</strong> of <strong>periode</strong>: de datum van de meting, bijvoorbeeld 01-10-2024 of 1 oktober
          2024 (verplicht);
        </li>
        <li>
          <strong>gebied</strong>: leeg of "totaal" voor het hele gebied, anders bijvoorbeeld gemeente:velsen of
          swv:swv-po-ijmond;
        </li>
        <li>
          <strong>waarde</strong>: het getal, bijvoorbeeld 12, 2,37 of 1,96% (verplicht, behalve bij een indicator die in woorden
          beschreven wordt);
        </li>
        <li>
          <strong>bron</strong> en <strong>toelichting</strong>: niet verplicht;
        </li>
        <li>
          <strong>voorlopig</strong>: ja of nee; leeg is nee.
        </li>
      </ul>
      <p class="utrecht-paragraph">
        Heeft een indicator al een waarde voor dezelfde datum en hetzelfde gebied, dan komt de nieuwe waarde ervoor in de plaats.
        U ziet eerst wat er ingelezen wordt; pas als u dat bevestigt, slaat Koers de metingen op. Is één rij niet goed, dan wordt
        niets opgeslagen.
      </p>
    </section>
  );
}

function UploadPage({ figures, error }: { figures: PlanFigures; error?: string | undefined }) {
  const { plan } = figures;
  const described = ["veld-bestand-uitleg", error && "veld-bestand-fout"].filter(Boolean).join(" ");
  return (
    <Page title={`Metingen inlezen · ${plan.title}`} crumbs={crumbs(plan)}>
      <h1 class="utrecht-heading-1">Metingen inlezen</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{plan.title}</p>
      {error && <Notice kind="error">De metingen zijn niet ingelezen. {error}</Notice>}
      <ExpectedColumns />
      <section aria-labelledby="kiezen">
        <h2 class="utrecht-heading-2" id="kiezen">
          Bestand kiezen
        </h2>
        <form method="post" action={actionOf(plan.slug)} enctype="multipart/form-data" class="koers-form">
          <CsrfField />
          <div>
            <label for="veld-bestand">Bestand (.csv of .xlsx)</label>
            <p class="utrecht-paragraph koers-note" id="veld-bestand-uitleg">
              Hoogstens {MAX_FILE_BYTES / 1024} kB. Koers neemt verzoeken tot 1 MB aan, en bij het bevestigen gaat het bestand nog
              een keer mee. Een groter bestand kunt u in delen inlezen.
            </p>
            <input
              type="file"
              id="veld-bestand"
              name="bestand"
              accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              required
              aria-describedby={described}
              {...(error && { "aria-invalid": "true" as const })}
            />
            {error && (
              <p class="koers-field-error" id="veld-bestand-fout">
                {error}
              </p>
            )}
          </div>
          <SubmitOrCancel label="Bekijken" cancel={`/plannen/${plan.slug}/cijfers`} />
        </form>
      </section>
      <section aria-labelledby="indicatoren-kop">
        <h2 class="utrecht-heading-2" id="indicatoren-kop">
          Indicatoren van dit plan
        </h2>
        {figures.indicators.length === 0 ? (
          <p class="utrecht-paragraph">Bij dit plan zijn nog geen indicatoren vastgelegd; er is dus nog niets om in te lezen.</p>
        ) : (
          <DataTable
            id="indicatoren"
            caption="Indicatoren van dit plan, met de korte naam voor de kolom indicator"
            hideCaption
            rows={figures.indicators}
            columns={[
              { label: "Korte naam", rowHeader: true, cell: (i) => <code>{i.slug}</code> },
              { label: "Indicator", cell: (i) => i.name },
            ]}
          />
        )}
      </section>
    </Page>
  );
}

/** The file and the mapping as hidden fields: what the next step reads again. */
function Carried({ examined, mapping = true }: { examined: Examined; mapping?: boolean }) {
  const mapped = Object.entries(examined.mapping);
  return (
    <>
      <CsrfField />
      <input type="hidden" name="bestandsnaam" value={examined.file} />
      <input type="hidden" name="inhoud" value={Buffer.from(examined.bytes).toString("base64")} />
      {mapping &&
        mapped.map(([header, column], i) => (
          <>
            <input type="hidden" name={`kop-${i}`} value={header} />
            <input type="hidden" name={`kolom-${i}`} value={column} />
          </>
        ))}
    </>
  );
}

function PreviewPage({ figures, examined }: { figures: PlanFigures; examined: Examined }) {
  const { plan } = figures;
  const { rows, problems, file } = examined;
  const byslug = new Map<string, IndicatorView>(figures.indicators.map((i) => [i.slug, i]));
  const options = [{ value: "", label: "niet gebruiken" }, ...columnNames.map((c) => ({ value: c, label: columnLabel(c) }))];
  const count = (n: number, one: string, more: string) => `${n.toLocaleString("nl-NL")} ${n === 1 ? one : more}`;
  return (
    <Page title={`Controleren · Metingen inlezen · ${plan.title}`} crumbs={crumbs(plan)}>
      <h1 class="utrecht-heading-1">Metingen inlezen: controleren</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {file} · {plan.title}
      </p>
      {problems.length > 0 && (
        <Notice kind="error">
          <h2 class="utrecht-heading-2">{`${file} is niet ingelezen: ${count(problems.length, "probleem", "problemen")}`}</h2>
          <p class="utrecht-paragraph">
            Er is niets opgeslagen. Verbeter het bestand en kies het opnieuw
            {examined.mappable.length > 0 ? ", of koppel hieronder de kolommen die Koers niet kent" : ""}.
            {problems.length > SHOWN ? ` Hieronder staan de eerste ${SHOWN.toLocaleString("nl-NL")}.` : ""}
          </p>
          <ul class="utrecht-unordered-list">
            {problems.slice(0, SHOWN).map((message) => (
              <li class="koers-problem">{message}</li>
            ))}
          </ul>
        </Notice>
      )}
      {examined.mappable.length > 0 && (
        <section aria-labelledby="koppelen">
          <h2 class="utrecht-heading-2" id="koppelen">
            Kolommen die Koers niet kent
          </h2>
          <p class="utrecht-paragraph">
            Koers gebruikt deze kolommen alleen als u kiest wat erin staat. Kies per kolom, of laat "niet gebruiken" staan, en
            bekijk het bestand opnieuw.
          </p>
          <form method="post" action={actionOf(plan.slug)} enctype="multipart/form-data" class="koers-form">
            <Carried examined={examined} mapping={false} />
            {examined.mappable.map(({ header, used }, i) => (
              <>
                <input type="hidden" name={`kop-${i}`} value={header} />
                <Select
                  name={`kolom-${i}`}
                  label={`Kolom '${header}'`}
                  options={options}
                  value={examined.mapping[header] ?? ""}
                  hint={used ? undefined : examined.mapping[header] ? `Er is al een kolom ${columnLabel(examined.mapping[header])}: deze kolom wordt niet gebruikt.` : undefined}
                />
              </>
            ))}
            <button type="submit" class="koers-button koers-button--secondary">
              Opnieuw bekijken
            </button>
          </form>
        </section>
      )}
      {problems.length === 0 && (
        <section aria-labelledby="metingen-kop">
          <h2 class="utrecht-heading-2" id="metingen-kop">
            {count(rows.length, "meting", "metingen")} om op te slaan
          </h2>
          <p class="utrecht-paragraph">
            Zo komen de metingen in Koers. Klopt het, sla ze dan op; anders kunt u het bestand verbeteren en opnieuw kiezen.
            {rows.length > SHOWN ? ` Hieronder staan de eerste ${SHOWN.toLocaleString("nl-NL")} rijen.` : ""}
          </p>
          <DataTable
            id="metingen"
            caption={`Metingen uit ${file}`}
            rows={rows.slice(0, SHOWN)}
            columns={[
              { label: "Rij", rowHeader: true, numeric: true, cell: (r) => r.row.replace(/^rij /, "") },
              { label: "Indicator", cell: (r) => byslug.get(r.indicator)?.name ?? r.indicator },
              { label: "Peildatum", cell: (r) => formatDate(r.measurement.date) },
              { label: "Gebied", cell: (r) => (r.measurement.scope === "totaal" ? "Totaal" : r.measurement.scope) },
              {
                label: "Waarde",
                numeric: true,
                cell: (r) => {
                  const unit = byslug.get(r.indicator)?.unit ?? "aantal";
                  const value = r.measurement.value === null && unit === "tekst" ? "in woorden" : displayValue(r.measurement.value, unit);
                  return r.measurement.provisional ? `${value} (voorlopig)` : value;
                },
              },
              { label: "Bron", cell: (r) => r.measurement.source ?? "–" },
            ]}
          />
          <form method="post" action={actionOf(plan.slug)} enctype="multipart/form-data" class="koers-form">
            <Carried examined={examined} />
            <input type="hidden" name="stap" value="opslaan" />
            <SubmitOrCancel label={`${count(rows.length, "meting", "metingen")} opslaan`} cancel={`/plannen/${plan.slug}/cijfers`} />
          </form>
        </section>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={actionOf(plan.slug)}>
          Een ander bestand kiezen
        </a>
      </p>
    </Page>
  );
}

export function figuresImportPages(deps: AppDeps) {
  const { db } = deps;
  const app = new Hono<AppEnv>();
  const gate = (c: Context<AppEnv>) => requireFiguresEditor(db, c.get("viewer"), c.req.param("slug")!);

  app.get("/:slug/cijfers/inlezen", async (c) => {
    const { slug } = await gate(c);
    return c.render(<UploadPage figures={await planFigures(db, c.get("viewer"), slug)} />);
  });

  app.post("/:slug/cijfers/inlezen", async (c) => {
    const viewer = c.get("viewer");
    const { slug } = await gate(c);
    const body = (await c.req.parseBody()) as Body;
    const upload = await uploadOf(body);
    if (typeof upload === "string") {
      c.status(400);
      return c.render(<UploadPage figures={await planFigures(db, viewer, slug)} error={upload} />);
    }
    const examined = await examine(db, viewer, slug, upload, mappingOf(body), body.stap === "opslaan");
    if (examined.saved) return c.redirect(`/plannen/${slug}/cijfers?ingelezen=${examined.rows.length}`, 303);
    if (examined.problems.length > 0) c.status(400);
    return c.render(<PreviewPage figures={await planFigures(db, viewer, slug)} examined={examined} />);
  });

  return app;
}
