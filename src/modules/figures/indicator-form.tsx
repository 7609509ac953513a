/**
 * The form to make an indicator (/plannen/{slug}/cijfers/nieuw) or change one
 * (/plannen/{slug}/cijfers/{indicator}/bewerken), for plan editors. The form maps what it gets
 * to the command's input; saveIndicator checks it (indicators.ts).
 */
import { Hono, type Context } from "hono";
import { parseDutchNumber, formatDutchNumber } from "../../lib/figures/dutch.ts";
import { ConflictError } from "../../lib/errors.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Field, ProblemNotice, Radios, Select, SubmitOrCancel, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { getPlan, type PlanItem } from "../plans/reading.ts";
import { formReader } from "../plans/edit.tsx";
import { breakdowns, indicatorFrequencies } from "./format.ts";
import { saveIndicator, type IndicatorInput } from "./indicators.ts";
import { comparableIndicators } from "./reconciliation.ts";
import { indicatorFigures, type IndicatorView, requireFiguresEditor } from "./service.ts";

const units = [
  { value: "aantal", label: "Aantal" },
  { value: "percentage", label: "Percentage" },
  { value: "euro", label: "Bedrag in euro's" },
  { value: "dagen", label: "Aantal dagen" },
  { value: "score", label: "Score" },
  { value: "tekst", label: "Kwalitatief: beschreven in woorden" },
];
const directions = [
  { value: "lager", label: "Lager is beter" },
  { value: "hoger", label: "Hoger is beter" },
  { value: "geen", label: "Geen richting" },
];
const frequencyLabels: Record<(typeof indicatorFrequencies)[number], string> = {
  peildata: "Vier peildata per jaar",
  kwartaal: "Per kwartaal",
  jaar: "Per jaar",
  schooljaar: "Per schooljaar",
  eenmalig: "Eenmalig",
  onbekend: "Nog niet vastgelegd",
};
const breakdownLabels: Record<(typeof breakdowns)[number], string> = {
  gemeente: "Gemeente",
  swv: "Samenwerkingsverband",
  regio: "Regio",
  schoolsoort: "Schoolsoort (PO, VO, SO, VSO …)",
  school: "School",
  leeftijd: "Leeftijdsgroep",
};
const TARGET_ROWS = 3;

/** What the form shows: the texts as typed. */
interface Values {
  name: string;
  definition: string;
  unit: string;
  direction: string;
  frequency: string;
  breakdowns: string[];
  children: boolean;
  items: string[];
  marks: { value: string; text: string; label: string; date: string }[];
  /** The slug of the indicator it is compared with; "" for none. */
  compareWith: string;
}

const emptyMark = { value: "", text: "", label: "", date: "" };

function valuesOf(i: IndicatorView | undefined, compareWith: string | null): Values {
  const mark = (m: IndicatorView["targets"][number] | null | undefined) =>
    m ? { value: m.value === undefined ? "" : formatDutchNumber(m.value), text: m.text ?? "", label: m.label, date: m.date ?? "" } : emptyMark;
  return {
    name: i?.name ?? "",
    definition: i?.definition ?? "",
    unit: i?.unit ?? "aantal",
    direction: i?.direction ?? "lager",
    frequency: i?.frequency ?? "jaar",
    breakdowns: i?.breakdowns ?? [],
    children: i?.children ?? false,
    items: (i?.items ?? []).map((item) => String(item.id)),
    marks: [mark(i?.baseline), ...Array.from({ length: Math.max(TARGET_ROWS, i?.targets.length ?? 0) }, (_, n) => mark(i?.targets[n]))],
    compareWith: compareWith ?? "",
  };
}

/** The form's fields as the command takes them; a value that is no number goes as NaN, which the command refuses. */
function inputOf(v: Values, version: number | null): IndicatorInput {
  const mark = (m: Values["marks"][number]) => {
    if (!m.value && !m.text && !m.label && !m.date) return null;
    const parsed = m.value ? parseDutchNumber(m.value) : null;
    return { value: parsed === null ? null : parsed.ok ? parsed.value : Number.NaN, text: m.text || null, label: m.label, date: m.date || null };
  };
  const [baseline, ...targets] = v.marks.map(mark);
  return {
    version,
    name: v.name,
    definition: v.definition || null,
    unit: v.unit as IndicatorInput["unit"],
    direction: v.direction as IndicatorInput["direction"],
    frequency: v.frequency as IndicatorInput["frequency"],
    breakdowns: v.breakdowns as IndicatorInput["breakdowns"],
    children: v.children,
    items: v.items.map(Number),
    baseline: baseline ?? null,
    targets: targets.filter((t): t is NonNullable<typeof t> => t !== null),
    compareWith: v.compareWith || null,
  };
}

