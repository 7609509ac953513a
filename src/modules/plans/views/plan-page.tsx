/**
 * A plan in its own words and layout: the levels it names, its own table
 * columns (or blocks), its introduction, approval route and footnotes.
 */
import type { Child } from "hono/jsx";
import { useRequestContext } from "hono/jsx-renderer";
import type { AppEnv } from "../../../web/env.ts";
import { Page } from "../../../web/layout.tsx";
import { Footnotes, Sections, SourceNote } from "../../../web/document.tsx";
import { Notice } from "../../../web/forms.tsx";
import { ActionMenu, type Action } from "../../../web/parts/action-menu.tsx";
import { DataTable } from "../../../web/parts/table.tsx";
import { Paging } from "../../../web/parts/paging.tsx";
import { Explained, Markdown } from "../../../web/markdown.tsx";
import { Interpreted, InterpretedLegend } from "../../../web/interpreted.tsx";
import { namesOrganisation } from "../../../lib/source-coverage.ts";
import type { Section } from "../format.ts";
import { findItem, type ItemRef, type PlanDetail, type PlanItem } from "../reading.ts";
import { childLevels } from "../structure.ts";
import { backlinksHref } from "./backlinks-page.tsx";
import { itemHref, partOf, type PlanPart } from "../parts.ts";
import { formatDate, kindLabel, statusLabel } from "./labels.ts";

export interface ItemProgress {
  evaluation: { slug: string; title: string };
  period: string;
  heading: string | null;
  results: Section[];
  planning: Section[];
}

/** The monitoring status of each item in the current period; for partners only. */
export interface Monitoring {
  period: string;
  /** The item's status badge, rendered by the monitoring module, and whether it is late. */
  byItem: Map<number, { badge: Child; late: boolean }>;
}

interface Ctx {
  plan: PlanDetail;
  progress: Map<number, ItemProgress[]>;
  monitoring: Monitoring | null;
  /** The figures beside each item, rendered by the figures module. */
  figures: Map<number, Child>;
  /** The published progress beside each item (last published period), rendered by the monitoring module. */
  published: Map<number, Child>;
  parts: PlanPart[];
  /** The part shown; null when the whole plan is. */
  part: PlanPart | null;
}

/** The link to an anchor in part `n` of the plan: on this page, or on that part's page. */
function inPart(ctx: Pick<Ctx, "part">, n: number | undefined, anchor: string): string {
  return ctx.part === null || n === undefined || n === ctx.part.number ? `#${anchor}` : `?deel=${n}#${anchor}`;
}

/** The link to an item's anchor on this page, or on the part of the plan that shows it. */
const hrefIn = (ctx: Pick<Ctx, "parts" | "part">, id: number, anchor: string) => inPart(ctx, partOf(ctx.parts, id), anchor);

const shown = (ctx: Ctx, item: PlanItem) => ctx.part === null || ctx.part.shows.has(item.id);

export const itemAnchor = (item: Pick<PlanItem, "id">) => `onderdeel-${item.id}`;

/** The anchor on the plan page for an item: its own, or that of its row when the row shows it in a column. */
export function anchorFor(plan: PlanDetail, id: number): string {
  const index = (level: string) => plan.levels.findIndex((l) => l.key === level);
  const row = index(plan.layout.rowLevel);
  const path = (list: PlanItem[]): PlanItem[] | undefined => {
    for (const item of list) {
      if (item.id === id) return [item];
      const below = path(item.children);
      if (below) return [item, ...below];
    }
    return undefined;
  };
  return itemAnchor((path(plan.items) ?? []).filter((i) => index(i.level) <= row).at(-1) ?? { id });
}

function levelName(plan: PlanDetail, key: string): string {
  return plan.levels.find((l) => l.key === key)?.name ?? key;
}

function sectionByTitle(item: PlanItem, title: string): Section | undefined {
  const wanted = title.toLowerCase();
  return item.sections.find((s) => s.title.toLowerCase() === wanted);
}

/** Sections the layout shows in a column of its own; the rest are shown with the title. */
function sectionsInColumns(plan: PlanDetail, depth: number): Set<string> {
  const prefix = depth === 0 ? "" : depth === 1 ? "children." : "grandchildren.";
  const titles = new Set<string>();
  for (const col of plan.layout.columns) {
    for (const f of col.show) {
      if (f.startsWith(`${prefix}section:`)) titles.add(f.slice(prefix.length + "section:".length).toLowerCase());
    }
  }
  return titles;
}

function shownDepths(plan: PlanDetail): Set<number> {
  const depths = new Set<number>([0]);
  for (const col of plan.layout.columns) {
    for (const f of col.show) {
      if (f.startsWith("children.")) depths.add(1);
      if (f.startsWith("grandchildren.")) depths.add(2);
    }
  }
  return depths;
}

/** Whether Koers marked this field of the item as its own reading of the document. */
const marked = (item: Pick<PlanItem, "interpreted">, field: PlanItem["interpreted"][number]) => item.interpreted.includes(field);

