/** Parts that plans and evaluations share on their pages. */
import { Markdown } from "./markdown.tsx";
import type { Section } from "../modules/plans/format.ts";

export function Footnotes({ footnotes }: { footnotes: { mark: string; text: string }[] }) {
  if (footnotes.length === 0) return null;
  return (
    <section class="koers-footnotes" aria-labelledby="voetnoten">
      <h2 class="utrecht-heading-2" id="voetnoten">
        Voetnoten
      </h2>
      <dl class="koers-meta">
        {footnotes.map((f) => (
          <>
            <dt>{f.mark}</dt>
            <dd>
              <Markdown text={f.text} />
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}

/** Text sections, each under its own heading; with `idPrefix` each can be linked to. */
export function Sections({ sections, level, idPrefix }: { sections: Section[]; level: 2 | 3; idPrefix?: string }) {
  const H = `h${level}` as "h2";
  return (
    <>
      {sections.map((s, i) => {
        const id = idPrefix ? `${idPrefix}-${i}` : undefined;
        return (
          <section id={id} aria-labelledby={id && `${id}-titel`}>
            <H class={`utrecht-heading-${level}`} id={id && `${id}-titel`}>
              {s.title}
            </H>
            <Markdown text={s.text} />
          </section>
        );
      })}
    </>
  );
}

export function SourceNote({ source }: { source: string | null }) {
  return source ? <p class="utrecht-paragraph koers-note">Bron: het oorspronkelijke document ({source}).</p> : null;
}
