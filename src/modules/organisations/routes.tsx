import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { listRegions } from "./service.ts";
import { RegionsPage } from "./views.tsx";

export function regionPages({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.render(<RegionsPage regions={await listRegions(db)} />));
}

export function regionApi({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.json({ data: await listRegions(db) }));
}
