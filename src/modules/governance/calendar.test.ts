import { beforeAll, describe, expect, it } from "vitest";
import { appWithEditors } from "../../../test/helpers/apps.ts";
import { databaseKinds } from "../../../test/helpers/databases.ts";
import { createApiToken, sessionViewer, startSession } from "../accounts/service.ts";
import { users } from "../accounts/schema.ts";
import { system } from "../access/viewer.ts";
import { eq } from "drizzle-orm";
import { updatePlan } from "../plans/plan-editing.ts";
import { getPlan } from "../plans/reading.ts";
import { addAgendaItems, addMember, createBody, createMeeting, planRoute, setRoute } from "./service.ts";

const PLAN = "jaarplan-ppo-nk-2023";

describe.each(databaseKinds)("meetings and decision deadlines in the calendar feeds on %s", (kind) => {
  const setup = appWithEditors(kind, "ppo-nk");
  const keys = { anna: "", lies: "" };
  beforeAll(async () => {
    const db = setup.database.db;
    await createBody(db, system, { name: "OPR agenda-proef", kind: "opr", organisations: ["ppo-nk"] });
    await createBody(db, system, { name: "Regiegroep agenda-proef", kind: "regiegroep", organisations: ["ppo-nk"] });
    await addMember(db, system, "opr-agenda-proef", { version: 1, email: "lies@ppo-nk.nl", role: "lid" });
    const opr = await createMeeting(db, system, "opr-agenda-proef", { date: "2026-12-10", time: "19:30", location: "Alkmaar" });
    await addAgendaItems(db, system, "opr-agenda-proef", opr.id, { version: 1, items: [{ title: "Jaarplan", plan: PLAN, proposed: "instemming" }] });
    await createMeeting(db, system, "regiegroep-agenda-proef", { date: "2026-12-11" });
    // Deadlines count for a plan still to be adopted.
    await updatePlan(db, system, PLAN, (await getPlan(db, system, PLAN)).version, { status: "concept" });
    const { version } = await planRoute(db, system, PLAN);
    await setRoute(db, system, PLAN, { version, steps: [{ body: "opr-agenda-proef", action: "instemming", due: "2026-12-12" }, { body: "regiegroep-agenda-proef", action: "vaststelling", due: "2026-12-20" }] });
    for (const name of ["anna", "lies"] as const) {
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, `${name}@ppo-nk.nl`));
      const viewer = (await sessionViewer(db, await startSession(db, user!.id)))!;
      keys[name] = await createApiToken(db, viewer, "agenda", "read");
    }
  });

  it("puts the meetings with the plan on the agenda and the route's deadlines in the plan's feed", async () => {
    const res = await setup.app.request(`/plannen/${PLAN}/agenda.ics`);
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/\r\n[ \t]/g, "");
    expect(text).toContain("SUMMARY:Vergadering OPR agenda-proef");
    expect(text).toContain("DTSTART;VALUE=DATE:20261210");
    expect(text).toContain("Tijd: 19:30. Plaats: Alkmaar.");
    expect(text).toContain("SUMMARY:Uiterste datum instemming OPR agenda-proef: Jaarplan 2023");
    expect(text).toContain("SUMMARY:Uiterste datum vaststelling Regiegroep agenda-proef: Jaarplan 2023");
    // A meeting without the plan on its agenda is not the plan's.
    expect(text).not.toContain("Vergadering Regiegroep agenda-proef");
  });

  it("puts a member's meetings and an editor's deadlines in their own feeds", async () => {
    const lies = (await (await setup.app.request(`/mijn-werk/agenda.ics?sleutel=${keys.lies}`)).text()).replace(/\r\n[ \t]/g, "");
    expect(lies).toContain("SUMMARY:Vergadering OPR agenda-proef");
    expect(lies).not.toContain("Vergadering Regiegroep agenda-proef");
    expect(lies).not.toContain("Uiterste datum instemming");
    const anna = (await (await setup.app.request(`/mijn-werk/agenda.ics?sleutel=${keys.anna}`)).text()).replace(/\r\n[ \t]/g, "");
    expect(anna).toContain("SUMMARY:Uiterste datum instemming OPR agenda-proef: Jaarplan 2023");
    expect(anna).not.toContain("SUMMARY:Vergadering OPR agenda-proef");
  });
});
