import { statusLabels, type Status } from "./status.ts";

/**
 * A progress status as a small label: always the words ("Op koers"), the colour
 * (koers.css, .koers-status--*) only supports them; dark text on a light tint.
 * `note` follows in brackets, e.g. "berekend" for a rolled-up status.
 */
export function StatusBadge({ status, note }: { status: Status | null; note?: string | undefined }) {
  return (
    <span class={`koers-status koers-status--${status ?? "geen"}`}>
      {status ? statusLabels[status] : "Nog geen status"}
      {note && ` (${note})`}
    </span>
  );
}
