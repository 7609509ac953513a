/**
 * Governance in the browser and in the API. Forms and the API only map what they get to the
 * commands of ./service.ts; the commands check every rule (docs/decisions/0016).
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { ConflictError } from "../../lib/errors.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { listOrganisations } from "../organisations/service.ts";
import { formReader as planFormReader } from "../plans/edit.tsx";
import {
  addAgendaItems,
  addDocument,
  addMember,
  createBody,
  createMeeting,
  getBody,
  getMeeting,
  listBodies,
  planRoute,
  proposeAgenda,
  recordDecision,
  recordRouteDecision,
  removeAgendaItem,
  removeDocument,
  removeMember,
  setRoute,
  startRoute,
  updateBody,
  updateMeeting,
  type AgendaInput,
} from "./service.ts";
import { BodiesPage, BodyPage, MeetingPage, RoutePage, type FormState } from "./views.tsx";

type Body = Record<string, string | File | (string | File)[]>;

/** Reads form fields (repeated ones too) as trimmed text. */
const formReader = (body: Body) => planFormReader(body as Parameters<typeof planFormReader>[0]);

/** The form's values as text, to show them again after a refusal. */
function valuesOf(body: Body): Record<string, string> {
  const reader = formReader(body);
  const values: Record<string, string> = {};
  for (const name of Object.keys(body)) if (name !== "_csrf") values[name] = reader.values(name).join(",");
  return values;
}

/** A refused command as the page shows it: problems next to their fields (by path), the rest at the top. */
function refusedState(form: string, error: InputError | ConflictError, body: Body, fieldOf: (path: string) => string | undefined = (p) => p): FormState {
  if (error instanceof InputError) {
    const { errors, other } = problemsForForm(error.problems, fieldOf);
    return { form, summary: "Dit is niet opgeslagen. Verbeter wat hieronder staat.", errors, other, values: valuesOf(body) };
  }
  return { form, summary: error.message, values: valuesOf(body) };
}

const nullable = (text: string) => text || null;

