/**
 * Pages that change a plan's structure, without JavaScript: add an item, move it
 * (another parent, another place), delete it to the bin after confirming, and the
 * bin with a button to restore each entry. The rules live in structure.ts.
 */
import { Hono, type Context } from "hono";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Field, Notice, Select } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { formatDateTime } from "../../lib/dates.ts";
import { DataTable } from "../../web/parts/table.tsx";
import type { Viewer } from "../access/viewer.ts";
import { findItem, getPlan, planRef, type PlanDetail, type PlanItem } from "./reading.ts";
import { StaleVersionError } from "./editing.ts";
import { addItem, childLevels, deleteItem, listBin, moveItem, restoreItem, type BinEntry } from "./structure.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { anchorFor } from "./views/plan-page.tsx";
import { itemHref } from "./parts.ts";

type Errors = Partial<Record<string, string>>;

const levelName = (plan: PlanDetail, key: string) => plan.levels.find((l) => l.key === key)?.name ?? key;
const label = (item: { code: string | null; title: string }) => `${item.code ? `${item.code} ` : ""}${item.title}`;
const named = (plan: PlanDetail, item: PlanItem) => `${levelName(plan, item.level)} ${label(item)}`;
const planCrumbs = (plan: { slug: string; title: string }) => [
  { href: "/", label: "Plannen" },
  { href: `/plannen/${plan.slug}`, label: plan.title },
];

/** "Als eerste" and "Na …" for each sibling: where among them an item goes. */
const placeOptions = (siblings: PlanItem[]) => [{ value: "", label: "Als eerste" }, ...siblings.map((s) => ({ value: String(s.id), label: `Na ${label(s)}` }))];

function parentOf(list: PlanItem[], id: number, parent: PlanItem | null = null): PlanItem | null | undefined {
  for (const item of list) {
    if (item.id === id) return parent;
    const found = parentOf(item.children, id, item);
    if (found !== undefined) return found;
  }
  return undefined;
}

function flatten(list: PlanItem[], depth = 0): { item: PlanItem; depth: number }[] {
  return list.flatMap((item) => [{ item, depth }, ...flatten(item.children, depth + 1)]);
}

function AddPage(props: { plan: PlanDetail; parent: PlanItem | null; values: Record<string, string>; errors: Errors; notice?: string | undefined }) {
  const { plan, parent, values, errors } = props;
  const allowed = childLevels(plan.levels, plan.layout.rowLevel, parent?.level ?? null);
  const siblings = parent ? parent.children : plan.items;
  return (
    <Page title="Onderdeel toevoegen" crumbs={planCrumbs(plan)}>
      <h1 class="utrecht-heading-1">Onderdeel toevoegen</h1>
      {props.notice && <Notice kind="error">{props.notice}</Notice>}
      {Object.keys(errors).length > 0 && <Notice kind="error">Het onderdeel is niet toegevoegd. Verbeter wat hieronder is aangegeven.</Notice>}
      <dl class="koers-meta">
        <dt>Plek</dt>
        <dd>{parent ? `onder ${named(plan, parent)}` : "bovenaan het plan"}</dd>
      </dl>
      <p class="utrecht-paragraph">Na het toevoegen vult u de teksten, de planning en het budget in.</p>
      <form method="post" action={`/plannen/${plan.slug}/onderdelen/nieuw`} class="koers-form koers-form--wide">
        <CsrfField />
        <input type="hidden" name="onder" value={parent ? String(parent.id) : ""} />
        {allowed.length > 1 ? (
          <Select
            name="level"
            label="Niveau"
            hint="Op deze plek kunnen in dit plan verschillende niveaus staan."
            options={allowed.map((key) => ({ value: key, label: levelName(plan, key) }))}
            value={values.level || allowed[0]}
            error={errors.level}
          />
        ) : (
          <p class="utrecht-paragraph">Niveau: {levelName(plan, allowed[0]!)}</p>
        )}
        <Field name="code" label="Code" value={values.code} required={false} hint="Het nummer zoals in het plan, bijvoorbeeld 1.2 of 3b. Mag leeg blijven." error={errors.code} />
        <Field name="title" label="Titel" value={values.title} error={errors.title} />
        <Select
          name="na"
          label="Plaats"
          options={placeOptions(siblings)}
          value={values.na ?? (siblings.length ? String(siblings.at(-1)!.id) : "")}
          error={errors.na}
        />
        <div>
          <button type="submit" class="koers-button">
            Toevoegen
          </button>{" "}
          <a class="utrecht-link" href={parent ? itemHref(plan.slug, parent.id, anchorFor(plan, parent.id)) : `/plannen/${plan.slug}`}>
            Annuleren
          </a>
        </div>
      </form>
    </Page>
  );
}

