/**
 * Full-text search in Dutch over plans and their items (title, code, the texts of their
 * sections, when and budget), with the matching passage highlighted and each item's
 * place in its plan.
 *
 * The index is kept by the database itself: `items.search` and `plans.search` are
 * generated tsvector columns with a GIN index (migration 0003_search), in the text-search
 * configuration `koers_nl`: PostgreSQL's `dutch` with accents removed first. The index
 * lives on the plans' own tables, so searching is part of the plans module; organisations
 * and regions named in a filter are looked up through the organisations module first.
 *
 * Work per request is bounded: the index finds the matches, only one page of them is
 * highlighted, and the place in the plan is looked up for that page only. Internal notes
 * are never indexed, so a search never shows them; which plans are searched is decided
 * by visiblePlans(), as for every other way of reading a plan.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../access/viewer.ts";
import type { Level } from "./schema.ts";
import { listOrganisations, listRegions, organisationIds, regionIds } from "../organisations/service.ts";
import { listPlans, topicChoices, visiblePlans } from "./reading.ts";
import { itemHref } from "./parts.ts";

/** The text-search configuration of migration 0003_search. */
const CONFIG = sql.raw(`'koers_nl'::regconfig`);

/** Marks around the hits in ts_headline's output; removed from the texts beforehand. */
const START = "\u0002";
const STOP = "\u0003";

export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
export const MAX_OFFSET = 1000;

export interface SearchFilters {
  /** Plan slug. */
  plan?: string | undefined;
  /** Organisation slug: the plan's owner, or a party to the item. */
  organisation?: string | undefined;
  /** Region slug: a region of the plan. */
  region?: string | undefined;
  /** Topic slug: a topic of the item (plans themselves have none). */
  topic?: string | undefined;
  /** Level key of the item ("ambitie", "actie"); plans themselves have none. */
  level?: string | undefined;
}

export interface SearchParams extends SearchFilters {
  q: string;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Text split at the hits: render `hit` parts as <mark>, all parts as text. */
export type Highlighted = { text: string; hit: boolean }[];

export interface PlaceStep {
  id: number;
  code: string | null;
  title: string;
  /** The plan's own word for the level ("Thema", "Ambitie"). */
  level: string;
}

export interface SearchResult {
  kind: "item" | "plan";
  plan: { slug: string; title: string; kind: string };
  /** Null for a hit in the plan's own texts. */
  item: { id: number; code: string | null; level: string; levelKey: string; title: string } | null;
  /** The title with the words that matched marked. */
  title: Highlighted;
  /** Up to two passages of the text where it matched; empty when only the title matched and there is no text. */
  passage: Highlighted;
  /** The items above this one, from the top of the plan down. */
  place: PlaceStep[];
  /** Where to read it: the plan page, at the item or the row of the plan that shows it. */
  href: string;
  rank: number;
}

export interface SearchPage {
  /** The query as searched: cleaned and shortened. */
  query: string;
  results: SearchResult[];
  /** How many results in all (0 when the page is past the end). */
  total: number;
  limit: number;
  offset: number;
}

/**
 * The query as it is searched: control characters (NUL included) become spaces,
 * whitespace is collapsed, and it is cut to MAX_QUERY_LENGTH characters at a word.
 */
export function cleanQuery(q: string): string {
  // eslint-disable-next-line no-control-regex
  let clean = q.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/\s+/g, " ").trim();
  if (clean.length > MAX_QUERY_LENGTH) {
    clean = clean.slice(0, MAX_QUERY_LENGTH);
    const space = clean.lastIndexOf(" ");
    if (space > MAX_QUERY_LENGTH / 2) clean = clean.slice(0, space);
    clean = clean.trim();
  }
  return clean;
}

/**
 * The query in websearch_to_tsquery's syntax, which knows "or" but not the Dutch "of":
 * outside quotes, "of" between words means either of them ("thuiszitters of verzuim").
 */
export function websearchSyntax(query: string): string {
  return query.replace(/"[^"]*(?:"|$)|(?<=\S\s+)of(?=\s+\S)/gi, (match) => (match.startsWith('"') ? match : "or"));
}

/** Splits ts_headline output at its marks into plain and highlighted parts. */
export function splitHeadline(headline: string): Highlighted {
  const parts: Highlighted = [];
  let hit = false;
  let text = "";
  const flush = () => {
    if (text) {
      const last = parts[parts.length - 1];
      if (last && last.hit === hit) last.text += text;
      else parts.push({ text, hit });
    }
    text = "";
  };
  for (const ch of headline) {
    if (ch === START || ch === STOP) {
      flush();
      hit = ch === START;
    } else text += ch;
  }
  flush();
  return parts;
}

const clampInt = (value: number | undefined, fallback: number, min: number, max: number) =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, Math.trunc(value)));

/**
 * Text for ts_headline: without the marks, and for passages also without the Markdown signs
 * (emphasis, table bars and rules, headings and quotes) that would only clutter them.
 */
