/**
 * The copy form, without JavaScript: /plannen/:slug/kopieren proposes a title, short name and
 * period for next year's plan and asks which items come along; copyPlan checks and writes.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Field, ProblemNotice, Radios, SubmitOrCancel } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { slugFromText } from "../../lib/slug.ts";
import type { Viewer } from "../access/viewer.ts";
import { progressOfPlan } from "../monitoring/updates.ts";
import { freeSlug } from "../plans/create.ts";
import { formReader } from "../plans/edit.tsx";
import { getPlan, type PlanDetail } from "../plans/reading.ts";
import { proposeCopy } from "./proposal.ts";
import { finishedItems, latestStatuses, type CopyChoice } from "./rules.ts";
import { copyPlan, type CopyPlanInput } from "./service.ts";

export interface CopyFields {
  title: string;
  slug: string;
  period: { label: string; start: string; end: string };
  items: string;
}

export function copyFieldsFromForm(body: Parameters<typeof formReader>[0]): CopyFields {
  const { text } = formReader(body);
  return {
    title: text("title"),
    slug: text("slug"),
    period: { label: text("periode-naam"), start: text("periode-start"), end: text("periode-eind") },
    items: text("onderdelen"),
  };
}

/** Where the form shows a problem copyPlan names by path (copyPlanSchema); undefined: in the notice at the top. */
export function copyFormField(path: string): string | undefined {
  const fields: Record<string, string> = {
    title: "title",
    slug: "slug",
    items: "onderdelen",
    "period.label": "periode-naam",
    "period.start": "periode-start",
    "period.end": "periode-eind",
  };
  return fields[path];
}

const toInput = (f: CopyFields): CopyPlanInput => ({ title: f.title, slug: f.slug || null, period: f.period, items: f.items as CopyChoice });

async function finishedCount(db: AppDeps["db"], plan: PlanDetail): Promise<number> {
  const progress = await progressOfPlan(db, plan, undefined, { lastWhenOver: true, round: null });
  return finishedItems(plan.items, latestStatuses(progress.items, progress.earlier)).size;
}

function CopyPage(props: { plan: PlanDetail; fields: CopyFields; finished: number; errors?: Record<string, string>; problems?: string[] }) {
  const { plan, fields } = props;
  const errors = props.errors ?? {};
  return (
    <Page
      title={`${plan.title} kopiëren`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Plan voor een nieuwe periode</h1>
      <p class="utrecht-paragraph">
        Koers maakt een nieuw plan met de teksten, onderdelen, partijen, onderwerpen, verwijzingen en indicatoren van {plan.title}. Het
        nieuwe plan begint als concept, niet openbaar en zonder voortgang of metingen. Het plan {plan.title} zelf blijft zoals het is.
      </p>
      {(Object.keys(errors).length > 0 || (props.problems?.length ?? 0) > 0) && (
        <ProblemNotice summary="Het plan is niet gekopieerd. Verbeter wat hieronder is aangegeven." other={props.problems} />
      )}
      <form method="post" action={`/plannen/${plan.slug}/kopieren`} class="koers-form koers-form--wide">
        <CsrfField />
        <Field name="title" label="Titel van het nieuwe plan" value={fields.title} error={errors.title} />
        <Field
          name="slug"
          label="Korte naam in het adres"
          value={fields.slug}
          required={false}
          error={errors.slug}
          hint="Alleen kleine letters, cijfers en streepjes. Laat leeg: dan maakt Koers er een van de titel."
        />
        <fieldset>
          <legend>Periode van het nieuwe plan</legend>
          <Field name="periode-naam" label="Naam van de periode" value={fields.period.label} error={errors["periode-naam"]} hint="Bijvoorbeeld schooljaar 2026-2027." />
          <Field name="periode-start" type="date" label="Begin" value={fields.period.start} error={errors["periode-start"]} />
          <Field name="periode-eind" type="date" label="Einde" value={fields.period.end} error={errors["periode-eind"]} />
        </fieldset>
        <Radios
          name="onderdelen"
          legend="Welke onderdelen gaan mee?"
          hint={`Een onderdeel is af als de laatste voortgang "afgerond" of "vervallen" zegt. Een onderdeel waaronder nog iets open staat, gaat altijd mee. Nu af: ${props.finished} ${props.finished === 1 ? "onderdeel" : "onderdelen"}.`}
          value={fields.items}
          error={errors.onderdelen}
          required
          options={[
            { value: "all", label: "Alle onderdelen" },
            { value: "unfinished", label: "Alleen de onderdelen die nog niet af zijn" },
          ]}
        />
        <SubmitOrCancel label="Nieuw plan maken" cancel={`/plannen/${plan.slug}`} />
      </form>
    </Page>
  );
}

export function copyPages({ db }: AppDeps) {
  const load = (viewer: Viewer, slug: string) => getPlan(db, viewer, slug, "edit");
  return new Hono<AppEnv>()
    .get("/:slug/kopieren", async (c) => {
      const plan = await load(c.get("viewer"), c.req.param("slug"));
      const proposal = proposeCopy(plan);
      const fields: CopyFields = { ...proposal, slug: await freeSlug(db, slugFromText(proposal.title) || "plan"), items: "unfinished" };
      return c.render(<CopyPage plan={plan} fields={fields} finished={await finishedCount(db, plan)} />);
    })
    .post("/:slug/kopieren", async (c) => {
      const viewer = c.get("viewer");
      const plan = await load(viewer, c.req.param("slug"));
      const fields = copyFieldsFromForm(await c.req.parseBody({ all: true }));
      try {
        const { slug } = await copyPlan(db, viewer, plan.slug, toInput(fields));
        return c.redirect(`/plannen/${slug}?gekopieerd=1`, 303);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const { errors, other } = problemsForForm(error.problems, copyFormField);
        c.status(400);
        return c.render(<CopyPage plan={plan} fields={fields} finished={await finishedCount(db, plan)} errors={errors} problems={other} />);
      }
    });
}
