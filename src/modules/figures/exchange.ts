/**
 * Figures files (data/figures/<plan>.yaml, format.ts) into the database, inside the import's
 * transaction: a plan's indicators with the items they serve, their 0-meting, targets and
 * measurements. An indicator that is already there (same plan and slug) is replaced whole.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { InputError, type InputProblem } from "../../lib/validation.ts";
import type { Viewer } from "../access/viewer.ts";
import { actorOf } from "../access/viewer.ts";
import { planRef, resolveItemRefs, PlanNotFoundError } from "../plans/reading.ts";
import { system } from "../access/viewer.ts";
import type { FiguresFile } from "./format.ts";
import { indicatorItems, indicators, measurements } from "./schema.ts";

/** Writes the files' indicators; `names` are the file names, for problems. Returns how many indicators and measurements. */
export async function insertFigures(t: Db, files: readonly FiguresFile[], names: readonly string[], viewer: Viewer): Promise<{ indicators: number; measurements: number }> {
  const problems: InputProblem[] = [];
  const resolved: { file: FiguresFile; planId: number; items: Map<string, number> }[] = [];
  for (const [n, file] of files.entries()) {
    const name = names[n] ?? `${file.plan}.yaml`;
    let planId: number;
    try {
      planId = (await planRef(t, system, file.plan)).id;
    } catch (error) {
      if (!(error instanceof PlanNotFoundError)) throw error;
      problems.push({ file: name, path: "plan", message: `plan '${file.plan}' bestaat niet` });
      continue;
    }
    const refs = [...new Set(file.indicators.flatMap((i) => i.items))];
    const items = await resolveItemRefs(t, file.plan, refs);
    file.indicators.forEach((indicator, i) =>
      indicator.items.forEach((ref, r) => {
        if (!items.has(ref)) problems.push({ file: name, path: `indicators[${i}].items[${r}]`, message: `onderdeel '${ref}' bestaat niet in plan '${file.plan}'` });
      }),
    );
    const inPlan = new Set((await t.select({ slug: indicators.slug }).from(indicators).where(eq(indicators.planId, planId))).map((r) => r.slug));
    const inFile = new Set(file.indicators.map((i) => i.slug));
    file.indicators.forEach((indicator, i) => {
      if (indicator.compareWith !== undefined && !inFile.has(indicator.compareWith) && !inPlan.has(indicator.compareWith)) {
        problems.push({ file: name, path: `indicators[${i}].compareWith`, message: `indicator '${indicator.compareWith}' bestaat niet in dit bestand of in plan '${file.plan}'` });
      }
    });
    resolved.push({ file, planId, items });
  }
  if (problems.length > 0) throw new InputError(problems);

  const enteredBy = actorOf(viewer).actor;
  let indicatorCount = 0;
  let measurementCount = 0;
  for (const { file, planId, items } of resolved) {
    const slugs = file.indicators.map((i) => i.slug);
    if (slugs.length > 0) await t.delete(indicators).where(and(eq(indicators.planId, planId), inArray(indicators.slug, slugs)));
    for (const [position, indicator] of file.indicators.entries()) {
      const { sourceFile: _, ...baseline } = indicator.baseline ?? {};
      const [row] = await t
        .insert(indicators)
        .values({
          planId,
          slug: indicator.slug,
          position,
          name: indicator.name,
          definition: indicator.definition ?? null,
          unit: indicator.unit,
          direction: indicator.direction,
          frequency: indicator.frequency,
          breakdowns: indicator.breakdowns,
          children: indicator.children,
          baseline: indicator.baseline ? (baseline as NonNullable<typeof indicators.$inferInsert.baseline>) : null,
          targets: indicator.targets.map(({ sourceFile: _f, ...target }) => target),
          quote: indicator.quote ?? null,
          note: indicator.note ?? null,
          interpreted: indicator.interpreted ?? [],
          compareWith: indicator.compareWith ?? null,
        })
        .returning({ id: indicators.id });
      indicatorCount += 1;
      if (indicator.items.length > 0) {
        await t.insert(indicatorItems).values(indicator.items.map((ref, i) => ({ indicatorId: row!.id, itemId: items.get(ref)!, position: i })));
      }
      if (indicator.measurements.length > 0) {
        await t.insert(measurements).values(
          indicator.measurements.map((m) => ({
            indicatorId: row!.id,
            date: m.date,
            label: m.label,
            scope: m.scope,
            value: m.value ?? null,
            text: m.text ?? null,
            source: m.source,
            note: m.note ?? null,
            provisional: m.provisional,
            quote: m.quote,
            interpreted: m.interpreted ?? [],
            enteredBy,
          })),
        );
        measurementCount += indicator.measurements.length;
      }
    }
  }
  return { indicators: indicatorCount, measurements: measurementCount };
}