/** Parties as written; organisations Koers inferred from a role follow it in brackets, marked. */
function Parties({ parties, item }: { parties: PlanItem["parties"]; item: Pick<PlanItem, "interpreted"> }) {
  if (parties.length === 0) return null;
  const inferred = marked(item, "parties.organisations");
  // Organisations the party's own words name need no bracket: only the inferred ones are shown.
  const unnamed = (p: PlanItem["parties"][number]) => p.organisations.filter((o) => !namesOrganisation(`${p.role ?? ""} ${p.task ?? ""}`, o));
  const one = (p: PlanItem["parties"][number]) => (
    <>
      <Interpreted marked={marked(item, "parties")}>
        <Explained text={p.role ?? p.organisations.map((o) => o.shortName ?? o.name).join(", ")} />
        {p.task && <>: <Explained text={p.task} /></>}
      </Interpreted>
      {inferred && p.role !== null && unnamed(p).length > 0 && (
        <>
          {" "}
          (<Interpreted>{unnamed(p).map((o) => o.shortName ?? o.name).join(", ")}</Interpreted>)
        </>
      )}
    </>
  );
  if (parties.length === 1) return <p class="utrecht-paragraph">{one(parties[0]!)}</p>;
  return (
    <ul class="utrecht-unordered-list">
      {parties.map((p) => (
        <li class="utrecht-unordered-list__item">{one(p)}</li>
      ))}
    </ul>
  );
}

/** Whether anything on the plan's page is marked as Koers's interpretation. */
function hasInterpretations(plan: PlanDetail): boolean {
  const any = (list: PlanItem[]): boolean => list.some((i) => i.interpreted.length > 0 || any(i.children));
  return plan.approvals.some((a) => a.interpreted.length > 0) || any(plan.items);
}

/** An item's code as the plan shows it, marked when the document does not print it there. */
function Code({ item }: { item: PlanItem }) {
  return (
    <span class="koers-code">
      <Interpreted marked={marked(item, "code")}>{item.code}</Interpreted>
    </span>
  );
}

/** One field of one item, as named in the layout ("title", "section:Monitoring", "parties", ...). */
function Field({ item, field }: { item: PlanItem; field: string }): Child {
  if (field === "code") return item.code ? <Code item={item} /> : null;
  if (field === "title") return <span class="koers-title"><Interpreted marked={marked(item, "title")}><Explained text={item.title} /></Interpreted></span>;
  if (field === "when") return item.when ? <p class="utrecht-paragraph"><Interpreted marked={marked(item, "when")}><Explained text={item.when} /></Interpreted></p> : null;
  if (field === "budget") return item.budget ? <p class="utrecht-paragraph"><Interpreted marked={marked(item, "budget")}><Explained text={item.budget} /></Interpreted></p> : null;
  if (field === "parties") return <Parties parties={item.parties} item={item} />;
  if (field.startsWith("section:")) {
    const section = sectionByTitle(item, field.slice("section:".length));
    return section ? <Markdown text={section.text} /> : null;
  }
  return null;
}

function hasField(item: PlanItem, field: string): boolean {
  if (field === "code") return item.code !== null;
  if (field === "title") return true;
  if (field === "when") return item.when !== null;
  if (field === "budget") return item.budget !== null;
  if (field === "parties") return item.parties.length > 0;
  if (field.startsWith("section:")) return sectionByTitle(item, field.slice("section:".length)) !== undefined;
  return false;
}

/** A field of the children (steps) as a list numbered like the document. */
function ChildList({ items, field }: { items: PlanItem[]; field: string }) {
  const withValue = items.filter((c) => hasField(c, field));
  if (withValue.length === 0) return null;
  const numbered = withValue.every((c) => c.code !== null && /^\d+$/.test(c.code));
  const Tag = numbered ? "ol" : "ul";
  return (
    <Tag class="koers-steps">
      {withValue.map((c) => (
        <li value={numbered ? c.code! : undefined}>
          <Field item={c} field={field} />
        </li>
      ))}
    </Tag>
  );
}

function Cell({ item, show }: { item: PlanItem; show: string[] }) {
  return (
    <>
      {show.map((f) => {
        if (f.startsWith("children.")) return <ChildList items={item.children} field={f.slice(9)} />;
        if (f.startsWith("grandchildren.")) {
          const field = f.slice(14);
          return item.children.map((c) => <ChildList items={c.children} field={field} />);
        }
        return <Field item={item} field={f} />;
      })}
    </>
  );
}

