/**
 * Editing one item in the browser, without JavaScript: a form with every text
 * field of the item. The form carries the version and the values it started
 * from; when someone else saved in between, the save is refused and the page
 * shows what they changed, merges what does not clash, and marks what does.
 */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Field, Notice, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { NotFoundError } from "../../lib/errors.ts";
import { ForbiddenError, UnauthenticatedError } from "../accounts/policy.ts";
import { formatDateTime } from "../accounts/views.tsx";
import { listAudit } from "../audit/service.ts";
import type { Section } from "./format.ts";
import { fieldNames, mergeFields, type EditableFields, type FieldName } from "./merge.ts";
import { findItem, getPlan, StaleVersionError, updateItem, type PlanDetail, type PlanItem } from "./service.ts";

const labels: Record<FieldName, string> = {
  title: "Titel",
  sections: "Teksten",
  when: "Wanneer",
  budget: "Budget (begrotingsonderdeel)",
  priority: "Prioriteit",
  reducedCapacity: "Minder capaciteit",
  internalNote: "Interne notitie",
};

export function fieldsOf(item: PlanItem): EditableFields {
  return {
    title: item.title,
    when: item.when ?? "",
    budget: item.budget ?? "",
    priority: item.priority,
    reducedCapacity: item.reducedCapacity ?? "",
    internalNote: item.internalNote ?? "",
    sections: item.sections.map(({ title, text }) => ({ title, text })),
  };
}

/** Reads the form; sections come as sectie-titel-N / sectie-tekst-N, and an empty pair is dropped. */
export function fieldsFromForm(body: Record<string, unknown>): EditableFields {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).replace(/\r\n/g, "\n").trim() : "");
  const sections: Section[] = [];
  for (let i = 0; `sectie-titel-${i}` in body; i++) {
    const title = text(`sectie-titel-${i}`);
    const body_ = text(`sectie-tekst-${i}`);
    if (title || body_) sections.push({ title, text: body_ });
  }
  return {
    title: text("title"),
    when: text("when"),
    budget: text("budget"),
    priority: body.priority === "ja",
    reducedCapacity: text("reducedCapacity"),
    internalNote: text("internalNote"),
    sections,
  };
}

function validate(fields: EditableFields): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  if (!fields.title) errors.title = "Vul een titel in.";
  fields.sections.forEach((s, i) => {
    if (!s.title) errors[`sectie-titel-${i}`] = "Geef deze tekst een kop, bijvoorbeeld Activiteiten of Monitoring.";
    if (!s.text) errors[`sectie-tekst-${i}`] = "Vul de tekst in, of maak kop en tekst allebei leeg om hem te verwijderen.";
  });
  return errors;
}

const shown = (name: FieldName, f: EditableFields) =>
  name === "sections"
    ? f.sections.map((s) => `${s.title}: ${s.text}`).join("\n\n") || "(geen)"
    : name === "priority"
      ? f.priority
        ? "ja"
        : "nee"
      : (f[name] as string) || "(leeg)";

interface Conflict {
  by: string;
  at: Date;
  theirs: EditableFields;
  changed: FieldName[];
  conflicts: FieldName[];
}

