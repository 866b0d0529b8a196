/**
 * The staged schedule's offsets (load/staged-schedule.ts) against the planned curve: a stage of
 * rate 0 gets no arrival, the arrival on the boundary after a ramp down to 0 belongs to the
 * stage where the rate rises again, and a ramp down's arrivals follow its area.
 */
import { describe, expect, it } from "vitest";
import { RateCurve, stagedSchedule } from "../../src/load/staged-schedule.js";

/** Offsets a schedule releases before `endMs`, counted per stage `[start, end)`. */
function perStage(curve: RateCurve, bounds: readonly number[], endMs: number): number[] {
  const schedule = stagedSchedule(curve, "constant", 1);
  const counts = new Array<number>(bounds.length - 1).fill(0);
  for (let o = schedule.next(); o < endMs; o = schedule.next()) {
    const i = bounds.findIndex((b, j) => o >= b && o < (bounds[j + 1] ?? Number.POSITIVE_INFINITY));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

describe("staged schedule: a stage of rate 0", () => {
  it("a ramp 300 → 0/s, a 0/s stage, then 0 → 100/s: 150, 0 and 25 arrivals (the 0/s stage sent one)", () => {
    const curve = new RateCurve([
      { startMs: 0, durationMs: 1000, fromPerSec: 300, toPerSec: 0 },
      { startMs: 1000, durationMs: 300, fromPerSec: 0, toPerSec: 0 },
      { startMs: 1300, durationMs: 500, fromPerSec: 0, toPerSec: 100 },
    ]);
    expect(perStage(curve, [0, 1000, 1300, 1800], 1800)).toEqual([150, 0, 25]);
  });

  it("skipBelow counts the same arrivals next() would release up to the limit", () => {
    const curve = new RateCurve([
      { startMs: 0, durationMs: 1000, fromPerSec: 300, toPerSec: 0 },
      { startMs: 1000, durationMs: 300, fromPerSec: 0, toPerSec: 0 },
      { startMs: 1300, durationMs: 500, fromPerSec: 0, toPerSec: 100 },
    ]);
    const skipping = stagedSchedule(curve, "constant", 1);
    expect(skipping.skipBelow(1300)).toBe(150);
    expect(skipping.next()).toBe(1300);
  });
});
