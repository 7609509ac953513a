import { Page } from "../../web/layout.tsx";
import { formatDateTime } from "../accounts/views.tsx";
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
        <div class="koers-table-wrap">
          <table class="utrecht-table koers-plan-table">
            <caption class="visually-hidden">{props.title}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">Wanneer</th>
                <th class="utrecht-table__header-cell" scope="col">Wie</th>
                <th class="utrecht-table__header-cell" scope="col">Wat</th>
                <th class="utrecht-table__header-cell" scope="col">Voor en na</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {props.rows.map((r) => (
                <tr class="utrecht-table__row">
                  <td class="utrecht-table__cell">{formatDateTime(r.at)}</td>
                  <td class="utrecht-table__cell">{r.actor}</td>
                  <td class="utrecht-table__cell">{r.summary}</td>
                  <td class="utrecht-table__cell">
                    {(r.before !== null || r.after !== null) && (
                      <details>
                        <summary>Bekijk</summary>
                        <p class="utrecht-paragraph"><strong>Voor</strong></p>
                        <pre class="koers-secret">{show(r.before)}</pre>
                        <p class="utrecht-paragraph"><strong>Na</strong></p>
                        <pre class="koers-secret">{show(r.after)}</pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
