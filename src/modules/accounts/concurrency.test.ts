/**
 * Accounts under concurrency (issue 13.3 and 13.4): the lock-out counts every
 * attempt made at the same time, administrators' changes to a user are refused
 * when made against an older state, and the same address added twice at once
 * gives one user and a plain conflict.
 */
import pino from "pino";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, PASSWORD } from "../../../test/helpers/accounts.ts";
import { client } from "../../../test/helpers/client.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { formFields, visibleText } from "../../../test/helpers/html.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { loadConfig } from "../../config.ts";
import { ConflictError } from "../../lib/errors.ts";
import { createApp } from "../../web/app.tsx";
import { signInThrottle, users } from "./schema.ts";
import {
  addUser,
  changePassword,
  checkCredentials,
  defaultAccountSettings,
  findOrCreateSsoUser,
  listUsers,
  sessionViewer,
  setAdmin,
  setDisabled,
  setRole,
  StaleUserError,
  TooManyAttemptsError,
} from "./service.ts";
import { commandLine } from "../access/viewer.ts";

describe.each(databaseKinds)("accounts under concurrency on %s", (kind) => {
  let database: TestDatabase;
  const db = () => database.db;
  beforeAll(async () => {
    database = await seededDatabase(kind);
  });
  afterAll(() => database.dispose());

  describe("the lock-out", () => {
    it("counts 20 wrong passwords sent at once, and then refuses the right one", async () => {
      await makeUser(db(), "doelwit@swvnk.nl");
      const now = new Date();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => checkCredentials(db(), "doelwit@swvnk.nl", `fout ${i}`, defaultAccountSettings, now)),
      );
      expect(results.every((r) => !r.ok)).toBe(true);
      const [row] = await db().select().from(signInThrottle).where(eq(signInThrottle.email, "doelwit@swvnk.nl"));
      expect(row!.failures).toBe(20);
      expect(row!.lockedUntil!.getTime()).toBe(now.getTime() + defaultAccountSettings.lockMinutes * 60_000);
      expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(20 - defaultAccountSettings.maxFailures + 1);
      expect(await checkCredentials(db(), "doelwit@swvnk.nl", PASSWORD, defaultAccountSettings, new Date(now.getTime() + 60_000))).toEqual({
        ok: false,
        reason: "locked",
      });
      const later = new Date(now.getTime() + (defaultAccountSettings.lockMinutes + 1) * 60_000);
      expect(await checkCredentials(db(), "doelwit@swvnk.nl", PASSWORD, defaultAccountSettings, later)).toMatchObject({ ok: true });
    });

    it("counts wrong current passwords on the account page at once the same way", async () => {
      const { session } = await makeUser(db(), "huidig@swvnk.nl");
      const viewer = (await sessionViewer(db(), session))!;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => changePassword(db(), viewer, `fout ${i}`, "een heel nieuw lang wachtwoord")),
      );
      expect(outcomes.every((o) => o.status === "rejected")).toBe(true);
      const [row] = await db().select().from(signInThrottle).where(eq(signInThrottle.email, "huidig@swvnk.nl"));
      expect(row!.failures).toBe(20);
      await expect(changePassword(db(), viewer, PASSWORD, "een heel nieuw lang wachtwoord")).rejects.toThrow(TooManyAttemptsError);
      expect(await checkCredentials(db(), "huidig@swvnk.nl", PASSWORD)).toEqual({ ok: false, reason: "locked" });
    });

    it("counts for an unknown address too, so it answers alike", async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => checkCredentials(db(), "onbekend@swvnk.nl", "fout")));
      expect(results.filter((r) => !r.ok && r.reason === "locked").length).toBe(20 - defaultAccountSettings.maxFailures + 1);
    });
  });

  describe("administrators' changes to a user", () => {
    const versionOf = async (email: string) => (await listUsers(db(), commandLine)).find((u) => u.email === email)!.version;

    it("are refused when made against an older version, with a Dutch explanation", async () => {
      await makeUser(db(), "rollen@swvnk.nl");
      const shown = await versionOf("rollen@swvnk.nl");
      await setRole(db(), commandLine, "rollen@swvnk.nl", "swvnk", "redacteur", { version: shown });
      await expect(setRole(db(), commandLine, "rollen@swvnk.nl", "swvnk", "lezer", { version: shown })).rejects.toThrow(StaleUserError);
      await expect(setDisabled(db(), commandLine, "rollen@swvnk.nl", true, { version: shown })).rejects.toThrow(/intussen door iemand anders gewijzigd/);
      await expect(setAdmin(db(), commandLine, "rollen@swvnk.nl", true, { version: shown })).rejects.toThrow(StaleUserError);
      const [user] = await db().select().from(users).where(eq(users.email, "rollen@swvnk.nl"));
      expect(user).toMatchObject({ disabled: false, isAdmin: false, version: shown + 1 });
      const roles = (await listUsers(db(), commandLine)).find((u) => u.email === "rollen@swvnk.nl")!.memberships;
      expect(roles.map((m) => m.role)).toEqual(["redacteur"]);
    });

    it("made at the same time against one version: one lands, the others are refused", async () => {
      await makeUser(db(), "tegelijk@swvnk.nl");
      const shown = await versionOf("tegelijk@swvnk.nl");
      const outcomes = await Promise.allSettled([
        setRole(db(), commandLine, "tegelijk@swvnk.nl", "swvnk", "redacteur", { version: shown }),
        setRole(db(), commandLine, "tegelijk@swvnk.nl", "swvnk", "lezer", { version: shown }),
        setDisabled(db(), commandLine, "tegelijk@swvnk.nl", true, { version: shown }),
        setAdmin(db(), commandLine, "tegelijk@swvnk.nl", true, { version: shown }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(StaleUserError);
      expect(await versionOf("tegelijk@swvnk.nl")).toBe(shown + 1);
    });
  });

  describe("one address added twice at once", () => {
    it("gives one user and a conflict for the rest, not a database error", async () => {
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => addUser(db(), commandLine, { email: "dubbel@swvnk.nl" })));
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === "rejected") {
          expect(o.reason).toBeInstanceOf(ConflictError);
          expect((o.reason as Error).message).toBe("Er is al een gebruiker met e-mailadres dubbel@swvnk.nl.");
        }
      }
    });

    it("signing in through single sign-on for the first time twice at once gives one account", async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => findOrCreateSsoUser(db(), { email: "sso@swvnk.nl" }, {})));
      expect(new Set(results.map((r) => r!.userId)).size).toBe(1);
      expect(results.filter((r) => r!.created)).toHaveLength(1);
    });
  });

  describe("through the administration pages", () => {
    let app: ReturnType<typeof createApp>;
    let admin: ReturnType<typeof client>;
    let other: ReturnType<typeof client>;
    beforeAll(async () => {
      app = createApp({ db: db(), logger: pino({ level: "silent" }), config: loadConfig({ KOERS_PUBLIC_URL: "http://localhost", KOERS_SIGN_IN_LIMIT_PER_MINUTE: "10000" }) });
      await makeUser(db(), "beheer1@koers.nl", { admin: true });
      await makeUser(db(), "beheer2@koers.nl", { admin: true });
      await makeUser(db(), "beheerd@swvnk.nl", { roles: [["swvnk", "lezer"]] });
      admin = client(app);
      other = client(app);
      expect((await admin.post("/inloggen", { email: "beheer1@koers.nl", password: PASSWORD })).status).toBe(303);
      expect((await other.post("/inloggen", { email: "beheer2@koers.nl", password: PASSWORD })).status).toBe(303);
    });

    /** The fields of the form for this user and action as the page shows them. */
    const formFor = (html: string, action: string, email: string) => {
      const rows = html.split('<tr class="utrecht-table__row">').filter((row) => row.includes(`value="${email}"`));
      return formFields(rows[0]!, action);
    };

    it("refuse a role change made on a page that is out of date, saying why (409)", async () => {
      const page = await (await admin.get("/beheer/gebruikers")).text();
      const stale = formFor(page, "/beheer/gebruikers/rol", "beheerd@swvnk.nl");
      expect(stale.version).toMatch(/^\d+$/);
      const first = await other.post("/beheer/gebruikers/status", formFor(await (await other.get("/beheer/gebruikers")).text(), "/beheer/gebruikers/status", "beheerd@swvnk.nl"));
      expect(first.status).toBe(200);
      const res = await admin.post("/beheer/gebruikers/rol", { ...stale, organisation: "swvnk", role: "redacteur" });
      expect(res.status).toBe(409);
      expect(visibleText(await res.text())).toContain("De gegevens van beheerd@swvnk.nl zijn intussen door iemand anders gewijzigd");
      const roles = (await listUsers(db(), commandLine)).find((u) => u.email === "beheerd@swvnk.nl")!.memberships;
      expect(roles.map((m) => m.role)).toEqual(["lezer"]);
    });

    it("refuse a change without the version of the form", async () => {
      const res = await admin.post("/beheer/gebruikers/beheerder", { email: "beheerd@swvnk.nl", admin: "ja" });
      expect(res.status).toBe(409);
      expect((await db().select().from(users).where(eq(users.email, "beheerd@swvnk.nl")))[0]!.isAdmin).toBe(false);
    });

    it("answer 409 with a Dutch message for an address that is taken, also when added at once", async () => {
      const again = await admin.post("/beheer/gebruikers", { email: "beheerd@swvnk.nl" });
      expect(again.status).toBe(409);
      expect(visibleText(await again.text())).toContain("Er is al een gebruiker met e-mailadres beheerd@swvnk.nl.");
      const statuses = await Promise.all(Array.from({ length: 10 }, () => admin.post("/beheer/gebruikers", { email: "Gelijk@Swvnk.nl" }).then((r) => r.status)));
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    });
  });
});
