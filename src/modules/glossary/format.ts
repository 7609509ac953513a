/** The glossary: every abbreviation a reader meets, explained in plain Dutch. `data/glossary.yaml`. */
import { z } from "zod";
import { GLOSSARY_LENGTH } from "../../lib/limits.ts";

/** Longest allowed text per field, in characters: the same for the form, the API and imports (lib/limits.ts). */
export const GLOSSARY_LIMITS = GLOSSARY_LENGTH;

const text = (label: string, limit: number, empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(limit, { error: (issue) => `${label}: ten hoogste ${limit} tekens (nu ${(issue.input as string).length}).` });

export const glossaryEntrySchema = z.strictObject({
  /** The abbreviation or term as it appears: "OZA", "5 onder a". */
  term: text("Begrip of afkorting", GLOSSARY_LIMITS.term, "Vul het begrip of de afkorting in."),
  /** Written out in full, when it is an abbreviation. */
  full: text("Voluit", GLOSSARY_LIMITS.full, "Vul in hoe de afkorting voluit luidt, of laat het veld weg.").optional(),
  /** Short explanation in plain Dutch. */
  meaning: text("Betekenis", GLOSSARY_LIMITS.meaning, "Vul de betekenis in."),
});

export const glossaryFileSchema = z.strictObject({ terms: z.array(glossaryEntrySchema).min(1) });
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
