/**
 * The forms around a report: choosing its periods, writing its introduction and closing,
 * saving it as a version for a meeting, and a saved version with what changed since the one before.
 */
import { Page, CsrfField } from "../../web/layout.tsx";
import { Field, ProblemNotice, Select, SubmitOrCancel, TextArea } from "../../web/forms.tsx";
import { formatDate } from "../../lib/dates.ts";
import { StatusBadge } from "../monitoring/status-badge.tsx";
import type { Segment } from "../versions/compare.ts";
import type { ReportComparison, TextChange } from "./compare.ts";
import type { Report } from "./model.ts";
import { ReportBody, spanQuery } from "./report-page.tsx";
import type { VersionSummary } from "./service.ts";

const crumbs = (plan: { slug: string; title: string }) => [
  { href: "/", label: "Plannen" },
  { href: `/plannen/${plan.slug}`, label: plan.title },
];

export function ChooseSpanPage({ plan, periods, error }: { plan: { slug: string; title: string }; periods: { label: string }[]; error?: string | undefined }) {
  const options = periods.map((p) => ({ value: p.label, label: p.label }));
  return (
    <Page title={`Rapportage over ${plan.title}`} crumbs={crumbs(plan)}>
      <h1 class="utrecht-heading-1">Rapportage over {plan.title}</h1>
      {periods.length === 0 ? (
        <p class="utrecht-paragraph">
          Dit plan heeft nog geen rapportageperiodes. Stel eerst in hoe vaak het plan over de voortgang rapporteert, bij{" "}
          <a class="utrecht-link" href={`/plannen/${plan.slug}/voortgang`}>
            Voortgang
          </a>
          .
        </p>
      ) : (
        <form method="get" action={`/plannen/${plan.slug}/rapportage`} class="koers-form">
          {error && <ProblemNotice summary={error} />}
          <p class="utrecht-paragraph">Kies de periode van de rapportage: één periode (een trimesterrapportage) of een reeks (een jaar, een tussenevaluatie).</p>
          <Select name="van" label="Van periode" options={options} value={periods.at(-1)!.label} />
          <Select name="tot" label="Tot en met periode" options={options} value={periods.at(-1)!.label} />
          <button type="submit" class="koers-button">
            Rapportage maken
          </button>
        </form>
      )}
    </Page>
  );
}

export interface TextsFormProps {
  report: Report;
  values: { title: string; intro: string; closing: string; version: number };
  errors?: Record<string, string>;
  problem?: string | undefined;
}

export function TextsPage({ report, values, errors = {}, problem }: TextsFormProps) {
  const base = `/plannen/${report.plan.slug}/rapportage`;
  return (
    <Page title={`Teksten van ${report.title}`} crumbs={[...crumbs(report.plan), { href: `${base}${spanQuery(report)}`, label: report.title }]}>
      <h1 class="utrecht-heading-1">Inleiding en slottekst</h1>
      <p class="utrecht-paragraph">
        Rapportage over {report.spanLabel}. Laat u de inleiding of de slottekst leeg, dan neemt de rapportage die van de evaluatie over deze periode over, als
        die er is.
      </p>
      {problem && <ProblemNotice summary={problem} />}
      <form method="post" action={`${base}/teksten${spanQuery(report)}`} class="koers-form">
        <CsrfField />
        <input type="hidden" name="version" value={String(values.version)} />
        <Field name="title" label="Titel" value={values.title} error={errors.title} />
        <TextArea name="intro" label="Inleiding" value={values.intro} error={errors.intro} rows={10} hint="Gewone tekst; een regel met '- ' ervoor wordt een opsomming." />
        <TextArea name="closing" label="Tot slot" value={values.closing} error={errors.closing} rows={8} />
        <SubmitOrCancel cancel={`${base}${spanQuery(report)}`} />
      </form>
    </Page>
  );
}

