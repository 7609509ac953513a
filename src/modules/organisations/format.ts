/** The exchange format of organisations and regions: `data/organisations/*.yaml`. */
import { z } from "zod";
import { slug } from "../../lib/slug.ts";
import { LENGTH, tooLong } from "../../lib/limits.ts";

const limited = (label: string, max: number) => z.string().min(1).max(max, tooLong(label, max));

export const organisationKinds = [
  "gemeente",
  "swv-po",
  "swv-vo",
  "school",
  "mbo",
  "jeugdhulp",
  "ggd",
  "cjg",
  "rmc",
  "overig",
] as const;

export const regionKinds = [
  "jeugdhulpregio",
  "rmc-regio",
  "swv-gebied",
  "ggd-regio",
  "arbeidsmarktregio",
  "subregio",
  "provincie",
] as const;

export const organisationSchema = z.strictObject({
  slug,
  name: limited("Naam", LENGTH.name),
  /** Short name or abbreviation used in the documents: "PPO-NK", "swvnk". */
  shortName: limited("Korte naam", LENGTH.name).optional(),
  kind: z.enum(organisationKinds),
  note: limited("Toelichting", LENGTH.phrase).optional(),
});

export const regionSchema = z.strictObject({
  slug,
  name: limited("Naam", LENGTH.name),
  kind: z.enum(regionKinds),
  note: limited("Toelichting", LENGTH.phrase).optional(),
  members: z
    .array(
      z.strictObject({
        organisation: slug,
        /** Qualifies membership, e.g. "alleen primair onderwijs". */
        note: limited("Toelichting", LENGTH.phrase).optional(),
      }),
    )
    .default([]),
});

export const organisationsFileSchema = z.strictObject({
  organisations: z.array(organisationSchema).default([]),
  regions: z.array(regionSchema).default([]),
});

export type OrganisationsFile = z.infer<typeof organisationsFileSchema>;
