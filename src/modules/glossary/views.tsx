import { Field, Notice, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { termAnchor } from "./anchor.ts";
import type { GlossaryEntry } from "./format.ts";

type Entry = GlossaryEntry & { id: number };

function TermFields({ entry, error }: { entry?: Partial<GlossaryEntry>; error?: string | undefined }) {
  return (
    <>
      <Field name="term" label="Begrip of afkorting" value={entry?.term} error={error} />
      <Field name="full" label="Voluit (bij een afkorting)" value={entry?.full} required={false} />
      <TextArea name="meaning" label="Betekenis in gewone woorden" value={entry?.meaning} rows={3} />
    </>
  );
}

export function GlossaryPage({ terms, canEdit, notice, error }: { terms: Entry[]; canEdit: boolean; notice?: string; error?: string }) {
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
        <section aria-labelledby="nieuw-begrip">
          <h2 class="utrecht-heading-2" id="nieuw-begrip">
            Begrip toevoegen
          </h2>
          {error && <Notice kind="error">{error}</Notice>}
          <form method="post" action="/begrippen" class="koers-form">
            <CsrfField />
            <TermFields />
            <button type="submit" class="koers-button">
              Toevoegen
            </button>
          </form>
        </section>
      )}
    </Page>
  );
}

export function EditTermPage({ entry, error }: { entry: Entry; error?: string | undefined }) {
  return (
    <Page title={`${entry.term} bewerken`} crumbs={[{ href: "/begrippen", label: "Begrippen" }]}>
      <h1 class="utrecht-heading-1">{entry.term} bewerken</h1>
      <form method="post" action={`/begrippen/${entry.id}`} class="koers-form">
        <CsrfField />
        <TermFields entry={entry} error={error} />
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
