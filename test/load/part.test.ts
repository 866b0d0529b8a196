/**
 * A part of a scenario's load (src/load/part.ts): the parts of a split schedule must be, arrival
 * by arrival, the whole schedule; connections and iteration numbers must add up to the whole.
 */
import { describe, expect, it } from "vitest";
import {
  globalIteration,
  isLoadPart,
  type LoadPart,
  nestedPart,
  ownIndicesIn,
  partConnections,
  partSchedule,
} from "../../src/load/part.js";
import { createSchedule } from "../../src/load/schedule.js";

const parts = (count: number): LoadPart[] => Array.from({ length: count }, (_, index) => ({ index, count }));

describe("partSchedule", () => {
  it.each([
    ["constant", 1],
    ["constant", 3],
    ["poisson", 2],
    ["poisson", 4],
  ] as const)("the %s schedule's %i parts are the whole schedule, arrival by arrival", (arrival, count) => {
    const whole = createSchedule(250, arrival, 42);
    const expected = Array.from({ length: 1200 }, () => whole.next());
    const merged = parts(count)
      .flatMap((part) => {
        const own = partSchedule(createSchedule(250, arrival, 42), part);
        return Array.from({ length: 1200 / count }, () => own.next());
      })
      .sort((a, b) => a - b);
    expect(merged.length).toBe(expected.length);
    for (const [i, at] of merged.entries()) expect(at).toBeCloseTo(expected[i] ?? Number.NaN, 9);
  });

  it("counts only its own arrivals when it skips, and the parts' skips add up to the whole's", () => {
    const whole = createSchedule(1000, "poisson", 7);
    whole.next();
    const wholeSkipped = whole.skipBelow(5000) + 1;
    const skips = parts(3).map((part) => {
      const own = partSchedule(createSchedule(1000, "poisson", 7), part);
      const first = own.next();
      return (first < 5000 ? 1 : 0) + own.skipBelow(5000);
    });
    expect(skips.reduce((a, b) => a + b, 0)).toBe(wholeSkipped);
    // Each part's next arrival after the skip is at or past the limit.
    for (const part of parts(3)) {
      const own = partSchedule(createSchedule(1000, "poisson", 7), part);
      own.next();
      own.skipBelow(5000);
      expect(own.next()).toBeGreaterThanOrEqual(5000);
    }
  });
});

describe("ownIndicesIn", () => {
  it("counts i in [from, to) with i mod count = index, against a loop", () => {
    for (const part of [...parts(1), ...parts(3), ...parts(4)])
      for (let from = 0; from < 12; from++)
        for (let to = from; to < 20; to++) {
          let n = 0;
          for (let i = from; i < to; i++) if (i % part.count === part.index) n++;
          expect(ownIndicesIn(from, to, part)).toBe(n);
        }
  });
});

describe("partConnections, globalIteration, nestedPart", () => {
  it("shares the connections so the parts add up to the whole, differing by at most one", () => {
    for (const total of [1, 2, 7, 50, 64])
      for (const count of [1, 2, 3, 4]) {
        const shares = parts(count).map((p) => partConnections(total, p));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }
  });

  it("numbers the parts' iterations so together they are 0, 1, 2 … once each", () => {
    const seen = parts(3).flatMap((p) => Array.from({ length: 5 }, (_, j) => globalIteration(j, p)));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it("numbers a shard's workers as parts of the whole matrix", () => {
    const all = parts(2).flatMap((shard) => parts(3).map((worker) => nestedPart(shard, worker)));
    expect(all.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all.every((p) => p.count === 6 && isLoadPart(p))).toBe(true);
    expect(isLoadPart({ index: 2, count: 2 })).toBe(false);
    expect(isLoadPart({ index: -1, count: 2 })).toBe(false);
    expect(isLoadPart({ index: 0.5, count: 2 })).toBe(false);
  });
});
