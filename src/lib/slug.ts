/** The short name of a plan, organisation, region or topic in addresses and files: shared by every module's format. */
import { z } from "zod";

export const SLUG_MAX = 100;

export const slug = z
  .string()
  .max(SLUG_MAX, `hoogstens ${SLUG_MAX} tekens`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "alleen kleine letters, cijfers en streepjes");
