/**
 * A window of a load shape as a shape of its own (side-by-side rounds run one each): the sliced
 * curve must BE the whole curve over the window — its integral (the planned arrivals) over every
 * part of the window, and the closed model's loop target at every moment.
 */
import { describe, expect, it } from "vitest";
import type { LoadSpec, StageSpec } from "../../src/budget/types.js";
import { loopTarget, rateCurveOf } from "../../src/load/stage-shape.js";
import { sliceLoad, sliceStages } from "../../src/load/stage-slice.js";

function shaped(stages: StageSpec[], over: Partial<LoadSpec> = {}): LoadSpec {
  const open = stages.some((s) => s.ratePerSec !== undefined);
  const peak = Math.max(over.startRatePerSec ?? 0, ...stages.map((s) => s.ratePerSec ?? 0));
  return {
    connections: open ? 16 : Math.max(...stages.map((s) => s.connections ?? 1)),
    ...(open ? { ratePerSec: peak, startRatePerSec: 0 } : {}),
    arrival: "constant",
    seed: 1,
    durationMs: stages.reduce((sum, s) => sum + s.durationMs, 0),
    warmupMs: 0,
    untrusted: "fail",
    stages,
    ...over,
  };
}

// The brief's shape: ramp 10 → 80/s over 2 s, hold 2 s, spike to 160/s over 1 s.
const ramp = shaped(
  [
    { name: "up", durationMs: 2000, ratePerSec: 80 },
    { name: "hold", durationMs: 2000, ratePerSec: 80 },
    { name: "spike", durationMs: 1000, ratePerSec: 160 },
  ],
  { startRatePerSec: 10 },
);
const windows: readonly (readonly [number, number])[] = [
  [0, 1000],
  [700, 1300],
  [1500, 2600],
  [1999, 2001],
  [2000, 4000],
  [3100, 4700],
  [4250, 5000],
  [0, 5000],
];

describe("sliceStages / sliceLoad", () => {
  it.each(windows)(
    "the slice [%i, %i) plans the whole curve's arrivals over its window, at every point",
    (from, to) => {
      const whole = rateCurveOf(ramp);
      const slice = sliceLoad(ramp, from, to);
      const part = rateCurveOf(slice);
      expect(slice.durationMs).toBe(to - from);
      for (let t = 0; t <= to - from; t += (to - from) / 20) {
        const expected = whole.arrivalsBefore(from + t) - whole.arrivalsBefore(from);
        expect(part.arrivalsBefore(t)).toBeCloseTo(expected, 9);
      }
      expect(part.total).toBeCloseTo(whole.arrivalsBefore(to) - whole.arrivalsBefore(from), 9);
    },
  );

  it("cuts into consecutive windows whose arrivals add up to the whole shape's (rounds of 700 ms)", () => {
    const whole = rateCurveOf(ramp);
    let sum = 0;
    for (let from = 0; from < 5000; from += 700)
      sum += rateCurveOf(sliceLoad(ramp, from, Math.min(5000, from + 700))).total;
    // 10 → 80 over 2 s: 90; 80 for 2 s: 160; 80 → 160 over 1 s: 120.
    expect(whole.total).toBeCloseTo(370, 9);
    expect(sum).toBeCloseTo(370, 9);
  });

  it("keeps the names of cut stages, interpolates the rate at the cuts, and keeps peak and duration invariants", () => {
    expect(sliceStages(ramp.stages ?? [], 10, 1000, 4500)).toEqual({
      startRatePerSec: 45,
      stages: [
        { name: "up", durationMs: 1000, ratePerSec: 80 },
        { name: "hold", durationMs: 2000, ratePerSec: 80 },
        { name: "spike", durationMs: 500, ratePerSec: 120 },
      ],
    });
    const load = sliceLoad(ramp, 1000, 4500);
    expect(load).toMatchObject({ durationMs: 3500, ratePerSec: 120, startRatePerSec: 45, connections: 16 });
    expect(sliceLoad(ramp, 0, 500)).toMatchObject({ ratePerSec: 27.5, startRatePerSec: 10 });
    // A window inside one stage: that stage only, from the curve's value at the cut.
    expect(sliceStages(ramp.stages ?? [], 10, 2500, 3000)).toEqual({
      startRatePerSec: 80,
      stages: [{ name: "hold", durationMs: 500, ratePerSec: 80 }],
    });
  });

  it("a window at 0/s keeps a positive rate (the engine reads a rate as the open model)", () => {
    const pause = shaped([
      { name: "up", durationMs: 1000, ratePerSec: 50 },
      { name: "down", durationMs: 1000, ratePerSec: 0 },
      { name: "rest", durationMs: 1000, ratePerSec: 0 },
    ]);
    const load = sliceLoad(pause, 2000, 3000);
    expect(load.stages).toEqual([{ name: "rest", durationMs: 1000, ratePerSec: 0 }]);
    expect(load.ratePerSec).toBe(50);
    expect(rateCurveOf(load).total).toBe(0);
  });

  it("the closed model's loop target over a slice is the whole shape's at every 10 ms, start count included", () => {
    const closed = shaped([
      { name: "up", durationMs: 1000, connections: 8 },
      { name: "hold", durationMs: 500, connections: 8 },
      { name: "down", durationMs: 1000, connections: 2 },
    ]);
    for (const [from, to] of [
      [0, 600],
      [300, 1200],
      [1100, 2500],
      [1700, 2100],
    ] as const) {
      const slice = sliceLoad(closed, from, to);
      const whole = (t: number) => loopTarget(closed.stages ?? [], t);
      for (let t = 0; t < to - from; t += 10)
        expect(loopTarget(slice.stages ?? [], t, slice.startConnections)).toBe(whole(from + t));
      // Its warm-up runs the count at the window's start; the pool holds the window's highest count.
      expect(loopTarget(slice.stages ?? [], -1, slice.startConnections)).toBe(whole(from));
      const highest = Math.max(...Array.from({ length: to - from }, (_, t) => whole(from + t)));
      expect(slice.connections).toBeGreaterThanOrEqual(highest);
      expect(slice.connections).toBeLessThanOrEqual(highest + 1);
      expect(slice.ratePerSec).toBeUndefined();
    }
  });
});
