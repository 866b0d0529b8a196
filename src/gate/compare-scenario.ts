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
 * - `checks.<check>.pass_rate`: the same score interval, with passed out of evaluated responses;
 * - `steps.<step>.<metric>` (and `stages.<stage>.<metric>`): the metric's own method on that
 *   step's (stage's) blocks (rule-target.ts), and `iteration.<stat>` is `latency.<stat>` of the scenario.
 * Those cover the sampling noise inside each run. The `NoiseModel` adds what lies between runs:
 * side by side, the interval comes from the paired round differences instead (paired-interval.ts);
 * with a history of baselines, the run-to-run spread widens it (run-to-run.ts).
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
import type { MeasuredScenario, RoundRecord } from "../report/types.js";
import {
  BOOTSTRAP_DEFAULTS,
  type BootstrapOptions,
  type Interval,
  latencyChangeInterval,
  perSecondChangeInterval,
  RESAMPLED_STATS,
} from "./bootstrap.js";
import { checkCapacityRule, notComparedRule, searchRateDifference } from "./capacity-compare.js";
import { checkBase } from "./check-base.js";
import { loadDifferences, metricDifference } from "./comparability.js";
import { decodeDistribution } from "./histogram-distribution.js";
import { distributionOf, type MetricBlock, metricValue } from "./metric-value.js";
import { noDataReason } from "./no-data-reason.js";
import { pairedChangeInterval, stageRounds } from "./paired-interval.js";
import { proportionDifferenceInterval } from "./proportion-interval.js";
import { describeStatus, formatAmount, withoutTrailingZeros } from "./regression-status.js";
import { type RuleTarget, ruleTarget } from "./rule-target.js";
import { runToRunInterval, runToRunSpread } from "./run-to-run.js";
import type { IntervalMethod, RegressionCheck, ScenarioComparison } from "./types.js";

/**
 * Where the noise of a comparison comes from:
 * - `sampling`: one baseline run; the bootstrap within each run is all there is
 * - `paired`: side by side; the rounds of both sides (`ScenarioReport.rounds`)
 * - `history`: several baselines; `window` holds the scenario in each, newest first (the
 *   compared baseline among them)
 */
export type NoiseModel =
  | { readonly kind: "sampling" }
  | { readonly kind: "paired"; readonly rounds: readonly RoundRecord[] }
  | { readonly kind: "history"; readonly window: readonly MeasuredScenario[] };

const SAMPLING: NoiseModel = { kind: "sampling" };

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
  noise: NoiseModel = SAMPLING,
): ScenarioComparison {
  const settings = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (!(settings.confidence > 0 && settings.confidence < 1) || !(settings.resamples >= 1)) {
    throw new InputError(
      `confidence must be between 0 and 1 and resamples at least 1 (got ${settings.confidence}, ${settings.resamples})`,
    );
  }
  // Side by side, the two sides are two deployments on purpose: their hosts and paths differ.
  // Two capacity searches each report the step at their own capacity (loadDifferences leaves the
  // rate out): searchRateDifference says so on the rules that read that step.
  const searched = head.capacity_search !== undefined && base.capacity_search !== undefined;
  const reasons = loadDifferences(head, base, { sameEndpoint: noise.kind !== "paired" });
  const comparable = reasons.length === 0;
  const atOtherRate = searched ? searchRateDifference(head, base) : undefined;
  const checks = rules.map((rule) => {
    // Capacity is judged on the searches' brackets, not on one run's load (capacity-compare.ts).
    if (rule.metric === "capacity") return checkCapacityRule(head, base, rule);
    if (atOtherRate !== undefined) return notComparedRule(head, base, rule, atOtherRate);
    return checkRule(head, base, rule, comparable, settings, noise);
  });
  const pairs = noise.kind === "paired" ? pairCount(noise.rounds) : undefined;
  return {
    name: head.name,
    comparable,
    reasons,
    checks,
    creep: [],
    trend: [],
    ...(pairs === undefined ? {} : { pairs }),
  };
}

/** Round pairs that hold one round of each side. */
function pairCount(rounds: readonly RoundRecord[]): number {
  const sides = new Map<number, Set<string>>();
  for (const r of rounds) sides.set(r.pair, (sides.get(r.pair) ?? new Set()).add(r.side));
  return [...sides.values()].filter((s) => s.size === 2).length;
}

function checkRule(
  head: MeasuredScenario,
  base: MeasuredScenario,
  rule: RegressionRule,
  comparable: boolean,
  options: BootstrapOptions,
  noise: NoiseModel,
): RegressionCheck {
  const def = findMetric(rule.metric);
  const baseline = def ? metricValue(base, rule.metric) : null;
  const actual = def ? metricValue(head, rule.metric) : null;
  const { common, notCompared } = checkBase(rule, baseline, actual);
  const target = def
    ? ruleTarget(head, base, rule.metric, { sameEndpoint: noise.kind !== "paired" })
    : undefined;
  if (!def || target === undefined || (typeof target !== "string" && !hasIntervalMethod(target)))
    return notCompared(`not compared: no confidence interval method for ${rule.metric}`);
  if (!comparable) return notCompared("not compared: the baseline ran a different load");
  if (typeof target === "string") return notCompared(target);
  const difference = metricDifference(target.head, target.base, target.def.name);
  if (difference !== undefined) return notCompared(difference);
  if (baseline === null || actual === null) {
    const why = noDataReason(baseline === null ? base : head, rule.metric);
    return notCompared(
      `not compared: ${baseline === null ? "the baseline" : "this run"} has no ${rule.metric} data${why === null ? "" : ` (${why})`}`,
    );
  }
  const effective = noiseFor(noise, target);
  const found = intervalUnder(effective, target, rule.metric, baseline, actual, options);
  if (found === null) {
    return notCompared(
      effective.kind === "paired"
        ? `not compared: fewer than 2 round pairs with ${rule.metric} on both sides`
        : `not compared: too little data for a confidence interval of ${rule.metric}`,
    );
  }
  const interval = { low: found.low, high: found.high, confidence: options.confidence };
  const hint = decideHint(effective, found.method, head, def, interval, options.confidence);
  return {
    ...common,
    interval,
    method: found.method,
    ...describeStatus(rule, def, baseline, actual, interval, hint),
  };
}

