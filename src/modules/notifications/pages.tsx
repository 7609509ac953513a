/**
 * Pages of the notifications, without JavaScript: /account/berichten, where a person chooses which
 * messages Koers sends them, and /plannen/:slug/herinneringen, where a plan's coordinators set the
 * days around a round's deadline on which reminders go out.
 */
import { Hono, type Context } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Checkbox, Field, Notice, ProblemNotice, SubmitOrCancel } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { formatDateTime } from "../../lib/dates.ts";
import { ConflictError } from "../../lib/errors.ts";
import { InputError, problemsForForm } from "../../lib/validation.ts";
import { canManageOwnAccount } from "../access/policy.ts";
import { requirePlan } from "../plans/access.ts";
import { formatDays, kindLabels } from "./rules.ts";
import { notificationKinds } from "./schema.ts";
import { myPreferences, reminderScheduleOf, setMyPreferences, setReminderSchedule, type PlanReminderSchedule, type Preferences } from "./service.ts";

function PreferencesPage(props: { preferences: Preferences; saved: boolean }) {
  return (
    <Page title="Berichten van Koers" crumbs={[{ href: "/account", label: "Mijn account" }]}>
      <h1 class="utrecht-heading-1">Berichten van Koers</h1>
      {props.saved && <Notice kind="ok">Uw keuze is bewaard.</Notice>}
      <p class="utrecht-paragraph">
        Koers stuurt deze berichten vanzelf per e-mail. Zet uit wat u niet wilt krijgen. Berichten die een coördinator zelf stuurt, zoals een
        herinnering vanaf de pagina van een ronde, krijgt u altijd.
      </p>
      <form method="post" action="/account/berichten" class="koers-form">
        <CsrfField />
        <fieldset>
          <legend>Ik wil deze berichten krijgen</legend>
          {notificationKinds.map((kind) => (
            <div>
              <Checkbox name="soort" value={kind} label={kindLabels[kind].label} checked={props.preferences[kind]} id={`soort-${kind}`} />
              <p class="utrecht-paragraph koers-note">{kindLabels[kind].hint}</p>
            </div>
          ))}
        </fieldset>
        <SubmitOrCancel label="Bewaren" cancel="/account" />
      </form>
    </Page>
  );
}

interface ScheduleFields {
  daysBefore: string;
  daysAfter: string;
  version: string;
}

