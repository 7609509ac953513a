/**
 * Single sign-on with OpenID Connect (authorization code flow with PKCE).
 *
 * GET /inloggen/oidc        sends the browser to the identity provider;
 * GET /inloggen/oidc/terug  receives the answer, checks it and starts a session.
 *
 * State, nonce and PKCE verifier live in a short-lived HttpOnly cookie that is
 * only sent to these two routes. The provider's metadata is discovered once, on
 * first use, and cached; a failed discovery is tried again on the next request.
 */
import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as client from "openid-client";
import { setSessionCookie } from "../../web/auth.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { ErrorPage } from "../../web/layout.tsx";
import { users } from "./schema.ts";
import { findOrCreateSsoUser, startSession } from "./service.ts";

const STATE_COOKIE = "koers_oidc";
const COOKIE_PATH = "/inloggen/oidc";
const STATE_MAX_AGE_SECONDS = 10 * 60;

type RefusalStatus = 400 | 403 | 502;

const messages = {
  noState:
    "Uw aanmelding is verlopen of is niet vanuit Koers gestart. Ga terug naar Koers en probeer opnieuw in te loggen.",
  unreachable:
    "De inlogdienst van uw organisatie is op dit moment niet bereikbaar of gaf een onverwacht antwoord. Probeer het later opnieuw.",
  cancelled: "Het inloggen is afgebroken of geweigerd door de inlogdienst van uw organisatie.",
  noEmail:
    "De inlogdienst van uw organisatie gaf geen e-mailadres door. Zonder e-mailadres kunt u niet inloggen in Koers. Neem contact op met de beheerder.",
  unverified:
    "Uw e-mailadres is bij de inlogdienst van uw organisatie niet bevestigd. Bevestig het daar eerst en probeer het dan opnieuw.",
  disabled: "Uw account in Koers is uitgeschakeld. Neem contact op met de beheerder als u denkt dat dit niet klopt.",
} as const;

/** What the sign-in start remembers for the return: kept in the state cookie. */
interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Milliseconds since the epoch; the cookie's max-age also limits this, but the server checks too. */
  at: number;
}

function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString("base64url");
}

function decodePending(value: string | undefined, now: number): PendingSignIn | undefined {
  if (!value) return undefined;
  try {
    const p = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<PendingSignIn>;
    if (typeof p.state !== "string" || typeof p.nonce !== "string" || typeof p.verifier !== "string" || typeof p.at !== "number") {
      return undefined;
    }
    if (now - p.at > STATE_MAX_AGE_SECONDS * 1000 || p.at > now + 60_000) return undefined;
    return p as PendingSignIn;
  } catch {
    return undefined;
  }
}

/**
 * Client authentication at the token endpoint: client_secret_basic (the OpenID
 * Connect default) unless the provider says it only takes client_secret_post;
 * none at all for a public client without a secret.
 */
function clientAuthentication(secret: string): client.ClientAuth {
  if (!secret) return client.None();
  const basic = client.ClientSecretBasic(secret);
  const post = client.ClientSecretPost(secret);
  return (as, metadata, body, headers) => {
    const supported = as.token_endpoint_auth_methods_supported;
    const usePost = supported !== undefined && !supported.includes("client_secret_basic") && supported.includes("client_secret_post");
    (usePost ? post : basic)(as, metadata, body, headers);
  };
}

/** Thrown inside the callback handling for every refusal; carries the Dutch message. */
class Refusal extends Error {
  constructor(
    readonly status: RefusalStatus,
    readonly userMessage: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "Refusal";
  }
}

const isFalse = (value: unknown) => value === false || value === "false";

