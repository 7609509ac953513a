/** Pages for signing in and out, passwords, and one's own account. */
import { Hono, type Context } from "hono";
import { addressLimit, clearSessionCookie, setSessionCookie } from "../../web/auth.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { organisations } from "../organisations/schema.ts";
import { canManageOwnAccount } from "../access/policy.ts";
import { InputError } from "../../lib/validation.ts";
import {
  changePassword,
  checkCredentials,
  createApiToken,
  endSession,
  InvalidLinkError,
  listApiTokens,
  passwordTokenIsValid,
  PasswordRuleError,
  requestPasswordReset,
  revokeApiToken,
  setPasswordWithToken,
  startSession,
  TooManyAttemptsError,
} from "./service.ts";
import { AccountPage, ForgotPasswordPage, SetPasswordPage, SignInPage } from "./views.tsx";

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");

/** Only paths inside Koers, so a link cannot send someone elsewhere after signing in. */
export function safeNext(value: string | undefined): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : "/";
}

export function accountPages(deps: AppDeps) {
  const { db, config, mailer, logger } = deps;
  const app = new Hono<AppEnv>();
  // Every form that checks a password or a one-time link counts against one limit per client address.
  const throttle = addressLimit(deps, "wachtwoord", config.signInLimitPerMinute).onPost;

  /** Makes a reset link and mails it, for an address that has an account; does nothing for others. */
  const sendResetLink = async (email: string) => {
    const reset = await requestPasswordReset(db, email);
    if (!reset) return;
    await mailer.send(db, {
      to: reset.email,
      subject: "Nieuw wachtwoord voor Koers",
      body:
        `Iemand (hopelijk u) vroeg een nieuw wachtwoord aan voor Koers.\n\n` +
        `Stel het in via deze link, die een uur geldig is en één keer werkt:\n` +
        `${config.publicUrl}/wachtwoord-instellen?token=${reset.token}\n\n` +
        `Vroeg u dit niet aan? Dan kunt u dit bericht negeren; uw wachtwoord blijft hetzelfde.`,
    });
  };

  app.get("/inloggen", (c) =>
    c.render(
      <SignInPage
        next={c.req.query("next")}
        notice={c.req.query("klaar") ? "Uw wachtwoord is ingesteld. U kunt nu inloggen." : undefined}
        sso={config.oidc?.label}
      />,
    ),
  );

  app.post("/inloggen", throttle, async (c) => {
    const body = await c.req.parseBody();
    const email = field(body, "email");
    const next = safeNext(field(body, "next") || undefined);
    const result = await checkCredentials(db, email, field(body, "password"), config.accounts);
    if (!result.ok) {
      c.status(401);
      return c.render(
        <SignInPage
          email={email}
          next={next === "/" ? undefined : next}
          sso={config.oidc?.label}
          error={
            result.reason === "locked"
              ? `Te veel mislukte pogingen voor dit e-mailadres. Probeer het over ${config.accounts.lockMinutes} minuten opnieuw, of stel een nieuw wachtwoord in via "Wachtwoord vergeten".`
              : "Deze combinatie van e-mailadres en wachtwoord kennen we niet."
          }
        />,
      );
    }
    const token = await startSession(db, result.userId, config.accounts, new Date(), c.get("sessionToken"));
    setSessionCookie(c, deps, token);
    return c.redirect(next, 303);
  });

  app.post("/uitloggen", async (c) => {
    const token = c.get("sessionToken");
    if (token) await endSession(db, token);
    clearSessionCookie(c);
    return c.redirect("/", 303);
  });

  app.get("/wachtwoord-vergeten", (c) => c.render(<ForgotPasswordPage />));
  app.post("/wachtwoord-vergeten", throttle, async (c) => {
    // The answer does not wait for the link to be made and mailed: it is the same, and takes
    // as long, for an address with an account as for one without.
    sendResetLink(field(await c.req.parseBody(), "email")).catch((error: unknown) =>
      logger.error({ err: error }, "herstellink maken of versturen mislukt"),
    );
    return c.render(<ForgotPasswordPage sent />);
  });

  app.get("/wachtwoord-instellen", async (c) => {
    const token = c.req.query("token") ?? "";
    return c.render(<SetPasswordPage token={token} valid={token !== "" && (await passwordTokenIsValid(db, token))} />);
  });
  app.post("/wachtwoord-instellen", throttle, async (c) => {
    const body = await c.req.parseBody();
    const token = field(body, "token");
    try {
      await setPasswordWithToken(db, token, field(body, "password"));
    } catch (error) {
      if (error instanceof PasswordRuleError) {
        c.status(400);
        return c.render(<SetPasswordPage token={token} valid error={error.message} />);
      }
      if (error instanceof InvalidLinkError) {
        c.status(400);
        return c.render(<SetPasswordPage token="" valid={false} />);
      }
      throw error;
    }
    return c.redirect("/inloggen?klaar=1", 303);
  });

  const accountPage = async (c: Context<AppEnv>, extra: Partial<Parameters<typeof AccountPage>[0]> = {}) => {
    const viewer = c.get("viewer");
    if (viewer.kind !== "user" || !canManageOwnAccount(viewer)) return c.redirect(`/inloggen?next=${encodeURIComponent(c.req.path)}`, 303);
    const orgRows = viewer.roles.size
      ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations)
      : [];
    const names = new Map(orgRows.map((o) => [o.id, o.name]));
    return c.render(
      <AccountPage
        name={viewer.name}
        email={viewer.email}
        isAdmin={viewer.isAdmin}
        roles={[...viewer.roles].map(([id, role]) => ({ organisation: names.get(id) ?? String(id), role }))}
        tokens={await listApiTokens(db, viewer)}
        {...extra}
      />,
    );
  };

  app.get("/account", (c) => accountPage(c));
  app.post("/account/wachtwoord", throttle, async (c) => {
    const body = await c.req.parseBody();
    try {
      await changePassword(db, c.get("viewer"), field(body, "current"), field(body, "password"), {
        keepSession: c.get("sessionToken"),
        settings: config.accounts,
      });
    } catch (error) {
      if (!(error instanceof PasswordRuleError || error instanceof TooManyAttemptsError)) throw error;
      c.status(error instanceof TooManyAttemptsError ? 429 : 400);
      return accountPage(c, { passwordError: error.message });
    }
    return accountPage(c, { passwordChanged: true });
  });
  app.post("/account/sleutels", async (c) => {
    const body = await c.req.parseBody();
    const name = field(body, "name");
    try {
      const secret = await createApiToken(db, c.get("viewer"), name, field(body, "scope") === "read-write" ? "read-write" : "read");
      return accountPage(c, { newToken: { name: name.trim(), secret } });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      c.status(400);
      return accountPage(c, { tokenError: error.problems.map((p) => p.message).join(" ") });
    }
  });
  app.post("/account/sleutels/:id/intrekken", async (c) => {
    await revokeApiToken(db, c.get("viewer"), Number(c.req.param("id")));
    return c.redirect("/account#sleutels", 303);
  });

  return app;
}

