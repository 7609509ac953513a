/**
 * Two sources of one count compared (/plannen/{slug}/cijfers/{indicator}/vergelijken): per
 * peildatum a sentence on how far the sources agree and a table with both values, the
 * difference and its explanation; a chart of both totals over time. Plan editors write the
 * explanation of a difference in a small form per row (POST to the same address).
 */
import { ItemFigures } from "./item-figures.tsx";
import { Hono, type Context } from "hono";
import { ConflictError } from "../../lib/errors.ts";
import { groupBy } from "../../lib/group-by.ts";
import { InputError } from "../../lib/validation.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Notice, ProblemNotice, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { Explained } from "../../web/markdown.tsx";
import { loadCharts, LineChart } from "../../web/parts/chart.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { formatDate } from "../plans/views/labels.ts";
import { reconcile, saveExplanation, type Reconciliation, type ReconciliationRow } from "./reconciliation.ts";

/** What a refused explanation shows again: the row it is for, the text as typed and the message. */
interface Refused {
  date: string;
  scope: string;
  explanation: string;
  message: string;
  /** The version to save against next: the current one after a conflict. */
  version?: number;
}

const rowKey = (r: { date: string; scope: string }) => `${r.date}-${r.scope.replace(/[^a-z0-9]+/g, "-")}`;

/** "Op 1 oktober 2024 komen de bronnen overeen in 3 van de 4 gebieden; het totaal verschilt." */
export function agreementSentence(date: string, rows: readonly Pick<ReconciliationRow, "scope" | "agree">[]): string {
  const on = `Op ${formatDate(date)}`;
  const areas = rows.filter((r) => r.scope !== "totaal");
  const total = rows.find((r) => r.scope === "totaal");
  const totalWords = total?.agree === true ? "het totaal is gelijk" : total?.agree === false ? "het totaal verschilt" : undefined;
  if (areas.length === 0) {
    if (totalWords === undefined) return `${on} zijn de bronnen niet te vergelijken: van een van beide is geen getal te tonen.`;
    return `${on} ${total?.agree ? "komen de bronnen overeen" : "verschillen de bronnen"}.`;
  }
  const compared = areas.filter((r) => r.agree !== null);
  const agreeing = compared.filter((r) => r.agree).length;
  const rest = areas.length - compared.length;
  const parts = [
    compared.length === 0
      ? `${on} zijn de bronnen per gebied niet te vergelijken`
      : `${on} komen de bronnen overeen in ${agreeing} van de ${compared.length} ${compared.length === 1 ? "gebied" : "gebieden"}`,
    compared.length > 0 && rest > 0 && `${rest} ${rest === 1 ? "gebied is" : "gebieden zijn"} niet te vergelijken`,
    totalWords,
  ].filter(Boolean);
  return `${parts.join("; ")}.`;
}

function ExplanationCell({ r, data, refused }: { r: ReconciliationRow; data: Reconciliation; refused: Refused | undefined }) {
  const mine = refused && refused.date === r.date && refused.scope === r.scope ? refused : undefined;
  const writable = data.editable && ((r.difference !== null && r.difference !== 0) || r.explanation !== null || mine !== undefined);
  if (!writable) return r.explanation ? <Explained text={r.explanation} /> : "";
  const id = `toelichting-${rowKey(r)}`;
  return (
    <form method="post" action={`/plannen/${data.plan.slug}/cijfers/${data.indicator.slug}/vergelijken#${id}`} class="koers-form koers-row-form">
      <CsrfField />
      <input type="hidden" name="date" value={r.date} />
      <input type="hidden" name="scope" value={r.scope} />
      <input type="hidden" name="version" value={String(mine?.version ?? r.version)} />
      <TextArea
        name="explanation"
        id={id}
        label={`Toelichting bij ${r.scopeName}, ${formatDate(r.date)}`}
        value={mine ? mine.explanation : (r.explanation ?? "")}
        error={mine?.message}
        rows={2}
      />
      <button type="submit" class="koers-button">
        Toelichting opslaan
      </button>
    </form>
  );
}

