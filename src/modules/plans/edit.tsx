/**
 * Editing one item in the browser, without JavaScript: a form with every text
 * field of the item. The form carries the version and the values it started
 * from; when someone else saved in between, the save is refused and the page
 * shows what they changed, merges what does not clash, and marks what does.
 */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Field, Notice, ProblemNotice, Select, SubmitOrCancel, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { ConflictReport, type Conflict } from "../../web/conflict.tsx";
import type { Viewer } from "../access/viewer.ts";
import { planHistory } from "./history.tsx";
import { listOrganisations } from "../organisations/service.ts";
import { search, type SearchResult } from "./search.ts";
import { linkKinds, type LinkKind, type Section } from "./format.ts";
import type { Db } from "../../db/client.ts";
import { changedFields, mergeFields, type EditableFields, type FieldName } from "./merge.ts";
import { ItemNotFoundError, requirePlan } from "./access.ts";
import { findItem, getPlan, topicChoices, type ItemRef, type PlanDetail, type PlanItem } from "./reading.ts";
import { relationsOf, StaleVersionError, updateItem, type ItemPatchInput } from "./editing.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { itemHref } from "./parts.ts";

export interface Choices {
  organisations: { slug: string; name: string; shortName: string | null }[];
  topics: { slug: string; name: string }[];
}

const kindOptions = linkKinds.map((k) => ({ value: k, label: k }));

const labels: Record<FieldName, string> = {
  title: "Titel",
  code: "Code",
  sections: "Teksten",
  when: "Wanneer",
  budget: "Budget (begrotingsonderdeel)",
  priority: "Prioriteit",
  reducedCapacity: "Minder capaciteit",
  internalNote: "Interne notitie",
  parties: "Wie (partijen)",
  topics: "Onderwerpen",
  links: "Verwijzingen",
};

const targetLabel = (t: ItemRef) => `${t.planTitle}: ${[t.code, t.title].filter(Boolean).join(" ")}`;

export function fieldsOf(item: PlanItem): EditableFields {
  return {
    title: item.title,
    code: item.code ?? "",
    when: item.when ?? "",
    budget: item.budget ?? "",
    priority: item.priority,
    reducedCapacity: item.reducedCapacity ?? "",
    internalNote: item.internalNote ?? "",
    sections: item.sections.map(({ title, text }) => ({ title, text })),
    parties: item.parties.map((p) => ({ role: p.role ?? "", task: p.task ?? "", organisations: p.organisations.map((o) => o.slug) })),
    topics: item.topics.map((t) => t.slug),
    links: item.links.map((l) => ({ targetId: l.target.id, kind: l.kind, note: l.note ?? "", label: targetLabel(l.target) })),
  };
}

type FormBody = Record<string, string | File | (string | File)[]>;

/** Reads a form parsed with `{ all: true }`: one text, or every value of a repeated name. */
export function formReader(body: FormBody) {
  const values = (name: string) => [body[name] ?? []].flat().filter((v): v is string => typeof v === "string");
  return {
    text: (name: string) => (values(name)[0] ?? "").replace(/\r\n/g, "\n").trim(),
    values,
    has: (name: string) => name in body,
  };
}

/** Texts with headings from numbered fields PREFIX-titel-N / PREFIX-tekst-N; an empty pair is dropped. */
export function readSections(reader: ReturnType<typeof formReader>, prefix: string): Section[] {
  const sections: Section[] = [];
  for (let i = 0; reader.has(`${prefix}-titel-${i}`); i++) {
    const title = reader.text(`${prefix}-titel-${i}`);
    const text = reader.text(`${prefix}-tekst-${i}`);
    if (title || text) sections.push({ title, text });
  }
  return sections;
}

/** The form field of a text the service names by its place in a list (`sections[1].title`), with the form's prefix. */
export function sectionField(match: RegExpExecArray | null, prefix: string): string | undefined {
  if (!match) return undefined;
  const [, i, part] = match;
  return part === "title" ? `${prefix}-titel-${i}` : part === "text" ? `${prefix}-tekst-${i}` : undefined;
}

