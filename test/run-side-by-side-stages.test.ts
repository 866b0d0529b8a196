/**
 * Load shapes side by side (issue 12): each round pair runs one segment of the shape, so each
 * side goes through the whole shape piecewise. Held to the truth of two loopback servers: what
 * each server received, stage by stage (its own arrival timestamps mapped onto the shape's
 * timeline through the rounds' measured starts), against the planned curve's integral; and a
 * per-stage regression rule against servers whose latency the test sets.
 */
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBudget } from "../src/budget/index.js";
import type { Budget, LoadSpec, Scenario } from "../src/budget/types.js";
import { assessTrust } from "../src/gate/trust.js";
import { judgeRun, rulesOf, thresholdsOf } from "../src/judge-run.js";
import { planRounds } from "../src/load/rounds.js";
import { rateCurveOf } from "../src/load/stage-shape.js";
import type { MeasuredScenario } from "../src/report/types.js";
import { runBudget } from "../src/run-budget.js";
import { runSideBySide } from "../src/run-side-by-side.js";
import { startServer, type TestServer } from "./fixtures/servers.js";

/** Ramp 10 → 80/s over 2 s, hold 80/s for 2 s, spike 80 → 160/s over 1 s; rounds of 1 s. */
const load: LoadSpec = {
  connections: 16,
  ratePerSec: 160,
  startRatePerSec: 10,
  arrival: "constant",
  seed: 3,
  durationMs: 5000,
  warmupMs: 0,
  roundMs: 1000,
  untrusted: "fail",
  stages: [
    { name: "up", durationMs: 2000, ratePerSec: 80 },
    { name: "hold", durationMs: 2000, ratePerSec: 80 },
    { name: "spike", durationMs: 1000, ratePerSec: 160 },
  ],
};
const scenario: Scenario = {
  name: "shape",
  line: 3,
  request: { method: "GET", path: "/x", headers: {}, timeoutMs: 2000, expectStatus: [] },
  load,
  thresholds: [],
  regression: [],
  creep: [],
};

/** Planned arrivals per stage: the curve's integral over the stage (90, 160, 120). */
function plannedPerStage(): number[] {
  const curve = rateCurveOf(load);
  let at = 0;
  return (load.stages ?? []).map((s) => {
    const n = curve.arrivalsBefore(at + s.durationMs) - curve.arrivalsBefore(at);
    at += s.durationMs;
    return n;
  });
}

/** The stage a moment of the shape's measured timeline falls in. */
function stageAt(offsetMs: number): number {
  let at = 0;
  const stages = load.stages ?? [];
  for (let i = 0; i < stages.length; i++) {
    at += stages[i]?.durationMs ?? 0;
    if (offsetMs < at) return i;
  }
  return stages.length - 1;
}

