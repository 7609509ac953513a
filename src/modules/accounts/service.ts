/**
 * Accounts: users and their roles per organisation, passwords, sessions,
 * one-time links, API tokens and the throttling of failed sign-ins.
 * Every change is recorded in the audit trail in the same transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { and, asc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { LENGTH, requiredText } from "../../lib/limits.ts";
import { InputError, zodProblems } from "../../lib/validation.ts";
import { ConflictError, isUniqueViolation, NotFoundError } from "../../lib/errors.ts";
import { record } from "../audit/service.ts";
import { organisations } from "../organisations/schema.ts";
import { canManageOwnAccount, canManageUsers, ForbiddenError, refusal } from "../access/policy.ts";
import {
  apiTokens,
  memberships,
  passwordTokens,
  sessions,
  signInThrottle,
  users,
} from "./schema.ts";
import type { MemberRole, Viewer } from "../access/viewer.ts";
import { defaultAccountSettings, type AccountSettings } from "./settings.ts";

export { defaultAccountSettings, type AccountSettings };

const MIN_PASSWORD = 12;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");
const plusMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

export class PasswordRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PasswordRuleError";
  }
}

/** Too many wrong passwords for one account: its password is not even checked until the lock-out ends. */
export class TooManyAttemptsError extends Error {
  constructor(lockMinutes: number) {
    super(`Te veel mislukte pogingen met het wachtwoord van dit account. Probeer het over ${lockMinutes} minuten opnieuw.`);
    this.name = "TooManyAttemptsError";
  }
}

/** An administrator's change made against an older state of the user than the one stored now. */
export class StaleUserError extends ConflictError {
  constructor(email: string) {
    super(
      `De gegevens van ${email} zijn intussen door iemand anders gewijzigd. ` +
        "Uw wijziging is niet opgeslagen; bekijk hieronder hoe het nu is en probeer het zo nodig opnieuw.",
    );
    this.name = "StaleUserError";
  }
}

/** The rules a new password must meet; throws PasswordRuleError with a Dutch message. */
export function checkPasswordRules(password: string, email: string): void {
  if (password.length < MIN_PASSWORD) throw new PasswordRuleError(`Kies een wachtwoord van minstens ${MIN_PASSWORD} tekens.`);
  if (password.length > 256) throw new PasswordRuleError("Kies een wachtwoord van hoogstens 256 tekens.");
  const mailbox = normaliseEmail(email).split("@")[0]!;
  if (mailbox.length >= 5 && password.toLowerCase().includes(mailbox)) {
    throw new PasswordRuleError("Het wachtwoord mag uw e-mailadres niet bevatten.");
  }
}

export async function loadViewer(db: Db, userId: number, via: "session" | "token-read" | "token-read-write"): Promise<Viewer | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.disabled) return null;
  const roles = await db.select({ organisationId: memberships.organisationId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
  return {
    kind: "user",
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    roles: new Map(roles.map((r) => [r.organisationId, r.role])),
    via,
  };
}

// ---------------------------------------------------------------- users

export interface UserSummary {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  hasPassword: boolean;
  lastSignInAt: Date | null;
  /** Send it back with a change; a change against an older version is refused. */
  version: number;
  memberships: { organisation: string; organisationName: string; role: MemberRole }[];
}

export async function listUsers(db: Db, viewer: Viewer): Promise<UserSummary[]> {
  if (!canManageUsers(viewer)) throw refusal(viewer);
  const rows = await db.select().from(users).orderBy(asc(users.email));
  const roles = await db
    .select({ userId: memberships.userId, organisation: organisations.slug, organisationName: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .orderBy(asc(organisations.name));
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    isAdmin: u.isAdmin,
    disabled: u.disabled,
    hasPassword: u.passwordHash !== null,
    lastSignInAt: u.lastSignInAt,
    version: u.version,
    memberships: roles.filter((r) => r.userId === u.id).map(({ organisation, organisationName, role }) => ({ organisation, organisationName, role })),
  }));
}

async function userByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return user;
}