/** What a row shows beyond its columns: other sections, flags, links, topics, progress, deeper items. */
function RowExtras({ item, ctx }: { item: PlanItem; ctx: Ctx }) {
  const inColumns = sectionsInColumns(ctx.plan, 0);
  const other = item.sections.filter((s) => !inColumns.has(s.title.toLowerCase()));
  const depths = shownDepths(ctx.plan);
  const hidden = depths.has(1) ? (depths.has(2) ? [] : item.children.flatMap((c) => c.children)) : item.children;
  return (
    <>
      {item.priority && <p class="utrecht-paragraph"><span class="koers-badge">Prioriteit</span></p>}
      {item.reducedCapacity && (
        <p class="utrecht-paragraph koers-note">
          <span class="koers-badge">Minder capaciteit</span> {item.reducedCapacity}
        </p>
      )}
      {other.map((s) => (
        <div>
          <p class="utrecht-paragraph"><strong>{s.title}</strong></p>
          <Markdown text={s.text} />
        </div>
      ))}
      {hidden.length > 0 && (
        <ul class="utrecht-unordered-list">
          {hidden.map((c) => (
            <li class="utrecht-unordered-list__item">
              <NestedItem item={c} ctx={ctx} />
            </li>
          ))}
        </ul>
      )}
      <ItemFooter item={item} ctx={ctx} />
    </>
  );
}

function NestedItem({ item, ctx }: { item: PlanItem; ctx: Ctx }): Child {
  return (
    <div id={itemAnchor(item)}>
      {item.code && <Code item={item} />}
      <Interpreted marked={marked(item, "title")}><Explained text={item.title} /></Interpreted>
      {item.sections.map((s) => (
        <div>
          <p class="utrecht-paragraph"><strong>{s.title}</strong></p>
          <Markdown text={s.text} />
        </div>
      ))}
      {item.parties.length > 0 && <Parties parties={item.parties} item={item} />}
      {item.when && <p class="utrecht-paragraph">Wanneer: <Interpreted marked={marked(item, "when")}><Explained text={item.when} /></Interpreted></p>}
      {item.budget && <p class="utrecht-paragraph">Budget: <Interpreted marked={marked(item, "budget")}><Explained text={item.budget} /></Interpreted></p>}
      {item.children.length > 0 && (
        <ul class="utrecht-unordered-list">
          {item.children.map((c) => (
            <li class="utrecht-unordered-list__item">
              <NestedItem item={c} ctx={ctx} />
            </li>
          ))}
        </ul>
      )}
      <Links item={item} ctx={ctx} />
    </div>
  );
}

/** What follows an item wherever it stands: its links, topics, internal note, progress, figures and tools. */
function ItemFooter({ item, ctx }: { item: PlanItem; ctx: Ctx }) {
  return (
    <>
      <Links item={item} ctx={ctx} />
      <Topics item={item} />
      <InternalNote note={item.internalNote} />
      {ctx.published.get(item.id)}
      <Progress item={item} ctx={ctx} />
      {ctx.figures.get(item.id)}
      <ItemTools item={item} ctx={ctx} />
    </>
  );
}

/** Links between items, either direction: "Verwijst naar" (its links) or "Hiernaar verwijst" (its backlinks). */
function ItemRefList({ label, refs, more, ctx }: { label: string; refs: { kind: string; item: ItemRef }[]; more?: Child; ctx: Ctx }) {
  if (refs.length === 0) return null;
  return (
    <p class="utrecht-paragraph koers-note">
      {label}:{" "}
      {refs.map(({ kind, item: ref }, i) => {
        const samePlan = ref.planSlug === ctx.plan.slug;
        return (
          <>
            {i > 0 && "; "}
            <a class="utrecht-link" href={samePlan ? hrefIn(ctx, ref.id, `onderdeel-${ref.id}`) : itemHref(ref.planSlug, ref.id)}>
              {samePlan ? "" : `${ref.planTitle}, `}
              {ref.code ?? ref.title}
            </a>{" "}
            ({kind})
          </>
        );
      })}
      {more}
    </p>
  );
}

function Links({ item, ctx }: { item: PlanItem; ctx: Ctx }) {
  const rest = item.backlinkCount - item.backlinks.length;
  const more = rest > 0 && (
    <>
      {"; "}
      <a class="utrecht-link" href={backlinksHref(ctx.plan.slug, item.id)}>
        en nog {rest.toLocaleString("nl-NL")} {rest === 1 ? "ander" : "andere"}
        <span class="visually-hidden"> onderdelen die naar {item.code ?? item.title} verwijzen</span>
      </a>
    </>
  );
  return (
    <>
      {item.origin && (
        <p class="utrecht-paragraph koers-note">
          Overgenomen uit:{" "}
          <a class="utrecht-link" href={itemHref(item.origin.planSlug, item.origin.id)}>
            {item.origin.planTitle}, {item.origin.code ? `${item.origin.code} ` : ""}
            {item.origin.title}
          </a>
        </p>
      )}
      <ItemRefList label="Verwijst naar" refs={item.links.map((l) => ({ kind: l.kind, item: l.target }))} ctx={ctx} />
      <ItemRefList label="Hiernaar verwijst" refs={item.backlinks.map((b) => ({ kind: b.kind, item: b.source }))} more={more} ctx={ctx} />
    </>
  );
}

