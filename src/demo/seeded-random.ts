/**
 * A small seeded generator for the demo API's latencies and texts, so two demo runs see the same
 * sequence of delays (given the same request order) and their reports are comparable.
 */

/** Returns a function yielding floats in [0, 1), deterministic for a given 32-bit seed (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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