/** The fields for a list of texts with headings, with one empty pair to add a text. */
export function SectionInputs(props: { prefix: string; legend: string; sections: Section[]; errors: Partial<Record<string, string>> }) {
  const { prefix, errors } = props;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <p class="utrecht-paragraph koers-note">
        Elke tekst heeft een kop zoals in het plan (Activiteiten, Monitoring, Doelstelling, …). Opmaak: een lege regel begint
        een nieuwe alinea, een regel met "- " is een opsomming, *cursief* en **vet**. Maak kop en tekst leeg om een tekst te
        verwijderen; het laatste lege paar voegt een tekst toe.
      </p>
      {[...props.sections, { title: "", text: "" }].map((s, i) => (
        <div class="koers-section-edit">
          <Field name={`${prefix}-titel-${i}`} label={`Kop van tekst ${i + 1}`} value={s.title} required={false} error={errors[`${prefix}-titel-${i}`]} />
          <TextArea name={`${prefix}-tekst-${i}`} label={`Tekst ${i + 1}`} value={s.text} rows={6} error={errors[`${prefix}-tekst-${i}`]} />
        </div>
      ))}
    </fieldset>
  );
}

/**
 * Reads the edit form. Repeated groups are numbered: sectie-titel-N / sectie-tekst-N,
 * partij-rol-N / partij-taak-N / partij-org-N, koppeling-…-N; an empty group is dropped.
 */
export function fieldsFromForm(body: FormBody): EditableFields {
  const reader = formReader(body);
  const { text, values, has } = reader;
  const sections = readSections(reader, "sectie");
  const parties: EditableFields["parties"] = [];
  for (let i = 0; has(`partij-rol-${i}`); i++) {
    const party = { role: text(`partij-rol-${i}`), task: text(`partij-taak-${i}`), organisations: values(`partij-org-${i}`) };
    if (party.role || party.task || party.organisations.length) parties.push(party);
  }
  const links: EditableFields["links"] = [];
  for (let i = 0; has(`koppeling-doel-${i}`); i++) {
    if (text(`koppeling-weg-${i}`) === "ja") continue;
    links.push({
      targetId: Number(text(`koppeling-doel-${i}`)),
      kind: text(`koppeling-soort-${i}`),
      note: text(`koppeling-notitie-${i}`),
      label: text(`koppeling-label-${i}`),
    });
  }
  return {
    title: text("title"),
    code: text("code"),
    when: text("when"),
    budget: text("budget"),
    priority: text("priority") === "ja",
    reducedCapacity: text("reducedCapacity"),
    internalNote: text("internalNote"),
    sections,
    parties,
    topics: values("onderwerp"),
    links,
  };
}

/**
 * Where the edit form shows a problem updateItem names by path (see itemPatchSchema);
 * undefined: in the notice at the top. The form lists parties, texts and links in the
 * order of the patch, so their numbers match.
 */
export function itemFormField(path: string): string | undefined {
  if (["title", "code", "when", "budget", "reducedCapacity", "internalNote"].includes(path)) return path;
  const sections = sectionField(/^sections\[(\d+)\]\.(title|text)$/.exec(path), "sectie");
  if (sections) return sections;
  const party = /^parties\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (party) return party[2] === "task" ? `partij-taak-${party[1]}` : `partij-rol-${party[1]}`;
  const link = /^links\[(\d+)\]\.(kind|note)$/.exec(path);
  if (link) return link[2] === "kind" ? `koppeling-soort-${link[1]}` : `koppeling-notitie-${link[1]}`;
  return undefined;
}

/** The changed fields as the command's input: empty text becomes "no value". updateItem checks it. */
export function patchOf(changed: FieldName[], fields: EditableFields, version: number): ItemPatchInput {
  const orNull = (v: string) => v || null;
  const patch: ItemPatchInput = { version };
  for (const name of changed) {
    switch (name) {
      case "parties":
        patch.parties = fields.parties.map((p) => ({ role: orNull(p.role), task: orNull(p.task), organisations: p.organisations }));
        break;
      case "links":
        patch.links = fields.links.map((l) => ({ targetId: l.targetId, kind: l.kind as LinkKind, note: orNull(l.note) }));
        break;
      case "topics":
      case "sections":
      case "priority":
      case "title":
        Object.assign(patch, { [name]: fields[name] });
        break;
      default:
        patch[name] = orNull(fields[name]);
    }
  }
  return patch;
}

