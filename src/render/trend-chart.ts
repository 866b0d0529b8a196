/**
 * The history window's trend in the job summary: per gated metric a small Mermaid line chart of
 * its value in each baseline of the window, oldest first, then this run — so a reviewer sees
 * whether the base branch has been drifting, which a comparison with the newest run hides.
 */
import type { TrendSeries } from "../gate/types.js";
import { findMetric, isTokenMetric } from "../metrics/catalogue.js";
import { niceCeiling, quoted } from "./mermaid-chart.js";

/** Up to this many charts per scenario are shown open; more are collapsed in `<details>`. */
export const OPEN_TREND_CHARTS = 2;

/** The axis unit of a metric and the factor from the report's unit to it (fractions in %). */
function chartUnit(metric: string): { readonly label: string; readonly scale: number } {
  const def = findMetric(metric);
  if (def === undefined) return { label: "value", scale: 1 };
  if (isTokenMetric(metric)) return { label: def.unit === "per_sec" ? "tok/s" : "tok", scale: 1 };
  switch (def.unit) {
    case "duration":
      return { label: "ms", scale: 1 };
    case "fraction":
      return { label: "%", scale: 100 };
    case "per_sec":
      return { label: "req/s", scale: 1 };
    case "count":
      return { label: "count", scale: 1 };
  }
}

/**
 * One fenced ```mermaid line chart of `series` for scenario `name`: x labels `-5` … `-1` (the
 * baselines, oldest first; `-1` is the newest) and `this run`, a y axis from 0 in the metric's
 * unit, then a legend line. A run without data for the metric is left out and named in the legend.
 * Returns no lines when fewer than 2 baselines have a value: one point is no trend.
 */
export function renderTrendChart(name: string, series: TrendSeries): string[] {
  const n = series.baselines.length;
  const points = [
    ...series.baselines.map((value, i) => ({ label: `-${n - i}`, value })),
    { label: "this run", value: series.actual },
  ];
  const kept = points.filter((p): p is { label: string; value: number } => p.value !== null);
  const missing = points.filter((p) => p.value === null).map((p) => p.label);
  if (kept.filter((p) => p.label !== "this run").length < 2) return [];
  const { label, scale } = chartUnit(series.metric);
  const values = kept.map((p) => Math.round(p.value * scale * 1000) / 1000);
  const gaps = missing.length === 0 ? "" : ` · no data: ${missing.join(", ")}`;
  return [
    "```mermaid",
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#0969da"}}}}%%',
    "xychart-beta",
    `  title ${quoted(`${name}: ${series.metric} (${label})`)}`,
    `  x-axis [${kept.map((p) => quoted(p.label)).join(", ")}]`,
    // From 0, as the latency chart: an automatic axis makes a 2 % drift look like a cliff.
    `  y-axis ${quoted(label)} 0 --> ${niceCeiling(Math.max(...values))}`,
    `  line [${values.join(", ")}]`,
    "```",
    "",
    `<sub>${series.metric} in ${label}: the last ${n} baselines, oldest (-${n}) to newest (-1), then this run${gaps}</sub>`,
  ];
}

/**
 * Every trend chart of a scenario, each followed by a blank line; more than `OPEN_TREND_CHARTS`
 * are collapsed in one `<details>` so the summary stays readable. No lines without a chart.
 */
export function renderTrendCharts(name: string, trend: readonly TrendSeries[]): string[] {
  const charts = trend.map((t) => renderTrendChart(name, t)).filter((c) => c.length > 0);
  if (charts.length === 0) return [];
  const body = charts.flatMap((c) => [...c, ""]);
  if (charts.length <= OPEN_TREND_CHARTS) return body;
  const runs = Math.max(...trend.map((t) => t.baselines.length));
  return [
    `<details><summary>Trend of ${charts.length} metrics over the last ${runs} baselines and this run</summary>`,
    "",
    ...body,
    "</details>",
    "",
  ];
}
