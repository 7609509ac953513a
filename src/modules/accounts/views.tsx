import { formatDateTime } from "../../lib/dates.ts";
import { Field, FormSection, Notice, Radios } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import type { ApiTokenSummary } from "./service.ts";

/** Moved to the date module; kept here for the views that still import it from accounts. */
export { formatDateTime };

export function SignInPage(props: { email?: string; error?: string; notice?: string; next?: string; sso?: string | undefined }) {
  return (
    <Page title="Inloggen">
      <h1 class="utrecht-heading-1">Inloggen</h1>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <form method="post" action="/inloggen" class="koers-form">
        <CsrfField />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Field name="email" label="E-mailadres" type="email" value={props.email} autocomplete="username" />
        <Field name="password" label="Wachtwoord" type="password" autocomplete="current-password" />
        <button type="submit" class="koers-button">
          Inloggen
        </button>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/wachtwoord-vergeten">
          Wachtwoord vergeten?
        </a>
      </p>
      {props.sso && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/inloggen/oidc">
            {props.sso}
          </a>
        </p>
      )}
    </Page>
  );
}

export function ForgotPasswordPage(props: { sent?: boolean }) {
  return (
    <Page title="Wachtwoord vergeten">
      <h1 class="utrecht-heading-1">Wachtwoord vergeten</h1>
      {props.sent ? (
        <Notice kind="ok">
          Als dit e-mailadres bij Koers bekend is, ontvangt u een e-mail met een link om een nieuw wachtwoord in te
          stellen. De link is een uur geldig.
        </Notice>
      ) : (
        <form method="post" action="/wachtwoord-vergeten" class="koers-form">
          <CsrfField />
          <Field name="email" label="E-mailadres" type="email" autocomplete="email" />
          <button type="submit" class="koers-button">
            Stuur mij een link
          </button>
        </form>
      )}
    </Page>
  );
}

export function SetPasswordPage(props: { token: string; valid: boolean; error?: string }) {
  return (
    <Page title="Wachtwoord instellen">
      <h1 class="utrecht-heading-1">Wachtwoord instellen</h1>
      {!props.valid ? (
        <Notice kind="error">
          Deze link is niet (meer) geldig.{" "}
          <a class="utrecht-link" href="/wachtwoord-vergeten">
            Vraag een nieuwe link aan
          </a>
          .
        </Notice>
      ) : (
        <form method="post" action="/wachtwoord-instellen" class="koers-form">
          <CsrfField />
          <input type="hidden" name="token" value={props.token} />
          <NewPasswordField hint="Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden." error={props.error} />
          <button type="submit" class="koers-button">
            Wachtwoord opslaan
          </button>
        </form>
      )}
    </Page>
  );
}

/** The field for a new password: browsers and password managers offer to make one up here. */
function NewPasswordField(props: { hint: string; error?: string }) {
  return <Field name="password" label="Nieuw wachtwoord" type="password" autocomplete="new-password" hint={props.hint} error={props.error} />;
}

export function AccountPage(props: {
  name: string;
  email: string;
  roles: { organisation: string; role: string }[];
  isAdmin: boolean;
  tokens: ApiTokenSummary[];
  passwordError?: string;
  passwordChanged?: boolean;
  tokenError?: string;
  newToken?: { name: string; secret: string };
}) {
  return (
    <Page title="Mijn account">
      <h1 class="utrecht-heading-1">Mijn account</h1>
      <dl class="koers-meta">
        <dt>Naam</dt>
        <dd>{props.name}</dd>
        <dt>E-mailadres</dt>
        <dd>{props.email}</dd>
        <dt>Rollen</dt>
        <dd>
          {props.isAdmin && "Beheerder. "}
          {props.roles.length === 0 && !props.isAdmin
            ? "Geen: u leest wat openbaar is."
            : props.roles.map((r) => `${r.role} bij ${r.organisation}`).join("; ")}
        </dd>
      </dl>

      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/account/berichten">
          Kies welke berichten Koers u stuurt
        </a>{" "}
        (een ronde geopend, herinneringen, dagoverzicht, agenda's).
      </p>

      <FormSection
        id="wachtwoord"
        heading="Wachtwoord wijzigen"
        action="/account/wachtwoord"
        submit="Wachtwoord wijzigen"
        notice={props.passwordChanged && <Notice kind="ok">Uw wachtwoord is gewijzigd.</Notice>}
      >
        <Field name="current" label="Huidig wachtwoord" type="password" autocomplete="current-password" />
        <NewPasswordField hint="Minstens 12 tekens." error={props.passwordError} />
      </FormSection>

      <section aria-labelledby="sleutels">
        <h2 class="utrecht-heading-2" id="sleutels">
          API-sleutels
        </h2>
        <p class="utrecht-paragraph">
          Met een API-sleutel kan een ander programma (bijvoorbeeld een dashboard) namens u de gegevens van Koers lezen
          via <code>/api/v1</code>, of ook wijzigen. Stuur de sleutel mee als <code>Authorization: Bearer …</code>.
        </p>
        {props.newToken && (
          <Notice kind="ok">
            <p class="utrecht-paragraph">
              Uw nieuwe sleutel <strong>{props.newToken.name}</strong>. Kopieer hem nu: Koers toont hem maar één keer.
            </p>
            <p class="koers-secret">{props.newToken.secret}</p>
          </Notice>
        )}
        {props.tokens.length > 0 && (
          <DataTable
            id="sleutels"
            caption="Uw API-sleutels"
            hideCaption
            rows={props.tokens}
            columns={[
              { label: "Naam", cell: (t) => t.name },
              { label: "Mag", cell: (t) => (t.scope === "read" ? "lezen" : "lezen en wijzigen") },
              { label: "Gemaakt", cell: (t) => formatDateTime(t.createdAt) },
              { label: "Laatst gebruikt", cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "nooit") },
              {
                label: "Status",
                cell: (t) =>
                  t.revokedAt ? (
                    `ingetrokken op ${formatDateTime(t.revokedAt)}`
                  ) : (
                    <form method="post" action={`/account/sleutels/${t.id}/intrekken`} class="koers-inline-form">
                      <CsrfField />
                      <button type="submit" class="koers-button koers-button--secondary" aria-label={`Sleutel ${t.name} intrekken`}>
                        Intrekken
                      </button>
                    </form>
                  ),
              },
            ]}
          />
        )}
        <form method="post" action="/account/sleutels" class="koers-form">
          <CsrfField />
          <Field name="name" label="Naam van de nieuwe sleutel" hint="Bijvoorbeeld: dashboard regiegroep." error={props.tokenError} />
          <Radios
            name="scope"
            legend="Wat mag de sleutel?"
            value="read"
            options={[
              { value: "read", label: "Alleen lezen" },
              { value: "read-write", label: "Lezen en wijzigen" },
            ]}
          />
          <button type="submit" class="koers-button">
            Sleutel maken
          </button>
        </form>
      </section>
    </Page>
  );
}