function shown(name: FieldName, f: EditableFields): string {
  const value = f[name];
  switch (name) {
    case "sections":
      return f.sections.map((s) => `${s.title}: ${s.text}`).join("\n\n") || "(geen)";
    case "priority":
      return f.priority ? "ja" : "nee";
    case "parties":
      return f.parties.map((p) => [p.role, p.organisations.length ? `(${p.organisations.join(", ")})` : "", p.task && `: ${p.task}`].filter(Boolean).join(" ")).join("\n") || "(geen)";
    case "topics":
      return f.topics.join(", ") || "(geen)";
    case "links":
      return f.links.map((l) => `${l.kind}: ${l.label}`).join("\n") || "(geen)";
    default:
      return (value as string) || "(leeg)";
  }
}

/** After a refused save: what the other person saved merged into the form, and who did it when. */
export async function mergeAfterConflict<T extends object>(
  db: Db,
  viewer: Viewer,
  history: { plan: string; itemId?: number },
  forms: { base: T; mine: T; theirs: T },
): Promise<{ merged: T; conflict: Conflict<T> }> {
  const { merged, theirs: changed, conflicts } = mergeFields(forms.base, forms.mine, forms.theirs);
  const {
    rows: [last],
  } = await planHistory(db, viewer, history.plan, { itemId: history.itemId, limit: 1 });
  return { merged, conflict: { by: last?.actor ?? "Iemand anders", at: last?.at ?? new Date(), theirs: forms.theirs, changed, conflicts } };
}

