/**
 * The edit actions of one row (an item of a plan, a user, …) behind one disclosure button:
 * closed it is a single Tab stop, open it lists the actions as links. It is a `<details>`
 * element, so it opens with Enter or Space and works without JavaScript.
 */
import type { Child } from "hono/jsx";

export interface Action {
  href: string;
  /** The link text; it names the row too, so that it makes sense in a list of all links. */
  label: Child;
}

export function ActionMenu({ about, actions, label = "Acties" }: { about: Child; actions: readonly (Action | false | null | undefined)[]; label?: string }) {
  const shown = actions.filter((a): a is Action => !!a);
  if (shown.length === 0) return null;
  return (
    <details class="koers-actions">
      <summary class="koers-actions__button">
        {label}
        <span class="visually-hidden"> voor {about}</span>
      </summary>
      <ul class="koers-actions__list">
        {shown.map((a) => (
          <li>
            <a class="utrecht-link" href={a.href}>
              {a.label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
