/**
 * Pages for topics (every topic, and the items on one topic across plans) and for the items
 * that link to one item. (The plan pages themselves: src/web/plan-pages.tsx.)
 */
import { Hono } from "hono";
import { pageNumber } from "../../lib/paging.ts";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { listBacklinks, listTopics, topicOverview } from "./reading.ts";
import { BacklinksPage } from "./views/backlinks-page.tsx";
import { TopicPage, TopicsPage } from "./views/topic-pages.tsx";

export function topicPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/onderwerpen", async (c) => c.render(<TopicsPage topics={await listTopics(db, c.get("viewer"))} />))
    .get("/onderwerpen/:slug", async (c) =>
      c.render(<TopicPage overview={await topicOverview(db, c.get("viewer"), c.req.param("slug"), pageNumber(c.req.query("pagina")))} />),
    )
    .get("/plannen/:slug/onderdelen/:id/hiernaar", async (c) => {
      const list = await listBacklinks(db, c.get("viewer"), c.req.param("slug"), Number(c.req.param("id")), Number(c.req.query("pagina") ?? 1));
      return c.render(<BacklinksPage list={list} />);
    });
}
