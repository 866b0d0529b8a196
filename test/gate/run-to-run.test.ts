import { describe, expect, it } from "vitest";
import { runToRunInterval, runToRunSpread } from "../../src/gate/run-to-run.js";

describe("run-to-run spread", () => {
  it("is t(k − 1) · s · √2 over the window's values", () => {
    // 5 runs: 100, 104, 96, 102, 98 → s = √10 ≈ 3.162; t(0.975, 4) = 2.7764.
    const spread = runToRunSpread([100, 104, 96, 102, 98], 0.95);
    expect(spread).toBeCloseTo(2.7764 * Math.sqrt(10) * Math.SQRT2, 3);
    expect(runToRunSpread([100], 0.95)).toBeNull();
  });

  it("widens each side of the bootstrap interval in quadrature", () => {
    const interval = runToRunInterval(5, { low: 4, high: 7 }, [100, 104, 96, 102, 98], 0.95);
    const spread = 2.7764 * Math.sqrt(10) * Math.SQRT2;
    expect(interval?.low).toBeCloseTo(5 - Math.hypot(1, spread), 3);
    expect(interval?.high).toBeCloseTo(5 + Math.hypot(2, spread), 3);
  });

  it("keeps the bootstrap interval with one value, and uses the spread alone without a bootstrap", () => {
    expect(runToRunInterval(5, { low: 4, high: 7 }, [100], 0.95)).toEqual({ low: 4, high: 7 });
    const alone = runToRunInterval(0, null, [10, 12], 0.95);
    expect(alone?.high).toBeCloseTo(12.706 * Math.SQRT2 * Math.SQRT2, 2);
  });
});
