/**
 * The exchange format of an evaluation: a report on a plan over one period, with
 * per item what was achieved (resultaten) and what comes next (planning).
 * `data/evaluations/*.yaml`.
 */
import { z } from "zod";
import { slug } from "../../lib/slug.ts";
import { LENGTH, tooLong } from "../../lib/limits.ts";
import { periodSchema, sectionsSchema } from "../plans/format.ts";

const limited = (label: string, max: number) => z.string().min(1).max(max, tooLong(label, max));

/** Parts of an update that are Koers's reading: `item` when the evaluation does not name the item it reports on. */
export const updateInterpretations = ["item"] as const;

export const updateSchema = z.strictObject({
  /** Code of the item in the plan this update is about ("1.1"). */
  item: limited("Onderdeel", LENGTH.code),
  /** The heading the evaluation uses for this part, if it differs from the item title. */
  heading: limited("Kop", LENGTH.title).optional(),
  /** Text blocks as the evaluation writes them, e.g. "Resultaten gericht op ...". */
  results: sectionsSchema("Resultaten").default([]),
  /** What comes next ("Planning voor 2023"). */
  planning: sectionsSchema("Planning").default([]),
  /** Which parts are Koers's interpretation, not the evaluation's words; left out when none are. */
  interpreted: z.array(z.enum(updateInterpretations)).min(1, "laat 'interpreted' weg als niets geïnterpreteerd is").optional(),
});

export const evaluationSchema = z.strictObject({
  slug,
  title: limited("Titel", LENGTH.title),
  subtitle: limited("Ondertitel", LENGTH.phrase).optional(),
  /** The plan evaluated (slug). */
  plan: slug,
  /** The reporting period the evaluation covers. */
  period: periodSchema,
  /** Date of the evaluation document. */
  date: z.iso.date(),
  published: z.boolean().default(false),
  source: limited("Bron", LENGTH.name).optional(),
  /** Text before the per-item updates. */
  sections: sectionsSchema("Inleidende teksten").default([]),
  updates: z.array(updateSchema).default([]),
  /** Text after the per-item updates. */
  closingSections: sectionsSchema("Slotteksten").default([]),
  footnotes: z.array(z.strictObject({ mark: limited("Voetnootteken", LENGTH.code), text: limited("Voetnoot", LENGTH.note) })).default([]),
});

export type EvaluationFile = z.infer<typeof evaluationSchema>;
