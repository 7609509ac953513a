/**
 * Pages for reporting rounds, without JavaScript: a plan's rounds and opening one,
 * one round with its completeness, reminders and closing; "mijn werk" per person;
 * and the personal calendar feed, which calendar programs read with a read key.
 */
import { Hono, type Context } from "hono";
import { ConflictError } from "../../lib/errors.ts";
import { addressLimit } from "../../web/auth.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Field, Notice, Select, TextArea } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { tokenViewer } from "../accounts/service.ts";
import { formatDate, formatDateTime, formatPeriod } from "../../lib/dates.ts";
import { DataTable, type DataTableProps } from "../../web/parts/table.tsx";
import { personColumn } from "../../web/person-column.tsx";
import { calendarText } from "../../lib/calendar.ts";
import { currentPeriod } from "../monitoring/periods.ts";
import {
  closeRound,
  daysUntil,
  listRounds,
  myCalendar,
  myWork,
  openRound,
  publishRound,
  RoundInputError,
  roundDetail,
  sendReminders,
  withdrawPublication,
  type MyWork,
  type RoundDetail,
  type RoundItem,
  type RoundsOverview,
  type Tally,
} from "./service.ts";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import { periodHref } from "../monitoring/published.ts";

/** "nog 3 dagen", "nog 1 dag", "vandaag", "verlopen". */
export function deadlineText(daysLeft: number): string {
  if (daysLeft > 1) return `nog ${daysLeft} dagen`;
  if (daysLeft === 1) return "nog 1 dag";
  return daysLeft === 0 ? "vandaag" : "verlopen";
}

const tallyText = (t: Tally) => `${t.done} van ${t.due}${t.due > 0 ? ` (${Math.round((100 * t.done) / t.due)}%)` : ""}`;
const itemName = (i: { code: string | null; title: string }) => [i.code, i.title].filter(Boolean).join(" ");
const orgNames = (list: { name: string; shortName: string | null }[]) => list.map((o) => o.shortName ?? o.name).join(", ");
const roundsPath = (slug: string) => `/plannen/${slug}/rondes`;

interface OpenValues {
  periodId: string;
  deadline: string;
  message: string;
}

