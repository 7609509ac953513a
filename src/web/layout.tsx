import type { Child } from "hono/jsx";
import { useRequestContext } from "hono/jsx-renderer";
import type { AppEnv } from "./env.ts";
import { assetHref } from "./static.ts";

/** The hidden field every form sends back for CSRF protection. */
export function CsrfField() {
  const c = useRequestContext<AppEnv>();
  // The token is this visitor's own: a page that carries it is not stored for anyone (src/web/headers.ts).
  c.header("Cache-Control", "no-store");
  c.set("csrfIssued", true);
  return <input type="hidden" name="_csrf" value={c.get("csrfToken")} />;
}

function AccountNav() {
  const viewer = useRequestContext<AppEnv>().get("viewer");
  if (viewer?.kind !== "user") {
    return (
      <li>
        <a href="/inloggen">Inloggen</a>
      </li>
    );
  }
  return (
    <>
      <li>
        <a href="/mijn-werk">Mijn werk</a>
      </li>
      {viewer.isAdmin && (
        <li>
          <a href="/beheer">Beheer</a>
        </li>
      )}
      <li>
        <a href="/account">{viewer.name}</a>
      </li>
      <li>
        <form method="post" action="/uitloggen" class="koers-inline-form">
          <CsrfField />
          <button type="submit" class="koers-link-button">
            Uitloggen
          </button>
        </form>
      </li>
    </>
  );
}

export interface PageProps {
  title: string;
  children: Child;
  /** Breadcrumb trail above the page heading. */
  crumbs?: { href: string; label: string }[];
  /** Loads htmx, for pages with in-place updates; they work without it too. */
  enhanced?: boolean;
  /** Atom feeds about the page, for feed readers (link rel="alternate"). */
  feeds?: { href: string; title: string }[] | undefined;
}

export function Page({ title, children, crumbs, enhanced, feeds }: PageProps) {
  return (
    <html lang="nl" class="utrecht-theme">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Koers`}</title>
        <link rel="stylesheet" href={assetHref("koers.css")} />
        {enhanced && <script src={assetHref("htmx.min.js")} defer></script>}
        {feeds?.map((f) => <link rel="alternate" type="application/atom+xml" href={f.href} title={f.title} />)}
      </head>
      <body class="utrecht-page-body utrecht-document">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
          Naar de inhoud
        </a>
        <header class="koers-header">
          <div class="koers-header__content">
            <a class="koers-brand" href="/">
              Koers
            </a>
            <nav aria-label="Hoofdmenu" class="koers-nav">
              <ul>
                <li>
                  <a href="/">Plannen</a>
                </li>
                <li>
                  <a href="/onderwerpen">Onderwerpen</a>
                </li>
                <li>
                  <a href="/regio">Organisaties en regio's</a>
                </li>
                <li>
                  <a href="/begrippen">Begrippen</a>
                </li>
                <li>
                  <a href="/zoeken">Zoeken</a>
                </li>
                <AccountNav />
              </ul>
            </nav>
          </div>
        </header>
        <main id="inhoud" class="utrecht-page-content koers-main">
          {crumbs && crumbs.length > 0 && (
            <nav aria-label="Kruimelpad" class="utrecht-breadcrumb-nav koers-crumbs">
              <ol class="utrecht-breadcrumb-nav__list">
                {crumbs.map((c) => (
                  <li class="utrecht-breadcrumb-nav__item">
                    <a class="utrecht-breadcrumb-nav__link" href={c.href}>
                      {c.label}
                    </a>
                  </li>
                ))}
              </ol>
            </nav>
          )}
          {children}
        </main>
        <footer class="koers-footer">
          <div class="koers-footer__content">
            <p class="utrecht-paragraph">
              Koers — plannen, voortgang en verantwoording van onderwijs en jeugd.{" "}
              <a class="utrecht-link" href="/api/v1/plans">
                Open gegevens (API)
              </a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function ErrorPage({ status, message }: { status: number; message: string }) {
  return (
    <Page title={status === 404 ? "Niet gevonden" : "Er ging iets mis"}>
      <h1 class="utrecht-heading-1">{status === 404 ? "Niet gevonden" : "Er ging iets mis"}</h1>
      <p class="utrecht-paragraph">{message}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/">
          Naar het overzicht van plannen
        </a>
      </p>
    </Page>
  );
}
