/**
 * JSON API of the notifications: GET and PUT /api/v1/account/notifications (the caller's own
 * choices), GET and PUT /api/v1/plans/{slug}/reminders (a plan's reminder days).
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { jsonBody } from "../plans/api.ts";
import { myPreferences, reminderScheduleOf, setMyPreferences, setReminderSchedule, type PlanReminderSchedule } from "./service.ts";

const scheduleJson = (s: PlanReminderSchedule) => ({
  daysBefore: s.daysBefore,
  daysAfter: s.daysAfter,
  own: s.own,
  version: s.version,
  updatedBy: s.updatedBy,
  updatedAt: s.updatedAt?.toISOString() ?? null,
});

export function notificationApi({ db, config }: AppDeps) {
  const defaults = config.notifications.reminders;
  return new Hono<AppEnv>()
    .get("/account/notifications", async (c) => c.json({ data: await myPreferences(db, c.get("viewer")) }))
    .put("/account/notifications", async (c) => c.json({ data: await setMyPreferences(db, c.get("viewer"), await jsonBody(c)) }))
    .get("/plans/:slug/reminders", async (c) => c.json({ data: scheduleJson(await reminderScheduleOf(db, c.get("viewer"), c.req.param("slug"), defaults)) }))
    .put("/plans/:slug/reminders", async (c) => c.json({ data: scheduleJson(await setReminderSchedule(db, c.get("viewer"), c.req.param("slug"), await jsonBody(c))) }));
}