function SchedulePage(props: {
  plan: { slug: string; title: string };
  schedule: PlanReminderSchedule;
  defaults: { daysBefore: readonly number[]; daysAfter: readonly number[] };
  mayEdit: boolean;
  fields: ScheduleFields;
  saved?: boolean;
  errors?: Record<string, string>;
  problems?: string[];
}) {
  const { plan, schedule } = props;
  const errors = props.errors ?? {};
  const days = (list: readonly number[]) => (list.length ? `${formatDays(list)} ${list.length === 1 && list[0] === 1 ? "dag" : "dagen"}` : "geen");
  return (
    <Page
      title={`Herinneringen — ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
        { href: `/plannen/${plan.slug}/rondes`, label: "Rapportagerondes" },
      ]}
    >
      <h1 class="utrecht-heading-1">Herinneringen</h1>
      {props.saved && <Notice kind="ok">De herinneringen zijn bewaard.</Notice>}
      <p class="utrecht-paragraph">
        Zolang een rapportageronde open is, stuurt Koers iedereen die nog voortgang moet melden vanzelf een herinnering: zoveel dagen voor en
        na de uiterste datum, 's ochtends. Wie herinneringen heeft uitgezet, krijgt ze niet.
      </p>
      <p class="utrecht-paragraph">
        {schedule.own ? (
          <>
            Dit plan heeft eigen dagen: {days(schedule.daysBefore)} voor en {days(schedule.daysAfter)} na de uiterste datum
            {schedule.updatedBy && schedule.updatedAt && ` (ingesteld door ${schedule.updatedBy} op ${formatDateTime(schedule.updatedAt)})`}.
          </>
        ) : (
          <>
            Dit plan volgt de standaard van Koers: {days(props.defaults.daysBefore)} voor en {days(props.defaults.daysAfter)} na de uiterste
            datum.
          </>
        )}
      </p>
      {props.mayEdit && (
        <>
          {(Object.keys(errors).length > 0 || (props.problems?.length ?? 0) > 0) && (
            <ProblemNotice summary="De herinneringen zijn niet bewaard." other={props.problems} />
          )}
          <form method="post" action={`/plannen/${plan.slug}/herinneringen`} class="koers-form">
            <CsrfField />
            <input type="hidden" name="versie" value={props.fields.version} />
            <Field
              name="dagen-voor"
              label="Dagen voor de uiterste datum"
              value={props.fields.daysBefore}
              required={false}
              error={errors["dagen-voor"]}
              hint="Hele dagen, gescheiden door komma's, bijvoorbeeld 7, 1. Leeg: geen herinnering vooraf."
            />
            <Field
              name="dagen-na"
              label="Dagen na de uiterste datum"
              value={props.fields.daysAfter}
              required={false}
              error={errors["dagen-na"]}
              hint="Bijvoorbeeld 1, 7. Leeg: geen herinnering achteraf."
            />
            <SubmitOrCancel label="Bewaren" cancel={`/plannen/${plan.slug}/rondes`} />
          </form>
        </>
      )}
    </Page>
  );
}

const scheduleFields = (s: PlanReminderSchedule): ScheduleFields => ({ daysBefore: formatDays(s.daysBefore), daysAfter: formatDays(s.daysAfter), version: String(s.version) });
const formField = (path: string) => ({ daysBefore: "dagen-voor", daysAfter: "dagen-na" })[path];

export function notificationPages({ db, config }: AppDeps) {
  const signIn = (c: Context<AppEnv>) => c.redirect(`/inloggen?next=${encodeURIComponent(c.req.path)}`, 303);
  const defaults = config.notifications.reminders;

  const schedulePage = async (c: Context<AppEnv>, extra: { fields?: ScheduleFields; saved?: boolean; errors?: Record<string, string>; problems?: string[] } = {}) => {
    const viewer = c.get("viewer");
    const plan = await requirePlan(db, viewer, c.req.param("slug")!, "read-internal");
    const schedule = await reminderScheduleOf(db, viewer, plan.slug, defaults);
    return c.render(<SchedulePage plan={plan} schedule={schedule} defaults={defaults} mayEdit={plan.may.edit} fields={extra.fields ?? scheduleFields(schedule)} {...extra} />);
  };

  return new Hono<AppEnv>()
    .get("/account/berichten", async (c) => {
      const viewer = c.get("viewer");
      if (!canManageOwnAccount(viewer)) return signIn(c);
      return c.render(<PreferencesPage preferences={await myPreferences(db, viewer)} saved={c.req.query("bewaard") === "1"} />);
    })
    .post("/account/berichten", async (c) => {
      const viewer = c.get("viewer");
      if (!canManageOwnAccount(viewer)) return signIn(c);
      const chosen = (await c.req.parseBody({ all: true }))["soort"];
      const list = (Array.isArray(chosen) ? chosen : [chosen]).filter((v): v is string => typeof v === "string");
      await setMyPreferences(db, viewer, Object.fromEntries(notificationKinds.map((k) => [k, list.includes(k)])));
      return c.redirect("/account/berichten?bewaard=1", 303);
    })
    .get("/plannen/:slug/herinneringen", (c) => schedulePage(c, { saved: c.req.query("bewaard") === "1" }))
    .post("/plannen/:slug/herinneringen", async (c) => {
      const body = await c.req.parseBody();
      const fields: ScheduleFields = { daysBefore: String(body["dagen-voor"] ?? ""), daysAfter: String(body["dagen-na"] ?? ""), version: String(body["versie"] ?? "") };
      const slug = c.req.param("slug");
      try {
        await setReminderSchedule(db, c.get("viewer"), slug, { daysBefore: fields.daysBefore, daysAfter: fields.daysAfter, version: Number(fields.version) });
        return c.redirect(`/plannen/${slug}/herinneringen?bewaard=1`, 303);
      } catch (error) {
        if (error instanceof InputError) {
          const { errors, other } = problemsForForm(error.problems, formField);
          c.status(400);
          return schedulePage(c, { fields, errors, problems: other });
        }
        if (error instanceof ConflictError) {
          c.status(409);
          return schedulePage(c, { problems: [error.message] });
        }
        throw error;
      }
    });
}
