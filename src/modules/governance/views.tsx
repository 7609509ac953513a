/** The pages of governance: the bodies, one body, one meeting, and a plan's approval route. */
import type { Child } from "hono/jsx";
import { formatDate } from "../../lib/dates.ts";
import { Checkbox, Field, Notice, ProblemNotice, Select, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { bodyKinds, decisionOutcomes, type DecisionOutcome } from "./schema.ts";
import { outcomeLabels, type AgendaProposal } from "./rules.ts";
import { bodyKindLabels, type BodyDetail, type BodySummary, type DecisionView, type MeetingDetail, type PlanRoute } from "./service.ts";

/** What the last form sent produced: a confirmation, or the problems that refused it. */
export interface FormState {
  /** Which form the state is about (its section id). */
  form?: string;
  notice?: string | undefined;
  summary?: string;
  errors?: Record<string, string>;
  other?: string[];
  /** The values as sent, to show again after a refusal. */
  values?: Record<string, string>;
}

const actionOptions = [
  { value: "advies", label: "Advies" },
  { value: "instemming", label: "Instemming" },
  { value: "vaststelling", label: "Vaststelling" },
  { value: "kennisname", label: "Kennisname" },
];

function StateNotice({ state, form }: { state: FormState | undefined; form: string }) {
  if (!state || state.form !== form) return null;
  if (state.summary) return <ProblemNotice summary={state.summary} other={state.other ?? []} />;
  return state.notice ? <Notice kind="ok">{state.notice}</Notice> : null;
}

const v = (state: FormState | undefined, form: string, name: string, fallback = "") => (state?.form === form ? (state.values?.[name] ?? fallback) : fallback);
const err = (state: FormState | undefined, form: string, name: string) => (state?.form === form ? state.errors?.[name] : undefined);

function Section(props: { id: string; heading: string; children: Child }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 class="utrecht-heading-2" id={props.id}>
        {props.heading}
      </h2>
      {props.children}
    </section>
  );
}

function PostForm(props: { action: string; submit: string; children?: Child; inline?: boolean; label?: string }) {
  return (
    <form method="post" action={props.action} class={props.inline ? "koers-inline-form" : "koers-form"}>
      <CsrfField />
      {props.children}
      <button type="submit" class="koers-button" aria-label={props.label}>
        {props.submit}
      </button>
    </form>
  );
}

export function OutcomeText({ outcome }: { outcome: DecisionOutcome }) {
  return <strong>{outcomeLabels[outcome]}</strong>;
}

/** Decisions as a list: date, body, outcome, what about, the text. */
export function DecisionList({ decisions, id, showPlan = true }: { decisions: DecisionView[]; id: string; showPlan?: boolean }) {
  if (decisions.length === 0) return <p class="utrecht-paragraph">Nog geen besluiten.</p>;
  return (
    <DataTable
      id={id}
      caption="Besluiten"
      hideCaption
      rows={decisions}
      columns={[
        { label: "Datum", cell: (d) => formatDate(d.date), rowHeader: true },
        { label: "Orgaan", cell: (d) => <a href={`/organen/${d.body.slug}`}>{d.body.name}</a> },
        { label: "Uitkomst", cell: (d) => <OutcomeText outcome={d.outcome} /> },
        showPlan && {
          label: "Over",
          cell: (d) => (
            <>
              {d.plan ? <a href={`/plannen/${d.plan.slug}`}>{d.plan.title}</a> : "—"}
              {d.reportVersion && <> (rapportage, versie {d.reportVersion.number})</>}
              {d.items.length > 0 && <> — onderdelen {d.items.map((i) => i.code ?? i.title).join(", ")}</>}
            </>
          ),
        },
        {
          label: "Besluit",
          cell: (d) => (
            <>
              {d.text || "—"}
              {d.step !== null && <> (stap {d.step} van de route)</>}
              {d.snapshotId !== null && d.plan && (
                <>
                  {" "}
                  <a href={`/plannen/${d.plan.slug}/versies`}>vastgelegde versie</a>
                </>
              )}
            </>
          ),
        },
      ]}
    />
  );
}

