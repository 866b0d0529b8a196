import { describe, expect, it } from "vitest";
import type { LiveProgress } from "../../src/load/types.js";
import { combineProgress } from "../../src/load/worker-progress.js";

const at = (over: Partial<LiveProgress>): LiveProgress => ({
  name: "chat",
  phase: "measure",
  elapsedMs: 2000,
  totalMs: 10_000,
  ok: 100,
  errors: 1,
  rps: 50,
  p95Ms: 20,
  ...over,
});

describe("combineProgress", () => {
  it("sums counts and rates, and takes the largest p95 (a bound of the pooled p95)", () => {
    const line = combineProgress(
      [at({ p95Ms: 20 }), at({ ok: 90, errors: 0, rps: 45.5, p95Ms: 31, elapsedMs: 2100 })],
      2,
    );
    expect(line).toEqual({
      name: "chat",
      phase: "measure",
      elapsedMs: 2100,
      totalMs: 10_000,
      ok: 190,
      errors: 1,
      rps: 95.5,
      p95Ms: 31,
      workers: 2,
    });
  });

  it("is in the least advanced phase of its workers, and p95 null until a worker has one", () => {
    const line = combineProgress(
      [at({ phase: "warmup", elapsedMs: 900, totalMs: 1000, p95Ms: null }), at({})],
      2,
    );
    expect(line).toMatchObject({ phase: "warmup", elapsedMs: 900, totalMs: 1000, p95Ms: 20 });
    expect(combineProgress([at({ p95Ms: null }), at({ p95Ms: null })], 2).p95Ms).toBeNull();
  });

  it("carries a streamed scenario's ttft bound, and none for a plain one", () => {
    expect(combineProgress([at({ ttftP95Ms: 200 }), at({ ttftP95Ms: null })], 2).ttftP95Ms).toBe(200);
    expect(combineProgress([at({}), at({})], 2)).not.toHaveProperty("ttftP95Ms");
  });
});
