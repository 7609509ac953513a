/** Dutch words for stored codes. */
const kinds: Record<string, string> = {
  agenda: "Agenda",
  uitvoeringsagenda: "Uitvoeringsagenda",
  uitvoeringsplan: "Uitvoeringsplan",
  jaarplan: "Jaarplan",
  activiteitenplan: "Activiteitenplan",
  ondersteuningsplan: "Ondersteuningsplan",
};
const statuses: Record<string, string> = {
  concept: "Concept",
  "in-besluitvorming": "In besluitvorming",
  vastgesteld: "Vastgesteld",
  afgesloten: "Afgesloten",
};

export const kindLabel = (kind: string) => kinds[kind] ?? kind;
export const statusLabel = (status: string) => statuses[status] ?? status;

/** "2023-12-04" → "4 december 2023": from the date module, for the views that import it from here. */
export { formatDate } from "../../../lib/dates.ts";
