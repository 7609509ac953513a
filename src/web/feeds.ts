/**
 * Atom feeds of publications, for feed readers: GET /plannen/:slug/publicaties.atom
 * (one plan) and GET /publicaties.atom (every public plan). One entry per published
 * round or evaluation, linking to the page of its period; published content only
 * (monitoring/published.ts), so the whole-Koers feed is the same for everyone.
 */
import { Hono } from "hono";
import { anonymous } from "../modules/access/viewer.ts";
import { allPublications, periodHref, publicationsOf, type Publication } from "../modules/monitoring/published.ts";
import { formatDate } from "../lib/dates.ts";
import type { AppDeps, AppEnv } from "./env.ts";

/** The feed as Atom 1.0 text; the `feed` package is loaded only when a feed is asked for. */
export async function atomOf(options: { title: string; id: string; link: string; self: string; description: string }, list: readonly Publication[], base: string): Promise<string> {
  const { Feed } = await import("feed");
  const feed = new Feed({
    title: options.title,
    id: options.id,
    link: options.link,
    description: options.description,
    language: "nl",
    copyright: "",
    generator: "Koers",
    updated: list[0]?.publishedAt ?? new Date(0),
    feedLinks: { atom: options.self },
  });
  for (const p of list) {
    const link = `${base}${periodHref(p.plan.slug, p.period.label)}`;
    const day = formatDate(p.publishedAt.toISOString().slice(0, 10));
    feed.addItem({
      title: `${p.plan.title}: ${p.kind === "ronde" ? `voortgang over ${p.period.label}` : p.title}`,
      id: `${base}/plannen/${p.plan.slug}#${p.key}`,
      link,
      date: p.publishedAt,
      description:
        p.kind === "ronde"
          ? `De voortgang van "${p.plan.title}" over ${p.period.label} is op ${day} openbaar gemaakt: wat er is bereikt en wat er nu komt.`
          : `${p.title} van "${p.plan.title}" over ${p.period.label}, verschenen op ${day}.`,
    });
  }
  return feed.atom1();
}

export function feedRoutes({ db, config }: AppDeps) {
  const atom = (text: string, isPublic: boolean) =>
    new Response(text, {
      headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": isPublic ? "public, max-age=900" : "private, no-store" },
    });
  return new Hono<AppEnv>()
    .get("/publicaties.atom", async (c) => {
      const base = config.publicUrl || new URL(c.req.url).origin;
      // The public plans only, whoever asks: the same feed for everyone.
      const list = await allPublications(db, anonymous);
      const text = await atomOf(
        { title: "Koers: publicaties", id: `${base}/publicaties.atom`, link: `${base}/`, self: `${base}/publicaties.atom`, description: "Openbaar gemaakte voortgang en evaluaties van de plannen in Koers." },
        list,
        base,
      );
      return atom(text, true);
    })
    .get("/plannen/:slug/publicaties.atom", async (c) => {
      const base = config.publicUrl || new URL(c.req.url).origin;
      const { plan, publications } = await publicationsOf(db, c.get("viewer"), c.req.param("slug"));
      const self = `${base}/plannen/${plan.slug}/publicaties.atom`;
      const text = await atomOf(
        { title: `Koers: publicaties van ${plan.title}`, id: self, link: `${base}/plannen/${plan.slug}`, self, description: `Openbaar gemaakte voortgang en evaluaties van "${plan.title}".` },
        publications,
        base,
      );
      return atom(text, plan.published);
    });
}
