/** Administration: users and their roles, and the outbox. Administrators only (checked in the services). */
import { Hono, type Context } from "hono";
import { asc } from "drizzle-orm";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { CsrfField, Page } from "../../web/layout.tsx";
import { ConflictError } from "../../lib/errors.ts";
import { organisations } from "../organisations/schema.ts";
import { listOutbox } from "./mail.ts";
import { canManageUsers, ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { memberRoles, type MemberRole } from "../access/viewer.ts";
import { addUser, listUsers, PasswordRuleError, setAdmin, setDisabled, setRole, type UserSummary } from "./service.ts";
import { Checkbox, Field, FormSection, Notice, Select } from "../../web/forms.tsx";
import { formatDateTime } from "../../lib/dates.ts";
import { DataTable } from "../../web/parts/table.tsx";
import { personColumn } from "../../web/person-column.tsx";

const crumbs = [{ href: "/beheer", label: "Beheer" }];

/** A one-button form that turns one setting of a user on (`on`: sends "ja") or off ("nee"), from the version shown. */
function SwitchForm(props: { user: UserSummary; action: string; name: string; on: boolean; children: string }) {
  return (
    <form method="post" action={props.action} class="koers-inline-form">
      <CsrfField />
      <input type="hidden" name="email" value={props.user.email} />
      <input type="hidden" name="version" value={String(props.user.version)} />
      <input type="hidden" name={props.name} value={props.on ? "ja" : "nee"} />
      <button type="submit" class="koers-button koers-button--secondary">
        {props.children}
      </button>
    </form>
  );
}

function UsersPage(props: {
  users: UserSummary[];
  organisations: { slug: string; name: string }[];
  notice?: string | undefined;
  error?: string | undefined;
  invite?: { email: string; link: string } | undefined;
}) {
  return (
    <Page title="Gebruikers en rollen" crumbs={crumbs}>
      <h1 class="utrecht-heading-1">Gebruikers en rollen</h1>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      {props.error && <Notice kind="error">{props.error}</Notice>}
      {props.invite && (
        <Notice kind="ok">
          <p class="utrecht-paragraph">
            {props.invite.email} is toegevoegd en heeft een uitnodiging per e-mail gekregen. De link om een wachtwoord in
            te stellen (zeven dagen geldig, werkt één keer):
          </p>
          <p class="koers-secret">{props.invite.link}</p>
        </Notice>
      )}
      <DataTable
        id="gebruikers"
        caption="Gebruikers"
        hideCaption
        rows={props.users}
        columns={[
          personColumn("Gebruiker"),
          {
            label: "Rollen",
            cell: (u) => (
              <>
                {u.isAdmin && <p class="utrecht-paragraph">Beheerder</p>}
                <ul class="utrecht-unordered-list">
                  {u.memberships.map((m) => (
                    <li class="utrecht-unordered-list__item">
                      {m.role} bij {m.organisationName}
                    </li>
                  ))}
                </ul>
                <form method="post" action="/beheer/gebruikers/rol" class="koers-role-form">
                  <CsrfField />
                  <input type="hidden" name="email" value={u.email} />
                  <input type="hidden" name="version" value={String(u.version)} />
                  <Select id={`org-${u.id}`} name="organisation" label="Organisatie" options={props.organisations.map((o) => ({ value: o.slug, label: o.name }))} />
                  <Select id={`rol-${u.id}`} name="role" label="Rol" options={[...memberRoles.map((r) => ({ value: r, label: r })), { value: "", label: "geen rol" }]} />
                  <button type="submit" class="koers-button koers-button--secondary" aria-label={`Rol van ${u.email} opslaan`}>
                    Opslaan
                  </button>
                </form>
              </>
            ),
          },
          {
            label: "Status",
            cell: (u) => (
              <>
                <p class="utrecht-paragraph">
                  {u.disabled ? "Uitgeschakeld" : u.hasPassword ? "Actief" : "Nog geen wachtwoord"}
                  {u.lastSignInAt && <span class="koers-note"> · laatst ingelogd {formatDateTime(u.lastSignInAt)}</span>}
                </p>
                <SwitchForm user={u} action="/beheer/gebruikers/status" name="disabled" on={!u.disabled}>
                  {u.disabled ? `${u.email} weer inschakelen` : `${u.email} uitschakelen`}
                </SwitchForm>{" "}
                <SwitchForm user={u} action="/beheer/gebruikers/beheerder" name="admin" on={!u.isAdmin}>
                  {u.isAdmin ? `Beheer afnemen van ${u.email}` : `${u.email} beheerder maken`}
                </SwitchForm>
              </>
            ),
          },
        ]}
      />
      <FormSection id="toevoegen" heading="Gebruiker toevoegen" action="/beheer/gebruikers" submit="Toevoegen en uitnodigen">
        <Field name="email" label="E-mailadres" type="email" />
        <Field name="name" label="Naam" required={false} />
        <Checkbox name="admin" value="ja" label="Beheerder" checked={false} />
      </FormSection>
    </Page>
  );
}

function OutboxPage({ messages }: { messages: Awaited<ReturnType<typeof listOutbox>> }) {
  return (
    <Page title="Verzonden berichten" crumbs={crumbs}>
      <h1 class="utrecht-heading-1">Verzonden berichten</h1>
      <p class="utrecht-paragraph">
        Alle berichten die Koers verstuurt. Is er geen mailserver ingesteld (SMTP_URL), dan blijven ze hier staan en
        kunt u ze zelf doorgeven.
      </p>
      {messages.length === 0 && <p class="utrecht-paragraph">Er zijn nog geen berichten.</p>}
      {messages.map((m) => (
        <section class="koers-block" aria-label={`Bericht aan ${m.to}`}>
          <h2 class="utrecht-heading-3">{m.subject}</h2>
          <p class="utrecht-paragraph koers-note">
            Aan {m.to} · {formatDateTime(m.createdAt)} · {m.sentAt ? "verzonden" : "niet verzonden (geen mailserver)"}
          </p>
          <pre class="koers-secret">{m.body}</pre>
        </section>
      ))}
    </Page>
  );
}

function AdminIndex() {
  return (
    <Page title="Beheer">
      <h1 class="utrecht-heading-1">Beheer</h1>
      <ul class="utrecht-unordered-list">
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href="/beheer/gebruikers">
            Gebruikers en rollen
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href="/beheer/wijzigingen">
            Alle wijzigingen
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href="/beheer/outbox">
            Verzonden berichten
          </a>
        </li>
      </ul>
    </Page>
  );
}

export function adminPages({ db, config, mailer }: AppDeps) {
  const app = new Hono<AppEnv>();
  const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  app.use("*", async (c, next) => {
    const viewer = c.get("viewer");
    if (viewer.kind === "anonymous") throw new UnauthenticatedError();
    if (!canManageUsers(viewer)) throw new ForbiddenError();
    await next();
  });

  const usersPage = async (c: Context<AppEnv>, extra: { notice?: string; error?: string; invite?: { email: string; link: string } } = {}) =>
    c.render(
      <UsersPage
        users={await listUsers(db, c.get("viewer"))}
        organisations={await db.select({ slug: organisations.slug, name: organisations.name }).from(organisations).orderBy(asc(organisations.name))}
        {...extra}
      />,
    );

  /** A refusal shown on the page: 409 when what is stored stands in the way (a newer version, a taken address), else 400. */
  const refused = (c: Context<AppEnv>, error: unknown) => {
    if (!(error instanceof ConflictError || error instanceof PasswordRuleError)) throw error;
    c.status(error instanceof ConflictError ? 409 : 400);
    return usersPage(c, { error: error.message });
  };
  const guarded = async (c: Context<AppEnv>, work: () => Promise<string>) => {
    try {
      return await usersPage(c, { notice: await work() });
    } catch (error) {
      return refused(c, error);
    }
  };
  /** The version the form was shown with; a form without one is treated as out of date. */
  const versionOf = (body: Record<string, unknown>) => {
    const version = Number(field(body, "version"));
    return Number.isInteger(version) && version > 0 ? version : 0;
  };

  app.get("/", (c) => c.render(<AdminIndex />));
  app.get("/gebruikers", (c) => usersPage(c));
  app.post("/gebruikers", async (c) => {
    const body = await c.req.parseBody();
    try {
      const email = field(body, "email");
      const { inviteToken } = await addUser(db, c.get("viewer"), { email, name: field(body, "name"), isAdmin: field(body, "admin") === "ja" });
      const link = `${config.publicUrl}/wachtwoord-instellen?token=${inviteToken}`;
      await mailer.send(db, {
        to: email.trim().toLowerCase(),
        subject: "Uitnodiging voor Koers",
        body: `U bent uitgenodigd voor Koers. Stel uw wachtwoord in via deze link (zeven dagen geldig, werkt één keer):\n${link}`,
      });
      return usersPage(c, { invite: { email: email.trim().toLowerCase(), link } });
    } catch (error) {
      return refused(c, error);
    }
  });
  app.post("/gebruikers/rol", async (c) => {
    const body = await c.req.parseBody();
    const role = field(body, "role");
    return guarded(c, async () => {
      await setRole(db, c.get("viewer"), field(body, "email"), field(body, "organisation"), (memberRoles as readonly string[]).includes(role) ? (role as MemberRole) : null, {
        version: versionOf(body),
      });
      return "De rol is opgeslagen.";
    });
  });
  app.post("/gebruikers/status", async (c) => {
    const body = await c.req.parseBody();
    return guarded(c, async () => {
      await setDisabled(db, c.get("viewer"), field(body, "email"), field(body, "disabled") === "ja", { version: versionOf(body) });
      return "De status is opgeslagen.";
    });
  });
  app.post("/gebruikers/beheerder", async (c) => {
    const body = await c.req.parseBody();
    return guarded(c, async () => {
      await setAdmin(db, c.get("viewer"), field(body, "email"), field(body, "admin") === "ja", { version: versionOf(body) });
      return "Opgeslagen.";
    });
  });
  app.get("/outbox", async (c) => c.render(<OutboxPage messages={await listOutbox(db, c.get("viewer"))} />));
  return app;
}
