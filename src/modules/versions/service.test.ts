import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { importPlans, planYaml } from "../../../test/helpers/plans.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { sessionViewer } from "../accounts/service.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { itemDeletions, items } from "../plans/schema.ts";
import { getPlan } from "../plans/reading.ts";
import { updateItem } from "../plans/editing.ts";
import { planSnapshots } from "../plans/schema.ts";
import { adoptionLabel, takeSnapshot } from "../plans/snapshots.ts";
import { compareVersions, listSnapshots, parseVersionRef, VersionNotFoundError } from "./service.ts";

const ADOPTED = "activiteitenplan-swvnk-2024";

/** Unpublished, adopted, with internal notes that no version may keep. */
const internalPlan = planYaml(
  { slug: "versies-intern", title: "Intern werkplan versies", status: "vastgesteld", published: false },
  `approvals:
  - { body: Bestuur, outcome: besproken }
  - { body: ALV, date: 2025-02-03, outcome: vastgesteld, adopts: true }
internalNote: Vertrouwelijke planaantekening.
items:
  - code: "1"
    level: actie
    title: Eerste actie
    sections: [{ title: Hoe, text: "Samen met de scholen." }]
    internalNote: Vertrouwelijke actieaantekening.
  - code: "2"
    level: actie
    title: Tweede actie
`,
);

