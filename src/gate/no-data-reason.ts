/**
 * Why a metric has no data in a scenario report, in one line, for a threshold that fails on no
 * data (`Check.no_data`) and a regression that cannot be compared. A failed check that says only
 * "no data" leaves the user guessing whether the server, the budget or perf-gate is at fault; the
 * phase timings make that common (`tls.p95` on an http target, `connect.p95` when no connection
 * could be opened), so they get their own words.
 */
import { parseMetricScope } from "../metrics/metric-scope.js";
import type { MeasuredScenario, StepReport } from "../report/types.js";

/** Families whose block is absent from reports written before phase timings. */
const PHASES: ReadonlySet<string> = new Set(["ttfb", "body", "connect", "tls"]);

/**
 * The reason a phase metric (ttfb, body, connect, tls) reads no data in `report` (see
 * `metricValue`), without the metric's name; null for any other metric, whose "no data" already
 * says it all (no ok request for a latency, no stream for ttft).
 */
export function noDataReason(report: MeasuredScenario, metric: string): string | null {
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