export function BodiesPage({ list, organisations, state }: { list: { bodies: BodySummary[]; mayCreate: boolean }; organisations: { slug: string; name: string }[]; state?: FormState }) {
  return (
    <Page title="Organen" crumbs={[{ href: "/", label: "Plannen" }]}>
      <h1 class="utrecht-heading-1">Organen</h1>
      <p class="utrecht-paragraph">De organen die over de plannen adviseren, instemmen en besluiten, met hun vergaderingen en besluiten.</p>
      {list.bodies.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen organen.</p>
      ) : (
        <DataTable
          id="organen"
          caption="Organen"
          hideCaption
          rows={list.bodies}
          columns={[
            { label: "Orgaan", cell: (b) => <a href={`/organen/${b.slug}`}>{b.name}</a>, rowHeader: true },
            { label: "Soort", cell: (b) => bodyKindLabels[b.kind] },
            { label: "Organisaties", cell: (b) => b.organisations.join(", ") },
            { label: "Volgende vergadering", cell: (b) => (b.nextMeeting ? formatDate(b.nextMeeting) : "—") },
          ]}
        />
      )}
      {list.mayCreate && (
        <Section id="nieuw-orgaan" heading="Nieuw orgaan">
          <StateNotice state={state} form="nieuw-orgaan" />
          <PostForm action="/organen" submit="Orgaan aanmaken">
            <BodyFields state={state} form="nieuw-orgaan" organisations={organisations} />
          </PostForm>
        </Section>
      )}
    </Page>
  );
}

function BodyFields(props: { state: FormState | undefined; form: string; organisations: { slug: string; name: string }[]; body?: BodyDetail }) {
  const { state, form, body } = props;
  const chosen = new Set(state?.form === form ? (state.values?.organisations ?? "").split(",") : (body?.organisations.map((o) => o.slug) ?? []));
  return (
    <>
      <Field id={`${form}-name`} name="name" label="Naam" value={v(state, form, "name", body?.name)} error={err(state, form, "name")} />
      <Select id={`${form}-kind`} name="kind" label="Soort" value={v(state, form, "kind", body?.kind ?? "overig")} error={err(state, form, "kind")} options={bodyKinds.map((k) => ({ value: k, label: bodyKindLabels[k] }))} />
      <TextArea id={`${form}-description`} name="description" label="Omschrijving (optioneel)" value={v(state, form, "description", body?.description ?? "")} error={err(state, form, "description")} rows={3} />
      <fieldset>
        <legend>Deelnemende organisaties</legend>
        {err(state, form, "organisations") && <p class="koers-field-error">{err(state, form, "organisations")}</p>}
        {props.organisations.map((o) => (
          <Checkbox name="organisations" value={o.slug} label={o.name} checked={chosen.has(o.slug)} id={`${form}-org-${o.slug}`} />
        ))}
      </fieldset>
    </>
  );
}

