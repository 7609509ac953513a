/** The progress service on both databases: cycles and periods, writing updates, roll-up and lateness. */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { InputError } from "../../lib/validation.ts";
import { getPlan } from "../plans/reading.ts";
import { deleteItem } from "../plans/structure.ts";
import { progressUpdates, reportingPeriods } from "./schema.ts";
import { getEvaluation } from "../evaluations/service.ts";
import { people, progressDatabase, SLUG } from "./test-plan.ts";
import {
  configureCycle,
  parseUpdateInput,
  reportingPeriodsOf,
  saveUpdate,
  StaleUpdateError,
  updatesOfPlan,
  UpdateInputError,
  type UpdateInput,
} from "./updates.ts";

const input = (fields: Partial<UpdateInput>): UpdateInput => ({
  version: null,
  status: "op-koers",
  results: "",
  planning: "",
  percentage: null,
  statusReason: null,
  ...fields,
});

describe.each(databaseKinds)("progress on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  const ids: Record<string, number> = {};
  const period: Record<string, number> = {};

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    const plan = await getPlan(database.db, system, SLUG);
    collectItemIds(plan.items, ids);
  });
  afterAll(() => database.dispose());

  const db = () => database.db;
  const progress = (periodId?: number, options: Parameters<typeof updatesOfPlan>[4] = {}) =>
    updatesOfPlan(db(), viewers.owner, SLUG, periodId, { today: "2025-06-15", ...options });
  const entry = async (code: string, periodId?: number, options: Parameters<typeof updatesOfPlan>[4] = {}) =>
    (await progress(periodId, options)).items.find((e) => e.item.id === ids[code])!;

  describe("the reporting cycle", () => {
    it("is set by plan editors only", async () => {
      await expect(configureCycle(db(), viewers.party, SLUG, "trimester")).rejects.toBeInstanceOf(ForbiddenError);
      await expect(configureCycle(db(), viewers.reader, SLUG, "trimester")).rejects.toBeInstanceOf(ForbiddenError);
      await expect(configureCycle(db(), anonymous, SLUG, "trimester")).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(configureCycle(db(), viewers.outsider, SLUG, "trimester")).rejects.toBeInstanceOf(ForbiddenError);
      await expect(configureCycle(db(), viewers.owner, SLUG, "maandelijks")).rejects.toBeInstanceOf(InputError);
    });

    it("makes the periods of the cycle and records it", async () => {
      const { periods } = await configureCycle(db(), viewers.owner, SLUG, "trimester");
      expect(periods.map((p) => [p.label, p.start, p.end])).toEqual([
        ["T1 2025", "2025-01-01", "2025-04-30"],
        ["T2 2025", "2025-05-01", "2025-08-31"],
        ["T3 2025", "2025-09-01", "2025-12-31"],
      ]);
      for (const p of periods) period[p.label] = p.id;
      const [entry] = await listAudit(db(), system, { limit: 1 });
      expect(entry).toMatchObject({
        actor: people.owner,
        action: "rapportageperiodes-ingesteld",
        after: { cycle: "trimester", periods: ["T1 2025", "T2 2025", "T3 2025"] },
      });
    });
  });

  describe("writing an update", () => {
    it("is open to a party of the item and to the plan's editors, not to others", async () => {
      const saved = await saveUpdate(db(), viewers.party, SLUG, ids["1.2"]!, period["T1 2025"]!, input({ status: "op-koers", results: "Eerste overleg gevoerd.", percentage: 20 }));
      expect(saved).toMatchObject({ status: "op-koers", results: "Eerste overleg gevoerd.", planning: "", percentage: 20, version: 1, author: { name: viewers.party.kind === "user" ? viewers.party.name : "" } });
      await expect(saveUpdate(db(), viewers.party, SLUG, ids["1.1"]!, period["T1 2025"]!, input({}))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(saveUpdate(db(), viewers.reader, SLUG, ids["1.2"]!, period["T1 2025"]!, input({}))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(saveUpdate(db(), anonymous, SLUG, ids["1.2"]!, period["T1 2025"]!, input({}))).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(saveUpdate(db(), viewers.outsider, SLUG, ids["1.2"]!, period["T1 2025"]!, input({}))).rejects.toBeInstanceOf(ForbiddenError);
      const [audit] = await listAudit(db(), system, { itemId: ids["1.2"]!, limit: 1 });
      expect(audit).toMatchObject({ actor: people.party, action: "voortgang-opgeslagen", before: null, after: { period: "T1 2025", status: "op-koers", percentage: 20 } });
    });

    it("refuses a period of another plan", async () => {
      const [other] = await db().insert(reportingPeriods).values({ planId: (await getPlan(db(), system, "jaarplan-ppo-nk-2023")).id, label: "T1 2023", start: "2023-01-01", end: "2023-04-30" }).returning();
      await expect(saveUpdate(db(), viewers.owner, SLUG, ids["1.2"]!, other!.id, input({}))).rejects.toThrow(/Rapportageperiode \d+ bestaat niet/);
    });

    it("refuses to overwrite what someone saved in between", async () => {
      const first = (await entry("1.2", period["T1 2025"])).update!;
      await expect(saveUpdate(db(), viewers.owner, SLUG, ids["1.2"]!, period["T1 2025"]!, input({ version: null }))).rejects.toBeInstanceOf(StaleUpdateError);
      const second = await saveUpdate(db(), viewers.owner, SLUG, ids["1.2"]!, period["T1 2025"]!, input({ version: first.version, status: "aandacht-nodig" }));
      expect(second.version).toBe(first.version + 1);
      const refused = await saveUpdate(db(), viewers.party, SLUG, ids["1.2"]!, period["T1 2025"]!, input({ version: first.version })).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StaleUpdateError);
      expect((refused as StaleUpdateError).current).toMatchObject({ status: "aandacht-nodig", version: second.version });
      expect((refused as Error).message).toMatch(/^De voortgang over T1 2025 is intussen opgeslagen door/);
      const rows = await db().select().from(progressUpdates).where(and(eq(progressUpdates.itemId, ids["1.2"]!), isNull(progressUpdates.evaluationId)));
      expect(rows).toHaveLength(1);
    });

    it("checks the input and names the field in Dutch", () => {
      const fields = (body: unknown) => {
        try {
          parseUpdateInput(body);
        } catch (error) {
          return (error as UpdateInputError).fields;
        }
        return {};
      };
      expect(fields({ status: "klaar" })).toEqual({ status: expect.stringMatching(/^Status: kies een status \(niet-gestart, op-koers/) });
      expect(fields({ status: "afgerond", percentage: 101 })).toEqual({ percentage: "Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg." });
      expect(fields({ status: "afgerond", percentage: 12.5 })).toEqual({ percentage: "Percentage: geef een heel getal van 0 tot en met 100, of laat het leeg." });
      expect(Object.keys(fields({ status: "afgerond", kleur: "groen" }))).toEqual(["inhoud"]);
      expect(parseUpdateInput({ status: "afgerond", results: "  Klaar.  ", statusReason: "  " })).toEqual(input({ status: "afgerond", results: "Klaar." }));
    });
  });

  describe("roll-up", () => {
    it("gives a theme the status that follows from its actions", async () => {
      await saveUpdate(db(), viewers.owner, SLUG, ids["1.1"]!, period["T1 2025"]!, input({ status: "achter-op-planning" }));
      const theme = await entry("1", period["T1 2025"]);
      expect(theme).toMatchObject({ status: null, rolledUp: "achter-op-planning", effective: "achter-op-planning", overridden: false, update: null });
      expect(await entry("1.3", period["T1 2025"])).toMatchObject({ status: null, rolledUp: null, effective: null });
    });

    it("lets a parent state another status only with a reason, and shows both", async () => {
      const refused = await saveUpdate(db(), viewers.owner, SLUG, ids["1"]!, period["T1 2025"]!, input({ status: "op-koers" })).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UpdateInputError);
      expect((refused as UpdateInputError).fields).toEqual({
        statusReason: 'Reden voor deze status: uit de onderdelen eronder volgt "Achter op planning". Leg uit waarom u "Op koers" kiest.',
      });
      await saveUpdate(db(), viewers.owner, SLUG, ids["1"]!, period["T1 2025"]!, input({ status: "op-koers", statusReason: "De achterstand van 1.1 is in mei ingehaald." }));
      expect(await entry("1", period["T1 2025"])).toMatchObject({
        status: "op-koers",
        rolledUp: "achter-op-planning",
        effective: "op-koers",
        overridden: true,
        update: { statusReason: "De achterstand van 1.1 is in mei ingehaald." },
      });
    });

    it("keeps no reason when the parent agrees with its parts", async () => {
      const current = (await entry("1", period["T1 2025"])).update!;
      const saved = await saveUpdate(
        db(),
        viewers.owner,
        SLUG,
        ids["1"]!,
        period["T1 2025"]!,
        input({ version: current.version, status: "achter-op-planning", statusReason: "Niet nodig." }),
      );
      expect(saved.statusReason).toBeNull();
      expect(await entry("1", period["T1 2025"])).toMatchObject({ overridden: false, effective: "achter-op-planning" });
    });

    it("leaves items in the bin out", async () => {
      await saveUpdate(db(), viewers.owner, SLUG, ids["2.1"]!, period["T2 2025"]!, input({ status: "aandacht-nodig" }));
      expect((await entry("2", period["T2 2025"])).rolledUp).toBe("aandacht-nodig");
      const plan = await getPlan(db(), system, SLUG);
      const version = plan.items[1]!.children[0]!.version;
      await deleteItem(db(), viewers.owner, SLUG, ids["2.1"]!, version);
      const after = await progress(period["T2 2025"]);
      expect(after.items.map((e) => e.item.code)).not.toContain("2.1");
      expect(after.items.find((e) => e.item.code === "2")).toMatchObject({ rolledUp: null, item: { hasChildren: false } });
    });
  });

  describe("lateness", () => {
    it("marks an action late once the period of its planned end has ended without afgerond", async () => {
      // 1.1 is planned in Q1 2025, which falls in T1 (to 30 April).
      expect((await entry("1.1", undefined, { today: "2025-04-30" })).late).toEqual({ late: false, reasons: [], dueAfter: "2025-04-30" });
      expect((await entry("1.1", undefined, { today: "2025-05-01" })).late).toEqual({ late: true, reasons: ["verlopen"], dueAfter: "2025-04-30" });
      expect((await entry("1.2", undefined, { today: "2025-05-01" })).late.late).toBe(false);
      expect((await entry("1.3", undefined, { today: "2026-01-01" })).late).toEqual({ late: false, reasons: [], dueAfter: null });
    });

    it("is no longer late once afgerond", async () => {
      await saveUpdate(db(), viewers.owner, SLUG, ids["1.1"]!, period["T2 2025"]!, input({ status: "afgerond" }));
      expect((await entry("1.1", undefined, { today: "2025-06-01" })).late.late).toBe(false);
    });

    it("marks what has no update when a round's deadline has passed", async () => {
      const round = { periodId: period["T2 2025"]!, deadline: "2025-09-15" };
      const late = async (code: string, today: string) => (await entry(code, undefined, { today, round })).late.reasons;
      expect(await late("1.2", "2025-09-15")).toEqual([]);
      expect(await late("1.2", "2025-09-16")).toEqual(["geen-update"]);
      expect(await late("1.1", "2025-09-16")).toEqual([]); // afgerond in T2
    });
  });

  describe("reading progress", () => {
    it("shows the current period by default, every item in plan order, and when as read against the plan", async () => {
      const shown = await progress();
      expect(shown.period?.label).toBe("T2 2025");
      expect(shown.cycle).toBe("trimester");
      expect(shown.items.map((e) => [e.item.code, e.item.depth, e.item.level])).toEqual([
        ["1", 0, "Thema"],
        ["1.1", 1, "Actie"],
        ["1.2", 1, "Actie"],
        ["1.3", 1, "Actie"],
        ["2", 0, "Thema"],
      ]);
      expect(shown.items[1]!.item.when).toEqual({ text: "Q1 2025", start: "2025-01-01", end: "2025-03-31", kind: "period", moments: [] });
    });

    it("is for the plan's partners only", async () => {
      await expect(updatesOfPlan(db(), anonymous, SLUG)).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(updatesOfPlan(db(), viewers.outsider, SLUG)).rejects.toBeInstanceOf(ForbiddenError);
      expect((await updatesOfPlan(db(), viewers.reader, SLUG)).items.every((e) => !e.item.editable)).toBe(true);
      expect((await updatesOfPlan(db(), viewers.party, SLUG)).items.filter((e) => e.item.editable).map((e) => e.item.code)).toEqual(["1.2"]);
    });

    it("refuses a period that is not the plan's", async () => {
      await expect(progress(999_999)).rejects.toThrow(/Rapportageperiode 999999 bestaat niet/);
    });
  });

  describe("changing the cycle", () => {
    it("keeps the periods that have updates and replaces the others", async () => {
      const { periods } = await configureCycle(db(), viewers.owner, SLUG, "halfjaar");
      expect(periods.map((p) => p.label)).toEqual(["T1 2025", "1e helft 2025", "T2 2025", "2e helft 2025"]);
      const overview = await reportingPeriodsOf(db(), viewers.reader, SLUG, { today: "2025-06-15" });
      expect(overview.may.edit).toBe(false);
      expect(overview.periods.map((p) => [p.label, p.inCycle, p.updates > 0])).toEqual([
        ["T1 2025", false, true],
        ["1e helft 2025", true, false],
        ["T2 2025", false, true],
        ["2e helft 2025", true, false],
      ]);
      expect(overview.current?.label).toBe("T2 2025");
    });
  });

  describe("the evaluation of 2022", () => {
    it("stays as it was, and its period is reused by a yearly cycle", async () => {
      const before = await getEvaluation(db(), system, "tussenevaluatie-allen-voor-een-2023");
      const { periods } = await configureCycle(db(), system, "allen-voor-een-2022-2024", "jaar");
      expect(periods.map((p) => p.label)).toEqual(["2022", "2023", "2024"]);
      expect(await getEvaluation(db(), system, "tussenevaluatie-allen-voor-een-2023")).toEqual(before);
      // Evaluation updates carry no status; they are not monitoring updates.
      const shown = await updatesOfPlan(db(), system, "allen-voor-een-2022-2024", periods[0]!.id);
      expect(shown.items.every((e) => e.update === null && e.status === null)).toBe(true);
      await configureCycle(db(), system, "allen-voor-een-2022-2024", "kwartaal");
      expect(await getEvaluation(db(), system, "tussenevaluatie-allen-voor-een-2023")).toEqual(before);
    });
  });
});