describe("a load shape side by side (ramp 10 → 80/s 2 s, hold 2 s, spike to 160/s 1 s, rounds of 1 s)", () => {
  let a: TestServer;
  let b: TestServer;
  let target: MeasuredScenario;
  let baseline: MeasuredScenario;
  /** Per round name (`shape · target 2/5`), its measured start on the servers' clock. */
  const starts = new Map<string, number>();

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ delayMs: 5 }), startServer({ delayMs: 5 })]);
    const outcome = await runSideBySide(
      scenario,
      { baseline: new URL(`${a.url}/x`), target: new URL(`${b.url}/x`) },
      {
        progressIntervalMs: 10,
        onProgress: (p) => {
          if (p.phase === "measure" && !starts.has(p.name))
            starts.set(p.name, performance.now() - p.elapsedMs);
        },
      },
    );
    if (outcome.target === null || outcome.baseline === null) throw new Error("expected both sides");
    [target, baseline] = [outcome.target, outcome.baseline];
  }, 20_000);
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it("each server receives, stage by stage, the planned curve's arrivals within max(2, 5 %)", () => {
    const planned = plannedPerStage();
    expect(planned.map((n) => Math.round(n))).toEqual([90, 160, 120]);
    const plan = planRounds(load);
    for (const [side, server] of [
      ["baseline", a],
      ["target", b],
    ] as const) {
      const windows = plan.rounds
        .filter((r) => r.side === side)
        .map((r) => ({ start: starts.get(`shape · ${side} ${r.pair + 1}/5`) ?? Number.NaN, round: r }));
      for (const w of windows) expect(w.start).not.toBeNaN();
      const counts = [0, 0, 0];
      for (const t of server.stats.arrivalsMs) {
        // The round it arrived in: the last one whose measured window had begun (1 ms of clock slack).
        const w = windows.filter((x) => x.start <= t + 1).pop();
        if (w === undefined) continue; // the first round's warm-up
        const into = Math.min(w.round.durationMs - 0.001, Math.max(0, t - w.start));
        const i = stageAt(w.round.offsetMs + into);
        counts[i] = (counts[i] ?? 0) + 1;
      }
      counts.forEach((n, i) => {
        const want = planned[i] ?? 0;
        expect(Math.abs(n - want), `${side} stage ${i}: ${n} vs ${want}`).toBeLessThanOrEqual(
          Math.max(2, 0.05 * want),
        );
      });
    }
  });

  it("both sides report every stage by name, with the whole shape's planned block and time", () => {
    for (const side of [baseline, target]) {
      expect(side.stages?.map((s) => [s.name, s.planned, s.duration_ms])).toEqual([
        ["up", { duration_ms: 2000, rate: 80 }, 2000],
        ["hold", { duration_ms: 2000, rate: 80 }, 2000],
        ["spike", { duration_ms: 1000, rate: 160 }, 1000],
      ]);
      const planned = plannedPerStage();
      side.stages?.forEach((s, i) => {
        expect(Math.abs(s.requests.total - (planned[i] ?? 0))).toBeLessThanOrEqual(
          Math.max(2, 0.05 * (planned[i] ?? 0)),
        );
      });
      expect(side.duration_ms).toBe(5000);
      expect(side.requests.dropped).toBe(0);
    }
  });

  it("each round ran its segment of the shape: ok per round follows the curve, alike on both sides", () => {
    const curve = rateCurveOf(load);
    for (const r of target.rounds ?? []) {
      const want = curve.arrivalsBefore((r.pair + 1) * 1000) - curve.arrivalsBefore(r.pair * 1000);
      expect(Math.abs(r.ok + r.failed - want), `round ${r.index}`).toBeLessThanOrEqual(2);
      // The round records its part of each stage it touched.
      expect(Object.keys(r.stages ?? {})).toEqual([["up"], ["up"], ["hold"], ["hold"], ["spike"]][r.pair]);
    }
  });

  it("is trusted on the curve each side ran (370 arrivals asked), not on peak × duration (800)", () => {
    for (const side of [baseline, target]) {
      // A busy machine can lag the generator (its own reason): the load itself must be produced.
      const reasons = assessTrust(side).reasons.filter((r) => !r.startsWith("the generator lagged"));
      expect(reasons).toEqual([]);
    }
  });
});

/** A budget with the shape, side by side, and a regression rule on the hold stage's p95. */
function stageRuleBudget(target: string, baselineTarget: string): Budget {
  const source = [
    "version: 1",
    `target: ${target}`,
    `baseline_target: ${baselineTarget}`,
    "scenarios:",
    "  - name: shape",
    "    load:",
    "      connections: 16",
    "      round: 1s",
    "      warmup: 0s",
    // A busy machine can lag the generator: the comparison, not the trust, is under test here.
    "      untrusted: warn",
    "      stages:",
    "        - { name: up, duration: 1s, rate: 60 }",
    "        - { name: hold, duration: 3s, rate: 60 }",
    "    regression: { stages.hold.latency.p95: +20% }",
    "",
  ].join("\n");
  return parseBudget(source, { file: "perf-budget.yml", env: {} });
}