export async function requireUser(db: Db, email: string) {
  const user = await userByEmail(db, email);
  if (!user) throw new NotFoundError(`Er is geen gebruiker met e-mailadres ${normaliseEmail(email)}.`);
  return user;
}

/** Adds a user; returns the one-time link token with which they set their password. */
export async function addUser(
  db: Db,
  viewer: Viewer,
  input: { email: string; name?: string; isAdmin?: boolean },
  now = new Date(),
): Promise<{ userId: number; inviteToken: string }> {
  if (!canManageUsers(viewer)) throw refusal(viewer);
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new PasswordRuleError("Vul een geldig e-mailadres in.");
  const taken = () => new ConflictError(`Er is al een gebruiker met e-mailadres ${email}.`);
  if (await userByEmail(db, email)) throw taken();
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const [user] = await t
        .insert(users)
        .values({ email, name: input.name?.trim() || email, isAdmin: input.isAdmin ?? false })
        .returning({ id: users.id });
      await record(t, viewer, {
        action: "gebruiker-toegevoegd",
        entityType: "gebruiker",
        entityId: user!.id,
        summary: `Gebruiker ${email} toegevoegd${input.isAdmin ? " als beheerder" : ""}`,
        after: { email, isAdmin: input.isAdmin ?? false },
      });
      const inviteToken = await issuePasswordToken(t, user!.id, "invite", now);
      return { userId: user!.id, inviteToken };
    });
  } catch (error) {
    // The same address added twice at once: the unique key refuses the second.
    throw isUniqueViolation(error) ? taken() : error;
  }
}

/**
 * Raises the user's version as the first step of an administrator's change, which
 * also locks the row until the change is stored; refuses when `expected` is given
 * and is no longer the stored version. Returns the user as stored before the change.
 */
async function claimUser(t: Db, user: { id: number; email: string }, expected: number | undefined) {
  const [row] = await t
    .update(users)
    .set({ version: sql`${users.version} + 1` })
    .where(expected === undefined ? eq(users.id, user.id) : and(eq(users.id, user.id), eq(users.version, expected)))
    .returning();
  if (!row) throw new StaleUserError(user.email);
  return row;
}

/** `version`: the user's version the change was made against (the admin form sends it); the command line leaves it out. */
export interface UserChangeOptions {
  version?: number | undefined;
}

export async function setDisabled(db: Db, viewer: Viewer, email: string, disabled: boolean, options: UserChangeOptions = {}): Promise<void> {
  if (!canManageUsers(viewer)) throw refusal(viewer);
  const found = await requireUser(db, email);
  if (viewer.kind === "user" && viewer.id === found.id && disabled) throw new ConflictError("U kunt uw eigen account niet uitschakelen.");
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const user = await claimUser(t, found, options.version);
    await t.update(users).set({ disabled }).where(eq(users.id, user.id));
    if (disabled) {
      await t.delete(sessions).where(eq(sessions.userId, user.id));
      await t.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)));
    }
    await record(t, viewer, {
      action: disabled ? "gebruiker-uitgeschakeld" : "gebruiker-ingeschakeld",
      entityType: "gebruiker",
      entityId: user.id,
      summary: `Gebruiker ${user.email} ${disabled ? "uitgeschakeld" : "weer ingeschakeld"}`,
      before: { disabled: user.disabled },
      after: { disabled },
    });
  });
}

export async function setAdmin(db: Db, viewer: Viewer, email: string, isAdmin: boolean, options: UserChangeOptions = {}): Promise<void> {
  if (!canManageUsers(viewer)) throw refusal(viewer);
  const found = await requireUser(db, email);
  if (viewer.kind === "user" && viewer.id === found.id && !isAdmin) throw new ConflictError("U kunt uzelf het beheer niet afnemen.");
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const user = await claimUser(t, found, options.version);
    await t.update(users).set({ isAdmin }).where(eq(users.id, user.id));
    await record(t, viewer, {
      action: "rol-gewijzigd",
      entityType: "gebruiker",
      entityId: user.id,
      summary: `${user.email} is ${isAdmin ? "nu" : "niet langer"} beheerder`,
      before: { isAdmin: user.isAdmin },
      after: { isAdmin },
    });
  });
}

