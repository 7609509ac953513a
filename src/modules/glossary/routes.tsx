import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { listGlossary } from "./service.ts";
import { GlossaryPage } from "./views.tsx";

export function glossaryPages({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.render(<GlossaryPage terms={await listGlossary(db)} />));
}

export function glossaryApi({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/", async (c) => c.json({ data: await listGlossary(db) }));
}