/** "bovenaan" for the top of the plan, or an item id. */
const TOP = "bovenaan";

function MovePage(props: { plan: PlanDetail; item: PlanItem; chosen: string; errors: Errors; stale?: boolean }) {
  const { plan, item, errors } = props;
  const fits = (parentLevel: string | null) => childLevels(plan.levels, plan.layout.rowLevel, parentLevel).includes(item.level);
  const current = parentOf(plan.items, item.id) ?? null;
  const subtree = new Set(flatten([item]).map((f) => f.item.id));
  const candidates = flatten(plan.items).filter(({ item: p }) => !subtree.has(p.id) && (p.id === current?.id || fits(p.level)));
  const topAllowed = current === null || fits(null);
  const chosenParent = props.chosen === TOP ? null : candidates.find((c) => String(c.item.id) === props.chosen)?.item;
  const valid = chosenParent !== undefined && (chosenParent !== null || topAllowed);
  const siblings = valid ? (chosenParent ? chosenParent.children : plan.items).filter((s) => s.id !== item.id) : [];
  const ownSiblings = current ? current.children : plan.items;
  const before = ownSiblings[ownSiblings.findIndex((s) => s.id === item.id) - 1];
  const place = chosenParent?.id === current?.id ? (before ? String(before.id) : "") : siblings.length ? String(siblings.at(-1)!.id) : "";
  const path = `/plannen/${plan.slug}/onderdelen/${item.id}/verplaatsen`;
  const where = (p: PlanItem | null) => (p ? `onder ${named(plan, p)}` : "bovenaan het plan");
  const name = levelName(plan, item.level);
  return (
    <Page title={`${name} ${item.code ?? ""} verplaatsen`.replace(/\s+/g, " ")} crumbs={planCrumbs(plan)}>
      <h1 class="utrecht-heading-1">
        {name} {item.code} verplaatsen
      </h1>
      {props.stale && (
        <Notice kind="error">
          <p class="utrecht-paragraph">
            Iemand anders heeft dit onderdeel gewijzigd of verplaatst nadat u deze pagina opende. Er is nog niets verplaatst.
          </p>
          <p class="utrecht-paragraph">Hieronder ziet u waar het nu staat. Kies opnieuw een plek en klik op Verplaatsen.</p>
        </Notice>
      )}
      {!props.stale && Object.keys(errors).length > 0 && <Notice kind="error">Het onderdeel is niet verplaatst. Verbeter wat hieronder is aangegeven.</Notice>}
      <dl class="koers-meta">
        <dt>Onderdeel</dt>
        <dd>{item.title}</dd>
        <dt>Staat nu</dt>
        <dd>{where(current)}</dd>
        {item.children.length > 0 && (
          <>
            <dt>Gaat mee</dt>
            <dd>alles wat eronder staat</dd>
          </>
        )}
      </dl>
      <p class="utrecht-paragraph koers-note">
        De lijst toont alleen plekken waar een {name.toLowerCase()} past in de opbouw van dit plan ({plan.levels.map((l) => l.name).join(" › ")}).
      </p>
      <form method="get" action={path} class="koers-form koers-form--wide">
        <Select
          name="onder"
          label="Nieuwe plek: onder welk onderdeel?"
          options={[
            ...(topAllowed ? [{ value: TOP, label: `Bovenaan het plan${current === null ? " (nu)" : ""}` }] : []),
            ...candidates.map(({ item: p, depth }) => ({
              value: String(p.id),
              label: `${"\u00a0".repeat(depth * 4)}${named(plan, p)}${p.id === current?.id ? " (nu)" : ""}`,
            })),
          ]}
          value={props.chosen}
          error={errors.onder}
        />
        <div>
          <button type="submit" class="koers-button koers-button--secondary">
            Plaatsen onder dit onderdeel tonen
          </button>
        </div>
      </form>
      {valid && (
        <form method="post" action={path} class="koers-form koers-form--wide">
          <CsrfField />
          <input type="hidden" name="version" value={String(item.version)} />
          <input type="hidden" name="onder" value={props.chosen} />
          <Select name="na" label={`Plaats ${where(chosenParent)}`} options={placeOptions(siblings)} value={place} error={errors.na} />
          <div>
            <button type="submit" class="koers-button">
              Verplaatsen
            </button>{" "}
            <a class="utrecht-link" href={itemHref(plan.slug, item.id, anchorFor(plan, item.id))}>
              Annuleren
            </a>
          </div>
        </form>
      )}
    </Page>
  );
}

