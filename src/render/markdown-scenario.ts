/**
 * One scenario of the markdown summary: heading with its verdict, the request and the load that
 * was run, the table of every threshold and regression rule (and of the LLM metrics when it
 * streams), counts and errors by kind, token and goodput lines, error samples, warnings, and the
 * latency chart.
 */

import type { GateResult, ScenarioComparison } from "../gate/types.js";
import type { Check, MeasuredScenario, ScenarioReport } from "../report/types.js";
import { baselineCapacityLine, capacityLine, capacityRows, renderCapacityChart } from "./capacity-text.js";
import { formatCount, formatPercent, formatRate, formatSeconds } from "./format.js";
import { describeLoad } from "./load-line.js";
import { ruleNotes, ruleRows } from "./markdown-rules.js";
import {
  labelledValue,
  renderErrorSamplesMarkdown,
  renderStreamLines,
  renderStreamRows,
} from "./markdown-stream.js";
import { code, formatChange, formatCheckLimit, STATUS_TEXT, tableRow } from "./markdown-values.js";
import { type ChartLimit, renderLatencyChart } from "./mermaid-chart.js";
import { phaseText } from "./phase-text.js";
import { scenarioMetricValue } from "./scenario-metric.js";
import { scenarioWarnings } from "./scenario-notes.js";
import { renderStageChart } from "./stage-chart.js";
import { describeErrorCount } from "./stream-text.js";
import { describeTransport } from "./transport-line.js";
import { renderTrendCharts } from "./trend-chart.js";
import { renderTrustMarkdown } from "./trust-text.js";
import { scenarioMark } from "./verdict-text.js";
import { stageTableRows, stepTableRows, workloadRows } from "./workload-text.js";

/** The gate's view of one scenario. */
export type GateScenario = GateResult["scenarios"][number];

/** How the summary names the baseline side and the history window (see baseline-text.ts). */
export interface ScenarioMarkdownOptions {
  /** The baseline column's header (default `baseline`; `baseline (side by side)`). */
  readonly baselineColumn?: string;
  /** The history window in words, for creep rows (`the last 5 runs on main`). */
  readonly window?: string;
}

function tableHead(baselineColumn: string): string[] {
  return [`| metric | ${baselineColumn} | this run | change | limit | status |`, "|---|--:|--:|--:|---|---|"];
}

function thresholdRow(check: Check, s: ScenarioReport, baseline: MeasuredScenario | null): string {
  const before = scenarioMetricValue(baseline, check.metric);
  const change = before === null || check.actual === null ? null : check.actual - before;
  const relative = change === null || before === 0 || before === null ? null : change / before;
  const status = check.pass
    ? STATUS_TEXT.pass
    : `${STATUS_TEXT.fail}${check.actual === null ? ` (no data${check.no_data ? `: ${check.no_data}` : ""})` : ""}`;
  return tableRow([
    code(check.metric),
    labelledValue(check.metric, before, baseline),
    labelledValue(check.metric, check.actual, s),
    formatChange(check.metric, change, relative),
    formatCheckLimit(check),
    status,
  ]);
}

function header(s: ScenarioReport, gate: GateScenario | undefined): string[] {
  const warmup = s.load.warmup_ms > 0 ? ` after ${formatSeconds(s.load.warmup_ms)} warm-up` : "";
  const rules = [...(gate?.comparison?.checks ?? []), ...(gate?.comparison?.creep ?? [])];
  const regressed = rules.some((c) => c.status === "regression");
  const inconclusive = rules.some((c) => c.status === "inconclusive");
  const trust = renderTrustMarkdown(s);
  return [
    `### ${scenarioMark(s, regressed, inconclusive)} ${s.name}`,
    "",
    `${code(`${s.request.method} ${s.request.url}`)} · ${describeLoad(s.load)} · measured ${formatSeconds(s.duration_ms)}${warmup}`,
    ...transportLine(s),
    // Untrusted right under the heading: the table below was measured under the wrong load.
    ...(trust.length > 0 ? ["", ...trust] : []),
  ];
}

/** The transport line under the heading's request line, when it is not plain http/1.1. */
function transportLine(s: ScenarioReport): string[] {
  const line = describeTransport(s.transport);
  return line === null ? [] : ["", line];
}

