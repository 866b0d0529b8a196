import { describe, expect, it } from "vitest";
import { MAX_STEPS, midpoint, searchCapacity } from "../../src/load/capacity-search.js";

/** A fake server: every rate up to `knee` meets the objectives; the generator gives up above `limit`. */
function fake(knee: number, limit = Number.POSITIVE_INFINITY, interruptAt = Number.POSITIVE_INFINITY) {
  let n = 0;
  return async (rate: number) => {
    n++;
    if (n >= interruptAt) return null;
    return { met: rate <= knee, generatorLimited: rate > limit };
  };
}

describe("searchCapacity", () => {
  it.each([
    // knee, from, to → capacity, bracket check
    { knee: 100, from: 10, to: 1000 },
    { knee: 47, from: 5, to: 500 },
    { knee: 250, from: 100, to: 1000 },
  ])("brackets a knee of $knee/s within 5 % (from $from to $to)", async ({ knee, from, to }) => {
    const result = await searchCapacity({ fromRate: from, toRate: to }, fake(knee));
    expect(result.stoppedBy).toBe("slo");
    const capacity = result.capacity ?? Number.NaN;
    const bad = result.firstBadRate ?? Number.NaN;
    expect(capacity).toBeLessThanOrEqual(knee);
    expect(bad).toBeGreaterThan(knee);
    expect((bad - capacity) / capacity).toBeLessThanOrEqual(0.05);
    expect(result.steps.length).toBeLessThanOrEqual(MAX_STEPS);
    // Geometric from `from` until the first break, then inside the bracket only.
    expect(result.steps[0]?.rate).toBe(from);
    expect(result.steps[1]?.rate).toBe(from * 2);
  });

  it("steps 10, 20, 40, 80, 160 then bisects 80..160 for a knee of 100/s", async () => {
    const result = await searchCapacity({ fromRate: 10, toRate: 1000 }, fake(100));
    expect(result.steps.map((s) => s.rate)).toEqual([10, 20, 40, 80, 160, 120, 100, 110, 105]);
    expect(result.capacity).toBe(100);
    expect(result.firstBadRate).toBe(105);
  });

  it("stops at MAX_STEPS when the bracket is still wider than 5 %", async () => {
    // 1 → 512 is 10 geometric steps: no room left to bisect.
    const result = await searchCapacity({ fromRate: 1, toRate: 10_000 }, fake(700));
    expect(result.steps).toHaveLength(11);
    expect(result.capacity).toBe(512);
    expect(result.firstBadRate).toBe(1024);
    expect(result.stoppedBy).toBe("slo");
  });

  it("reports max_rate when `to` itself met, the last step at exactly `to`", async () => {
    const result = await searchCapacity({ fromRate: 10, toRate: 100 }, fake(1e9));
    expect(result.steps.map((s) => s.rate)).toEqual([10, 20, 40, 80, 100]);
    expect(result).toMatchObject({ capacity: 100, firstBadRate: null, stoppedBy: "max_rate" });
  });

  it("stops at the first generator-limited step: capacity is what met before it (a floor)", async () => {
    const result = await searchCapacity({ fromRate: 10, toRate: 1000 }, fake(500, 50));
    expect(result.steps.map((s) => s.rate)).toEqual([10, 20, 40, 80]);
    expect(result).toMatchObject({ capacity: 40, firstBadRate: null, stoppedBy: "generator" });
  });

  it("reports null capacity when not even `from` met, after one step", async () => {
    const result = await searchCapacity({ fromRate: 10, toRate: 1000 }, fake(5));
    expect(result.steps).toHaveLength(1);
    expect(result).toMatchObject({ capacity: null, firstBadRate: 10, stoppedBy: "slo" });
  });

  it("stops as interrupted when measure returns null, keeping the steps before it", async () => {
    const result = await searchCapacity({ fromRate: 10, toRate: 1000 }, fake(100, Infinity, 3));
    expect(result.steps.map((s) => s.rate)).toEqual([10, 20]);
    expect(result).toMatchObject({ capacity: 20, stoppedBy: "interrupted" });
  });
});

describe("midpoint", () => {
  it.each([
    [80, 160, 120],
    [100, 110, 105],
    [47.3, 48.1, 47.7],
    [100, 100.2, 100.1],
  ])("midpoint(%d, %d) = %d", (good, bad, mid) => {
    expect(midpoint(good, bad)).toBeCloseTo(mid, 6);
  });
});