function DeletePage(props: { plan: PlanDetail; item: PlanItem; stale?: boolean }) {
  const { plan, item } = props;
  const below = flatten(item.children).length;
  const name = levelName(plan, item.level);
  const list = (children: PlanItem[]) => (
    <ul class="utrecht-unordered-list">
      {children.map((c) => (
        <li class="utrecht-unordered-list__item">
          {named(plan, c)}
          {c.children.length > 0 && list(c.children)}
        </li>
      ))}
    </ul>
  );
  return (
    <Page title={`${name} ${item.code ?? ""} verwijderen`.replace(/\s+/g, " ")} crumbs={planCrumbs(plan)}>
      <h1 class="utrecht-heading-1">
        {name} {item.code} verwijderen?
      </h1>
      {props.stale && (
        <Notice kind="error">
          <p class="utrecht-paragraph">
            Iemand anders heeft dit onderdeel gewijzigd nadat u deze pagina opende. Er is nog niets verwijderd.
          </p>
          <p class="utrecht-paragraph">Kijk hieronder of u het nog steeds wilt verwijderen, en bevestig dan opnieuw.</p>
        </Notice>
      )}
      <p class="utrecht-paragraph">
        <strong>{item.title}</strong> gaat naar de prullenbak van dit plan
        {below === 0 ? "." : below === 1 ? ", samen met het onderdeel dat eronder staat:" : `, samen met de ${below} onderdelen die eronder staan:`}
      </p>
      {below > 0 && list(item.children)}
      <p class="utrecht-paragraph">
        Het verdwijnt uit het plan. Vanuit de prullenbak kunt u het later terugzetten, op dezelfde plek en met alles wat eronder
        stond.
      </p>
      <form method="post" action={`/plannen/${plan.slug}/onderdelen/${item.id}/verwijderen`} class="koers-form">
        <CsrfField />
        <input type="hidden" name="version" value={String(item.version)} />
        <div>
          <button type="submit" class="koers-button">
            Ja, naar de prullenbak
          </button>{" "}
          <a class="utrecht-link" href={itemHref(plan.slug, item.id, anchorFor(plan, item.id))}>
            Nee, terug naar het plan
          </a>
        </div>
      </form>
    </Page>
  );
}

