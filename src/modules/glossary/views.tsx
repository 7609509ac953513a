import { Page } from "../../web/layout.tsx";
import { termAnchor } from "./anchor.ts";
import type { GlossaryEntry } from "./format.ts";

export function GlossaryPage({ terms }: { terms: GlossaryEntry[] }) {
  return (
    <Page title="Begrippen en afkortingen" crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Begrippen en afkortingen</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        Wat de afkortingen en vaktermen in de plannen betekenen, in gewone woorden.
      </p>
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
              <dd>{t.meaning}</dd>
            </>
          ))}
        </dl>
      )}
    </Page>
  );
}
