/** Reporting rounds: who must report and completeness as plain functions, then the service on both databases. */
import { desc, eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { collectItemIds } from "../../../test/helpers/plans.ts";
import { ConflictError } from "../../lib/errors.ts";
import { createMailer, type Mailer } from "../accounts/mail.ts";
import { ForbiddenError, UnauthenticatedError } from "../access/policy.ts";
import { outbox } from "../accounts/schema.ts";
import { anonymous, system, type Viewer } from "../access/viewer.ts";
import { listAudit } from "../audit/service.ts";
import { getPlan } from "../plans/reading.ts";
import {
  closeRound,
  completeness,
  daysUntil,
  dueItems,
  listRounds,
  myCalendar,
  myWork,
  openRound,
  RoundInputError,
  roundDetail,
  RoundNotFoundError,
  sendReminders,
  type ItemNode,
} from "./service.ts";
import { roundReminders } from "./schema.ts";
import { people, progressDatabase, SLUG } from "../monitoring/test-plan.ts";
import { configureCycle, RoundClosedError, saveUpdate, updatesOfPlan, type UpdateInput } from "../monitoring/updates.ts";

/** An item with the given own party organisations. */
const node = (id: number, orgs: number[], children: ItemNode[] = []): ItemNode => ({
  id,
  parties: orgs.length ? [{ organisations: orgs.map((o) => ({ id: o })) }] : [],
  children,
});

describe("who must report (dueItems)", () => {
  const OWNER = 100;
  it.each([
    { name: "leaves without parties fall to the owners", tree: [node(1, [], [node(2, []), node(3, [])])], settled: [], due: [[2, [OWNER]], [3, [OWNER]]] },
    {
      name: "a parent with a party of its own reports too, and its parts answer to that party and their own",
      tree: [node(1, [7], [node(2, []), node(3, [8])])],
      settled: [],
      due: [[1, [7]], [2, [7]], [3, [7, 8]]],
    },
    {
      name: "a parent without a party of its own does not; a party two levels up still counts below",
      tree: [node(1, [7], [node(2, [], [node(3, [])])])],
      settled: [],
      due: [[1, [7]], [3, [7]]],
    },
    { name: "an organisation named above and on the item counts once", tree: [node(1, [7], [node(2, [7])])], settled: [], due: [[1, [7]], [2, [7]]] },
    {
      name: "items afgerond or vervallen before the period are not asked again; their parts still are",
      tree: [node(1, [7], [node(2, []), node(3, [])])],
      settled: [1, 3],
      due: [[2, [7]]],
    },
  ])("$name", ({ tree, settled, due }) => {
    expect(dueItems(tree, [OWNER], new Set(settled)).map((d) => [d.itemId, d.organisationIds])).toEqual(due);
  });
});

describe("completeness", () => {
  const due = [
    { itemId: 1, organisationIds: [7] },
    { itemId: 2, organisationIds: [7, 8] },
    { itemId: 3, organisationIds: [8] },
    { itemId: 4, organisationIds: [9] },
  ];
  const result = completeness(due, new Set([2, 3]), [
    { id: 50, organisationIds: [7] },
    { id: 51, organisationIds: [8, 7] },
    { id: 52, organisationIds: [10] },
  ]);

  it("counts done out of due in total", () => {
    expect(result.total).toEqual({ due: 4, done: 2 });
  });
  it("counts an item for each of its organisations", () => {
    expect([...result.organisations]).toEqual([
      [7, { due: 2, done: 1, open: [1] }],
      [8, { due: 2, done: 2, open: [] }],
      [9, { due: 1, done: 0, open: [4] }],
    ]);
  });
  it("counts for each person the items of the organisations they are redacteur of, and leaves out those with none", () => {
    expect([...result.people]).toEqual([
      [50, { due: 2, done: 1, open: [1] }],
      [51, { due: 3, done: 2, open: [1] }],
    ]);
  });
  it("names the items no one answers for", () => {
    expect(result.unassigned).toEqual([4]);
  });
  it("is empty without due items", () => {
    expect(completeness([], new Set(), [{ id: 1, organisationIds: [7] }])).toEqual({ total: { due: 0, done: 0 }, organisations: new Map(), people: new Map(), unassigned: [] });
  });
});

describe("daysUntil", () => {
  it.each([
    ["2025-06-15", "2025-06-20", 5],
    ["2025-06-15", "2025-06-15", 0],
    ["2025-06-15", "2025-06-14", -1],
    ["2024-02-28", "2024-03-01", 2],
    ["2025-12-31", "2026-01-01", 1],
    // Summer time starts on 30 March 2025: whole days all the same.
    ["2025-03-29", "2025-03-31", 2],
  ])("from %s to %s: %i", (today, deadline, days) => {
    expect(daysUntil(today, deadline)).toBe(days);
  });
});

const input = (fields: Partial<UpdateInput>): UpdateInput => ({ version: null, status: "op-koers", results: "", planning: "", percentage: null, statusReason: null, ...fields });

describe.each(databaseKinds)("reporting rounds on %s", (kind) => {
  let database: TestDatabase;
  let viewers: Record<keyof typeof people, Viewer>;
  const ids: Record<string, number> = {};
  const period: Record<string, number> = {};
  let roundId: number;
  const TODAY = "2025-08-20";
  const DEADLINE = "2025-09-10";
  const mailer = createMailer({ smtpUrl: undefined, from: "Koers <koers@example.nl>" }, pino({ level: "silent" }));
  const db = () => database.db;

  beforeAll(async () => {
    ({ database, viewers } = await progressDatabase(kind));
    const plan = await getPlan(database.db, system, SLUG);
    collectItemIds(plan.items, ids);
    const { periods } = await configureCycle(database.db, viewers.owner, SLUG, "trimester");
    for (const p of periods) period[p.label] = p.id;
    // 2.1 was finished in T1: a round over T2 does not ask for it again.
    await saveUpdate(database.db, viewers.owner, SLUG, ids["2.1"]!, period["T1 2025"]!, input({ status: "afgerond" }));
  });
  afterAll(() => database.dispose());

  describe("opening a round", () => {
    it("is for coordinators only: whoever may edit the plan", async () => {
      const round = { periodId: period["T2 2025"]!, deadline: DEADLINE };
      await expect(openRound(db(), viewers.party, SLUG, round)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(openRound(db(), viewers.reader, SLUG, round)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(openRound(db(), viewers.outsider, SLUG, round)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(openRound(db(), anonymous, SLUG, round)).rejects.toBeInstanceOf(UnauthenticatedError);
    });

    it("checks the period, the deadline and the message, in Dutch", async () => {
      const fields = (p: Promise<unknown>) => p.then(() => ({}), (e: unknown) => (e as RoundInputError).fields);
      expect(await fields(openRound(db(), viewers.owner, SLUG, { periodId: 999_999, deadline: "2025-02-30" }))).toEqual({
        periodId: "Periode: kies een rapportageperiode van dit plan.",
        deadline: "Uiterste datum: geef een geldige datum, bijvoorbeeld 2025-11-30.",
      });
      expect(await fields(openRound(db(), viewers.owner, SLUG, { periodId: period["T2 2025"]!, deadline: "2025-04-30" }))).toEqual({
        deadline: "Uiterste datum: kies een datum op of na het begin van de periode (1 mei 2025).",
      });
      expect(await fields(openRound(db(), viewers.owner, SLUG, { periodId: period["T2 2025"]!, deadline: DEADLINE, message: "x".repeat(5001) }))).toEqual({
        message: "Bericht: hoogstens 5.000 tekens (nu 5.001).",
      });
      expect((await listRounds(db(), viewers.owner, SLUG)).rounds).toEqual([]);
    });

    it("opens one round per period and records it", async () => {
      const round = await openRound(db(), viewers.owner, SLUG, { periodId: period["T2 2025"]!, deadline: DEADLINE, message: "  Graag voor het regiegroepoverleg.  " });
      roundId = round.id;
      expect(round).toMatchObject({ periodId: period["T2 2025"], deadline: DEADLINE, closed: false });
      const [audit] = await listAudit(db(), system, { limit: 1 });
      expect(audit).toMatchObject({
        actor: people.owner,
        action: "ronde-geopend",
        after: { period: "T2 2025", deadline: DEADLINE, message: "Graag voor het regiegroepoverleg." },
      });
      const again = await openRound(db(), viewers.owner, SLUG, { periodId: period["T2 2025"]!, deadline: "2025-09-30" }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(ConflictError);
      expect((again as Error).message).toBe("Over T2 2025 is al een rapportageronde geopend.");
    });
  });

  describe("completeness", () => {
    it("asks every leaf and every item with a party of its own, per responsible organisation", async () => {
      const overview = await listRounds(db(), viewers.reader, SLUG, { today: TODAY });
      expect(overview.openable.map((p) => p.label)).toEqual(["T1 2025", "T3 2025"]);
      expect(overview.may.coordinate).toBe(false);
      expect(overview.rounds).toHaveLength(1);
      expect(overview.rounds[0]).toMatchObject({ id: roundId, open: true, period: { label: "T2 2025" }, total: { due: 3, done: 0 } });
      expect(overview.rounds[0]!.organisations.map((o) => [o.slug, o.due, o.done])).toEqual([
        ["swvnk", 2, 0],
        ["ppo-nk", 1, 0],
      ]);
    });

    it("is internal content of the plan", async () => {
      await expect(listRounds(db(), anonymous, SLUG)).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(listRounds(db(), viewers.outsider, SLUG)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(roundDetail(db(), viewers.outsider, roundId)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(roundDetail(db(), viewers.party, roundId, { planSlug: "jaarplan-ppo-nk-2023" })).rejects.toBeInstanceOf(RoundNotFoundError);
      await expect(roundDetail(db(), viewers.owner, 999_999)).rejects.toBeInstanceOf(RoundNotFoundError);
    });

    it("shows a coordinator each person's part; the owners' redacteur answers only for the items without a party", async () => {
      const detail = await roundDetail(db(), viewers.owner, roundId, { today: TODAY });
      expect(detail.may.coordinate).toBe(true);
      expect(detail.items.map((i) => [i.code, i.done, i.organisations.map((o) => o.slug)])).toEqual([
        ["1.1", false, ["swvnk"]],
        ["1.2", false, ["ppo-nk"]],
        ["1.3", false, ["swvnk"]],
      ]);
      // By name; these accounts are named after their address.
      expect(detail.people.map((p) => [p.email, p.due, p.done, p.open.map((i) => i.code)])).toEqual([
        [people.party, 1, 0, ["1.2"]],
        [people.owner, 2, 0, ["1.1", "1.3"]],
      ]);
      expect(detail.unassigned).toEqual([]);
      expect(detail.items[1]!.href).toBe(`/plannen/${SLUG}/onderdelen/${ids["1.2"]}/voortgang?periode=${period["T2 2025"]}`);
    });

    it("keeps names and addresses of people from readers who do not coordinate", async () => {
      const detail = await roundDetail(db(), viewers.party, roundId, { today: TODAY });
      expect(detail.may.coordinate).toBe(false);
      expect(detail.people).toEqual([]);
      expect(detail.reminders).toEqual([]);
      expect(detail.total).toEqual({ due: 3, done: 0 });
    });
  });

  describe("reminders", () => {
    it("are sent by coordinators only", async () => {
      await expect(sendReminders(db(), viewers.party, mailer, roundId)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(sendReminders(db(), viewers.reader, mailer, roundId)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(sendReminders(db(), anonymous, mailer, roundId)).rejects.toBeInstanceOf(UnauthenticatedError);
    });

    it("go to one person on request, in plain Dutch with links to their open items", async () => {
      const sent = await sendReminders(db(), viewers.owner, mailer, roundId, { emails: [people.party], publicUrl: "https://koers.example.nl", today: TODAY });
      expect(sent).toEqual([{ email: people.party, name: expect.any(String), items: 1 }]);
      const [mail] = await db().select().from(outbox).orderBy(desc(outbox.id)).limit(1);
      expect(mail!.to).toBe(people.party);
      expect(mail!.subject).toBe("Herinnering: voortgang Werkplan voortgang over T2 2025");
      expect(mail!.body).toContain('Voor het plan "Werkplan voortgang" vragen we de voortgang over T2 2025. Wilt u die uiterlijk 10 september 2025 in Koers zetten?');
      expect(mail!.body).toContain("Graag voor het regiegroepoverleg.");
      expect(mail!.body).toContain(`- 1.2 Overstap po-vo verbeteren\n  https://koers.example.nl/plannen/${SLUG}/onderdelen/${ids["1.2"]}/voortgang?periode=${period["T2 2025"]}`);
      expect(mail!.body).not.toContain("1.1");
      expect(mail!.body).toContain("https://koers.example.nl/mijn-werk");
      const rows = await db().select().from(roundReminders).where(eq(roundReminders.roundId, roundId));
      expect(rows).toMatchObject([{ email: people.party, itemIds: [ids["1.2"]], sentBy: people.owner }]);
      const [audit] = await listAudit(db(), system, { limit: 1 });
      expect(audit).toMatchObject({ actor: people.owner, action: "herinnering-gestuurd", entityId: String(roundId) });
    });

    it("go to everyone who still has open items, and are listed with the round", async () => {
      await saveUpdate(db(), viewers.party, SLUG, ids["1.2"]!, period["T2 2025"]!, input({ status: "op-koers" }));
      const before = (await db().select().from(outbox)).length;
      const sent = await sendReminders(db(), viewers.owner, mailer, roundId, { today: TODAY });
      expect(sent.map((s) => [s.email, s.items])).toEqual([[people.owner, 2]]);
      expect((await db().select().from(outbox)).length).toBe(before + 1);
      const detail = await roundDetail(db(), viewers.owner, roundId, { today: TODAY });
      expect(detail.total).toEqual({ due: 3, done: 1 });
      expect(detail.organisations.map((o) => [o.slug, o.due, o.done])).toEqual([
        ["swvnk", 2, 0],
        ["ppo-nk", 1, 1],
      ]);
      expect(detail.reminders.map((r) => [r.email, r.items])).toEqual([
        [people.owner, 2],
        [people.party, 1],
      ]);
      expect(detail.people.find((p) => p.email === people.party)!.lastReminder).toBeInstanceOf(Date);
    });
  });

  describe("mijn werk", () => {
    it("shows a party its items in the open round: done or open, late or not", async () => {
      const work = await myWork(db(), viewers.party, { today: TODAY });
      const round = work.rounds.find((r) => r.plan.slug === SLUG)!;
      expect(round).toMatchObject({ id: roundId, deadline: DEADLINE, daysLeft: 21, coordinator: false, message: "Graag voor het regiegroepoverleg." });
      expect(round.items.map((i) => [i.code, i.done, i.status, i.late])).toEqual([["1.2", true, "op-koers", false]]);
    });

    it("shows the coordinator the items that fall to the owners, and the whole round", async () => {
      const work = await myWork(db(), viewers.owner, { today: TODAY });
      const round = work.rounds.find((r) => r.plan.slug === SLUG)!;
      expect(round.coordinator).toBe(true);
      expect(round.total).toEqual({ due: 3, done: 1 });
      // 1.1 was planned in Q1: its time has passed without it being afgerond.
      expect(round.items.map((i) => [i.code, i.done, i.late])).toEqual([
        ["1.1", false, true],
        ["1.3", false, false],
      ]);
      expect(work.coordinates.map((p) => p.slug)).toContain(SLUG);
    });

    it("marks an open item late once the deadline has passed (rule b)", async () => {
      const work = await myWork(db(), viewers.owner, { today: "2025-09-11" });
      const round = work.rounds.find((r) => r.plan.slug === SLUG)!;
      expect(round.daysLeft).toBe(-1);
      expect(round.items.find((i) => i.code === "1.3")!.late).toBe(true);
    });

    it("is nothing for readers and people outside the plan; signing in comes first", async () => {
      expect((await myWork(db(), viewers.reader, { today: TODAY })).rounds).toEqual([]);
      expect((await myWork(db(), viewers.outsider, { today: TODAY })).rounds.filter((r) => r.plan.slug === SLUG)).toEqual([]);
      await expect(myWork(db(), anonymous)).rejects.toBeInstanceOf(UnauthenticatedError);
    });
  });

  describe("lateness by the current round", () => {
    it("is judged against the plan's current round unless another (or none) is given", async () => {
      const late = async (round?: null) =>
        (await updatesOfPlan(db(), viewers.owner, SLUG, period["T2 2025"], { today: "2025-09-11", ...(round === null && { round }) })).items.find((e) => e.item.id === ids["1.3"])!.late;
      expect(await late()).toMatchObject({ late: true, reasons: ["geen-update"] });
      expect(await late(null)).toMatchObject({ late: false, reasons: [] });
    });
  });

  describe("the calendar feed", () => {
    it("holds the due moments of the person's own items and the deadlines of open rounds", async () => {
      const party = await myCalendar(db(), viewers.party, { publicUrl: "https://koers.example.nl" });
      const owner = await myCalendar(db(), viewers.owner);
      const uids = (c: typeof party) => c.events.map((e) => e.uid);
      expect(party.events).toContainEqual({
        uid: `item-${ids["1.2"]}-2025-12-31@koers`,
        title: "Gereed: 1.2 Overstap po-vo verbeteren",
        description: "Werkplan voortgang. Gepland: 2025",
        url: `https://koers.example.nl/plannen/${SLUG}?onderdeel=${ids["1.2"]}#onderdeel-${ids["1.2"]}`,
        start: "2025-12-31",
      });
      expect(uids(party)).not.toContain(`item-${ids["1.1"]}-2025-03-31@koers`);
      expect(uids(owner)).toContain(`item-${ids["1.1"]}-2025-03-31@koers`);
      expect(uids(owner)).not.toContain(`item-${ids["1.2"]}-2025-12-31@koers`);
      for (const feed of [party, owner]) {
        expect(feed.events).toContainEqual(expect.objectContaining({ uid: `ronde-${roundId}@koers`, title: "Uiterste datum voortgang T2 2025: Werkplan voortgang", start: DEADLINE }));
      }
      expect((await myCalendar(db(), viewers.reader)).events).toEqual([]);
    });
  });

  describe("closing a round", () => {
    it("is for coordinators only", async () => {
      await expect(closeRound(db(), viewers.party, roundId)).rejects.toBeInstanceOf(ForbiddenError);
    });

    it("waits for reminders on their way: they go out and are recorded before the round closes, never after", async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let sending!: () => void;
      const started = new Promise<void>((resolve) => (sending = resolve));
      const slowMailer: Mailer = {
        async send(t, message) {
          sending();
          await held;
          await mailer.send(t, message);
        },
      };
      const reminding = sendReminders(db(), viewers.owner, slowMailer, roundId, { today: TODAY });
      await started;
      const closing = closeRound(db(), viewers.owner, roundId);
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await reminding;
      await closing;
      const [closed, reminded] = await listAudit(db(), system, { limit: 2 });
      expect(reminded).toMatchObject({ action: "herinnering-gestuurd", entityId: String(roundId) });
      expect(closed).toMatchObject({ actor: people.owner, action: "ronde-gesloten", entityId: String(roundId) });
    });

    it("only once", async () => {
      await expect(closeRound(db(), viewers.owner, roundId)).rejects.toThrow("Deze rapportageronde is al gesloten.");
    });

    it("freezes the period: no update is written into it any more, other periods stay open", async () => {
      const refused = await saveUpdate(db(), viewers.owner, SLUG, ids["1.1"]!, period["T2 2025"]!, input({})).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RoundClosedError);
      expect(refused).toBeInstanceOf(ConflictError);
      expect((refused as Error).message).toBe("De rapportageronde over T2 2025 is gesloten. De voortgang over T2 2025 ligt vast en kan niet meer worden gewijzigd.");
      const version = (await updatesOfPlan(db(), viewers.party, SLUG, period["T2 2025"])).items.find((e) => e.item.id === ids["1.2"])!.update!.version;
      await expect(saveUpdate(db(), viewers.party, SLUG, ids["1.2"]!, period["T2 2025"]!, input({ version, status: "afgerond" }))).rejects.toBeInstanceOf(RoundClosedError);
      await expect(saveUpdate(db(), viewers.owner, SLUG, ids["1.1"]!, period["T3 2025"]!, input({}))).resolves.toMatchObject({ version: 1 });
    });

    it("ends reminders and leaves mijn werk, and the round is listed as closed", async () => {
      await expect(sendReminders(db(), viewers.owner, mailer, roundId)).rejects.toBeInstanceOf(ConflictError);
      expect((await myWork(db(), viewers.party, { today: TODAY })).rounds.filter((r) => r.plan.slug === SLUG)).toEqual([]);
      expect((await listRounds(db(), viewers.owner, SLUG)).rounds[0]).toMatchObject({ id: roundId, open: false, closedBy: people.owner });
      expect((await myCalendar(db(), viewers.party)).events.map((e) => e.uid)).not.toContain(`ronde-${roundId}@koers`);
    });
  });

  describe("changing the reporting cycle", () => {
    it("keeps a period that a round is about, even without updates", async () => {
      const { periods } = await configureCycle(db(), viewers.owner, SLUG, "kwartaal");
      const q4 = periods.find((p) => p.label === "Q4 2025")!;
      await openRound(db(), viewers.owner, SLUG, { periodId: q4.id, deadline: "2026-01-15" });
      const after = (await configureCycle(db(), viewers.owner, SLUG, "trimester")).periods.map((p) => p.label);
      expect(after).toContain("Q4 2025");
      expect(after).not.toContain("Q3 2025");
      expect((await listRounds(db(), viewers.owner, SLUG)).rounds.map((r) => r.period.label)).toEqual(["Q4 2025", "T2 2025"]);
    });
  });
});