export function BodyPage({ body, organisations, state }: { body: BodyDetail; organisations: { slug: string; name: string }[]; state?: FormState }) {
  const base = `/organen/${body.slug}`;
  return (
    <Page title={body.name} crumbs={[{ href: "/organen", label: "Organen" }]}>
      <h1 class="utrecht-heading-1">{body.name}</h1>
      <p class="utrecht-paragraph">
        {bodyKindLabels[body.kind]}. Deelnemende organisaties: {body.organisations.map((o) => o.name).join(", ") || "geen"}.
      </p>
      {body.description && <p class="utrecht-paragraph">{body.description}</p>}
      <StateNotice state={state} form="algemeen" />

      <Section id="leden" heading="Leden">
        {body.members.length === 0 ? (
          <p class="utrecht-paragraph">Er zijn nog geen leden vastgelegd.</p>
        ) : (
          <DataTable
            id="ledenlijst"
            caption="Leden"
            hideCaption
            rows={body.members}
            columns={[
              { label: "Naam", cell: (m) => m.name, rowHeader: true },
              { label: "Rol", cell: (m) => m.role ?? "—" },
              { label: "Organisatie", cell: (m) => m.organisation ?? "—" },
              { label: "E-mail", cell: (m) => (m.email ? `${m.email}${m.hasAccount ? " (account in Koers)" : ""}` : "—") },
              body.may.manage && {
                label: "Wijzigen",
                cell: (m) => (
                  <PostForm action={`${base}/lid-verwijderen`} submit="Verwijderen" inline label={`${m.name} verwijderen als lid`}>
                    <input type="hidden" name="id" value={String(m.id)} />
                    <input type="hidden" name="version" value={String(body.version)} />
                  </PostForm>
                ),
              },
            ]}
          />
        )}
        {body.may.manage && (
          <>
            <h3 class="utrecht-heading-3" id="lid-toevoegen">
              Lid toevoegen
            </h3>
            <StateNotice state={state} form="lid" />
            <PostForm action={`${base}/leden`} submit="Lid toevoegen">
              <input type="hidden" name="version" value={String(body.version)} />
              <Field id={`lid-email`} name="email" type="email" label="E-mailadres" hint="Heeft deze persoon een account in Koers, dan vult u alleen het adres in." value={v(state, "lid", "email")} error={err(state, "lid", "email")} required={false} />
              <Field id={`lid-name`} name="name" label="Naam (zonder account in Koers)" value={v(state, "lid", "name")} error={err(state, "lid", "name")} required={false} />
              <Select id={`lid-organisation`} name="organisation" label="Organisatie" value={v(state, "lid", "organisation")} error={err(state, "lid", "organisation")} options={[{ value: "", label: "(geen)" }, ...organisations.map((o) => ({ value: o.slug, label: o.name }))]} />
              <Field id={`lid-role`} name="role" label="Rol (bijvoorbeeld voorzitter of lid)" value={v(state, "lid", "role")} error={err(state, "lid", "role")} required={false} />
            </PostForm>
          </>
        )}
      </Section>

      <Section id="vergaderingen" heading="Vergaderingen">
        {body.meetings.length === 0 ? (
          <p class="utrecht-paragraph">Er zijn nog geen vergaderingen.</p>
        ) : (
          <DataTable
            id="vergaderlijst"
            caption="Vergaderingen"
            hideCaption
            rows={body.meetings}
            columns={[
              { label: "Datum", cell: (m) => <a href={`${base}/vergaderingen/${m.id}`}>{formatDate(m.date)}</a>, rowHeader: true },
              { label: "Tijd", cell: (m) => m.time ?? "—" },
              { label: "Plaats", cell: (m) => m.location ?? "—" },
              { label: "Agendapunten", cell: (m) => String(m.agendaCount), numeric: true },
              { label: "Agenda verstuurd", cell: (m) => (m.agendaSent ? "ja" : "nee") },
            ]}
          />
        )}
        {body.may.manage && (
          <>
            <h3 class="utrecht-heading-3" id="nieuwe-vergadering">
              Nieuwe vergadering
            </h3>
            <StateNotice state={state} form="vergadering" />
            <PostForm action={`${base}/vergaderingen`} submit="Vergadering aanmaken">
              <MeetingFields state={state} form="vergadering" />
            </PostForm>
          </>
        )}
      </Section>

      <Section id="besluiten" heading="Besluiten">
        <DecisionList decisions={body.decisions} id="besluitenlijst" />
        {body.may.manage && (
          <>
            <h3 class="utrecht-heading-3" id="besluit-zonder-vergadering">
              Besluit vastleggen buiten een vergadering
            </h3>
            <StateNotice state={state} form="besluit" />
            <DecisionForm action={`${base}/besluiten`} state={state} />
          </>
        )}
      </Section>

      {body.may.manage && (
        <Section id="orgaan-wijzigen" heading="Orgaan wijzigen">
          <StateNotice state={state} form="orgaan" />
          <PostForm action={base} submit="Opslaan">
            <input type="hidden" name="version" value={String(body.version)} />
            <BodyFields state={state} form="orgaan" organisations={organisations} body={body} />
          </PostForm>
        </Section>
      )}
    </Page>
  );
}

