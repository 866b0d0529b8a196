/**
 * One scenario of the markdown summary: heading with its verdict, the request and the load that
 * was run, the table of every threshold and regression rule (and of the LLM metrics when it
 * streams), counts and errors by kind, token and goodput lines, error samples, warnings, and the
 * latency chart.
 */
import type { GateResult, RegressionCheck, ScenarioComparison } from "../gate/types.js";
import type { Check, LoadReport, ScenarioReport } from "../report/types.js";
import { formatCount, formatDurationMs, formatPercent, formatRate, formatSeconds } from "./format.js";
import {
  labelledValue,
  renderErrorSamplesMarkdown,
  renderStreamLines,
  renderStreamRows,
} from "./markdown-stream.js";
import {
  code,
  formatChange,
  formatInterval,
  formatThresholdLimit,
  STATUS_TEXT,
  tableRow,
} from "./markdown-values.js";
import { renderLatencyChart } from "./mermaid-chart.js";
import { scenarioMetricValue } from "./scenario-metric.js";
import { describeErrorCount } from "./stream-text.js";

/** The gate's view of one scenario. */
export type GateScenario = GateResult["scenarios"][number];

const TABLE_HEAD = [
  "| metric | baseline | this run | change | limit | status |",
  "|---|--:|--:|--:|---|---|",
];

/** The load as run: `open model · 25 req/s, constant arrivals, up to 8 connections`. */
export function describeLoad(load: LoadReport): string {
  if (load.model === "closed") return `closed model · ${load.connections} connections`;
  const arrival = load.arrival === "poisson" ? `poisson arrivals (seed ${load.seed})` : "constant arrivals";
  return `open model · ${load.rate} req/s, ${arrival}, up to ${load.connections} connections`;
}

function thresholdRow(check: Check, s: ScenarioReport, baseline: ScenarioReport | null): string {
  const before = scenarioMetricValue(baseline, check.metric);
  const change = before === null || check.actual === null ? null : check.actual - before;
  const relative = change === null || before === 0 || before === null ? null : change / before;
  const status = check.pass
    ? STATUS_TEXT.pass
    : `${STATUS_TEXT.fail}${check.actual === null ? " (no data)" : ""}`;
  return tableRow([
    code(check.metric),
    labelledValue(check.metric, before, baseline),
    labelledValue(check.metric, check.actual, s),
    formatChange(check.metric, change, relative),
    formatThresholdLimit(check),
    status,
  ]);
}

function regressionRow(check: RegressionCheck, s: ScenarioReport, baseline: ScenarioReport | null): string {
  return tableRow([
    code(check.metric),
    labelledValue(check.metric, check.baseline, baseline),
    labelledValue(check.metric, check.actual, s),
    formatChange(check.metric, check.change, check.changeRelative, check.interval),
    `vs baseline ${code(check.source)}`,
    STATUS_TEXT[check.status],
  ]);
}

/** ❌ when a threshold failed, 🔺 when only a regression was found, else ✅. */
function scenarioMarker(gate: GateScenario | undefined): string {
  if (gate?.thresholds.some((c) => !c.pass)) return "❌";
  if (gate?.comparison?.checks.some((c) => c.status === "regression")) return "🔺";
  return "✅";
}

function header(s: ScenarioReport, gate: GateScenario | undefined): string[] {
  const warmup = s.load.warmup_ms > 0 ? ` after ${formatSeconds(s.load.warmup_ms)} warm-up` : "";
  return [
    `### ${scenarioMarker(gate)} ${s.name}`,
    "",
    `${code(`${s.request.method} ${s.request.url}`)} · ${describeLoad(s.load)} · measured ${formatSeconds(s.duration_ms)}${warmup}`,
  ];
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
  return [
    `**Requests:** ${formatCount(r.total)} total · ${formatCount(r.ok)} ok · ${formatCount(r.failed)} failed · ${formatCount(r.dropped)} dropped · ${formatRate(s.rps)} req/s`,
    `**Errors:** ${joinCounts(s.errors, (key, n) => describeErrorCount(key, n, code(key)))} · error rate ${formatPercent(s.error_rate)} · **Status:** ${joinCounts(s.status)}`,
  ];
}

