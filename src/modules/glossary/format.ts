/** The glossary: every abbreviation a reader meets, explained in plain Dutch. `data/glossary.yaml`. */
import { z } from "zod";

export const glossaryEntrySchema = z.strictObject({
  /** The abbreviation or term as it appears: "OZA", "5 onder a". */
  term: z.string().min(1),
  /** Written out in full, when it is an abbreviation. */
  full: z.string().min(1).optional(),
  /** Short explanation in plain Dutch. */
  meaning: z.string().min(1),
});

export const glossaryFileSchema = z.strictObject({ terms: z.array(glossaryEntrySchema).min(1) });
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