function readForm(body: Awaited<ReturnType<Context["req"]["parseBody"]>>): { values: Values; version: number | null } {
  const form = formReader(body as Parameters<typeof formReader>[0]);
  const marks: Values["marks"] = [];
  for (let n = 0; form.has(`meting-${n}-periode`); n++) {
    marks.push({ value: form.text(`meting-${n}-waarde`), text: form.text(`meting-${n}-tekst`), label: form.text(`meting-${n}-periode`), date: form.text(`meting-${n}-datum`) });
  }
  const version = form.text("version");
  return {
    values: {
      name: form.text("naam"),
      definition: form.text("definitie"),
      unit: form.text("eenheid"),
      direction: form.text("richting"),
      frequency: form.text("meetmomenten"),
      breakdowns: form.values("uitsplitsing"),
      children: form.text("kinderen") === "ja",
      items: form.values("onderdeel"),
      marks,
      compareWith: form.text("vergelijken"),
    },
    version: version ? Number(version) : null,
  };
}

/** The form field of a problem the command names by its path. */
function fieldOf(path: string): string | undefined {
  const simple: Record<string, string> = { name: "naam", definition: "definitie", unit: "eenheid", direction: "richting", frequency: "meetmomenten", items: "onderdeel", compareWith: "vergelijken" };
  if (simple[path]) return simple[path];
  const mark = /^(baseline|targets\[(\d+)\])\.(value|text|label|date)$/.exec(path);
  if (!mark) return undefined;
  const n = mark[1] === "baseline" ? 0 : Number(mark[2]) + 1;
  return `meting-${n}-${{ value: "waarde", text: "tekst", label: "periode", date: "datum" }[mark[3] as "value"]}`;
}

const flatItems = (list: PlanItem[]): PlanItem[] => list.flatMap((i) => [i, ...flatItems(i.children)]);