async function judgeStageRule(target: TestServer, baseline: TestServer) {
  const budget = stageRuleBudget(target.url, baseline.url);
  const { measured, notRun } = await runBudget(budget, { toolVersion: "0" });
  const { gate } = judgeRun(measured, {
    thresholds: thresholdsOf(budget),
    rules: rulesOf(budget),
    baseline: null,
    baselineSource: null,
    failOn: "any",
    notRun,
  });
  return { gate, check: gate.scenarios[0]?.comparison?.checks[0] };
}

describe("a stage's regression rule side by side, paired over the rounds that ran the stage", () => {
  let fast: TestServer;
  let fast2: TestServer;
  let slow: TestServer;
  beforeAll(async () => {
    [fast, fast2, slow] = await Promise.all([
      startServer({ delayMs: 5 }),
      startServer({ delayMs: 5 }),
      startServer({ delayMs: 25 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fast.close(), fast2.close(), slow.close()]);
  });

  it("a 25 ms target against a 5 ms baseline is a stages.hold.latency.p95 regression (paired_rounds)", async () => {
    const { gate, check } = await judgeStageRule(slow, fast);
    expect(gate.baselineMode).toBe("side_by_side");
    expect(check?.metric).toBe("stages.hold.latency.p95");
    expect(check?.method).toBe("paired_rounds");
    expect(check?.status).toBe("regression");
    expect(check?.baseline).toBeLessThan(12);
    expect(check?.actual).toBeGreaterThanOrEqual(24.9);
    expect(gate.verdict).toBe("fail");
  }, 15_000);

  it("two 5 ms servers are no stages.hold.latency.p95 regression", async () => {
    const { gate, check } = await judgeStageRule(fast2, fast);
    expect(check?.method).toBe("paired_rounds");
    expect(check?.status).not.toBe("regression");
    expect(gate.verdict).toBe("pass");
  }, 15_000);
});

describe("a closed-model shape side by side (1 → 6 loops over 1 s, hold 6 for 1 s, rounds of 500 ms)", () => {
  it("each round runs its slice of the loop curve: never above 6 in flight, rounds at the hold run 6", async () => {
    const [a, b] = await Promise.all([startServer({ delayMs: 10 }), startServer({ delayMs: 10 })]);
    try {
      const closed: Scenario = {
        ...scenario,
        load: {
          connections: 6,
          arrival: "constant",
          seed: 1,
          durationMs: 2000,
          warmupMs: 0,
          roundMs: 500,
          untrusted: "fail",
          stages: [
            { name: "up", durationMs: 1000, connections: 6 },
            { name: "hold", durationMs: 1000, connections: 6 },
          ],
        },
      };
      const outcome = await runSideBySide(closed, {
        baseline: new URL(`${a.url}/x`),
        target: new URL(`${b.url}/x`),
      });
      for (const [server, side] of [
        [a, outcome.baseline],
        [b, outcome.target],
      ] as const) {
        expect(server.stats.maxInFlight).toBeLessThanOrEqual(6);
        expect(server.stats.maxInFlight).toBeGreaterThanOrEqual(5);
        expect(side?.stages?.map((s) => [s.name, s.duration_ms, s.planned])).toEqual([
          ["up", 1000, { duration_ms: 1000, connections: 6 }],
          ["hold", 1000, { duration_ms: 1000, connections: 6 }],
        ]);
      }
      // 6 loops on a 10 ms server for 500 ms: about 300 a round at the hold; the ramp's first
      // round (1 → 3.5 loops) about half that.
      const target = (outcome.target?.rounds ?? []).filter((r) => r.side === "target");
      const [first, , third] = target.map((r) => r.ok);
      expect(third ?? 0).toBeGreaterThan(200);
      expect(first ?? 0).toBeLessThan(0.75 * (third ?? 0));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 15_000);
});