/**
 * The noise model a rule is compared under. Rounds hold the scenario's own metrics and each
 * stage's part: a step or check metric is compared on the two merged runs' sampling noise
 * instead (see RuleTarget.inRounds), and a stage metric pairs the rounds that ran the stage —
 * or, with fewer than 2 such pairs (a stage shorter than a round pair), the sampling noise too.
 */
function noiseFor(noise: NoiseModel, target: RuleTarget): NoiseModel {
  if (noise.kind !== "paired") return noise;
  if (!target.inRounds) return SAMPLING;
  if (target.stage === undefined) return noise;
  const rounds = stageRounds(noise.rounds, target.stage);
  return pairCount(rounds) >= 2 ? { kind: "paired", rounds } : SAMPLING;
}

/**
 * The interval of the change under the noise model, and which method gave it. `metric` is the
 * rule's name (history values are read by it); `target.def` the metric its blocks hold.
 */
function intervalUnder(
  noise: NoiseModel,
  target: RuleTarget,
  metric: string,
  baseline: number,
  actual: number,
  options: BootstrapOptions,
): (Interval & { method: IntervalMethod }) | null {
  if (noise.kind === "paired") {
    const paired = pairedChangeInterval(noise.rounds, target.def, baseline, actual, options.confidence);
    return paired === null ? null : { low: paired.low, high: paired.high, method: "paired_rounds" };
  }
  const sampling = changeInterval(target, options);
  if (noise.kind === "sampling") return sampling === null ? null : { ...sampling, method: "bootstrap" };
  const values = windowValues(noise.window, metric);
  const widened = runToRunInterval(actual - baseline, sampling, values, options.confidence);
  if (widened === null) return null;
  return { ...widened, method: values.length >= 2 ? "run_to_run" : "bootstrap" };
}

/** The metric's value in each run of a history window that has it. */
function windowValues(window: readonly MeasuredScenario[], metric: string): number[] {
  return window.map((s) => metricValue(s, metric)).filter((v): v is number => v !== null);
}

/**
 * What would decide an inconclusive check, given the tolerance T it must resolve. An interval's
 * half-width shrinks as 1/√(measured time), so (half-width / T)² × the time measured is about
 * the time it takes; the run-to-run spread does not shrink with a longer run, so history says
 * what does remove it.
 */
function decideHint(
  noise: NoiseModel,
  method: IntervalMethod,
  head: MeasuredScenario,
  def: MetricDef,
  interval: Interval,
  confidence: number,
): (tolerance: number) => string {
  return (tolerance) => {
    const half = (interval.high - interval.low) / 2;
    const time = aboutTime((head.duration_ms / 1000) * (half / tolerance) ** 2);
    if (noise.kind === "paired") return `about ${time} per side would decide it`;
    if (method === "run_to_run" && noise.kind === "history") {
      const spread = runToRunSpread(windowValues(noise.window, def.name), confidence) ?? 0;
      const amount = withoutTrailingZeros(formatAmount(spread, def));
      return `the spread between the last ${noise.window.length} runs (±${amount}) is wider than that: measure side by side (baseline-target) to decide it`;
    }
    return `runs of about ${time} would decide it`;
  };
}

/** A duration rounded up to what is worth saying: `45 s` (5 s steps), `4 min`, `3 h`. */
export function aboutTime(seconds: number): string {
  if (seconds <= 120) return `${Math.max(5, Math.ceil(seconds / 5) * 5)} s`;
  if (seconds <= 2 * 3600) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3600)} h`;
}

/**
 * Percentiles and means of every distribution, error_rate and the per-second rates; not min, max
 * or stdev (too noisy to test).
 */
function hasIntervalMethod(target: RuleTarget): boolean {
  if (target.proportions !== undefined) return true;
  const def = target.def;
  if (def.name === "error_rate" || PER_SECOND[def.name] !== undefined) return true;
  const [family, stat] = def.name.split(".");
  return (
    family !== undefined && FAMILIES.has(family) && stat !== undefined && RESAMPLED_STATS[stat] !== undefined
  );
}

/** The confidence interval of head − base for a metric, or null when it cannot be computed. */
function changeInterval(target: RuleTarget, options: BootstrapOptions): Interval | null {
  const { head, base, def } = target;
  if (target.proportions !== undefined) {
    const { head: h, base: b } = target.proportions;
    return h.n === 0 || b.n === 0 ? null : proportionDifferenceInterval(h, b, options.confidence);
  }
  if (def.name === "error_rate") {
    const completed = (r: MetricBlock) => ({
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
function perSecond(report: MetricBlock, countOf: (p: Second) => number): number[] {
  const seconds = Math.floor(report.duration_ms / 1000);
  const values = new Array<number>(Math.max(0, seconds)).fill(0);
  for (const p of report.timeline)
    if (p.t >= 0 && p.t < seconds) values[p.t] = (values[p.t] ?? 0) + countOf(p);
  return values;
}