describe.each(databaseKinds)("plan versions on %s", (kind) => {
  let database: TestDatabase;
  let db: Db;
  let redacteur: Viewer;
  let lezer: Viewer;
  let outsider: Viewer;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    db = database.db;
    await importPlans(database, internalPlan);
    const viewer = async (email: string, roles: Parameters<typeof makeUser>[2]) =>
      (await sessionViewer(db, (await makeUser(db, email, roles)).session))!;
    redacteur = await viewer("redacteur@swvnk.nl", { roles: [["swvnk", "redacteur"]] });
    lezer = await viewer("lezer@swvnk.nl", { roles: [["swvnk", "lezer"]] });
    outsider = await viewer("redacteur@velsen.nl", { roles: [["velsen", "redacteur"]] });
  });
  afterAll(() => database?.dispose());

  describe("on import", () => {
    it("keeps the adopted version of each adopted plan, named after its adopting decision, and only of those", async () => {
      const rows = await db.select({ planId: planSnapshots.planId, label: planSnapshots.label, takenBy: planSnapshots.takenBy }).from(planSnapshots).orderBy(planSnapshots.id);
      const adopted = await getPlan(db, system, ADOPTED);
      const internal = await getPlan(db, system, "versies-intern");
      // The other source plans are adopted ("vastgesteld") without naming the decision that adopted them.
      const unnamed = await Promise.all(["allen-voor-een-2022-2024", "jaarplan-ppo-nk-2023", "uitvoeringsplan-nk-2025-2026"].map((slug) => getPlan(db, system, slug)));
      expect(rows).toHaveLength(5);
      expect(rows).toEqual(
        expect.arrayContaining([
          { planId: adopted.id, label: "Vastgesteld door Vaststelling op 20 december 2023", takenBy: "import" },
          ...unnamed.map((p) => ({ planId: p.id, label: "Vastgesteld bij inlezen", takenBy: "import" })),
          { planId: internal.id, label: "Vastgesteld door ALV op 3 februari 2025", takenBy: "import" },
        ]),
      );
    });

    it("records it in the audit log", async () => {
      const adopted = await getPlan(db, system, ADOPTED);
      const entries = await listAudit(db, system, { planId: adopted.id });
      expect(entries.filter((e) => e.action === "versie-vastgelegd")).toMatchObject([
        { actor: "systeem", entityType: "versie", summary: "Versie 'Vastgesteld door Vaststelling op 20 december 2023' van plan 'Activiteitenplan 2024' vastgelegd" },
      ]);
    });

    it("keeps no internal notes", async () => {
      const internal = await getPlan(db, system, "versies-intern");
      const [row] = await db.select().from(planSnapshots).where(eq(planSnapshots.planId, internal.id));
      expect(row!.content.items.map((i) => i.title)).toEqual(["Eerste actie", "Tweede actie"]);
      expect(JSON.stringify(row!.content)).not.toMatch(/Vertrouwelijke/);
    });
  });

  it.each([
    [{ body: "ALV", date: "2023-12-18", outcome: "goedkeuring" }, "Goedkeuring door ALV op 18 december 2023"],
    [{ body: "Raad", date: null, outcome: "vastgesteld" }, "Vastgesteld door Raad"],
  ])("names a version after its approval: %o", (approval, label) => {
    expect(adoptionLabel(approval)).toBe(label);
  });

  it.each([
    ["vandaag", "vandaag"],
    ["12", 12],
  ])("reads the version %s", (text, ref) => {
    expect(parseVersionRef(text)).toBe(ref);
  });

  it.each(["", "0", "-1", "1.5", "abc", "Vandaag", "99999999999"])("refuses the version '%s' as unknown", (text) => {
    expect(() => parseVersionRef(text)).toThrow(VersionNotFoundError);
  });

  describe("takeSnapshot", () => {
    it("lets a redacteur of the owner keep a version, named after the person", async () => {
      const kept = await takeSnapshot(db, redacteur, ADOPTED, "Na de OPR");
      expect(kept).toMatchObject({ label: "Na de OPR", takenBy: "redacteur@swvnk.nl" });
      const [entry] = await listAudit(db, system, { limit: 1 });
      expect(entry).toMatchObject({ action: "versie-vastgelegd", actor: "redacteur@swvnk.nl", entityId: String(kept.id) });
    });

    it.each([
      ["a lezer", () => lezer, ForbiddenError],
      ["a redacteur of another organisation", () => outsider, ForbiddenError],
      ["an anonymous visitor", () => anonymous, UnauthenticatedError],
    ])("refuses %s", async (_, who, error) => {
      const before = await db.select({ id: planSnapshots.id }).from(planSnapshots);
      await expect(takeSnapshot(db, who(), ADOPTED, "Niet toegestaan")).rejects.toThrow(error);
      expect(await db.select({ id: planSnapshots.id }).from(planSnapshots)).toHaveLength(before.length);
    });

    it("writes inside the caller's transaction: a rollback leaves neither version nor audit entry", async () => {
      const before = { versions: (await db.select().from(planSnapshots)).length, audit: (await listAudit(db, system, { limit: 1 }))[0]!.id };
      await expect(
        db.transaction(async (tx) => {
          await takeSnapshot(tx as unknown as Db, system, ADOPTED, "Teruggedraaid");
          expect((await (tx as unknown as Db).select().from(planSnapshots)).length).toBe(before.versions + 1);
          throw new Error("stop");
        }),
      ).rejects.toThrow("stop");
      expect((await db.select().from(planSnapshots)).length).toBe(before.versions);
      expect((await listAudit(db, system, { limit: 1 }))[0]!.id).toBe(before.audit);
    });
  });

  describe("listSnapshots", () => {
    it("shows the versions of a published plan to everyone, oldest first, but who kept them only to partners", async () => {
      const forPublic = await listSnapshots(db, anonymous, ADOPTED);
      expect(forPublic.plan).toEqual({ slug: ADOPTED, title: "Activiteitenplan 2024" });
      expect(forPublic.versions.map((v) => [v.label, v.takenBy])).toEqual([
        ["Vastgesteld door Vaststelling op 20 december 2023", null],
        ["Na de OPR", null],
      ]);
      const forPartner = await listSnapshots(db, lezer, ADOPTED);
      expect(forPartner.versions.map((v) => v.takenBy)).toEqual(["import", "redacteur@swvnk.nl"]);
    });

    it("hides an unpublished plan from those who may not read it", async () => {
      await expect(listSnapshots(db, anonymous, "versies-intern")).rejects.toThrow(NotFoundError);
      await expect(listSnapshots(db, outsider, "versies-intern")).rejects.toThrow(NotFoundError);
      expect((await listSnapshots(db, lezer, "versies-intern")).versions).toHaveLength(1);
    });
  });

  describe("compareVersions", () => {
    const adoptedVersion = async () => (await listSnapshots(db, system, ADOPTED)).versions[0]!.id as number;

    it("shows the words changed since the adopted version", async () => {
      const plan = await getPlan(db, system, ADOPTED);
      const item = plan.items[0]!.children[0]!.children[0]!;
      await updateItem(db, redacteur, ADOPTED, item.id, { version: item.version, title: `${item.title} en hun ouders`, when: "Voorjaar 2024" });

      const result = await compareVersions(db, anonymous, ADOPTED, await adoptedVersion(), "vandaag");
      expect(result.from).toMatchObject({ label: "Vastgesteld door Vaststelling op 20 december 2023", takenBy: null });
      expect(result.to).toEqual({ id: "vandaag", label: "Vandaag", takenAt: null, takenBy: null });
      expect(result.comparison.counts).toEqual({ added: 0, removed: 0, moved: 0, changed: 1 });
      const [entry] = result.comparison.items;
      expect(entry).toMatchObject({ id: item.id, status: "kept", title: `${item.title} en hun ouders`, level: "Actielijn" });
      expect(entry!.changes).toEqual([
        { kind: "text", field: "title", before: item.title, after: `${item.title} en hun ouders`, segments: [{ kind: "same", text: `${item.title} ` }, { kind: "added", text: "en hun ouders" }] },
        { kind: "text", field: "when", before: item.when, after: "Voorjaar 2024", segments: expect.any(Array) },
      ]);
    });

    it("sees an item put in the bin as removed", async () => {
      const plan = await getPlan(db, system, "versies-intern");
      const second = plan.items[1]!;
      const [deletion] = await db.insert(itemDeletions).values({ planId: plan.id, itemId: second.id, title: second.title, deletedBy: "test" }).returning();
      await db.update(items).set({ deletionId: deletion!.id }).where(eq(items.id, second.id));
      const [version] = (await listSnapshots(db, lezer, "versies-intern")).versions;
      const result = await compareVersions(db, lezer, "versies-intern", version!.id, "vandaag");
      expect(result.comparison.items).toMatchObject([{ id: second.id, status: "removed", title: "Tweede actie", level: "Actie" }]);
    });

    it("finds nothing changed between a version and itself", async () => {
      const id = await adoptedVersion();
      const result = await compareVersions(db, anonymous, ADOPTED, id, id);
      expect(result.comparison).toEqual({ plan: [], items: [], counts: { added: 0, removed: 0, moved: 0, changed: 0 } });
    });

    it("refuses an unknown version and a version of another plan", async () => {
      const [other] = (await listSnapshots(db, system, "versies-intern")).versions;
      await expect(compareVersions(db, anonymous, ADOPTED, 999_999, "vandaag")).rejects.toThrow(VersionNotFoundError);
      await expect(compareVersions(db, system, ADOPTED, other!.id, "vandaag")).rejects.toThrow(VersionNotFoundError);
    });

    it("shows no version of a plan the viewer may not read", async () => {
      const [version] = (await listSnapshots(db, system, "versies-intern")).versions;
      await expect(compareVersions(db, anonymous, "versies-intern", version!.id, "vandaag")).rejects.toThrow(NotFoundError);
    });
  });
});
