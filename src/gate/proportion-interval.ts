/**
 * Confidence interval of the difference of two proportions, for `error_rate`.
 */
import { type Proportion, wilsonInterval } from "../metrics/wilson.js";
import { normalQuantile } from "./random-variates.js";

export type { Proportion };

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
  const w1 = wilsonInterval(head, z);
  const w2 = wilsonInterval(base, z);
  const delta = p1 - p2;
  return {
    low: delta - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: delta + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}
