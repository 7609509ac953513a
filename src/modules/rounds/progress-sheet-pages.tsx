/**
 * Progress by spreadsheet in the browser, without JavaScript, under a reporting round:
 * /plannen/{slug}/rondes/{id}/voortgang.xlsx downloads the items the person may update
 * (a coordinator may choose one organisation), and /plannen/{slug}/rondes/{id}/voortgang-uploaden
 * reads the filled-in file back: first what would change, or every problem by sheet, row
 * and column; then, confirmed, all rows at once or none. The confirm form carries the file
 * itself (base64 in a hidden field), so nothing is kept on the server between the two steps.
 */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Notice, Select, SubmitOrCancel } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { formatDate } from "../../lib/dates.ts";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import { importProgress, progressFileName, progressSheetData, progressWorkbook, type ProgressImport, type ProgressSheetData } from "./progress-sheet.ts";

/** The largest file: the confirm form sends it again as base64, and the app takes requests up to 1 MB. */
export const MAX_FILE_BYTES = 750 * 1024;
/** A page lists at most this many rows and problems; the counts are always complete. */
const SHOWN = 1_000;

const roundPath = (data: ProgressSheetData) => `/plannen/${data.round.plan.slug}/rondes/${data.round.id}`;
const uploadPath = (data: ProgressSheetData) => `${roundPath(data)}/voortgang-uploaden`;
const downloadPath = (data: ProgressSheetData) => `${roundPath(data)}/voortgang.xlsx`;
const count = (n: number, one: string, more: string) => `${n.toLocaleString("nl-NL")} ${n === 1 ? one : more}`;
const itemName = (i: { code: string | null; title: string }) => [i.code, i.title].filter(Boolean).join(" ");

const tooLarge = (file: string) =>
  `${file} is groter dan ${MAX_FILE_BYTES / 1024} kB. Koers neemt verzoeken tot 1 MB aan en stuurt het bestand bij het bevestigen nog een keer mee. Download het bestand per organisatie en lees de delen een voor een in.`;

function crumbs(data: ProgressSheetData) {
  const { round } = data;
  return [
    { href: "/", label: "Plannen" },
    { href: `/plannen/${round.plan.slug}`, label: round.plan.title },
    { href: `/plannen/${round.plan.slug}/rondes`, label: "Rapportagerondes" },
    { href: roundPath(data), label: `Rapportageronde ${round.period.label}` },
  ];
}

