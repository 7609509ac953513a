/**
 * Published progress for everyone: one page per published period in plain language
 * (GET /plannen/:slug/voortgang/:period, the period's label as in periodSlug), and
 * the parts the plan page shows beside each item. What is public: published.ts.
 */
import type { Child } from "hono/jsx";
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { Page } from "../../web/layout.tsx";
import { Markdown } from "../../web/markdown.tsx";
import { formatDate, formatPeriod } from "../../lib/dates.ts";
import type { Section } from "../plans/format.ts";
import { PeriodNotPublishedError, periodHref, publishedProgress, statusSentences, type PublishedItem, type PublishedPeriod, type PublishedText } from "./published.ts";
import { StatusBadge } from "./status-badge.tsx";

const itemName = (i: PublishedItem) => `${i.item.code ? `${i.item.code} ` : ""}${i.item.title}`;
const badge = (i: PublishedItem) => <StatusBadge status={i.effective} note={i.status === null && i.rolledUp !== null ? "berekend" : undefined} />;
export const feedHref = (planSlug: string) => `/plannen/${planSlug}/publicaties.atom`;

/** Sections under a plain heading; a section's own title only when it says more than the heading. */
function Texts({ label, sections, level }: { label: string; sections: Section[]; level: "p" | "h4" }) {
  if (sections.length === 0) return null;
  const plain = new Set(["resultaten", "planning"]);
  return (
    <>
      {level === "h4" ? <h4 class="utrecht-heading-4">{label}</h4> : <p class="utrecht-paragraph"><strong>{label}</strong></p>}
      {sections.map((s) => (
        <>
          {!plain.has(s.title.toLowerCase()) && s.title && <p class="utrecht-paragraph"><em>{s.title}</em></p>}
          <Markdown text={s.text} />
        </>
      ))}
    </>
  );
}

function TextBlock({ text, level }: { text: PublishedText; level: "p" | "h4" }) {
  return (
    <>
      {text.heading && <p class="utrecht-paragraph"><strong>{text.heading}</strong></p>}
      <Texts label="Wat is er gedaan" sections={text.results} level={level} />
      <Texts label="Wat komt er nu" sections={text.planning} level={level} />
    </>
  );
}

/**
 * Beside an item on the plan page: its published status and the texts of the published
 * round over the last published period (an evaluation's texts the plan page shows already).
 */
export function publishedByItem(published: PublishedPeriod | null): Map<number, Child> {
  const map = new Map<number, Child>();
  if (!published?.withStatuses) return map;
  for (const i of published.items) {
    const texts = i.texts.filter((t) => t.source === "ronde");
    if (i.effective === null && texts.length === 0) continue;
    map.set(
      i.item.id,
      <div class="koers-published">
        <p class="utrecht-paragraph koers-note">
          Voortgang {published.period.label}: {badge(i)}
        </p>
        {texts.length > 0 && (
          <details class="koers-progress">
            <summary>
              Wat is er gedaan in {published.period.label}<span class="visually-hidden"> aan {itemName(i)}</span>
            </summary>
            {texts.map((t) => (
              <TextBlock text={t} level="p" />
            ))}
          </details>
        )}
      </div>,
    );
  }
  return map;
}

/** Under the plan's details: where its published progress is, and the feed. */
export function PublishedLinks({ published, planSlug, dashboard }: { published: PublishedPeriod | null; planSlug: string; dashboard: boolean }) {
  if (!published) return null;
  return (
    <p class="utrecht-paragraph">
      Voortgang:{" "}
      <a class="utrecht-link" href={periodHref(planSlug, published.period.label)}>
        Wat is er bereikt in {published.period.label}?
      </a>
      {dashboard && (
        <>
          {" · "}
          <a class="utrecht-link" href={`/plannen/${planSlug}/dashboard`}>
            Dashboard
          </a>
          {" · "}
          <a class="utrecht-link" href={`/plannen/${planSlug}/tijdlijn`}>
            Tijdlijn
          </a>
        </>
      )}
      {" · "}
      <a class="utrecht-link" href={feedHref(planSlug)}>
        Publicaties volgen (Atom)
      </a>
    </p>
  );
}

