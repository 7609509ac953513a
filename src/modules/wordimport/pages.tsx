/**
 * Reading a plan from Word in the browser, without JavaScript: choose a .docx and the
 * organisations, period and name (/plannen/inlezen-word); see the document as Koers read it
 * next to the plan it proposes, correct the mapping (which column or label is which field,
 * the names of the levels, which heading levels hold items) and look again; then import it
 * all or nothing as an unpublished concept. The forms carry the file itself (base64 in a
 * hidden field), so nothing is kept on the server between the steps.
 *
 * The API, POST /api/v1/plans/import/docx, runs the same command: a dry run unless
 * ?dryRun=false.
 */
import { Hono, type Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Field, Notice, Select, SubmitOrCancel } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { ConflictError } from "../../lib/errors.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { planKinds } from "../plans/format.ts";
import { columnRoleLabels, columnRoles, type ColumnRole, type ProposedItem } from "./propose.ts";
import type { Block, Table } from "./reader.ts";
import { importableOwners, importWordPlan, requireWordImporter, type WordImportInput, type WordImportResult } from "./service.ts";
import { DocxFileError } from "./zip.ts";

/** The largest file in the browser: the forms send it again as base64, and Koers takes requests up to 1 MB. */
export const MAX_PAGE_FILE_BYTES = 700 * 1024;
const ACTION = "/plannen/inlezen-word";
const crumbs = [{ href: "/", label: "Plannen" }];

type Body = Record<string, string | File | (string | File)[]>;
const one = (v: Body[string] | undefined): string | undefined => (Array.isArray(v) ? (typeof v[0] === "string" ? v[0] : undefined) : typeof v === "string" ? v : undefined);
const many = (v: Body[string] | undefined): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
const fileName = (name: string) => (name.split(/[\\/]/).pop() ?? "").trim().slice(0, 200);

interface Upload {
  name: string;
  bytes: Uint8Array;
}

async function uploadOf(body: Body): Promise<Upload | string> {
  const chosen = Array.isArray(body.bestand) ? body.bestand[0] : body.bestand;
  if (chosen instanceof File && (chosen.size > 0 || chosen.name !== "")) {
    const name = fileName(chosen.name) || "document.docx";
    if (chosen.size > MAX_PAGE_FILE_BYTES) return `${name} is groter dan ${MAX_PAGE_FILE_BYTES / 1024} kB. Haal afbeeldingen uit het document (Koers leest ze toch niet in) en probeer het opnieuw.`;
    if (chosen.size === 0) return `${name} is leeg.`;
    return { name, bytes: new Uint8Array(await chosen.arrayBuffer()) };
  }
  const content = one(body.inhoud);
  if (content) {
    const bytes = new Uint8Array(Buffer.from(content, "base64"));
    if (bytes.length > MAX_PAGE_FILE_BYTES) return "Het document is te groot.";
    return { name: fileName(one(body.bestandsnaam) ?? "") || "document.docx", bytes };
  }
  return "Kies een Word-bestand (.docx).";
}

/** The form's fields → the command's input (empty text is "no value"). */
function inputOf(body: Body): WordImportInput {
  const text = (name: string) => one(body[name])?.trim() || undefined;
  const columns: Record<string, ColumnRole> = {};
  for (let i = 0; i < 200 && one(body[`kolom-${i}`]) !== undefined; i++) {
    const role = one(body[`rol-${i}`]);
    if (role && (columnRoles as readonly string[]).includes(role)) columns[one(body[`kolom-${i}`])!] = role as ColumnRole;
  }
  const levels: Record<string, string> = {};
  for (let i = 0; i < 50 && one(body[`niveau-${i}`]) !== undefined; i++) {
    const name = text(`niveaunaam-${i}`);
    if (name) levels[one(body[`niveau-${i}`])!] = name;
  }
  const headings: Record<string, "items" | "texts"> = {};
  for (let i = 0; i < 9 && one(body[`kop-${i}`]) !== undefined; i++) {
    const role = one(body[`kopsoort-${i}`]);
    if (role === "items" || role === "texts") headings[one(body[`kop-${i}`])!] = role;
  }
  const label = text("periode-naam");
  const start = text("periode-begin");
  const end = text("periode-einde");
  const kind = text("soort");
  return {
    owners: many(body.eigenaar),
    ...(text("titel") ? { title: text("titel") } : {}),
    ...(text("korte-naam") ? { slug: text("korte-naam") } : {}),
    ...(kind ? { kind: kind as WordImportInput["kind"] } : {}),
    ...(label || start || end ? { period: { label: label ?? "", start: start ?? "", end: end ?? "" } } : {}),
    mapping: { columns, levels, headings },
  };
}

