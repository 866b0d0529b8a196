/**
 * Why a metric has no data in a scenario report, in one line, for a threshold that fails on no
 * data (`Check.no_data`) and a regression that cannot be compared. A failed check that says only
 * "no data" leaves the user guessing whether the server, the budget or perf-gate is at fault; the
 * phase timings make that common (`tls.p95` on an http target, `connect.p95` when no connection
 * could be opened), and so do the token metrics of a server that sends no usage: both get their
 * own words.
 */
import { isTokenMetric } from "../metrics/catalogue.js";
import { parseMetricScope } from "../metrics/metric-scope.js";
import type { MeasuredScenario, StepReport } from "../report/types.js";

/** Families whose block is absent from reports written before phase timings. */
const PHASES: ReadonlySet<string> = new Set(["ttfb", "body", "connect", "tls"]);

/**
 * The reason a phase metric (ttfb, body, connect, tls) reads no data in `report` (see
 * `metricValue`), or a token metric (`tokenReason`), without the metric's name; null for any
 * other metric, whose "no data" already says it all (no ok request for a latency, no stream for
 * ttft).
 */
export function noDataReason(report: MeasuredScenario, metric: string): string | null {
  return phaseReason(report, metric) ?? tokenReason(report, metric);
}

function phaseReason(report: MeasuredScenario, metric: string): string | null {
  const scope = parseMetricScope(
    metric,
    (report.steps ?? []).map((s) => s.name),
  );
  const block: StepReport | undefined =
    scope.kind === "step"
      ? report.steps?.find((s) => s.name === scope.step)
      : scope.kind === "stage"
        ? report.stages?.find((s) => s.name === scope.stage)
        : report;
  const plain = scope.kind === "step" || scope.kind === "stage" ? scope.metric : metric;
  const family = plain.split(".")[0] ?? "";
  if (!PHASES.has(family)) return null;
  if (block === undefined) return "this report has no such step or stage";
  const summary = block[family as "ttfb" | "body" | "connect" | "tls"];
  if (family === "tls" && summary === undefined) {
    return report.request.url.startsWith("http:")
      ? "an http target has no TLS handshake"
      : "no TLS connection was opened";
  }
  if (summary === undefined) return `the report predates ${family} timings`;
  if (family === "connect" || family === "tls") return "no connection was opened";
  return "no request completed ok";
}

const REASONING: ReadonlySet<string> = new Set(["ttfat", "reasoning_tokens", "answer_tokens"]);

/**
 * The words for a scenario's token metric with no data (`none of the 40 ok responses carried
 * usage`), or null when the generic "no data" fits (a step's or a stage's metric has its own
 * block: the scenario's stream says nothing of it).
 */
function tokenReason(report: MeasuredScenario, metric: string): string | null {
  const family = metric.split(".")[0] ?? metric;
  const tokens = isTokenMetric(metric) || REASONING.has(family) || family === "prompt_cache_hit_rate";
  if (
    !tokens ||
    parseMetricScope(
      metric,
      (report.steps ?? []).map((s) => s.name),
    ).kind !== "scenario"
  )
    return null;
  const stream = report.stream;
  if (stream === undefined) return "the scenario reports no token counts";
  if (REASONING.has(family))
    return "no ok response reasoned (no reasoning deltas, thinking blocks or reasoning_tokens)";
  if (family === "prompt_cache_hit_rate") return "the server reported no cached prompt tokens";
  if (report.requests.ok === 0) return "no request succeeded";
  if (stream.format !== "json") return null;
  // Responses with no usage at all, versus usage without an output count (embeddings).
  const without =
    stream.requests_without_usage ?? (stream.requests_with_usage === 0 ? report.requests.ok : 0);
  if (without >= report.requests.ok) {
    return `none of the ${report.requests.ok} ok responses carried usage (the server sent no usage object)`;
  }
  if (family !== "prompt_tokens") {
    return "no ok response reported output tokens (usage had prompt tokens only, as embeddings do)";
  }
  return null;
}