function IndicatorForm(props: {
  plan: { slug: string; title: string; items: PlanItem[] };
  indicator?: IndicatorView | undefined;
  /** The plan's other indicators with a number, to compare with. */
  others: { slug: string; name: string }[];
  values: Values;
  version: number | null;
  errors?: Record<string, string>;
  problems?: string[];
}) {
  const { plan, indicator, values, errors = {} } = props;
  const back = indicator ? `/plannen/${plan.slug}/cijfers/${indicator.slug}` : `/plannen/${plan.slug}/cijfers`;
  const action = indicator ? `${back}/bewerken` : `/plannen/${plan.slug}/cijfers/nieuw`;
  const heading = indicator ? `Indicator wijzigen: ${indicator.name}` : "Nieuwe indicator";
  return (
    <Page
      title={`${heading} · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
        { href: `/plannen/${plan.slug}/cijfers`, label: "Cijfers" },
      ]}
    >
      <h1 class="utrecht-heading-1">{heading}</h1>
      {(Object.keys(errors).length > 0 || (props.problems?.length ?? 0) > 0) && (
        <ProblemNotice summary="De indicator is niet opgeslagen. Verbeter wat hieronder is aangegeven." other={props.problems} />
      )}
      <form method="post" action={action} class="koers-form">
        <CsrfField />
        <input type="hidden" name="version" value={props.version === null ? "" : String(props.version)} />
        <Field name="naam" label="Naam" value={values.name} error={errors.naam} />
        <TextArea name="definitie" label="Wat wordt er geteld" hint="Zoals het plan het zegt, bijvoorbeeld: leerlingen die langer dan vier weken ongeoorloofd thuiszitten." value={values.definition} error={errors.definitie} rows={3} />
        <Radios name="eenheid" legend="Eenheid" options={units} value={values.unit} error={errors.eenheid} required />
        <Radios name="richting" legend="Wat is beter?" options={directions} value={values.direction} error={errors.richting} required />
        <Select name="meetmomenten" label="Meetmomenten" value={values.frequency} options={indicatorFrequencies.map((f) => ({ value: f, label: frequencyLabels[f] }))} error={errors.meetmomenten} />
        <fieldset>
          <legend>Uitsplitsing</legend>
          {breakdowns.map((b) => (
            <Checkbox name="uitsplitsing" id={`veld-uitsplitsing-${b}`} value={b} label={breakdownLabels[b]} checked={values.breakdowns.includes(b)} />
          ))}
        </fieldset>
        <Checkbox name="kinderen" value="ja" label="Telt kinderen: kleine aantallen niet tonen aan bezoekers" checked={values.children} />
        <fieldset>
          <legend>Hoort bij</legend>
          {errors.onderdeel && <p class="koers-field-error">{errors.onderdeel}</p>}
          {flatItems(plan.items).map((item) => (
            <Checkbox
              name="onderdeel"
              id={`veld-onderdeel-${item.id}`}
              value={String(item.id)}
              label={`${item.code ? `${item.code} ` : ""}${item.title.length > 120 ? `${item.title.slice(0, 117)}…` : item.title}`}
              checked={values.items.includes(String(item.id))}
            />
          ))}
        </fieldset>
        {values.marks.map((m, n) => (
          <fieldset>
            <legend>{n === 0 ? "0-meting" : `Doel ${n}`}</legend>
            <Field name={`meting-${n}-waarde`} label="Waarde" hint="Een getal, bijvoorbeeld 2,37 of 1,96%." value={m.value} error={errors[`meting-${n}-waarde`]} required={false} />
            <Field name={`meting-${n}-tekst`} label="Of in woorden" value={m.text} error={errors[`meting-${n}-tekst`]} required={false} />
            <Field name={`meting-${n}-periode`} label="Wanneer" hint='Bijvoorbeeld "2024" of "einde schooljaar 2024-2025".' value={m.label} error={errors[`meting-${n}-periode`]} required={false} />
            <Field name={`meting-${n}-datum`} label="Datum" type="date" value={m.date} error={errors[`meting-${n}-datum`]} required={false} />
          </fieldset>
        ))}
        <Select
          name="vergelijken"
          label="Vergelijken met"
          hint="Een andere indicator van dit plan die hetzelfde telt uit een andere bron, bijvoorbeeld de telling van leerplicht of RMC."
          value={values.compareWith}
          options={[{ value: "", label: "geen" }, ...props.others.map((o) => ({ value: o.slug, label: o.name }))]}
          error={errors.vergelijken}
        />
        <SubmitOrCancel cancel={back} />
      </form>
    </Page>
  );
}

export function indicatorFormPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  async function load(c: Context<AppEnv>) {
    const viewer = c.get("viewer");
    const gate = await requireFiguresEditor(db, viewer, c.req.param("slug")!);
    const plan = await getPlan(db, viewer, gate.slug, "edit");
    const slug = c.req.param("indicator");
    const indicator = slug === undefined ? undefined : (await indicatorFigures(db, viewer, gate.slug, slug)).indicator;
    const all = await comparableIndicators(db, gate.id);
    const others = all.filter((i) => i.unit !== "tekst" && i.slug !== slug).map(({ slug, name }) => ({ slug, name }));
    return { plan, indicator, others, compareWith: all.find((i) => i.slug === slug)?.compareWith ?? null };
  }

  const show = async (c: Context<AppEnv>) => {
    const { plan, indicator, others, compareWith } = await load(c);
    return c.render(<IndicatorForm plan={plan} indicator={indicator} others={others} values={valuesOf(indicator, compareWith)} version={indicator?.version ?? null} />);
  };
  const save = async (c: Context<AppEnv>) => {
    const { plan, indicator, others } = await load(c);
    const { values, version } = readForm(await c.req.parseBody({ all: true }));
    try {
      const saved = await saveIndicator(db, c.get("viewer"), plan.slug, indicator?.slug, inputOf(values, version));
      return c.redirect(`/plannen/${plan.slug}/cijfers/${saved.slug}?opgeslagen=1`, 303);
    } catch (error) {
      if (error instanceof InputError) {
        const { errors, other } = problemsForForm(error.problems, fieldOf);
        c.status(400);
        return c.render(<IndicatorForm plan={plan} indicator={indicator} others={others} values={values} version={version} errors={errors} problems={other} />);
      }
      if (error instanceof ConflictError && indicator) {
        c.status(409);
        return c.render(<IndicatorForm plan={plan} indicator={indicator} others={others} values={values} version={indicator.version} problems={[error.message]} />);
      }
      throw error;
    }
  };
  app.get("/:slug/cijfers/nieuw", show).post("/:slug/cijfers/nieuw", save);
  app.get("/:slug/cijfers/:indicator/bewerken", show).post("/:slug/cijfers/:indicator/bewerken", save);
  return app;
}