function EditPage(props: {
  plan: PlanDetail;
  item: PlanItem;
  fields: EditableFields;
  base: EditableFields;
  version: number;
  errors?: Partial<Record<string, string>>;
  conflict?: Conflict | undefined;
}) {
  const { plan, item, fields } = props;
  const errors = props.errors ?? {};
  const level = plan.levels.find((l) => l.key === item.level)?.name ?? item.level;
  const action = `/plannen/${plan.slug}/onderdelen/${item.id}/bewerken`;
  const sections = [...fields.sections, { title: "", text: "" }];
  return (
    <Page
      title={`${level} ${item.code ?? ""} bewerken`.replace(/\s+/g, " ")}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}#onderdeel-${item.id}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">
        {level} {item.code} bewerken
      </h1>
      {Object.keys(errors).length > 0 && <Notice kind="error">Het onderdeel is niet opgeslagen. Verbeter wat hieronder is aangegeven.</Notice>}
      {props.conflict && (
        <Notice kind="error">
          <p class="utrecht-paragraph">
            {props.conflict.by} heeft dit onderdeel op {formatDateTime(props.conflict.at)} gewijzigd terwijl u het bewerkte. Uw
            wijzigingen zijn nog niet opgeslagen.
          </p>
          <p class="utrecht-paragraph">
            Wat alleen de ander veranderde, staat al in het formulier. Waar u allebei iets anders schreef, staat uw tekst
            in het formulier en die van de ander hieronder. Kies, pas aan en sla opnieuw op.
          </p>
        </Notice>
      )}
      {props.conflict && (
        <table class="utrecht-table koers-plan-table">
          <caption class="koers-caption">Wat de ander veranderde</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Veld</th>
              <th class="utrecht-table__header-cell" scope="col">Nu opgeslagen</th>
              <th class="utrecht-table__header-cell" scope="col">Uw versie</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {props.conflict.changed.map((name) => (
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="row">
                  {labels[name]}
                  {props.conflict!.conflicts.includes(name) && (
                    <>
                      {" "}
                      <span class="koers-badge">allebei gewijzigd</span>
                    </>
                  )}
                </th>
                <td class="utrecht-table__cell koers-pre">{shown(name, props.conflict!.theirs)}</td>
                <td class="utrecht-table__cell koers-pre">{props.conflict!.conflicts.includes(name) ? shown(name, fields) : "(overgenomen)"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={action} class="koers-form koers-form--wide">
        <CsrfField />
        <input type="hidden" name="version" value={String(props.version)} />
        <input type="hidden" name="basis" value={JSON.stringify(props.base)} />
        <Field name="title" label="Titel" value={fields.title} error={errors.title} />
        <fieldset>
          <legend>Teksten</legend>
          <p class="utrecht-paragraph koers-note">
            Elke tekst heeft een kop zoals in het plan (Activiteiten, Monitoring, Doelstelling, …). Opmaak: een lege regel
            begint een nieuwe alinea, een regel met "- " is een opsomming, *cursief* en **vet**. Maak kop en tekst leeg om
            een tekst te verwijderen; het laatste lege paar voegt een tekst toe.
          </p>
          {sections.map((s, i) => (
            <div class="koers-section-edit">
              <Field name={`sectie-titel-${i}`} label={`Kop van tekst ${i + 1}`} value={s.title} required={false} error={errors[`sectie-titel-${i}`]} />
              <TextArea name={`sectie-tekst-${i}`} label={`Tekst ${i + 1}`} value={s.text} rows={6} error={errors[`sectie-tekst-${i}`]} />
            </div>
          ))}
        </fieldset>
        <Field name="when" label="Wanneer" value={fields.when} required={false} hint={'Zoals het plan het schrijft, bijvoorbeeld "November-december 2025".'} />
        <Field name="budget" label="Budget (begrotingsonderdeel)" value={fields.budget} required={false} />
        <p>
          <input type="checkbox" id="veld-priority" name="priority" value="ja" checked={fields.priority} />
          <label for="veld-priority" class="koers-inline-label">
            {" "}
            Prioriteit
          </label>
        </p>
        <TextArea name="reducedCapacity" label="Minder capaciteit" value={fields.reducedCapacity} rows={2} hint="Leeg laten als er geen beperking is." />
        <TextArea name="internalNote" label="Interne notitie (niet openbaar)" value={fields.internalNote} rows={3} />
        <div>
          <button type="submit" class="koers-button">
            Opslaan
          </button>{" "}
          <a class="utrecht-link" href={`/plannen/${plan.slug}#onderdeel-${item.id}`}>
            Annuleren
          </a>
        </div>
      </form>
    </Page>
  );
}


export function editPages({ db }: AppDeps) {
  const app = new Hono<AppEnv>();

  async function load(c: Context<AppEnv>) {
    const viewer = c.get("viewer");
    const plan = await getPlan(db, viewer, c.req.param("slug")!);
    const item = findItem(plan.items, Number(c.req.param("id")));
    if (!item) throw new NotFoundError("Dit onderdeel bestaat niet (meer).");
    if (!item.editable) throw viewer.kind === "anonymous" ? new UnauthenticatedError() : new ForbiddenError("U mag dit onderdeel niet wijzigen.");
    return { plan, item };
  }

  app.get("/:slug/onderdelen/:id/bewerken", async (c) => {
    const { plan, item } = await load(c);
    const fields = fieldsOf(item);
    return c.render(<EditPage plan={plan} item={item} fields={fields} base={fields} version={item.version} />);
  });

  app.post("/:slug/onderdelen/:id/bewerken", async (c) => {
    const { plan, item } = await load(c);
    const body = await c.req.parseBody();
    const mine = fieldsFromForm(body);
    let base: EditableFields;
    try {
      base = { ...fieldsOf(item), ...JSON.parse(String(body.basis ?? "{}")) } as EditableFields;
    } catch {
      base = fieldsOf(item);
    }
    const version = Number(body.version);
    const errors = validate(mine);
    if (Object.keys(errors).length > 0) {
      c.status(400);
      return c.render(<EditPage plan={plan} item={item} fields={mine} base={base} version={version} errors={errors} />);
    }
    const orNull = (v: string) => v || null;
    const changed = fieldNames.filter((n) => JSON.stringify(mine[n]) !== JSON.stringify(base[n]));
    if (changed.length === 0) return c.redirect(`/plannen/${plan.slug}#onderdeel-${item.id}`, 303);
    try {
      await updateItem(db, c.get("viewer"), plan.slug, item.id, {
        version,
        ...Object.fromEntries(changed.map((n) => [n, typeof mine[n] === "string" && n !== "title" ? orNull(mine[n] as string) : mine[n]])),
      });
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      const theirs = fieldsOf(item); // `item` was loaded in this request: the saved state now
      const { merged, theirs: changed, conflicts } = mergeFields(base, mine, theirs);
      const [last] = await listAudit(db, { itemId: item.id, limit: 1 });
      c.status(409);
      return c.render(
        <EditPage
          plan={plan}
          item={item}
          fields={merged}
          base={theirs}
          version={item.version}
          conflict={{ by: last?.actor ?? "Iemand anders", at: last?.at ?? new Date(), theirs, changed, conflicts }}
        />,
      );
    }
    return c.redirect(`/plannen/${plan.slug}?opgeslagen=${item.id}#onderdeel-${item.id}`, 303);
  });

  return app;
}