const MARKS = `[${START}${STOP}]+`;
const MARKDOWN = `[${START}${STOP}]+|\\*+|\\|+|\`+|-{2,}|(^|\n)[ \t]*[#>]+|\\s+`;
const unmarked = (text: SQL) => sql`regexp_replace(${text}, ${MARKS}, '', 'g')`;
const readable = (text: SQL) => sql`regexp_replace(${text}, ${MARKDOWN}, ' ', 'g')`;

const sectionTexts = (column: SQL) =>
  sql`(select string_agg(s.value ->> 'text', E'\\n' order by s.ordinality) from jsonb_array_elements(${column}) with ordinality as s(value, ordinality))`;

const HEADLINE_TITLE = `HighlightAll=true, StartSel=${START}, StopSel=${STOP}`;
const HEADLINE_PASSAGE = `MaxFragments=2, MinWords=12, MaxWords=30, FragmentDelimiter=" … ", StartSel=${START}, StopSel=${STOP}`;

interface HitRow {
  item_id: number | null;
  plan_id: number;
  rank: number;
  total: number;
  slug: string;
  plan_title: string;
  plan_kind: string;
  levels: Level[] | string;
  row_level: string | null;
  code: string | null;
  level: string | null;
  item_title: string | null;
  title_headline: string;
  passage_headline: string | null;
}

