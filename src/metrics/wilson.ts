/** Successes (`x`) out of trials (`n`); e.g. failed requests out of completed ones. */
export interface Proportion {
  readonly x: number;
  readonly n: number;
}

/**
 * Wilson's score interval of the proportion x/n at normal quantile `z` (1.96 for 95 %). Unlike
 * the normal approximation it stays sensible at 0, at 1 and for small counts. `n` must be > 0.
 */
export function wilsonInterval(p: Proportion, z: number): { low: number; high: number } {
  const rate = p.x / p.n;
  const z2n = (z * z) / p.n;
  const center = (rate + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((rate * (1 - rate)) / p.n + z2n / (4 * p.n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}
