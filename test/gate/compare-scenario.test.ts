import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { compareScenario } from "../../src/gate/compare-scenario.js";
import type { RegressionRule, RegressionStatus } from "../../src/gate/types.js";
import type { ScenarioReport } from "../../src/report/types.js";
import { exponentialMs, rule, type ScenarioSpec, scenarioReport, timelineOf } from "./gate-fixtures.js";

const MANY = 5000;
const NOISY_FEW = [10, 12, 15, 20, 30, 50, 80, 120];

/** 30 seconds around `mean` completions per second, ±10 % in a fixed pattern. */
function seconds(mean: number): number[] {
  return Array.from({ length: 30 }, (_, t) => Math.round(mean * (1 + 0.1 * Math.sin(t * 1.7))));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function rpsRun(mean: number): ScenarioSpec {
  const perSecond = seconds(mean);
  return { ok: sum(perSecond), timeline: timelineOf(perSecond), measuredDurationMs: 30_000 };
}

// [what, baseline, this run, rule, expected status]
const CASES: [string, ScenarioSpec, ScenarioSpec, RegressionRule, RegressionStatus][] = [
  [
    "identical runs",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY) },
    rule("latency.p95", { maxRelative: 0.1 }),
    "pass",
  ],
  [
    "+30 % with many samples",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 1.3) },
    rule("latency.p95", { maxRelative: 0.1 }),
    "regression",
  ],
  [
    "+30 % of the mean, many samples (normal limit)",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 1.3) },
    rule("latency.mean", { maxRelative: 0.1 }),
    "regression",
  ],
  [
    "+30 % of the mean, few samples (exact resampling): the interval spans ±10 %",
    { latencyMs: NOISY_FEW },
    { latencyMs: NOISY_FEW.map((v) => v * 1.3) },
    rule("latency.mean", { maxRelative: 0.1 }),
    "inconclusive",
  ],
  [
    "+30 % with very few noisy samples: the interval spans ±10 %",
    { latencyMs: NOISY_FEW },
    { latencyMs: NOISY_FEW.map((v) => v * 1.3) },
    rule("latency.p50", { maxRelative: 0.1 }),
    "inconclusive",
  ],
  [
    "+15 % over 60 samples: beyond tolerance, not significant, decidable",
    { latencyMs: exponentialMs(60) },
    { latencyMs: exponentialMs(60, 1.15) },
    rule("latency.p50", { maxRelative: 0.1 }),
    "within_noise",
  ],
  [
    "improvement",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 0.7) },
    rule("latency.p95", { maxRelative: 0.1 }),
    "pass",
  ],
  [
    "+30 % but under the floor",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 1.3) },
    rule("latency.p95", { maxRelative: 0.1, floor: 50 }),
    "pass",
  ],
  [
    "+30 % and over the floor",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 1.3) },
    rule("latency.p95", { maxRelative: 0.1, floor: 5 }),
    "regression",
  ],
  [
    "+30 % within a +50 % tolerance",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 1.3) },
    rule("latency.p95", { maxRelative: 0.5 }),
    "pass",
  ],
  [
    "+30 % (≈ +12 ms on p95 ≈ 40 ms) within +20 ms absolute",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 1.3) },
    rule("latency.p95", { maxAbsolute: 20 }),
    "pass",
  ],
  [
    "+30 % beyond +5 ms absolute",
    { latencyMs: exponentialMs(MANY) },
    { latencyMs: exponentialMs(MANY, 1.3) },
    rule("latency.p95", { maxAbsolute: 5 }),
    "regression",
  ],
  ["rps −30 % (higher is better)", rpsRun(100), rpsRun(70), rule("rps", { maxRelative: 0.1 }), "regression"],
  ["rps +30 % (higher is better)", rpsRun(100), rpsRun(130), rule("rps", { maxRelative: 0.1 }), "pass"],
  ["rps −5 % within −10 %", rpsRun(100), rpsRun(95), rule("rps", { maxRelative: 0.1 }), "pass"],
  [
    "error_rate 1 % → 3 % over 5000 requests",
    { ok: 4950, failed: 50 },
    { ok: 4850, failed: 150 },
    rule("error_rate", { maxAbsolute: 0.005 }),
    "regression",
  ],
  [
    "error_rate 0 % → 2 % over 50 requests: the interval spans ±0.5 pp",
    { ok: 50, failed: 0 },
    { ok: 49, failed: 1 },
    rule("error_rate", { maxAbsolute: 0.005 }),
    "inconclusive",
  ],
  [
    "error_rate unchanged",
    { ok: 4950, failed: 50 },
    { ok: 4950, failed: 50 },
    rule("error_rate", { maxAbsolute: 0.005 }),
    "pass",
  ],
  [
    "no ok request in this run",
    { latencyMs: exponentialMs(100) },
    { failed: 10 },
    rule("latency.p95", { maxRelative: 0.1 }),
    "not_compared",
  ],
  [
    "max has no interval method",
    { latencyMs: exponentialMs(100) },
    { latencyMs: exponentialMs(100, 2) },
    rule("latency.max", { maxRelative: 0.1 }),
    "not_compared",
  ],
];