/** Only present when the viewer may read internal content (the service leaves it null otherwise). */
function InternalNote({ note }: { note: string | null }) {
  if (note === null) return null;
  return (
    <div class="koers-internal">
      <p class="utrecht-paragraph">
        <strong>Interne notitie</strong> (niet openbaar)
      </p>
      <Markdown text={note} />
    </div>
  );
}

/** "1.2 Title" or "Title": how an action menu names its item to screen readers. */
const itemLabel = (item: PlanItem) => [item.code, item.title].filter(Boolean).join(" ");

/**
 * What one may do with an item, for its action menu: edit it, update its progress, read its
 * changes; plan editors also add below it, move it or delete it.
 */
function itemActions(item: PlanItem, ctx: Ctx, withHistory: boolean): (Action | false)[] {
  const base = `/plannen/${ctx.plan.slug}/onderdelen`;
  const name = item.code ? ` ${item.code}` : "";
  const structure = ctx.plan.may.edit;
  return [
    item.editable && { href: `${base}/${item.id}/bewerken`, label: `Bewerken${name}` },
    item.editable && ctx.plan.may.readInternal && { href: `${base}/${item.id}/voortgang`, label: `Voortgang bijwerken${name}` },
    withHistory && { href: `/plannen/${ctx.plan.slug}/wijzigingen?onderdeel=${item.id}`, label: `Wijzigingen${item.code ? ` in ${item.code}` : ""}` },
    structure &&
      childLevels(ctx.plan.levels, ctx.plan.layout.rowLevel, item.level).length > 0 && {
        href: `${base}/nieuw?onder=${item.id}`,
        label: `Onderdeel toevoegen${item.code ? ` onder ${item.code}` : ""}`,
      },
    structure && { href: `${base}/${item.id}/verplaatsen`, label: `Verplaatsen${name}` },
    structure && { href: `${base}/${item.id}/verwijderen`, label: `Verwijderen${name}` },
  ];
}

const anyEditable = (list: PlanItem[]): boolean => list.some((i) => i.editable || anyEditable(i.children));

/** The items below a row are shown inside its columns; their editors reach them through this list. */
function BelowRowTools({ item, ctx }: { item: PlanItem; ctx: Ctx }) {
  const list = (children: PlanItem[]): Child => (
    <ul class="utrecht-unordered-list">
      {children.map((c) => (
        <li class="utrecht-unordered-list__item">
          {c.code && <span class="koers-code">{c.code}</span>}
          {c.title} <ActionMenu about={itemLabel(c)} actions={itemActions(c, ctx, false)} />
          {c.children.length > 0 && list(c.children)}
        </li>
      ))}
    </ul>
  );
  return (
    <details class="koers-tools">
      <summary>Onderdelen onder {item.code ?? item.title} beheren</summary>
      {list(item.children)}
    </details>
  );
}

/** For partners: edit the item (when allowed) and see its changes; for plan editors also its place in the plan. */
function ItemTools({ item, ctx }: { item: PlanItem; ctx: Ctx }) {
  if (!ctx.plan.may.readInternal && !item.editable) return null;
  const monitored = ctx.monitoring?.byItem.get(item.id);
  return (
    <>
      {ctx.monitoring && monitored && (
        <p class="utrecht-paragraph koers-note">
          Voortgang {ctx.monitoring.period}: {monitored.badge}
          {monitored.late && (
            <>
              {" "}
              <span class="koers-badge">te laat</span>
            </>
          )}
        </p>
      )}
      <ActionMenu about={itemLabel(item)} actions={itemActions(item, ctx, true)} />
      {item.level === ctx.plan.layout.rowLevel && item.children.length > 0 && (ctx.plan.may.edit || anyEditable(item.children)) && (
        <BelowRowTools item={item} ctx={ctx} />
      )}
    </>
  );
}

/** What the editing pages report after their redirect here (?verplaatst=, ?teruggezet=, ?verwijderd=, ?plan-opgeslagen=). */
function StructureNotice({ plan }: { plan: PlanDetail }) {
  const query = useRequestContext<AppEnv>().req.query();
  const shown = (id: string | undefined) => (id && /^\d+$/.test(id) ? findItem(plan.items, Number(id)) : undefined);
  const link = (item: PlanItem) => (
    <a class="utrecht-link" href={`#${anchorFor(plan, item.id)}`}>
      {item.code ? `${item.code} ` : ""}
      {item.title}
    </a>
  );
  const moved = shown(query.verplaatst);
  const restored = shown(query.teruggezet);
  if (query["plan-opgeslagen"] !== undefined && plan.may.edit) {
    return (
      <Notice kind="ok">
        Het plan is opgeslagen.
        {query.versie !== undefined && (
          <>
            {" "}
            Koers heeft de vastgestelde versie bewaard; zie{" "}
            <a class="utrecht-link" href={`/plannen/${plan.slug}/versies`}>
              Versies
            </a>
            .
          </>
        )}
      </Notice>
    );
  }
  if (moved) return <Notice kind="ok">Verplaatst: {link(moved)}</Notice>;
  if (restored) return <Notice kind="ok">Teruggezet uit de prullenbak: {link(restored)}</Notice>;
  if (query.verwijderd !== undefined && plan.may.edit) {
    return (
      <Notice kind="ok">
        Het onderdeel staat nu in de prullenbak, met alles wat eronder stond.{" "}
        <a class="utrecht-link" href={`/plannen/${plan.slug}/prullenbak`}>
          Naar de prullenbak
        </a>{" "}
        om het terug te zetten.
      </Notice>
    );
  }
  return null;
}

