/**
 * A load shape's latency chart in the job summary: latency OVER TIME, one Mermaid line chart with
 * x = seconds of the measured phase and lines p50 / p95 / p99 of the requests completing in each
 * second (the report's timeline), the stage boundaries marked — so a spike's tail shows where it
 * happened, against the holds around it. Reports whose timeline has no per-second latency
 * (written before it existed) get the older chart of latency BY STAGE instead.
 */
import type { ScenarioReport } from "../report/types.js";
import { formatRate } from "./format.js";
import { niceCeiling, quoted } from "./mermaid-chart.js";

/**
 * Most points along the x axis: a longer timeline is cut into buckets of whole seconds, each
 * charted at the HIGHEST p50 / p95 / p99 of its seconds (a spike must not be averaged away).
 * Mermaid draws every x label, so beyond about this many they run into each other.
 */
export const MAX_CHART_POINTS = 60;

/** Grey stage markers, then p50 green, p95 blue, p99 red (the n-th series takes the n-th colour). */
const MARKER = "#d0d7de";
const LINES = "#1a7f37, #0969da, #cf222e";

type Point = ScenarioReport["timeline"][number];

/** Lines of the chart (a fenced ```mermaid block and its legend); none without stages or data. */
export function renderStageChart(s: ScenarioReport): string[] {
  const overTime = renderLatencyOverTime(s);
  return overTime.length > 0 ? overTime : renderLatencyByStage(s);
}

/** One x position: the seconds it covers, its highest quantiles (0: none completed), its stage starts. */
interface Bucket {
  readonly fromS: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Stages whose planned start falls in the bucket, with the second each starts in. */
  readonly starts: readonly { readonly name: string; readonly atS: number }[];
}

/** The second each stage starts in, by the planned lengths; stages starting past the timeline are left out. */
function stageStarts(s: ScenarioReport, seconds: number): { name: string; atS: number }[] {
  let atMs = 0;
  const out: { name: string; atS: number }[] = [];
  for (const stage of s.stages ?? []) {
    const atS = Math.floor(atMs / 1000);
    if (atS < seconds) out.push({ name: stage.name, atS });
    atMs += stage.planned.duration_ms;
  }
  return out;
}

function buckets(s: ScenarioReport, timeline: readonly Point[], size: number): Bucket[] {
  const starts = stageStarts(s, timeline.length);
  const count = Math.ceil(timeline.length / size);
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  return Array.from({ length: count }, (_, b) => {
    const seconds = timeline.slice(b * size, (b + 1) * size);
    const highest = (pick: (p: Point) => number | undefined): number =>
      round(Math.max(0, ...seconds.map((p) => pick(p) ?? 0)));
    return {
      fromS: b * size,
      p50: highest((p) => p.latency_p50),
      p95: highest((p) => p.latency_p95),
      p99: highest((p) => p.latency_p99),
      starts: starts.filter((st) => Math.floor(st.atS / size) === b),
    };
  });
}

/**
 * An x label: `12s`, or where stages start `spike 12s` (names joined by `/` when several start in
 * one bucket). Unique per bucket, which Mermaid needs (equal labels would share one position): a
 * plain label is its own bucket's first second, a stage label has a space no plain one has.
 */
function label(bucket: Bucket): string {
  const first = bucket.starts[0];
  if (first === undefined) return `${bucket.fromS}s`;
  return `${bucket.starts.map((st) => st.name).join("/")} ${first.atS}s`;
}

/** The latency-over-time chart; none when the timeline has no per-second latency or a single second. */
function renderLatencyOverTime(s: ScenarioReport): string[] {
  const timeline = s.timeline;
  if (s.stages === undefined || timeline.length < 2) return [];
  if (!timeline.some((p) => p.latency_p50 !== undefined)) return [];
  const size = Math.max(1, Math.ceil(timeline.length / MAX_CHART_POINTS));
  const xs = buckets(s, timeline, size);
  const top = niceCeiling(Math.max(...xs.map((b) => b.p99)));
  // A full-height grey bar where a stage starts (not the first: the chart's left edge is that one).
  const marks = xs.map((b, i) => (i > 0 && b.starts.length > 0 ? top : 0));
  const marked = marks.some((m) => m > 0);
  const per = size === 1 ? "each second" : `each ${size} s (the highest second of each)`;
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${marked ? `${MARKER}, ` : ""}${LINES}"}}}}%%`,
    "xychart-beta",
    `  title ${quoted(`${s.name}: latency over time (ms)`)}`,
    `  x-axis [${xs.map((b) => quoted(label(b))).join(", ")}]`,
    `  y-axis "ms" 0 --> ${top}`,
    ...(marked ? [`  bar [${marks.join(", ")}]`] : []),
    ...(["p50", "p95", "p99"] as const).map((stat) => `  line [${xs.map((b) => b[stat]).join(", ")}]`),
    "```",
    "",
    `<sub>p50 (green), p95 (blue) and p99 (red) of the ok requests completing in ${per}, by completion time; ${marked ? "grey bars and " : ""}labels with a name mark where each stage starts; 0 where none completed</sub>`,
  ];
}

/**
 * x = the stages in order (their planned target under each name), y = the p50, p95 and p99 of
 * the requests due in each stage, from 0 ms.
 */
function renderLatencyByStage(s: ScenarioReport): string[] {
  const stages = (s.stages ?? []).filter((stage) => stage.latency.count > 0);
  if (stages.length < 2) return [];
  const stageLabel = (stage: (typeof stages)[number]): string => {
    const p = stage.planned;
    return `${stage.name} (${p.rate !== undefined ? `${formatRate(p.rate)}/s` : `${p.connections ?? 0} loops`})`;
  };
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  const series = (["p50", "p95", "p99"] as const).map((stat) =>
    stages.map((stage) => round(stage.latency[stat])),
  );
  const top = niceCeiling(Math.max(...series.flat()));
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${LINES}"}}}}%%`,
    "xychart-beta",
    `  title ${quoted(`${s.name}: latency by stage (ms)`)}`,
    `  x-axis [${stages.map((stage) => quoted(stageLabel(stage))).join(", ")}]`,
    `  y-axis "ms" 0 --> ${top}`,
    ...series.map((values) => `  line [${values.join(", ")}]`),
    "```",
    "",
    "<sub>p50 (green), p95 (blue) and p99 (red) of the requests due in each stage, in order; the stage's target rate or loops in brackets</sub>",
  ];
}
