import { Field, Notice } from "../../web/forms.tsx";
import { CsrfField, Page } from "../../web/layout.tsx";
import type { ApiTokenSummary } from "./service.ts";

const dateTime = new Intl.DateTimeFormat("nl-NL", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Amsterdam" });
export const formatDateTime = (d: Date) => dateTime.format(d);

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
          <Field
            name="password"
            label="Nieuw wachtwoord"
            type="password"
            autocomplete="new-password"
            hint="Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden."
            error={props.error}
          />
          <button type="submit" class="koers-button">
            Wachtwoord opslaan
          </button>
        </form>
      )}
    </Page>
  );
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

      <section aria-labelledby="wachtwoord">
        <h2 class="utrecht-heading-2" id="wachtwoord">
          Wachtwoord wijzigen
        </h2>
        {props.passwordChanged && <Notice kind="ok">Uw wachtwoord is gewijzigd.</Notice>}
        <form method="post" action="/account/wachtwoord" class="koers-form">
          <CsrfField />
          <Field name="current" label="Huidig wachtwoord" type="password" autocomplete="current-password" />
          <Field
            name="password"
            label="Nieuw wachtwoord"
            type="password"
            autocomplete="new-password"
            hint="Minstens 12 tekens."
            error={props.passwordError}
          />
          <button type="submit" class="koers-button">
            Wachtwoord wijzigen
          </button>
        </form>
      </section>

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
          <table class="utrecht-table koers-plan-table">
            <caption class="visually-hidden">Uw API-sleutels</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">Naam</th>
                <th class="utrecht-table__header-cell" scope="col">Mag</th>
                <th class="utrecht-table__header-cell" scope="col">Gemaakt</th>
                <th class="utrecht-table__header-cell" scope="col">Laatst gebruikt</th>
                <th class="utrecht-table__header-cell" scope="col">Status</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {props.tokens.map((t) => (
                <tr class="utrecht-table__row">
                  <td class="utrecht-table__cell">{t.name}</td>
                  <td class="utrecht-table__cell">{t.scope === "read" ? "lezen" : "lezen en wijzigen"}</td>
                  <td class="utrecht-table__cell">{formatDateTime(t.createdAt)}</td>
                  <td class="utrecht-table__cell">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "nooit"}</td>
                  <td class="utrecht-table__cell">
                    {t.revokedAt ? (
                      `ingetrokken op ${formatDateTime(t.revokedAt)}`
                    ) : (
                      <form method="post" action={`/account/sleutels/${t.id}/intrekken`} class="koers-inline-form">
                        <CsrfField />
                        <button type="submit" class="koers-button koers-button--secondary" aria-label={`Sleutel ${t.name} intrekken`}>
                          Intrekken
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action="/account/sleutels" class="koers-form">
          <CsrfField />
          <Field name="name" label="Naam van de nieuwe sleutel" hint="Bijvoorbeeld: dashboard regiegroep." error={props.tokenError} />
          <fieldset>
            <legend>Wat mag de sleutel?</legend>
            <p>
              <input type="radio" id="scope-read" name="scope" value="read" checked />
              <label for="scope-read"> Alleen lezen</label>
            </p>
            <p>
              <input type="radio" id="scope-write" name="scope" value="read-write" />
              <label for="scope-write"> Lezen en wijzigen</label>
            </p>
          </fieldset>
          <button type="submit" class="koers-button">
            Sleutel maken
          </button>
        </form>
      </section>
    </Page>
  );
}