/** Gives a user a role in an organisation, or takes it away (`role` null). */
export async function setRole(
  db: Db,
  viewer: Viewer,
  email: string,
  organisationSlug: string,
  role: MemberRole | null,
  options: UserChangeOptions = {},
): Promise<void> {
  if (!canManageUsers(viewer)) throw refusal(viewer);
  const found = await requireUser(db, email);
  const [org] = await db.select().from(organisations).where(eq(organisations.slug, organisationSlug));
  if (!org) throw new NotFoundError(`Organisatie '${organisationSlug}' bestaat niet.`);
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const user = await claimUser(t, found, options.version);
    const [before] = await t
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, org.id)));
    if (role === null) {
      await t.delete(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, org.id)));
    } else {
      await t
        .insert(memberships)
        .values({ userId: user.id, organisationId: org.id, role })
        .onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: { role } });
    }
    await record(t, viewer, {
      action: "rol-gewijzigd",
      entityType: "gebruiker",
      entityId: user.id,
      summary: role ? `${user.email} is ${role} bij ${org.name}` : `${user.email} heeft geen rol meer bij ${org.name}`,
      before: { organisation: org.slug, role: before?.role ?? null },
      after: { organisation: org.slug, role },
    });
  });
}

// ---------------------------------------------------------------- passwords and links

export async function issuePasswordToken(db: Db, userId: number, purpose: "invite" | "reset", now = new Date()): Promise<string> {
  const token = newToken();
  await db.insert(passwordTokens).values({
    tokenHash: sha256(token),
    userId,
    purpose,
    expiresAt: plusMinutes(now, purpose === "invite" ? 7 * 24 * 60 : 60),
  });
  return token;
}

