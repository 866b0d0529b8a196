/**
 * The PR comment's streaming digest: one compact row per streamed scenario with time to first
 * token, inter-token latency, time per output token, output token rate and goodput against the
 * baseline, so a reviewer sees in
 * five seconds whether streaming got slower without opening the details.
 */
import type { GateResult } from "../gate/types.js";
import type { MeasuredScenario, Report, ScenarioReport } from "../report/types.js";
import { baselineScenarios } from "./baseline-text.js";
import type { GateScenario } from "./markdown-scenario.js";
import { estimateLabel } from "./markdown-stream.js";
import { code, formatDelta, formatRelative, formatValue, tableRow } from "./markdown-values.js";
import { scenarioMetricValue } from "./scenario-metric.js";

/** The columns of the digest: the streaming numbers a chat user feels first. */
const DIGEST_METRICS = [
  ["TTFT p95", "ttft.p95"],
  ["ITL p99", "itl.p99"],
  ["TPOT p95", "tpot.p95"],
  ["output tok/s", "output_tps"],
  ["goodput", "goodput"],
] as const;

/** At most this many scenarios in the digest; the details hold the rest. */
const MAX_ROWS = 10;

/**
 * `❌` / `🔺` / `❔` after a value a threshold failed on, the gate found regressed (or crept), or
 * could not decide; else nothing.
 */
function marker(gate: GateScenario | undefined, metric: string): string {
  if (gate?.thresholds.some((c) => c.metric === metric && !c.pass)) return " ❌";
  const rules = [...(gate?.comparison?.checks ?? []), ...(gate?.comparison?.creep ?? [])].filter(
    (c) => c.metric === metric,
  );
  if (rules.some((c) => c.status === "regression")) return " 🔺";
  return rules.some((c) => c.status === "inconclusive") ? " ❔" : "";
}

/** The change vs the baseline: relative, or absolute when the baseline is 0; null without one. */
function changeText(metric: string, actual: number, before: number | null): string | null {
  if (before === null) return null;
  return before === 0 ? formatDelta(metric, actual - before) : formatRelative((actual - before) / before);
}

/**
 * `380.0 ms (+26.7%)`: this run's value, then in one parenthesis the change vs the baseline when
 * there is one and whether the figure is estimated (`1,600.0 tok/s (-5.9%, estimated)`).
 */
function cell(metric: string, s: ScenarioReport, baseline: MeasuredScenario | null): string {
  const actual = scenarioMetricValue(s, metric);
  if (actual === null) return formatValue(metric, null);
  const before = scenarioMetricValue(baseline, metric);
  const notes = [changeText(metric, actual, before), estimateLabel(metric, s)].filter((n) => n !== null);
  const value = formatValue(metric, actual);
  return notes.length === 0 ? value : `${value} (${notes.join(", ")})`;
}

/**
 * A small table, one row per streamed scenario (at most 10): TTFT p95, ITL p99, TPOT p95, output
 * tok/s and goodput (n/a without an slo),
 * each with its change vs the same-named scenario of `baseline` and a marker when the gate
 * failed or flagged it. No lines when no scenario streamed.
 */
export function renderStreamDigest(report: Report, gate: GateResult, baseline: Report | null): string[] {
  // A non-streamed body read for its usage (`json`) has no TTFT, ITL or TPOT: its tokens are in the details.
  const streamed = report.scenarios.filter((s) => s.stream !== undefined && s.stream.format !== "json");
  if (streamed.length === 0) return [];
  const gateByName = new Map(gate.scenarios.map((s) => [s.name, s]));
  // Side by side, the baseline is side A, embedded in the report.
  const baselineByName = baselineScenarios(report, gate, baseline);
  const compared = baselineByName.size > 0;
  const rows = streamed.slice(0, MAX_ROWS).map((s) => {
    const before = baselineByName.get(s.name) ?? null;
    const cells = DIGEST_METRICS.map(([, m]) => `${cell(m, s, before)}${marker(gateByName.get(s.name), m)}`);
    return tableRow([code(s.name), ...cells]);
  });
  const more = streamed.length - rows.length;
  return [
    `| streaming${compared ? " (vs baseline)" : ""} | ${DIGEST_METRICS.map(([title]) => title).join(" | ")} |`,
    `|---|${DIGEST_METRICS.map(() => "--:").join("|")}|`,
    ...rows,
    ...(more > 0 ? ["", `…and ${more} more streamed scenarios in the details below.`] : []),
  ];
}
