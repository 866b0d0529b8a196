/**
 * Compares one scenario of this run with the same scenario of a baseline run, rule by rule.
 * A change is a regression only when it is worse than the rule allows (tolerance and floor)
 * AND its confidence interval lies wholly on the worse side of zero; beyond tolerance but not
 * significant is "within noise", which is shown and never fails.
 *
 * Intervals (head − base, in the metric's unit):
 * - statistics (p50 … p999, mean) of any distribution family (latency, ttft, itl, tpot,
 *   output_tokens, request_output_tps, …): bootstrap of the statistic over each run's recorded
 *   HDR histogram (see bootstrap.ts; every family holds thousandths of its unit, so one decoding
 *   serves all);
 * - `error_rate`: Newcombe's hybrid score interval of the difference of two proportions, with
 *   failed out of completed requests from each run;
 * - `rps`, `output_tps`, `goodput`: bootstrap of the mean per whole second of each run's timeline
 *   (completions, output tokens, good requests).
 */
import type { RegressionRule } from "../budget/types.js";
import { InputError } from "../errors.js";
import {
  DISTRIBUTION_FAMILIES,
  type DistributionFamily,
  findMetric,
  type MetricDef,
} from "../metrics/catalogue.js";
import { responsesOf } from "../report/build-report.js";
import type { MeasuredScenario } from "../report/types.js";
import {
  BOOTSTRAP_DEFAULTS,
  type BootstrapOptions,
  type Interval,
  latencyChangeInterval,
  perSecondChangeInterval,
  RESAMPLED_STATS,
} from "./bootstrap.js";
import { loadDifferences, metricDifference } from "./comparability.js";
import { decodeDistribution } from "./histogram-distribution.js";
import { distributionOf, metricValue } from "./metric-value.js";
import { proportionDifferenceInterval } from "./proportion-interval.js";
import { describeStatus } from "./regression-status.js";
import type { RegressionCheck, ScenarioComparison } from "./types.js";

const FAMILIES: ReadonlySet<string> = new Set(DISTRIBUTION_FAMILIES);

type Second = MeasuredScenario["timeline"][number];

/** Per-second series a timeline holds, by the metric that is their mean rate. */
const PER_SECOND: Readonly<Record<string, (p: Second) => number>> = {
  // The same set rps counts: responses of any status, never connect errors, resets or timeouts.
  rps: responsesOf,
  output_tps: (p) => p.output_tokens ?? 0,
  goodput: (p) => p.good ?? 0,
};

/** Overrides of `BOOTSTRAP_DEFAULTS` (confidence 0.95, 1000 resamples, seed 1). */
export type CompareOptions = Partial<BootstrapOptions>;

/**
 * One `RegressionCheck` per rule, in rule order. When the loads differ the scenario is
 * `comparable: false` with the reasons in words, and every check is `not_compared` (values and
 * change still filled in for display). A difference that spoils one metric only (another `slo`
 * for goodput, another token counting method for token metrics) makes just that check
 * `not_compared`, with the reason in its note.
 * @throws InputError when `confidence` is not in (0, 1) or `resamples` is below 1
 */
export function compareScenario(
  head: MeasuredScenario,
  base: MeasuredScenario,
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
  return { name: head.name, comparable, reasons, checks, creep: [], trend: [] };
}

function checkRule(
  head: MeasuredScenario,
  base: MeasuredScenario,
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
  const difference = metricDifference(head, base, rule.metric);
  if (difference !== undefined) return notCompared(difference);
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

/**
 * Percentiles and means of every distribution, error_rate and the per-second rates; not min, max
 * or stdev (too noisy to test).
 */
function hasIntervalMethod(def: MetricDef): boolean {
  if (def.name === "error_rate" || PER_SECOND[def.name] !== undefined) return true;
  const [family, stat] = def.name.split(".");
  return (
    family !== undefined && FAMILIES.has(family) && stat !== undefined && RESAMPLED_STATS[stat] !== undefined
  );
}

/** The confidence interval of head − base for a metric, or null when it cannot be computed. */
function changeInterval(
  head: MeasuredScenario,
  base: MeasuredScenario,
  def: MetricDef,
  options: BootstrapOptions,
): Interval | null {
  if (def.name === "error_rate") {
    const completed = (r: MeasuredScenario) => ({
      x: r.requests.failed,
      n: r.requests.ok + r.requests.failed,
    });
    return proportionDifferenceInterval(completed(head), completed(base), options.confidence);
  }
  const series = PER_SECOND[def.name];
  if (series) return perSecondChangeInterval(perSecond(head, series), perSecond(base, series), options);
  // hasIntervalMethod admitted only `<distribution family>.<stat>` names here.
  const [family, stat] = def.name.split(".") as [DistributionFamily, string];
  const headBlock = distributionOf(head, family);
  const baseBlock = distributionOf(base, family);
  if (!headBlock || !baseBlock) return null;
  return latencyChangeInterval(
    decodeDistribution(headBlock.hdr),
    decodeDistribution(baseBlock.hdr),
    stat,
    options,
  );
}

/**
 * One value per whole second of the measured phase, as `rps_stdev` counts completions: a second
 * missing from the timeline had nothing (0), and the trailing partial second is left out.
 */
function perSecond(report: MeasuredScenario, countOf: (p: Second) => number): number[] {
  const seconds = Math.floor(report.duration_ms / 1000);
  const values = new Array<number>(Math.max(0, seconds)).fill(0);
  for (const p of report.timeline)
    if (p.t >= 0 && p.t < seconds) values[p.t] = (values[p.t] ?? 0) + countOf(p);
  return values;
}
