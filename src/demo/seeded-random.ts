/**
 * A small seeded generator for the demo API's latencies and texts, so two demo runs see the same
 * sequence of delays (given the same request order) and their reports are comparable. The
 * uniform generator is the engine's own seeded PRNG (mulberry32), shared rather than copied.
 */

/**
 * A log-normal sample with the given median and shape: most values near the median, a long
 * right tail — the skew real service latencies have (a normal distribution would be symmetric).
 */
export function logNormal(random: () => number, median: number, sigma: number): number {
  // Box–Muller; 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random();
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

/** Clamps `value` into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