/** Near the top: what readers and plan editors can do with the whole plan. */
function PlanTools({ plan }: { plan: PlanDetail }) {
  const base = `/plannen/${plan.slug}`;
  return (
    <p class="utrecht-paragraph koers-tools">
      {plan.may.edit && (
        <>
          <a class="utrecht-link" href={`${base}/onderdelen/nieuw`}>
            Onderdeel toevoegen
          </a>
          {" · "}
          <a class="utrecht-link" href={`${base}/bewerken`}>
            Plan bewerken
          </a>
          {" · "}
        </>
      )}
      <a class="utrecht-link" href={`${base}/versies`}>
        Versies
      </a>
      {" · "}
      <a class="utrecht-link" href={`${base}/cijfers`}>
        Cijfers
      </a>
      {" · "}
      <a class="utrecht-link" href={`${base}/document.docx`}>
        Als Word-bestand
      </a>
      {" · "}
      <a class="utrecht-link" href={`${base}/document.xlsx`}>
        Als Excel-bestand
      </a>
      {plan.may.edit && (
        <>
          {" · "}
          <a class="utrecht-link" href={`${base}/prullenbak`}>
            Prullenbak
          </a>
          {" · "}
          <a class="utrecht-link" href={`${base}/kopieren`}>
            Plan voor een nieuwe periode
          </a>
        </>
      )}
      {plan.published && (
        <>
          {" · "}
          <a class="utrecht-link" href={`${base}/agenda.ics`}>
            Agenda (iCalendar)
          </a>
        </>
      )}
      {plan.may.readInternal && (
        <>
          <br />
          Voortgang:{" "}
          <a class="utrecht-link" href={`${base}/dashboard`}>
            Dashboard
          </a>
          {" · "}
          <a class="utrecht-link" href={`${base}/tijdlijn`}>
            Tijdlijn
          </a>
          {" · "}
          <a class="utrecht-link" href={`${base}/rondes`}>
            Rapportagerondes
          </a>
          {" · "}
          <a class="utrecht-link" href={`${base}/rapportageperiodes`}>
            Rapportageperiodes
          </a>
          {" · "}
          <a class="utrecht-link" href={`${base}/rapportage`}>
            Rapportage
          </a>
        </>
      )}
    </p>
  );
}

function Topics({ item }: { item: PlanItem }) {
  if (item.topics.length === 0) return null;
  return (
    <ul class="koers-topics" aria-label="Onderwerpen">
      {item.topics.map((t) => (
        <li>
          <a href={`/onderwerpen/${t.slug}`}>{t.name}</a>
        </li>
      ))}
    </ul>
  );
}

function Progress({ item, ctx }: { item: PlanItem; ctx: Ctx }) {
  // An evaluation may name an item only as a heading, with nothing to report on it here.
  const updates = ctx.progress.get(item.id)?.filter((u) => u.results.length > 0 || u.planning.length > 0);
  if (!updates?.length) return null;
  return (
    <>
      {updates.map((u) => (
        <details class="koers-progress">
          <summary>
            Voortgang {u.period} ({u.evaluation.title})
          </summary>
          {u.results.map((s) => (
            <div>
              <p class="utrecht-paragraph"><strong>{s.title}</strong></p>
              <Markdown text={s.text} />
            </div>
          ))}
          {u.planning.map((s) => (
            <div>
              <p class="utrecht-paragraph"><strong>{s.title}</strong></p>
              <Markdown text={s.text} />
            </div>
          ))}
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={`/evaluaties/${u.evaluation.slug}`}>
              Hele evaluatie lezen
            </a>
          </p>
        </details>
      ))}
    </>
  );
}

function RowsTable({ rows, ctx, caption }: { rows: PlanItem[]; ctx: Ctx; caption: string }) {
  return (
    <DataTable
      id={`tabel-${itemAnchor(rows[0]!)}`}
      caption={caption}
      hideCaption
      rows={rows}
      rowId={itemAnchor}
      columns={ctx.plan.layout.columns.map((col, i) =>
        i === 0
          ? {
              label: col.label,
              rowHeader: true,
              cell: (row: PlanItem) => (
                <>
                  <Cell item={row} show={col.show} />
                  <RowExtras item={row} ctx={ctx} />
                </>
              ),
            }
          : { label: col.label, cell: (row: PlanItem) => <Cell item={row} show={col.show} /> },
      )}
    />
  );
}

