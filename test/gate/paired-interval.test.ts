import { describe, expect, it } from "vitest";
import {
  MIN_STAGE_SHARE,
  pairedChangeInterval,
  pairedValues,
  roundValue,
  stageRounds,
} from "../../src/gate/paired-interval.js";
import { findMetric } from "../../src/metrics/catalogue.js";
import type { RoundRecord, Side } from "../../src/report/types.js";

const P95 = findMetric("latency.p95");
const ERRORS = findMetric("error_rate");
const RPS = findMetric("rps");
if (!P95 || !ERRORS || !RPS) throw new Error("catalogue changed");

/** A round whose latency statistics are all `ms`, with `ok`/`failed` completions over 2 s. */
function round(side: Side, index: number, ms: number, ok = 100, failed = 0): RoundRecord {
  const stats = { count: ok, mean: ms, p50: ms, p90: ms, p95: ms, p99: ms, p999: ms };
  return {
    side,
    index,
    pair: Math.floor(index / 2),
    t_ms: index * 2000,
    duration_ms: 2000,
    ok,
    failed,
    responses: ok + failed,
    stats: { latency: stats },
  };
}

/**
 * Rounds in A B B A order over `pairs` pairs under a shared drift: the runner's speed at round i
 * is `drift(i)`, and B is `factor` × A at every moment.
 */
function drifting(pairs: number, factor: number, drift: (i: number) => number, wobble = 0): RoundRecord[] {
  const rounds: RoundRecord[] = [];
  for (let i = 0; i < pairs * 2; i++) {
    const pair = Math.floor(i / 2);
    const aFirst = pair % 2 === 0;
    const side: Side = (i % 2 === 0) === aFirst ? "baseline" : "target";
    // A small deterministic per-round wobble stands for the sampling noise of a round's p95.
    const noise = 1 + wobble * Math.sin(i * 2.3);
    rounds.push(round(side, i, 20 * drift(i) * noise * (side === "target" ? factor : 1)));
  }
  return rounds;
}

