/**
 * A Mermaid `xychart-beta` of a scenario's latency percentiles, which GitHub renders in job
 * summaries and comments: a shift of the whole distribution reads faster as a picture than as
 * four numbers.
 */
import type { LatencySummary } from "../report/types.js";

/** The percentiles charted, in order along the x axis. */
export const CHART_PERCENTILES = ["p50", "p90", "p95", "p99"] as const;

/** Values as Mermaid reads them: plain numbers in ms, rounded to the µs the histograms hold. */
function series(summary: LatencySummary): string {
  return `[${CHART_PERCENTILES.map((p) => String(Math.round(summary[p] * 1000) / 1000)).join(", ")}]`;
}

/** Mermaid titles are double-quoted strings without escapes: a quote in a name would end it. */
function quoted(text: string): string {
  return `"${text.replace(/["\r\n]/g, "'")}"`;
}

/**
 * A fenced ```mermaid block charting p50/p90/p95/p99 in ms of `what` (latency, or a streamed
 * scenario's TTFT: a chart of its own, since on the latency axis it would be a sliver): this run
 * as a line, the baseline (when given and it recorded anything) as bars behind it. xychart-beta
 * draws no legend, so the title says which is which. Returns lines, or none when this run
 * recorded nothing (a chart of zeros would read as "instant").
 */
export function renderLatencyChart(
  name: string,
  head: LatencySummary,
  baseline: LatencySummary | null = null,
  what = "latency",
): string[] {
  if (head.count === 0) return [];
  const withBaseline = baseline !== null && baseline.count > 0;
  const title = withBaseline
    ? `${name}: ${what} (ms), bars = baseline, line = this run`
    : `${name}: ${what} (ms), this run`;
  const max = Math.max(
    ...CHART_PERCENTILES.map((p) => head[p]),
    ...(withBaseline ? CHART_PERCENTILES.map((p) => baseline[p]) : []),
  );
  return [
    "```mermaid",
    "xychart-beta",
    `  title ${quoted(title)}`,
    `  x-axis [${CHART_PERCENTILES.join(", ")}]`,
    // An explicit range from 0: Mermaid's automatic axis starts near the minimum, which makes a
    // 2 % change look like a cliff.
    `  y-axis "ms" 0 --> ${niceCeiling(max)}`,
    ...(withBaseline ? [`  bar ${series(baseline)}`] : []),
    withBaseline ? `  line ${series(head)}` : `  bar ${series(head)}`,
    "```",
  ];
}

/** The smallest 1, 2 or 5 × 10^k at or above `value` (and above 0), for a readable axis top. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    const top = step * magnitude;
    // Rounded: 0.1 * 3 style float noise must not push the top one step too far.
    if (Math.round(top * 1e9) / 1e9 >= value) return Math.round(top * 1e9) / 1e9;
  }
  return 10 * magnitude;
}
