import { describe, expect, it } from "vitest";
import { createSchedule, mulberry32, scheduleOffsetsMs } from "../../src/load/schedule.js";

describe("arrival schedule", () => {
  it("spaces constant arrivals exactly 1/rate apart from t0, without accumulated rounding", () => {
    const offsets = scheduleOffsetsMs(300, "constant", 1, 100_001);
    expect(offsets.slice(0, 4)).toEqual([0, 1000 / 300, 2000 / 300, 3000 / 300]);
    // After 100 000 arrivals at 300/s the offset is still exactly 100 000 / 300 s.
    expect(offsets[100_000]).toBe((100_000 * 1000) / 300);
  });

  it("gives the same Poisson offsets for the same seed and different ones for another seed", () => {
    const a = scheduleOffsetsMs(50, "poisson", 42, 1000);
    const b = scheduleOffsetsMs(50, "poisson", 42, 1000);
    const c = scheduleOffsetsMs(50, "poisson", 43, 1000);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(c.filter((x, i) => x === a[i])).toHaveLength(0);
  });

  it("draws Poisson gaps with mean 1/rate and an exponential spread", () => {
    const n = 20_000;
    const offsets = scheduleOffsetsMs(200, "poisson", 7, n);
    const gaps = offsets.map((x, i) => x - (i === 0 ? 0 : (offsets[i - 1] as number)));
    const mean = gaps.reduce((s, g) => s + g, 0) / n;
    // Standard error of the mean of 20 000 exponential gaps is 5 ms / √20000 ≈ 0.035 ms: ±2 % is > 25 σ.
    expect(mean).toBeGreaterThan(5 * 0.98);
    expect(mean).toBeLessThan(5 * 1.02);
    // Exponential: P(gap > mean) = e^-1 ≈ 0.368 (±0.02 is > 5 σ for n = 20 000).
    const above = gaps.filter((g) => g > 5).length / n;
    expect(above).toBeGreaterThan(0.348);
    expect(above).toBeLessThan(0.388);
    expect(gaps.every((g) => g > 0 && Number.isFinite(g))).toBe(true);
  });

  it("mulberry32 yields floats in [0, 1) reproducibly", () => {
    const r1 = mulberry32(123);
    const r2 = mulberry32(123);
    for (let i = 0; i < 1000; i++) {
      const x = r1();
      expect(x).toBe(r2());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it.each(["constant", "poisson"] as const)(
    "skipBelow (%s) passes over exactly the offsets next() would give below the limit",
    (arrival) => {
      const offsets = scheduleOffsetsMs(20_000, arrival, 3, 5000);
      const s = createSchedule(20_000, arrival, 3);
      s.next();
      s.next();
      // From the third arrival on, everything below 100 ms is skipped; next() is the first at/after it.
      const below = offsets.filter((o) => o < 100).length;
      expect(s.skipBelow(100)).toBe(below - 2);
      expect(s.next()).toBe(offsets[below]);
      expect(s.skipBelow(0)).toBe(0);
    },
  );

  it("skipBelow stays bounded far behind: 1e12/s over 10 s, counted without 1e13 draws", () => {
    const constant = createSchedule(1e12, "constant", 1);
    expect(constant.skipBelow(10_000)).toBe(1e13);
    const poisson = createSchedule(1e12, "poisson", 1);
    const started = performance.now();
    const n = poisson.skipBelow(10_000);
    expect(performance.now() - started).toBeLessThan(100);
    // Poisson count over 10 s: σ = √1e13 ≈ 3.2e6, so within 1e-5 of the mean.
    expect(Math.abs(n / 1e13 - 1)).toBeLessThan(1e-5);
    expect(poisson.next()).toBeGreaterThanOrEqual(10_000);
  });
});