/** Whether a one-time link is still good, without using it (for showing the form). */
export async function passwordTokenIsValid(db: Db, token: string, now = new Date()): Promise<boolean> {
  const [row] = await db
    .select()
    .from(passwordTokens)
    .where(and(eq(passwordTokens.tokenHash, sha256(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)));
  return row !== undefined;
}

export class InvalidLinkError extends Error {
  constructor() {
    super("Deze link is niet (meer) geldig. Vraag een nieuwe aan.");
    this.name = "InvalidLinkError";
  }
}

/** Sets a password through a one-time link; ends all sessions of that user. */
export async function setPasswordWithToken(db: Db, token: string, password: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .select({ token: passwordTokens, user: users })
      .from(passwordTokens)
      .innerJoin(users, eq(users.id, passwordTokens.userId))
      .where(and(eq(passwordTokens.tokenHash, sha256(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
      .for("update");
    if (!row || row.user.disabled) throw new InvalidLinkError();
    checkPasswordRules(password, row.user.email);
    await t.update(passwordTokens).set({ usedAt: now }).where(eq(passwordTokens.tokenHash, row.token.tokenHash));
    await t.update(users).set({ passwordHash: await argonHash(password) }).where(eq(users.id, row.user.id));
    await t.delete(sessions).where(eq(sessions.userId, row.user.id));
    await t.delete(signInThrottle).where(eq(signInThrottle.email, row.user.email));
    await record(t, { kind: "user", id: row.user.id, email: row.user.email, name: row.user.name, isAdmin: row.user.isAdmin, roles: new Map(), via: "session" }, {
      action: "wachtwoord-ingesteld",
      entityType: "gebruiker",
      entityId: row.user.id,
      summary: `Wachtwoord ingesteld via ${row.token.purpose === "invite" ? "uitnodiging" : "herstellink"}`,
    });
  });
}

/**
 * Changes one's own password after checking the current one; that check counts
 * towards the account's lock-out like a sign-in. Ends the user's other sessions;
 * `keepSession` (the session making the change) stays signed in.
 */
export async function changePassword(
  db: Db,
  viewer: Viewer,
  current: string,
  next: string,
  options: { keepSession?: string | undefined; settings?: AccountSettings; now?: Date } = {},
): Promise<void> {
  if (!canManageOwnAccount(viewer) || viewer.kind !== "user") throw refusal(viewer);
  const { settings = defaultAccountSettings, now = new Date() } = options;
  const [user] = await db.select().from(users).where(eq(users.id, viewer.id));
  if (!user) throw new ForbiddenError();
  const verdict = await checkCounted(db, user.email, user.disabled ? null : user.passwordHash, current, settings, now);
  if (verdict !== "ok") {
    await record(db, viewer, {
      action: "wachtwoord-controle-mislukt",
      entityType: "gebruiker",
      entityId: user.id,
      summary: `Verkeerd huidig wachtwoord bij het wijzigen van het wachtwoord${verdict === "locked" ? "; account tijdelijk geblokkeerd" : ""}`,
    });
    if (verdict === "locked") throw new TooManyAttemptsError(settings.lockMinutes);
    throw new PasswordRuleError("Het huidige wachtwoord klopt niet.");
  }
  checkPasswordRules(next, user.email);
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.update(users).set({ passwordHash: await argonHash(next) }).where(eq(users.id, user.id));
    const others = options.keepSession ? ne(sessions.tokenHash, sha256(options.keepSession)) : undefined;
    await t.delete(sessions).where(and(eq(sessions.userId, user.id), others));
    await record(t, viewer, { action: "wachtwoord-gewijzigd", entityType: "gebruiker", entityId: user.id, summary: "Wachtwoord gewijzigd; andere sessies beëindigd" });
  });
}

/** A reset link for this address if it has an account; the caller answers the same either way. */
export async function requestPasswordReset(db: Db, email: string, now = new Date()): Promise<{ email: string; token: string } | null> {
  const user = await userByEmail(db, email);
  if (!user || user.disabled) return null;
  return { email: user.email, token: await issuePasswordToken(db, user.id, "reset", now) };
}

// ---------------------------------------------------------------- signing in

export type SignInResult = { ok: true; userId: number } | { ok: false; reason: "invalid" | "locked" };

/**
 * Counts a password attempt for an address before the password is checked, in one
 * statement, so that attempts made at the same time are each counted. The attempt
 * that reaches the maximum sets the lock-out; once a lock-out has ended, counting
 * starts again at one.
 */
async function countAttempt(db: Db, address: string, settings: AccountSettings, now: Date) {
  const t = signInThrottle;
  const at = sql`${now.toISOString()}::timestamptz`;
  const lockEnd = plusMinutes(now, settings.lockMinutes);
  const failures = sql`case when ${t.lockedUntil} <= ${at} then 1 else ${t.failures} + 1 end`;
  const [row] = await db
    .insert(t)
    .values({ email: address, failures: 1, lockedUntil: settings.maxFailures <= 1 ? lockEnd : null, updatedAt: now })
    .onConflictDoUpdate({
      target: t.email,
      set: {
        failures,
        lockedUntil: sql`case when ${t.lockedUntil} > ${at} then ${t.lockedUntil} when ${failures} >= ${settings.maxFailures}::integer then ${lockEnd.toISOString()}::timestamptz end`,
        updatedAt: now,
      },
    })
    .returning({ failures: t.failures, lockedUntil: t.lockedUntil });
  return row!;
}

/**
 * Checks a password for an address under the lock-out: the attempt is counted first;
 * beyond the allowed number the password is not checked at all. `hash` null (no
 * account, no password, or disabled) is checked against a dummy hash, so timing
 * does not tell such addresses apart. The right password clears the count.
 */
async function checkCounted(
  db: Db,
  address: string,
  hash: string | null,
  password: string,
  settings: AccountSettings,
  now: Date,
): Promise<"ok" | "invalid" | "locked"> {
  const attempt = await countAttempt(db, address, settings, now);
  if (attempt.failures > settings.maxFailures) return "locked";
  const valid = await argonVerify(hash ?? DUMMY_HASH, password).catch(() => false);
  if (valid && hash) {
    await db.delete(signInThrottle).where(eq(signInThrottle.email, address));
    return "ok";
  }
  return attempt.lockedUntil ? "locked" : "invalid";
}

/**
 * Checks e-mail and password. Attempts are counted per address whether or not an
 * account has it, and lock the address for a while after too many: the answers
 * for a known and an unknown address are the same.
 */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
  settings: AccountSettings = defaultAccountSettings,
  now = new Date(),
): Promise<SignInResult> {
  const address = normaliseEmail(email).slice(0, 320);
  const user = await userByEmail(db, address);
  const verdict = await checkCounted(db, address, user && !user.disabled ? user.passwordHash : null, password, settings, now);
  if (verdict !== "ok") {
    await record(db, { kind: "anonymous" }, {
      action: "inloggen-mislukt",
      entityType: "gebruiker",
      entityId: user?.id ?? null,
      summary: `Mislukte inlogpoging voor ${address}${verdict === "locked" ? "; adres tijdelijk geblokkeerd" : ""}`,
    });
    return { ok: false, reason: verdict };
  }
  await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user!.id));
  return { ok: true, userId: user!.id };
}