describe("compareScenario", () => {
  it.each(CASES)("%s", async (_what, baseSpec, headSpec, regressionRule, status) => {
    const [base, head] = [await scenarioReport(baseSpec), await scenarioReport(headSpec)];
    const comparison = compareScenario(head, base, [regressionRule]);
    expect(comparison.comparable).toBe(true);
    expect(comparison.checks).toHaveLength(1);
    expect(comparison.checks[0]).toMatchObject({ metric: regressionRule.metric, status, line: 20 });
  });

  it("fills values, change and an interval around the true shift", async () => {
    const base = await scenarioReport({ latencyMs: exponentialMs(MANY) });
    const head = await scenarioReport({ latencyMs: exponentialMs(MANY, 1.3) });
    const [check] = compareScenario(head, base, [rule("latency.p95", { maxRelative: 0.1 })]).checks;
    // p95 of 10 + Exp(10) is 10 + 10 ln 20 ≈ 39.96 ms; ×1.3 ≈ 51.9 ms.
    expect(check?.baseline).toBeCloseTo(39.96, 0);
    expect(check?.actual).toBeCloseTo(51.9, 0);
    expect(check?.changeRelative).toBeCloseTo(0.3, 2);
    const interval = check?.interval;
    expect(interval?.confidence).toBe(0.95);
    expect(interval?.low).toBeLessThan(check?.change ?? 0);
    expect(interval?.high).toBeGreaterThan(check?.change ?? 0);
    expect(interval?.low).toBeGreaterThan(0);
    expect(check?.note).toMatch(/^regression: 95 % CI \+\d/);
  });

  it("reports an interval containing 0 for identical runs, and a note for within-noise", async () => {
    const same = await scenarioReport({ latencyMs: exponentialMs(MANY) });
    const [check] = compareScenario(same, same, [rule("latency.p99", { maxRelative: 0.1 })]).checks;
    expect(check?.interval?.low).toBeLessThan(0);
    expect(check?.interval?.high).toBeGreaterThan(0);
    const base = await scenarioReport({ latencyMs: exponentialMs(60) });
    const slower = await scenarioReport({ latencyMs: exponentialMs(60, 1.15) });
    const [noisy] = compareScenario(slower, base, [rule("latency.p50", { maxRelative: 0.1 })]).checks;
    expect(noisy?.note).toMatch(/^within noise: 95 % CI −\d.* … \+\d.* ms$/);
    expect(noisy?.method).toBe("bootstrap");
  });

  it("an inconclusive check says the tolerance it cannot resolve and how long a run would", async () => {
    // 8 samples each over 10 s: the p50 interval is tens of ms wide against a 2 ms tolerance.
    const few = await scenarioReport({ latencyMs: NOISY_FEW, measuredDurationMs: 10_000 });
    const slower = await scenarioReport({
      latencyMs: NOISY_FEW.map((v) => v * 1.3),
      measuredDurationMs: 10_000,
    });
    const [check] = compareScenario(slower, few, [rule("latency.p50", { maxRelative: 0.1 })]).checks;
    expect(check?.status).toBe("inconclusive");
    const { low = 0, high = 0 } = check?.interval ?? {};
    const tolerance = 0.1 * (check?.baseline ?? 0);
    expect(low).toBeLessThan(-tolerance);
    expect(high).toBeGreaterThan(tolerance);
    // (half-width / tolerance)² × 10 s = (47.05 / 2)² × 10 s ≈ 5,534 s ≈ 93 min.
    expect(Math.ceil((10 * ((high - low) / 2 / tolerance) ** 2) / 60)).toBe(93);
    expect(check?.note).toBe(
      "inconclusive: 95 % CI −41.1 ms … +53.0 ms spans ±2 ms, the tolerance; runs of about 93 min would decide it",
    );
  });

  it("is reproducible: the same seed gives the same interval, another seed another", async () => {
    const base = await scenarioReport({ latencyMs: exponentialMs(MANY) });
    const head = await scenarioReport({ latencyMs: exponentialMs(MANY, 1.1) });
    const rules = [rule("latency.p95", { maxRelative: 0.05 }), rule("latency.mean", { maxRelative: 0.05 })];
    const first = compareScenario(head, base, rules);
    expect(compareScenario(head, base, rules)).toEqual(first);
    expect(compareScenario(head, base, rules, { seed: 1 })).toEqual(first);
    const other = compareScenario(head, base, rules, { seed: 2 });
    expect(other.checks[0]?.interval).not.toEqual(first.checks[0]?.interval);
  });

  it.each([{ confidence: 1 }, { confidence: 0 }, { resamples: 0 }])("rejects %j", async (options) => {
    const same = await scenarioReport({ latencyMs: exponentialMs(10) });
    expect(() => compareScenario(same, same, [], options)).toThrow(InputError);
  });

  it("widens the interval with the confidence level", async () => {
    const base = await scenarioReport({ latencyMs: exponentialMs(MANY) });
    const head = await scenarioReport({ latencyMs: exponentialMs(MANY, 1.1) });
    const rules = [rule("latency.p95", { maxRelative: 0.05 })];
    const width = (confidence: number): number => {
      const interval = compareScenario(head, base, rules, { confidence }).checks[0]?.interval;
      return (interval?.high ?? 0) - (interval?.low ?? 0);
    };
    expect(width(0.99)).toBeGreaterThan(width(0.8));
  });

  // [what differs, baseline load/url, this run's load/url, expected reason]
  const LOADS: [string, Partial<ScenarioSpec>, Partial<ScenarioSpec>, string][] = [
    [
      "rate",
      { load: { ratePerSec: 50 } },
      { load: { ratePerSec: 100 } },
      "rate differs: baseline 50/s, this run 100/s",
    ],
    ["model", {}, { load: { ratePerSec: 100 } }, "load model differs: baseline closed, this run open"],
    [
      "connections",
      { load: { connections: 4 } },
      { load: { connections: 8 } },
      "connections differs: baseline 4, this run 8",
    ],
    [
      "duration",
      { load: { durationMs: 10_000 } },
      { load: { durationMs: 30_000 } },
      "duration differs: baseline 10000 ms, this run 30000 ms",
    ],
    [
      "arrival",
      { load: { ratePerSec: 50 } },
      { load: { ratePerSec: 50, arrival: "poisson" } },
      "arrival differs: baseline constant, this run poisson",
    ],
    [
      "host",
      {},
      { url: "http://127.0.0.2:8080/v1/chat" },
      "target host differs: baseline 127.0.0.1:8080, this run 127.0.0.2:8080",
    ],
    [
      "path",
      {},
      { url: "http://127.0.0.1:8080/v2/chat" },
      "path differs: baseline /v1/chat, this run /v2/chat",
    ],
    ["interruption", {}, { incomplete: true }, "this run was interrupted before the end"],
  ];

  it.each(LOADS)("is not comparable when the %s differs", async (_what, baseSpec, headSpec, reason) => {
    const latencyMs = exponentialMs(MANY);
    const base = await scenarioReport({ latencyMs, ...baseSpec });
    const head = await scenarioReport({ latencyMs: exponentialMs(MANY, 2), ...headSpec });
    const comparison = compareScenario(head, base, [
      rule("latency.p95", { maxRelative: 0.1 }),
      rule("rps", { maxRelative: 0.1 }),
    ]);
    expect(comparison.comparable).toBe(false);
    expect(comparison.reasons).toEqual([reason]);
    expect(comparison.checks.map((c) => c.status)).toEqual(["not_compared", "not_compared"]);
    // Still filled in for display.
    expect(comparison.checks[0]?.change).toBeGreaterThan(0);
  });

  it("compares rps over responses only: a 67 % drop to 33 req/s amid 300 resets per second is a regression, not noise", async () => {
    // The interval used to be built from ok + errors per second (resets included): it said
    // "+3,067 … +3,984 req/s" around a −67 % change and passed it as noise.
    const base = await scenarioReport(rpsRun(100));
    const ok = seconds(33);
    const timeline = ok.map((n, t) => ({ t, ok: n, errors: 300, responses: n }));
    const head = await scenarioReport({
      ok: sum(ok),
      failed: 300 * ok.length,
      timeline,
      measuredDurationMs: 30_000,
      window: { responses: sum(ok), ok: sum(ok) },
    });
    const [check] = compareScenario(head, base, [rule("rps", { maxRelative: 0.1 })]).checks;
    expect(check?.actual).toBeCloseTo(33, 0);
    expect(check?.status).toBe("regression");
    expect(check?.interval?.high).toBeLessThan(0);
    expect(head.rps_stdev).toBeLessThan(20);
  });

  it("keeps rule order and ignores warm-up and seed differences", async () => {
    const base = await scenarioReport({
      latencyMs: exponentialMs(MANY),
      load: { ratePerSec: 50, seed: 1, warmupMs: 0 },
    });
    const head: ScenarioReport = await scenarioReport({
      latencyMs: exponentialMs(MANY),
      load: { ratePerSec: 50, seed: 9, warmupMs: 5000 },
    });
    const comparison = compareScenario(head, base, [rule("latency.p99", {}), rule("latency.p50", {})]);
    expect(comparison.comparable).toBe(true);
    expect(comparison.checks.map((c) => c.metric)).toEqual(["latency.p99", "latency.p50"]);
  });
});
