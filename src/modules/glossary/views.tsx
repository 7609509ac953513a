import { Field, FormSection, Notice, TextArea } from "../../web/forms.tsx";
import { ConflictReport, type Conflict } from "../../web/conflict.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { termAnchor } from "./anchor.ts";
import { GLOSSARY_LIMITS } from "./format.ts";
import type { GlossaryTerm } from "./service.ts";

/** A term as its form holds it: empty text is "". */
export interface TermFields {
  term: string;
  full: string;
  meaning: string;
}

export type FieldErrors = Partial<Record<keyof TermFields | "form" | "bevestig", string>>;

export const termLabels: Record<keyof TermFields, string> = {
  term: "Begrip of afkorting",
  full: "Voluit (bij een afkorting)",
  meaning: "Betekenis in gewone woorden",
};

function TermInputs({ fields, errors = {} }: { fields?: TermFields | undefined; errors?: FieldErrors | undefined }) {
  return (
    <>
      {errors.form && <Notice kind="error">{errors.form}</Notice>}
      <Field name="term" label={termLabels.term} value={fields?.term} error={errors.term} hint={`Ten hoogste ${GLOSSARY_LIMITS.term} tekens.`} />
      <Field name="full" label={termLabels.full} value={fields?.full} error={errors.full} required={false} />
      <TextArea
        name="meaning"
        label={termLabels.meaning}
        value={fields?.meaning}
        error={errors.meaning}
        rows={3}
        hint={`Ten hoogste ${GLOSSARY_LIMITS.meaning} tekens.`}
      />
    </>
  );
}

export function GlossaryPage(props: { terms: GlossaryTerm[]; canEdit: boolean; notice?: string; fields?: TermFields; errors?: FieldErrors }) {
  const { terms, canEdit, notice } = props;
  return (
    <Page title="Begrippen en afkortingen" crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Begrippen en afkortingen</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        Wat de afkortingen en vaktermen in de plannen betekenen, in gewone woorden.
      </p>
      {notice && <Notice kind="ok">{notice}</Notice>}
      {terms.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen begrippen.</p>
      ) : (
        <dl class="koers-meta koers-glossary">
          {terms.map((t) => (
            <>
              <dt id={termAnchor(t.term)}>
                {t.term}
                {t.full && <span class="koers-note"> ({t.full})</span>}
              </dt>
              <dd>
                {t.meaning}
                {canEdit && (
                  <>
                    {" "}
                    <a class="utrecht-link koers-note" href={`/begrippen/${t.id}/bewerken`} aria-label={`${t.term} bewerken`}>
                      Bewerken
                    </a>
                  </>
                )}
              </dd>
            </>
          ))}
        </dl>
      )}
      {canEdit && (
        <FormSection id="nieuw-begrip" heading="Begrip toevoegen" action="/begrippen" submit="Toevoegen">
          <TermInputs fields={props.fields} errors={props.errors} />
        </FormSection>
      )}
    </Page>
  );
}

const shown = (name: keyof TermFields, fields: TermFields) => fields[name] || "(leeg)";

export function EditTermPage(props: {
  entry: GlossaryTerm;
  /** What the form shows: the saved term, or what was sent back with its errors or merged after a conflict. */
  fields: TermFields;
  /** The values the form started from, for merging when someone else saves in between. */
  base: TermFields;
  version: number;
  errors?: FieldErrors | undefined;
  conflict?: Conflict<TermFields> | undefined;
}) {
  const { entry } = props;
  return (
    <Page title={`${entry.term} bewerken`} crumbs={[{ href: "/begrippen", label: "Begrippen" }]}>
      <h1 class="utrecht-heading-1">{entry.term} bewerken</h1>
      {props.conflict && <ConflictReport what="dit begrip" conflict={props.conflict} mine={props.fields} labels={termLabels} show={shown} />}
      <form method="post" action={`/begrippen/${entry.id}`} class="koers-form">
        <CsrfField />
        <input type="hidden" name="version" value={String(props.version)} />
        <input type="hidden" name="basis" value={JSON.stringify(props.base)} />
        <TermInputs fields={props.fields} errors={props.errors} />
        <button type="submit" class="koers-button">
          Opslaan
        </button>
      </form>
      <section aria-labelledby="verwijderen">
        <h2 class="utrecht-heading-2" id="verwijderen">
          Verwijderen
        </h2>
        <form method="post" action={`/begrippen/${entry.id}/verwijderen`} class="koers-form">
          <CsrfField />
          {props.errors?.bevestig && <Notice kind="error">{props.errors.bevestig}</Notice>}
          <p>
            <input type="checkbox" id="veld-bevestig" name="bevestig" value="ja" required />
            <label for="veld-bevestig" class="koers-inline-label">
              {" "}
              Ja, verwijder "{entry.term}" uit de begrippenlijst
            </label>
          </p>
          <button type="submit" class="koers-button koers-button--secondary">
            Verwijderen
          </button>
        </form>
      </section>
    </Page>
  );
}
