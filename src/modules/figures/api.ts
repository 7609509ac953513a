/**
 * JSON API for figures: GET /api/v1/plans/{slug}/indicators (each with its measurements),
 * GET …/indicators/{indicator}, and POST …/measurements to save measurements, all or none.
 * A value kept from the viewer (a small count about children) is `null` with its display text.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppDeps, AppEnv } from "../../web/env.ts";
import { indicatorFigures, planFigures, saveMeasurements, type IndicatorView, type MeasurementInput } from "./service.ts";

export function indicatorJson(planSlug: string, i: IndicatorView) {
  return {
    slug: i.slug,
    name: i.name,
    definition: i.definition,
    unit: i.unit,
    direction: i.direction,
    frequency: i.frequency,
    breakdowns: i.breakdowns,
    children: i.children,
    baseline: i.baseline,
    targets: i.targets,
    interpreted: i.interpreted,
    items: i.items,
    measurements: i.measurements.map((m) => ({
      date: m.date,
      label: m.label,
      scope: m.scope,
      scopeName: m.scopeName,
      value: m.value,
      display: m.display,
      suppressed: m.suppressed,
      text: m.narrative,
      source: m.source,
      note: m.note,
      provisional: m.provisional,
      quote: m.quote,
      interpreted: m.interpreted,
      ...(m.enteredBy !== null && { enteredBy: m.enteredBy }),
    })),
    links: { self: `/api/v1/plans/${planSlug}/indicators/${i.slug}`, html: `/plannen/${planSlug}/cijfers/${i.slug}` },
  };
}

export function figuresApi({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/:slug/indicators", async (c) => {
      const figures = await planFigures(db, c.get("viewer"), c.req.param("slug"));
      return c.json({ data: figures.indicators.map((i) => indicatorJson(figures.plan.slug, i)) });
    })
    .get("/:slug/indicators/:indicator", async (c) => {
      const figures = await indicatorFigures(db, c.get("viewer"), c.req.param("slug"), c.req.param("indicator"));
      return c.json({ data: indicatorJson(figures.plan.slug, figures.indicator) });
    })
    .post("/:slug/measurements", async (c) => {
      const body = await c.req.json().catch(() => {
        throw new HTTPException(400, { message: "De inhoud is geen geldige JSON." });
      });
      const list: unknown[] = Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : [];
      const rows = list.map((entry, i) => {
        const { indicator, ...input } = (entry ?? {}) as { indicator?: unknown } & MeasurementInput;
        return { row: `[${i}]`, indicator: typeof indicator === "string" ? indicator : "", input };
      });
      const dryRun = c.req.query("dryRun") === "true" || c.req.query("dryRun") === "1";
      const result = await saveMeasurements(db, c.get("viewer"), c.req.param("slug"), rows, { file: "metingen", dryRun });
      return c.json({ data: { saved: dryRun ? 0 : result.saved, checked: result.rows.length, dryRun } }, dryRun ? 200 : 201);
    });
}
