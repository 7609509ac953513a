/**
 * The figures beside a plan item on the plan page: each indicator the item is measured by,
 * with its latest value per area, its period and source, linking to the indicator's page, and
 * its course over time as a chart to unfold.
 * Values are as the service gives them to this viewer (small counts suppressed).
 */
import { groupBy } from "../../lib/group-by.ts";
import { markDisplay, type IndicatorView } from "./service.ts";
import { OverTimeChart, overTime } from "./over-time.tsx";

/** The latest measurement of each area, the most recent first; at most `most`. */
export function latestPerArea(indicator: IndicatorView, most = 3) {
  return [...groupBy(indicator.measurements, (m) => m.scope).values()]
    .map((list) => list.at(-1)!)
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, most);
}

export function ItemFigures({ planSlug, itemId, indicators }: { planSlug: string; itemId: number; indicators: IndicatorView[] }) {
  return (
    <div class="koers-figures">
      <p class="utrecht-paragraph">
        <strong>Cijfers</strong>
      </p>
      <ul class="utrecht-unordered-list">
        {indicators.map((i) => {
          const latest = latestPerArea(i);
          return (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={`/plannen/${planSlug}/cijfers/${i.slug}`}>
                {i.name}
              </a>
              {latest.length === 0
                ? ": nog geen meting"
                : latest.map((m, n) => (
                    <>
                      {n === 0 ? ": " : "; "}
                      {i.unit === "tekst" || (m.value === null && !m.suppressed) ? (m.narrative ?? "beschreven") : m.display} ({m.label}
                      {m.scope === "totaal" ? "" : `, ${m.scopeName}`}
                      {m.source ? `; bron: ${m.source}` : ""})
                    </>
                  ))}
              {i.targets.length > 0 && `; doel: ${i.targets.map((t) => `${markDisplay(t, i.unit)} (${t.label})`).join(", ")}`}
              {overTime(i).drawn && (
                <details class="koers-chart-details">
                  <summary>Verloop van {i.name}</summary>
                  <OverTimeChart indicator={i} id={`verloop-${itemId}-${i.slug}`} />
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
