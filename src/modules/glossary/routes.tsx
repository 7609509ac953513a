import { Hono, type Context, type MiddlewareHandler } from "hono";
import { abbreviationAnnotator } from "./annotate.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { canEditGlossary, ForbiddenError } from "../accounts/policy.ts";
import { deleteGlossaryTerm, listGlossary, saveGlossaryTerm } from "./service.ts";
import { EditTermPage, GlossaryPage } from "./views.tsx";

export function glossaryPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
  const entryFrom = (body: Record<string, unknown>) => ({ term: text(body, "term"), full: text(body, "full") || undefined, meaning: text(body, "meaning") });
  const missing = (e: { term: string; meaning: string }) =>
    !e.term ? "Vul het begrip of de afkorting in." : !e.meaning ? "Vul de betekenis in." : undefined;
  const page = async (c: Context<AppEnv>, extra: { notice?: string; error?: string } = {}) =>
    c.render(<GlossaryPage terms={await listGlossary(db)} canEdit={canEditGlossary(c.get("viewer"))} {...extra} />);
  const find = async (id: number) => {
    const entry = (await listGlossary(db)).find((t) => t.id === id);
    if (!entry) throw new NotFoundError("Dit begrip bestaat niet (meer).");
    return entry;
  };
  const requireEditor = (c: Context<AppEnv>) => {
    if (!canEditGlossary(c.get("viewer"))) throw new ForbiddenError();
  };

  app.get("/", (c) => page(c));
  app.post("/", async (c) => {
    requireEditor(c);
    const entry = entryFrom(await c.req.parseBody());
    const error = missing(entry);
    try {
      if (!error) await saveGlossaryTerm(db, c.get("viewer"), entry);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      c.status(409);
      return page(c, { error: e.message });
    }
    if (error) {
      c.status(400);
      return page(c, { error });
    }
    return page(c, { notice: `'${entry.term}' is toegevoegd.` });
  });
  app.get("/:id/bewerken", async (c) => {
    requireEditor(c);
    return c.render(<EditTermPage entry={await find(Number(c.req.param("id")))} />);
  });
  app.post("/:id", async (c) => {
    requireEditor(c);
    const id = Number(c.req.param("id"));
    const entry = { ...entryFrom(await c.req.parseBody()), id };
    const error = missing(entry);
    try {
      if (!error) await saveGlossaryTerm(db, c.get("viewer"), entry);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      c.status(409);
      return c.render(<EditTermPage entry={{ ...(await find(id)), ...entry }} error={e.message} />);
    }
    if (error) {
      c.status(400);
      return c.render(<EditTermPage entry={{ ...(await find(id)), ...entry }} error={error} />);
    }
    return page(c, { notice: `'${entry.term}' is opgeslagen.` });
  });
  app.post("/:id/verwijderen", async (c) => {
    requireEditor(c);
    const id = Number(c.req.param("id"));
    if ((await c.req.parseBody()).bevestig !== "ja") {
      c.status(400);
      return c.render(<EditTermPage entry={await find(id)} error="Vink aan dat u het begrip wilt verwijderen." />);
    }
    const entry = await find(id);
    await deleteGlossaryTerm(db, c.get("viewer"), id);
    return page(c, { notice: `'${entry.term}' is verwijderd.` });
  });
  return app;
}

export function glossaryApi({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.json({ data: await listGlossary(db) }));
}

/** Pages where abbreviations are explained in place: everything people read, not forms or the glossary itself. */
const READING_PAGES = /^\/(?:$|plannen\/|evaluaties\/|onderwerpen|regio|zoeken)/;

export function explainAbbreviations({ db }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== "GET" || !READING_PAGES.test(c.req.path) || !c.res.headers.get("content-type")?.startsWith("text/html")) return;
    const annotate = abbreviationAnnotator(await listGlossary(db));
    const html = annotate(await c.res.text());
    c.res = new Response(html, { status: c.res.status, headers: c.res.headers });
  };
}