function MeetingFields({ state, form, meeting }: { state: FormState | undefined; form: string; meeting?: MeetingDetail }) {
  return (
    <>
      <Field id={`${form}-date`} name="date" type="date" label="Datum" value={v(state, form, "date", meeting?.date)} error={err(state, form, "date")} />
      <Field id={`${form}-time`} name="time" label="Tijd (bijvoorbeeld 19:30-21:00)" value={v(state, form, "time", meeting?.time ?? "")} error={err(state, form, "time")} required={false} />
      <Field id={`${form}-location`} name="location" label="Plaats" value={v(state, form, "location", meeting?.location ?? "")} error={err(state, form, "location")} required={false} />
      <TextArea id={`${form}-notes`} name="notes" label="Aantekeningen (optioneel)" value={v(state, form, "notes", meeting?.notes ?? "")} error={err(state, form, "notes")} rows={3} />
    </>
  );
}

function DecisionForm({ action, state, meetingId, plan, agenda }: { action: string; state: FormState | undefined; meetingId?: number; plan?: string; agenda?: MeetingDetail["agenda"] }) {
  const form = "besluit";
  return (
    <PostForm action={action} submit="Besluit vastleggen">
      {meetingId !== undefined && <input type="hidden" name="meetingId" value={String(meetingId)} />}
      {agenda && agenda.length > 0 && (
        <Select
          name="agendaItemId"
          label="Agendapunt"
          value={v(state, form, "agendaItemId")}
          error={err(state, form, "agendaItemId")}
          options={[{ value: "", label: "(geen)" }, ...agenda.map((a) => ({ value: String(a.id), label: a.title }))]}
        />
      )}
      <Field id={`${action.includes("besluitvorming") ? "route" : "besluit"}-date`} name="date" type="date" label="Datum van het besluit" value={v(state, form, "date")} error={err(state, form, "date")} />
      <Select id={`${action.includes("besluitvorming") ? "route" : "besluit"}-outcome`} name="outcome" label="Uitkomst" value={v(state, form, "outcome")} error={err(state, form, "outcome")} options={decisionOutcomes.map((o) => ({ value: o, label: outcomeLabels[o] }))} />
      <Field id={`${action.includes("besluitvorming") ? "route" : "besluit"}-plan`} name="plan" label="Plan (korte naam, optioneel)" hint="Bij een agendapunt over een plan wordt het plan van het agendapunt genomen." value={v(state, form, "plan", plan ?? "")} error={err(state, form, "plan")} required={false} />
      <TextArea id={`${action.includes("besluitvorming") ? "route" : "besluit"}-text`} name="text" label="Besluit zoals genotuleerd" value={v(state, form, "text")} error={err(state, form, "text")} rows={3} />
    </PostForm>
  );
}

