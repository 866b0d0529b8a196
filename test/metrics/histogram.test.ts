import { describe, expect, it } from "vitest";
import { HIGHEST_TRACKABLE_US, toThousandths } from "../../src/metrics/histogram.js";

describe("toThousandths", () => {
  it.each([
    [10, 10_000],
    [12.4, 12_400],
    [0.0004, 0],
    [0.0005, 1],
    [-1, 0],
    [1e12, HIGHEST_TRACKABLE_US],
  ])("%f → %i", (value, thousandths) => {
    expect(toThousandths(value)).toBe(thousandths);
  });
});