const DUMMY_HASH = await argonHash(randomBytes(16).toString("hex"));

/** Starts a session; `previousToken` (the session cookie before sign-in) is ended, so the token rotates. */
export async function startSession(
  db: Db,
  userId: number,
  settings: AccountSettings = defaultAccountSettings,
  now = new Date(),
  previousToken?: string,
): Promise<string> {
  if (previousToken) await db.delete(sessions).where(eq(sessions.tokenHash, sha256(previousToken)));
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)));
  const token = newToken();
  await db.insert(sessions).values({
    tokenHash: sha256(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: plusMinutes(now, settings.absoluteHours * 60),
  });
  return token;
}

/** A session as stored, with the viewer it belongs to (null when the account is disabled or gone). */
export interface StoredSession {
  lastSeenAt: Date;
  expiresAt: Date;
  viewer: Viewer | null;
}

/**
 * Where a caller may remember sessions read while nothing in the database changed (the web
 * layer keys it on the data stamp, src/web/auth.ts), so that a request does not read them again.
 */
export interface SessionMemory {
  get(tokenHash: string): StoredSession | undefined;
  set(tokenHash: string, session: StoredSession): void;
}

/** The viewer of a session cookie, or null when it has ended (idle too long, too old, or signed out). */
export async function sessionViewer(
  db: Db,
  token: string,
  settings: AccountSettings = defaultAccountSettings,
  now = new Date(),
  memory?: SessionMemory,
): Promise<Viewer | null> {
  const hash = sha256(token);
  const over = (s: StoredSession) => s.expiresAt <= now || plusMinutes(s.lastSeenAt, settings.idleMinutes) <= now;
  let session = memory?.get(hash);
  // A session's use by another process does not reach this memory: before ending it, ask the database.
  if (!session || over(session)) {
    const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, hash));
    if (!row) return null;
    session = { lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt, viewer: await loadViewer(db, row.userId, "session") };
    memory?.set(hash, session);
  }
  if (over(session)) {
    await db.delete(sessions).where(eq(sessions.tokenHash, hash));
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, hash));
    memory?.set(hash, { ...session, lastSeenAt: now });
  }
  return session.viewer;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

// ---------------------------------------------------------------- API tokens

export interface ApiTokenSummary {
  id: number;
  name: string;
  scope: "read" | "read-write";
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a token for the signed-in user; the returned secret is shown once and stored only hashed. */
/** A new API key: the only check of what the account page sends. */
const apiTokenSchema = z.object({
  name: requiredText("Naam van de sleutel", LENGTH.name, "Geef de sleutel een naam, zodat u hem later herkent."),
  scope: z.enum(["read", "read-write"], { error: "Kies wat de sleutel mag: alleen lezen, of lezen en schrijven." }),
});

export async function createApiToken(db: Db, viewer: Viewer, name: string, scope: "read" | "read-write"): Promise<string> {
  if (!canManageOwnAccount(viewer) || viewer.kind !== "user") throw refusal(viewer);
  const parsed = apiTokenSchema.safeParse({ name, scope });
  if (!parsed.success) throw new InputError(zodProblems("sleutel", parsed.error));
  const label = parsed.data.name;
  const secret = `koers_${newToken()}`;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t.insert(apiTokens).values({ userId: viewer.id, name: label, tokenHash: sha256(secret), scope }).returning({ id: apiTokens.id });
    await record(t, viewer, {
      action: "api-sleutel-gemaakt",
      entityType: "api-sleutel",
      entityId: row!.id,
      summary: `API-sleutel '${label}' (${scope === "read" ? "alleen lezen" : "lezen en schrijven"}) gemaakt`,
    });
  });
  return secret;
}

