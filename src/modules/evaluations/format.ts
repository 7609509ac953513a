/**
 * The exchange format of an evaluation: a report on a plan over one period, with
 * per item what was achieved (resultaten) and what comes next (planning).
 * `data/evaluations/*.yaml`.
 */
import { z } from "zod";
import { slug } from "../../lib/slug.ts";
import { periodSchema, sectionSchema } from "../plans/format.ts";

/** Parts of an update that are Koers's reading: `item` when the evaluation does not name the item it reports on. */
export const updateInterpretations = ["item"] as const;

export const updateSchema = z.strictObject({
  /** Code of the item in the plan this update is about ("1.1"). */
  item: z.string().min(1),
  /** The heading the evaluation uses for this part, if it differs from the item title. */
  heading: z.string().min(1).optional(),
  /** Text blocks as the evaluation writes them, e.g. "Resultaten gericht op ...". */
  results: z.array(sectionSchema).default([]),
  /** What comes next ("Planning voor 2023"). */
  planning: z.array(sectionSchema).default([]),
  /** Which parts are Koers's interpretation, not the evaluation's words; left out when none are. */
  interpreted: z.array(z.enum(updateInterpretations)).min(1, "laat 'interpreted' weg als niets geïnterpreteerd is").optional(),
});

export const evaluationSchema = z.strictObject({
  slug,
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  /** The plan evaluated (slug). */
  plan: slug,
  /** The reporting period the evaluation covers. */
  period: periodSchema,
  /** Date of the evaluation document. */
  date: z.iso.date(),
  published: z.boolean().default(false),
  source: z.string().min(1).optional(),
  /** Text before the per-item updates. */
  sections: z.array(sectionSchema).default([]),
  updates: z.array(updateSchema).default([]),
  /** Text after the per-item updates. */
  closingSections: z.array(sectionSchema).default([]),
  footnotes: z.array(z.strictObject({ mark: z.string().min(1), text: z.string().min(1) })).default([]),
});

export type EvaluationFile = z.infer<typeof evaluationSchema>;
