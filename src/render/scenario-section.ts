import type { LatencySummary, MeasuredScenario, ScenarioReport } from "../report/types.js";
import type { Paint } from "./ansi.js";
import { baselineCapacityLine, capacityLine, capacityRows } from "./capacity-text.js";
import {
  formatBytes,
  formatCount,
  formatMetric,
  formatMs,
  formatPercent,
  formatRate,
  formatSeconds,
  NO_DATA,
} from "./format.js";
import { describeLoad } from "./load-line.js";
import { formatCheckLimit } from "./markdown-values.js";
import { PHASE_LABEL, phaseText } from "./phase-text.js";
import { scenarioWarnings } from "./scenario-notes.js";
import { renderErrorSamples, renderStreamTable, streamTotalRows, streamWarnings } from "./stream-section.js";
import { describeErrorCount } from "./stream-text.js";
import { renderColumns, renderTable } from "./table.js";
import { describeTransport } from "./transport-line.js";
import { renderTrustLines } from "./trust-text.js";
import { paintVerdict } from "./verdict-text.js";
import {
  describeIteration,
  describeStages,
  stageTableRows,
  stepTableRows,
  workloadRows,
} from "./workload-text.js";

const INDENT = "  ";

/** Percentile columns of the latency table, like autocannon's, then mean and stdev. */
const STAT_COLUMNS = [
  ["p50", "p50"],
  ["p90", "p90"],
  ["p95", "p95"],
  ["p99", "p99"],
  ["p99.9", "p999"],
  ["max", "max"],
  ["mean", "mean"],
  ["stdev", "stdev"],
] as const satisfies readonly (readonly [string, keyof LatencySummary])[];

function header(s: ScenarioReport, paint: Paint): string[] {
  const warmup =
    s.load.warmup_ms > 0
      ? ` · warm-up ${formatSeconds(s.load.warmup_ms)} (${s.warmup_requests} requests, not recorded)`
      : "";
  // The gate's verdict for the scenario, recorded in the report; absent in a report read from
  // before the gate recorded one.
  const verdict = s.verdict === undefined ? "" : `  ${paintVerdict(s.verdict, paint)}`;
  const transport = describeTransport(s.transport);
  return [
    `${paint.bold(s.name)}${verdict}  ${s.request.method} ${s.request.url}`,
    `${describeLoad(s.load)} · measured ${formatSeconds(s.duration_ms)}${warmup}`,
    ...(transport === null ? [] : [transport]),
  ];
}

function latencyRow(label: string, summary: LatencySummary): string[] {
  const cells = STAT_COLUMNS.map(([, key]) =>
    summary.count === 0 ? NO_DATA : formatMs(summary[key] as number),
  );
  return [label, ...cells];
}

function latencyTable(s: ScenarioReport, paint: Paint): string[] {
  const rows: string[][] = [
    ["Stat (ms)", ...STAT_COLUMNS.map(([title]) => title)],
    latencyRow("latency", s.latency),
  ];
  // The open model's two extra families show whether the server or the client was slow.
  if (s.load.model === "open") {
    rows.push(
      latencyRow("latency_uncorrected", s.latency_uncorrected),
      latencyRow("queue_time", s.queue_time),
    );
  }
  if (s.latency_failed.count > 0) rows.push(latencyRow("latency_failed", s.latency_failed));
  return renderTable(rows, {
    indent: INDENT,
    align: ["left"],
    style: (text, row, col) => (row === 0 || col === 0 ? paint.bold(text) : text),
  });
}

/** `http_5xx 3 · timeout 1`, largest first; `describe` adds words to a count (error kinds). */
function joinCounts(
  counts: Readonly<Record<string, number>>,
  describe = (key: string, n: number) => `${key} ${n}`,
): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? "none" : entries.map(([key, n]) => describe(key, n)).join(" · ");
}

function totals(s: ScenarioReport): string[] {
  const r = s.requests;
  return renderColumns(
    [
      ["throughput", throughputText(s)],
      [
        "bytes/s",
        `${formatBytes(s.bytes.received_per_sec)} received · ${formatBytes(s.bytes.sent_per_sec)} sent`,
      ],
      [
        "requests",
        `${formatCount(r.total)} total · ${formatCount(r.ok)} ok · ${formatCount(r.failed)} failed · ${formatCount(r.dropped)} dropped${r.due === undefined ? "" : ` (of ${formatCount(r.due)} due)`}`,
      ],
      ["errors", `${joinCounts(s.errors, describeErrorCount)} · error rate ${formatPercent(s.error_rate)}`],
      ["status", joinCounts(s.status)],
      ...phaseRows(s),
      ...streamTotalRows(s),
      ...workloadRows(s),
    ],
    { indent: INDENT },
  );
}

