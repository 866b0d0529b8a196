/**
 * The interval of a change against an artifact baseline when several baselines are known (the
 * last runs of the base branch): the bootstrap only covers the sampling noise inside each run,
 * while two runs of the same code on two runners differ by more. That run-to-run spread is
 * measured from the history window's values of the metric, and widens the interval.
 *
 * Method (README, "Baseline history"): with k values v₁…v_k from the window (its newest is the
 * baseline compared with), s = their sample standard deviation; this run and the baseline are
 * each one draw from that spread, so their difference has standard deviation s·√2, and the
 * spread term is t(k − 1) · s · √2 (Student's t: k is small). Each side of the bootstrap interval
 * is widened by it in quadrature (the spread and the sampling noise add as variances; the spread
 * already holds some sampling noise, so this errs wide, never narrow).
 */
import type { Interval } from "./bootstrap.js";
import { standardDeviation } from "./paired-interval.js";
import { studentTQuantile } from "./student-t.js";

/** The run-to-run part of the interval, in the metric's unit (null with fewer than 2 values). */
export function runToRunSpread(values: readonly number[], confidence: number): number | null {
  if (values.length < 2) return null;
  const t = studentTQuantile(1 - (1 - confidence) / 2, values.length - 1);
  return t * standardDeviation(values) * Math.SQRT2;
}

/**
 * `sampling` (the bootstrap interval of the change, or null when it could not be computed)
 * widened by the spread of `values`, around `change`. Null when neither is known.
 */
export function runToRunInterval(
  change: number,
  sampling: Interval | null,
  values: readonly number[],
  confidence: number,
): Interval | null {
  const spread = runToRunSpread(values, confidence);
  if (spread === null) return sampling;
  const below = sampling === null ? 0 : change - sampling.low;
  const above = sampling === null ? 0 : sampling.high - change;
  return { low: change - Math.hypot(below, spread), high: change + Math.hypot(above, spread) };
}
