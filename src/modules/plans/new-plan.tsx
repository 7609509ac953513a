/**
 * A new plan in the browser, without JavaScript: /plannen/nieuw asks which template it starts
 * from and its title, kind, owners, regions and period; createPlan (create.ts) checks and
 * writes it. The form maps fields to the command's input and places its problems.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Field, ProblemNotice, Radios, Select, SubmitOrCancel } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { formReader } from "./edit.tsx";
import { assertMayCreatePlan, createPlan, ownerChoices, regionChoices, type NewPlanInput } from "./create.ts";
import { planKinds } from "./format.ts";
import { EMPTY_TEMPLATE, planTemplates, type PlanTemplate } from "./templates.ts";
import { kindLabel } from "./views/labels.ts";

export interface NewPlanFields {
  template: string;
  title: string;
  subtitle: string;
  slug: string;
  kind: string;
  owners: string[];
  regions: string[];
  period: { label: string; start: string; end: string };
}

export function newPlanFromForm(body: Parameters<typeof formReader>[0]): NewPlanFields {
  const { text, values } = formReader(body);
  return {
    template: text("sjabloon"),
    title: text("title"),
    subtitle: text("subtitle"),
    slug: text("slug"),
    kind: text("kind"),
    owners: values("eigenaar").map((v) => v.trim()).filter(Boolean),
    regions: values("regio").map((v) => v.trim()).filter(Boolean),
    period: { label: text("periode-naam"), start: text("periode-start"), end: text("periode-eind") },
  };
}

/** Where the form shows a problem createPlan names by path (newPlanSchema); undefined: in the notice at the top. */
export function newPlanFormField(path: string): string | undefined {
  const simple: Record<string, string> = {
    template: "sjabloon",
    title: "title",
    subtitle: "subtitle",
    slug: "slug",
    kind: "kind",
    owners: "eigenaar",
    regions: "regio",
    "period.label": "periode-naam",
    "period.start": "periode-start",
    "period.end": "periode-eind",
  };
  if (simple[path]) return simple[path];
  if (/^owners\[\d+\]$/.test(path)) return "eigenaar";
  if (/^regions\[\d+\]$/.test(path)) return "regio";
  return undefined;
}

interface Choices {
  templates: PlanTemplate[];
  owners: { slug: string; name: string }[];
  regions: { slug: string; name: string }[];
}

