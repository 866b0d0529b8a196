/**
 * One scenario of the markdown summary: heading with its verdict, the request and the load that
 * was run, the table of every threshold and regression rule (and of the LLM metrics when it
 * streams), counts and errors by kind, token and goodput lines, error samples, warnings, and the
 * latency chart.
 */
import type { GateResult, RegressionCheck, ScenarioComparison } from "../gate/types.js";
import type { Check, LoadReport, ScenarioReport } from "../report/types.js";
import { formatCount, formatPercent, formatRate, formatSeconds } from "./format.js";
import {
  labelledValue,
  renderErrorSamplesMarkdown,
  renderStreamLines,
  renderStreamRows,
} from "./markdown-stream.js";
import {
  code,
  formatChange,
  formatCheckLimit,
  formatInterval,
  formatRuleSource,
  ruleNote,
  STATUS_TEXT,
  tableRow,
} from "./markdown-values.js";
import { type ChartLimit, renderLatencyChart } from "./mermaid-chart.js";
import { scenarioMetricValue } from "./scenario-metric.js";
import { scenarioWarnings } from "./scenario-notes.js";
import { describeErrorCount } from "./stream-text.js";
import { renderTrustMarkdown } from "./trust-text.js";
import { scenarioMark } from "./verdict-text.js";

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
    formatCheckLimit(check),
    status,
  ]);
}

function regressionRow(check: RegressionCheck, s: ScenarioReport, baseline: ScenarioReport | null): string {
  return tableRow([
    code(check.metric),
    labelledValue(check.metric, check.baseline, baseline),
    labelledValue(check.metric, check.actual, s),
    formatChange(check.metric, check.change, check.changeRelative, check.interval),
    `vs baseline ${code(formatRuleSource(check.source))}`,
    // A pass beyond the tolerance says why (its floor), where the reader sees the change.
    `${STATUS_TEXT[check.status]}${check.status === "pass" && ruleNote(check) ? ` — ${ruleNote(check)}` : ""}`,
  ]);
}

function header(s: ScenarioReport, gate: GateScenario | undefined): string[] {
  const warmup = s.load.warmup_ms > 0 ? ` after ${formatSeconds(s.load.warmup_ms)} warm-up` : "";
  const regressed = gate?.comparison?.checks.some((c) => c.status === "regression") ?? false;
  const trust = renderTrustMarkdown(s);
  return [
    `### ${scenarioMark(s, regressed)} ${s.name}`,
    "",
    `${code(`${s.request.method} ${s.request.url}`)} · ${describeLoad(s.load)} · measured ${formatSeconds(s.duration_ms)}${warmup}`,
    // Untrusted right under the heading: the table below was measured under the wrong load.
    ...(trust.length > 0 ? ["", ...trust] : []),
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
    `**Requests:** ${formatCount(r.total)} total · ${formatCount(r.ok)} ok · ${formatCount(r.failed)} failed · ${formatCount(r.dropped)} dropped · ${throughput(s)}`,
    `**Errors:** ${joinCounts(s.errors, (key, n) => describeErrorCount(key, n, code(key)))} · error rate ${formatPercent(s.error_rate)} · **Status:** ${joinCounts(s.status)}`,
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

/** Why a rule was not a plain pass, one line each (the notes are too long for a table cell). */
function notes(comparison: ScenarioComparison | null): string[] {
  const out: string[] = [];
  for (const c of comparison?.checks ?? []) {
    // A pass's note (its floor) is in its status cell.
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
  // Failures first: the rows a reviewer came for sit at the top of the table, once each.
  const failedFirst = <T>(list: readonly T[], failed: (c: T) => boolean): T[] => [
    ...list.filter(failed),
    ...list.filter((c) => !failed(c)),
  ];
  return [
    ...TABLE_HEAD,
    ...failedFirst(thresholds, (c) => !c.pass).map((c) => thresholdRow(c, s, baseline)),
    ...failedFirst(rules, (c) => c.status === "regression").map((c) => regressionRow(c, s, baseline)),
    ...streamRows,
  ];
}

/** The `<=` thresholds on a family's percentiles, drawn as lines on its chart (`latency.p95 ≤ 500 ms`). */
function chartLimits(thresholds: readonly Check[], family: string): ChartLimit[] {
  return thresholds
    .filter((c) => c.metric.startsWith(`${family}.p`) && (c.op === "<=" || c.op === "<"))
    .map((c) => ({ label: `${c.metric} ${formatCheckLimit(c)}`, valueMs: c.limit }));
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
