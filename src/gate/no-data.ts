/**
 * Why a metric a threshold names had no data (`actual: null`): the gate fails such a threshold
 * (a limit cannot be proven on nothing), and the verdict line must say why in words a user can
 * act on, above all for the token metrics of a server that sends no usage.
 */
import { isTokenMetric } from "../metrics/catalogue.js";
import { parseMetricScope } from "../metrics/metric-scope.js";
import type { MeasuredScenario } from "../report/types.js";

const REASONING = new Set(["ttfat", "reasoning_tokens", "answer_tokens"]);

/** The words for a token metric with no data, or null when the generic reason fits. */
function tokenReason(report: MeasuredScenario, family: string): string | null {
  const stream = report.stream;
  if (stream === undefined) return "the scenario reports no token counts";
  if (REASONING.has(family))
    return "no ok response reasoned (no reasoning deltas, thinking blocks or reasoning_tokens)";
  if (family === "prompt_cache_hit_rate") return "the server reported no cached prompt tokens";
  if (stream.format === "json" && stream.requests_with_usage === 0 && report.requests.ok > 0) {
    return `none of the ${report.requests.ok} ok responses carried usage (the server sent no usage object)`;
  }
  if (stream.format === "json" && family !== "prompt_tokens" && report.requests.ok > 0) {
    return "no ok response reported output tokens (usage had prompt tokens only, as embeddings do)";
  }
  return null;
}

/**
 * Why `metric` has no data in `report`, in a few words: `none of the 40 ok responses carried
 * usage (…)`, `no request succeeded`, or `nothing was recorded for it`.
 */
export function noDataReason(report: MeasuredScenario, metric: string): string {
  const scope = parseMetricScope(
    metric,
    (report.steps ?? []).map((s) => s.name),
  );
  const family = metric.split(".")[0] ?? metric;
  const tokens = isTokenMetric(metric) || REASONING.has(family) || family === "prompt_cache_hit_rate";
  // A step's or a stage's metric has its own block: the scenario's stream says nothing of it.
  if (scope.kind === "scenario" && tokens) {
    const reason = tokenReason(report, family);
    if (reason !== null) return reason;
  }
  if (report.requests.ok === 0) return "no request succeeded";
  return "nothing was recorded for it";
}
