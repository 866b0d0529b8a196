/**
 * Confidence interval of the difference of two proportions, for `error_rate`.
 */
import { normalQuantile } from "./random-variates.js";

/** Successes (`x`) out of trials (`n`); here failed requests out of completed ones. */
export interface Proportion {
  readonly x: number;
  readonly n: number;
}

function wilson(p: Proportion, z: number): { low: number; high: number } {
  const rate = p.x / p.n;
  const z2n = (z * z) / p.n;
  const center = (rate + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((rate * (1 - rate)) / p.n + z2n / (4 * p.n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/**
 * Newcombe's hybrid score interval (his method 10, 1998) of `head − base`, built from each side's
 * Wilson score interval. Unlike the normal approximation it stays sensible at rates of 0 and
 * for small counts, which is where error rates live. Both `n` must be > 0.
 */
export function proportionDifferenceInterval(
  head: Proportion,
  base: Proportion,
  confidence: number,
): { low: number; high: number } {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = head.x / head.n;
  const p2 = base.x / base.n;
  const w1 = wilson(head, z);
  const w2 = wilson(base, z);
  const delta = p1 - p2;
  return {
    low: delta - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: delta + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}
