/**
 * A Mermaid `xychart-beta` of a scenario's latency percentiles, which GitHub renders in job
 * summaries and comments: a shift of the whole distribution reads faster as a picture than as
 * four numbers.
 */
import type { LatencySummary } from "../report/types.js";

/** The percentiles charted, in order along the x axis. */
export const CHART_PERCENTILES = ["p50", "p90", "p95", "p99"] as const;

/** Values as Mermaid reads them: plain numbers in ms, rounded to the µs the histograms hold. */
function percentileSeries(summary: LatencySummary): string {
  return `[${CHART_PERCENTILES.map((p) => String(Math.round(summary[p] * 1000) / 1000)).join(", ")}]`;
}

/** Mermaid titles and labels are double-quoted strings without escapes: a quote in a name would end it. */
export function quoted(text: string): string {
  return `"${text.replace(/["\r\n]/g, "'")}"`;
}

/** A threshold drawn on a chart as a horizontal line: its words for the legend and its value in ms. */
export interface ChartLimit {
  /** `latency.p95 ≤ 500 ms`. */
  readonly label: string;
  readonly valueMs: number;
}

/** Options of `renderLatencyChart`. */
export interface ChartOptions {
  /** What is charted, in the title and the legend: `latency` (default) or `TTFT`. */
  readonly what?: string;
  /** Thresholds on the charted family, each drawn as a line across the chart. */
  readonly limits?: readonly ChartLimit[];
}

/**
 * The series colours, in the order the series are declared (Mermaid gives the n-th series the
 * n-th colour): grey baseline, blue this run, then red / orange / purple limits. Named in the
 * legend, since xychart-beta draws none itself.
 */
const COLOURS = [
  ["grey", "#8c959f"],
  ["blue", "#0969da"],
  ["red", "#cf222e"],
  ["orange", "#bc4c00"],
  ["purple", "#8250df"],
] as const;

/** A limit this far above the data is named in the legend but not drawn: it would flatten the bars. */
const MAX_LIMIT_OVER_DATA = 4;

/** One horizontal line at `valueMs`, as a series with the same value at every percentile. */
function flatSeries(valueMs: number): string {
  const v = String(Math.round(valueMs * 1000) / 1000);
  return `[${CHART_PERCENTILES.map(() => v).join(", ")}]`;
}

/**
 * A fenced ```mermaid block charting p50/p90/p95/p99 in ms of `options.what` (latency, or a
 * streamed scenario's TTFT: a chart of its own, since on the latency axis it would be a sliver):
 * the baseline (when given and it recorded anything) as grey bars, this run as a blue line (blue
 * bars without a baseline), each limit as a horizontal line, then a legend line under the block
 * naming each colour. Returns lines, or none when this run recorded nothing (a chart of zeros
 * would read as "instant").
 */
export function renderLatencyChart(
  name: string,
  head: LatencySummary,
  baseline: LatencySummary | null = null,
  options: ChartOptions = {},
): string[] {
  if (head.count === 0) return [];
  const what = options.what ?? "latency";
  const withBaseline = baseline !== null && baseline.count > 0;
  const dataMax = Math.max(
    ...CHART_PERCENTILES.map((p) => head[p]),
    ...(withBaseline ? CHART_PERCENTILES.map((p) => baseline[p]) : []),
  );
  const limits = options.limits ?? [];
  const drawn = limits.filter((l) => l.valueMs <= dataMax * MAX_LIMIT_OVER_DATA).slice(0, COLOURS.length - 2);
  const max = Math.max(dataMax, ...drawn.map((l) => l.valueMs));
  const series = withBaseline
    ? [`  bar ${percentileSeries(baseline)}`, `  line ${percentileSeries(head)}`]
    : [`  bar ${percentileSeries(head)}`];
  // Without a baseline the first colour would be the baseline's grey: start at blue.
  const palette = (withBaseline ? COLOURS : COLOURS.slice(1)).map(([, hex]) => hex).join(", ");
  const legend = [
    ...(withBaseline ? ["grey bars: baseline", "blue line: this run"] : ["blue bars: this run"]),
    ...drawn.map((l, i) => `${COLOURS[i + 2]?.[0]} line: limit ${l.label}`),
    ...limits.filter((l) => !drawn.includes(l)).map((l) => `limit ${l.label} (above the chart)`),
  ];
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    "xychart-beta",
    `  title ${quoted(`${name}: ${what} (ms)`)}`,
    `  x-axis [${CHART_PERCENTILES.join(", ")}]`,
    // An explicit range from 0: Mermaid's automatic axis starts near the minimum, which makes a
    // 2 % change look like a cliff.
    `  y-axis "ms" 0 --> ${niceCeiling(max)}`,
    ...series,
    ...drawn.map((l) => `  line ${flatSeries(l.valueMs)}`),
    "```",
    "",
    `<sub>${what} percentiles in ms · ${legend.join(" · ")}</sub>`,
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
