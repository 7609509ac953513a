/**
 * Pages for monitoring, without JavaScript: writing the progress update of one
 * item over one reporting period, and choosing how often a plan reports.
 */
import { Hono, type Context } from "hono";
import { NotFoundError } from "../../lib/errors.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Field, Notice, ProblemNotice, Radios, Select, TextArea } from "../../web/forms.tsx";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { CsrfField, Page } from "../../web/layout.tsx";
import { ItemNotFoundError, requirePlan } from "../plans/access.ts";
import { formatDate, formatDateTime, formatPeriod } from "../../lib/dates.ts";
import { DataTable } from "../../web/parts/table.tsx";
import { cycleLabels, cycles } from "./periods.ts";
import { lateReasonLabels, statuses, statusLabels } from "./status.ts";
import { StatusBadge } from "./status-badge.tsx";
import { parseDutchNumber } from "../../lib/figures/dutch.ts";
import { indicatorsOfItem, saveMeasurements, type IndicatorView } from "../figures/service.ts";
import {
  configureCycle,
  periodFrozen,
  reportingPeriodsOf,
  RoundClosedError,
  saveUpdate,
  StaleCycleError,
  StaleUpdateError,
  updatesOfPlan,
  type ItemProgress,
  type PeriodsOverview,
  type PlanProgress,
  type ProgressUpdate,
  type UpdateInputRaw,
} from "./updates.ts";
import { itemHref } from "../plans/parts.ts";

interface FormValues {
  status: string;
  results: string;
  planning: string;
  percentage: string;
  statusReason: string;
  /** The period's figures as typed, per indicator slug, and their source. */
  figures: Record<string, string>;
  figureSource: string;
}

/** The measurement of an indicator for the whole area at the end of the period, if there is one. */
const figureOf = (indicator: IndicatorView, period: { end: string } | null) =>
  period ? indicator.measurements.find((m) => m.scope === "totaal" && m.date === period.end) : undefined;

const valuesOf = (u: ProgressUpdate | null, indicators: IndicatorView[] = [], period: { end: string } | null = null): FormValues => ({
  status: u?.status ?? "",
  results: u?.results ?? "",
  planning: u?.planning ?? "",
  percentage: u?.percentage === null || u?.percentage === undefined ? "" : String(u.percentage),
  statusReason: u?.statusReason ?? "",
  figures: Object.fromEntries(indicators.map((i) => [i.slug, figureOf(i, period)?.value == null ? "" : figureOf(i, period)!.display])),
  figureSource: indicators.map((i) => figureOf(i, period)?.source).find(Boolean) ?? "",
});

const updateFields = new Set(["status", "results", "planning", "percentage", "statusReason"]);

const periodLabel = (p: { label: string; start: string; end: string }) => `${p.label} (${formatPeriod(p)})`;

