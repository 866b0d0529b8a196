import { encodeHistogram, type Histogram } from "../metrics/histogram.js";
import type { LatencySummary } from "./types.js";

/**
 * Converts integer (or mean/stdev float) microseconds to milliseconds with µs resolution:
 * three decimals, rounded, so a report never claims precision the clock did not have.
 */
export function usToMs(us: number): number {
  return Math.round(us) / 1000;
}

/**
 * Summarizes an HDR histogram of microseconds into the report's millisecond block. Percentiles
 * carry HDR's 3-significant-digit precision (within 0.1% of the recorded value). An empty
 * histogram gives zeros with `count: 0`, and `hdr` still encodes it so reports merge uniformly.
 * The histogram is read, never destroyed: its owner does that.
 */
export function summarizeHistogram(h: Histogram): LatencySummary {
  const hdr = encodeHistogram(h);
  const count = h.totalCount;
  if (count === 0) {
    return { count, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, hdr };
  }
  // minNonZeroValue is exact but skips zeros; the 0th percentile tells whether a 0 µs value
  // was recorded (HdrHistogram's own getMinValue does the same). maxValue is exact.
  const minUs = h.getValueAtPercentile(0) === 0 ? 0 : h.minNonZeroValue;
  const maxUs = h.maxValue;
  // Percentiles are the top of their HDR bucket and the mean uses bucket midpoints, so either can
  // land up to 0.1% outside the recorded range (p99.9 above max); clamp to what was recorded.
  const within = (us: number): number => usToMs(Math.min(maxUs, Math.max(minUs, us)));
  const at = (percentile: number): number => within(h.getValueAtPercentile(percentile));
  return {
    count,
    min: usToMs(minUs),
    mean: within(h.mean),
    stdev: usToMs(h.stdDeviation),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: usToMs(maxUs),
    hdr,
  };
}
