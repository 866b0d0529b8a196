/**
 * Which metrics an `abort: true` threshold may watch while a run goes on: the error rate, and the
 * quantiles and maximum of the latency and stream timing families — the ones whose breach can be
 * known beyond doubt from what has been measured so far (src/load/abort-watch.ts judges them;
 * the budget refuses `abort` on any other).
 */
import { STREAM_TIME_FAMILIES } from "./catalogue.js";

/** Families an abort may watch: the ok latency and the stream timings. */
export const ABORT_FAMILIES: readonly string[] = ["latency", ...STREAM_TIME_FAMILIES];

/** Each quantile statistic an abort may watch, as a fraction. `max` is watchable too. */
export const ABORT_QUANTILES: Readonly<Record<string, number>> = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p999: 0.999,
};

/** True for a metric an `abort: true` threshold may watch. */
export function isAbortable(metric: string): boolean {
  if (metric === "error_rate") return true;
  const [family = "", stat = ""] = metric.split(".");
  return ABORT_FAMILIES.includes(family) && (stat === "max" || Object.hasOwn(ABORT_QUANTILES, stat));
}