export function governancePages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  const orgChoices = async () => (await listOrganisations(db)).map((o) => ({ slug: o.slug, name: o.name }));
  const bodiesPage = async (c: Context<AppEnv>, state?: FormState) => c.render(<BodiesPage list={await listBodies(db, c.get("viewer"))} organisations={await orgChoices()} state={state} />);
  const bodyPage = async (c: Context<AppEnv>, slug: string, state?: FormState) =>
    c.render(<BodyPage body={await getBody(db, c.get("viewer"), slug)} organisations={await orgChoices()} state={state} />);
  const meetingPage = async (c: Context<AppEnv>, slug: string, id: number, state?: FormState, propose = false) => {
    const viewer = c.get("viewer");
    const meeting = await getMeeting(db, viewer, slug, id);
    const proposals = propose && meeting.may.manage ? await proposeAgenda(db, viewer, slug, id) : null;
    return c.render(<MeetingPage meeting={meeting} proposals={proposals} state={state} />);
  };
  const routePage = async (c: Context<AppEnv>, slug: string, state?: FormState) => c.render(<RoutePage route={await planRoute(db, c.get("viewer"), slug)} state={state} />);

  /** Runs a command; on a refusal shows the page again with what was sent, as 400 or 409. */
  async function attempt(c: Context<AppEnv>, form: string, body: Body, work: () => Promise<Response>, again: (state: FormState) => Promise<Response>, fieldOf?: (path: string) => string | undefined) {
    try {
      return await work();
    } catch (e) {
      if (e instanceof InputError || e instanceof ConflictError) {
        c.status(e instanceof InputError ? 400 : 409);
        return again(refusedState(form, e, body, fieldOf));
      }
      throw e;
    }
  }

  const bodyInput = (body: Body) => {
    const r = formReader(body);
    return { name: r.text("name"), kind: r.text("kind") as never, description: nullable(r.text("description")), organisations: r.values("organisations") };
  };

  app.get("/organen", (c) => bodiesPage(c));
  app.post("/organen", async (c) => {
    const body = await c.req.parseBody({ all: true });
    return attempt(c, "nieuw-orgaan", body, async () => {
      const { slug } = await createBody(db, c.get("viewer"), bodyInput(body));
      return c.redirect(`/organen/${slug}`, 303);
    }, (s) => bodiesPage(c, s));
  });
  app.get("/organen/:slug", (c) => bodyPage(c, c.req.param("slug"), c.req.query("gedaan") ? { form: "algemeen", notice: "Opgeslagen." } : undefined));
  app.post("/organen/:slug", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody({ all: true });
    return attempt(c, "orgaan", body, async () => {
      await updateBody(db, c.get("viewer"), slug, { ...bodyInput(body), version: formReader(body).text("version") });
      return c.redirect(`/organen/${slug}?gedaan=1`, 303);
    }, (s) => bodyPage(c, slug, s));
  });
  app.post("/organen/:slug/leden", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    const r = formReader(body);
    return attempt(c, "lid", body, async () => {
      await addMember(db, c.get("viewer"), slug, { version: r.text("version"), email: nullable(r.text("email")), name: nullable(r.text("name")), organisation: nullable(r.text("organisation")), role: nullable(r.text("role")) });
      return c.redirect(`/organen/${slug}?gedaan=1#leden`, 303);
    }, (s) => bodyPage(c, slug, s));
  });
  app.post("/organen/:slug/lid-verwijderen", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    const r = formReader(body);
    return attempt(c, "lid", body, async () => {
      await removeMember(db, c.get("viewer"), slug, { version: r.text("version"), id: r.text("id") });
      return c.redirect(`/organen/${slug}?gedaan=1#leden`, 303);
    }, (s) => bodyPage(c, slug, s));
  });
  const meetingInput = (body: Body) => {
    const r = formReader(body);
    return { date: r.text("date"), time: nullable(r.text("time")), location: nullable(r.text("location")), notes: nullable(r.text("notes")) };
  };
  app.post("/organen/:slug/vergaderingen", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    return attempt(c, "vergadering", body, async () => {
      const { href } = await createMeeting(db, c.get("viewer"), slug, meetingInput(body));
      return c.redirect(href, 303);
    }, (s) => bodyPage(c, slug, s));
  });
  app.post("/organen/:slug/besluiten", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    const r = formReader(body);
    const meetingId = Number(r.text("meetingId")) || null;
    return attempt(c, "besluit", body, async () => {
      await recordDecision(db, c.get("viewer"), slug, {
        date: r.text("date"),
        outcome: r.text("outcome") as never,
        text: r.text("text"),
        meetingId,
        agendaItemId: nullable(r.text("agendaItemId")),
        plan: nullable(r.text("plan")),
      });
      return c.redirect(meetingId ? `/organen/${slug}/vergaderingen/${meetingId}#besluiten` : `/organen/${slug}#besluiten`, 303);
    }, (s) => (meetingId ? meetingPage(c, slug, meetingId, s) : bodyPage(c, slug, s)));
  });

  const meetingParams = (c: Context<AppEnv>) => ({ slug: c.req.param("slug")!, id: Number(c.req.param("id")) });
  app.get("/organen/:slug/vergaderingen/:id", (c) => {
    const { slug, id } = meetingParams(c);
    return meetingPage(c, slug, id, c.req.query("gedaan") ? { form: c.req.query("gedaan")!, notice: "Opgeslagen." } : undefined, c.req.query("voorstel") === "1");
  });
  app.post("/organen/:slug/vergaderingen/:id", async (c) => {
    const { slug, id } = meetingParams(c);
    const body = await c.req.parseBody();
    return attempt(c, "vergadering", body, async () => {
      await updateMeeting(db, c.get("viewer"), slug, id, { ...meetingInput(body), version: formReader(body).text("version") });
      return c.redirect(`/organen/${slug}/vergaderingen/${id}?gedaan=vergadering#vergadering-wijzigen`, 303);
    }, (s) => meetingPage(c, slug, id, s));
  });
  app.post("/organen/:slug/vergaderingen/:id/agendapunten", async (c) => {
    const { slug, id } = meetingParams(c);
    const body = await c.req.parseBody({ all: true });
    const r = formReader(body);
    return attempt(c, "agenda", body, async () => {
      const viewer = c.get("viewer");
      let entries: AgendaInput["items"];
      if (r.has("voorstel")) {
        // The picked proposals, as the proposal stands now.
        const picked = new Set(r.values("voorstel"));
        const proposals = await proposeAgenda(db, viewer, slug, id);
        const planSlugs = await planSlugsOf(db, viewer, proposals.map((p) => p.planId));
        entries = proposals
          .filter((p) => picked.has(p.key))
          .map((p) => ({ title: p.title, plan: planSlugs.get(p.planId) ?? null, itemId: p.itemId, reportVersionId: p.reportVersionId, proposed: p.proposed, note: p.reason }));
      } else {
        entries = [{ title: r.text("title"), plan: nullable(r.text("plan")), proposed: (r.text("proposed") || null) as never, note: nullable(r.text("note")) }];
      }
      await addAgendaItems(db, viewer, slug, id, { version: r.text("version"), items: entries });
      return c.redirect(`/organen/${slug}/vergaderingen/${id}?gedaan=agenda#agenda`, 303);
    }, (s) => meetingPage(c, slug, id, s), (path) => /^items\[0\]\.(\w+)$/.exec(path)?.[1]);
  });
  app.post("/organen/:slug/vergaderingen/:id/agendapunt-verwijderen", async (c) => {
    const { slug, id } = meetingParams(c);
    const body = await c.req.parseBody();
    const r = formReader(body);
    return attempt(c, "agenda", body, async () => {
      await removeAgendaItem(db, c.get("viewer"), slug, id, { version: r.text("version"), id: r.text("id") });
      return c.redirect(`/organen/${slug}/vergaderingen/${id}?gedaan=agenda#agenda`, 303);
    }, (s) => meetingPage(c, slug, id, s));
  });
  app.post("/organen/:slug/vergaderingen/:id/stukken", async (c) => {
    const { slug, id } = meetingParams(c);
    const body = await c.req.parseBody();
    const r = formReader(body);
    return attempt(c, "stukken", body, async () => {
      await addDocument(db, c.get("viewer"), slug, id, { version: r.text("version"), title: r.text("title"), url: r.text("url") });
      return c.redirect(`/organen/${slug}/vergaderingen/${id}?gedaan=stukken#stukken`, 303);
    }, (s) => meetingPage(c, slug, id, s));
  });
  app.post("/organen/:slug/vergaderingen/:id/stuk-verwijderen", async (c) => {
    const { slug, id } = meetingParams(c);
    const body = await c.req.parseBody();
    const r = formReader(body);
    return attempt(c, "stukken", body, async () => {
      await removeDocument(db, c.get("viewer"), slug, id, { version: r.text("version"), id: r.text("id") });
      return c.redirect(`/organen/${slug}/vergaderingen/${id}?gedaan=stukken#stukken`, 303);
    }, (s) => meetingPage(c, slug, id, s));
  });

  // A plan's approval route.
  app.get("/plannen/:slug/besluitvorming", (c) => routePage(c, c.req.param("slug"), c.req.query("gedaan") ? { form: "route", notice: "Opgeslagen." } : undefined));
  app.post("/plannen/:slug/besluitvorming", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    const r = formReader(body);
    const steps: { body: string; action: never; due: string | null }[] = [];
    const rowOf: number[] = [];
    for (let i = 0; r.has(`orgaan-${i}`); i++) {
      if (!r.text(`orgaan-${i}`) && !r.text(`actie-${i}`) && !r.text(`uiterlijk-${i}`)) continue;
      steps.push({ body: r.text(`orgaan-${i}`), action: r.text(`actie-${i}`) as never, due: nullable(r.text(`uiterlijk-${i}`)) });
      rowOf.push(i);
    }
    const fieldOf = (path: string) => {
      const m = /^steps\[(\d+)\]\.(body|action|due)$/.exec(path);
      return m ? `${{ body: "orgaan", action: "actie", due: "uiterlijk" }[m[2] as "body"]}-${rowOf[Number(m[1])]}` : undefined;
    };
    return attempt(c, "route", body, async () => {
      await setRoute(db, c.get("viewer"), slug, { version: r.text("version"), steps });
      return c.redirect(`/plannen/${slug}/besluitvorming?gedaan=1`, 303);
    }, (s) => routePage(c, slug, s), fieldOf);
  });
  app.post("/plannen/:slug/besluitvorming/start", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    return attempt(c, "route", body, async () => {
      await startRoute(db, c.get("viewer"), slug, { version: formReader(body).text("version") });
      return c.redirect(`/plannen/${slug}/besluitvorming?gedaan=1`, 303);
    }, (s) => routePage(c, slug, s));
  });
  app.post("/plannen/:slug/besluitvorming/besluit", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    const r = formReader(body);
    return attempt(c, "besluit", body, async () => {
      await recordRouteDecision(db, c.get("viewer"), slug, { body: r.text("body") || null, date: r.text("date"), outcome: r.text("outcome") as never, text: r.text("text"), routeVersion: r.text("version") || "onbekend" });
      return c.redirect(`/plannen/${slug}/besluitvorming?gedaan=1`, 303);
    }, (s) => routePage(c, slug, s));
  });
  return app;
}