// ------------------------------------------------------------------ views

function DetailsFields({ owners, input, errors = {} }: { owners: { slug: string; name: string }[]; input: WordImportInput; errors?: Record<string, string> }) {
  return (
    <>
      <fieldset class="koers-fieldset">
        <legend>Eigenaar (een of meer organisaties)</legend>
        {errors.owners && <p class="koers-field-error">{errors.owners}</p>}
        {owners.map((o) => (
          <Checkbox name="eigenaar" id={`veld-eigenaar-${o.slug}`} value={o.slug} label={o.name} checked={(input.owners ?? []).includes(o.slug)} />
        ))}
      </fieldset>
      <Field name="titel" label="Titel" required={false} value={input.title ?? ""} hint="Leeg laten: de titel uit het document." error={errors.title} />
      <Field name="korte-naam" label="Korte naam (in de adresbalk)" required={false} value={input.slug ?? ""} hint="Leeg laten: gemaakt uit de titel. Alleen kleine letters, cijfers en streepjes." error={errors.slug} />
      <Select name="soort" label="Soort plan" value={input.kind ?? ""} options={[{ value: "", label: "laat Koers kiezen (uit de titel)" }, ...planKinds.map((k) => ({ value: k, label: k }))]} />
      <Field name="periode-naam" label="Periode" required={false} value={input.period?.label ?? ""} hint="Bijvoorbeeld 'schooljaar 2025-2026'. Leeg laten: uit de titel (2025-2026 is een schooljaar), anders het huidige schooljaar." error={errors.period} />
      <Field name="periode-begin" label="Begin van de periode" type="date" required={false} value={input.period?.start ?? ""} />
      <Field name="periode-einde" label="Einde van de periode" type="date" required={false} value={input.period?.end ?? ""} />
    </>
  );
}

function UploadPage({ owners, error }: { owners: { slug: string; name: string }[]; error?: string | undefined }) {
  return (
    <Page title="Plan inlezen uit Word" crumbs={crumbs}>
      <h1 class="utrecht-heading-1">Plan inlezen uit Word</h1>
      {error && <Notice kind="error">Het document is niet ingelezen. {error}</Notice>}
      <p class="utrecht-paragraph">
        Kies een Word-document (.docx) met een plan. Koers stelt een indeling voor: de niveaus, de onderdelen met hun nummers, en welke
        kolom wie, wanneer, budget of een tekst is. U ziet het document naast het voorstel, kunt de indeling verbeteren, en leest pas
        daarna in: alles of niets. Het plan komt binnen als concept en is niet gepubliceerd.
      </p>
      <form method="post" action={ACTION} enctype="multipart/form-data" class="koers-form">
        <CsrfField />
        <div>
          <label for="veld-bestand">Word-bestand (.docx)</label>
          <p class="utrecht-paragraph koers-note" id="veld-bestand-uitleg">
            Hoogstens {MAX_PAGE_FILE_BYTES / 1024} kB. Afbeeldingen leest Koers niet in; zonder afbeeldingen is een plan meestal veel kleiner.
          </p>
          <input type="file" id="veld-bestand" name="bestand" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" required aria-describedby="veld-bestand-uitleg" />
        </div>
        <DetailsFields owners={owners} input={{ owners: [] }} />
        <input type="hidden" name="stap" value="bekijken" />
        <SubmitOrCancel label="Bekijken" cancel="/" />
      </form>
    </Page>
  );
}

