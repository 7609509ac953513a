/**
 * One table for every list of rows in Koers, over the NL Design System (Utrecht) table classes.
 *
 * The table sits in a scroll region of its own: when its columns do not fit (a phone, or a
 * laptop zoomed to 400%), the table scrolls sideways inside the region and the page itself
 * does not (WCAG 1.4.10, reflow). The region is named by the caption and can take the focus,
 * so that keyboard users can scroll it too.
 */
import type { Child } from "hono/jsx";

export interface Column<R> {
  /** The column header. */
  label: Child;
  /** What a row shows in this column. */
  cell: (row: R) => Child;
  /** The cells of this column name their rows: row headers (`th scope="row"`). */
  rowHeader?: boolean;
  /** Numbers, aligned to the end. */
  numeric?: boolean;
}

export interface DataTableProps<R> {
  /** Unique on the page; the caption gets the id `${id}-titel`. */
  id: string;
  caption: Child;
  /** Shown to screen readers only, when a heading right above says the same. */
  hideCaption?: boolean;
  /** Columns in order; `false`, `null` or `undefined` leaves a column out. */
  columns: readonly (Column<R> | false | null | undefined)[];
  rows: readonly R[];
  /** An id for a row (a link target); none when it returns undefined. */
  rowId?: (row: R) => string | undefined;
  /** An extra class for a row. */
  rowClass?: (row: R) => string | undefined;
  /** An extra class for the table. */
  class?: string;
}

/** A region that scrolls sideways on its own when its content is wider than the page. */
export function ScrollRegion({ labelledBy, children, class: extra }: { labelledBy: string; children: Child; class?: string }) {
  return (
    <div
      class={`utrecht-table-container utrecht-table-container--overflow-inline koers-scroll${extra ? ` ${extra}` : ""}`}
      role="region"
      aria-labelledby={labelledBy}
      tabindex={0}
    >
      {children}
    </div>
  );
}

export function DataTable<R>(props: DataTableProps<R>) {
  const columns = props.columns.filter((c): c is Column<R> => !!c);
  const captionId = `${props.id}-titel`;
  return (
    <ScrollRegion labelledBy={captionId}>
      <table class={`utrecht-table koers-table${props.class ? ` ${props.class}` : ""}`} id={props.id}>
        <caption class={`utrecht-table__caption koers-caption${props.hideCaption ? " visually-hidden" : ""}`} id={captionId}>
          {props.caption}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {columns.map((c) => (
              <th class={`utrecht-table__header-cell${c.numeric ? " utrecht-table__header-cell--numeric-column" : ""}`} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {props.rows.map((row) => {
            const extra = props.rowClass?.(row);
            return (
              <tr class={`utrecht-table__row${extra ? ` ${extra}` : ""}`} id={props.rowId?.(row)}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th class="utrecht-table__header-cell" scope="row">
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td class={`utrecht-table__cell${c.numeric ? " utrecht-table__cell--numeric-data" : ""}`}>{c.cell(row)}</td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
