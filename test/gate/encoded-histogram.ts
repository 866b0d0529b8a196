import { createHistogram, encodeHistogram } from "../../src/metrics/histogram.js";

/**
 * The report's `hdr` of integer values (µs for times) as perf-gate writes it, for tests of the
 * decoders. Call `initHistograms()` first.
 */
export function encoded(valuesUs: readonly number[]): string {
  const h = createHistogram();
  for (const us of valuesUs) h.recordValue(us);
  try {
    return encodeHistogram(h);
  } finally {
    h.destroy();
  }
}
