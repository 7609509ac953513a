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

const dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "2023-12-04" → "4 december 2023". */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(`${iso}T00:00:00Z`));
}