function Download({ data }: { data: ProgressSheetData }) {
  const { round } = data;
  return (
    <section aria-labelledby="downloaden">
      <h2 class="utrecht-heading-2" id="downloaden">
        1. Het bestand downloaden
      </h2>
      <p class="utrecht-paragraph">
        Een Excel-bestand met een rij per onderdeel waarvan u in deze ronde de voortgang bijwerkt, met wat er nu in Koers staat. Vul de
        witte kolommen in: status (kies uit de lijst), resultaten, planning, percentage en zo nodig de reden voor de status. De grijze
        kolommen zijn om te lezen.
      </p>
      {data.rows.length === 0 && !round.may.coordinate ? (
        <p class="utrecht-paragraph">U heeft in deze ronde geen onderdelen om bij te werken.</p>
      ) : (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={downloadPath(data)} download>
            {round.may.coordinate ? "Alle onderdelen" : "Uw onderdelen"} downloaden ({count(data.rows.length, "onderdeel", "onderdelen")}, Excel)
          </a>
        </p>
      )}
      {round.may.coordinate && data.organisations.length > 1 && (
        <form method="get" action={downloadPath(data)} class="koers-form">
          <Select
            name="organisatie"
            label="Of alleen de onderdelen van één organisatie"
            hint="Zo kunt u elke organisatie haar eigen bestand sturen."
            options={data.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
          />
          <div>
            <button type="submit" class="koers-button koers-button--secondary">
              Downloaden
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function UploadForm({ data, error }: { data: ProgressSheetData; error?: string | undefined }) {
  const described = ["veld-bestand-uitleg", error && "veld-bestand-fout"].filter(Boolean).join(" ");
  return (
    <form method="post" action={uploadPath(data)} enctype="multipart/form-data" class="koers-form">
      <CsrfField />
      <div>
        <label for="veld-bestand">Ingevuld bestand (.xlsx)</label>
        <p class="utrecht-paragraph koers-note" id="veld-bestand-uitleg">
          Het bestand dat u hierboven downloadde, ingevuld. Hoogstens {MAX_FILE_BYTES / 1024} kB.
        </p>
        <input
          type="file"
          id="veld-bestand"
          name="bestand"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
      <SubmitOrCancel label="Bekijken" cancel={roundPath(data)} />
    </form>
  );
}

function UploadPage({ data, error, notice }: { data: ProgressSheetData; error?: string | undefined; notice?: string | undefined }) {
  const { round } = data;
  return (
    <Page title={`Voortgang invullen in Excel · ${round.period.label} · ${round.plan.title}`} crumbs={crumbs(data)}>
      <h1 class="utrecht-heading-1">Voortgang invullen in Excel</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {round.plan.title}: voortgang over {round.period.label}, uiterlijk {formatDate(round.deadline)}
      </p>
      {notice && <Notice kind="ok">{notice}</Notice>}
      {error && <Notice kind="error">De voortgang is niet ingelezen. {error}</Notice>}
      <Download data={data} />
      <section aria-labelledby="inlezen">
        <h2 class="utrecht-heading-2" id="inlezen">
          2. Het ingevulde bestand inlezen
        </h2>
        {round.open ? (
          <>
            <p class="utrecht-paragraph">
              U ziet eerst wat er verandert; pas als u dat bevestigt, slaat Koers de voortgang op. Is één rij niet goed, dan wordt niets
              opgeslagen en noemt Koers elke fout met blad, rij en kolom. Heeft iemand anders de voortgang van een onderdeel gewijzigd
              nadat u het bestand downloadde, dan weigert Koers die rij; download het bestand dan opnieuw.
            </p>
            <UploadForm data={data} error={error} />
          </>
        ) : (
          <p class="utrecht-paragraph">Deze ronde is gesloten: de voortgang over {round.period.label} ligt vast en kan niet meer worden ingelezen.</p>
        )}
      </section>
    </Page>
  );
}

const fieldLabels = { status: "status", results: "resultaten", planning: "planning", percentage: "percentage", statusReason: "reden" } as const;

function whatChanges(o: ProgressImport["outcomes"][number]): string {
  if (!o.before) return "eerste melding";
  const changed = (Object.keys(fieldLabels) as (keyof typeof fieldLabels)[]).filter((k) => (o.before![k] ?? null) !== (o.after[k] ?? null));
  return changed.map((k) => fieldLabels[k]).join(", ");
}

function PreviewPage({ data, examined, bytes }: { data: ProgressSheetData; examined: ProgressImport; bytes: Uint8Array }) {
  const { round } = data;
  const { problems, file } = examined;
  const changes = examined.outcomes.filter((o) => o.change !== "unchanged");
  const unchanged = examined.outcomes.length - changes.length;
  return (
    <Page title={`Controleren · Voortgang invullen in Excel · ${round.plan.title}`} crumbs={crumbs(data)}>
      <h1 class="utrecht-heading-1">Voortgang inlezen: controleren</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {file} · {round.plan.title}, voortgang over {round.period.label}
      </p>
      {problems.length > 0 ? (
        <Notice kind="error">
          <h2 class="utrecht-heading-2">{`${file} is niet ingelezen: ${count(problems.length, "probleem", "problemen")}`}</h2>
          <p class="utrecht-paragraph">
            Er is niets opgeslagen. Verbeter het bestand en kies het opnieuw.
            {problems.length > SHOWN ? ` Hieronder staan de eerste ${SHOWN.toLocaleString("nl-NL")}.` : ""}
          </p>
          <ul class="utrecht-unordered-list">
            {problems.slice(0, SHOWN).map((message) => (
              <li class="koers-problem">{message}</li>
            ))}
          </ul>
        </Notice>
      ) : changes.length === 0 ? (
        <Notice kind="info">
          Er verandert niets: het bestand zegt hetzelfde als wat er in Koers staat
          {examined.empty > 0 ? `, en ${count(examined.empty, "rij is", "rijen zijn")} leeg gelaten` : ""}. Er is niets opgeslagen.
        </Notice>
      ) : (
        <section aria-labelledby="wijzigingen-kop">
          <h2 class="utrecht-heading-2" id="wijzigingen-kop">
            {count(changes.length, "onderdeel", "onderdelen")} om op te slaan
          </h2>
          <p class="utrecht-paragraph">
            Zo komt de voortgang in Koers.
            {unchanged > 0 ? ` ${count(unchanged, "onderdeel blijft", "onderdelen blijven")} zoals het is.` : ""}
            {examined.empty > 0 ? ` ${count(examined.empty, "rij is", "rijen zijn")} leeg gelaten; daarvan wordt niets gemeld.` : ""} Klopt het, sla
            het dan op; anders kunt u het bestand verbeteren en opnieuw kiezen.
          </p>
          <DataTable
            id="wijzigingen"
            caption={`Wijzigingen uit ${file}`}
            hideCaption
            rows={changes.slice(0, SHOWN)}
            columns={[
              { label: "Rij", numeric: true, cell: (o) => o.line },
              { label: "Onderdeel", rowHeader: true, cell: (o) => (o.item ? `${o.item.level} ${itemName(o.item)}` : `Onderdeel ${o.itemId}`) },
              {
                label: "Status",
                cell: (o) => (
                  <>
                    {o.before && o.before.status !== o.after.status && (
                      <>
                        <StatusBadge status={o.before.status} /> wordt{" "}
                      </>
                    )}
                    <StatusBadge status={o.after.status} />
                  </>
                ),
              },
              { label: "Percentage", numeric: true, cell: (o) => (o.after.percentage === null ? "–" : `${o.after.percentage}%`) },
              { label: "Wat verandert", cell: whatChanges },
            ]}
          />
          <form method="post" action={uploadPath(data)} enctype="multipart/form-data" class="koers-form">
            <CsrfField />
            <input type="hidden" name="bestandsnaam" value={file} />
            <input type="hidden" name="inhoud" value={Buffer.from(bytes).toString("base64")} />
            <input type="hidden" name="stap" value="opslaan" />
            <SubmitOrCancel label={`${count(changes.length, "onderdeel", "onderdelen")} opslaan`} cancel={uploadPath(data)} />
          </form>
        </section>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={uploadPath(data)}>
          Een ander bestand kiezen
        </a>
      </p>
    </Page>
  );
}

type Body = Record<string, string | File>;
const fileName = (name: string) => (name.split(/[\\/]/).pop() ?? "").trim().slice(0, 200);

/** The file sent: a new upload, or the one the preview carries. A string is a message for the form. */
async function uploadOf(body: Body): Promise<{ name: string; bytes: Uint8Array } | string> {
  const chosen = body.bestand;
  if (chosen instanceof File && (chosen.size > 0 || chosen.name !== "")) {
    const name = fileName(chosen.name) || "voortgang.xlsx";
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

/** A whole number from the path or the query; NaN or undefined when there is none. */
const idParam = (c: Context<AppEnv>) => Number(c.req.param("id"));
const organisationParam = (c: Context<AppEnv>) => {
  const value = c.req.query("organisatie");
  return value && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
};

export function progressSheetPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const dataOf = (c: Context<AppEnv>, organisationId?: number) =>
    progressSheetData(db, c.get("viewer"), c.req.param("slug")!, idParam(c), organisationId === undefined ? {} : { organisationId });

  app.get("/plannen/:slug/rondes/:id/voortgang.xlsx", async (c) => {
    const data = await dataOf(c, organisationParam(c));
    const bytes = await progressWorkbook(data);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      // progressFileName gives only a-z, 0-9, hyphens and the extension.
      "Content-Disposition": `attachment; filename="${progressFileName(data.round.plan.slug, data.round.period.label, data.organisation)}"`,
      "Cache-Control": "private, no-store",
    });
  });

  app.get("/plannen/:slug/rondes/:id/voortgang-uploaden", async (c) => {
    const data = await dataOf(c);
    const saved = c.req.query("opgeslagen");
    const notice =
      saved === "0"
        ? "Er is niets veranderd: het bestand zei hetzelfde als wat er in Koers stond."
        : saved && /^\d{1,6}$/.test(saved)
          ? `De voortgang van ${count(Number(saved), "onderdeel is", "onderdelen is")} opgeslagen.`
          : undefined;
    return c.render(<UploadPage data={data} notice={notice} />);
  });

  app.post("/plannen/:slug/rondes/:id/voortgang-uploaden", async (c) => {
    const data = await dataOf(c);
    const body = (await c.req.parseBody()) as Body;
    const upload = await uploadOf(body);
    if (typeof upload === "string") {
      c.status(400);
      return c.render(<UploadPage data={data} error={upload} />);
    }
    const examined = await importProgress(db, c.get("viewer"), data, upload, body.stap === "opslaan");
    if (examined.saved) {
      const changed = examined.outcomes.filter((o) => o.change !== "unchanged").length;
      return c.redirect(`${uploadPath(data)}?opgeslagen=${changed}`, 303);
    }
    if (examined.problems.length > 0) c.status(400);
    return c.render(<PreviewPage data={data} examined={examined} bytes={upload.bytes} />);
  });

  return app;
}
