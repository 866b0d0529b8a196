import { InputError } from "../errors.js";
import { DISTRIBUTION_FAMILIES, type DistributionFamily, LATENCY_STATS } from "../metrics/catalogue.js";
import { PASS_RATE, parseMetricScope } from "../metrics/metric-scope.js";
import type { LatencySummary, MeasuredScenario, StepReport } from "../report/types.js";

export type { MeasuredScenario };

/** The part of a scenario or step block that metric values are read from. */
export type MetricBlock = StepReport;

type Stat = (typeof LATENCY_STATS)[number];

const FAMILIES: ReadonlySet<string> = new Set(DISTRIBUTION_FAMILIES);
const STATS: ReadonlySet<string> = new Set(LATENCY_STATS);

/**
 * A family's block: always there for the latency families; for the stream and token families
 * only when the scenario streamed (and `prompt_tokens` only when the server reported usage).
 */
export function distributionOf(report: MetricBlock, family: DistributionFamily): LatencySummary | undefined {
  return report[family];
}

function distributionValue(report: MetricBlock, family: DistributionFamily, stat: Stat): number | null {
  const summary = distributionOf(report, family);
  // An empty histogram summarizes to zeros; a zero there is "no data", not "instant".
  return summary === undefined || summary.count === 0 ? null : summary[stat];
}

/**
 * The value of a catalogue metric (`latency.p95`, `ttft.p99`, `error_rate`, `rps`,
 * `output_tps`, `requests.ok`, …) in a scenario report, in the report's unit: ms for durations,
 * tokens for `output_tokens` / `prompt_tokens`, tokens per second for `request_output_tps` and
 * `output_tps`, a fraction 0..1 for `error_rate`, requests per second for `rps` and `goodput`,
 * plain counts for `requests.*`.
 *
 * Returns null when the run produced no data for the metric: a statistic whose family recorded
 * nothing or is absent (a scenario that did not stream has no `ttft`), `output_tps` / `goodput`
 * absent (no stream, no `slo`), or `error_rate` when no request completed (a rate of nothing is
 * undefined, even though the report stores 0 there). Throws `InputError` for a name outside the
 * catalogue, which the budget validator should already have rejected.
 *
 * Scoped names (metric-scope.ts): `steps.<step>.<metric>` reads `<metric>` from that step's
 * block (null when the report has no such step); `iteration.<stat>` is `latency.<stat>` of a
 * multi-step scenario (null in a report without steps); `stages.<stage>.<metric>` reads
 * `<metric>` from that stage's block — latency, error_rate, rps, and in a streamed scenario ttft,
 * itl, tpot, the token metrics and output_tps, with an slo goodput (null when the report has no
 * such stage, or one written before stages carried stream blocks); `checks.<check>.pass_rate` is the
 * check's pass rate, null when the check is absent or was evaluated on no response (a rate of
 * nothing is no data, though the report stores 1 there).
 */
export function metricValue(report: MeasuredScenario, metric: string): number | null {
  // Not a block's metric: the result of the scenario's capacity search (null: none met, or no search).
  if (metric === "capacity") return report.capacity ?? null;
  const scope = parseMetricScope(
    metric,
    (report.steps ?? []).map((s) => s.name),
  );
  switch (scope.kind) {
    case "scenario":
      return blockValue(report, metric);
    case "iteration":
      return report.steps === undefined ? null : blockValue(report, scope.metric);
    case "step": {
      const step = stepBlock(report, scope.step);
      return step === undefined ? null : blockValue(step, scope.metric);
    }
    case "stage": {
      const stage = report.stages?.find((s) => s.name === scope.stage);
      return stage === undefined ? null : blockValue(stage, scope.metric);
    }
    case "check": {
      if (scope.field !== PASS_RATE)
        throw new InputError(`unknown metric "${metric}" in scenario "${report.name}"`);
      const check = report.response_checks?.find((c) => c.name === scope.check);
      return check === undefined || check.evaluated === 0 ? null : check.pass_rate;
    }
  }
}

/** The block of step `name` in a multi-step scenario's report; undefined when it has none. */
export function stepBlock(report: MeasuredScenario, name: string): StepReport | undefined {
  return report.steps?.find((s) => s.name === name);
}

/**
 * A plain catalogue metric's value in a scenario or step block (see `metricValue`).
 * @throws InputError for a name outside the catalogue
 */
export function blockValue(report: MetricBlock, metric: string): number | null {
  const dot = metric.indexOf(".");
  const head = dot < 0 ? metric : metric.slice(0, dot);
  const tail = dot < 0 ? "" : metric.slice(dot + 1);
  if (FAMILIES.has(head) && STATS.has(tail)) {
    return distributionValue(report, head as DistributionFamily, tail as Stat);
  }
  switch (metric) {
    case "error_rate":
      return report.requests.ok + report.requests.failed === 0 ? null : report.error_rate;
    case "rps":
      return report.rps;
    case "ok_rps":
      // Reports written before ok_rps existed: nothing to read rather than a made-up number.
      return report.ok_rps ?? null;
    case "requests.total":
      return report.requests.total;
    case "requests.ok":
      return report.requests.ok;
    case "requests.failed":
      return report.requests.failed;
    case "requests.dropped":
      return report.requests.dropped;
    case "output_tps":
      return report.output_tps ?? null;
    case "goodput":
      return report.goodput ?? null;
    case "prompt_cache_hit_rate":
      // Absent when no ok response reported a cached count: no data, not a 0 % hit rate.
      return report.prompt_cache_hit_rate ?? null;
    default:
      throw new InputError(`unknown metric "${metric}" in scenario "${report.name}"`);
  }
}