function DocumentBlocks({ blocks, prefix }: { blocks: Block[]; prefix: string }): Child {
  let tables = 0;
  return (
    <>
      {blocks.map((b) => {
        if (b.kind === "table") {
          tables += 1;
          return <DocumentTable table={b} id={`${prefix}-tabel-${tables}`} />;
        }
        const text = `${b.list?.label ? `${b.list.label} ` : b.list ? "• " : ""}${b.text}`;
        if (!b.text.trim()) return null;
        if (b.title) return <p class="utrecht-paragraph koers-document-title"><strong>{text}</strong></p>;
        if (b.heading !== undefined) {
          const level = Math.min(6, b.heading + 2);
          const Tag = `h${level}` as "h3";
          return <Tag class={`utrecht-heading-${level}`}>{text}</Tag>;
        }
        return <p class="utrecht-paragraph" style={b.list ? `margin-inline-start: ${b.list.level + 1}rem` : undefined}>{b.italic ? <em>{text}</em> : b.bold ? <strong>{text}</strong> : text}</p>;
      })}
    </>
  );
}

function DocumentTable({ table, id }: { table: Table; id: string }) {
  const header = table.rows[0]!;
  const rows = table.rows.slice(1).map((r, i) => ({ r, i: i + 1 }));
  return (
    <DataTable
      id={id}
      caption={`Tabel: ${[...new Set(header.cells)].map((c) => c?.text ?? "").join(" · ").slice(0, 120)}`}
      rows={rows}
      columns={Array.from({ length: table.columns }, (_, c) => ({
        label: header.cells[c] && header.cells[c]!.col === c ? header.cells[c]!.text : "",
        cell: ({ r, i }: { r: Table["rows"][number]; i: number }) => {
          const cell = r.cells[c];
          if (!cell) return "";
          if (cell.row !== i) return <span class="koers-note">(samengevoegd met de cel erboven)</span>;
          if (cell.col !== c) return <span class="koers-note">(samengevoegd met de cel links)</span>;
          return cell.text.split("\n").map((line) => <p class="utrecht-paragraph">{line}</p>);
        },
      }))}
    />
  );
}

function ProposedItems({ items }: { items: ProposedItem[] }): Child {
  if (items.length === 0) return null;
  return (
    <ul class="utrecht-unordered-list">
      {items.map((i) => (
        <li>
          <strong>{[i.code, i.title].filter(Boolean).join(" ")}</strong>
          {(i.parties.length > 0 || i.when || i.budget || i.sections.length > 0) && (
            <dl class="koers-meta">
              {i.sections.length > 0 && (
                <>
                  <dt>Teksten</dt>
                  <dd>{i.sections.map((s) => s.title).join(", ")}</dd>
                </>
              )}
              {i.parties.length > 0 && (
                <>
                  <dt>Wie</dt>
                  <dd>{i.parties.map((p) => [p.role, p.task].filter(Boolean).join(": ")).join("; ")}</dd>
                </>
              )}
              {i.when && (
                <>
                  <dt>Wanneer</dt>
                  <dd>{i.when}</dd>
                </>
              )}
              {i.budget && (
                <>
                  <dt>Budget</dt>
                  <dd>{i.budget}</dd>
                </>
              )}
            </dl>
          )}
          <ProposedItems items={i.children} />
        </li>
      ))}
    </ul>
  );
}