export function NewVersionPage({ report, values, errors = {} }: { report: Report; values: { sentTo: string; sentOn: string }; errors?: Record<string, string> }) {
  const base = `/plannen/${report.plan.slug}/rapportage`;
  return (
    <Page title={`Versie bewaren van ${report.title}`} crumbs={[...crumbs(report.plan), { href: `${base}${spanQuery(report)}`, label: report.title }]}>
      <h1 class="utrecht-heading-1">Bewaren als versie</h1>
      <p class="utrecht-paragraph">
        Koers bewaart de rapportage zoals ze nu is, met waar ze heen gaat en wanneer. Die versie blijft zo leesbaar, ook als de voortgang later verandert, en is
        te vergelijken met de versie ervoor.
      </p>
      <form method="post" action={`${base}/versies${spanQuery(report)}`} class="koers-form">
        <CsrfField />
        <Field name="sentTo" label="Naar (vergadering of orgaan)" value={values.sentTo} error={errors.sentTo} hint="Bijvoorbeeld: OOGO, regiegroep, ALV." />
        <Field name="sentOn" type="date" label="Datum" value={values.sentOn} error={errors.sentOn} />
        <SubmitOrCancel label="Versie bewaren" cancel={`${base}${spanQuery(report)}`} />
      </form>
    </Page>
  );
}

function Segments({ change }: { change: TextChange }) {
  if (!change.segments) {
    return (
      <dl class="koers-meta">
        <dt>Was</dt>
        <dd>{change.before || "(leeg)"}</dd>
        <dt>Nu</dt>
        <dd>{change.after || "(leeg)"}</dd>
      </dl>
    );
  }
  const piece = (s: Segment) =>
    s.kind === "added" ? <ins>{s.text}</ins> : s.kind === "removed" ? <del>{s.text}</del> : <span>{s.text}</span>;
  return <p class="utrecht-paragraph koers-diff">{change.segments.map(piece)}</p>;
}

export function VersionPage({ version, report, previous, comparison }: { version: VersionSummary; report: Report; previous: VersionSummary | null; comparison: ReportComparison | null }) {
  const base = `/plannen/${report.plan.slug}/rapportage`;
  const name = (i: { code: string | null; title: string }) => `${i.code ? `${i.code} ` : ""}${i.title}`;
  return (
    <Page title={`${report.title}, versie ${version.number}`} crumbs={[...crumbs(report.plan), { href: `${base}${spanQuery(report)}`, label: "Rapportage" }]}>
      <div class="koers-tools">
        <p class="utrecht-paragraph">
          Versie {version.number}, naar {version.sentTo} op {formatDate(version.sentOn)}, bewaard door {version.createdBy}.{" "}
          <a class="utrecht-link" href={`${base}/versies/${version.id}/document.docx`}>
            Deze versie als Word-bestand
          </a>
        </p>
        <section aria-labelledby="verschillen">
          <h2 class="utrecht-heading-2" id="verschillen">
            {previous ? `Wat is er anders dan versie ${previous.number} (${previous.sentTo}, ${formatDate(previous.sentOn)})` : "Verschillen"}
          </h2>
          {!comparison ? (
            <p class="utrecht-paragraph">Dit is de eerste versie.</p>
          ) : comparison.texts.length + comparison.items.length + comparison.added.length + comparison.removed.length === 0 ? (
            <p class="utrecht-paragraph">Niets: deze versie is gelijk aan de vorige.</p>
          ) : (
            <>
              {comparison.texts.map((t) => (
                <section>
                  <h3 class="utrecht-heading-3">{t.part}</h3>
                  <Segments change={t} />
                </section>
              ))}
              {comparison.items.map((i) => (
                <section>
                  <h3 class="utrecht-heading-3">{name(i)}</h3>
                  {i.status && (
                    <p class="utrecht-paragraph">
                      Status was <StatusBadge status={i.status.before} />, nu <StatusBadge status={i.status.after} />
                    </p>
                  )}
                  {i.updates && <Segments change={i.updates} />}
                  {i.figures && <Segments change={i.figures} />}
                </section>
              ))}
              {comparison.added.length > 0 && (
                <p class="utrecht-paragraph">Nieuw in het plan: {comparison.added.map(name).join("; ")}.</p>
              )}
              {comparison.removed.length > 0 && (
                <p class="utrecht-paragraph">Niet meer in het plan: {comparison.removed.map(name).join("; ")}.</p>
              )}
            </>
          )}
        </section>
      </div>
      <ReportBody report={report} />
    </Page>
  );
}
