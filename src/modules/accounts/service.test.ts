import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { InputError } from "../../lib/validation.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, PASSWORD } from "../../../test/helpers/accounts.ts";
import { databaseKinds, freshDatabase, type TestDatabase } from "../../../test/helpers/databases.ts";
import { dataDir } from "../../../test/helpers/seeded.ts";
import { auditLog } from "../audit/schema.ts";
import { listAudit } from "../audit/service.ts";
import { importDataSet, parseFiles } from "../exchange/service.ts";
import { apiTokens, sessions } from "./schema.ts";
import {
  addUser,
  checkCredentials,
  createApiToken,
  listApiTokens,
  defaultAccountSettings,
  InvalidLinkError,
  PasswordRuleError,
  revokeApiToken,
  sessionViewer,
  setDisabled,
  setPasswordWithToken,
  setRole,
  startSession,
  type StoredSession,
  tokenViewer,
} from "./service.ts";
import { ForbiddenError } from "../access/policy.ts";
import { commandLine, system } from "../access/viewer.ts";

const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000);

describe.each(databaseKinds)("accounts on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    const orgs = readFileSync(join(dataDir, "organisations", "kennemerland.yaml"), "utf8");
    const { data, names } = parseFiles([{ name: "o.yaml", text: orgs }]);
    await importDataSet(database, data, names);
  });
  afterAll(() => database.dispose());
  const db = () => database.db;

  describe("one-time links", () => {
    it("set a password once; the link then no longer works", async () => {
      const { inviteToken } = await addUser(db(), commandLine, { email: "Nieuw@Gemeente.nl" });
      await expect(setPasswordWithToken(db(), inviteToken, "kort")).rejects.toThrow(PasswordRuleError);
      await setPasswordWithToken(db(), inviteToken, PASSWORD);
      expect(await checkCredentials(db(), "nieuw@gemeente.nl", PASSWORD)).toMatchObject({ ok: true });
      await expect(setPasswordWithToken(db(), inviteToken, PASSWORD)).rejects.toThrow(InvalidLinkError);
    });

    it("expire", async () => {
      const now = new Date();
      const { inviteToken } = await addUser(db(), commandLine, { email: "laat@gemeente.nl" }, now);
      await expect(setPasswordWithToken(db(), inviteToken, PASSWORD, minutes(now, 7 * 24 * 60 + 1))).rejects.toThrow(InvalidLinkError);
    });

    it("refuse a password that contains the e-mail name", async () => {
      const { inviteToken } = await addUser(db(), commandLine, { email: "jansen@gemeente.nl" });
      await expect(setPasswordWithToken(db(), inviteToken, "jansen-wachtwoord-2026")).rejects.toThrow(/e-mailadres/);
    });
  });

  it("only administrators add users", async () => {
    const { userId } = await makeUser(db(), "gewoon@swv.nl");
    const viewer = (await sessionViewer(db(), await startSession(db(), userId)))!;
    await expect(addUser(db(), viewer, { email: "x@y.nl" })).rejects.toThrow(ForbiddenError);
  });

  describe("failed sign-ins", () => {
    it("lock an address after five failures, and known and unknown addresses get the same answers", async () => {
      await makeUser(db(), "bekend@swv.nl");
      const now = new Date();
      const attempt = (email: string, password: string) => checkCredentials(db(), email, password, defaultAccountSettings, now);
      const known = [];
      const unknown = [];
      for (let i = 0; i < 6; i++) {
        known.push((await attempt("bekend@swv.nl", "fout wachtwoord")).ok ? "ok" : "no");
        unknown.push(await attempt("onbekend@swv.nl", "fout wachtwoord"));
      }
      expect(unknown.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "locked"]);
      // Locked: even the right password is refused, as for the unknown address.
      expect(await attempt("bekend@swv.nl", PASSWORD)).toEqual({ ok: false, reason: "locked" });
      // After the lock-out the right password works again.
      expect(await checkCredentials(db(), "bekend@swv.nl", PASSWORD, defaultAccountSettings, minutes(now, 16))).toMatchObject({ ok: true });
      const failures = await listAudit(db(), system, {});
      expect(failures.filter((r) => r.action === "inloggen-mislukt" && r.summary.includes("onbekend@swv.nl"))).toHaveLength(6);
    });
  });

  describe("sessions", () => {
    it("end after two idle hours, but not while in use", async () => {
      const { userId } = await makeUser(db(), "actief@swv.nl");
      const t0 = new Date();
      const token = await startSession(db(), userId, defaultAccountSettings, t0);
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 119))).not.toBeNull();
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 119 + 119))).not.toBeNull();
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 238 + 121))).toBeNull();
    });

    it("remembered by the caller still end when idle, and their use is remembered too", async () => {
      const { userId } = await makeUser(db(), "onthouden@swv.nl");
      const t0 = new Date();
      const token = await startSession(db(), userId, defaultAccountSettings, t0);
      const kept = new Map<string, StoredSession>();
      const memory = { get: (hash: string) => kept.get(hash), set: (hash: string, found: StoredSession) => void kept.set(hash, found) };
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 1), memory)).toMatchObject({ email: "onthouden@swv.nl" });
      expect(kept.size).toBe(1);
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 119), memory)).not.toBeNull();
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 119 + 119), memory)).not.toBeNull();
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 238 + 121), memory)).toBeNull();
      expect(await sessionViewer(db(), token)).toBeNull();
    });

    it("remembered by one process are not ended there while another process saw them in use", async () => {
      const { userId } = await makeUser(db(), "twee-processen@swv.nl");
      const t0 = new Date();
      const token = await startSession(db(), userId, defaultAccountSettings, t0);
      const kept = new Map<string, StoredSession>();
      const memory = { get: (hash: string) => kept.get(hash), set: (hash: string, found: StoredSession) => void kept.set(hash, found) };
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 1), memory)).not.toBeNull();
      // The other process (no memory here) serves the person for a while.
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 100))).not.toBeNull();
      // This process remembers the use at minute 0: two idle hours by its memory, fifty by the database.
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 150), memory)).toMatchObject({ email: "twee-processen@swv.nl" });
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 151))).not.toBeNull();
    });

    it("end twelve hours after sign-in however active", async () => {
      const { userId } = await makeUser(db(), "lang@swv.nl");
      const t0 = new Date();
      const token = await startSession(db(), userId, defaultAccountSettings, t0);
      for (let m = 60; m < 12 * 60; m += 60) expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, m))).not.toBeNull();
      expect(await sessionViewer(db(), token, defaultAccountSettings, minutes(t0, 12 * 60))).toBeNull();
    });

    it("rotate on sign-in: the session from before no longer works", async () => {
      const { userId, session } = await makeUser(db(), "wissel@swv.nl");
      const next = await startSession(db(), userId, defaultAccountSettings, new Date(), session);
      expect(next).not.toBe(session);
      expect(await sessionViewer(db(), session)).toBeNull();
      expect(await sessionViewer(db(), next)).toMatchObject({ email: "wissel@swv.nl" });
    });

    it("are stored only as a hash", async () => {
      const { session } = await makeUser(db(), "hash@swv.nl");
      const rows = await db().select().from(sessions);
      expect(rows.some((r) => r.tokenHash === session)).toBe(false);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
    });
  });

  describe("API tokens", () => {
    it("need a name of at most 200 characters, said in Dutch, and nothing is cut off", async () => {
      const { session } = await makeUser(db(), "sleutelnaam@swv.nl", { roles: [["swvnk", "lezer"]] });
      const viewer = (await sessionViewer(db(), session))!;
      const messages = (p: Promise<unknown>) => p.then(() => [], (e: InputError) => e.problems.map((x) => x.message));
      expect(await messages(createApiToken(db(), viewer, "   ", "read"))).toEqual(["Geef de sleutel een naam, zodat u hem later herkent."]);
      expect(await messages(createApiToken(db(), viewer, "x".repeat(201), "read"))).toEqual(["Naam van de sleutel: hoogstens 200 tekens (nu 201)."]);
      await createApiToken(db(), viewer, "y".repeat(200), "read");
      expect((await listApiTokens(db(), viewer)).map((t) => t.name)).toEqual(["y".repeat(200)]);
    });

    it("act with their scope, are stored hashed, and stop working when revoked", async () => {
      const { session } = await makeUser(db(), "sleutel@swv.nl", { roles: [["swvnk", "redacteur"]] });
      const viewer = (await sessionViewer(db(), session))!;
      const read = await createApiToken(db(), viewer, "dashboard", "read");
      const write = await createApiToken(db(), viewer, "koppeling", "read-write");
      expect(await tokenViewer(db(), read)).toMatchObject({ email: "sleutel@swv.nl", via: "token-read" });
      expect(await tokenViewer(db(), write)).toMatchObject({ via: "token-read-write" });
      const stored = await db().select().from(apiTokens);
      expect(stored.some((t) => t.tokenHash === read || t.tokenHash === write)).toBe(false);
      // A token cannot make tokens.
      await expect(createApiToken(db(), (await tokenViewer(db(), write))!, "x", "read")).rejects.toThrow(ForbiddenError);
      const [row] = stored.filter((t) => t.name === "dashboard");
      await revokeApiToken(db(), viewer, row!.id);
      expect(await tokenViewer(db(), read)).toBeNull();
    });
  });

  it("disabling a user ends their sessions and tokens", async () => {
    const { session } = await makeUser(db(), "weg@swv.nl");
    const token = await createApiToken(db(), (await sessionViewer(db(), session))!, "t", "read");
    await setDisabled(db(), commandLine, "weg@swv.nl", true);
    expect(await sessionViewer(db(), session)).toBeNull();
    expect(await tokenViewer(db(), token)).toBeNull();
    expect(await checkCredentials(db(), "weg@swv.nl", PASSWORD)).toMatchObject({ ok: false });
  });

  it("records a role change with before and after", async () => {
    await makeUser(db(), "rol@swv.nl", { roles: [["swvnk", "lezer"]] });
    await setRole(db(), commandLine, "rol@swv.nl", "swvnk", "redacteur");
    const [latest] = await listAudit(db(), system, { limit: 1 });
    expect(latest).toMatchObject({
      actor: "opdrachtregel",
      action: "rol-gewijzigd",
      before: { organisation: "swvnk", role: "lezer" },
      after: { organisation: "swvnk", role: "redacteur" },
    });
  });

  it("keeps the audit trail append-only", async () => {
    const [row] = await listAudit(db(), system, { limit: 1 });
    await expect(db().update(auditLog).set({ actor: "iemand anders" }).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(db().delete(auditLog).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(db().execute(sql`truncate audit_log`)).rejects.toThrow();
    const [again] = await listAudit(db(), system, { limit: 1 });
    expect(again).toEqual(row);
  });
});
