/**
 * Compares one scenario of this run with the same scenario of a baseline run, rule by rule.
 * A change is a regression only when it is worse than the rule allows (tolerance and floor)
 * AND its confidence interval lies wholly on the worse side of zero; beyond tolerance but not
 * significant is "within noise", which is shown and never fails.
 *
 * Intervals (head − base, in the metric's unit):
 * - latency statistics (p50 … p999, mean): bootstrap of the statistic over each run's recorded
 *   HDR histogram (see bootstrap.ts);
 * - `error_rate`: Newcombe's hybrid score interval of the difference of two proportions, with
 *   failed out of completed requests from each run;
 * - `rps`: bootstrap of the mean completions per whole second of each run's timeline.
 */
import type { RegressionRule } from "../budget/types.js";
import { InputError } from "../errors.js";
import { findMetric, type LATENCY_FAMILIES, type MetricDef } from "../metrics/catalogue.js";
import type { ScenarioReport } from "../report/types.js";
import {
  BOOTSTRAP_DEFAULTS,
  type BootstrapOptions,
  type Interval,
  latencyChangeInterval,
  perSecondChangeInterval,
  RESAMPLED_STATS,
} from "./bootstrap.js";
import { loadDifferences } from "./comparability.js";
import { decodeDistribution } from "./histogram-distribution.js";
import { metricValue } from "./metric-value.js";
import { proportionDifferenceInterval } from "./proportion-interval.js";
import { describeStatus } from "./regression-status.js";
import type { RegressionCheck, ScenarioComparison } from "./types.js";

type LatencyFamily = (typeof LATENCY_FAMILIES)[number];

/** Overrides of `BOOTSTRAP_DEFAULTS` (confidence 0.95, 1000 resamples, seed 1). */
export type CompareOptions = Partial<BootstrapOptions>;

/**
 * One `RegressionCheck` per rule, in rule order. When the loads differ the scenario is
 * `comparable: false` with the reasons in words, and every check is `not_compared` (values and
 * change still filled in for display).
 * @throws InputError when `confidence` is not in (0, 1) or `resamples` is below 1
 */
export function compareScenario(
  head: ScenarioReport,
  base: ScenarioReport,
  rules: readonly RegressionRule[],
  options: CompareOptions = {},
): ScenarioComparison {
  const settings = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (!(settings.confidence > 0 && settings.confidence < 1) || !(settings.resamples >= 1)) {
    throw new InputError(
      `confidence must be between 0 and 1 and resamples at least 1 (got ${settings.confidence}, ${settings.resamples})`,
    );
  }
  const reasons = loadDifferences(head, base);
  const comparable = reasons.length === 0;
  const checks = rules.map((rule) => checkRule(head, base, rule, comparable, settings));
  return { name: head.name, comparable, reasons, checks };
}

function checkRule(
  head: ScenarioReport,
  base: ScenarioReport,
  rule: RegressionRule,
  comparable: boolean,
  options: BootstrapOptions,
): RegressionCheck {
  const def = findMetric(rule.metric);
  const baseline = def ? metricValue(base, rule.metric) : null;
  const actual = def ? metricValue(head, rule.metric) : null;
  const change = baseline !== null && actual !== null ? actual - baseline : null;
  const changeRelative = change !== null && baseline !== 0 && baseline !== null ? change / baseline : null;
  const common = {
    metric: rule.metric,
    baseline,
    actual,
    change,
    changeRelative,
    source: rule.source,
    line: rule.line,
  };
  const notCompared = (note: string): RegressionCheck => ({
    ...common,
    interval: null,
    status: "not_compared",
    note,
  });
  if (!def || !hasIntervalMethod(def))
    return notCompared(`not compared: no confidence interval method for ${rule.metric}`);
  if (!comparable) return notCompared("not compared: the baseline ran a different load");
  if (baseline === null || actual === null) {
    return notCompared(
      `not compared: ${baseline === null ? "the baseline" : "this run"} has no ${rule.metric} data`,
    );
  }
  const interval = changeInterval(head, base, def, options);
  if (interval === null)
    return notCompared(`not compared: too little data for a confidence interval of ${rule.metric}`);
  const withInterval = { ...common, interval: { ...interval, confidence: options.confidence } };
  return { ...withInterval, ...describeStatus(rule, def, baseline, actual, withInterval.interval) };
}

/** Latency percentiles and means, error_rate and rps; not min, max or stdev (too noisy to test). */
function hasIntervalMethod(def: MetricDef): boolean {
  if (def.name === "error_rate" || def.name === "rps") return true;
  const stat = def.name.split(".")[1];
  return def.unit === "duration" && stat !== undefined && RESAMPLED_STATS[stat] !== undefined;
}

/** The confidence interval of head − base for a metric, or null when it cannot be computed. */
function changeInterval(
  head: ScenarioReport,
  base: ScenarioReport,
  def: MetricDef,
  options: BootstrapOptions,
): Interval | null {
  if (def.name === "error_rate") {
    const completed = (r: ScenarioReport) => ({ x: r.requests.failed, n: r.requests.ok + r.requests.failed });
    return proportionDifferenceInterval(completed(head), completed(base), options.confidence);
  }
  if (def.name === "rps") return perSecondChangeInterval(perSecond(head), perSecond(base), options);
  // hasIntervalMethod admitted only `<latency family>.<stat>` names here.
  const [family, stat] = def.name.split(".") as [LatencyFamily, string];
  const distribution = (report: ScenarioReport) => decodeDistribution(report[family].hdr);
  return latencyChangeInterval(distribution(head), distribution(base), stat, options);
}

/**
 * Completions per whole second of the measured phase, as `rps_stdev` counts them: a second
 * missing from the timeline had no completion, and the trailing partial second is left out.
 */
function perSecond(report: ScenarioReport): number[] {
  const seconds = Math.floor(report.duration_ms / 1000);
  const counts = new Array<number>(Math.max(0, seconds)).fill(0);
  for (const p of report.timeline)
    if (p.t >= 0 && p.t < seconds) counts[p.t] = (counts[p.t] ?? 0) + p.ok + p.errors;
  return counts;
}