/** `` `http_5xx` 3 · `timeout` 1 ``, largest first; `describe` adds words to a count (error kinds). */
function joinCounts(
  counts: Readonly<Record<string, number>>,
  describe = (key: string, n: number) => `${code(key)} ${n}`,
): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? "none" : entries.map(([key, n]) => describe(key, n)).join(" · ");
}

function counts(s: ScenarioReport): string[] {
  const r = s.requests;
  const what = s.steps === undefined ? "Requests" : "Iterations";
  return [
    `**${what}:** ${formatCount(r.total)} total · ${formatCount(r.ok)} ok · ${formatCount(r.failed)} failed · ${formatCount(r.dropped)} dropped · ${throughput(s)}`,
    `**Errors:** ${joinCounts(s.errors, (key, n) => describeErrorCount(key, n, code(key)))} · error rate ${formatPercent(s.error_rate)} · **Status:** ${joinCounts(s.status)}`,
    ...phaseLines(s),
    ...workloadRows(s, code).map(
      ([label, text]) => `**${label[0]?.toUpperCase()}${label.slice(1)}:** ${text}`,
    ),
  ];
}

/** `**Phases (p50/p95 ms):** connect … · ttfb … · body …`, or nothing for a report without phases. */
function phaseLines(s: ScenarioReport): string[] {
  const text = phaseText(s, code);
  return text === null ? [] : [`**Phases (p50/p95 ms):** ${text}`];
}

/** A multi-step scenario's steps, then a load shape's stages, as small tables; empty otherwise. */
function stepTable(s: ScenarioReport): string[] {
  const steps = rowsTable(stepTableRows(s));
  const stages = rowsTable(stageTableRows(s));
  return steps.length > 0 && stages.length > 0 ? [...steps, "", ...stages] : [...steps, ...stages];
}

/** A header row and body rows as a markdown table, first column as code; empty for no rows. */
function rowsTable(table: string[][]): string[] {
  const [head, ...rows] = table;
  if (head === undefined) return [];
  return [
    tableRow(head),
    `|---|${head
      .slice(1)
      .map(() => "--:")
      .join("|")}|`,
    ...rows.map(([name = "", ...cells]) => tableRow([code(name), ...cells])),
  ];
}

/** `rps 25.5 req/s (ok_rps 25.0 req/s)`: responses of any status, then ok ones. */
function throughput(s: ScenarioReport): string {
  const ok = s.ok_rps === undefined ? "" : ` (${code("ok_rps")} ${formatRate(s.ok_rps)} req/s)`;
  return `${code("rps")} ${formatRate(s.rps)} req/s${ok}`;
}

function warnings(s: ScenarioReport, comparison: ScenarioComparison | null): string[] {
  const out: string[] = [];
  if (comparison && !comparison.comparable) {
    out.push(`not gated on the baseline: it ran a different load (${comparison.reasons.join("; ")})`);
  }
  out.push(...scenarioWarnings(s));
  return out.map((w) => `- ⚠️ ${w}`);
}

function table(
  gate: GateScenario | undefined,
  s: ScenarioReport,
  baseline: MeasuredScenario | null,
  options: ScenarioMarkdownOptions,
): string[] {
  const thresholds = gate?.thresholds ?? s.checks;
  const comparison = gate?.comparison ?? null;
  const rules = [...(comparison?.checks ?? []), ...(comparison?.creep ?? [])];
  // A streamed metric a threshold or rule names is already in the table, with its limit.
  const named = new Set([...thresholds, ...rules].map((c) => c.metric));
  const streamRows = renderStreamRows(s, baseline, named);
  if (thresholds.length + rules.length + streamRows.length === 0)
    return ["No thresholds or regression rules for this scenario."];
  // Failures first: the rows a reviewer came for sit at the top of the table, once each.
  const failedFirst = <T>(list: readonly T[], failed: (c: T) => boolean): T[] => [
    ...list.filter(failed),
    ...list.filter((c) => !failed(c)),
  ];
  return [
    ...tableHead(options.baselineColumn ?? "baseline"),
    ...failedFirst(thresholds, (c) => !c.pass).map((c) => thresholdRow(c, s, baseline)),
    ...ruleRows(comparison, s, baseline, options.window ?? "the history window"),
    ...streamRows,
  ];
}