export function MeetingPage({ meeting, proposals, state }: { meeting: MeetingDetail; proposals: AgendaProposal[] | null; state?: FormState }) {
  const base = `/organen/${meeting.body.slug}/vergaderingen/${meeting.id}`;
  const title = `${meeting.body.name}, ${formatDate(meeting.date)}`;
  return (
    <Page title={title} crumbs={[{ href: "/organen", label: "Organen" }, { href: `/organen/${meeting.body.slug}`, label: meeting.body.name }]}>
      <h1 class="utrecht-heading-1">Vergadering {title}</h1>
      <p class="utrecht-paragraph">
        {meeting.time ? `Tijd: ${meeting.time}. ` : ""}
        {meeting.location ? `Plaats: ${meeting.location}. ` : ""}
        {meeting.agendaSentAt ? "De agenda is verstuurd." : "De agenda is nog niet verstuurd."}
      </p>
      {meeting.notes && <p class="utrecht-paragraph">{meeting.notes}</p>}

      <Section id="agenda" heading="Agenda">
        <StateNotice state={state} form="agenda" />
        {meeting.agenda.length === 0 ? (
          <p class="utrecht-paragraph">De agenda is nog leeg.</p>
        ) : (
          <ol class="utrecht-ordered-list">
            {meeting.agenda.map((a) => (
              <li>
                <strong>{a.title}</strong>
                {a.plan && (
                  <>
                    {" "}
                    (<a href={`/plannen/${a.plan.slug}`}>{a.plan.title}</a>
                    {a.item && <>, onderdeel {a.item.code ?? a.item.title}</>}
                    {a.reportVersionId !== null && <>, rapportage</>})
                  </>
                )}
                {a.proposed && <> — voorstel: {outcomeLabels[a.proposed].toLowerCase()}</>}
                {a.note && <> — {a.note}</>}
                {meeting.may.manage && (
                  <>
                    {" "}
                    <PostForm action={`${base}/agendapunt-verwijderen`} submit="Verwijderen" inline label={`Agendapunt ${a.title} verwijderen`}>
                      <input type="hidden" name="id" value={String(a.id)} />
                      <input type="hidden" name="version" value={String(meeting.version)} />
                    </PostForm>
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
        {meeting.may.manage && (
          <>
            <h3 class="utrecht-heading-3" id="agenda-voorstellen">
              Agenda voorstellen
            </h3>
            {proposals === null ? (
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={`${base}?voorstel=1#agenda-voorstellen`}>
                  Toon wat er voor deze vergadering speelt
                </a>{" "}
                (plannen die op dit orgaan wachten, rapportages die nog niet voor kennisgeving zijn aangenomen, onderdelen die achterlopen of voor de volgende vergadering klaar moeten zijn).
              </p>
            ) : proposals.length === 0 ? (
              <p class="utrecht-paragraph">Er speelt nu niets dat nog niet op de agenda staat.</p>
            ) : (
              <PostForm action={`${base}/agendapunten`} submit="Gekozen punten op de agenda zetten">
                <input type="hidden" name="version" value={String(meeting.version)} />
                <fieldset>
                  <legend>Kies de punten voor de agenda</legend>
                  {proposals.map((p) => (
                    <div class="koers-checkbox">
                      <input type="checkbox" id={`voorstel-${p.key}`} name="voorstel" value={p.key} checked={p.kind === "plan"} />{" "}
                      <label for={`voorstel-${p.key}`} class="koers-inline-label">
                        {p.title}: {p.reason}
                      </label>
                    </div>
                  ))}
                </fieldset>
              </PostForm>
            )}
            <h3 class="utrecht-heading-3" id="agendapunt-toevoegen">
              Agendapunt toevoegen
            </h3>
            <PostForm action={`${base}/agendapunten`} submit="Agendapunt toevoegen">
              <input type="hidden" name="version" value={String(meeting.version)} />
              <Field id={`agenda-title`} name="title" label="Titel" value={v(state, "agenda", "title")} error={err(state, "agenda", "title")} />
              <Field id={`agenda-plan`} name="plan" label="Plan (korte naam, optioneel)" value={v(state, "agenda", "plan")} error={err(state, "agenda", "plan")} required={false} />
              <Select id={`agenda-proposed`} name="proposed" label="Voorgesteld besluit" value={v(state, "agenda", "proposed")} options={[{ value: "", label: "(alleen bespreken)" }, ...actionOptions]} />
              <Field id={`agenda-note`} name="note" label="Toelichting (optioneel)" value={v(state, "agenda", "note")} error={err(state, "agenda", "note")} required={false} />
            </PostForm>
          </>
        )}
      </Section>

      <Section id="stukken" heading="Stukken">
        <StateNotice state={state} form="stukken" />
        {meeting.documents.length === 0 ? (
          <p class="utrecht-paragraph">Er zijn nog geen stukken.</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {meeting.documents.map((d) => (
              <li>
                <a href={d.url}>{d.title}</a>
                {meeting.may.manage && (
                  <>
                    {" "}
                    <PostForm action={`${base}/stuk-verwijderen`} submit="Verwijderen" inline label={`Stuk ${d.title} verwijderen`}>
                      <input type="hidden" name="id" value={String(d.id)} />
                      <input type="hidden" name="version" value={String(meeting.version)} />
                    </PostForm>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {meeting.may.manage && (
          <PostForm action={`${base}/stukken`} submit="Stuk toevoegen">
            <input type="hidden" name="version" value={String(meeting.version)} />
            <Field id={`stuk-title`} name="title" label="Titel van het stuk" value={v(state, "stukken", "title")} error={err(state, "stukken", "title")} />
            <Field id={`stuk-url`} name="url" label="Adres (https://… of een pagina in Koers, zoals /plannen/…)" value={v(state, "stukken", "url")} error={err(state, "stukken", "url")} />
          </PostForm>
        )}
      </Section>

      <Section id="besluiten" heading="Besluiten">
        <DecisionList decisions={meeting.decisions} id="besluitenlijst" />
        {meeting.may.manage && (
          <>
            <h3 class="utrecht-heading-3" id="besluit-vastleggen">
              Besluit vastleggen
            </h3>
            <StateNotice state={state} form="besluit" />
            <DecisionForm action={`/organen/${meeting.body.slug}/besluiten`} state={state} meetingId={meeting.id} agenda={meeting.agenda} />
          </>
        )}
      </Section>

      {meeting.may.manage && (
        <Section id="vergadering-wijzigen" heading="Vergadering wijzigen">
          <StateNotice state={state} form="vergadering" />
          <PostForm action={base} submit="Opslaan">
            <input type="hidden" name="version" value={String(meeting.version)} />
            <MeetingFields state={state} form="vergadering" meeting={meeting} />
          </PostForm>
        </Section>
      )}
    </Page>
  );
}

const statusWords: Record<string, string> = { concept: "concept", "in-besluitvorming": "in besluitvorming", vastgesteld: "vastgesteld", afgesloten: "afgesloten" };

export function RoutePage({ route, state }: { route: PlanRoute; state?: FormState }) {
  const base = `/plannen/${route.plan.slug}/besluitvorming`;
  const editable = route.may.edit && route.plan.status !== "in-besluitvorming";
  // Empty rows to add steps (at least four rows in all; after saving, two more each time).
  const blank = Math.max(2, 4 - route.steps.length);
  const rows = [...route.steps.map((s) => ({ body: s.bodySlug, action: s.action as string, due: s.due ?? "" })), ...Array.from({ length: blank }, () => ({ body: "", action: "", due: "" }))];
  return (
    <Page title={`Besluitvorming over ${route.plan.title}`} crumbs={[{ href: "/", label: "Plannen" }, { href: `/plannen/${route.plan.slug}`, label: route.plan.title }]}>
      <h1 class="utrecht-heading-1">Besluitvorming over {route.plan.title}</h1>
      <p class="utrecht-paragraph">
        Status van het plan: <strong>{statusWords[route.plan.status] ?? route.plan.status}</strong>.
        {route.next && (
          <>
            {" "}
            Nu aan de beurt: <a href={`/organen/${route.next.bodySlug}`}>{route.next.bodyName}</a> ({outcomeLabels[route.next.action].toLowerCase()}
            {route.next.due ? `, uiterlijk ${formatDate(route.next.due)}` : ""}).
          </>
        )}
        {route.rejected && <> Afgewezen op {formatDate(route.rejected.date)}: het plan is weer een concept; start de route opnieuw als het is aangepast.</>}
      </p>
      <StateNotice state={state} form="route" />

      <Section id="route" heading="Route">
        {route.steps.length === 0 ? (
          <p class="utrecht-paragraph">Er is nog geen route vastgelegd.</p>
        ) : (
          <DataTable
            id="stappen"
            caption="Stappen van de route"
            hideCaption
            rows={route.steps}
            columns={[
              { label: "Stap", cell: (s) => String(s.position + 1), rowHeader: true, numeric: true },
              { label: "Orgaan", cell: (s) => <a href={`/organen/${s.bodySlug}`}>{s.bodyName}</a> },
              { label: "Doet", cell: (s) => outcomeLabels[s.action] },
              { label: "Uiterlijk", cell: (s) => (s.due ? formatDate(s.due) : "—") },
              { label: "Besluit", cell: (s) => (s.decision ? `${outcomeLabels[s.decision.outcome]} op ${formatDate(s.decision.date)}` : "open") },
            ]}
          />
        )}
        {editable && (
          <>
            <h3 class="utrecht-heading-3" id="route-wijzigen">
              Route wijzigen
            </h3>
            <p class="utrecht-paragraph">Zet de organen in de volgorde waarin zij besluiten. Het orgaan dat het plan vaststelt, is de laatste stap. Laat een regel leeg om hem weg te laten.</p>
            <PostForm action={base} submit="Route opslaan">
              <input type="hidden" name="version" value={route.version} />
              {rows.map((r, i) => (
                <fieldset>
                  <legend>Stap {i + 1}</legend>
                  <Select id={`stap-orgaan-${i}`} name={`orgaan-${i}`} label="Orgaan" value={v(state, "route", `orgaan-${i}`, r.body)} error={err(state, "route", `orgaan-${i}`)} options={[{ value: "", label: "(geen)" }, ...route.bodies.map((b) => ({ value: b.slug, label: b.name }))]} />
                  <Select id={`stap-actie-${i}`} name={`actie-${i}`} label="Wat het orgaan doet" value={v(state, "route", `actie-${i}`, r.action)} error={err(state, "route", `actie-${i}`)} options={[{ value: "", label: "(kies)" }, ...actionOptions]} />
                  <Field id={`stap-uiterlijk-${i}`} name={`uiterlijk-${i}`} type="date" label="Uiterlijk (optioneel)" value={v(state, "route", `uiterlijk-${i}`, r.due)} error={err(state, "route", `uiterlijk-${i}`)} required={false} />
                </fieldset>
              ))}
            </PostForm>
          </>
        )}
        {route.may.edit && route.plan.status === "concept" && route.steps.length > 0 && (
          <PostForm action={`${base}/start`} submit="Besluitvorming starten">
            <input type="hidden" name="version" value={route.version} />
          </PostForm>
        )}
      </Section>

      {route.may.edit && route.next && (
        <Section id="besluit" heading={`Besluit van ${route.next.bodyName} vastleggen`}>
          <StateNotice state={state} form="besluit" />
          <PostForm action={`${base}/besluit`} submit="Besluit vastleggen">
            <input type="hidden" name="version" value={route.version} />
            <input type="hidden" name="body" value={route.next.bodySlug} />
            <Field id={`stapbesluit-date`} name="date" type="date" label="Datum van het besluit" value={v(state, "besluit", "date")} error={err(state, "besluit", "date")} />
            <Select
              name="outcome"
              label="Uitkomst"
              value={v(state, "besluit", "outcome", route.next.action)}
              error={err(state, "besluit", "outcome")}
              options={[{ value: route.next.action, label: outcomeLabels[route.next.action] }, { value: "afwijzing", label: "Afwijzing (het plan gaat terug naar concept)" }]}
            />
            <TextArea id={`stapbesluit-text`} name="text" label="Besluit zoals genotuleerd" value={v(state, "besluit", "text")} error={err(state, "besluit", "text")} rows={3} />
          </PostForm>
        </Section>
      )}

      <Section id="besluiten" heading="Besluiten over dit plan">
        <DecisionList decisions={route.decisions} id="planbesluiten" showPlan={false} />
      </Section>
    </Page>
  );
}

/** The "Besluiten" section of a plan's page (composed in src/web/plan-pages.tsx). */
export function PlanDecisions({ planSlug, decisions, route }: { planSlug: string; decisions: DecisionView[]; route: boolean }) {
  if (decisions.length === 0 && !route) return null;
  return (
    <section aria-labelledby="besluiten-over-plan" class="koers-plan-decisions">
      <h2 class="utrecht-heading-2" id="besluiten-over-plan">
        Besluiten
      </h2>
      <DecisionList decisions={decisions} id="besluiten-plan" showPlan={false} />
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/plannen/${planSlug}/besluitvorming`}>
          Besluitvorming over dit plan
        </a>
      </p>
    </section>
  );
}
