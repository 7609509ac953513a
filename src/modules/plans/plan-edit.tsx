/**
 * Editing a plan's own fields in the browser, without JavaScript: title, status,
 * period, publication, its opening and closing texts, the internal note and the
 * approval route. Same conflict handling as for items.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Field, ProblemNotice, Select, SubmitOrCancel, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { ConflictReport, type Conflict } from "../../web/conflict.tsx";
import { formReader, mergeAfterConflict, readSections, sectionField, SectionInputs } from "./edit.tsx";
import { planStatuses } from "./format.ts";
import { changedFields } from "./merge.ts";
import { planFieldsOf, StalePlanError, updatePlan, type Approval, type PlanFields } from "./plan-editing.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { getPlan, type PlanDetail } from "./reading.ts";

const statusLabels: Record<PlanFields["status"], string> = {
  concept: "Concept",
  "in-besluitvorming": "In besluitvorming",
  vastgesteld: "Vastgesteld",
  afgesloten: "Afgesloten",
};

const labels: Record<keyof PlanFields, string> = {
  title: "Titel",
  subtitle: "Ondertitel",
  status: "Status",
  published: "Openbaar",
  period: "Periode",
  sections: "Inleidende teksten",
  closingSections: "Slotteksten",
  internalNote: "Interne notitie",
  approvals: "Besluitvorming",
};

function shown(name: keyof PlanFields, f: PlanFields): string {
  switch (name) {
    case "published":
      return f.published ? "ja" : "nee";
    case "period":
      return `${f.period.label} (${f.period.start} tot en met ${f.period.end})`;
    case "sections":
    case "closingSections":
      return f[name].map((s) => `${s.title}: ${s.text}`).join("\n\n") || "(geen)";
    case "approvals":
      return f.approvals.map((a) => `${a.body}, ${a.outcome}${a.date ? `, ${a.date}` : ""}${a.adopts ? " (stelt vast)" : ""}`).join("\n") || "(geen)";
    default:
      return f[name] || "(leeg)";
  }
}

type FormBody = Parameters<typeof formReader>[0];

export function planFieldsFromForm(body: FormBody): PlanFields {
  const reader = formReader(body);
  const { text, has } = reader;
  const approvals: Approval[] = [];
  for (let i = 0; has(`besluit-orgaan-${i}`); i++) {
    const a = {
      body: text(`besluit-orgaan-${i}`),
      date: text(`besluit-datum-${i}`) || null,
      outcome: text(`besluit-uitkomst-${i}`),
      adopts: text(`besluit-vaststelling-${i}`) === "ja",
      note: text(`besluit-toelichting-${i}`) || null,
    };
    if (a.body || a.date || a.outcome || a.note) approvals.push(a);
  }
  return {
    title: text("title"),
    subtitle: text("subtitle") || null,
    status: text("status") as PlanFields["status"],
    published: text("published") === "ja",
    period: { label: text("periode-naam"), start: text("periode-start"), end: text("periode-eind") },
    sections: readSections(reader, "inleiding"),
    closingSections: readSections(reader, "slot"),
    internalNote: text("internalNote") || null,
    approvals,
  };
}

const approvalFields: Record<string, string> = { body: "orgaan", outcome: "uitkomst", date: "datum", note: "toelichting" };

/** Where the plan form shows a problem updatePlan names by path (planFieldsSchema); undefined: in the notice at the top. */
export function planFormField(path: string): string | undefined {
  const simple: Record<string, string> = {
    title: "title",
    subtitle: "subtitle",
    status: "status",
    internalNote: "internalNote",
    "period.label": "periode-naam",
    "period.start": "periode-start",
    "period.end": "periode-eind",
  };
  if (simple[path]) return simple[path];
  const approval = /^approvals\[(\d+)\]\.(\w+)$/.exec(path);
  if (approval && approvalFields[approval[2]!]) return `besluit-${approvalFields[approval[2]!]}-${approval[1]}`;
  return sectionField(/^sections\[(\d+)\]\.(title|text)$/.exec(path), "inleiding") ?? sectionField(/^closingSections\[(\d+)\]\.(title|text)$/.exec(path), "slot");
}