export async function listApiTokens(db: Db, viewer: Viewer): Promise<ApiTokenSummary[]> {
  if (viewer.kind !== "user") throw refusal(viewer);
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, viewer.id))
    .orderBy(asc(apiTokens.id));
}

export async function revokeApiToken(db: Db, viewer: Viewer, id: number): Promise<void> {
  if (!canManageOwnAccount(viewer) || viewer.kind !== "user") throw refusal(viewer);
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name });
    if (!row) throw new NotFoundError("Deze API-sleutel bestaat niet of is al ingetrokken.");
    await record(t, viewer, { action: "api-sleutel-ingetrokken", entityType: "api-sleutel", entityId: id, summary: `API-sleutel '${row.name}' ingetrokken` });
  });
}

export async function tokenViewer(db: Db, secret: string, now = new Date()): Promise<Viewer | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(secret)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return loadViewer(db, row.userId, row.scope === "read" ? "token-read" : "token-read-write");
}

// ---------------------------------------------------------------- single sign-on

/**
 * The user for an e-mail address confirmed by the identity provider: the existing
 * account, or a new one with the configured default role.
 */
export async function findOrCreateSsoUser(
  db: Db,
  input: { email: string; name?: string | undefined },
  defaults: { organisation?: string | undefined; role?: MemberRole | undefined },
): Promise<{ userId: number; created: boolean } | null> {
  const email = normaliseEmail(input.email);
  const existing = await userByEmail(db, email);
  if (existing) return existing.disabled ? null : { userId: existing.id, created: false };
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const [user] = await t.insert(users).values({ email, name: input.name?.trim() || email }).returning({ id: users.id });
      let roleNote = "";
      if (defaults.organisation && defaults.role) {
        const [org] = await t.select().from(organisations).where(eq(organisations.slug, defaults.organisation));
        if (org) {
          await t.insert(memberships).values({ userId: user!.id, organisationId: org.id, role: defaults.role });
          roleNote = ` als ${defaults.role} bij ${org.name}`;
        }
      }
      await record(t, { kind: "system", label: "eenmalige aanmelding" }, {
        action: "gebruiker-toegevoegd",
        entityType: "gebruiker",
        entityId: user!.id,
        summary: `Gebruiker ${email} aangemaakt bij eerste aanmelding via eenmalige aanmelding${roleNote}`,
        after: { email, organisation: defaults.organisation ?? null, role: defaults.role ?? null },
      });
      return { userId: user!.id, created: true };
    });
  } catch (error) {
    // A first sign-in twice at once: the second finds the account the first made.
    if (!isUniqueViolation(error)) throw error;
    return findOrCreateSsoUser(db, input, defaults);
  }
}

/** The redacteuren of the given organisations, with the ones of those they are redacteur of. */
export async function editorsOf(db: Db, organisationIds: readonly number[]) {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.organisationId, [...organisationIds]), eq(memberships.role, "redacteur"), eq(users.disabled, false)))
    .orderBy(asc(users.name), asc(users.id));
  const people = new Map<number, { id: number; name: string; email: string; organisationIds: number[] }>();
  for (const r of rows) {
    const person = people.get(r.id) ?? { id: r.id, name: r.name, email: r.email, organisationIds: [] };
    person.organisationIds.push(r.organisationId);
    people.set(r.id, person);
  }
  return [...people.values()];
}
