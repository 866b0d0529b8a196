/**
 * A load shape's latency over its stages in the job summary: one Mermaid line chart, x = the
 * stages in order (their planned target under each name), y = the p50, p95 and p99 of the
 * requests due in each stage, from 0 ms — so a spike's tail shows against the holds around it.
 */
import type { ScenarioReport } from "../report/types.js";
import { formatRate } from "./format.js";
import { niceCeiling, quoted } from "./mermaid-chart.js";

/** Lines of the chart (a fenced ```mermaid block and its legend); none without stages or data. */
export function renderStageChart(s: ScenarioReport): string[] {
  const stages = (s.stages ?? []).filter((stage) => stage.latency.count > 0);
  if (stages.length < 2) return [];
  const label = (stage: (typeof stages)[number]): string => {
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
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1a7f37, #0969da, #cf222e"}}}}%%',
    "xychart-beta",
    `  title ${quoted(`${s.name}: latency by stage (ms)`)}`,
    `  x-axis [${stages.map((stage) => quoted(label(stage))).join(", ")}]`,
    `  y-axis "ms" 0 --> ${top}`,
    ...series.map((values) => `  line [${values.join(", ")}]`),
    "```",
    "",
    "<sub>p50 (green), p95 (blue) and p99 (red) of the requests due in each stage, in order; the stage's target rate or loops in brackets</sub>",
  ];
}
