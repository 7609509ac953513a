import { formatDateTime } from "../../lib/dates.ts";
import { Page } from "../../web/layout.tsx";
import { DataTable } from "../../web/parts/table.tsx";
import type { AuditRow } from "./service.ts";

const show = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value, null, 1));

export function AuditPage(props: {
  title: string;
  rows: AuditRow[];
  csvHref: string;
  nextHref?: string | undefined;
  crumbs: { href: string; label: string }[];
}) {
  return (
    <Page title={props.title} crumbs={props.crumbs}>
      <h1 class="utrecht-heading-1">{props.title}</h1>
      <p class="utrecht-paragraph">
        Elke wijziging wordt vastgelegd met wie, wanneer en wat er voor en na stond. Dit overzicht kan niet worden
        aangepast.{" "}
        <a class="utrecht-link" href={props.csvHref} download>
          Download als CSV
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen wijzigingen vastgelegd.</p>
      ) : (
        <DataTable
          id="wijzigingen"
          caption={props.title}
          hideCaption
          rows={props.rows}
          columns={[
            { label: "Wanneer", cell: (r) => formatDateTime(r.at) },
            { label: "Wie", cell: (r) => r.actor },
            { label: "Wat", cell: (r) => r.summary },
            {
              label: "Voor en na",
              cell: (r) =>
                (r.before !== null || r.after !== null) && (
                  <details>
                    <summary>Bekijk</summary>
                    <p class="utrecht-paragraph"><strong>Voor</strong></p>
                    <pre class="koers-secret">{show(r.before)}</pre>
                    <p class="utrecht-paragraph"><strong>Na</strong></p>
                    <pre class="koers-secret">{show(r.after)}</pre>
                  </details>
                ),
            },
          ]}
        />
      )}
      {props.nextHref && (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={props.nextHref}>
            Oudere wijzigingen
          </a>
        </p>
      )}
    </Page>
  );
}