function PlanEditPage(props: {
  plan: PlanDetail;
  fields: PlanFields;
  base: PlanFields;
  version: number;
  errors?: Partial<Record<string, string>>;
  /** Problems the service found that have no field of their own on the form. */
  problems?: string[] | undefined;
  conflict?: Conflict<PlanFields> | undefined;
}) {
  const { plan, fields } = props;
  const errors = props.errors ?? {};
  const approvals = [...fields.approvals, { body: "", date: null, outcome: "", adopts: false, note: null }];
  return (
    <Page
      title={`${plan.title} bewerken`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Plan bewerken</h1>
      <p class="utrecht-paragraph">{plan.title}</p>
      {(Object.keys(errors).length > 0 || props.problems?.length) && (
        <ProblemNotice summary="Het plan is niet opgeslagen. Verbeter wat hieronder is aangegeven." other={props.problems} />
      )}
      {props.conflict && <ConflictReport what="dit plan" conflict={props.conflict} mine={fields} labels={labels} show={shown} />}
      <form method="post" action={`/plannen/${plan.slug}/bewerken`} class="koers-form koers-form--wide">
        <CsrfField />
        <input type="hidden" name="version" value={String(props.version)} />
        <input type="hidden" name="basis" value={JSON.stringify(props.base)} />
        <Field name="title" label="Titel" value={fields.title} error={errors.title} />
        <Field name="subtitle" label="Ondertitel" value={fields.subtitle ?? ""} required={false} error={errors.subtitle} />
        <Select
          name="status"
          label="Status"
          value={fields.status}
          error={errors.status}
          options={planStatuses.map((s) => ({ value: s, label: statusLabels[s] }))}
        />
        <Checkbox name="published" value="ja" label="Openbaar: iedereen mag dit plan lezen, ook zonder account" checked={fields.published} />
        <fieldset>
          <legend>Periode</legend>
          <Field name="periode-naam" label="Naam van de periode" value={fields.period.label} error={errors["periode-naam"]} hint="Zoals het plan het schrijft, bijvoorbeeld schooljaar 2025-2026." />
          <Field name="periode-start" type="date" label="Begin" value={fields.period.start} error={errors["periode-start"]} />
          <Field name="periode-eind" type="date" label="Einde" value={fields.period.end} error={errors["periode-eind"]} />
        </fieldset>
        <SectionInputs prefix="inleiding" legend="Inleidende teksten" sections={fields.sections} errors={errors} />
        <SectionInputs prefix="slot" legend="Slotteksten" sections={fields.closingSections} errors={errors} />
        <TextArea name="internalNote" label="Interne notitie (niet openbaar)" value={fields.internalNote ?? ""} rows={3} error={errors.internalNote} />
        <fieldset>
          <legend>Besluitvorming</legend>
          <p class="utrecht-paragraph koers-note">
            Elk besluit over het plan: welk orgaan, wat het deed en wanneer. Vink "stelt het plan vast" aan bij het besluit dat
            het plan geldig maakt; Koers bewaart dan een versie van het plan zoals het is vastgesteld. Maak alle velden van een
            besluit leeg om het te verwijderen; het laatste lege besluit voegt er een toe.
          </p>
          {approvals.map((a, i) => (
            <div class="koers-section-edit">
              <Field name={`besluit-orgaan-${i}`} label={`Orgaan van besluit ${i + 1}`} value={a.body} required={false} error={errors[`besluit-orgaan-${i}`]} />
              <Field name={`besluit-uitkomst-${i}`} label={`Uitkomst van besluit ${i + 1}`} value={a.outcome} required={false} error={errors[`besluit-uitkomst-${i}`]} hint="Bijvoorbeeld advies, instemming of vastgesteld." />
              <Field name={`besluit-datum-${i}`} type="date" label={`Datum van besluit ${i + 1}`} value={a.date ?? ""} required={false} error={errors[`besluit-datum-${i}`]} />
              <Field name={`besluit-toelichting-${i}`} label={`Toelichting bij besluit ${i + 1}`} value={a.note ?? ""} required={false} error={errors[`besluit-toelichting-${i}`]} />
              <Checkbox name={`besluit-vaststelling-${i}`} value="ja" label={`Besluit ${i + 1} stelt het plan vast`} checked={a.adopts} />
            </div>
          ))}
        </fieldset>
        <SubmitOrCancel cancel={`/plannen/${plan.slug}`} />
      </form>
    </Page>
  );
}

export function planEditPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  const load = (viewer: AppEnv["Variables"]["viewer"], slug: string) => getPlan(db, viewer, slug, "edit");

  app.get("/:slug/bewerken", async (c) => {
    const plan = await load(c.get("viewer"), c.req.param("slug"));
    const fields = planFieldsOf(plan);
    return c.render(<PlanEditPage plan={plan} fields={fields} base={fields} version={plan.version} />);
  });

  app.post("/:slug/bewerken", async (c) => {
    const viewer = c.get("viewer");
    const plan = await load(viewer, c.req.param("slug"));
    const body = await c.req.parseBody({ all: true });
    const mine = planFieldsFromForm(body);
    const { text } = formReader(body);
    let base: PlanFields;
    try {
      base = { ...planFieldsOf(plan), ...JSON.parse(text("basis") || "{}") } as PlanFields;
    } catch {
      base = planFieldsOf(plan);
    }
    const version = Number(text("version"));
    const changed = changedFields(base, mine);
    if (changed.length === 0) return c.redirect(`/plannen/${plan.slug}`, 303);
    try {
      const patch = Object.fromEntries(changed.map((name) => [name, mine[name]])) as Partial<PlanFields>;
      const { snapshots } = await updatePlan(db, viewer, plan.slug, version, patch);
      return c.redirect(`/plannen/${plan.slug}?plan-opgeslagen=1${snapshots.length ? "&versie=1" : ""}`, 303);
    } catch (error) {
      if (error instanceof InputError) {
        const { errors, other } = problemsForForm(error.problems, planFormField);
        c.status(400);
        return c.render(<PlanEditPage plan={plan} fields={mine} base={base} version={version} errors={errors} problems={other} />);
      }
      if (!(error instanceof StalePlanError)) throw error;
      const { merged, conflict } = await mergeAfterConflict(db, viewer, { plan: plan.slug }, { base, mine, theirs: planFieldsOf(plan) });
      c.status(409);
      return c.render(
        <PlanEditPage
          plan={plan}
          fields={merged}
          base={conflict.theirs}
          version={plan.version}
          conflict={conflict}
        />,
      );
    }
  });

  return app;
}