function RowBlocks({ rows, ctx, headingLevel }: { rows: PlanItem[]; ctx: Ctx; headingLevel: number }) {
  const H = `h${Math.min(headingLevel, 6)}` as "h3";
  return (
    <>
      {rows.map((row) => (
        <section class="koers-block" id={itemAnchor(row)} aria-labelledby={`${itemAnchor(row)}-titel`}>
          <H class={`utrecht-heading-${Math.min(headingLevel, 6)}`} id={`${itemAnchor(row)}-titel`}>
            {row.code && <span class="koers-code">{row.code}</span>}
            {row.title}
          </H>
          <dl>
            {ctx.plan.layout.columns
              .filter((col) => col.show.some((f) => f.includes(".") || hasField(row, f)))
              .map((col) => (
                <>
                  <dt>{col.label}</dt>
                  <dd>
                    <Cell item={row} show={col.show} />
                  </dd>
                </>
              ))}
          </dl>
          <RowExtras item={row} ctx={ctx} />
        </section>
      ))}
    </>
  );
}

function Rows({ rows, ctx, headingLevel, caption }: { rows: PlanItem[]; ctx: Ctx; headingLevel: number; caption: string }) {
  if (rows.length === 0) return null;
  return ctx.plan.layout.style === "table" ? (
    <RowsTable rows={rows} ctx={ctx} caption={caption} />
  ) : (
    <RowBlocks rows={rows} ctx={ctx} headingLevel={headingLevel} />
  );
}

/** Whether the item's own text already names all its parties (as "Trekkers: …" does); then they are not listed again. */
function partiesInText(item: PlanItem): boolean {
  return item.parties.every((p) => p.role !== null && item.sections.some((s) => s.text.includes(p.role!)));
}

/** An item above the row level: a heading with its texts, parties, then what lies below. */
function HeadingItem({ item, ctx, depth }: { item: PlanItem; ctx: Ctx; depth: number }): Child {
  const level = Math.min(depth + 2, 6);
  const H = `h${level}` as "h2";
  const rowLevel = ctx.plan.layout.rowLevel;
  if (!shown(ctx, item)) return null;
  const rows = item.children.filter((c) => c.level === rowLevel && shown(ctx, c));
  const headings = item.children.filter((c) => c.level !== rowLevel);
  // In a part that only continues this heading, its texts stand in an earlier part.
  const continued = ctx.part !== null && !ctx.part.owns.has(item.id);
  return (
    <section id={itemAnchor(item)} aria-labelledby={`${itemAnchor(item)}-titel`}>
      <H class={`utrecht-heading-${level}`} id={`${itemAnchor(item)}-titel`}>
        {item.code && <Code item={item} />}
        <Interpreted marked={marked(item, "title")}><Explained text={item.title} /></Interpreted>
        {continued && " (vervolg)"}
      </H>
      {!continued && <HeadingTexts item={item} ctx={ctx} />}
      <Rows rows={rows} ctx={ctx} headingLevel={level + 1} caption={`${levelName(ctx.plan, rowLevel)} bij ${item.code ?? ""} ${item.title}`} />
      {headings.map((h) => (
        <HeadingItem item={h} ctx={ctx} depth={depth + 1} />
      ))}
    </section>
  );
}

/** A heading's own texts, parties, timing, budget and footer. */
function HeadingTexts({ item, ctx }: { item: PlanItem; ctx: Ctx }) {
  return (
    <>
      {item.sections.map((s) => (
        <>
          <p class="utrecht-paragraph">
            <strong>{s.title}</strong>
          </p>
          <Markdown text={s.text} />
        </>
      ))}
      {item.parties.length > 0 && (!partiesInText(item) || marked(item, "parties.organisations")) && (
        <>
          <p class="utrecht-paragraph">
            <strong>Wie</strong>
          </p>
          <Parties parties={item.parties} item={item} />
        </>
      )}
      {item.when && <p class="utrecht-paragraph">Wanneer: <Interpreted marked={marked(item, "when")}><Explained text={item.when} /></Interpreted></p>}
      {item.budget && <p class="utrecht-paragraph">Budget: <Interpreted marked={marked(item, "budget")}><Explained text={item.budget} /></Interpreted></p>}
      <ItemFooter item={item} ctx={ctx} />
    </>
  );
}


