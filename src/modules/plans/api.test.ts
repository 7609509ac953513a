import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../../../test/helpers/accounts.ts";
import { testApp, type TestApp } from "../../../test/helpers/apps.ts";
import { databaseKinds, type TestDatabase } from "../../../test/helpers/databases.ts";
import { seededDatabase } from "../../../test/helpers/seeded.ts";
import { createApiToken, sessionViewer } from "../accounts/service.ts";
import { system } from "../access/viewer.ts";
import { getPlan } from "./reading.ts";

const SLUG = "jaarplan-ppo-nk-2023";

describe.each(databaseKinds)("changing an item's relations through the API on %s", (kind) => {
  let database: TestDatabase;
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    database = await seededDatabase(kind);
    app = testApp(database.db);
    const { session } = await makeUser(database.db, "anna@ppo-nk.nl", { roles: [["ppo-nk", "redacteur"]] });
    token = await createApiToken(database.db, (await sessionViewer(database.db, session))!, "schrijven", "read-write");
  });
  afterAll(() => database.dispose());

  const item = async () => (await getPlan(database.db, system, SLUG)).items[0]!.children[0]!;
  const patch = async (body: Record<string, unknown>) => {
    const target = await item();
    return app.request(`/api/v1/plans/${SLUG}/items/${target.id}`, {
      method: "PATCH",
      body: JSON.stringify({ version: target.version, ...body }),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
  };

  it("replaces parties, topics and links in one change", async () => {
    const other = (await getPlan(database.db, system, "uitvoeringsplan-nk-2025-2026")).items[0]!;
    const res = await patch({
      parties: [{ role: "Coördinator", organisations: ["ppo-nk"] }, { organisations: ["haarlem", "velsen"], task: "leveren cijfers" }],
      topics: ["nieuwkomers"],
      links: [{ targetId: other.id, kind: "afgestemd op" }],
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({ topics: [{ slug: "nieuwkomers" }], links: [{ kind: "afgestemd op", target: { id: other.id } }] });
    expect(data).not.toHaveProperty("children");
    const saved = await item();
    expect(saved.parties.map((p) => [p.role, p.task, p.organisations.map((o) => o.slug)])).toEqual([
      ["Coördinator", null, ["ppo-nk"]],
      [null, "leveren cijfers", ["haarlem", "velsen"]],
    ]);
    expect(saved.topics.map((t) => t.slug)).toEqual(["nieuwkomers"]);
    expect(saved.links).toMatchObject([{ kind: "afgestemd op", note: null, target: { id: other.id, planSlug: "uitvoeringsplan-nk-2025-2026" } }]);
  });

  it("refuses unknown organisations and topics, naming the field, and changes nothing", async () => {
    const before = await item();
    const res = await patch({ parties: [{ role: "Wie", organisations: ["bestaat-niet"] }], topics: ["ook-niet"], title: "Nieuw" });
    expect(res.status).toBe(400);
    const message = await res.text();
    expect(message).toContain("parties[0].organisations: Organisatie: 'bestaat-niet' bestaat niet.");
    expect(message).toContain("topics[0]: Onderwerp: 'ook-niet' bestaat niet.");
    expect(await item()).toEqual(before);
  });

  it("refuses a link to the item itself or to an item that does not exist", async () => {
    const self = (await item()).id;
    const res = await patch({ links: [{ targetId: self, kind: "zie ook" }, { targetId: 999_999, kind: "zie ook" }] });
    expect(res.status).toBe(400);
    const message = await res.text();
    expect(message).toContain("links[0]: Verwijzing: een onderdeel kan niet naar zichzelf verwijzen.");
    expect(message).toContain("links[1]: Verwijzing: onderdeel 999999 bestaat niet of u mag het niet lezen.");
  });

  it("answers with the item as GET gives it, its timing read", async () => {
    const res = await patch({ when: "Q3 2023" });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { when: unknown; version: number } };
    expect(data.when).toEqual({ text: "Q3 2023", start: "2023-07-01", end: "2023-09-30", kind: "period", moments: [] });
    expect(data.version).toBe((await item()).version);
  });

  it("refuses a party with neither role nor organisation", async () => {
    const res = await patch({ parties: [{ task: "alleen een taak" }] });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Partij: vul een rol in of kies een organisatie.");
  });
});
