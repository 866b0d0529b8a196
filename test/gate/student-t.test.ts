import { describe, expect, it } from "vitest";
import { studentTCdf, studentTQuantile } from "../../src/gate/student-t.js";

describe("studentTQuantile", () => {
  // Known values from any t table (two-sided 95 % and 90 %).
  it.each([
    [1, 12.7062, 6.3138],
    [2, 4.3027, 2.92],
    [3, 3.1824, 2.3534],
    [4, 2.7764, 2.1318],
    [5, 2.5706, 2.015],
    [10, 2.2281, 1.8125],
    [30, 2.0423, 1.6973],
    [1000, 1.9623, 1.6464],
  ])("df %i: t0.975 = %f, t0.95 = %f, as the tables say", (df, t975, t95) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t975, 3);
    expect(studentTQuantile(0.95, df)).toBeCloseTo(t95, 3);
  });

  it("is symmetric and inverts the CDF", () => {
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764, 3);
    expect(studentTCdf(studentTQuantile(0.9, 7), 7)).toBeCloseTo(0.9, 8);
    expect(studentTCdf(0, 3)).toBeCloseTo(0.5, 12);
  });
});