/** A group of checkboxes with a legend, and the problem with the group under it. */
function CheckboxGroup(props: { name: string; legend: string; hint?: string; options: { slug: string; name: string }[]; checked: string[]; error?: string | undefined }) {
  const id = `veld-${props.name}`;
  const described = [props.hint && `${id}-uitleg`, props.error && `${id}-fout`].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset {...(described && { "aria-describedby": described })}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="utrecht-paragraph koers-note" id={`${id}-uitleg`}>
          {props.hint}
        </p>
      )}
      {props.options.map((o) => (
        <Checkbox name={props.name} value={o.slug} label={o.name} checked={props.checked.includes(o.slug)} id={`${id}-${o.slug}`} />
      ))}
      {props.error && (
        <p class="koers-field-error" id={`${id}-fout`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

function NewPlanPage(props: { fields: NewPlanFields; choices: Choices; errors?: Record<string, string>; problems?: string[] }) {
  const { fields, choices } = props;
  const errors = props.errors ?? {};
  return (
    <Page title="Nieuw plan" crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Nieuw plan</h1>
      <p class="utrecht-paragraph">
        Een nieuw plan begint als concept: niet openbaar en nog zonder onderdelen. Daarna voegt u onderdelen toe en neemt u het plan
        door de besluitvorming.
      </p>
      <p class="utrecht-paragraph">
        Staat het plan al in een Word-document? Dan kunt u het{" "}
        <a class="utrecht-link" href="/plannen/inlezen-word">
          plan inlezen uit Word
        </a>
        . Wilt u het plan van volgend jaar maken uit het plan van dit jaar? Open dat plan en kies Plan voor een nieuwe periode.
      </p>
      {(Object.keys(errors).length > 0 || (props.problems?.length ?? 0) > 0) && (
        <ProblemNotice summary="Het plan is niet gemaakt. Verbeter wat hieronder is aangegeven." other={props.problems} />
      )}
      <form method="post" action="/plannen/nieuw" class="koers-form koers-form--wide">
        <CsrfField />
        <Radios
          name="sjabloon"
          legend="Waarmee begint het plan?"
          hint="De niveaus en de indeling (kolommen) van het plan. Kies een bestaand plan als voorbeeld, of een leeg plan met één niveau."
          value={fields.template}
          error={errors.sjabloon}
          required
          options={choices.templates.map((t) => ({ value: t.key, label: `${t.name}. ${t.description}` }))}
        />
        <Field name="title" label="Titel" value={fields.title} error={errors.title} />
        <Field name="subtitle" label="Ondertitel" value={fields.subtitle} required={false} error={errors.subtitle} />
        <Field
          name="slug"
          label="Korte naam in het adres"
          value={fields.slug}
          required={false}
          error={errors.slug}
          hint="Alleen kleine letters, cijfers en streepjes. Laat leeg: dan maakt Koers er een van de titel."
        />
        <Select
          name="kind"
          label="Soort plan"
          value={fields.kind}
          error={errors.kind}
          options={[{ value: "", label: "Kies een soort" }, ...planKinds.map((k) => ({ value: k, label: kindLabel(k) }))]}
        />
        <CheckboxGroup
          name="eigenaar"
          legend="Van welke organisaties is het plan?"
          hint="U kunt kiezen uit de organisaties waarvan u redacteur bent. De redacteuren van deze organisaties mogen het plan bewerken."
          options={choices.owners}
          checked={fields.owners}
          error={errors.eigenaar}
        />
        <CheckboxGroup name="regio" legend="Over welke regio's gaat het plan? (niet verplicht)" options={choices.regions} checked={fields.regions} error={errors.regio} />
        <fieldset>
          <legend>Periode</legend>
          <Field name="periode-naam" label="Naam van de periode" value={fields.period.label} error={errors["periode-naam"]} hint="Bijvoorbeeld schooljaar 2026-2027." />
          <Field name="periode-start" type="date" label="Begin" value={fields.period.start} error={errors["periode-start"]} />
          <Field name="periode-eind" type="date" label="Einde" value={fields.period.end} error={errors["periode-eind"]} />
        </fieldset>
        <SubmitOrCancel label="Plan maken" cancel="/" />
      </form>
    </Page>
  );
}

async function choicesFor(db: AppDeps["db"], viewer: Viewer): Promise<Choices> {
  const [templates, owners, regions] = await Promise.all([planTemplates(db, viewer), ownerChoices(db, viewer), regionChoices(db)]);
  return { templates, owners, regions };
}

/** The command's input from the form's fields: empty texts are no value. */
export function newPlanInput(fields: NewPlanFields): NewPlanInput {
  return {
    template: fields.template,
    title: fields.title,
    subtitle: fields.subtitle || null,
    slug: fields.slug || null,
    kind: fields.kind as NewPlanInput["kind"],
    owners: fields.owners,
    regions: fields.regions,
    period: fields.period,
  };
}

export function newPlanPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/nieuw", async (c) => {
      const viewer = c.get("viewer");
      assertMayCreatePlan(viewer);
      const choices = await choicesFor(db, viewer);
      const fields: NewPlanFields = {
        template: EMPTY_TEMPLATE,
        title: "",
        subtitle: "",
        slug: "",
        kind: "",
        owners: choices.owners.length === 1 ? [choices.owners[0]!.slug] : [],
        regions: [],
        period: { label: "", start: "", end: "" },
      };
      return c.render(<NewPlanPage fields={fields} choices={choices} />);
    })
    .post("/nieuw", async (c) => {
      const viewer = c.get("viewer");
      assertMayCreatePlan(viewer);
      const fields = newPlanFromForm(await c.req.parseBody({ all: true }));
      try {
        const { slug } = await createPlan(db, viewer, newPlanInput(fields));
        return c.redirect(`/plannen/${slug}?nieuw=1`, 303);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const { errors, other } = problemsForForm(error.problems, newPlanFormField);
        c.status(400);
        return c.render(<NewPlanPage fields={fields} choices={await choicesFor(db, viewer)} errors={errors} problems={other} />);
      }
    });
}
