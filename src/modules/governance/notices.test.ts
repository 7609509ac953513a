import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { databaseKinds, freshDatabase, type TestDatabase } from "../../../test/helpers/databases.ts";
import { markAgendaSent, meetingsToAnnounce } from "./notices.ts";
import { agendaItems, bodies, bodyMembers, meetingDocuments, meetings } from "./schema.ts";

describe.each(databaseKinds)("meetings whose agenda is to be sent, on %s", (kind) => {
  let database: TestDatabase;
  const ids: Partial<Record<"soon" | "later" | "tooLate" | "past", number>> = {};
  beforeAll(async () => {
    database = await freshDatabase(kind);
    const db = database.db;
    const { userId } = await makeUser(db, "voorzitter@example.nl");
    const [body] = await db.insert(bodies).values({ slug: "opr-test", name: "OPR test", kind: "opr" }).returning();
    await db.insert(bodyMembers).values([
      { bodyId: body!.id, userId, name: "Voorzitter (oude naam)", role: "voorzitter", position: 0 },
      { bodyId: body!.id, name: "Lid zonder account", email: "lid@example.nl", role: "lid", position: 1 },
      { bodyId: body!.id, name: "Lid zonder adres", role: "lid", position: 2 },
    ]);
    const rows = await db
      .insert(meetings)
      .values([
        { bodyId: body!.id, date: "2026-12-01", time: "19:30", location: "Alkmaar", createdBy: "test" },
        { bodyId: body!.id, date: "2026-12-10", createdBy: "test" },
        { bodyId: body!.id, date: "2026-12-20", createdBy: "test" },
        { bodyId: body!.id, date: "2026-11-30", createdBy: "test" },
      ])
      .returning({ id: meetings.id });
    [ids.soon, ids.later, ids.tooLate, ids.past] = rows.map((r) => r.id) as [number, number, number, number];
    await db.insert(agendaItems).values([
      { meetingId: ids.soon!, position: 1, title: "Activiteitenplan", proposed: "instemming" },
      { meetingId: ids.soon!, position: 0, title: "Opening" },
    ]);
    await db.insert(meetingDocuments).values({ meetingId: ids.soon!, position: 0, title: "Plan", url: "/plannen/x" });
  });
  afterAll(() => database?.dispose());

  it("lists the meetings from today up to the days ahead, with agenda, documents and members with an address", async () => {
    const notices = await meetingsToAnnounce(database.db, "2026-12-01", 10);
    expect(notices.map((n) => n.meetingId)).toEqual([ids.soon, ids.later]);
    const first = notices[0]!;
    expect(first).toMatchObject({ bodyName: "OPR test", date: "2026-12-01", time: "19:30", location: "Alkmaar", href: `/organen/opr-test/vergaderingen/${ids.soon}` });
    expect(first.agenda).toEqual([
      { title: "Opening", proposed: null },
      { title: "Activiteitenplan", proposed: "instemming" },
    ]);
    expect(first.documents).toEqual([{ title: "Plan", url: "/plannen/x" }]);
    expect(first.members).toEqual([
      { userId: expect.any(Number), name: expect.any(String), email: "voorzitter@example.nl" },
      { userId: null, name: "Lid zonder account", email: "lid@example.nl" },
    ]);
  });

  it("leaves out a meeting once its agenda is marked as sent", async () => {
    await markAgendaSent(database.db, ids.soon!);
    await markAgendaSent(database.db, ids.soon!);
    const notices = await meetingsToAnnounce(database.db, "2026-12-01", 10);
    expect(notices.map((n) => n.meetingId)).toEqual([ids.later]);
  });
});
