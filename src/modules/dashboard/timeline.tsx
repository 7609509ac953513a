/**
 * The timeline of a plan: its items with a readable "wanneer" as bars (from
 * start to end; dashed for continuous items) or dots (one per moment), grouped by
 * top-level item, against the reporting periods as columns, with today marked.
 * Pure server-rendered SVG: no script, no style attributes (koers.css, block
 * "Dashboard en tijdlijn"). Width in viewBox units, so it scales; one row of fixed
 * height per item. The status is written next to every row, never shown by colour
 * alone, and a table with the same data follows the picture.
 */
import { addDays, daysBetween, formatDate, formatPeriod } from "../../lib/dates.ts";
import { DataTable, ScrollRegion } from "../../web/parts/table.tsx";
import { periodsFor } from "../monitoring/periods.ts";
import { statusLabels } from "../monitoring/status.ts";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import type { ItemProgress, PlanProgress } from "../monitoring/updates.ts";
import { itemHref } from "../plans/parts.ts";

export interface TimelineRow {
  entry: ItemProgress;
  /** A top-level item: the row opens its group, placed on the timeline or not. */
  group: boolean;
  /** Whether it has a bar or dots (its "wanneer" has dates). */
  placed: boolean;
}

export interface TimelineData {
  rows: TimelineRow[];
  /** Items whose "wanneer" is undecided or not readable: listed with their text. */
  unplaced: ItemProgress[];
  /** The reporting periods; calendar quarters when the plan has none. */
  columns: { label: string; start: string; end: string }[];
  columnsAreQuarters: boolean;
  /** First and last day shown: the plan period, widened to every placed item. */
  start: string;
  end: string;
}

const placeable = (e: ItemProgress) => !!e.item.when && e.item.when.start !== null && e.item.when.end !== null;

export function timelineData(progress: PlanProgress): TimelineData {
  const rows: TimelineRow[] = [];
  const tops = progress.items.flatMap((e, i) => (e.item.parentId === null ? [i] : []));
  tops.forEach((first, k) => {
    const top = progress.items[first]!;
    const below = progress.items.slice(first + 1, tops[k + 1] ?? progress.items.length).filter(placeable);
    if (!placeable(top) && below.length === 0) return;
    rows.push({ entry: top, group: true, placed: placeable(top) }, ...below.map((entry) => ({ entry, group: false, placed: true })));
  });
  const quarters = progress.periods.length === 0;
  const columns = quarters ? periodsFor("kwartaal", progress.plan.period) : progress.periods;
  const days = [progress.plan.period.start, progress.plan.period.end, ...columns.flatMap((c) => [c.start, c.end])];
  for (const { entry } of rows) if (placeable(entry)) days.push(entry.item.when!.start!, entry.item.when!.end!);
  days.sort();
  return {
    rows,
    unplaced: progress.items.filter((e) => e.item.when?.kind === "undecided" || e.item.when?.kind === "unreadable"),
    columns,
    columnsAreQuarters: quarters,
    start: days[0]!,
    end: days.at(-1)!,
  };
}

// Geometry, in viewBox units.
const WIDTH = 1000;
const LABEL_X = 8;
const STATUS_X = 340;
const CHART_START = 480;
const CHART_END = 990;
const ROW = 26;
/** Above the rows: the today label, then two lines for the column labels. */
const TOP = 64;
/** Rough width of a character at the label sizes, to shorten labels and spread column labels. */
const CHAR = 7;

const round = (n: number) => Math.round(n * 10) / 10;

/** Where a day starts on the horizontal axis, for the days from `start` to `end`. */
export function scale(start: string, end: string): (day: string) => number {
  const length = daysBetween(start, end) + 1;
  return (day) => round(CHART_START + (daysBetween(start, day) / length) * (CHART_END - CHART_START));
}

const shorten = (text: string, chars: number) => (text.length <= chars ? text : `${text.slice(0, chars - 1).trimEnd()}…`);
const itemName = (e: ItemProgress) => `${e.item.code ? `${e.item.code} ` : ""}${e.item.title}`;
const statusText = (e: ItemProgress) => (e.effective ? statusLabels[e.effective] : "Nog geen status");

