import { describe, expect, it } from "vitest";
import { proportionDifferenceInterval } from "../../src/gate/proportion-interval.js";

describe("proportionDifferenceInterval", () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions",
  // Table II, method 10 (hybrid score), 95 %: [x1/n1, x2/n2, low, high].
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [10, 10, 0, 20, 0.6791, 1],
    [0, 10, 0, 20, -0.1611, 0.2775],
  ])("%i/%i − %i/%i → %f … %f", (x1, n1, x2, n2, low, high) => {
    const interval = proportionDifferenceInterval({ x: x1, n: n1 }, { x: x2, n: n2 }, 0.95);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it("narrows with more trials and widens with confidence", () => {
    const width = (n: number, confidence: number): number => {
      const i = proportionDifferenceInterval({ x: 0.03 * n, n }, { x: 0.01 * n, n }, confidence);
      return i.high - i.low;
    };
    expect(width(10_000, 0.95)).toBeLessThan(width(1000, 0.95));
    expect(width(1000, 0.99)).toBeGreaterThan(width(1000, 0.9));
  });
});
