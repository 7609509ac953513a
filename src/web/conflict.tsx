/**
 * What a refused save shows when someone else saved the same thing in between:
 * who and when, their values and yours. Every edit form with optimistic locking
 * (items, plans, glossary terms) uses it, after the merge in src/lib/merge.ts.
 */
import { formatDateTime } from "../lib/dates.ts";
import { Notice } from "./forms.tsx";
import { DataTable } from "./parts/table.tsx";

export interface Conflict<T> {
  by: string;
  at: Date;
  theirs: T;
  changed: (keyof T)[];
  conflicts: (keyof T)[];
}

/** What someone else saved while you edited: their values, and yours where you both changed a field. */
export function ConflictReport<T>(props: {
  what: string;
  conflict: Conflict<T>;
  mine: T;
  labels: Record<keyof T, string>;
  show: (name: keyof T, fields: T) => string;
}) {
  const { conflict, mine, labels, show } = props;
  return (
    <>
      <Notice kind="error">
        <p class="utrecht-paragraph">
          {conflict.by} heeft {props.what} op {formatDateTime(conflict.at)} gewijzigd terwijl u het bewerkte. Uw wijzigingen zijn
          nog niet opgeslagen.
        </p>
        <p class="utrecht-paragraph">
          Wat alleen de ander veranderde, staat al in het formulier. Waar u allebei iets anders schreef, staat uw tekst in het
          formulier en die van de ander hieronder. Kies, pas aan en sla opnieuw op.
        </p>
      </Notice>
      <DataTable
        id="conflict"
        caption="Wat de ander veranderde"
        rows={conflict.changed}
        columns={[
          {
            label: "Veld",
            rowHeader: true,
            cell: (name) => (
              <>
                {labels[name]}
                {conflict.conflicts.includes(name) && (
                  <>
                    {" "}
                    <span class="koers-badge">allebei gewijzigd</span>
                  </>
                )}
              </>
            ),
          },
          { label: "Nu opgeslagen", cell: (name) => <span class="koers-pre">{show(name, conflict.theirs)}</span> },
          { label: "Uw versie", cell: (name) => <span class="koers-pre">{conflict.conflicts.includes(name) ? show(name, mine) : "(overgenomen)"}</span> },
        ]}
      />
    </>
  );
}