function EditPage(props: {
  plan: PlanDetail;
  item: PlanItem;
  fields: EditableFields;
  base: EditableFields;
  version: number;
  choices: Choices;
  /** Just added through the structure pages. */
  added?: boolean;
  errors?: Partial<Record<string, string>>;
  /** Problems the service found that have no field of their own on the form. */
  problems?: string[] | undefined;
  conflict?: Conflict<EditableFields> | undefined;
}) {
  const { plan, item, fields, choices } = props;
  const errors = props.errors ?? {};
  const level = plan.levels.find((l) => l.key === item.level)?.name ?? item.level;
  const action = `/plannen/${plan.slug}/onderdelen/${item.id}/bewerken`;
  const parties = [...fields.parties, { role: "", task: "", organisations: [] }];
  return (
    <Page
      title={`${level} ${item.code ?? ""} bewerken`.replace(/\s+/g, " ")}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: itemHref(plan.slug, item.id), label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">
        {level} {item.code} bewerken
      </h1>
      {(Object.keys(errors).length > 0 || props.problems?.length) && (
        <ProblemNotice summary="Het onderdeel is niet opgeslagen. Verbeter wat hieronder is aangegeven." other={props.problems} />
      )}
      {props.added && <Notice kind="ok">Het onderdeel is toegevoegd. Vul hieronder de teksten, de planning en de partijen in.</Notice>}
      {props.conflict && <ConflictReport what="dit onderdeel" conflict={props.conflict} mine={fields} labels={labels} show={shown} />}
      <form method="post" action={action} class="koers-form koers-form--wide">
        <CsrfField />
        <input type="hidden" name="version" value={String(props.version)} />
        <input type="hidden" name="basis" value={JSON.stringify(props.base)} />
        <Field name="title" label="Titel" value={fields.title} error={errors.title} />
        <Field name="code" label="Code" value={fields.code} required={false} error={errors.code} hint='Het nummer zoals het plan het schrijft, bijvoorbeeld "2.3". Leeg laten als het plan geen nummer geeft.' />
        <SectionInputs prefix="sectie" legend="Teksten" sections={fields.sections} errors={errors} />
        <Field name="when" label="Wanneer" value={fields.when} required={false} error={errors.when} hint={'Zoals het plan het schrijft, bijvoorbeeld "November-december 2025".'} />
        <Field name="budget" label="Budget (begrotingsonderdeel)" value={fields.budget} required={false} error={errors.budget} />
        <Checkbox name="priority" value="ja" label="Prioriteit" checked={fields.priority} />
        <TextArea name="reducedCapacity" label="Minder capaciteit" value={fields.reducedCapacity} rows={2} error={errors.reducedCapacity} hint="Leeg laten als er geen beperking is." />
        <TextArea name="internalNote" label="Interne notitie (niet openbaar)" value={fields.internalNote} rows={3} error={errors.internalNote} />
        <fieldset>
          <legend>Wie (partijen)</legend>
          <p class="utrecht-paragraph koers-note">
            Elke partij heeft een rol zoals het plan die noemt, de organisaties waar het om gaat, en eventueel een taak. Maak
            alles leeg om een partij te verwijderen; de laatste lege partij voegt er een toe.
          </p>
          {parties.map((p, i) => (
            <div class="koers-section-edit">
              <Field name={`partij-rol-${i}`} label={`Rol van partij ${i + 1}`} value={p.role} required={false} error={errors[`partij-rol-${i}`]} />
              <Field name={`partij-taak-${i}`} label={`Taak van partij ${i + 1}`} value={p.task} required={false} error={errors[`partij-taak-${i}`]} />
              <details open={p.organisations.length > 0}>
                <summary>
                  Organisaties van partij {i + 1} ({p.organisations.length} gekozen)
                </summary>
                <div class="koers-choices">
                  {choices.organisations.map((o) => (
                    <Checkbox
                      name={`partij-org-${i}`}
                      id={`partij-org-${i}-${o.slug}`}
                      value={o.slug}
                      label={o.shortName && o.shortName !== o.name ? `${o.name} (${o.shortName})` : o.name}
                      checked={p.organisations.includes(o.slug)}
                    />
                  ))}
                </div>
              </details>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Onderwerpen</legend>
          <div class="koers-choices">
            {choices.topics.map((t) => (
              <Checkbox name="onderwerp" id={`onderwerp-${t.slug}`} value={t.slug} label={t.name} checked={fields.topics.includes(t.slug)} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Verwijzingen naar andere onderdelen</legend>
          {fields.links.length === 0 && <p class="utrecht-paragraph">Dit onderdeel verwijst nog nergens naar.</p>}
          {fields.links.map((l, i) => (
            <div class="koers-section-edit">
              <p class="utrecht-paragraph">
                <strong>Naar:</strong> {l.label}
              </p>
              <input type="hidden" name={`koppeling-doel-${i}`} value={String(l.targetId)} />
              <input type="hidden" name={`koppeling-label-${i}`} value={l.label} />
              <Select name={`koppeling-soort-${i}`} label="Soort verwijzing" value={l.kind} options={kindOptions} error={errors[`koppeling-soort-${i}`]} />
              <Field name={`koppeling-notitie-${i}`} label="Toelichting" value={l.note} required={false} error={errors[`koppeling-notitie-${i}`]} />
              <Checkbox name={`koppeling-weg-${i}`} value="ja" label="Deze verwijzing verwijderen" checked={false} />
            </div>
          ))}
        </fieldset>
        <SubmitOrCancel cancel={itemHref(plan.slug, item.id)} />
      </form>
      <h2 class="utrecht-heading-2">Verwijzing toevoegen</h2>
      <p class="utrecht-paragraph">
        Zoek het onderdeel waarnaar dit onderdeel verwijst, in dit of een ander plan. Sla eerst uw wijzigingen hierboven op.
      </p>
      <LinkSearchForm plan={plan} item={item} q="" />
    </Page>
  );
}


/** With `live`, htmx refreshes the results while typing; the form works the same without it. */
function LinkSearchForm({ plan, item, q, live }: { plan: PlanDetail; item: PlanItem; q: string; live?: boolean }) {
  const action = `/plannen/${plan.slug}/onderdelen/${item.id}/verwijzen`;
  const htmx = live && {
    "hx-get": action,
    "hx-trigger": "input changed delay:400ms from:#veld-q, submit",
    "hx-target": "#verwijs-resultaten",
    "hx-select": "#verwijs-resultaten",
    "hx-swap": "outerHTML",
    "hx-push-url": "true",
  };
  return (
    <form method="get" action={action} class="koers-form" role="search" {...htmx}>
      <Field name="q" label="Zoek een onderdeel" value={q} required={false} hint="Bijvoorbeeld een woord uit de titel of een code." />
      <div>
        <button type="submit" class="koers-button">
          Zoeken
        </button>
      </div>
    </form>
  );
}

function placeOf(r: SearchResult): string {
  const steps = r.place.map((p) => [p.level, p.code].filter(Boolean).join(" "));
  return [r.plan.title, ...steps].join(" › ");
}

/** Choosing the target of a new link: search, pick one result, choose the kind. */
function LinkPage(props: {
  plan: PlanDetail;
  item: PlanItem;
  q: string;
  results: SearchResult[];
  errors?: Partial<Record<string, string>>;
  notice?: string | undefined;
}) {
  const { plan, item, results } = props;
  const errors = props.errors ?? {};
  const itemName = [plan.levels.find((l) => l.key === item.level)?.name, item.code].filter(Boolean).join(" ");
  return (
    <Page
      title={`Verwijzing toevoegen aan ${itemName}`}
      enhanced
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: itemHref(plan.slug, item.id), label: plan.title },
        { href: `/plannen/${plan.slug}/onderdelen/${item.id}/bewerken`, label: `${itemName} bewerken` },
      ]}
    >
      <h1 class="utrecht-heading-1">Verwijzing toevoegen aan {itemName}</h1>
      <p class="utrecht-paragraph">{item.title}</p>
      {props.notice && <Notice kind="error">{props.notice}</Notice>}
      <LinkSearchForm plan={plan} item={item} q={props.q} live />
      <div id="verwijs-resultaten" aria-live="polite">
        {props.q && results.length === 0 && <p class="utrecht-paragraph">Geen onderdelen gevonden voor "{props.q}".</p>}
        {results.length > 0 && <p class="utrecht-paragraph">{results.length === 1 ? "1 onderdeel gevonden." : `${results.length} onderdelen gevonden.`}</p>}
        {results.length > 0 && (
          <form method="post" action={`/plannen/${plan.slug}/onderdelen/${item.id}/verwijzen`} class="koers-form koers-form--wide">
            <CsrfField />
            <input type="hidden" name="version" value={String(item.version)} />
            <input type="hidden" name="q" value={props.q} />
            <fieldset aria-describedby={errors.doel ? "veld-doel-fout" : undefined}>
              <legend>Kies het onderdeel waarnaar u verwijst</legend>
              {errors.doel && (
                <p class="koers-field-error" id="veld-doel-fout">
                  {errors.doel}
                </p>
              )}
              {results.map((r) => (
                <div class="koers-checkbox">
                  <input type="radio" name="doel" id={`doel-${r.item!.id}`} value={String(r.item!.id)} />{" "}
                  <label for={`doel-${r.item!.id}`}>
                    {[r.item!.code, r.item!.title].filter(Boolean).join(" ")} <span class="koers-note">({placeOf(r)})</span>
                  </label>
                </div>
              ))}
            </fieldset>
            <Select name="soort" label="Soort verwijzing" value="zie ook" options={kindOptions} error={errors.soort} />
            <Field name="notitie" label="Toelichting" required={false} hint="Bijvoorbeeld de zin uit het plan die de verwijzing legt." />
            <div>
              <button type="submit" class="koers-button">
                Verwijzing toevoegen
              </button>
            </div>
          </form>
        )}
      </div>
    </Page>
  );
}

export function editPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  async function load(c: Context<AppEnv>) {
    const viewer = c.get("viewer");
    const gate = await requirePlan(db, viewer, c.req.param("slug")!, "edit-item", { item: Number(c.req.param("id")) });
    const plan = await getPlan(db, viewer, gate.slug);
    const item = findItem(plan.items, gate.item.id);
    if (!item) throw new ItemNotFoundError(gate.item.id);
    return { plan, item };
  }

  const choicesFor = async (): Promise<Choices> => ({ organisations: await listOrganisations(db), topics: await topicChoices(db) });

  app.get("/:slug/onderdelen/:id/bewerken", async (c) => {
    const { plan, item } = await load(c);
    const fields = fieldsOf(item);
    const added = c.req.query("toegevoegd") !== undefined;
    return c.render(<EditPage plan={plan} item={item} fields={fields} base={fields} version={item.version} choices={await choicesFor()} added={added} />);
  });

  app.post("/:slug/onderdelen/:id/bewerken", async (c) => {
    const { plan, item } = await load(c);
    const body = await c.req.parseBody({ all: true });
    const mine = fieldsFromForm(body);
    let base: EditableFields;
    try {
      base = { ...fieldsOf(item), ...JSON.parse(formReader(body).text("basis") || "{}") } as EditableFields;
    } catch {
      base = fieldsOf(item);
    }
    const version = Number(formReader(body).text("version"));
    const changed = changedFields(base, mine);
    if (changed.length === 0) return c.redirect(itemHref(plan.slug, item.id), 303);
    try {
      await updateItem(db, c.get("viewer"), plan.slug, item.id, patchOf(changed, mine, version));
    } catch (error) {
      if (error instanceof InputError) {
        const { errors, other } = problemsForForm(error.problems, itemFormField);
        c.status(400);
        return c.render(<EditPage plan={plan} item={item} fields={mine} base={base} version={version} errors={errors} problems={other} choices={await choicesFor()} />);
      }
      if (!(error instanceof StaleVersionError)) throw error;
      // `item` was loaded in this request: the saved state now.
      const { merged, conflict } = await mergeAfterConflict(db, c.get("viewer"), { plan: plan.slug, itemId: item.id }, { base, mine, theirs: fieldsOf(item) });
      c.status(409);
      return c.render(
        <EditPage
          plan={plan}
          item={item}
          fields={merged}
          base={conflict.theirs}
          version={item.version}
          choices={await choicesFor()}
          conflict={conflict}
        />,
      );
    }
    return c.redirect(`/plannen/${plan.slug}?opgeslagen=${item.id}#onderdeel-${item.id}`, 303);
  });

  async function linkTargets(c: Context<AppEnv>, item: PlanItem, q: string): Promise<SearchResult[]> {
    if (!q) return [];
    const page = await search(db, c.get("viewer"), { q, limit: 20 });
    return page.results.filter((r) => r.kind === "item" && r.item!.id !== item.id);
  }

  app.get("/:slug/onderdelen/:id/verwijzen", async (c) => {
    const { plan, item } = await load(c);
    const q = (c.req.query("q") ?? "").trim();
    return c.render(<LinkPage plan={plan} item={item} q={q} results={await linkTargets(c, item, q)} />);
  });

  app.post("/:slug/onderdelen/:id/verwijzen", async (c) => {
    const { plan, item } = await load(c);
    const { text } = formReader(await c.req.parseBody({ all: true }));
    const q = text("q");
    const existing = relationsOf(item).links;
    const added = { targetId: Number(text("doel") || Number.NaN), kind: text("soort") as LinkKind, note: text("notitie") || null };
    try {
      await updateItem(db, c.get("viewer"), plan.slug, item.id, { version: Number(text("version")), links: [...existing, added] });
    } catch (error) {
      if (error instanceof InputError) {
        // The new link is the last one: its problems go next to the choice of target and kind.
        const last = `links[${existing.length}]`;
        const { errors, other } = problemsForForm(error.problems, (path) =>
          path === `${last}.kind` ? "soort" : path === last || path === `${last}.targetId` ? "doel" : undefined,
        );
        c.status(400);
        const results = await linkTargets(c, item, q);
        return c.render(<LinkPage plan={plan} item={item} q={q} results={results} errors={errors} notice={other.join(" ") || undefined} />);
      }
      if (!(error instanceof StaleVersionError)) throw error;
      c.status(409);
      const notice = "Iemand anders heeft dit onderdeel intussen gewijzigd. Kies het onderdeel opnieuw en voeg de verwijzing dan toe.";
      return c.render(<LinkPage plan={plan} item={item} q={q} results={await linkTargets(c, item, q)} notice={notice} />);
    }
    return c.redirect(`/plannen/${plan.slug}?opgeslagen=${item.id}#onderdeel-${item.id}`, 303);
  });

  return app;
}