function ReconciliationPage({ data, saved, refused, orphan }: { data: Reconciliation; saved: boolean; refused?: Refused; orphan?: boolean }) {
  const { plan, indicator, other } = data;
  const base = `/plannen/${plan.slug}/cijfers/${indicator.slug}`;
  const byDate = [...groupBy(data.rows, (r) => r.date).entries()];
  const totals = data.rows.filter((r) => r.scope === "totaal").reverse();
  const series =
    other === null
      ? []
      : [
          { name: indicator.name, points: totals.map((r) => ({ label: r.label, value: r.own?.value ?? null, text: r.own?.display ?? "geen meting" })) },
          { name: other.name, points: totals.map((r) => ({ label: r.label, value: r.other?.value ?? null, text: r.other?.display ?? "geen meting" })) },
        ];
  return (
    <Page
      title={`Twee bronnen vergeleken: ${indicator.name} · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
        { href: `/plannen/${plan.slug}/cijfers`, label: "Cijfers" },
        { href: base, label: indicator.name },
      ]}
    >
      <h1 class="utrecht-heading-1">Twee bronnen vergeleken</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {indicator.name}
        {other && ` en ${other.name}`}
      </p>
      {saved && <Notice kind="ok">De toelichting is opgeslagen.</Notice>}
      {refused && (
        <ProblemNotice
          summary={orphan ? "De toelichting is niet opgeslagen." : "De toelichting is niet opgeslagen. Verbeter wat bij de rij is aangegeven."}
          other={orphan ? [refused.message] : []}
        />
      )}
      {other === null ? (
        <p class="utrecht-paragraph">Deze indicator is met geen andere bron verbonden.</p>
      ) : data.rows.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen metingen van deze twee bronnen.</p>
      ) : (
        <>
          {!data.revealed && (
            <p class="utrecht-paragraph koers-note">
              Kleine aantallen over kinderen staan hier als "&lt; 5"; bij zo'n aantal staat geen verschil en geen toelichting, zodat geen
              kind te herkennen is.
            </p>
          )}
          {indicator.unit !== "tekst" && series.length > 0 && totals.length > 1 && (
            <LineChart id="bronnen-verloop" title={`${indicator.name}: beide bronnen in de tijd`} unit={indicator.unit} direction={indicator.direction} series={series} />
          )}
          {byDate.map(([date, rows]) => (
            <section aria-labelledby={`peildatum-${date}`}>
              <h2 class="utrecht-heading-2" id={`peildatum-${date}`}>
                {formatDate(date)}
              </h2>
              <p class="utrecht-paragraph">{agreementSentence(date, rows)}</p>
              <DataTable
                id={`vergelijking-${date}`}
                caption={`${indicator.name} en ${other.name} op ${formatDate(date)}`}
                hideCaption
                rows={rows}
                rowId={(r) => `rij-${rowKey(r)}`}
                columns={[
                  { label: "Peildatum", cell: (r) => formatDate(r.date) },
                  { label: "Gebied", rowHeader: true, cell: (r) => r.scopeName },
                  { label: indicator.name, numeric: true, cell: (r) => r.own?.display ?? "geen meting" },
                  { label: other.name, numeric: true, cell: (r) => r.other?.display ?? "geen meting" },
                  { label: "Verschil", numeric: true, cell: (r) => (r.agree === true ? "0 (gelijk)" : r.differenceDisplay) },
                  { label: "Toelichting", cell: (r) => <ExplanationCell r={r} data={data} refused={refused} /> },
                ]}
              />
            </section>
          ))}
        </>
      )}
      {data.related.length > 0 && (
        <section aria-labelledby="ook-gemeten">
          <h2 class="utrecht-heading-2" id="ook-gemeten">
            Ook gemeten bij deze onderdelen
          </h2>
          <p class="utrecht-paragraph koers-note">Bijvoorbeeld hoe lang kinderen thuiszitten, en het doel dat het plan daarvoor stelt.</p>
          <ItemFigures planSlug={plan.slug} itemId={0} indicators={data.related} />
        </section>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={base}>
          Terug naar {indicator.name}
        </a>
      </p>
    </Page>
  );
}

export function reconciliationPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const path = "/:slug/cijfers/:indicator/vergelijken";
  app.get(path, async (c) =>
    loadCharts().then(async () => c.render(<ReconciliationPage data={await reconcile(db, c.get("viewer"), c.req.param("slug"), c.req.param("indicator"))} saved={c.req.query("opgeslagen") === "1"} />)),
  );
  app.post(path, async (c: Context<AppEnv>) => {
    const viewer = c.get("viewer");
    const slug = c.req.param("slug")!;
    const indicator = c.req.param("indicator")!;
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const typed = { date: field("date"), scope: field("scope"), explanation: field("explanation") };
    const version = Number(field("version"));
    try {
      await saveExplanation(db, viewer, slug, indicator, { ...typed, version: Number.isInteger(version) ? version : -1 });
      return c.redirect(`/plannen/${slug}/cijfers/${indicator}/vergelijken?opgeslagen=1#rij-${rowKey(typed)}`, 303);
    } catch (error) {
      if (!(error instanceof InputError) && !(error instanceof ConflictError)) throw error;
      const data = await reconcile(db, viewer, slug, indicator);
      const message = error instanceof InputError ? error.problems.map((p) => p.message).join(" ") : error.message;
      const current = data.rows.find((r) => r.date === typed.date && r.scope === typed.scope);
      c.status(error instanceof ConflictError ? 409 : 400);
      const refused: Refused = { ...typed, message, ...(error instanceof ConflictError && current && { version: current.version }) };
      return c.render(<ReconciliationPage data={data} saved={false} refused={refused} orphan={current === undefined} />);
    }
  });
  return app;
}