/** Hidden fields: the file, and (for the import form) every choice. */
function Carried({ upload, input, choices }: { upload: Upload; input: WordImportInput; choices: boolean }) {
  const columns = Object.entries(input.mapping?.columns ?? {});
  const levels = Object.entries(input.mapping?.levels ?? {});
  const headings = Object.entries(input.mapping?.headings ?? {});
  return (
    <>
      <CsrfField />
      <input type="hidden" name="bestandsnaam" value={upload.name} />
      <input type="hidden" name="inhoud" value={Buffer.from(upload.bytes).toString("base64")} />
      {choices && (
        <>
          {(input.owners ?? []).map((o) => <input type="hidden" name="eigenaar" value={o} />)}
          {input.title && <input type="hidden" name="titel" value={input.title} />}
          {input.slug && <input type="hidden" name="korte-naam" value={input.slug} />}
          {input.kind && <input type="hidden" name="soort" value={input.kind} />}
          {input.period && (
            <>
              <input type="hidden" name="periode-naam" value={input.period.label} />
              <input type="hidden" name="periode-begin" value={input.period.start} />
              <input type="hidden" name="periode-einde" value={input.period.end} />
            </>
          )}
          {columns.map(([k, v], i) => (
            <>
              <input type="hidden" name={`kolom-${i}`} value={k} />
              <input type="hidden" name={`rol-${i}`} value={v} />
            </>
          ))}
          {levels.map(([k, v], i) => (
            <>
              <input type="hidden" name={`niveau-${i}`} value={k} />
              <input type="hidden" name={`niveaunaam-${i}`} value={v} />
            </>
          ))}
          {headings.map(([k, v], i) => (
            <>
              <input type="hidden" name={`kop-${i}`} value={k} />
              <input type="hidden" name={`kopsoort-${i}`} value={v} />
            </>
          ))}
        </>
      )}
    </>
  );
}