function UpdatePage(props: {
  progress: PlanProgress;
  entry: ItemProgress;
  /** The indicators with a number that this item is measured by. */
  indicators: IndicatorView[];
  values: FormValues;
  version: number | null;
  errors?: Record<string, string> | undefined;
  /** Problems saveUpdate found that have no field of their own on the form. */
  problems?: string[] | undefined;
  saved?: boolean;
  conflict?: ProgressUpdate | undefined;
  /** The round over this period is closed: the page shows the update, without a form. */
  frozen?: boolean;
}) {
  const { progress, entry, values } = props;
  const { item } = entry;
  const errors = props.errors ?? {};
  const path = `/plannen/${progress.plan.slug}/onderdelen/${item.id}/voortgang`;
  const planHref = itemHref(progress.plan.slug, item.id);
  const name = `${item.level} ${item.code ?? ""}`.replace(/\s+$/, "");
  const period = progress.period;
  return (
    <Page
      title={`Voortgang ${name}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: planHref, label: progress.plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Voortgang {name}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{item.title}</p>
      {props.saved && <Notice kind="ok">De voortgang is opgeslagen.</Notice>}
      {(Object.keys(errors).length > 0 || props.problems?.length) && (
        <ProblemNotice summary="De voortgang is niet opgeslagen. Verbeter wat hieronder is aangegeven." other={props.problems} />
      )}
      {props.conflict && (
        <Notice kind="error">
          <p class="utrecht-paragraph">
            {props.conflict.author.name ?? "Iemand anders"} heeft de voortgang over {period?.label} op {formatDateTime(props.conflict.updatedAt)}{" "}
            opgeslagen terwijl u haar schreef. Uw tekst is nog niet opgeslagen; hij staat nog in het formulier. Hieronder staat wat
            de ander opsloeg. Neem over wat u wilt houden en sla opnieuw op.
          </p>
        </Notice>
      )}
      {props.conflict && (
        <dl class="koers-meta">
          <dt>Status van de ander</dt>
          <dd>
            <StatusBadge status={props.conflict.status} />
          </dd>
          <dt>Resultaten van de ander</dt>
          <dd class="koers-pre">{props.conflict.results || "(leeg)"}</dd>
          <dt>Planning van de ander</dt>
          <dd class="koers-pre">{props.conflict.planning || "(leeg)"}</dd>
          <dt>Percentage van de ander</dt>
          <dd>{props.conflict.percentage === null ? "(leeg)" : `${props.conflict.percentage}%`}</dd>
        </dl>
      )}
      <dl class="koers-meta">
        {item.when && (
          <>
            <dt>Gepland</dt>
            <dd>{item.when.text}</dd>
          </>
        )}
        {entry.late.late && (
          <>
            <dt>Te laat</dt>
            <dd>{entry.late.reasons.map((r) => lateReasonLabels[r]).join(" ")}</dd>
          </>
        )}
        {entry.update && (
          <>
            <dt>Laatst opgeslagen</dt>
            <dd>
              {formatDateTime(entry.update.updatedAt)}
              {entry.update.author.name && ` door ${entry.update.author.name}`}
            </dd>
          </>
        )}
      </dl>
      {progress.periods.length === 0 || !period ? (
        <Notice kind="info">
          <p class="utrecht-paragraph">
            Dit plan heeft nog geen rapportageperiodes, dus er kan nog geen voortgang worden gemeld.{" "}
            <a class="utrecht-link" href={`/plannen/${progress.plan.slug}/rapportageperiodes`}>
              Rapportageperiodes van dit plan
            </a>
          </p>
        </Notice>
      ) : (
        <>
          <form method="get" action={path} class="koers-form">
            <Select
              name="periode"
              label="Periode"
              value={String(period.id)}
              options={progress.periods.map((p) => ({ value: String(p.id), label: periodLabel(p) }))}
            />
            <button type="submit" class="koers-button koers-button--secondary">
              Toon deze periode
            </button>
          </form>
          {props.frozen && (
            <Notice kind="info">
              <p class="utrecht-paragraph">
                De rapportageronde over {period.label} is gesloten: deze voortgang ligt vast en kan niet meer worden gewijzigd.
              </p>
            </Notice>
          )}
          {props.frozen ? (
            <dl class="koers-meta">
              <dt>Status</dt>
              <dd>
                <StatusBadge status={entry.status} />
              </dd>
              <dt>Resultaten</dt>
              <dd class="koers-pre">{values.results || "(niets gemeld)"}</dd>
              <dt>Planning</dt>
              <dd class="koers-pre">{values.planning || "(niets gemeld)"}</dd>
            </dl>
          ) : (
          <form method="post" action={path} class="koers-form koers-form--wide">
            <CsrfField />
            <input type="hidden" name="periode" value={String(period.id)} />
            <input type="hidden" name="version" value={props.version === null ? "" : String(props.version)} />
            <fieldset {...(errors.status && { "aria-describedby": "veld-status-fout" })}>
              <legend>Status over {period.label}</legend>
              {item.hasChildren && (
                <p class="utrecht-paragraph koers-note">
                  Uit de onderdelen eronder volgt: <StatusBadge status={entry.rolledUp} note="berekend" />
                </p>
              )}
              {statuses.map((s) => (
                <div class="koers-checkbox">
                  <input type="radio" id={`veld-status-${s}`} name="status" value={s} checked={values.status === s} required />{" "}
                  <label for={`veld-status-${s}`}>{statusLabels[s]}</label>
                </div>
              ))}
              {errors.status && (
                <p class="koers-field-error" id="veld-status-fout">
                  {errors.status}
                </p>
              )}
            </fieldset>
            <TextArea name="results" label="Resultaten" hint="Wat is er in deze periode bereikt?" value={values.results} rows={6} error={errors.results} />
            <TextArea name="planning" label="Planning" hint="Wat gebeurt er hierna?" value={values.planning} rows={4} error={errors.planning} />
            <Field
              name="percentage"
              label="Percentage gereed (niet verplicht)"
              type="number"
              required={false}
              hint="Een heel getal van 0 tot en met 100."
              value={values.percentage}
              error={errors.percentage}
            />
            {props.indicators.length > 0 && (
              <fieldset>
                <legend>Cijfers over {period.label}</legend>
                <p class="utrecht-paragraph koers-note">
                  De stand aan het einde van de periode ({formatDate(period.end)}) voor het hele gebied. Laat leeg wat u niet weet.
                </p>
                {props.indicators.map((i) => (
                  <Field
                    name={`cijfer-${i.slug}`}
                    label={i.name}
                    hint={i.unit === "percentage" ? "Een percentage, bijvoorbeeld 2,37%." : "Een getal, bijvoorbeeld 12 of 2,5."}
                    required={false}
                    value={values.figures[i.slug] ?? ""}
                    error={errors[`cijfer-${i.slug}`]}
                  />
                ))}
                <Field name="cijfer-bron" label="Bron van de cijfers" hint="Bijvoorbeeld: registratie SWV, leerplicht, DUO." required={false} value={values.figureSource} error={errors["cijfer-bron"]} />
              </fieldset>
            )}
            {item.hasChildren && (
              <TextArea
                name="statusReason"
                label="Reden voor een andere status"
                hint="Verplicht als u een andere status kiest dan uit de onderdelen eronder volgt."
                value={values.statusReason}
                rows={3}
                error={errors.statusReason}
              />
            )}
            <div>
              <button type="submit" class="koers-button">
                Voortgang opslaan
              </button>{" "}
              <a class="utrecht-link" href={planHref}>
                Terug naar het plan
              </a>
            </div>
          </form>
          )}
        </>
      )}
    </Page>
  );
}

function PeriodsPage({ overview, error, stale, saved }: { overview: PeriodsOverview; error?: string | undefined; stale?: string | undefined; saved?: boolean }) {
  const { plan } = overview;
  const path = `/plannen/${plan.slug}/rapportageperiodes`;
  return (
    <Page
      title={`Rapportageperiodes · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Rapportageperiodes</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {plan.title}, {formatPeriod(plan.period)}
      </p>
      {saved && <Notice kind="ok">De rapportageperiodes zijn ingesteld.</Notice>}
      {error && <Notice kind="error">De rapportageperiodes zijn niet ingesteld. Verbeter wat hieronder is aangegeven.</Notice>}
      {stale && <Notice kind="error">{stale}</Notice>}
      <p class="utrecht-paragraph">
        Per periode meldt iedere trekker de voortgang van zijn onderdelen.{" "}
        {overview.cycle ? `Dit plan rapporteert ${cycleLabels[overview.cycle].toLowerCase()}.` : "Er is nog niet gekozen hoe vaak dit plan rapporteert."}
      </p>
      {overview.may.edit && (
        <form method="post" action={path} class="koers-form">
          <CsrfField />
          <input type="hidden" name="basis" value={overview.cycle ?? ""} />
          <Radios
            name="cycle"
            legend="Hoe vaak rapporteert dit plan?"
            value={overview.cycle ?? undefined}
            error={error}
            required
            options={cycles.map((c) => ({ value: c, label: cycleLabels[c] }))}
          />
          <p class="utrecht-paragraph koers-note">
            Periodes waarover al voortgang is gemeld, blijven bestaan als u een andere keuze maakt.
          </p>
          <button type="submit" class="koers-button">
            Periodes instellen
          </button>
        </form>
      )}
      <h2 class="utrecht-heading-2">Periodes</h2>
      {overview.periods.length === 0 ? (
        <p class="utrecht-paragraph">Dit plan heeft nog geen rapportageperiodes.</p>
      ) : (
        <DataTable
          id="periodes"
          caption={`Rapportageperiodes van ${plan.title}`}
          hideCaption
          rows={overview.periods}
          columns={[
            { label: "Periode", rowHeader: true, cell: (p) => p.label },
            { label: "Van", cell: (p) => formatDate(p.start) },
            { label: "Tot en met", cell: (p) => formatDate(p.end) },
            { label: "Meldingen", numeric: true, cell: (p) => p.updates },
            {
              label: "Opmerking",
              cell: (p) =>
                [
                  overview.current?.id === p.id && "Huidige periode.",
                  overview.cycle && !p.inCycle && "Hoort niet bij de gekozen indeling; blijft omdat er voortgang over is gemeld.",
                ]
                  .filter(Boolean)
                  .join(" "),
            },
          ]}
        />
      )}
    </Page>
  );
}

/** A period id from the query or form; undefined when none is given. */
function periodParam(value: unknown): number | undefined {
  if (value === undefined || value === "") return undefined;
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError("Deze rapportageperiode bestaat niet.");
  return id;
}

export function updatePages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  /** The period as the query or form names it is read after the guard: who may not, learns nothing from it. */
  async function load(c: Context<AppEnv>, period: unknown) {
    const viewer = c.get("viewer");
    const gate = await requirePlan(db, viewer, c.req.param("slug")!, "edit-item", {
      item: Number(c.req.param("id")),
      refusal: "U mag de voortgang van dit onderdeel niet bijwerken.",
    });
    const progress = await updatesOfPlan(db, viewer, gate.slug, periodParam(period));
    const entry = progress.items.find((e) => e.item.id === gate.item.id);
    if (!entry) throw new ItemNotFoundError(gate.item.id);
    const frozen = progress.period ? await periodFrozen(db, progress.plan.id, progress.period.id) : false;
    const indicators = await indicatorsOfItem(db, viewer, gate.slug, gate.item.id);
    return { progress, entry, frozen, indicators };
  }

  app.get("/:slug/onderdelen/:id/voortgang", async (c) => {
    const { progress, entry, frozen, indicators } = await load(c, c.req.query("periode"));
    return c.render(
      <UpdatePage
        progress={progress}
        entry={entry}
        indicators={indicators}
        values={valuesOf(entry.update, indicators, progress.period)}
        version={entry.update?.version ?? null}
        saved={c.req.query("opgeslagen") === "1"}
        frozen={frozen}
      />,
    );
  });

  app.post("/:slug/onderdelen/:id/voortgang", async (c) => {
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).replace(/\r\n/g, "\n") : "");
    const { progress, entry, indicators } = await load(c, body.periode);
    const period = progress.period;
    if (!period) throw new NotFoundError("Dit plan heeft nog geen rapportageperiodes.");
    const values: FormValues = {
      status: text("status"),
      results: text("results"),
      planning: text("planning"),
      percentage: text("percentage").trim(),
      statusReason: text("statusReason"),
      figures: Object.fromEntries(indicators.map((i) => [i.slug, text(`cijfer-${i.slug}`).trim()])),
      figureSource: text("cijfer-bron").trim(),
    };
    // The period's figures as rows for the figures module; a text that is no number goes as NaN, which it refuses.
    const figureRows = indicators
      .filter((i) => values.figures[i.slug])
      .map((i) => {
        const parsed = parseDutchNumber(values.figures[i.slug]!);
        return {
          row: `cijfer-${i.slug}`,
          indicator: i.slug,
          input: { date: period.end, label: period.label, scope: "totaal", value: parsed.ok ? parsed.value : Number.NaN, source: values.figureSource || null },
        };
      });
    const figureField = (path: string) => {
      const [field, part] = path.split(", ");
      return field?.startsWith("cijfer-") ? (part === "source" ? "cijfer-bron" : field) : undefined;
    };
    const version = text("version") ? Number(text("version")) : null;
    const render = (status: 400 | 409, props: { errors?: Record<string, string>; problems?: string[]; conflict?: ProgressUpdate; version: number | null }) => {
      c.status(status);
      return c.render(<UpdatePage progress={progress} entry={entry} indicators={indicators} values={values} {...props} />);
    };
    const saveFigures = (dryRun: boolean) =>
      figureRows.length === 0 ? Promise.resolve() : saveMeasurements(db, c.get("viewer"), progress.plan.slug, figureRows, { forItem: entry.item.id, dryRun, file: "voortgang" });
    try {
      // The figures are checked before anything is saved, so that a wrong number loses nothing of the update.
      await saveFigures(true);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const { errors, other } = problemsForForm(error.problems, figureField);
      return render(400, { errors, problems: other, version });
    }
    try {
      // The form's fields as the command's input; saveUpdate checks them (updateInputSchema), as it does for the API.
      await saveUpdate(db, c.get("viewer"), progress.plan.slug, entry.item.id, period.id, {
        version,
        status: (values.status || undefined) as UpdateInputRaw["status"],
        results: values.results,
        planning: values.planning,
        percentage: values.percentage === "" ? null : Number(values.percentage),
        statusReason: values.statusReason,
      });
    } catch (error) {
      if (error instanceof InputError) {
        // The reason has a field only for an item with parts; elsewhere its problem goes in the notice.
        const shown = (path: string) => updateFields.has(path) && (path !== "statusReason" || entry.item.hasChildren);
        const { errors, other } = problemsForForm(error.problems, (path) => (shown(path) ? path : undefined));
        return render(400, { errors, problems: other, version });
      }
      // Their update is the base now: saving again after reading it replaces it.
      if (error instanceof StaleUpdateError) return render(409, { conflict: error.current, version: error.current.version });
      if (error instanceof RoundClosedError) {
        c.status(409);
        return c.render(<UpdatePage progress={progress} entry={entry} indicators={indicators} values={valuesOf(entry.update, indicators, period)} version={version} frozen />);
      }
      throw error;
    }
    await saveFigures(false);
    return c.redirect(`/plannen/${progress.plan.slug}/onderdelen/${entry.item.id}/voortgang?periode=${period.id}&opgeslagen=1`, 303);
  });

  app.get("/:slug/rapportageperiodes", async (c) => {
    const overview = await reportingPeriodsOf(db, c.get("viewer"), c.req.param("slug"));
    return c.render(<PeriodsPage overview={overview} saved={c.req.query("opgeslagen") === "1"} />);
  });

  app.post("/:slug/rapportageperiodes", async (c) => {
    const body = await c.req.parseBody();
    const slug = c.req.param("slug");
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
    try {
      // The service checks who asks before what they chose; "basis" is the cycle the page showed.
      const basis = field("basis");
      await configureCycle(db, c.get("viewer"), slug, field("cycle") ?? "", basis === undefined ? {} : { basis: basis || null });
    } catch (error) {
      if (error instanceof StaleCycleError) {
        c.status(409);
        return c.render(<PeriodsPage overview={await reportingPeriodsOf(db, c.get("viewer"), slug)} stale={error.message} />);
      }
      if (!(error instanceof InputError)) throw error;
      c.status(400);
      const message = error.problems.map((p) => p.message).join(" ");
      return c.render(<PeriodsPage overview={await reportingPeriodsOf(db, c.get("viewer"), slug)} error={message} />);
    }
    return c.redirect(`/plannen/${slug}/rapportageperiodes?opgeslagen=1`, 303);
  });

  return app;
}
