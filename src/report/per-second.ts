/**
 * A count per second of measured time: 0 when nothing was measured (a zero-length phase), so a
 * report never holds `Infinity` or `NaN`.
 */
export function perSecond(count: number, durationMs: number): number {
  return durationMs > 0 ? count / (durationMs / 1000) : 0;
}