function warnings(s: ScenarioReport, comparison: ScenarioComparison | null): string[] {
  const out: string[] = [];
  if (comparison && !comparison.comparable) {
    out.push(`not gated on the baseline: it ran a different load (${comparison.reasons.join("; ")})`);
  }
  const g = s.generator;
  if (g.lagged) {
    out.push(
      `the load generator lagged (event-loop delay p99 ${formatDurationMs(g.event_loop_delay_p99_ms)}, max ${formatDurationMs(g.event_loop_delay_max_ms)}): latencies include the client's own delay`,
    );
  }
  if (s.requests.dropped > 0) {
    out.push(`${s.requests.dropped} arrivals dropped: the client could not queue them`);
  }
  if (s.incomplete) {
    out.push(
      `incomplete: stopped after ${formatSeconds(s.duration_ms)} of ${formatSeconds(s.load.duration_ms)}`,
    );
  }
  return out.map((w) => `- ⚠️ ${w}`);
}

/** Why a rule was not a plain pass, one line each (the notes are too long for a table cell). */
function notes(comparison: ScenarioComparison | null): string[] {
  const out: string[] = [];
  for (const c of comparison?.checks ?? []) {
    if (c.status === "pass") continue;
    const why = c.note ?? (c.interval ? formatInterval(c.metric, c.interval) : undefined);
    // A note may start with its status in words ("within noise: …"); the marker already says it.
    const text = why?.replace(/^(regression|within noise|not compared)\s*:\s*/i, "");
    if (text) out.push(`- ${code(c.metric)} ${STATUS_TEXT[c.status]}: ${text}`);
  }
  return out;
}

function table(gate: GateScenario | undefined, s: ScenarioReport, baseline: ScenarioReport | null): string[] {
  const thresholds = gate?.thresholds ?? s.checks;
  const rules = gate?.comparison?.checks ?? [];
  // A streamed metric a threshold or rule names is already in the table, with its limit.
  const named = new Set([...thresholds, ...rules].map((c) => c.metric));
  const streamRows = renderStreamRows(s, baseline, named);
  if (thresholds.length + rules.length + streamRows.length === 0)
    return ["No thresholds or regression rules for this scenario."];
  return [
    ...TABLE_HEAD,
    ...thresholds.map((c) => thresholdRow(c, s, baseline)),
    ...rules.map((c) => regressionRow(c, s, baseline)),
    ...streamRows,
  ];
}

/**
 * The markdown of one scenario. `gate` is the gate's entry of the same name (absent: the report's
 * own checks are shown); `baseline` is the same-named scenario of the baseline report, used for
 * the baseline column of threshold and streaming rows and the chart. A streamed scenario (or one
 * with an `slo`) also gets rows for TTFT, ITL, TPOT, token rate and goodput, a line on its tokens
 * and goodput, its error samples collapsed and a TTFT chart. Returns lines.
 */
export function renderScenarioMarkdown(
  s: ScenarioReport,
  gate: GateScenario | undefined,
  baseline: ScenarioReport | null,
): string[] {
  const comparison = gate?.comparison ?? null;
  const extra = [...warnings(s, comparison), ...notes(comparison)];
  const chart = renderLatencyChart(s.name, s.latency, baseline?.latency ?? null);
  const ttftChart = s.ttft ? renderLatencyChart(s.name, s.ttft, baseline?.ttft ?? null, "TTFT") : [];
  const samples = renderErrorSamplesMarkdown(s);
  return [
    ...header(s, gate),
    "",
    ...table(gate, s, baseline),
    "",
    ...[...counts(s), ...renderStreamLines(s)].flatMap((l) => [l, ""]),
    ...(samples.length > 0 ? [...samples, ""] : []),
    ...(extra.length > 0 ? [...extra, ""] : []),
    ...(chart.length > 0 ? [...chart, ""] : []),
    ...(ttftChart.length > 0 ? [...ttftChart, ""] : []),
  ];
}
