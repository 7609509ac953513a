/**
 * Who is asking. Services take a viewer and decide what it may see and do
 * (src/modules/access/policy.ts); routes only pass it on.
 */
/** The roles a user can have in an organisation. */
export const memberRoles = ["redacteur", "lezer"] as const;
export type MemberRole = (typeof memberRoles)[number];

export type Viewer =
  | { kind: "anonymous" }
  /** Start-up work and the command line: operators with access to the server itself. */
  | { kind: "system"; label: string }
  | {
      kind: "user";
      id: number;
      email: string;
      name: string;
      isAdmin: boolean;
      /** Role per organisation id. */
      roles: ReadonlyMap<number, MemberRole>;
      /** How the request was authenticated: a browser session, or an API token of a scope. */
      via: "session" | "token-read" | "token-read-write";
    };

export const anonymous: Viewer = { kind: "anonymous" };
export const system: Viewer = { kind: "system", label: "systeem" };
export const commandLine: Viewer = { kind: "system", label: "opdrachtregel" };

/** How the audit trail names the viewer. */
export function actorOf(viewer: Viewer): { actor: string; actorUserId: number | null } {
  if (viewer.kind === "user") return { actor: viewer.email, actorUserId: viewer.id };
  if (viewer.kind === "system") return { actor: viewer.label, actorUserId: null };
  return { actor: "anoniem", actorUserId: null };
}