function PreviewPage(props: { owners: { slug: string; name: string }[]; upload: Upload; input: WordImportInput; result: WordImportResult | undefined; problems: string[] }) {
  const { upload, input, result, problems } = props;
  const proposal = result?.proposal;
  const plan = proposal?.plan;
  const count = (n: number, one: string, more: string) => `${n.toLocaleString("nl-NL")} ${n === 1 ? one : more}`;
  return (
    <Page title={`Controleren · Plan inlezen uit Word`} crumbs={[...crumbs, { href: ACTION, label: "Plan inlezen uit Word" }]}>
      <h1 class="utrecht-heading-1">Plan inlezen uit Word: controleren</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{upload.name}</p>
      {problems.length > 0 && (
        <Notice kind="error">
          <h2 class="utrecht-heading-2">{`Nog niet ingelezen: ${count(problems.length, "probleem", "problemen")}`}</h2>
          <p class="utrecht-paragraph">Er is niets opgeslagen. Verbeter hieronder de gegevens of de indeling en bekijk opnieuw, of verbeter het document.</p>
          <ul class="utrecht-unordered-list">
            {problems.map((m) => (
              <li class="koers-problem">{m}</li>
            ))}
          </ul>
        </Notice>
      )}
      {proposal && (
        <section aria-labelledby="onleesbaar">
          <h2 class="utrecht-heading-2" id="onleesbaar">
            Niet ingelezen delen
          </h2>
          {proposal.unreadable.length === 0 ? (
            <p class="utrecht-paragraph">Koers heeft het hele document kunnen lezen.</p>
          ) : (
            <>
              <p class="utrecht-paragraph">Deze delen van het document neemt Koers niet over. Zet wat nodig is na het inlezen zelf in het plan.</p>
              <ul class="utrecht-unordered-list">
                {proposal.unreadable.map((u) => (
                  <li>
                    {u.what} <span class="koers-note">({u.place})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {proposal && plan && (
        <div class="koers-cards">
          <section class="koers-card" aria-labelledby="document-kop">
            <h2 class="utrecht-heading-2" id="document-kop">
              Het document
            </h2>
            <DocumentBlocks blocks={result!.document.blocks} prefix="document" />
          </section>
          <section class="koers-card" aria-labelledby="voorstel-kop">
            <h2 class="utrecht-heading-2" id="voorstel-kop">
              Voorstel: {plan.title}
            </h2>
            <p class="utrecht-paragraph">
              {count(proposal.counts.items, "onderdeel", "onderdelen")}, {count(proposal.counts.parties, "partij", "partijen")}, {count(proposal.counts.when, "wanneer", "keer wanneer")}, {count(proposal.counts.budget, "budgetregel", "budgetregels")}. Niveaus:{" "}
              {proposal.levels.map((l) => l.name).join(" › ")}.
            </p>
            {plan.sections.length > 0 && <p class="utrecht-paragraph">Inleidende teksten: {plan.sections.map((s) => s.title).join(", ")}.</p>}
            <ProposedItems items={plan.items} />
            {plan.closingSections.length > 0 && <p class="utrecht-paragraph">Slotteksten: {plan.closingSections.map((s) => s.title).join(", ")}.</p>}
            {plan.footnotes.length > 0 && <p class="utrecht-paragraph">Voetnoten: {plan.footnotes.map((f) => `${f.mark} ${f.text}`).join(" · ")}</p>}
          </section>
        </div>
      )}
      {proposal && (
        <section aria-labelledby="indeling">
          <h2 class="utrecht-heading-2" id="indeling">
            Indeling verbeteren
          </h2>
          <form method="post" action={ACTION} enctype="multipart/form-data" class="koers-form">
            <Carried upload={upload} input={input} choices={false} />
            <input type="hidden" name="stap" value="bekijken" />
            <h3 class="utrecht-heading-3">Kolommen en labels</h3>
            {proposal.columns.map((c, i) => (
              <>
                <input type="hidden" name={`kolom-${i}`} value={c.heading} />
                <Select name={`rol-${i}`} id={`veld-rol-${i}`} label={`'${c.heading}' is`} hint={`Voorstel: ${c.reason}.`} value={c.role} options={columnRoles.map((r) => ({ value: r, label: columnRoleLabels[r] }))} />
              </>
            ))}
            <h3 class="utrecht-heading-3">Niveaus</h3>
            {proposal.levels.map((l, i) => (
              <>
                <input type="hidden" name={`niveau-${i}`} value={l.key} />
                <Field name={`niveaunaam-${i}`} id={`veld-niveaunaam-${i}`} label={`Naam van niveau ${i + 1}`} value={l.name} required={false} hint={`Voorstel uit: ${l.source}.`} />
              </>
            ))}
            <h3 class="utrecht-heading-3">Koppen</h3>
            {proposal.headings.map((h, i) => (
              <>
                <input type="hidden" name={`kop-${i}`} value={String(h.level)} />
                <Select name={`kopsoort-${i}`} id={`veld-kopsoort-${i}`} label={`Koppen van niveau ${h.level} (zoals '${h.example}')`} value={h.role} options={[{ value: "auto", label: "onderdelen als er een tabel of velden onder staan, anders teksten" }, { value: "items", label: "zijn altijd onderdelen van het plan" }, { value: "texts", label: "zijn altijd teksten van het plan" }]} />
              </>
            ))}
            <h3 class="utrecht-heading-3">Gegevens van het plan</h3>
            <DetailsFields owners={props.owners} input={input} />
            <button type="submit" class="koers-button koers-button--secondary">
              Opnieuw bekijken
            </button>
          </form>
        </section>
      )}
      {result?.plan && problems.length === 0 && (
        <section aria-labelledby="inlezen-kop">
          <h2 class="utrecht-heading-2" id="inlezen-kop">
            Inlezen
          </h2>
          <p class="utrecht-paragraph">
            Klopt het voorstel, lees het plan dan in als concept: '{result.plan.title}' ({result.plan.slug}). Het is daarna niet gepubliceerd;
            u kunt het verder bewerken.
          </p>
          <form method="post" action={ACTION} enctype="multipart/form-data" class="koers-form">
            <Carried upload={upload} input={input} choices={true} />
            <input type="hidden" name="stap" value="inlezen" />
            <SubmitOrCancel label={`Plan inlezen (${count(proposal!.counts.items, "onderdeel", "onderdelen")})`} cancel="/" />
          </form>
        </section>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={ACTION}>
          Een ander document kiezen
        </a>
      </p>
    </Page>
  );
}

const describe = (p: InputProblem) => (p.path && p.path !== "(bestand)" ? `${p.path}: ${p.message}` : p.message);

async function runCommand(deps: AppDeps, viewer: Viewer, upload: Upload, input: WordImportInput, dryRun: boolean): Promise<{ result?: WordImportResult; problems: string[]; status: 200 | 400 | 409 }> {
  try {
    const result = await importWordPlan({ db: deps.db }, viewer, upload.bytes, input, { dryRun, fileName: upload.name });
    return { result, problems: result.problems.map(describe), status: result.problems.length ? 400 : 200 };
  } catch (error) {
    if (error instanceof DocxFileError) return { problems: [error.message], status: 400 };
    if (error instanceof InputError) return { problems: error.problems.map(describe), status: 400 };
    if (error instanceof ConflictError) return { problems: [error.message.replace("Gebruik --replace om het te vervangen.", "Kies een andere korte naam.")], status: 409 };
    throw error;
  }
}

export function wordImportPages(deps: AppDeps) {
  const { db } = deps;
  const app = new Hono<AppEnv>();
  const owners = async (c: Context<AppEnv>) => {
    await requireWordImporter(db, c.get("viewer"));
    return importableOwners(db, c.get("viewer"));
  };

  app.get("/inlezen-word", async (c) => c.render(<UploadPage owners={await owners(c)} />));

  app.post("/inlezen-word", async (c) => {
    const viewer = c.get("viewer");
    const list = await owners(c);
    const body = (await c.req.parseBody({ all: true })) as Body;
    const upload = await uploadOf(body);
    if (typeof upload === "string") {
      c.status(400);
      return c.render(<UploadPage owners={list} error={upload} />);
    }
    const input = inputOf(body);
    const save = one(body.stap) === "inlezen";
    const run = await runCommand(deps, viewer, upload, input, !save);
    if (!run.result && run.status === 400 && !one(body.inhoud)) {
      c.status(400);
      return c.render(<UploadPage owners={list} error={run.problems.join(" ")} />);
    }
    if (save && run.result?.imported) return c.redirect(`/plannen/${run.result.plan!.slug}?ingelezen=word`, 303);
    c.status(run.status);
    return c.render(<PreviewPage owners={list} upload={upload} input={input} result={run.result} problems={run.problems} />);
  });
  return app;
}

/** POST /api/v1/plans/import/docx: multipart with `file` and, optionally, `details` (JSON: owners, slug, title, kind, period, mapping). */
export function wordImportApi(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.post("/import/docx", async (c) => {
    const viewer = c.get("viewer");
    await requireWordImporter(deps.db, viewer);
    const body = (await c.req.parseBody()) as Record<string, string | File>;
    const file = body.file;
    if (!(file instanceof File)) throw new InputError([{ file: "verzoek", path: "file", message: "stuur het Word-bestand mee als 'file' (multipart/form-data)" }]);
    let details: WordImportInput = { owners: [] };
    if (typeof body.details === "string" && body.details.trim()) {
      try {
        details = JSON.parse(body.details) as WordImportInput;
      } catch {
        throw new InputError([{ file: "verzoek", path: "details", message: "details is geen geldige JSON" }]);
      }
    }
    const dryRun = c.req.query("dryRun") !== "false";
    let result: WordImportResult;
    try {
      result = await importWordPlan({ db: deps.db }, viewer, new Uint8Array(await file.arrayBuffer()), details, { dryRun, fileName: fileName(file.name) || "document.docx", requireOwners: !dryRun });
    } catch (error) {
      if (error instanceof DocxFileError) throw new InputError([{ file: fileName(file.name) || "document.docx", path: "file", message: error.message }]);
      throw error;
    }
    if (result.problems.length > 0) throw new InputError(result.problems);
    const { proposal } = result;
    return c.json(
      { dryRun, imported: result.imported, plan: result.plan, mapping: { columns: proposal.columns, levels: proposal.levels, headings: proposal.headings }, unreadable: proposal.unreadable, counts: proposal.counts },
      result.imported ? 201 : 200,
    );
  });
  return app;
}
