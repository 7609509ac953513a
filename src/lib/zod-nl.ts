/** Validation messages in Dutch, for every schema in Koers (zod's configuration is global). */
import { z } from "zod";

z.config(z.locales.nl());
