/**
 * Marks a value that is Koers's reading of a document rather than its words (a code the
 * document does not print there, an organisation inferred from a role): a dotted underline,
 * a small "≈", and for screen readers the words. See docs/decisions/0013.
 */
import type { Child } from "hono/jsx";

const SPOKEN = " (interpretatie van Koers, niet letterlijk uit het document)";

export function Interpreted({ children, marked = true }: { children: Child; marked?: boolean | undefined }) {
  if (!marked) return <>{children}</>;
  return (
    <span class="koers-interpreted">
      {children}
      <span class="koers-interpreted__mark" aria-hidden="true">
        ≈
      </span>
      <span class="visually-hidden">{SPOKEN}</span>
    </span>
  );
}

/** One line above a page that has marked values, saying what the mark means. */
export function InterpretedLegend({ subject, example }: { subject: string; example: string }) {
  return (
    <p class="utrecht-paragraph koers-note">
      <span class="koers-interpreted">
        Gestippeld
        <span class="koers-interpreted__mark" aria-hidden="true">
          ≈
        </span>
      </span>{" "}
      = interpretatie van Koers, niet letterlijk uit {subject}; {example}.
    </p>
  );
}
