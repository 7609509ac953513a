/** The short name of a plan, organisation, region or topic in addresses and files: shared by every module's format. */
import { z } from "zod";

export const SLUG_MAX = 100;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slug = z
  .string()
  .max(SLUG_MAX, `hoogstens ${SLUG_MAX} tekens`)
  .regex(SLUG_PATTERN, "alleen kleine letters, cijfers en streepjes");

/** A slug a person or client names in a change, with messages that name the field: "Onderwerp: …". */
export const slugNamed = (label: string) =>
  z
    .string({ error: `${label}: geef de korte naam (alleen kleine letters, cijfers en streepjes).` })
    .max(SLUG_MAX, { error: (issue) => `${label}: hoogstens ${SLUG_MAX} tekens (nu ${(issue.input as string).length}).` })
    .regex(SLUG_PATTERN, `${label}: alleen kleine letters, cijfers en streepjes.`);

/** A slug proposed for a name: "Uitvoeringsplan Noord-Kennemerland 2026-2027" → "uitvoeringsplan-noord-kennemerland-2026-2027"; empty when nothing is left. */
export function slugFromText(text: string, max = 80): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
}