function BinPage(props: { plan: { slug: string; title: string }; entries: BinEntry[]; error?: string | undefined }) {
  const { plan, entries } = props;
  return (
    <Page title={`Prullenbak van ${plan.title}`} crumbs={planCrumbs(plan)}>
      <h1 class="utrecht-heading-1">Prullenbak van {plan.title}</h1>
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <p class="utrecht-paragraph">
        Onderdelen die uit dit plan zijn verwijderd. Terugzetten zet een onderdeel weer op zijn oude plek in het plan, met alles
        wat eronder stond.
      </p>
      {entries.length === 0 ? (
        <p class="utrecht-paragraph">De prullenbak is leeg.</p>
      ) : (
        <DataTable
          id="prullenbak"
          caption="Verwijderde onderdelen, nieuwste eerst"
          rows={entries}
          columns={[
            {
              label: "Onderdeel",
              rowHeader: true,
              cell: (e) => (
                <>
                  {e.level} {label(e)}
                  {e.items > 1 && (
                    <span class="koers-note">
                      {" "}
                      (met {e.items - 1} {e.items === 2 ? "onderdeel" : "onderdelen"} eronder)
                    </span>
                  )}
                </>
              ),
            },
            {
              label: "Plek in het plan",
              cell: (e) => (
                <>
                  {e.parent ? `onder ${label(e.parent)}` : "bovenaan het plan"}
                  {e.parent?.inBin && <p class="utrecht-paragraph koers-note">Dat staat zelf ook in de prullenbak: zet dat eerst terug.</p>}
                </>
              ),
            },
            { label: "Verwijderd door", cell: (e) => e.deletedBy },
            { label: "Wanneer", cell: (e) => formatDateTime(e.deletedAt) },
            {
              label: "Terugzetten",
              cell: (e) => (
                <form method="post" action={`/plannen/${plan.slug}/prullenbak/${e.id}/terugzetten`} class="koers-inline-form">
                  <CsrfField />
                  <button type="submit" class="koers-button koers-button--secondary">
                    Terugzetten<span class="visually-hidden"> {label(e)}</span>
                  </button>
                </form>
              ),
            },
          ]}
        />
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/plannen/${plan.slug}`}>
          Terug naar het plan
        </a>
      </p>
    </Page>
  );
}

/** A whole number from a path or form value; NaN for anything else, which finds nothing. */
const idOf = (value: unknown) => (typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN);

export function structurePages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  /** The plan, when the viewer may change its structure (the service checks again on every change). */
  const editablePlan = (viewer: Viewer, slug: string) => getPlan(db, viewer, slug, "edit");

  async function load(c: Context<AppEnv>) {
    const plan = await editablePlan(c.get("viewer"), c.req.param("slug")!);
    const item = findItem(plan.items, idOf(c.req.param("id")));
    if (!item) throw new NotFoundError("Dit onderdeel bestaat niet (meer).");
    return { plan, item };
  }

  const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");

  app.get("/:slug/onderdelen/nieuw", async (c) => {
    const plan = await editablePlan(c.get("viewer"), c.req.param("slug"));
    const onder = c.req.query("onder");
    const parent = onder ? findItem(plan.items, idOf(onder)) : null;
    if (parent === undefined) throw new NotFoundError("Het onderdeel waaronder u iets wilt toevoegen, bestaat niet (meer).");
    if (childLevels(plan.levels, plan.layout.rowLevel, parent?.level ?? null).length === 0) {
      throw new NotFoundError("Onder dit onderdeel kunnen geen onderdelen: het is het laagste niveau van dit plan.");
    }
    return c.render(<AddPage plan={plan} parent={parent} values={{}} errors={{}} />);
  });

  app.post("/:slug/onderdelen/nieuw", async (c) => {
    const viewer = c.get("viewer");
    const plan = await editablePlan(viewer, c.req.param("slug"));
    const body = await c.req.parseBody();
    const values = { code: text(body, "code"), title: text(body, "title"), level: text(body, "level"), na: text(body, "na") };
    const parentId = text(body, "onder") ? idOf(text(body, "onder")) : null;
    try {
      const { id } = await addItem(db, viewer, plan.slug, {
        parentId,
        afterId: values.na ? idOf(values.na) : null,
        code: values.code,
        title: values.title,
        level: values.level || undefined,
      });
      return c.redirect(`/plannen/${plan.slug}/onderdelen/${id}/bewerken?toegevoegd=1`, 303);
    } catch (error) {
      const parent = parentId === null ? null : findItem(plan.items, parentId);
      if (!(error instanceof InputError) || parent === undefined) throw error;
      c.status(400);
      const fields: Record<string, string> = { title: "title", code: "code", level: "level", afterId: "na" };
      const { errors, other } = problemsForForm(error.problems, (path) => fields[path]);
      return c.render(<AddPage plan={plan} parent={parent} values={values} errors={errors} notice={other.join(" ") || undefined} />);
    }
  });

  app.get("/:slug/onderdelen/:id/verplaatsen", async (c) => {
    const { plan, item } = await load(c);
    const current = parentOf(plan.items, item.id) ?? null;
    const chosen = c.req.query("onder") ?? (current ? String(current.id) : TOP);
    return c.render(<MovePage plan={plan} item={item} chosen={chosen} errors={{}} />);
  });

  app.post("/:slug/onderdelen/:id/verplaatsen", async (c) => {
    const viewer = c.get("viewer");
    const { plan, item } = await load(c);
    const body = await c.req.parseBody();
    const chosen = text(body, "onder");
    const na = text(body, "na");
    try {
      await moveItem(db, viewer, plan.slug, item.id, {
        version: Number(text(body, "version")),
        parentId: chosen === TOP ? null : idOf(chosen),
        afterId: na ? idOf(na) : null,
      });
    } catch (error) {
      if (error instanceof StaleVersionError) {
        const fresh = await getPlan(db, viewer, plan.slug);
        const now = findItem(fresh.items, item.id);
        if (!now) throw new NotFoundError("Dit onderdeel bestaat niet meer: iemand anders heeft het intussen verwijderd.");
        c.status(409);
        return c.render(<MovePage plan={fresh} item={now} chosen={chosen} errors={{}} stale />);
      }
      if (!(error instanceof InputError)) throw error;
      c.status(400);
      // The place among the siblings next to "na"; the parent, and anything else, next to "onder".
      const { errors, other } = problemsForForm(error.problems, (path) => (path === "afterId" ? "na" : "onder"));
      if (other.length) errors.onder = [errors.onder, ...other].filter(Boolean).join(" ");
      return c.render(<MovePage plan={plan} item={item} chosen={chosen} errors={errors} />);
    }
    const moved = await getPlan(db, viewer, plan.slug);
    return c.redirect(`/plannen/${plan.slug}?verplaatst=${item.id}#${anchorFor(moved, item.id)}`, 303);
  });

  app.get("/:slug/onderdelen/:id/verwijderen", async (c) => {
    const { plan, item } = await load(c);
    return c.render(<DeletePage plan={plan} item={item} />);
  });

  app.post("/:slug/onderdelen/:id/verwijderen", async (c) => {
    const viewer = c.get("viewer");
    const { plan, item } = await load(c);
    const body = await c.req.parseBody();
    try {
      const { parentId } = await deleteItem(db, viewer, plan.slug, item.id, Number(text(body, "version")));
      return c.redirect(`/plannen/${plan.slug}?verwijderd=1${parentId === null ? "" : `&onderdeel=${parentId}#${anchorFor(plan, parentId)}`}`, 303);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      const fresh = await getPlan(db, viewer, plan.slug);
      const now = findItem(fresh.items, item.id);
      if (!now) throw new NotFoundError("Dit onderdeel bestaat niet meer: iemand anders heeft het intussen verwijderd.");
      c.status(409);
      return c.render(<DeletePage plan={fresh} item={now} stale />);
    }
  });

  async function binPage(viewer: Viewer, slug: string, error?: string) {
    const entries = await listBin(db, viewer, slug);
    return <BinPage plan={await planRef(db, viewer, slug)} entries={entries} error={error} />;
  }

  app.get("/:slug/prullenbak", async (c) => c.render(await binPage(c.get("viewer"), c.req.param("slug"))));

  app.post("/:slug/prullenbak/:deletionId/terugzetten", async (c) => {
    const viewer = c.get("viewer");
    const slug = c.req.param("slug");
    try {
      const deletionId = idOf(c.req.param("deletionId"));
      if (Number.isNaN(deletionId)) throw new NotFoundError("Dit onderdeel staat niet (meer) in de prullenbak.");
      const { itemId } = await restoreItem(db, viewer, slug, deletionId);
      return c.redirect(`/plannen/${slug}?teruggezet=${itemId}#${anchorFor(await getPlan(db, viewer, slug), itemId)}`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError) && !(error instanceof NotFoundError)) throw error;
      c.status(error instanceof ConflictError ? 409 : 404);
      return c.render(await binPage(viewer, slug, error.message));
    }
  });

  return app;
}
