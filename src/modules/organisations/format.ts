/** The exchange format of organisations and regions: `data/organisations/*.yaml`. */
import { z } from "zod";
import { slug } from "../../lib/slug.ts";

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
  name: z.string().min(1),
  /** Short name or abbreviation used in the documents: "PPO-NK", "swvnk". */
  shortName: z.string().min(1).optional(),
  kind: z.enum(organisationKinds),
  note: z.string().min(1).optional(),
});

export const regionSchema = z.strictObject({
  slug,
  name: z.string().min(1),
  kind: z.enum(regionKinds),
  note: z.string().min(1).optional(),
  members: z
    .array(
      z.strictObject({
        organisation: slug,
        /** Qualifies membership, e.g. "alleen primair onderwijs". */
        note: z.string().min(1).optional(),
      }),
    )
    .default([]),
});

export const organisationsFileSchema = z.strictObject({
  organisations: z.array(organisationSchema).default([]),
  regions: z.array(regionSchema).default([]),
});

export type OrganisationsFile = z.infer<typeof organisationsFileSchema>;
