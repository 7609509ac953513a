/** npm run check:data — validates every file in data/ and the references between them. */
import { readDataDir } from "../src/modules/exchange/data-files.ts";
import { InputError } from "../src/lib/validation.ts";

try {
  const data = readDataDir(new URL("../data", import.meta.url).pathname);
  console.log(
    `In orde: ${data.organisations.organisations.length} organisaties, ${data.organisations.regions.length} regio's, ` +
      `${data.plans.length} plannen, ${data.evaluations.length} evaluaties, ${data.glossary.length} begrippen, ${data.topics.length} onderwerpen.`,
  );
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.error(error.message);
  process.exit(1);
}
