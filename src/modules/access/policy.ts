/**
 * Who may do what: every rule of access, as plain functions. Services call these;
 * pages and the API never decide access themselves.
 *
 * - administrator: everything;
 * - redacteur of an organisation: edits plans that organisation owns, and items
 *   it is a party to; reads their internal content;
 * - lezer of an organisation: reads internal content of plans that organisation
 *   owns or is a party to;
 * - anonymous: published plans only, never internal notes;
 * - an API token acts as its user, but a read token never changes anything.
 */
import type { Viewer } from "./viewer.ts";

export interface PlanAccess {
  published: boolean;
  ownerIds: readonly number[];
  /** Organisations that are a party to any item of the plan. */
  partyIds: readonly number[];
}

export type Action =
  | "plan:read"
  | "plan:read-internal"
  | "plan:edit"
  | "item:edit"
  | "audit:read"
  | "users:manage"
  | "outbox:read"
  | "tokens:own";

function mayWrite(viewer: Viewer): boolean {
  return viewer.kind === "system" || (viewer.kind === "user" && viewer.via !== "token-read");
}

function isAdmin(viewer: Viewer): boolean {
  return viewer.kind === "system" || (viewer.kind === "user" && viewer.isAdmin);
}

function hasRole(viewer: Viewer, orgIds: readonly number[], roles: readonly string[]): boolean {
  return viewer.kind === "user" && orgIds.some((id) => roles.includes(viewer.roles.get(id) ?? ""));
}

export function canReadInternal(viewer: Viewer, plan: PlanAccess): boolean {
  return isAdmin(viewer) || hasRole(viewer, [...plan.ownerIds, ...plan.partyIds], ["redacteur", "lezer"]);
}

export function canReadPlan(viewer: Viewer, plan: PlanAccess): boolean {
  return plan.published || canReadInternal(viewer, plan);
}

export function canEditPlan(viewer: Viewer, plan: PlanAccess): boolean {
  return mayWrite(viewer) && (isAdmin(viewer) || hasRole(viewer, plan.ownerIds, ["redacteur"]));
}

/**
 * Organisations a viewer may start a new plan for: those where they are redacteur, every one for
 * administrators ("all"). A new plan belongs to the organisations it is made for.
 */
export function newPlanOwners(viewer: Viewer): "all" | number[] {
  if (!mayWrite(viewer)) return [];
  if (isAdmin(viewer)) return "all";
  return viewer.kind === "user" ? [...viewer.roles].filter(([, role]) => role === "redacteur").map(([id]) => id) : [];
}

/** Whether the viewer may start a new plan at all: redacteur of some organisation, or administrator. */
export function canCreatePlan(viewer: Viewer): boolean {
  const owners = newPlanOwners(viewer);
  return owners === "all" || owners.length > 0;
}

/** `itemPartyIds`: organisations that are a party to the item or to an item above it. */
export function canEditItem(viewer: Viewer, plan: PlanAccess, itemPartyIds: readonly number[]): boolean {
  return canEditPlan(viewer, plan) || (mayWrite(viewer) && hasRole(viewer, itemPartyIds, ["redacteur"]));
}

/** A governance body: administrators and the redacteuren of the organisations taking part manage it. */
export function canManageBody(viewer: Viewer, organisationIds: readonly number[]): boolean {
  return mayWrite(viewer) && (isAdmin(viewer) || hasRole(viewer, organisationIds, ["redacteur"]));
}

/** Starting a governance body: administrators, and redacteuren (for a body their organisation takes part in). */
export function canCreateBody(viewer: Viewer): boolean {
  return mayWrite(viewer) && (isAdmin(viewer) || (viewer.kind === "user" && [...viewer.roles.values()].includes("redacteur")));
}

/** The change history of a plan is internal content. */
export const canReadAudit = canReadInternal;

export function canManageUsers(viewer: Viewer): boolean {
  return mayWrite(viewer) && isAdmin(viewer);
}

export function canReadAllAudit(viewer: Viewer): boolean {
  return isAdmin(viewer);
}

/** Signed in through a browser session: the only way to manage one's own password and tokens. */
export function canManageOwnAccount(viewer: Viewer): boolean {
  return viewer.kind === "user" && viewer.via === "session";
}

/** Organisation ids whose internal content the viewer may read; `all` for administrators. */
export function readableOrganisations(viewer: Viewer): "all" | number[] {
  if (isAdmin(viewer)) return "all";
  return viewer.kind === "user" ? [...viewer.roles.keys()] : [];
}

export class ForbiddenError extends Error {
  constructor(message = "U heeft geen toestemming voor deze handeling.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class UnauthenticatedError extends Error {
  constructor(message = "Log in om verder te gaan.") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

/** The glossary is shared by all plans: administrators keep it. */
export const canEditGlossary = canManageUsers;

/** The refusal of something the viewer may see but not do: sign in first (401), or not allowed (403). */
export function refusal(viewer: Viewer, message?: string): UnauthenticatedError | ForbiddenError {
  return viewer.kind === "anonymous" ? new UnauthenticatedError() : new ForbiddenError(message);
}

/** A write request, before its content is read: someone must be signed in, with credentials that may write. */
export function requireWriter(viewer: Viewer): void {
  if (!mayWrite(viewer)) throw refusal(viewer, "Met deze API-sleutel kunt u alleen lezen; maak een sleutel om te schrijven.");
}
