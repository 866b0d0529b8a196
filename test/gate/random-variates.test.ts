import { describe, expect, it } from "vitest";
import { beta, gamma, normal, normalQuantile } from "../../src/gate/random-variates.js";
import { mulberry32 } from "../../src/load/schedule.js";

function moments(draw: () => number, n = 20_000): { mean: number; variance: number } {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSquares / n - mean * mean };
}

describe("normalQuantile", () => {
  it.each([
    [0.5, 0],
    [0.975, 1.959964],
    [0.995, 2.575829],
    [0.9, 1.281552],
    [0.025, -1.959964],
    [0.001, -3.090232],
  ])("Φ⁻¹(%f) = %f", (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5);
  });
});

describe("variates", () => {
  // [name, draw, mean, variance] with 20 000 draws; tolerances are several standard errors.
  it.each<[string, (r: () => number) => number, number, number]>([
    ["normal", (r) => normal(r), 0, 1],
    ["gamma(1)", (r) => gamma(1, r), 1, 1],
    ["gamma(50)", (r) => gamma(50, r), 50, 50],
    ["beta(2, 8)", (r) => beta(2, 8, r), 0.2, (2 * 8) / (100 * 11)],
    ["beta(950, 51)", (r) => beta(950, 51, r), 950 / 1001, (950 * 51) / (1001 * 1001 * 1002)],
  ])("%s has the right mean and variance", (_name, draw, mean, variance) => {
    const random = mulberry32(42);
    const m = moments(() => draw(random));
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / 20_000));
    expect(m.variance / variance).toBeGreaterThan(0.9);
    expect(m.variance / variance).toBeLessThan(1.1);
  });
});