function PeriodPage({ published }: { published: PublishedPeriod }) {
  const { plan, period } = published;
  const themes = published.items.filter((i) => i.item.parentId === null);
  const below = (theme: PublishedItem) => {
    const at = published.items.indexOf(theme);
    const next = published.items.findIndex((i, k) => k > at && i.item.parentId === null);
    return published.items.slice(at + 1, next === -1 ? undefined : next);
  };
  const told = (i: PublishedItem) => i.status !== null || i.texts.length > 0;
  const others = published.periods.filter((p) => p.id !== period.id);
  return (
    <Page
      title={`Wat is er bereikt in ${period.label}? · ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
      feeds={[{ href: feedHref(plan.slug), title: `Publicaties van ${plan.title}` }]}
    >
      <h1 class="utrecht-heading-1">Wat is er bereikt in {period.label}?</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        {plan.title}, {formatPeriod(period)}
      </p>
      <ul class="utrecht-unordered-list">
        {published.publications.map((p) => (
          <li class="utrecht-unordered-list__item">
            {p.evaluation ? (
              <>
                <a class="utrecht-link" href={`/evaluaties/${p.evaluation.slug}`}>
                  {p.evaluation.title}
                </a>
                , verschenen op {formatDate(p.publishedAt.toISOString().slice(0, 10))}
              </>
            ) : (
              <>De voortgang die de partners over {period.label} meldden, openbaar gemaakt op {formatDate(p.publishedAt.toISOString().slice(0, 10))}</>
            )}
          </li>
        ))}
      </ul>

      <h2 class="utrecht-heading-2">In het kort</h2>
      {published.withStatuses ? (
        <ul class="utrecht-unordered-list">
          {statusSentences(published.counts, published.leafLevel).map((s) => (
            <li class="utrecht-unordered-list__item">{s}</li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">Over deze periode is een evaluatie verschenen. Daarin staat per onderdeel wat er is gedaan, maar geen status.</p>
      )}

      {themes.map((theme) => {
        const parts = below(theme).filter(told);
        const id = `thema-${theme.item.id}`;
        return (
          <section aria-labelledby={id}>
            <h2 class="utrecht-heading-2" id={id}>
              {itemName(theme)}
            </h2>
            {published.withStatuses && <p class="utrecht-paragraph">Status: {badge(theme)}</p>}
            {theme.texts.map((t) => (
              <TextBlock text={t} level="p" />
            ))}
            {parts.length === 0 && theme.texts.length === 0 && (
              <p class="utrecht-paragraph">Hierover is over {period.label} niets openbaar gemeld.</p>
            )}
            {parts.map((i) => (
              <>
                <h3 class="utrecht-heading-3">{itemName(i)}</h3>
                {published.withStatuses && <p class="utrecht-paragraph">Status: {badge(i)}</p>}
                {i.texts.map((t) => (
                  <TextBlock text={t} level="p" />
                ))}
              </>
            ))}
          </section>
        );
      })}

      <h2 class="utrecht-heading-2">Meer</h2>
      <ul class="utrecht-unordered-list">
        {others.map((p) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={periodHref(plan.slug, p.label)}>
              Wat is er bereikt in {p.label}?
            </a>
          </li>
        ))}
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={`/plannen/${plan.slug}`}>
            Het plan zelf
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={feedHref(plan.slug)}>
            Nieuwe publicaties volgen in uw feedlezer (Atom)
          </a>
        </li>
      </ul>
    </Page>
  );
}

export function publishedPages({ db }: AppDeps) {
  return new Hono<AppEnv>().get("/:slug/voortgang/:period", async (c) => {
    const published = await publishedProgress(db, c.get("viewer"), c.req.param("slug"), c.req.param("period"));
    // Nothing published at all: no period page either.
    if (!published) throw new PeriodNotPublishedError();
    return c.render(<PeriodPage published={published} />);
  });
}