function Toc({ ctx }: { ctx: Ctx }) {
  const { plan } = ctx;
  const rowLevel = plan.layout.rowLevel;
  // The introduction stands in the first part, the closing texts in the last.
  const first = ctx.parts[0]?.number;
  const last = ctx.parts.at(-1)?.number;
  const topRow = plan.items.find((i) => i.level === rowLevel);
  const entry = (item: PlanItem): Child =>
    item.level === rowLevel ? null : (
      <li>
        <a class="utrecht-link" href={hrefIn(ctx, item.id, itemAnchor(item))}>
          {item.code ? `${item.code} ` : ""}
          {item.title}
        </a>
        {item.children.some((c) => c.level !== rowLevel) && <ol>{item.children.map(entry)}</ol>}
      </li>
    );
  return (
    <nav class="koers-toc" aria-labelledby="inhoudsopgave">
      <h2 class="utrecht-heading-2" id="inhoudsopgave">
        Inhoud
      </h2>
      <ol>
        {plan.sections.map((s, i) => (
          <li>
            <a class="utrecht-link" href={inPart(ctx, first, `tekst-${i}`)}>
              {s.title}
            </a>
          </li>
        ))}
        {plan.items.map(entry)}
        {plan.items.some((i) => i.level === rowLevel) && (
          <li>
            <a class="utrecht-link" href={topRow ? hrefIn(ctx, topRow.id, "onderdelen") : "#onderdelen"}>
              {plan.levels.find((l) => l.key === rowLevel)?.plural ?? levelName(plan, rowLevel)}
            </a>
          </li>
        )}
        {plan.closingSections.map((s, i) => (
          <li>
            <a class="utrecht-link" href={inPart(ctx, last, `slot-${i}`)}>
              {s.title}
            </a>
          </li>
        ))}
        {plan.footnotes.length > 0 && (
          <li>
            <a class="utrecht-link" href="#voetnoten">
              Voetnoten
            </a>
          </li>
        )}
      </ol>
    </nav>
  );
}

/**
 * Which part of a long plan this page shows, the other parts, and the whole plan on one page
 * (to print). Above the plan's texts the list of parts; below them the next and previous part.
 */