/** The `<=` thresholds on a family's percentiles, drawn as lines on its chart (`latency.p95 ≤ 500 ms`). */
function chartLimits(thresholds: readonly Check[], family: string): ChartLimit[] {
  return thresholds
    .filter((c) => c.metric.startsWith(`${family}.p`) && (c.op === "<=" || c.op === "<"))
    .map((c) => ({ label: `${c.metric} ${formatCheckLimit(c)}`, valueMs: c.limit }));
}

/** A capacity search: its headline (and the baseline's), the steps as a table, and the p95-vs-rate chart. */
function capacityMarkdown(s: ScenarioReport, baseline: MeasuredScenario | null): string[] {
  const line = capacityLine(s);
  if (line === null || s.capacity_search === undefined) return [];
  const [head, ...rows] = capacityRows(s.capacity_search);
  const other = baselineCapacityLine(s, baseline);
  return [
    `**${line}**`,
    "",
    ...(other === null ? [] : [other, ""]),
    tableRow(head ?? []),
    tableRow((head ?? []).map((_, i) => (i === 0 || i === 5 ? "---" : "---:"))),
    ...rows.map((r) => tableRow(r)),
    "",
    ...renderCapacityChart(s.name, s.capacity_search),
    // The two searches step at their own rates, so one x-axis cannot hold both without inventing
    // points: the baseline's curve is a chart of its own.
    ...(baseline?.capacity_search === undefined
      ? []
      : ["", ...renderCapacityChart(`${s.name} · baseline`, baseline.capacity_search)]),
  ];
}

/**
 * The markdown of one scenario. `gate` is the gate's entry of the same name (absent: the report's
 * own checks are shown); `baseline` is the same-named scenario of the baseline report (or the
 * side-by-side baseline side), used for the baseline column of threshold and streaming rows and
 * the chart. Regression rules, then creep rules, follow the thresholds in the table, with their
 * notes under it. A streamed scenario (or one with an `slo`) also gets rows for TTFT, ITL, TPOT,
 * token rate and goodput, a line on its tokens and goodput, its error samples collapsed and a
 * TTFT chart; a history comparison ends with its trend charts. A multi-step scenario counts
 * iterations and adds its per-step table; response checks, the data file and the unique prefix
 * get a line each. Returns lines.
 */
export function renderScenarioMarkdown(
  s: ScenarioReport,
  gate: GateScenario | undefined,
  baseline: MeasuredScenario | null,
  options: ScenarioMarkdownOptions = {},
): string[] {
  const comparison = gate?.comparison ?? null;
  const extra = [
    ...warnings(s, comparison),
    ...ruleNotes(comparison, options.window ?? "the history window"),
  ];
  const thresholds = gate?.thresholds ?? s.checks;
  const chart = renderLatencyChart(s.name, s.latency, baseline?.latency ?? null, {
    limits: chartLimits(thresholds, "latency"),
  });
  const ttftChart = s.ttft
    ? renderLatencyChart(s.name, s.ttft, baseline?.ttft ?? null, {
        what: "TTFT",
        limits: chartLimits(thresholds, "ttft"),
      })
    : [];
  const samples = renderErrorSamplesMarkdown(s);
  const stageChart = renderStageChart(s);
  const capacity = capacityMarkdown(s, baseline);
  return [
    ...header(s, gate),
    "",
    ...table(gate, s, baseline, options),
    "",
    ...[...counts(s), ...renderStreamLines(s)].flatMap((l) => [l, ""]),
    ...(capacity.length > 0 ? [...capacity, ""] : []),
    ...(s.steps !== undefined || s.stages !== undefined ? [...stepTable(s), ""] : []),
    ...(samples.length > 0 ? [...samples, ""] : []),
    ...(extra.length > 0 ? [...extra, ""] : []),
    ...(chart.length > 0 ? [...chart, ""] : []),
    ...(ttftChart.length > 0 ? [...ttftChart, ""] : []),
    ...(stageChart.length > 0 ? [...stageChart, ""] : []),
    ...renderTrendCharts(s.name, comparison?.trend ?? []),
  ];
}