interface AncestorRow {
  leaf: number;
  depth: number;
  id: number;
  code: string | null;
  title: string;
  level: string;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Searches the plans the viewer may read; an empty query finds nothing. */
export async function search(db: Db, viewer: Viewer, params: SearchParams): Promise<SearchPage> {
  const query = cleanQuery(params.q);
  const limit = clampInt(params.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = clampInt(params.offset, 0, 0, MAX_OFFSET);
  const empty: SearchPage = { query, results: [], total: 0, limit, offset };
  if (query === "") return empty;

  // No slug or level key has control characters (the database refuses a NUL byte) or is this
  // long: such a filter matches nothing.
  const filters = [params.plan, params.organisation, params.region, params.topic, params.level];
  if (filters.some((v) => v !== undefined && (/[\u0000-\u001f\u007f]/.test(v) || v.length > 200))) return empty;
  const [regionId, organisationId] = await Promise.all([
    params.region ? regionIds(db, [params.region]).then((ids) => ids.get(params.region!)) : undefined,
    params.organisation ? organisationIds(db, [params.organisation]).then((ids) => ids.get(params.organisation!)) : undefined,
  ]);
  if ((params.region && regionId === undefined) || (params.organisation && organisationId === undefined)) return empty;
  const tsq = sql`websearch_to_tsquery(${CONFIG}, ${websearchSyntax(query)})`;
  // A query of stop words only is empty; one of exclusions only ("-woord") cannot use the
  // index and would read every row: both find nothing.
  const searchable = sql`numnode(${tsq}) > 0 and querytree(${tsq}) <> 'T'`;
  const visible = visiblePlans(viewer) ?? sql`true`;
  const planFilters: SQL[] = [];
  if (params.plan) planFilters.push(sql`plans.slug = ${params.plan}`);
  if (params.region) {
    planFilters.push(sql`exists (select 1 from plan_regions pr where pr.plan_id = plans.id and pr.region_id = ${regionId})`);
  }
  const ownedBy = (id: number) => sql`exists (select 1 from plan_owners po where po.plan_id = plans.id and po.organisation_id = ${id})`;
  const itemFilters: SQL[] = [...planFilters];
  if (organisationId !== undefined) {
    itemFilters.push(sql`(${ownedBy(organisationId)} or exists (select 1 from item_parties ip
      join item_party_organisations ipo on ipo.party_id = ip.id
      where ip.item_id = i.id and ipo.organisation_id = ${organisationId}))`);
    planFilters.push(ownedBy(organisationId));
  }
  if (params.topic) {
    itemFilters.push(sql`exists (select 1 from item_topics it join topics t on t.id = it.topic_id
      where it.item_id = i.id and t.slug = ${params.topic})`);
  }
  if (params.level) itemFilters.push(sql`i.level = ${params.level}`);
  // Topics and levels belong to items: with either filter, plans themselves are no result.
  const plansToo = !params.topic && !params.level;
  const and = (list: SQL[]) => (list.length ? sql.join(list, sql` and `) : sql`true`);

  const itemDoc = sql`concat_ws(E'\\n', ${sectionTexts(sql`i.sections`)}, i.when_text, i.budget)`;
  const planDoc = sql`concat_ws(E'\\n', plans.subtitle, ${sectionTexts(sql`plans.sections`)}, ${sectionTexts(sql`plans.closing_sections`)})`;

  const hits = rowsOf<HitRow>(
    await db.execute(sql`
      with hits as (
        select i.id as item_id, plans.id as plan_id, ts_rank(i.search, ${tsq}) as rank
        from items i join plans on plans.id = i.plan_id
        where ${searchable} and i.deletion_id is null and i.search @@ ${tsq} and (${visible}) and ${and(itemFilters)}
        ${plansToo
          ? sql`union all
        select null::integer, plans.id, ts_rank(plans.search, ${tsq})
        from plans
        where ${searchable} and plans.search @@ ${tsq} and (${visible}) and ${and(planFilters)}`
          : sql``}
      ),
      page as (
        select hits.*, count(*) over () as total from hits
        order by rank desc, plan_id, item_id nulls first
        limit ${limit} offset ${offset}
      )
      select page.item_id, page.plan_id, page.rank::float8 as rank, page.total::integer as total,
        plans.slug, plans.title as plan_title, plans.kind as plan_kind, plans.levels,
        plans.layout ->> 'rowLevel' as row_level, i.code, i.level, i.title as item_title,
        ts_headline(${CONFIG}, ${unmarked(sql`coalesce(i.title, plans.title)`)}, ${tsq}, ${HEADLINE_TITLE}) as title_headline,
        ts_headline(${CONFIG}, ${readable(sql`case when i.id is null then ${planDoc} else ${itemDoc} end`)}, ${tsq}, ${HEADLINE_PASSAGE}) as passage_headline
      from page join plans on plans.id = page.plan_id left join items i on i.id = page.item_id
      order by page.rank desc, page.plan_id, page.item_id nulls first`),
  );
  if (hits.length === 0) return empty;

  const itemIds = hits.flatMap((h) => (h.item_id === null ? [] : [h.item_id]));
  const ancestors = itemIds.length
    ? rowsOf<AncestorRow>(
        await db.execute(sql`
          with recursive up(leaf, id, depth) as (
            select i.id, i.parent_id, 1 from items i where i.id in (${sql.join(itemIds, sql`, `)}) and i.parent_id is not null
            union all
            select up.leaf, p.parent_id, up.depth + 1 from up join items p on p.id = up.id where p.parent_id is not null and up.depth < 20
          )
          select up.leaf, up.depth, a.id, a.code, a.title, a.level from up join items a on a.id = up.id
          order by up.leaf, up.depth desc`),
      )
    : [];
  const above = new Map<number, AncestorRow[]>();
  for (const a of ancestors) above.set(a.leaf, [...(above.get(a.leaf) ?? []), a]);

  const results = hits.map((h): SearchResult => {
    const levels: Level[] = typeof h.levels === "string" ? JSON.parse(h.levels) : h.levels;
    const levelName = (key: string) => levels.find((l) => l.key === key)?.name ?? key;
    const plan = { slug: h.slug, title: h.plan_title, kind: h.plan_kind };
    const base = {
      plan,
      title: splitHeadline(h.title_headline),
      passage: splitHeadline(h.passage_headline ?? "").filter((p) => p.text.trim() !== "" || p.hit),
      rank: h.rank,
    };
    if (h.item_id === null) return { kind: "plan", item: null, place: [], href: `/plannen/${h.slug}`, ...base };
    const chain = above.get(h.item_id) ?? [];
    const place = chain.map((a) => ({ id: a.id, code: a.code, title: a.title, level: levelName(a.level) }));
    // The plan page gives every row and everything above the rows an anchor; an item below
    // a row is shown inside it, so the link leads to that row.
    const row = h.level === h.row_level ? undefined : chain.find((a) => a.level === h.row_level);
    return {
      kind: "item",
      item: { id: h.item_id, code: h.code, level: levelName(h.level!), levelKey: h.level!, title: h.item_title! },
      place,
      href: itemHref(h.slug, row?.id ?? h.item_id),
      ...base,
    };
  });
  return { query, results, total: hits[0]!.total, limit, offset };
}

export interface SearchFacets {
  plans: { slug: string; title: string }[];
  organisations: { slug: string; name: string }[];
  regions: { slug: string; name: string }[];
  topics: { slug: string; name: string }[];
  levels: { key: string; name: string }[];
}

/** The choices for the filters: the plans the viewer may read, their levels, and the lists of organisations, regions and topics. */
export async function searchFacets(db: Db, viewer: Viewer): Promise<SearchFacets> {
  const [plans, organisations, regions, topics, levelRows] = await Promise.all([
    listPlans(db, viewer),
    listOrganisations(db),
    listRegions(db),
    topicChoices(db),
    db.execute(sql`select plans.levels from plans where ${visiblePlans(viewer) ?? sql`true`}`),
  ]);
  const names = new Map<string, Set<string>>();
  for (const row of rowsOf<{ levels: Level[] | string }>(levelRows)) {
    const levels: Level[] = typeof row.levels === "string" ? JSON.parse(row.levels) : row.levels;
    for (const l of levels) names.set(l.key, (names.get(l.key) ?? new Set()).add(l.name));
  }
  return {
    plans: plans.map((p) => ({ slug: p.slug, title: p.title })),
    organisations: organisations.map((o) => ({ slug: o.slug, name: o.name })),
    regions: regions.map((r) => ({ slug: r.slug, name: r.name })),
    topics,
    levels: [...names]
      .map(([key, set]) => ({ key, name: [...set].join(" / ") }))
      .sort((a, b) => a.name.localeCompare(b.name, "nl")),
  };
}