/** The phase-timing row (`phaseText`), none for a report without phases. */
function phaseRows(s: ScenarioReport): string[][] {
  const text = phaseText(s);
  return text === null ? [] : [[PHASE_LABEL, text]];
}

/**
 * `rps 25.5 req/s · ok_rps 25.0 req/s · stdev 0.5 req/s`: responses of any status, then ok ones
 * only, so a run of 404s can no longer pass as throughput (`ok_rps` is absent in old reports).
 */
function throughputText(s: ScenarioReport): string {
  const ok = s.ok_rps === undefined ? [] : [`ok_rps ${formatRate(s.ok_rps)} req/s`];
  return [`rps ${formatRate(s.rps)} req/s`, ...ok, `stdev ${formatRate(s.rps_stdev)} req/s`].join(" · ");
}

/** A multi-step scenario's steps (what an iteration is, then one row per step), then a load shape's stages. */
function stepTable(s: ScenarioReport, paint: Paint): string[] {
  const titled = (title: string | null, rows: string[][]): string[] => {
    if (title === null) return [];
    const table = renderTable(rows, {
      indent: INDENT,
      align: ["left", "left"],
      style: (text, row, col) => (row === 0 || col === 0 ? paint.bold(text) : text),
    });
    return [`${INDENT}${title}`, ...table];
  };
  return [...titled(describeIteration(s), stepTableRows(s)), ...titled(describeStages(s), stageTableRows(s))];
}

function warnings(s: ScenarioReport, paint: Paint): string[] {
  const out = [...streamWarnings(s), ...scenarioWarnings(s)];
  return out.map((w) => `${INDENT}${paint.yellow(`warning: ${w}`)}`);
}

function checks(s: ScenarioReport, budgetFile: string, paint: Paint): string[] {
  if (s.checks.length === 0) return [`${INDENT}thresholds: none set`];
  const failed = s.checks.filter((c) => !c.pass).length;
  const title = failed === 0 ? `all ${s.checks.length} passed` : `${failed} of ${s.checks.length} failed`;
  const rows = s.checks.map((c) => [
    c.pass ? "PASS" : "FAIL",
    c.metric,
    c.actual === null
      ? `${NO_DATA} (no data${c.no_data ? `: ${c.no_data}` : ""})`
      : formatMetric(c.metric, c.actual),
    // `<= 500 ms`: the parsed limit in the metric's unit, in the same style as the value.
    formatCheckLimit(c, true),
    `${budgetFile}:${c.line}`,
  ]);
  const lines = renderColumns(rows, {
    indent: INDENT + INDENT,
    style: (text, row, col) => {
      if (col === 0) return s.checks[row]?.pass ? paint.green(text) : paint.red(paint.bold(text));
      return col === 4 ? paint.dim(text) : text;
    },
  });
  return [`${INDENT}thresholds: ${title}`, ...lines];
}

/** A capacity search: its headline, the baseline side's beside it, and the steps that decided it. */
function capacitySection(s: ScenarioReport, baseline: MeasuredScenario | undefined): string[] {
  const line = capacityLine(s);
  if (line === null || s.capacity_search === undefined) return [];
  const other = baselineCapacityLine(s, baseline);
  return [
    `${INDENT}${line}`,
    ...(other === null ? [] : [`${INDENT}${other}`]),
    ...renderTable(capacityRows(s.capacity_search), { indent: INDENT }),
  ];
}

/**
 * One scenario of the terminal report: header (name, the gate's verdict, request, load model,
 * measured time), why it is untrusted when it is, the latency table, the step table of a
 * multi-step scenario, the streaming table when it streams, throughput, counts, token rates and
 * goodput, response checks, data file and unique prefix, error samples, warnings, then one line
 * per threshold. `baseline`: the side-by-side baseline side of the same scenario, whose capacity
 * search (if any) is shown beside this one's. Lines, no newlines.
 */
export function renderScenarioSection(
  s: ScenarioReport,
  budgetFile: string,
  paint: Paint,
  baseline?: MeasuredScenario,
): string[] {
  return [
    ...header(s, paint),
    // Untrusted first: every number below was measured under a load other than the one asked for.
    ...renderTrustLines(s, paint, INDENT),
    ...latencyTable(s, paint),
    ...capacitySection(s, baseline),
    ...stepTable(s, paint),
    ...renderStreamTable(s, paint, INDENT),
    ...totals(s),
    ...renderErrorSamples(s, paint, INDENT),
    ...warnings(s, paint),
    ...checks(s, budgetFile, paint),
  ];
}
