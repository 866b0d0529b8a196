/**
 * Bootstrap confidence intervals of the change between two runs (head − base), drawn from what
 * each run recorded: its latency histogram or its per-second completions. Each resample redraws
 * both runs independently from their own distribution; the interval is the two-sided percentile
 * interval of the B differences. One seeded stream feeds every draw, so the verdict is
 * reproducible.
 */
import { mulberry32 } from "../load/schedule.js";
import { bucketAtRank, type Distribution } from "./histogram-distribution.js";
import { beta, normal, type Uniform } from "./random-variates.js";

/** How the intervals are computed. */
export interface BootstrapOptions {
  /** Two-sided confidence level, 0 < confidence < 1. */
  readonly confidence: number;
  /** Number of bootstrap resamples (B). */
  readonly resamples: number;
  /** Seed of the resampling stream. */
  readonly seed: number;
}

/** 95% intervals from 1000 resamples with a fixed seed. */
export const BOOTSTRAP_DEFAULTS: BootstrapOptions = { confidence: 0.95, resamples: 1000, seed: 1 };

/** A confidence interval in the metric's unit. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Statistics of a latency family the bootstrap can resample, with their percentile (mean: null). */
export const RESAMPLED_STATS: Readonly<Record<string, number | null>> = {
  mean: null,
  p50: 50,
  p90: 90,
  p95: 95,
  p99: 99,
  p999: 99.9,
};

/**
 * Above this many recorded values the resample mean is drawn from its normal limit
 * N(mean, variance / n) instead of summing n draws: at that size the bootstrap distribution of
 * a mean is normal to well within the interval's own sampling error, and summing would cost
 * n × B draws.
 */
const EXACT_MEAN_LIMIT = 2000;

/**
 * A sampler of the statistic of one bootstrap resample (n draws with replacement from `d`).
 *
 * Percentiles use the order-statistic identity: the k-th smallest of n draws from F is
 * F⁻¹(U₍ₖ₎), where U₍ₖ₎ ~ Beta(k, n − k + 1) is the k-th smallest of n uniforms. So one Beta
 * variate and one binary search over the buckets give the exact resample percentile in O(log
 * buckets), whatever n is (k = max(1, round(p/100 × n)), HdrHistogram's rank).
 */
function statSampler(d: Distribution, percentile: number | null): (random: Uniform) => number {
  const n = d.count;
  if (percentile !== null) {
    const k = Math.max(1, Math.min(n, Math.round((percentile / 100) * n)));
    return (random) => {
      const u = beta(k, n - k + 1, random);
      return d.topMs[bucketAtRank(d, Math.max(1, Math.ceil(u * n)))] ?? 0;
    };
  }
  if (n > EXACT_MEAN_LIMIT) {
    const standardError = Math.sqrt(d.varianceMs2 / n);
    return (random) => d.meanMs + standardError * normal(random);
  }
  return (random) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d.midMs[bucketAtRank(d, Math.floor(random() * n) + 1)] ?? 0;
    return sum / n;
  };
}

/** The two-sided percentile interval of `samples` (sorted in place), linear between ranks. */
export function percentileInterval(samples: Float64Array, confidence: number): Interval {
  samples.sort();
  const at = (q: number): number => {
    const position = q * (samples.length - 1);
    const below = Math.floor(position);
    const lowValue = samples[below] ?? 0;
    const highValue = samples[Math.min(below + 1, samples.length - 1)] ?? lowValue;
    return lowValue + (highValue - lowValue) * (position - below);
  };
  const tail = (1 - confidence) / 2;
  return { low: at(tail), high: at(1 - tail) };
}

/**
 * Interval of the change (ms) of a latency statistic (`mean` or a key of `RESAMPLED_STATS`)
 * between two recorded distributions; null when either recorded nothing.
 */
export function latencyChangeInterval(
  head: Distribution,
  base: Distribution,
  stat: string,
  options: BootstrapOptions,
): Interval | null {
  const percentile = RESAMPLED_STATS[stat];
  if (percentile === undefined || head.count === 0 || base.count === 0) return null;
  const random = mulberry32(options.seed);
  const drawHead = statSampler(head, percentile);
  const drawBase = statSampler(base, percentile);
  const differences = new Float64Array(options.resamples);
  for (let i = 0; i < differences.length; i++) differences[i] = drawHead(random) - drawBase(random);
  return percentileInterval(differences, options.confidence);
}

/**
 * Interval of the change of the mean completions per second, by resampling whole seconds of each
 * run's timeline with replacement. Seconds are the unit because completions within one second
 * are not independent (a stall hits all of them). Null when either run has under 2 seconds.
 */
export function perSecondChangeInterval(
  head: readonly number[],
  base: readonly number[],
  options: BootstrapOptions,
): Interval | null {
  if (head.length < 2 || base.length < 2) return null;
  const random = mulberry32(options.seed);
  const meanOfResample = (values: readonly number[]): number => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)] ?? 0;
    return sum / values.length;
  };
  const differences = new Float64Array(options.resamples);
  for (let i = 0; i < differences.length; i++) differences[i] = meanOfResample(head) - meanOfResample(base);
  return percentileInterval(differences, options.confidence);
}
