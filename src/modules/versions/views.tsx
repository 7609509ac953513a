/** The versions of a plan and the comparison of two of them, in the plan's own words. */
import { formatDateTime } from "../../lib/dates.ts";
import { Select } from "../../web/forms.tsx";
import { Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import { statusLabel } from "../plans/views/labels.ts";
import type { Change, ItemChange, ItemLabel, Move, Segment } from "./compare.ts";
import type { VersionComparison, VersionInfo } from "./service.ts";
import { itemHref } from "../plans/parts.ts";

type PlanRef = { slug: string; title: string };

const versionsHref = (plan: PlanRef) => `/plannen/${plan.slug}/versies`;
const compareHref = (plan: PlanRef, from: VersionInfo["id"], to: VersionInfo["id"]) =>
  `/plannen/${plan.slug}/versies/vergelijk?${new URLSearchParams({ van: String(from), met: String(to) })}`;

const when = (v: VersionInfo) => (v.takenAt ? `bewaard ${formatDateTime(v.takenAt)}` : "het plan zoals het nu is");

function VersionSelect(props: { name: string; label: string; versions: VersionInfo[]; selected: VersionInfo["id"] }) {
  const options = [...props.versions, { id: "vandaag" as const, label: "Vandaag", takenAt: null, takenBy: null }];
  return (
    <Select
      id={`versie-${props.name}`}
      name={props.name}
      label={props.label}
      value={String(props.selected)}
      options={options.map((v) => ({ value: String(v.id), label: `${v.label} (${when(v)})` }))}
    />
  );
}

export function VersionsPage({ plan, versions }: { plan: PlanRef; versions: VersionInfo[] }) {
  const showWho = versions.some((v) => v.takenBy !== null);
  return (
    <Page
      title={`Versies van ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
      ]}
    >
      <h1 class="utrecht-heading-1">Versies van {plan.title}</h1>
      <p class="utrecht-paragraph">
        Als een plan wordt vastgesteld, bewaart Koers het plan zoals het op dat moment was. Zo blijft elke vastgestelde
        versie terug te lezen, ook als het plan daarna verandert. U kunt twee versies met elkaar vergelijken, of een
        versie met het plan van vandaag.
      </p>
      {versions.length === 0 ? (
        <p class="utrecht-paragraph">Van dit plan is nog geen versie bewaard. Dat gebeurt zodra het plan wordt vastgesteld.</p>
      ) : (
        <>
          <h2 class="utrecht-heading-2">Bewaarde versies</h2>
          <DataTable
            id="versies"
            caption={`Bewaarde versies van ${plan.title}`}
            hideCaption
            rows={versions}
            columns={[
              { label: "Versie", rowHeader: true, cell: (v) => v.label },
              { label: "Bewaard op", cell: (v) => v.takenAt && formatDateTime(v.takenAt) },
              showWho && { label: "Door", cell: (v) => (v.takenBy === "import" ? "Bij het inlezen van het plan" : v.takenBy) },
              {
                label: "Vergelijken",
                cell: (v) => (
                  <a class="utrecht-link" href={compareHref(plan, v.id, "vandaag")}>
                    Vergelijk met vandaag<span class="visually-hidden">: {v.label}</span>
                  </a>
                ),
              },
            ]}
          />
          <h2 class="utrecht-heading-2">Twee versies vergelijken</h2>
          <form method="get" action={`${versionsHref(plan)}/vergelijk`} class="koers-form">
            <VersionSelect name="van" label="Vergelijk" versions={versions} selected={versions.at(-1)!.id} />
            <VersionSelect name="met" label="Met" versions={versions} selected="vandaag" />
            <button type="submit" class="koers-button">
              Vergelijken
            </button>
          </form>
        </>
      )}
    </Page>
  );
}

/** Changed words marked; the hidden words tell screen readers what sighted readers see in the marks. */
function Segments({ segments }: { segments: Segment[] }) {
  return (
    <div class="koers-diff">
      {segments.map((s, i) =>
        s.kind === "same" ? (
          s.text
        ) : s.kind === "added" ? (
          // Old and new words side by side would read as one word ("januariVanaf").
          <>
            {segments[i - 1]?.kind === "removed" && " "}
            <Added>{s.text}</Added>
          </>
        ) : (
          <Removed>{s.text}</Removed>
        ),
      )}
    </div>
  );
}

function Added({ children }: { children: string }) {
  return (
    <ins>
      <span class="visually-hidden">toegevoegd: </span>
      {children}
    </ins>
  );
}

function Removed({ children }: { children: string }) {
  return (
    <del>
      <span class="visually-hidden">verwijderd: </span>
      {children}
    </del>
  );
}

const fieldLabels: Record<Change["field"], string> = {
  title: "Titel",
  subtitle: "Ondertitel",
  code: "Nummer",
  period: "Periode",
  status: "Status",
  when: "Wanneer",
  budget: "Budget (begrotingsonderdeel)",
  priority: "Prioriteit",
  reducedCapacity: "Minder capaciteit",
  section: "Tekst",
  closingSection: "Slottekst",
  parties: "Betrokkenen",
  topics: "Onderwerpen",
  links: "Verwijzingen",
};

function fieldLabel(change: Change): string {
  if (change.kind === "text" && change.heading !== undefined) {
    return change.field === "closingSection" ? `${change.heading} (slot)` : change.heading;
  }
  return fieldLabels[change.field];
}

function ChangeValue({ change }: { change: Change }) {
  if (change.kind === "text" && change.whole) {
    return (
      <>
        <p class="utrecht-paragraph">
          Koers vergelijkt deze tekst niet woord voor woord: hij is te sterk veranderd, of er zijn te veel wijzigingen in één
          keer. Hieronder staat de oude tekst en daarna de nieuwe.
        </p>
        <Segments segments={change.segments} />
      </>
    );
  }
  if (change.kind === "text") return <Segments segments={change.segments} />;
  if (change.kind === "list") {
    return (
      <ul class="utrecht-unordered-list">
        {change.removed.map((line) => (
          <li class="utrecht-unordered-list__item">
            <Removed>{line}</Removed>
          </li>
        ))}
        {change.added.map((line) => (
          <li class="utrecht-unordered-list__item">
            <Added>{line}</Added>
          </li>
        ))}
      </ul>
    );
  }
  const shown = (v: string | boolean) => (typeof v === "boolean" ? (v ? "ja" : "nee") : statusLabel(v));
  return (
    <div class="koers-diff">
      <Removed>{shown(change.before)}</Removed> <Added>{shown(change.after)}</Added>
    </div>
  );
}

function Changes({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return null;
  return (
    <dl class="koers-changes">
      {changes.map((change) => (
        <>
          <dt>{fieldLabel(change)}</dt>
          <dd>
            <ChangeValue change={change} />
          </dd>
        </>
      ))}
    </dl>
  );
}

/** "Actielijn 1.2 Titel"; the level is left out when the code already says it ("Pijler 1"). */
function itemName(item: ItemLabel): string {
  const code = item.code?.toLowerCase() ?? "";
  const saysLevel = item.level
    .toLowerCase()
    .split("/")
    .some((word) => word && code.startsWith(word));
  return [saysLevel ? null : item.level, item.code, item.title].filter(Boolean).join(" ");
}

function moveText(move: Move): string {
  const place = (parent: ItemLabel | null) => (parent ? `onder ${itemName(parent)}` : "het bovenste niveau van het plan");
  const sameParent = JSON.stringify(move.fromParent) === JSON.stringify(move.toParent);
  return sameParent
    ? `Verplaatst ${move.toParent ? `binnen ${itemName(move.toParent)}` : "op het bovenste niveau van het plan"}: van plek ${move.fromPosition} naar plek ${move.toPosition}.`
    : `Verplaatst van ${place(move.fromParent)} naar ${place(move.toParent)}.`;
}

function badges(item: ItemChange): string[] {
  if (item.status === "added") return ["Toegevoegd"];
  if (item.status === "removed") return ["Verwijderd"];
  return [...(item.moved ? ["Verplaatst"] : []), ...(item.changes.length > 0 ? ["Gewijzigd"] : [])];
}

function ItemBlock({ item, plan, today }: { item: ItemChange; plan: PlanRef; today: boolean }) {
  const headingId = `wijziging-${item.id}`;
  return (
    <section class="koers-block koers-version-item" aria-labelledby={headingId}>
      <h3 class="utrecht-heading-3" id={headingId}>
        {itemName(item)}{" "}
        {badges(item).map((b) => (
          <>
            <span class={`koers-badge koers-badge--${b.toLowerCase()}`}>{b}</span>{" "}
          </>
        ))}
      </h3>
      {item.moved && <p class="utrecht-paragraph">{moveText(item.moved)}</p>}
      <Changes changes={item.changes} />
      {today && item.status !== "removed" && (
        <p class="utrecht-paragraph koers-note koers-tools">
          <a class="utrecht-link" href={itemHref(plan.slug, item.id)}>
            Bekijk in het plan<span class="visually-hidden">: {itemName(item)}</span>
          </a>
        </p>
      )}
    </section>
  );
}

const counted = (n: number, what: string) => `${n} ${n === 1 ? "onderdeel" : "onderdelen"} ${what}`;

export function ComparePage({ result }: { result: VersionComparison }) {
  const { plan, from, to, comparison } = result;
  const { counts } = comparison;
  const nothing = comparison.plan.length === 0 && comparison.items.length === 0;
  return (
    <Page
      title={`Versies vergelijken: ${plan.title}`}
      crumbs={[
        { href: "/", label: "Plannen" },
        { href: `/plannen/${plan.slug}`, label: plan.title },
        { href: versionsHref(plan), label: "Versies" },
      ]}
    >
      <h1 class="utrecht-heading-1">Versies vergelijken</h1>
      <dl class="koers-meta">
        <dt>Plan</dt>
        <dd>{plan.title}</dd>
        <dt>Van</dt>
        <dd>
          {from.label} ({when(from)})
        </dd>
        <dt>Met</dt>
        <dd>
          {to.label} ({when(to)})
        </dd>
      </dl>
      <p class="utrecht-paragraph koers-tools">
        <a class="utrecht-link" href={versionsHref(plan)}>
          Andere versies kiezen
        </a>
      </p>
      <h2 class="utrecht-heading-2">Samenvatting</h2>
      {nothing ? (
        <p class="utrecht-paragraph">Er is niets veranderd tussen deze twee versies.</p>
      ) : (
        <>
          <ul class="utrecht-unordered-list">
            {comparison.plan.length > 0 && (
              <li class="utrecht-unordered-list__item">
                {comparison.plan.length} {comparison.plan.length === 1 ? "wijziging" : "wijzigingen"} in het plan zelf
              </li>
            )}
            {counts.added > 0 && <li class="utrecht-unordered-list__item">{counted(counts.added, "toegevoegd")}</li>}
            {counts.removed > 0 && <li class="utrecht-unordered-list__item">{counted(counts.removed, "verwijderd")}</li>}
            {counts.moved > 0 && <li class="utrecht-unordered-list__item">{counted(counts.moved, "verplaatst")}</li>}
            {counts.changed > 0 && <li class="utrecht-unordered-list__item">{counted(counts.changed, "gewijzigd")}</li>}
          </ul>
          <p class="utrecht-paragraph koers-note">
            Toegevoegde woorden zijn onderstreept en groen, verwijderde woorden zijn doorgestreept en rood. Onderdelen die
            niet veranderd zijn, staan hier niet.
          </p>
        </>
      )}
      {comparison.plan.length > 0 && (
        <>
          <h2 class="utrecht-heading-2">Het plan zelf</h2>
          <Changes changes={comparison.plan} />
        </>
      )}
      {comparison.items.length > 0 && (
        <>
          <h2 class="utrecht-heading-2">Onderdelen</h2>
          {comparison.items.map((item) => (
            <ItemBlock item={item} plan={plan} today={to.id === "vandaag"} />
          ))}
        </>
      )}
    </Page>
  );
}
