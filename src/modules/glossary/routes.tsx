import { Hono, type Context, type MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { InputError } from "../../lib/validation.ts";
import { ConflictError } from "../../lib/errors.ts";
import { mergeFields } from "../../lib/merge.ts";
import { canEditGlossary, refusal } from "../access/policy.ts";
import { explainOnPage } from "./on-page.tsx";
import {
  deleteGlossaryTerm,
  getGlossaryTerm,
  glossaryForPages,
  listGlossary,
  saveGlossaryTerm,
  StaleTermError,
  type GlossaryTermDetail,
} from "./service.ts";
import { EditTermPage, GlossaryPage, type FieldErrors, type TermFields } from "./views.tsx";

const fieldsOf = (t: { term: string; full?: string | undefined; meaning: string }): TermFields => ({ term: t.term, full: t.full ?? "", meaning: t.meaning });

/** The service's refusal of the input, next to the fields it names. */
function errorsOf(error: InputError): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of error.problems) {
    const field = (["term", "full", "meaning"] as const).find((f) => p.path === f) ?? "form";
    errors[field] ??= p.message;
  }
  return errors;
}

export function glossaryPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const fieldsFrom = (body: Record<string, unknown>): TermFields => {
    const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
    return { term: text("term"), full: text("full"), meaning: text("meaning") };
  };
  const page = async (c: Context<AppEnv>, extra: { notice?: string; fields?: TermFields; errors?: FieldErrors } = {}) =>
    c.render(<GlossaryPage terms={await listGlossary(db)} canEdit={canEditGlossary(c.get("viewer"))} {...extra} />);
  const requireEditor = (c: Context<AppEnv>) => {
    if (!canEditGlossary(c.get("viewer"))) throw refusal(c.get("viewer"));
  };
  const editPage = (c: Context<AppEnv>, entry: GlossaryTermDetail, form: Partial<Parameters<typeof EditTermPage>[0]> = {}) =>
    c.render(<EditTermPage entry={entry} fields={fieldsOf(entry)} base={fieldsOf(entry)} version={entry.version} {...form} />);

  app.get("/", (c) => page(c));
  app.post("/", async (c) => {
    requireEditor(c);
    const fields = fieldsFrom(await c.req.parseBody());
    try {
      await saveGlossaryTerm(db, c.get("viewer"), fields);
    } catch (e) {
      if (e instanceof InputError) return (c.status(400), page(c, { fields, errors: errorsOf(e) }));
      if (e instanceof ConflictError) return (c.status(409), page(c, { fields, errors: { term: e.message } }));
      throw e;
    }
    return page(c, { notice: `'${fields.term}' is toegevoegd.` });
  });
  app.get("/:id/bewerken", async (c) => {
    requireEditor(c);
    return editPage(c, await getGlossaryTerm(db, Number(c.req.param("id"))));
  });
  app.post("/:id", async (c) => {
    requireEditor(c);
    const entry = await getGlossaryTerm(db, Number(c.req.param("id")));
    const body = await c.req.parseBody();
    const mine = fieldsFrom(body);
    const version = Number(body.version);
    let base = fieldsOf(entry);
    try {
      base = { ...base, ...(JSON.parse(typeof body.basis === "string" ? body.basis : "{}") as Partial<TermFields>) };
    } catch {
      // A form without a readable start: merge against the term as it is now.
    }
    try {
      await saveGlossaryTerm(db, c.get("viewer"), { ...mine, id: entry.id, version });
    } catch (e) {
      if (e instanceof InputError) return (c.status(400), editPage(c, entry, { fields: mine, base, version, errors: errorsOf(e) }));
      if (e instanceof StaleTermError) {
        // Merge-or-refuse as for items: what only they changed is taken over, what you both changed is yours to decide.
        const theirs = fieldsOf(e.current);
        const { merged, theirs: changed, conflicts } = mergeFields(base, mine, theirs);
        const conflict = { by: e.current.updatedBy ?? "Iemand anders", at: e.current.updatedAt, theirs, changed, conflicts };
        c.status(409);
        return editPage(c, e.current, { fields: merged, base: theirs, version: e.current.version, conflict });
      }
      if (e instanceof ConflictError) return (c.status(409), editPage(c, entry, { fields: mine, base, version, errors: { term: e.message } }));
      throw e;
    }
    return page(c, { notice: `'${mine.term}' is opgeslagen.` });
  });
  app.post("/:id/verwijderen", async (c) => {
    requireEditor(c);
    const entry = await getGlossaryTerm(db, Number(c.req.param("id")));
    if ((await c.req.parseBody()).bevestig !== "ja") {
      c.status(400);
      return editPage(c, entry, { errors: { bevestig: "Vink aan dat u het begrip wilt verwijderen." } });
    }
    await deleteGlossaryTerm(db, c.get("viewer"), entry.id);
    return page(c, { notice: `'${entry.term}' is verwijderd.` });
  });
  return app;
}

export function glossaryApi({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.json({ data: await listGlossary(db) }));
}

/** Pages where abbreviations are explained in place: everything people read, not forms or the glossary itself. */
const READING_PAGES = /^\/(?:$|plannen\/|evaluaties\/|onderwerpen|regio|zoeken)/;

/**
 * Starts explaining terms on reading pages, with the glossary from memory (no query
 * per page view; see glossaryForPages). Loads the glossary when the app starts.
 */
export function explainAbbreviations({ db, logger }: AppDeps): MiddlewareHandler<AppEnv> {
  glossaryForPages(db).catch((err: unknown) => logger.debug({ err }, "begrippen niet vooraf geladen"));
  return async (c, next) => {
    if (c.req.method === "GET" && READING_PAGES.test(c.req.path)) explainOnPage(c, await glossaryForPages(db));
    await next();
  };
}
