import { describe, expect, it } from "vitest";
import type { LoadSpec } from "../../src/budget/types.js";
import {
  DEFAULT_ROUND_MS,
  FIRST_ROUND_MIN_WARMUP_MS,
  LATER_ROUND_WARMUP_MS,
  planRounds,
} from "../../src/load/rounds.js";

function load(over: Partial<LoadSpec>): LoadSpec {
  return {
    connections: 1,
    arrival: "constant",
    seed: 7,
    durationMs: 60_000,
    warmupMs: 0,
    untrusted: "fail",
    ...over,
  };
}

const sides = (plan: ReturnType<typeof planRounds>) =>
  plan.rounds.map((r) => (r.side === "baseline" ? "A" : "B")).join("");

describe("planRounds", () => {
  it("interleaves in blocks of four, ABBA or BAAB, each block's orientation drawn from the seed", () => {
    const plan = planRounds(load({ durationMs: 20_000, roundMs: 5000 }));
    expect(plan.roundsPerSide).toBe(4);
    const order = sides(plan);
    for (const block of [order.slice(0, 4), order.slice(4, 8)]) expect(["ABBA", "BAAB"]).toContain(block);
    expect(plan.rounds.map((r) => r.pair)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(plan.rounds.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Reproducible: the same seed, the same order.
    expect(sides(planRounds(load({ durationMs: 20_000, roundMs: 5000 })))).toBe(order);
  });

  it("does not repeat one fixed pattern: over seeds, both orientations occur at every block", () => {
    // A fixed ABBA would resonate with a drift of period 4 rounds (every block's A on the same phase).
    const firstBlocks = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const order = sides(planRounds(load({ durationMs: 40_000, roundMs: 2000, seed })));
      for (let i = 0; i < order.length; i += 4) expect(["ABBA", "BAAB"]).toContain(order.slice(i, i + 4));
      firstBlocks.add(order.slice(0, 4));
    }
    expect(firstBlocks).toEqual(new Set(["ABBA", "BAAB"]));
    const one = sides(planRounds(load({ durationMs: 40_000, roundMs: 2000, seed: 3 })));
    expect(new Set(one.match(/.{4}/g))).toEqual(new Set(["ABBA", "BAAB"]));
  });

  it.each([
    // duration, round, rounds per side
    [60_000, undefined, 30], // default 2 s
    [6000, undefined, 4], // default duration / 4 when shorter than 2 s
    [3000, 1000, 3],
    [2000, 1000, 2],
    [2000, 500, 4], // the engine accepts rounds shorter than the budget's 1 s minimum
    [10_000, 7000, 2], // never fewer than 2 a side
    [10_000, 3000, 3], // round(10 / 3)
  ])("duration %i ms, round %s → %i rounds a side", (durationMs, roundMs, n) => {
    const plan = planRounds(load({ durationMs, ...(roundMs === undefined ? {} : { roundMs }) }));
    expect(plan.roundsPerSide).toBe(n);
    expect(plan.rounds).toHaveLength(2 * n);
  });

  it.each([
    [60_000, undefined],
    [10_000, 3000],
    [7001, 1000],
    [2999, 1000],
    [1500, 1],
  ])("each side's rounds sum to exactly the duration (%i ms, round %s)", (durationMs, roundMs) => {
    const plan = planRounds(load({ durationMs, ...(roundMs === undefined ? {} : { roundMs }) }));
    for (const side of ["baseline", "target"] as const) {
      const mine = plan.rounds.filter((r) => r.side === side);
      expect(mine.reduce((a, r) => a + r.durationMs, 0)).toBe(durationMs);
      expect(mine.every((r) => r.durationMs > 0 && Number.isInteger(r.durationMs))).toBe(true);
    }
  });

  it("both rounds of a pair have the same length and the same seed (common random numbers)", () => {
    const plan = planRounds(load({ durationMs: 10_000, roundMs: 3000, seed: 2 ** 32 - 2 }));
    for (let k = 0; k < plan.roundsPerSide; k++) {
      const [a, b] = plan.rounds.filter((r) => r.pair === k);
      expect(a?.side).not.toBe(b?.side);
      expect(a?.durationMs).toBe(b?.durationMs);
      expect(a?.seed).toBe(b?.seed);
    }
    // seed + pair, wrapped to 32 bits
    expect(plan.rounds.map((r) => r.seed)).toEqual([4294967294, 4294967294, 4294967295, 4294967295, 0, 0]);
  });

  it("a streamed scenario's default round is 10 s: a round must hold many whole streams", () => {
    expect(planRounds(load({ durationMs: 60_000 }), true).roundsPerSide).toBe(6);
    expect(planRounds(load({ durationMs: 60_000, roundMs: 3000 }), true).roundsPerSide).toBe(20);
  });

  it("gives each side's first round the whole warm-up (at least 1 s) and later ones at most a quarter second", () => {
    const plan = planRounds(load({ durationMs: 20_000, roundMs: 5000, warmupMs: 10_000 }));
    expect(plan.rounds.map((r) => r.warmupMs)).toEqual([
      10_000,
      10_000,
      ...new Array(6).fill(LATER_ROUND_WARMUP_MS),
    ]);
    const short = planRounds(load({ durationMs: 20_000, roundMs: 5000, warmupMs: 300 }));
    // The first round of each side warms the (cold) generator for at least a second.
    expect(short.rounds.map((r) => r.warmupMs)).toEqual([
      FIRST_ROUND_MIN_WARMUP_MS,
      FIRST_ROUND_MIN_WARMUP_MS,
      ...new Array(6).fill(LATER_ROUND_WARMUP_MS),
    ]);
    const none = planRounds(load({ durationMs: 20_000, roundMs: 5000, warmupMs: 0 }));
    expect(none.rounds.map((r) => r.warmupMs)).toEqual([1000, 1000, 0, 0, 0, 0, 0, 0]);
    expect(LATER_ROUND_WARMUP_MS).toBe(250);
    expect(DEFAULT_ROUND_MS).toBe(2000);
  });
});