async function planSlugsOf(db: AppDeps["db"], viewer: Parameters<typeof listBodies>[1], planIds: number[]): Promise<Map<number, string>> {
  const { listPlans } = await import("../plans/reading.ts");
  const wanted = new Set(planIds);
  return new Map((await listPlans(db, viewer)).filter((p) => wanted.has(p.id)).map((p) => [p.id, p.slug]));
}

/** The same commands as JSON: /api/v1/bodies and a plan's /api/v1/plans/:slug/route. */
export function governanceApi({ db }: AppDeps) {
  const app = new Hono<AppEnv>();
  // What the client sent goes to the command as it is: the command's schema checks it.
  const json = async (c: Context<AppEnv>) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (await c.req.json().catch(() => {
      throw new HTTPException(400, { message: "De inhoud is geen geldige JSON." });
    })) as any;
  app.get("/bodies", async (c) => c.json({ data: (await listBodies(db, c.get("viewer"))).bodies }));
  app.post("/bodies", async (c) => c.json({ data: await createBody(db, c.get("viewer"), await json(c)) }, 201));
  app.get("/bodies/:body", async (c) => c.json({ data: await getBody(db, c.get("viewer"), c.req.param("body")) }));
  app.patch("/bodies/:body", async (c) => c.json({ data: await updateBody(db, c.get("viewer"), c.req.param("body"), await json(c)) }));
  app.post("/bodies/:body/members", async (c) => c.json({ data: await addMember(db, c.get("viewer"), c.req.param("body"), await json(c)) }, 201));
  app.post("/bodies/:body/meetings", async (c) => c.json({ data: await createMeeting(db, c.get("viewer"), c.req.param("body"), await json(c)) }, 201));
  app.get("/bodies/:body/meetings/:id", async (c) => c.json({ data: await getMeeting(db, c.get("viewer"), c.req.param("body"), Number(c.req.param("id"))) }));
  app.patch("/bodies/:body/meetings/:id", async (c) => c.json({ data: await updateMeeting(db, c.get("viewer"), c.req.param("body"), Number(c.req.param("id")), await json(c)) }));
  app.get("/bodies/:body/meetings/:id/proposals", async (c) => c.json({ data: await proposeAgenda(db, c.get("viewer"), c.req.param("body"), Number(c.req.param("id"))) }));
  app.post("/bodies/:body/meetings/:id/agenda", async (c) => c.json({ data: await addAgendaItems(db, c.get("viewer"), c.req.param("body"), Number(c.req.param("id")), await json(c)) }, 201));
  app.post("/bodies/:body/meetings/:id/documents", async (c) => c.json({ data: await addDocument(db, c.get("viewer"), c.req.param("body"), Number(c.req.param("id")), await json(c)) }, 201));
  app.post("/bodies/:body/decisions", async (c) => c.json({ data: await recordDecision(db, c.get("viewer"), c.req.param("body"), await json(c)) }, 201));
  app.get("/plans/:slug/route", async (c) => c.json({ data: await planRoute(db, c.get("viewer"), c.req.param("slug")) }));
  app.put("/plans/:slug/route", async (c) => c.json({ data: await setRoute(db, c.get("viewer"), c.req.param("slug"), await json(c)) }));
  app.post("/plans/:slug/route/decisions", async (c) => c.json({ data: await recordRouteDecision(db, c.get("viewer"), c.req.param("slug"), await json(c)) }, 201));
  app.post("/plans/:slug/route/start", async (c) => c.json({ data: await startRoute(db, c.get("viewer"), c.req.param("slug"), await json(c)) }));
  return app;
}
