import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createHistogram,
  decodeHistogram,
  type Histogram,
  initHistograms,
} from "../../src/metrics/histogram.js";
import { summarizeHistogram, usToMs } from "../../src/report/summarize-histogram.js";
import { range } from "./fixtures.js";

// HDR keeps 3 significant digits: every reported value is within 0.1% of the recorded one.
const HDR_TOLERANCE = 0.001;

const made: Histogram[] = [];
function histogramOfUs(valuesUs: readonly number[]): Histogram {
  const h = createHistogram();
  for (const us of valuesUs) h.recordValue(us);
  made.push(h);
  return h;
}

beforeAll(async () => {
  await initHistograms();
});
afterEach(() => {
  for (const h of made.splice(0)) h.destroy();
});

describe("summarizeHistogram", () => {
  it("summarizes 1..1000 ms to the known statistics within HDR precision", () => {
    const s = summarizeHistogram(histogramOfUs(range(1, 1000).map((ms) => ms * 1000)));
    // Truth for the uniform 1..1000: mean 500.5, population stdev sqrt((n²−1)/12) = 288.675.
    const truth = {
      min: 1,
      mean: 500.5,
      stdev: 288.675,
      p50: 500,
      p90: 900,
      p95: 950,
      p99: 990,
      p999: 999,
      max: 1000,
    };
    expect(s.count).toBe(1000);
    for (const [stat, expected] of Object.entries(truth)) {
      const actual = s[stat as keyof typeof truth];
      expect(Math.abs(actual - expected), `${stat}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
        expected * HDR_TOLERANCE,
      );
    }
  });

  it("keeps microsecond resolution: 1234 µs is 1.234 ms, never more decimals", () => {
    const s = summarizeHistogram(histogramOfUs([1234, 1234, 1234]));
    expect(s).toMatchObject({ count: 3, min: 1.234, p50: 1.234, p99: 1.234, mean: 1.234, stdev: 0 });
    const s2 = summarizeHistogram(histogramOfUs(range(1, 777).map((v) => v * 13)));
    for (const [stat, value] of Object.entries(s2)) {
      if (typeof value === "number")
        expect(Number.isInteger(Math.round(value * 1000 * 1e6) / 1e6), stat).toBe(true);
    }
  });

  it("reports a recorded 0 µs as min 0 (minNonZeroValue alone would skip it)", () => {
    expect(summarizeHistogram(histogramOfUs([0, 5000])).min).toBe(0);
  });

  it("gives zeros with count 0 for an empty histogram, and still encodes it", () => {
    const s = summarizeHistogram(histogramOfUs([]));
    expect(s).toMatchObject({ count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p95: 0, p999: 0, max: 0 });
    const decoded = decodeHistogram(s.hdr);
    made.push(decoded);
    expect(decoded.totalCount).toBe(0);
  });

  it("encodes the exact histogram: hdr decodes to the same count and percentiles", () => {
    const h = histogramOfUs(range(1, 5000).map((v) => v * 37));
    const s = summarizeHistogram(h);
    const decoded = decodeHistogram(s.hdr);
    made.push(decoded);
    expect(decoded.totalCount).toBe(5000);
    for (const p of [0, 50, 90, 95, 99, 99.9, 100]) {
      expect(decoded.getValueAtPercentile(p)).toBe(h.getValueAtPercentile(p));
    }
    expect(usToMs(decoded.getValueAtPercentile(95))).toBe(s.p95);
  });

  it("never reports a percentile or mean outside [min, max] (HDR bucket tops exceed the max)", () => {
    // 3 000 000 µs sits in a 2048 µs-wide bucket: raw p50 is 3000.319 and raw mean 2999.296.
    const single = summarizeHistogram(histogramOfUs([3_000_000, 3_000_000]));
    expect(single).toMatchObject({ min: 3000, mean: 3000, p50: 3000, p99: 3000, p999: 3000, max: 3000 });
    const s = summarizeHistogram(histogramOfUs(range(10, 1000, 10).map((ms) => ms * 1000)));
    expect(s.max).toBe(1000);
    expect(s.p999).toBeLessThanOrEqual(s.max);
  });

  it("summarizes a decoded hdr to the same numbers within HDR precision", () => {
    const s = summarizeHistogram(histogramOfUs(range(1, 3000).map((v) => v * 311)));
    const decoded = decodeHistogram(s.hdr);
    made.push(decoded);
    const again = summarizeHistogram(decoded);
    for (const stat of ["min", "mean", "p50", "p95", "p99", "p999", "max"] as const) {
      expect(Math.abs(again[stat] - s[stat]), stat).toBeLessThanOrEqual(s[stat] * HDR_TOLERANCE);
    }
    expect(again.count).toBe(s.count);
  });

  it("does not destroy the histogram it reads (the owner does)", () => {
    const h = histogramOfUs([1000]);
    summarizeHistogram(h);
    expect(h.totalCount).toBe(1);
  });
});

describe("usToMs", () => {
  it.each([
    [0, 0],
    [1, 0.001],
    [1500, 1.5],
    [1234.4, 1.234],
    [1234.6, 1.235],
  ])("%f µs → %f ms", (us, ms) => {
    expect(usToMs(us)).toBe(ms);
  });
});
