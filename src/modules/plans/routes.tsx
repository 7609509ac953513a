/** Pages for topics: every topic, and the items on one topic across plans. (The plan pages themselves: src/web/plan-pages.tsx.) */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { listTopics, topicOverview } from "./reading.ts";
import { TopicPage, TopicsPage } from "./views/topic-pages.tsx";

export function topicPages({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/onderwerpen", async (c) => c.render(<TopicsPage topics={await listTopics(db, c.get("viewer"))} />))
    .get("/onderwerpen/:slug", async (c) =>
      c.render(<TopicPage overview={await topicOverview(db, c.get("viewer"), c.req.param("slug"))} />),
    );
}