function Marks({ entry, x, y }: { entry: ItemProgress; x: (day: string) => number; y: number }) {
  const when = entry.item.when!;
  const span = (start: string, end: string) => ({ x: x(start), width: Math.max(2, round(x(addDays(end, 1)) - x(start))) });
  if (when.kind === "moments") {
    return (
      <>
        {when.moments.map((m) => {
          const s = span(m.start, m.end);
          return (
            <>
              <rect class="koers-tl-mark koers-tl-moment-span" x={s.x} y={y + 10} width={s.width} height={6} />
              <circle class="koers-tl-mark koers-tl-dot" cx={round(s.x + s.width / 2)} cy={y + 13} r={6} />
            </>
          );
        })}
      </>
    );
  }
  const s = span(when.start!, when.end!);
  return <rect class={`koers-tl-mark koers-tl-bar koers-tl-bar--${when.kind}`} x={s.x} y={y + 6} width={s.width} height={14} rx={2} />;
}

export function TimelineSvg({ progress, data }: { progress: PlanProgress; data: TimelineData }) {
  const x = scale(data.start, data.end);
  const height = TOP + data.rows.length * ROW + 8;
  const { today } = progress;
  const showToday = data.start <= today && today <= data.end;
  const todayX = round((x(today) + x(addDays(today, 1))) / 2);
  const todayLabel = `Vandaag, ${formatDate(today)}`;
  const todayAnchor = todayX - (todayLabel.length * CHAR) / 2 < CHART_START ? "start" : todayX + (todayLabel.length * CHAR) / 2 > WIDTH ? "end" : "middle";
  const crowded = data.columns.some((c) => x(addDays(c.end, 1)) - x(c.start) < c.label.length * CHAR + 6);
  return (
    <svg class="koers-timeline__svg" role="img" viewBox={`0 0 ${WIDTH} ${height}`} aria-labelledby="tijdlijn-titel tijdlijn-uitleg">
      <title id="tijdlijn-titel">Tijdlijn van {progress.plan.title}</title>
      <desc id="tijdlijn-uitleg">
        {`${data.rows.length} ${data.rows.length === 1 ? "onderdeel" : "onderdelen"} van ${formatDate(data.start)} tot en met ${formatDate(data.end)}, ` +
          `met ${data.columnsAreQuarters ? "de kwartalen" : "de rapportageperiodes"} als kolommen` +
          (showToday ? ` en een lijn bij vandaag (${formatDate(today)}).` : `; vandaag (${formatDate(today)}) valt erbuiten.`) +
          " De tabel onder de tijdlijn geeft dezelfde gegevens."}
      </desc>
      {data.columns.map((c, i) => {
        const from = x(c.start);
        const to = x(addDays(c.end, 1));
        // Centred over its column, but kept inside the chart when a cut-off first or last column is narrow.
        const half = (c.label.length * CHAR) / 2;
        const middle = round(Math.min(Math.max((from + to) / 2, CHART_START + half), WIDTH - half));
        return (
          <g class={`koers-tl-column koers-tl-column--${i % 2 === 0 ? "even" : "oneven"}`}>
            <rect x={from} y={22} width={round(to - from)} height={height - 22} />
            <text class="koers-tl-column-label" x={middle} y={crowded && i % 2 === 1 ? 56 : 38} text-anchor="middle">
              {c.label}
            </text>
          </g>
        );
      })}
      <line class="koers-tl-axis" x1={CHART_START} y1={TOP} x2={CHART_END} y2={TOP} />
      {data.rows.map((row, i) => {
        const y = TOP + i * ROW;
        const name = itemName(row.entry);
        const indent = row.group ? 0 : Math.min(row.entry.item.depth, 4) * 12;
        const chars = Math.floor((STATUS_X - 12 - LABEL_X - indent) / CHAR);
        return (
          <g class={`koers-tl-row koers-tl-status--${row.entry.effective ?? "geen"}${row.group ? " koers-tl-row--group" : ""}`}>
            {row.group && i > 0 && <line class="koers-tl-separator" x1={0} y1={y} x2={WIDTH} y2={y} />}
            <text class="koers-tl-label" x={LABEL_X + indent} y={y + 18}>
              {name.length > chars && <title>{name}</title>}
              {shorten(name, chars)}
            </text>
            <text class="koers-tl-status-text" x={STATUS_X} y={y + 18}>
              {statusText(row.entry)}
            </text>
            {row.placed && <Marks entry={row.entry} x={x} y={y} />}
          </g>
        );
      })}
      {showToday && (
        <g class="koers-tl-today">
          <line x1={todayX} y1={20} x2={todayX} y2={height} />
          <text x={todayX} y={14} text-anchor={todayAnchor}>
            {todayLabel}
          </text>
        </g>
      )}
    </svg>
  );
}

