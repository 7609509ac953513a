import { describe, expect, it } from "vitest";
import {
  canEditItem,
  canEditPlan,
  canManageOwnAccount,
  canManageUsers,
  canReadAllAudit,
  canReadAudit,
  canReadInternal,
  canReadPlan,
  ForbiddenError,
  refusal,
  requireWriter,
  UnauthenticatedError,
  type PlanAccess,
} from "./policy.ts";
import type { MemberRole } from "./viewer.ts";
import { anonymous, commandLine, type Viewer } from "./viewer.ts";

// Organisation 1 owns the plan; organisation 2 is a party to one item; organisation 3 has nothing to do with
// the plan; organisation 4 is a party to another item and has no members in this matrix.
const OWNER = 1;
const PARTY = 2;
const OTHER = 3;
const NOBODY = 4;
const published: PlanAccess = { published: true, ownerIds: [OWNER], partyIds: [PARTY] };
const internal: PlanAccess = { ...published, published: false };

const user = (roles: [number, MemberRole][], extra: Partial<Extract<Viewer, { kind: "user" }>> = {}): Viewer => ({
  kind: "user",
  id: 1,
  email: "a@b.nl",
  name: "A",
  isAdmin: false,
  roles: new Map(roles),
  via: "session",
  ...extra,
});

const viewers: Record<string, Viewer> = {
  anoniem: anonymous,
  "zonder rol": user([]),
  "lezer eigenaar": user([[OWNER, "lezer"]]),
  "redacteur eigenaar": user([[OWNER, "redacteur"]]),
  "redacteur partij": user([[PARTY, "redacteur"]]),
  "redacteur ander": user([[OTHER, "redacteur"]]),
  beheerder: user([], { isAdmin: true }),
  "sleutel lezen (redacteur eigenaar)": user([[OWNER, "redacteur"]], { via: "token-read" }),
  "sleutel schrijven (redacteur eigenaar)": user([[OWNER, "redacteur"]], { via: "token-read-write" }),
  opdrachtregel: commandLine,
};

type Row = [
  string,
  {
    readPublished: boolean;
    readInternalPlan: boolean;
    readInternal: boolean;
    editPlan: boolean;
    editPartyItem: boolean;
    editOtherItem: boolean;
    audit: boolean;
    users: boolean;
    allAudit: boolean;
    ownAccount: boolean;
  },
];

// prettier-ignore
const matrix: Row[] = [
  ["anoniem",                                { readPublished: true, readInternalPlan: false, readInternal: false, editPlan: false, editPartyItem: false, editOtherItem: false, audit: false, users: false, allAudit: false, ownAccount: false }],
  ["zonder rol",                             { readPublished: true, readInternalPlan: false, readInternal: false, editPlan: false, editPartyItem: false, editOtherItem: false, audit: false, users: false, allAudit: false, ownAccount: true }],
  ["lezer eigenaar",                         { readPublished: true, readInternalPlan: true,  readInternal: true,  editPlan: false, editPartyItem: false, editOtherItem: false, audit: true,  users: false, allAudit: false, ownAccount: true }],
  ["redacteur eigenaar",                     { readPublished: true, readInternalPlan: true,  readInternal: true,  editPlan: true,  editPartyItem: true,  editOtherItem: true,  audit: true,  users: false, allAudit: false, ownAccount: true }],
  ["redacteur partij",                       { readPublished: true, readInternalPlan: true,  readInternal: true,  editPlan: false, editPartyItem: true,  editOtherItem: false, audit: true,  users: false, allAudit: false, ownAccount: true }],
  ["redacteur ander",                        { readPublished: true, readInternalPlan: false, readInternal: false, editPlan: false, editPartyItem: false, editOtherItem: false, audit: false, users: false, allAudit: false, ownAccount: true }],
  ["beheerder",                              { readPublished: true, readInternalPlan: true,  readInternal: true,  editPlan: true,  editPartyItem: true,  editOtherItem: true,  audit: true,  users: true,  allAudit: true,  ownAccount: true }],
  ["sleutel lezen (redacteur eigenaar)",     { readPublished: true, readInternalPlan: true,  readInternal: true,  editPlan: false, editPartyItem: false, editOtherItem: false, audit: true,  users: false, allAudit: false, ownAccount: false }],
  ["sleutel schrijven (redacteur eigenaar)", { readPublished: true, readInternalPlan: true,  readInternal: true,  editPlan: true,  editPartyItem: true,  editOtherItem: true,  audit: true,  users: false, allAudit: false, ownAccount: false }],
  ["opdrachtregel",                          { readPublished: true, readInternalPlan: true,  readInternal: true,  editPlan: true,  editPartyItem: true,  editOtherItem: true,  audit: true,  users: true,  allAudit: true,  ownAccount: false }],
];

describe.each(matrix)("%s", (name, expected) => {
  const v = viewers[name]!;
  it("reads a published plan", () => expect(canReadPlan(v, published)).toBe(expected.readPublished));
  it("reads an unpublished plan", () => expect(canReadPlan(v, internal)).toBe(expected.readInternalPlan));
  it("reads internal notes", () => expect(canReadInternal(v, published)).toBe(expected.readInternal));
  it("edits the plan", () => expect(canEditPlan(v, published)).toBe(expected.editPlan));
  it("edits an item its organisation is a party to", () => expect(canEditItem(v, published, [PARTY])).toBe(expected.editPartyItem));
  it("edits an item of other parties", () => expect(canEditItem(v, published, [NOBODY])).toBe(expected.editOtherItem));
  it("reads the plan's change history", () => expect(canReadAudit(v, published)).toBe(expected.audit));
  it("manages users and roles", () => expect(canManageUsers(v)).toBe(expected.users));
  it("reads all changes", () => expect(canReadAllAudit(v)).toBe(expected.allAudit));
  it("manages its own password and tokens", () => expect(canManageOwnAccount(v)).toBe(expected.ownAccount));
});

it("covers every viewer in the matrix", () => {
  expect(matrix.map(([name]) => name).sort()).toEqual(Object.keys(viewers).sort());
});

describe("refusals", () => {
  it("asks a signed-out viewer to sign in (401) and tells a signed-in one no (403)", () => {
    expect(refusal(anonymous)).toBeInstanceOf(UnauthenticatedError);
    expect(refusal(viewers["redacteur ander"]!, "Niet voor u.")).toMatchObject({ name: "ForbiddenError", message: "Niet voor u." });
  });

  it.each([
    ["anoniem", UnauthenticatedError],
    ["sleutel lezen (redacteur eigenaar)", ForbiddenError],
  ] as const)("lets no write by %s through", (name, error) => {
    expect(() => requireWriter(viewers[name]!)).toThrow(error);
  });

  it.each(["zonder rol", "sleutel schrijven (redacteur eigenaar)", "opdrachtregel"])("lets a write by %s on to the rules of what it changes", (name) => {
    expect(() => requireWriter(viewers[name]!)).not.toThrow();
  });
});
