/** Users for tests: added, given a password and roles, as an administrator would. */
import type { Db } from "../../src/db/client.ts";
import { addUser, setPasswordWithToken, setRole, startSession } from "../../src/modules/accounts/service.ts";
import type { MemberRole } from "../../src/modules/access/viewer.ts";
import { commandLine } from "../../src/modules/access/viewer.ts";

export const PASSWORD = "een lange zin als wachtwoord";

export async function makeUser(
  db: Db,
  email: string,
  options: { admin?: boolean; roles?: [string, MemberRole][] } = {},
): Promise<{ userId: number; session: string }> {
  const { userId, inviteToken } = await addUser(db, commandLine, { email, isAdmin: options.admin ?? false });
  await setPasswordWithToken(db, inviteToken, PASSWORD);
  for (const [org, role] of options.roles ?? []) await setRole(db, commandLine, email, org, role);
  return { userId, session: await startSession(db, userId) };
}

/** Several users, each with one role in one organisation. */
export async function makeMembers(db: Db, members: [email: string, organisation: string, role: MemberRole][]) {
  for (const [email, org, role] of members) await makeUser(db, email, { roles: [[org, role]] });
}
