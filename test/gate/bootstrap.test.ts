import { beforeAll, describe, expect, it } from "vitest";
import {
  BOOTSTRAP_DEFAULTS,
  latencyChangeInterval,
  percentileInterval,
  perSecondChangeInterval,
} from "../../src/gate/bootstrap.js";
import { bucketAtRank, decodeDistribution } from "../../src/gate/histogram-distribution.js";
import { initHistograms } from "../../src/metrics/histogram.js";
import { encoded } from "./encoded-histogram.js";

beforeAll(async () => {
  await initHistograms();
});

describe("decodeDistribution", () => {
  it("tables each bucket with its cumulative count, mean and variance", () => {
    // 1000 µs ×3, 2000 µs ×1: exact at these values (3 significant digits).
    const d = decodeDistribution(encoded([1000, 1000, 1000, 2000]));
    expect([...d.topMs]).toEqual([1, 2]);
    expect([...d.cumulative]).toEqual([3, 4]);
    expect(d.count).toBe(4);
    expect(d.meanMs).toBeCloseTo(1.25, 2);
    expect(d.varianceMs2).toBeCloseTo(0.1875, 2);
    // rank → bucket: ranks 1..3 are the first bucket, 4 the second.
    expect([1, 2, 3, 4].map((rank) => bucketAtRank(d, rank))).toEqual([0, 0, 0, 1]);
  });

  it("is empty for an empty histogram", () => {
    expect(decodeDistribution(encoded([])).count).toBe(0);
  });
});

describe("percentileInterval", () => {
  it.each([
    [[1, 2, 3, 4, 5], 0.5, 2, 4],
    [[5, 4, 3, 2, 1], 0.5, 2, 4],
    [Array.from({ length: 101 }, (_, i) => i), 0.9, 5, 95],
    [[7, 7, 7], 0.95, 7, 7],
  ])("%j at %f → %f … %f", (values, confidence, low, high) => {
    const interval = percentileInterval(Float64Array.from(values), confidence);
    expect(interval.low).toBeCloseTo(low, 9);
    expect(interval.high).toBeCloseTo(high, 9);
  });
});

describe("latencyChangeInterval", () => {
  it("is a point when both runs recorded one value each many times", () => {
    const d = decodeDistribution(encoded(Array.from({ length: 1000 }, () => 5000)));
    const e = decodeDistribution(encoded(Array.from({ length: 1000 }, () => 8000)));
    for (const stat of ["p50", "p95", "mean"]) {
      const interval = latencyChangeInterval(e, d, stat, BOOTSTRAP_DEFAULTS);
      expect(interval?.low).toBeCloseTo(3, 6);
      expect(interval?.high).toBeCloseTo(3, 6);
    }
  });

  it("is null without data or for a statistic it cannot resample", () => {
    const d = decodeDistribution(encoded([1000, 2000]));
    expect(latencyChangeInterval(d, decodeDistribution(encoded([])), "p95", BOOTSTRAP_DEFAULTS)).toBeNull();
    expect(latencyChangeInterval(d, d, "max", BOOTSTRAP_DEFAULTS)).toBeNull();
  });
});

describe("perSecondChangeInterval", () => {
  it("brackets the change of the mean completions per second", () => {
    const base = Array.from({ length: 30 }, (_, t) => 100 + (t % 3) - 1);
    const head = base.map((n) => n - 20);
    const interval = perSecondChangeInterval(head, base, BOOTSTRAP_DEFAULTS);
    expect(interval?.low).toBeLessThan(-19);
    expect(interval?.high).toBeGreaterThan(-21);
    expect(interval?.high).toBeLessThan(0);
  });

  it("needs at least two seconds on each side", () => {
    expect(perSecondChangeInterval([5], [5, 6], BOOTSTRAP_DEFAULTS)).toBeNull();
  });
});