/** Each side's mean over its rounds, as the merged runs would roughly report it. */
function sideMean(rounds: readonly RoundRecord[], side: Side): number {
  const values = rounds.filter((r) => r.side === side).map((r) => r.stats.latency?.p95 ?? 0);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe("pairedChangeInterval", () => {
  it("a ±15 % drift that moves both sides does not read as a change: identical builds get an interval around 0 far narrower than the drift", () => {
    const rounds = drifting(10, 1, (i) => 1 + 0.15 * Math.sin((2 * Math.PI * i) / 10), 0.01);
    const [a, b] = [sideMean(rounds, "baseline"), sideMean(rounds, "target")];
    const interval = pairedChangeInterval(rounds, P95, a, b, 0.95);
    expect(interval?.pairs).toBe(10);
    expect(interval?.low).toBeLessThan(0);
    expect(interval?.high).toBeGreaterThan(0);
    // The drift swings the p95 over 6 ms (±15 % of 20 ms); only what moves between the two rounds
    // of a pair (a tenth of a period apart) is left, so the interval stays within ±6 %.
    expect(interval?.low).toBeGreaterThan(-0.06 * 20);
    expect(interval?.high).toBeLessThan(0.06 * 20);
  });

  it("a real +20 % of the target is inside the interval, which excludes 0, under the same drift", () => {
    const rounds = drifting(10, 1.2, (i) => 1 + 0.15 * Math.sin((2 * Math.PI * i) / 10), 0.01);
    const [a, b] = [sideMean(rounds, "baseline"), sideMean(rounds, "target")];
    const interval = pairedChangeInterval(rounds, P95, a, b, 0.95);
    expect(interval?.low).toBeGreaterThan(0);
    expect(interval?.low).toBeLessThan(0.2 * a);
    expect(interval?.high).toBeGreaterThan(0.2 * a);
  });

  it("is the Student t interval of the mean log ratio, with n − 1 degrees of freedom", () => {
    // Pairs with B/A = 1.1, 1.3, 1.0, 1.2: log ratios known, t(0.975, 3) = 3.1824.
    const ratios = [1.1, 1.3, 1.0, 1.2];
    const rounds = ratios.flatMap((r, k) => [
      round("baseline", 2 * k, 10),
      round("target", 2 * k + 1, 10 * r),
    ]);
    const logs = ratios.map(Math.log);
    const mean = logs.reduce((x, y) => x + y) / 4;
    const sd = Math.sqrt(logs.reduce((x, y) => x + (y - mean) ** 2, 0) / 3);
    const half = (3.1824 * sd) / 2;
    const interval = pairedChangeInterval(rounds, P95, 10, 11.5, 0.95);
    const centre = Math.log(11.5 / 10);
    expect(interval?.low).toBeCloseTo(10 * (Math.exp(centre - half) - 1), 3);
    expect(interval?.high).toBeCloseTo(10 * (Math.exp(centre + half) - 1), 3);
  });

  it("error_rate uses differences (a round with no error has no ratio)", () => {
    const rounds = [
      round("baseline", 0, 10, 100, 0),
      round("target", 1, 10, 98, 2),
      round("target", 2, 10, 99, 1),
      round("baseline", 3, 10, 100, 0),
    ];
    expect(pairedValues(rounds, "error_rate")).toEqual([
      [0, 0.02],
      [0, 0.01],
    ]);
    const interval = pairedChangeInterval(rounds, ERRORS, 0, 0.015, 0.95);
    // Differences 0.02 and 0.01: mean 0.015, sd 0.00707, t(0.975, 1) = 12.706.
    expect(interval?.low).toBeCloseTo(0.015 - (12.706 * 0.00707107) / Math.SQRT2, 4);
  });

  it("reads per-second metrics over the round's window, and null where a round has no data", () => {
    const r = round("target", 1, 10, 100, 20);
    expect(roundValue(r, "rps")).toBe(60);
    expect(roundValue(r, "error_rate")).toBeCloseTo(20 / 120, 12);
    expect(roundValue(r, "ttft.p95")).toBeNull();
    expect(roundValue({ ...r, ok: 0, failed: 0 }, "error_rate")).toBeNull();
    expect(roundValue(r, "output_tps")).toBeNull();
  });

  it("needs two pairs: one pair has no spread", () => {
    expect(
      pairedChangeInterval([round("baseline", 0, 10), round("target", 1, 11)], P95, 10, 11, 0.95),
    ).toBeNull();
  });
});

describe("stageRounds", () => {
  /** A round of a shape whose segment spent `parts` (ms) in each named stage, p95 `ms` in each. */
  function shaped(side: Side, index: number, parts: Record<string, [number, number]>): RoundRecord {
    const stages = Object.fromEntries(
      Object.entries(parts).map(([name, [durationMs, ms]]) => {
        const stats = { count: 50, mean: ms, p50: ms, p90: ms, p95: ms, p99: ms, p999: ms };
        return [
          name,
          { duration_ms: durationMs, ok: 50, failed: 0, responses: 50, stats: { latency: stats } },
        ];
      }),
    );
    return { ...round(side, index, 99), stages };
  }

  it("pairs a stage over the rounds that ran it, each with its own part's values, not the round's", () => {
    const rounds = [
      shaped("baseline", 0, { up: [2000, 10] }),
      shaped("target", 1, { up: [2000, 11] }),
      shaped("target", 2, { up: [1000, 12], hold: [1000, 30] }),
      shaped("baseline", 3, { up: [1000, 10], hold: [1000, 20] }),
      shaped("baseline", 4, { hold: [2000, 20] }),
      shaped("target", 5, { hold: [2000, 31] }),
    ];
    expect(pairedValues(stageRounds(rounds, "hold"), "latency.p95")).toEqual([
      [20, 30],
      [20, 31],
    ]);
    expect(pairedValues(stageRounds(rounds, "up"), "latency.p95")).toEqual([
      [10, 11],
      [10, 12],
    ]);
    expect(stageRounds(rounds, "spike")).toEqual([]);
  });

  it(`leaves out a pair whose segment spent under ${MIN_STAGE_SHARE * 100} % of its window in the stage`, () => {
    const rounds = [
      shaped("baseline", 0, { up: [1900, 10], hold: [100, 90] }),
      shaped("target", 1, { up: [1900, 11], hold: [100, 5] }),
      shaped("target", 2, { hold: [2000, 30] }),
      shaped("baseline", 3, { hold: [2000, 20] }),
    ];
    expect(pairedValues(stageRounds(rounds, "hold"), "latency.p95")).toEqual([[20, 30]]);
  });
});