function RoundsPage(props: { overview: RoundsOverview; values?: OpenValues; errors?: Record<string, string> }) {
  const { overview } = props;
  const { plan } = overview;
  const errors = props.errors ?? {};
  const chosen = props.values?.periodId ?? String(currentPeriod(overview.openable, overview.today)?.id ?? "");
  return (
    <Page
      title={`Rapportagerondes · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Rapportagerondes</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{plan.title}</p>
      <p class="utrecht-paragraph">
        In een rapportageronde vraagt de coördinator alle trekkers om de voortgang van hun onderdelen over één periode, vóór een
        uiterste datum. Iedere trekker ziet wat er van hem gevraagd wordt op{" "}
        <a class="utrecht-link" href="/mijn-werk">
          Mijn werk
        </a>
        . Wie voortgang moet melden, krijgt bericht als een ronde opengaat en{" "}
        <a class="utrecht-link" href={`/plannen/${plan.slug}/herinneringen`}>
          herinneringen
        </a>{" "}
        rond de uiterste datum.
      </p>
      <TableSection
        heading="Rondes"
        empty="Voor dit plan is nog geen rapportageronde geopend."
        id="rondes"
        caption={`Rapportagerondes van ${plan.title}`}
        rows={overview.rounds}
        columns={[
          {
            label: "Periode",
            rowHeader: true,
            cell: (r) => (
              <a class="utrecht-link" href={`${roundsPath(plan.slug)}/${r.id}`}>
                {r.period.label}
              </a>
            ),
          },
          { label: "Uiterste datum", cell: (r) => formatDate(r.deadline) },
          { label: "Ronde", cell: (r) => (r.open ? "Open" : "Gesloten") },
          { label: "Gemeld", cell: (r) => tallyText(r.total) },
        ]}
      />
      {overview.may.coordinate && (
        <>
          <h2 class="utrecht-heading-2">Een ronde openen</h2>
          {Object.keys(errors).length > 0 && <Notice kind="error">De ronde is niet geopend. Verbeter wat hieronder is aangegeven.</Notice>}
          {overview.periods.length === 0 ? (
            <p class="utrecht-paragraph">
              Dit plan heeft nog geen rapportageperiodes.{" "}
              <a class="utrecht-link" href={`/plannen/${plan.slug}/rapportageperiodes`}>
                Stel eerst de rapportageperiodes in
              </a>
              .
            </p>
          ) : overview.openable.length === 0 ? (
            <p class="utrecht-paragraph">Over elke periode van dit plan is al een ronde geopend.</p>
          ) : (
            <form method="post" action={roundsPath(plan.slug)} class="koers-form koers-form--wide">
              <CsrfField />
              <Select
                name="periodId"
                label="Periode"
                value={chosen}
                error={errors.periodId}
                options={overview.openable.map((p) => ({ value: String(p.id), label: `${p.label} (${formatPeriod(p)})` }))}
              />
              <Field name="deadline" label="Uiterste datum" type="date" hint="De dag waarop de voortgang er uiterlijk moet zijn." value={props.values?.deadline} error={errors.deadline} />
              <TextArea
                name="message"
                label="Bericht aan de trekkers (niet verplicht)"
                hint="Staat bij de ronde op Mijn werk en in de herinneringen."
                value={props.values?.message}
                rows={4}
                error={errors.message}
              />
              <div>
                <button type="submit" class="koers-button">
                  Ronde openen
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </Page>
  );
}

/** A heading with a table under it (its caption hidden, as the heading says the same), or with a sentence when there are no rows. */
function TableSection<R>({ heading, empty, ...table }: { heading: string; empty: string } & DataTableProps<R>) {
  return (
    <>
      <h2 class="utrecht-heading-2">{heading}</h2>
      {table.rows.length === 0 ? <p class="utrecht-paragraph">{empty}</p> : <DataTable {...table} hideCaption />}
    </>
  );
}

function ItemsTable(props: { id: string; caption: string; items: RoundItem[]; links: boolean }) {
  return (
    <DataTable
      id={props.id}
      caption={props.caption}
      hideCaption
      rows={props.items}
      columns={[
        {
          label: "Onderdeel",
          rowHeader: true,
          cell: (i) =>
            props.links ? (
              <a class="utrecht-link" href={i.href}>
                {i.level} {itemName(i)}
              </a>
            ) : (
              `${i.level} ${itemName(i)}`
            ),
        },
        { label: "Organisaties", cell: (i) => orgNames(i.organisations) },
        { label: "Voortgang", cell: (i) => (i.done ? <StatusBadge status={i.status} /> : "Nog niet gemeld") },
        { label: "Te laat", cell: (i) => (i.late ? "Ja" : "Nee") },
      ]}
    />
  );
}

function RoundPage({ round, notice }: { round: RoundDetail; notice?: string | undefined }) {
  const path = `${roundsPath(round.plan.slug)}/${round.id}`;
  const withOpen = round.people.filter((p) => p.open.length > 0);
  return (
    <Page
      title={`Rapportageronde ${round.period.label} · ${round.plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${round.plan.slug}`, label: round.plan.title },
        { href: roundsPath(round.plan.slug), label: "Rapportagerondes" },
      ]}
    >
      <h1 class="utrecht-heading-1">Rapportageronde {round.period.label}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{round.plan.title}</p>
      {notice && <Notice kind="ok">{notice}</Notice>}
      <dl class="koers-meta">
        <dt>Periode</dt>
        <dd>
          {formatPeriod(round.period)}
        </dd>
        <dt>Uiterste datum</dt>
        <dd>
          {formatDate(round.deadline)}
          {round.open && ` (${deadlineText(daysUntil(round.today, round.deadline))})`}
        </dd>
        <dt>Ronde</dt>
        <dd>{round.open ? `Open, geopend door ${round.openedBy}` : `Gesloten op ${formatDateTime(round.closedAt!)} door ${round.closedBy}; de voortgang over deze periode ligt vast`}</dd>
        <dt>Openbaar</dt>
        <dd>
          {round.publishedAt ? (
            <>
              Sinds {formatDateTime(round.publishedAt)}:{" "}
              <a class="utrecht-link" href={periodHref(round.plan.slug, round.period.label)}>
                wat iedereen over {round.period.label} leest
              </a>
            </>
          ) : (
            "Nee, alleen de partners van het plan zien deze voortgang"
          )}
        </dd>
        {round.message && (
          <>
            <dt>Bericht</dt>
            <dd class="koers-pre">{round.message}</dd>
          </>
        )}
        <dt>Gemeld</dt>
        <dd>{tallyText(round.total)} onderdelen</dd>
      </dl>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`${path}/overzicht`}>
          Overzicht van de ronde: alle onderdelen met hun voortgang, teksten en cijfers
        </a>
      </p>

      <TableSection
        heading="Per organisatie"
        empty="In deze ronde wordt van geen enkel onderdeel voortgang gevraagd."
        id="per-organisatie"
        caption="Gemeld per organisatie"
        rows={round.organisations}
        columns={[
          { label: "Organisatie", rowHeader: true, cell: (o) => o.name },
          { label: "Gemeld", cell: (o) => tallyText(o) },
          { label: "Nog open", numeric: true, cell: (o) => o.due - o.done },
        ]}
      />

      {round.may.coordinate && (
        <>
          <TableSection
            heading="Per persoon"
            empty="Geen van de betrokken organisaties heeft een redacteur in Koers."
            id="per-persoon"
            caption="Gemeld per persoon"
            rows={round.people}
            columns={[
              personColumn("Persoon"),
              { label: "Organisatie", cell: (p) => orgNames(p.organisations) },
              { label: "Gemeld", cell: (p) => tallyText(p) },
              { label: "Nog open", numeric: true, cell: (p) => p.open.length },
              {
                label: "Laatste herinnering",
                cell: (p) => (
                  <>
                    {p.lastReminder ? formatDateTime(p.lastReminder) : "Nog geen"}
                    {round.open && p.open.length > 0 && (
                      <form method="post" action={`${path}/herinneren`} class="koers-inline-form">
                        <CsrfField />
                        <input type="hidden" name="email" value={p.email} />{" "}
                        <button type="submit" class="koers-button koers-button--secondary" aria-label={`Herinnering sturen aan ${p.name}`}>
                          Herinnering sturen
                        </button>
                      </form>
                    )}
                  </>
                ),
              },
            ]}
          />
          {round.open && withOpen.length > 0 && (
            <form method="post" action={`${path}/herinneren`} class="koers-form">
              <CsrfField />
              <button type="submit" class="koers-button">
                Herinnering sturen aan iedereen met open onderdelen ({withOpen.length})
              </button>
            </form>
          )}
          {round.unassigned.length > 0 && (
            <>
              <h2 class="utrecht-heading-2">Zonder redacteur in Koers</h2>
              <p class="utrecht-paragraph">
                Van deze organisaties heeft niemand een account als redacteur. Nodig iemand uit, of zet de voortgang zelf in Koers.
              </p>
              <ItemsTable id="zonder-redacteur" caption="Onderdelen zonder redacteur in Koers" items={round.unassigned} links />
            </>
          )}
        </>
      )}

      <h2 class="utrecht-heading-2">Onderdelen</h2>
      {round.open && round.items.length > 0 && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`${path}/voortgang-uploaden`}>Voortgang invullen in Excel</a>: download uw onderdelen, vul ze in en lees het bestand weer in.
        </p>
      )}
      {round.items.length === 0 ? (
        <p class="utrecht-paragraph">In deze ronde wordt van geen enkel onderdeel voortgang gevraagd.</p>
      ) : (
        <ItemsTable id="onderdelen" caption={`Onderdelen in de ronde over ${round.period.label}`} items={round.items} links={round.may.coordinate && round.open} />
      )}

      {round.may.coordinate && (
        <>
          <h2 class="utrecht-heading-2">Verstuurde herinneringen</h2>
          {round.reminders.length === 0 ? (
            <p class="utrecht-paragraph">Er zijn nog geen herinneringen gestuurd.</p>
          ) : (
            <ul class="utrecht-unordered-list">
              {round.reminders.map((r) => (
                <li class="utrecht-unordered-list__item">
                  {formatDateTime(r.sentAt)}: aan {r.email} over {r.items} {r.items === 1 ? "onderdeel" : "onderdelen"}, gestuurd door {r.sentBy}
                </li>
              ))}
            </ul>
          )}
          {round.open && (
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={`${path}/sluiten`}>
                Ronde sluiten
              </a>
            </p>
          )}
          <PublishForm round={round} path={path} />
        </>
      )}
    </Page>
  );
}

/** For coordinators of a closed round: make its progress public, or withdraw that. */
function PublishForm({ round, path }: { round: RoundDetail; path: string }) {
  if (round.open) return null;
  const published = round.publishedAt !== null;
  return (
    <>
      <h2 class="utrecht-heading-2">Voortgang openbaar maken</h2>
      <p class="utrecht-paragraph">
        {published
          ? `De status en de teksten (resultaten en planning) over ${round.period.label} zijn openbaar. Trekt u de publicatie in, dan ziet alleen wie partner is ze nog.`
          : `Maak de status en de teksten (resultaten en planning) over ${round.period.label} openbaar: iedereen leest ze dan op de pagina van het plan, het dashboard en een eigen pagina over deze periode. Redenen bij een status, namen en interne notities blijven intern.`}
      </p>
      <form method="post" action={`${path}/${published ? "publicatie-intrekken" : "publiceren"}`} class="koers-form">
        <CsrfField />
        <button type="submit" class={published ? "koers-button koers-button--secondary" : "koers-button"}>
          {published ? "Publicatie intrekken" : "Voortgang openbaar maken"}
        </button>
      </form>
    </>
  );
}

function ClosePage({ round }: { round: RoundDetail }) {
  const path = `${roundsPath(round.plan.slug)}/${round.id}`;
  const open = round.total.due - round.total.done;
  return (
    <Page
      title={`Ronde ${round.period.label} sluiten · ${round.plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${round.plan.slug}`, label: round.plan.title },
        { href: path, label: `Rapportageronde ${round.period.label}` },
      ]}
    >
      <h1 class="utrecht-heading-1">Ronde {round.period.label} sluiten?</h1>
      <p class="utrecht-paragraph">
        Na het sluiten ligt de voortgang over {round.period.label} vast: niemand kan haar nog wijzigen, en er gaan geen herinneringen meer uit.
      </p>
      <p class="utrecht-paragraph">
        {open === 0 ? "Alle onderdelen zijn gemeld." : `Van ${open} van de ${round.total.due} onderdelen is nog geen voortgang gemeld.`}
      </p>
      <form method="post" action={`${path}/sluiten`} class="koers-form">
        <CsrfField />
        <div>
          <button type="submit" class="koers-button">
            Ja, ronde sluiten
          </button>{" "}
          <a class="utrecht-link" href={path}>
            Nee, terug naar de ronde
          </a>
        </div>
      </form>
    </Page>
  );
}

function MyWorkPage({ work, feedUrl }: { work: MyWork; feedUrl: string }) {
  return (
    <Page title="Mijn werk">
      <h1 class="utrecht-heading-1">Mijn werk</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">De voortgang die van u gevraagd wordt, per open rapportageronde.</p>
      {work.rounds.length === 0 ? (
        <p class="utrecht-paragraph">Er staat op dit moment geen rapportageronde voor u open. U hoeft nu niets te doen.</p>
      ) : (
        work.rounds.map((r) => {
          const open = r.items.filter((i) => !i.done).length;
          return (
            <section aria-labelledby={`ronde-${r.id}`}>
              <h2 class="utrecht-heading-2" id={`ronde-${r.id}`}>
                {r.plan.title}: voortgang over {r.period.label}
              </h2>
              <dl class="koers-meta">
                <dt>Uiterste datum</dt>
                <dd>
                  {formatDate(r.deadline)} ({deadlineText(r.daysLeft)})
                </dd>
                {r.message && (
                  <>
                    <dt>Bericht</dt>
                    <dd class="koers-pre">{r.message}</dd>
                  </>
                )}
                {r.items.length > 0 && (
                  <>
                    <dt>Uw onderdelen</dt>
                    <dd>{open === 0 ? "Alles gemeld. Dank u wel!" : `${open} van ${r.items.length} nog te melden`}</dd>
                  </>
                )}
                {r.coordinator && (
                  <>
                    <dt>Hele ronde</dt>
                    <dd>
                      {tallyText(r.total)} gemeld.{" "}
                      <a class="utrecht-link" href={`${roundsPath(r.plan.slug)}/${r.id}`}>
                        Bekijk de ronde<span class="visually-hidden"> over {r.period.label} van {r.plan.title}</span>
                      </a>
                    </dd>
                  </>
                )}
              </dl>
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={`${roundsPath(r.plan.slug)}/${r.id}/voortgang-uploaden`}>
                  Voortgang invullen in Excel<span class="visually-hidden"> voor {r.plan.title}, {r.period.label}</span>
                </a>
              </p>
              {r.items.length === 0 ? (
                <p class="utrecht-paragraph">U coördineert deze ronde; zelf heeft u er geen onderdelen in.</p>
              ) : (
                <DataTable
                  id={`ronde-${r.id}-onderdelen`}
                  caption={`Uw onderdelen in ${r.plan.title}, ${r.period.label}`}
                  hideCaption
                  rows={r.items}
                  columns={[
                    { label: "Onderdeel", rowHeader: true, cell: (i) => `${i.level} ${itemName(i)}` },
                    { label: "Voortgang", cell: (i) => (i.done ? <StatusBadge status={i.status} /> : "Nog niet gemeld") },
                    { label: "Te laat", cell: (i) => (i.late ? "Ja" : "Nee") },
                    {
                      label: "Melden",
                      cell: (i) => (
                        <a class="utrecht-link" href={i.href}>
                          {i.done ? "Bijwerken" : "Voortgang melden"}
                          <span class="visually-hidden"> voor {itemName(i)}</span>
                        </a>
                      ),
                    },
                  ]}
                />
              )}
            </section>
          );
        })
      )}
      {work.coordinates.length > 0 && (
        <section aria-labelledby="coordineren">
          <h2 class="utrecht-heading-2" id="coordineren">
            Rondes van uw plannen
          </h2>
          <p class="utrecht-paragraph">Als redacteur van een eigenaar van deze plannen opent, volgt en sluit u hun rapportagerondes.</p>
          <ul class="utrecht-unordered-list">
            {work.coordinates.map((p) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={roundsPath(p.slug)}>
                  Rapportagerondes van {p.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="agenda">
        <h2 class="utrecht-heading-2" id="agenda">
          In uw eigen agenda
        </h2>
        <p class="utrecht-paragraph">
          Uw agendaprogramma (zoals Outlook of Google Agenda) kan de uiterste datums van de rondes en de geplande momenten van uw
          onderdelen tonen, en houdt ze zelf bij. Zo zet u dat aan:
        </p>
        <ol class="utrecht-ordered-list">
          <li class="utrecht-ordered-list__item">
            Maak op{" "}
            <a class="utrecht-link" href="/account#sleutels">
              uw accountpagina
            </a>{" "}
            een API-sleutel die <strong>alleen mag lezen</strong>, bijvoorbeeld met de naam "agenda".
          </li>
          <li class="utrecht-ordered-list__item">
            Kies in uw agendaprogramma voor een agenda toevoegen "via internet" of "abonneren", en plak dit adres. Zet uw sleutel op de
            plaats van UW-SLEUTEL:
            <p class="koers-secret">{feedUrl}</p>
          </li>
        </ol>
        <p class="utrecht-paragraph">
          Wie dit adres met uw sleutel heeft, ziet uw werk. Deel het dus niet. Trekt u de sleutel in, dan stopt de agenda.
        </p>
      </section>
    </Page>
  );
}

/** A whole number from the path; NaN makes the service answer "does not exist". */
const idParam = (c: Context<AppEnv>) => Number(c.req.param("id"));

export function roundPages(deps: AppDeps) {
  const { db, config, mailer } = deps;
  // Wrong keys in the address count with wrong keys in the Authorization header, per client address.
  const keyFailures = addressLimit(deps, "api-sleutel", config.apiKeyFailureLimitPerMinute);
  const app = new Hono<AppEnv>();

  app.get("/plannen/:slug/rondes", async (c) => c.render(<RoundsPage overview={await listRounds(db, c.get("viewer"), c.req.param("slug"))} />));

  app.post("/plannen/:slug/rondes", async (c) => {
    const slug = c.req.param("slug");
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).replace(/\r\n/g, "\n") : "");
    const values: OpenValues = { periodId: text("periodId"), deadline: text("deadline").trim(), message: text("message") };
    const render = async (status: 400 | 409, errors: Record<string, string>) => {
      const overview = await listRounds(db, c.get("viewer"), slug);
      c.status(status);
      return c.render(<RoundsPage overview={overview} values={values} errors={errors} />);
    };
    try {
      const round = await openRound(db, c.get("viewer"), slug, { periodId: Number(values.periodId || NaN), deadline: values.deadline, message: values.message });
      return c.redirect(`${roundsPath(slug)}/${round.id}?geopend=1`, 303);
    } catch (error) {
      if (error instanceof RoundInputError) return render(400, error.fields);
      if (error instanceof ConflictError) return render(409, { periodId: error.message });
      throw error;
    }
  });

  app.get("/plannen/:slug/rondes/:id", async (c) => {
    const round = await roundDetail(db, c.get("viewer"), idParam(c), { planSlug: c.req.param("slug") });
    const reminded = c.req.query("herinnerd");
    const notice =
      c.req.query("geopend") === "1"
        ? "De ronde is geopend. De trekkers zien haar op Mijn werk."
        : c.req.query("gesloten") === "1"
          ? "De ronde is gesloten."
          : c.req.query("gepubliceerd") === "1"
            ? "De voortgang over deze periode is nu openbaar."
            : c.req.query("ingetrokken") === "1"
              ? "De publicatie is ingetrokken: alleen de partners zien deze voortgang nog."
          : reminded === "0"
            ? "Er is geen herinnering gestuurd: er staat niets meer open."
            : reminded
              ? `Herinnering gestuurd aan ${Number(reminded)} ${reminded === "1" ? "persoon" : "personen"}.`
              : undefined;
    return c.render(<RoundPage round={round} notice={notice} />);
  });

  app.post("/plannen/:slug/rondes/:id/herinneren", async (c) => {
    const slug = c.req.param("slug");
    const email = (await c.req.parseBody()).email;
    const sent = await sendReminders(db, c.get("viewer"), mailer, idParam(c), {
      planSlug: slug,
      publicUrl: config.publicUrl,
      ...(typeof email === "string" && email !== "" && { emails: [email] }),
    });
    return c.redirect(`${roundsPath(slug)}/${idParam(c)}?herinnerd=${sent.length}`, 303);
  });

  app.get("/plannen/:slug/rondes/:id/sluiten", async (c) => {
    const round = await roundDetail(db, c.get("viewer"), idParam(c), { planSlug: c.req.param("slug") });
    if (!round.may.coordinate || !round.open) return c.redirect(`${roundsPath(round.plan.slug)}/${round.id}`, 303);
    return c.render(<ClosePage round={round} />);
  });

  app.post("/plannen/:slug/rondes/:id/sluiten", async (c) => {
    const slug = c.req.param("slug");
    await closeRound(db, c.get("viewer"), idParam(c), { planSlug: slug });
    return c.redirect(`${roundsPath(slug)}/${idParam(c)}?gesloten=1`, 303);
  });

  app.post("/plannen/:slug/rondes/:id/publiceren", async (c) => {
    const slug = c.req.param("slug");
    await publishRound(db, c.get("viewer"), idParam(c), { planSlug: slug });
    return c.redirect(`${roundsPath(slug)}/${idParam(c)}?gepubliceerd=1`, 303);
  });

  app.post("/plannen/:slug/rondes/:id/publicatie-intrekken", async (c) => {
    const slug = c.req.param("slug");
    await withdrawPublication(db, c.get("viewer"), idParam(c), { planSlug: slug });
    return c.redirect(`${roundsPath(slug)}/${idParam(c)}?ingetrokken=1`, 303);
  });

  app.get("/mijn-werk", async (c) =>
    c.render(<MyWorkPage work={await myWork(db, c.get("viewer"))} feedUrl={`${config.publicUrl}/mijn-werk/agenda.ics?sleutel=UW-SLEUTEL`} />),
  );

  // Calendar programs cannot sign in: this route alone takes an API key in the address.
  app.get("/mijn-werk/agenda.ics", async (c) => {
    const key = c.req.query("sleutel");
    if (key) await keyFailures.refuseWhenSpent(c);
    const viewer = key ? await tokenViewer(db, key) : null;
    if (key && !viewer) await keyFailures.countFailure(c);
    if (!viewer) return c.text("Deze agenda vraagt een geldige sleutel. Maak er een op uw accountpagina in Koers.", 401);
    if (viewer.kind === "user" && viewer.via !== "token-read") {
      return c.text("Gebruik voor de agenda een sleutel die alleen mag lezen: dit adres komt bij uw agendaprogramma te staan.", 403);
    }
    const { name, events, stamp } = await myCalendar(db, viewer, { publicUrl: config.publicUrl });
    const more = deps.calendarSources ? await deps.calendarSources.person(db, viewer, config.publicUrl) : [];
    return c.body(calendarText(name, [...events, ...more], stamp), 200, { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-cache" });
  });

  return app;
}