function ItemLink({ entry, slug }: { entry: ItemProgress; slug: string }) {
  return (
    <a class="utrecht-link" href={itemHref(slug, entry.item.id)}>
      {itemName(entry)}
    </a>
  );
}

/** The same rows as a table: item, "wanneer" as written, start, end, status. */
export function TimelineTable({ progress, data }: { progress: PlanProgress; data: TimelineData }) {
  const slug = progress.plan.slug;
  return (
    <DataTable
      id="tijdlijn-tabel"
      class="koers-tl-table"
      caption={`De tijdlijn als tabel${progress.period ? `, met de status over ${progress.period.label}` : ""}`}
      hideCaption
      rows={data.rows}
      rowClass={(r) => (r.group ? "koers-tl-table-group" : undefined)}
      columns={[
        { label: "Onderdeel", rowHeader: true, cell: ({ entry }) => <ItemLink entry={entry} slug={slug} /> },
        {
          label: "Wanneer (zoals in het plan)",
          cell: ({ entry }) => {
            const when = entry.item.when;
            return (
              <>
                {when?.text ?? "Geen planning"}
                {when?.kind === "moments" && when.moments.length > 1 && (
                  <ul class="utrecht-unordered-list koers-tl-moments">
                    {when.moments.map((m) => (
                      <li class="utrecht-unordered-list__item">
                        {m.text}: {formatPeriod(m)}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            );
          },
        },
        { label: "Begin", cell: ({ entry, placed }) => (placed ? formatDate(entry.item.when!.start!) : "–") },
        { label: "Einde", cell: ({ entry, placed }) => (placed ? formatDate(entry.item.when!.end!) : "–") },
        {
          label: "Status",
          cell: ({ entry }) => <StatusBadge status={entry.effective} note={entry.status === null && entry.rolledUp !== null ? "berekend" : undefined} />,
        },
      ]}
    />
  );
}

/** The picture, its table, and the items that cannot be placed yet (headings from level 2). */
export function Timeline({ progress }: { progress: PlanProgress }) {
  const data = timelineData(progress);
  return (
    <>
      {data.rows.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn (nog) geen onderdelen met een planning die op de tijdlijn te plaatsen is.</p>
      ) : (
        <>
          <figure class="koers-timeline">
            <ScrollRegion labelledBy="tijdlijn-titel">
              <TimelineSvg progress={progress} data={data} />
            </ScrollRegion>
            <figcaption class="koers-note">
              Balken lopen van begin tot einde; een stippellijn is doorlopend werk, een stip een moment.{" "}
              {data.columnsAreQuarters ? "De kolommen zijn kwartalen: dit plan heeft nog geen rapportageperiodes." : "De kolommen zijn de rapportageperiodes."}
            </figcaption>
          </figure>
          <h2 class="utrecht-heading-2">De tijdlijn als tabel</h2>
          <TimelineTable progress={progress} data={data} />
        </>
      )}
      <h2 class="utrecht-heading-2">Nog niet te plaatsen</h2>
      {data.unplaced.length === 0 ? (
        <p class="utrecht-paragraph">Van alle onderdelen met een planning kan Koers de tijd lezen.</p>
      ) : (
        <>
          <p class="utrecht-paragraph">
            Bij deze onderdelen is de tijd nog niet bepaald, of staat er een tekst die Koers niet als tijd kan lezen. Pas zo nodig het
            veld "Wanneer" van het onderdeel aan.
          </p>
          <ul class="utrecht-unordered-list">
            {data.unplaced.map((entry) => (
              <li class="utrecht-unordered-list__item">
                <ItemLink entry={entry} slug={progress.plan.slug} />: "{entry.item.when!.text}"{" "}
                {entry.item.when!.kind === "undecided" ? "(nog niet bepaald)" : "(niet te lezen)"}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