export function oidcRoutes(deps: AppDeps): Hono<AppEnv> {
  const settings = deps.config.oidc;
  if (!settings) throw new Error("oidcRoutes needs config.oidc (OIDC_ISSUER and OIDC_CLIENT_ID).");
  const { db, logger, config } = deps;
  const log = logger.child({ module: "oidc" });
  const issuer = new URL(settings.issuer);
  const redirectUri = `${config.publicUrl}/inloggen/oidc/terug`;
  const secureCookie = config.publicUrl.startsWith("https:");

  let discovered: Promise<client.Configuration> | undefined;
  /** The provider's configuration, discovered on first use; a failure is not cached. */
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(issuer, settings!.clientId, undefined, clientAuthentication(settings!.clientSecret), {
        // Plain http only when the configured issuer itself is http (tests, a local provider).
        execute: issuer.protocol === "http:" ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  function refuse(c: Context<AppEnv>, refusal: Refusal) {
    const details = { reason: refusal.reason, status: refusal.status, err: refusal.cause };
    if (refusal.status === 502) log.error(details, "single sign-on failed");
    else log.warn(details, "single sign-on refused");
    // Through c.render (the app's jsxRenderer), like every other page: the layout reads the request.
    c.status(refusal.status);
    return c.render(<ErrorPage status={refusal.status} message={refusal.userMessage} />);
  }

  const clearState = (c: Context<AppEnv>) => deleteCookie(c, STATE_COOKIE, { path: COOKIE_PATH, secure: secureCookie, httpOnly: true });

  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    let oidc: client.Configuration;
    try {
      oidc = await configuration();
    } catch (error) {
      return refuse(c, new Refusal(502, messages.unreachable, "discovery failed", { cause: error }));
    }
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      at: Date.now(),
    };
    const url = client.buildAuthorizationUrl(oidc, {
      redirect_uri: redirectUri,
      scope: "openid email profile",
      response_type: "code",
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: "S256",
    });
    setCookie(c, STATE_COOKIE, encodePending(pending), {
      httpOnly: true,
      sameSite: "Lax",
      secure: secureCookie,
      path: COOKIE_PATH,
      maxAge: STATE_MAX_AGE_SECONDS,
    });
    return c.redirect(url.href, 302);
  });

  app.get("/terug", async (c) => {
    const pending = decodePending(getCookie(c, STATE_COOKIE), Date.now());
    // The state cookie is for one attempt only, whatever the outcome.
    clearState(c);
    try {
      const requestUrl = new URL(c.req.url);
      const params = requestUrl.searchParams;
      if (!pending) throw new Refusal(400, messages.noState, "state cookie missing, malformed or expired");
      if (params.get("state") !== pending.state) throw new Refusal(400, messages.noState, "state does not match");
      if (!params.has("code") && !params.has("error")) throw new Refusal(400, messages.noState, "no code or error in the response");

      let oidc: client.Configuration;
      try {
        oidc = await configuration();
      } catch (error) {
        throw new Refusal(502, messages.unreachable, "discovery failed", { cause: error });
      }

      // The URL as the provider sent the browser to it: on the public address,
      // so that it matches the registered redirect_uri.
      const currentUrl = new URL(redirectUri);
      currentUrl.search = requestUrl.search;

      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(oidc, currentUrl, {
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          pkceCodeVerifier: pending.verifier,
          idTokenExpected: true,
        });
      } catch (error) {
        if (error instanceof client.AuthorizationResponseError && error.error === "access_denied") {
          throw new Refusal(403, messages.cancelled, "provider answered access_denied", { cause: error });
        }
        throw new Refusal(502, messages.unreachable, "authorization code grant failed", { cause: error });
      }

      const idClaims = tokens.claims();
      if (!idClaims) throw new Refusal(502, messages.unreachable, "no ID token in the token response");

      // Providers that follow OpenID Connect Core strictly put the email and profile
      // claims only in the UserInfo response, not in the ID token: ask there when
      // the ID token has no e-mail address.
      let claims: Record<string, unknown> = idClaims;
      if (typeof idClaims.email !== "string") {
        try {
          const userInfo = await client.fetchUserInfo(oidc, tokens.access_token, idClaims.sub);
          claims = { email: userInfo.email, email_verified: userInfo.email_verified, name: idClaims.name ?? userInfo.name };
        } catch (error) {
          throw new Refusal(502, messages.unreachable, "userinfo request failed", { cause: error });
        }
      }

      const email = typeof claims.email === "string" ? claims.email.trim() : "";
      if (!email.includes("@")) throw new Refusal(403, messages.noEmail, `no usable email claim for sub ${idClaims.sub}`);
      if (isFalse(claims.email_verified)) throw new Refusal(403, messages.unverified, `email not verified: ${email}`);
      const name = typeof claims.name === "string" ? claims.name : undefined;

      const user = await findOrCreateSsoUser(
        db,
        { email, name },
        { organisation: settings.defaultOrganisation, role: settings.defaultRole },
      );
      if (!user) throw new Refusal(403, messages.disabled, `account disabled: ${email}`);

      const now = new Date();
      const token = await startSession(db, user.userId, config.accounts, now, c.get("sessionToken"));
      await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.userId));
      setSessionCookie(c, deps, token);
      log.info({ userId: user.userId, created: user.created }, "signed in through single sign-on");
      return c.redirect("/", 302);
    } catch (error) {
      if (error instanceof Refusal) return refuse(c, error);
      throw error;
    }
  });

  return app;
}