function PartsNav({ plan, parts, part, place }: { plan: PlanDetail; parts: PlanPart[]; part: PlanPart | null; place: "boven" | "onder" }) {
  if (parts.length <= 1) return null;
  const base = `/plannen/${plan.slug}`;
  const href = (p: PlanPart) => `${base}?deel=${p.number}`;
  const whole = (
    <a class="utrecht-link" href={`${base}?deel=alle`}>
      Het hele plan op één pagina (om af te drukken)
    </a>
  );
  if (place === "onder") {
    if (part === null) return null;
    const prev = parts[part.number - 2];
    const next = parts[part.number];
    return (
      <Paging
        label="Delen van het plan"
        prev={prev ? { href: href(prev), text: `Vorig deel: ${prev.label}` } : null}
        current={`Deel ${part.number} van ${parts.length}`}
        next={next ? { href: href(next), text: `Volgend deel: ${next.label}` } : null}
      />
    );
  }
  return (
    <nav class="koers-parts" aria-labelledby="delen">
      <h2 class="utrecht-heading-2" id="delen">
        Delen van dit plan
      </h2>
      <p class="utrecht-paragraph">
        {part ? `Dit plan is lang. Deze pagina toont deel ${part.number} van ${parts.length}.` : `Deze pagina toont het hele plan; op het scherm staat het ook in ${parts.length} delen.`}{" "}
        {part && whole}
      </p>
      <ol>
        {parts.map((p) => (
          <li>
            {p === part ? (
              <span aria-current="page">{`Deel ${p.number}: ${p.label}`}</span>
            ) : (
              <a class="utrecht-link" href={href(p)}>
                {`Deel ${p.number}: ${p.label}`}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function PlanPage({
  plan,
  progress,
  monitoring,
  figures = new Map(),
  published = { byItem: new Map(), links: null, feed: null },
  evaluations,
  saved,
  decisions,
  parts = [],
  part = null,
}: {
  plan: PlanDetail;
  progress: Map<number, ItemProgress[]>;
  monitoring: Monitoring | null;
  figures?: Map<number, Child>;
  /** Published progress: beside each item, links to it (under the plan's details) and the plan's feed of publications. */
  published?: { byItem: Map<number, Child>; links: Child; feed: { href: string; title: string } | null };
  evaluations: { slug: string; title: string; period: string }[];
  /** The item just saved, for a confirmation. */
  saved?: PlanItem | undefined;
  /** The decisions of governance bodies about the plan (composed by the web layer). */
  decisions?: Child;
  /** The plan's parts (planParts) and the one shown; null shows the whole plan. */
  parts?: PlanPart[];
  part?: PlanPart | null;
}) {
  const ctx: Ctx = { plan, progress, monitoring, figures, published: published.byItem, parts, part };
  const rowLevel = plan.layout.rowLevel;
  const topRows = plan.items.filter((i) => i.level === rowLevel && shown(ctx, i));
  const topHeadings = plan.items.filter((i) => i.level !== rowLevel);
  const isFirst = part === null || part.number === 1;
  const isLast = part === null || part.number === parts.length;
  return (
    <Page title={part ? `${plan.title}, deel ${part.number} van ${parts.length}` : plan.title} crumbs={[{ href: "/", label: "Plannen" }]} feeds={published.feed ? [published.feed] : undefined}>
      <article class="koers-plan">
        <h1 class="utrecht-heading-1">
          <Explained text={plan.title} />
        </h1>
        {saved && (
          <Notice kind="ok">
            Opgeslagen:{" "}
            <a class="utrecht-link" href={`#${itemAnchor(saved)}`}>
              {saved.code ? `${saved.code} ` : ""}
              {saved.title}
            </a>
          </Notice>
        )}
        <StructureNotice plan={plan} />
        {plan.subtitle && <p class="utrecht-paragraph utrecht-paragraph--lead">{plan.subtitle}</p>}
        <PlanTools plan={plan} />
        <dl class="koers-meta">
          <dt>Soort</dt>
          <dd>{kindLabel(plan.kind)}</dd>
          <dt>Periode</dt>
          <dd>{plan.period.label}</dd>
          <dt>Status</dt>
          <dd>{statusLabel(plan.status)}</dd>
          <dt>Van</dt>
          <dd>
            <Explained text={plan.owners.map((o) => o.name).join(", ")} />
          </dd>
          {plan.regions.length > 0 && (
            <>
              <dt>Regio</dt>
              <dd>{plan.regions.map((r) => r.name).join(", ")}</dd>
            </>
          )}
          {(plan.parent || plan.parentTitle) && (
            <>
              <dt>Hoort bij</dt>
              <dd>
                {plan.parent ? (
                  <a class="utrecht-link" href={`/plannen/${plan.parent.slug}`}>
                    {plan.parent.title}
                  </a>
                ) : (
                  plan.parentTitle
                )}
              </dd>
            </>
          )}
          {plan.copiedFrom && (
            <>
              <dt>Overgenomen uit</dt>
              <dd>
                <a class="utrecht-link" href={`/plannen/${plan.copiedFrom.slug}`}>
                  {plan.copiedFrom.title}
                </a>
              </dd>
            </>
          )}
          <dt>Niveaus</dt>
          <dd>{plan.levels.map((l) => l.name).join(" › ")}</dd>
          {evaluations.length > 0 && (
            <>
              <dt>Evaluaties</dt>
              <dd>
                {evaluations.map((e, i) => (
                  <>
                    {i > 0 && ", "}
                    <a class="utrecht-link" href={`/evaluaties/${e.slug}`}>
                      {e.title}
                    </a>
                  </>
                ))}
              </dd>
            </>
          )}
        </dl>
        {hasInterpretations(plan) && (
          <InterpretedLegend
            subject="het document"
            example="bijvoorbeeld een nummer dat het document niet bij het onderdeel zet, of de organisatie die Koers bij een rol heeft gezocht"
          />
        )}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/api/v1/plans/${plan.slug}`}>
            Dit plan als gegevens (JSON)
          </a>
          {plan.may.readInternal && (
            <>
              {" · "}
              <a class="utrecht-link" href={`/plannen/${plan.slug}/wijzigingen`}>
                Wijzigingen
              </a>
            </>
          )}
        </p>
        {published.links}
        {decisions}
        <InternalNote note={plan.internalNote} />
        {plan.approvals.length > 0 && (
          <section aria-labelledby="besluitvorming">
            <h2 class="utrecht-heading-2" id="besluitvorming">
              Besluitvorming
            </h2>
            <DataTable
              id="besluiten"
              caption="Besluitvorming"
              hideCaption
              rows={plan.approvals}
              columns={[
                {
                  label: "Orgaan",
                  cell: (a) => (
                    <Interpreted marked={a.interpreted.includes("body")}>
                      <Explained text={a.body} />
                    </Interpreted>
                  ),
                },
                {
                  label: "Datum",
                  cell: (a) => <Interpreted marked={a.date !== null && a.interpreted.includes("date")}>{a.date ? formatDate(a.date) : "—"}</Interpreted>,
                },
                {
                  label: "Besluit",
                  cell: (a) => (
                    <>
                      <Interpreted marked={a.interpreted.includes("outcome")}>{a.outcome}</Interpreted>
                      {a.note && <span class="koers-note"> — {a.note}</span>}
                    </>
                  ),
                },
                { label: "Stelt het plan vast", cell: (a) => (a.adopts ? "ja" : "nee") },
              ]}
            />
          </section>
        )}
        <Toc ctx={ctx} />
        <PartsNav plan={plan} parts={parts} part={part} place="boven" />
        {isFirst && <Sections sections={plan.sections} level={2} idPrefix="tekst" />}
        {topHeadings.map((item) => (
          <HeadingItem item={item} ctx={ctx} depth={0} />
        ))}
        {topRows.length > 0 && (
          <section id="onderdelen" aria-label={levelName(plan, rowLevel)}>
            <Rows rows={topRows} ctx={ctx} headingLevel={2} caption={plan.title} />
          </section>
        )}
        {isLast && <Sections sections={plan.closingSections} level={2} idPrefix="slot" />}
        <PartsNav plan={plan} parts={parts} part={part} place="onder" />
        <Footnotes footnotes={plan.footnotes} />
        <SourceNote source={plan.source} />
      </article>
    </Page>
  );
}
