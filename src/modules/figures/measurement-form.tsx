/**
 * The form to enter one measurement of an indicator by hand
 * (/plannen/{slug}/cijfers/{indicator}/meting), for plan editors. The form maps what it gets
 * to one row for saveMeasurements, which checks it (service.ts); its problems stand next to
 * their field.
 */
import { Hono, type Context } from "hono";
import { parseDutchDate, parseDutchNumber } from "../../lib/figures/dutch.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Field, ProblemNotice, SubmitOrCancel, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { formReader } from "../plans/edit.tsx";
import { indicatorFigures, saveMeasurements, type IndicatorView, type MeasurementInput, requireFiguresEditor } from "./service.ts";

/** How saveMeasurements names the one row of this form in its problems. */
const ROW = "meting";

/** What the form shows: the texts as typed. */
interface Values {
  date: string;
  label: string;
  scope: string;
  value: string;
  text: string;
  source: string;
  note: string;
  provisional: boolean;
}

const empty: Values = { date: "", label: "", scope: "totaal", value: "", text: "", source: "", note: "", provisional: false };

function readForm(body: Awaited<ReturnType<Context["req"]["parseBody"]>>): Values {
  const form = formReader(body as Parameters<typeof formReader>[0]);
  return {
    date: form.text("peildatum"),
    label: form.text("periode"),
    scope: form.text("gebied"),
    value: form.text("waarde"),
    text: form.text("tekst"),
    source: form.text("bron"),
    note: form.text("toelichting"),
    provisional: form.text("voorlopig") === "ja",
  };
}

/**
 * The form's fields as the service takes them. A date or number the form cannot read goes
 * as it is (a date) or as NaN (a number), so the service refuses it with its own message.
 */
function inputOf(v: Values, qualitative: boolean): MeasurementInput {
  const date = parseDutchDate(v.date);
  const number = v.value ? parseDutchNumber(v.value) : null;
  return {
    date: date.ok ? date.date : v.date,
    label: v.label || null,
    scope: v.scope,
    value: qualitative ? null : number === null ? null : number.ok ? number.value : Number.NaN,
    text: qualitative ? v.text || null : null,
    source: v.source || null,
    note: v.note || null,
    provisional: v.provisional,
  };
}

/** The form field of a problem the service names by its path ("meting, value"). */
function fieldOf(path: string): string | undefined {
  const field = path.startsWith(`${ROW}, `) ? path.slice(ROW.length + 2) : undefined;
  const fields: Record<string, string> = { date: "peildatum", label: "periode", scope: "gebied", value: "waarde", text: "tekst", source: "bron", note: "toelichting" };
  return field === undefined ? undefined : fields[field];
}

function MeasurementForm(props: {
  plan: { slug: string; title: string };
  indicator: IndicatorView;
  values: Values;
  errors?: Record<string, string>;
  problems?: string[];
}) {
  const { plan, indicator, values, errors = {} } = props;
  const back = `/plannen/${plan.slug}/cijfers/${indicator.slug}`;
  const qualitative = indicator.unit === "tekst";
  const heading = `Meting toevoegen: ${indicator.name}`;
  const areas = indicator.breakdowns.length > 0 ? ` Deze indicator is uitgesplitst naar: ${indicator.breakdowns.join(", ")}.` : "";
  return (
    <Page
      title={`${heading} · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
        { href: `/plannen/${plan.slug}/cijfers`, label: "Cijfers" },
        { href: back, label: indicator.name },
      ]}
    >
      <h1 class="utrecht-heading-1">{heading}</h1>
      {(Object.keys(errors).length > 0 || (props.problems?.length ?? 0) > 0) && (
        <ProblemNotice summary="De meting is niet opgeslagen. Verbeter wat hieronder is aangegeven." other={props.problems} />
      )}
      <p class="utrecht-paragraph">Een meting met dezelfde peildatum en hetzelfde gebied als een eerdere vervangt die.</p>
      <form method="post" action={`${back}/meting`} class="koers-form">
        <CsrfField />
        <Field name="peildatum" label="Peildatum" hint="Bijvoorbeeld 01-10-2025 of 1 oktober 2025." value={values.date} error={errors.peildatum} />
        <Field name="periode" label="Periode (niet verplicht)" hint='Bijvoorbeeld "schooljaar 2024-2025"; leeg: de peildatum.' value={values.label} error={errors.periode} required={false} />
        <Field name="gebied" label="Gebied" hint={`totaal, of bijvoorbeeld swv:swv-po-ijmond.${areas}`} value={values.scope} error={errors.gebied} />
        {qualitative ? (
          <TextArea name="tekst" label="Beschrijving" hint="Deze indicator wordt in woorden beschreven." value={values.text} error={errors.tekst} rows={5} />
        ) : (
          <Field name="waarde" label="Waarde" hint="Een getal, bijvoorbeeld 2,37 of 1,96%." value={values.value} error={errors.waarde} />
        )}
        <Field name="bron" label="Bron (niet verplicht)" hint="Bijvoorbeeld DUO of de eigen registratie." value={values.source} error={errors.bron} required={false} />
        <TextArea name="toelichting" label="Toelichting (niet verplicht)" value={values.note} error={errors.toelichting} rows={3} />
        <Checkbox name="voorlopig" value="ja" label="Voorlopig cijfer" checked={values.provisional} />
        <SubmitOrCancel cancel={back} />
      </form>
    </Page>
  );
}

export function measurementFormPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  async function load(c: Context<AppEnv>) {
    const viewer = c.get("viewer");
    const gate = await requireFiguresEditor(db, viewer, c.req.param("slug")!);
    return indicatorFigures(db, viewer, gate.slug, c.req.param("indicator")!);
  }

  app.get("/:slug/cijfers/:indicator/meting", async (c) => {
    const { plan, indicator } = await load(c);
    return c.render(<MeasurementForm plan={plan} indicator={indicator} values={empty} />);
  });

  app.post("/:slug/cijfers/:indicator/meting", async (c) => {
    const { plan, indicator } = await load(c);
    const values = readForm(await c.req.parseBody({ all: true }));
    try {
      await saveMeasurements(db, c.get("viewer"), plan.slug, [{ row: ROW, indicator: indicator.slug, input: inputOf(values, indicator.unit === "tekst") }], { file: "formulier" });
      return c.redirect(`/plannen/${plan.slug}/cijfers/${indicator.slug}?meting=opgeslagen`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const { errors, other } = problemsForForm(error.problems, fieldOf);
      c.status(400);
      return c.render(<MeasurementForm plan={plan} indicator={indicator} values={values} errors={errors} problems={other} />);
    }
  });
  return app;
}
