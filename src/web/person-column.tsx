/** A table column that names a person: the name, with the e-mail address under it. */
import type { Column } from "./parts/table.tsx";

export function personColumn<R extends { name: string; email: string }>(label: string): Column<R> {
  return {
    label,
    rowHeader: true,
    cell: (person) => (
      <>
        {person.name}
        <br />
        <span class="koers-note">{person.email}</span>
      </>
    ),
  };
}
