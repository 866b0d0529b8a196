import { describe, expect, it } from "vitest";
import type { Slo } from "../../src/budget/types.js";
import { compareScenario } from "../../src/gate/compare-scenario.js";
import type { RegressionRule, RegressionStatus } from "../../src/gate/types.js";
import type { ScenarioReport, SseReading } from "../../src/report/types.js";
import type { StreamPartSpec } from "../report/fixtures.js";
import { exponentialMs, rule, type ScenarioSpec, scenarioReport } from "./gate-fixtures.js";

const MANY = 5000;
const NOISY_FEW = [10, 12, 15, 20, 30, 50, 80, 120];
const SLO: Slo = { ttftMs: 500, tpotMs: 50, line: 9 };

/** 30 seconds around `mean` per second, ±10 % in a fixed pattern. */
function seconds(mean: number): number[] {
  return Array.from({ length: 30 }, (_, t) => Math.round(mean * (1 + 0.1 * Math.sin(t * 1.7))));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A streamed run whose distributions are `stream`, with 100 ok requests. */
function streamRun(stream: StreamPartSpec, extra: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return { latencyMs: Array(100).fill(2000), stream, ...extra };
}

/** 30 s streaming around `meanTokens` output tokens per second (10 ok requests a second). */
function tokenRun(meanTokens: number, extra: Partial<StreamPartSpec> = {}): ScenarioSpec {
  const tokens = seconds(meanTokens);
  return {
    ok: 300,
    measuredDurationMs: 30_000,
    timeline: tokens.map((outputTokens, t) => ({ t, ok: 10, errors: 0, outputTokens })),
    stream: { outputTokensTotal: sum(tokens), ...extra },
  };
}

/** 30 s with an slo, around `meanGood` good requests per second out of 20 ok. */
function goodRun(meanGood: number, slo: Slo = SLO): ScenarioSpec {
  const good = seconds(meanGood);
  return {
    // Enough samples that identical latencies resolve a ±10 % p95 tolerance (600 would not).
    latencyMs: exponentialMs(5000),
    measuredDurationMs: 30_000,
    timeline: good.map((g, t) => ({ t, ok: 20, errors: 0, good: g })),
    goodRequests: sum(good),
    slo,
  };
}

// [what, baseline, this run, rule, expected status]
const CASES: [string, ScenarioSpec, ScenarioSpec, RegressionRule, RegressionStatus][] = [
  [
    "ttft identical",
    streamRun({ ttftMs: exponentialMs(MANY) }),
    streamRun({ ttftMs: exponentialMs(MANY) }),
    rule("ttft.p95", { maxRelative: 0.1 }),
    "pass",
  ],
  [
    "ttft +30 % with many samples",
    streamRun({ ttftMs: exponentialMs(MANY) }),
    streamRun({ ttftMs: exponentialMs(MANY, 1.3) }),
    rule("ttft.p95", { maxRelative: 0.1 }),
    "regression",
  ],
  [
    "ttft +30 % with very few noisy samples: the interval spans ±10 %",
    streamRun({ ttftMs: NOISY_FEW }),
    streamRun({ ttftMs: NOISY_FEW.map((v) => v * 1.3) }),
    rule("ttft.p50", { maxRelative: 0.1 }),
    "inconclusive",
  ],
  [
    "itl p99 +30 %",
    streamRun({ itlMs: exponentialMs(MANY) }),
    streamRun({ itlMs: exponentialMs(MANY, 1.3) }),
    rule("itl.p99", { maxRelative: 0.1 }),
    "regression",
  ],
  [
    "tpot mean +30 %",
    streamRun({ tpotMs: exponentialMs(MANY) }),
    streamRun({ tpotMs: exponentialMs(MANY, 1.3) }),
    rule("tpot.mean", { maxRelative: 0.1 }),
    "regression",
  ],
  [
    "request_output_tps −30 % (higher is better)",
    streamRun({ requestOutputTps: exponentialMs(MANY) }),
    streamRun({ requestOutputTps: exponentialMs(MANY, 0.7) }),
    rule("request_output_tps.p50", { maxRelative: 0.1 }),
    "regression",
  ],
  [
    "request_output_tps +30 % (higher is better)",
    streamRun({ requestOutputTps: exponentialMs(MANY) }),
    streamRun({ requestOutputTps: exponentialMs(MANY, 1.3) }),
    rule("request_output_tps.p50", { maxRelative: 0.1 }),
    "pass",
  ],
  ["output_tps −30 %", tokenRun(1000), tokenRun(700), rule("output_tps", { maxRelative: 0.1 }), "regression"],
  [
    "output_tps −5 % within −10 %",
    tokenRun(1000),
    tokenRun(950),
    rule("output_tps", { maxRelative: 0.1 }),
    "pass",
  ],
  ["output_tps +30 %", tokenRun(1000), tokenRun(1300), rule("output_tps", { maxRelative: 0.1 }), "pass"],
  ["goodput −30 %", goodRun(15), goodRun(10.5), rule("goodput", { maxRelative: 0.1 }), "regression"],
  ["goodput unchanged", goodRun(15), goodRun(15), rule("goodput", { maxRelative: 0.1 }), "pass"],
];

describe("compareScenario over the streamed-response metrics", () => {
  it.each(CASES)("%s", async (_what, baseSpec, headSpec, regressionRule, status) => {
    const [base, head] = [await scenarioReport(baseSpec), await scenarioReport(headSpec)];
    const [check] = compareScenario(head, base, [regressionRule]).checks;
    expect(check).toMatchObject({ metric: regressionRule.metric, status });
  });

  it("does not compare ttft when the baseline's streams carried no content", async () => {
    const base = await scenarioReport(streamRun({ ttftMs: [] }));
    const head = await scenarioReport(streamRun({ ttftMs: exponentialMs(100) }));
    const [check] = compareScenario(head, base, [rule("ttft.p95", { maxRelative: 0.1 })]).checks;
    expect(check).toMatchObject({
      status: "not_compared",
      note: "not compared: the baseline has no ttft.p95 data",
    });
  });

  it("puts the ttft p95 interval around a known +20 ms shift", async () => {
    const base = await scenarioReport(streamRun({ ttftMs: exponentialMs(MANY) }));
    const head = await scenarioReport(streamRun({ ttftMs: exponentialMs(MANY).map((v) => v + 20) }));
    const [check] = compareScenario(head, base, [rule("ttft.p95", { maxAbsolute: 5 })]).checks;
    // p95 of 10 + Exp(10) is 10 + 10 ln 20 ≈ 39.96 ms; +20 ms ≈ 59.96 ms.
    expect(check?.baseline).toBeCloseTo(39.96, 0);
    expect(check?.change).toBeCloseTo(20, 0);
    expect(check?.interval?.low).toBeGreaterThan(15);
    expect(check?.interval?.high).toBeLessThan(25);
    expect(check?.status).toBe("regression");
  });

  it("reads output_tps change from the timelines and says tok/s", async () => {
    const [check] = compareScenario(
      await scenarioReport(tokenRun(700)),
      await scenarioReport(tokenRun(1000)),
      [rule("output_tps", { maxRelative: 0.1 })],
    ).checks;
    expect(check?.change).toBeCloseTo(sum(seconds(700)) / 30 - sum(seconds(1000)) / 30, 9);
    // Each second is exactly 300 tokens lower (0.7 × the same pattern, rounded): a tight interval.
    expect(check?.interval?.high).toBeLessThan(-250);
    expect(check?.note).toMatch(/^regression: 95 % CI −\d.* tok\/s … −\d.* tok\/s$/);
  });

  it("does not compare goodput when the slo changed, but still compares the rest", async () => {
    const base = await scenarioReport(goodRun(15));
    const head = await scenarioReport(goodRun(10, { ttftMs: 300, tpotMs: 50, line: 9 }));
    const comparison = compareScenario(head, base, [
      rule("goodput", { maxRelative: 0.1 }),
      rule("latency.p95", { maxRelative: 0.1 }),
    ]);
    expect(comparison.comparable).toBe(true);
    expect(comparison.checks.map((c) => c.status)).toEqual(["not_compared", "pass"]);
    expect(comparison.checks[0]?.note).toBe(
      "not compared: slo differs: baseline ttft ≤ 500 ms, tpot ≤ 50 ms, this run ttft ≤ 300 ms, tpot ≤ 50 ms",
    );
    expect(comparison.checks[0]?.change).toBeLessThan(0); // still shown
  });

  it("does not compare token counts taken from usage with estimated ones, but still compares ttft", async () => {
    const base = await scenarioReport(tokenRun(1000, { ttftMs: exponentialMs(MANY) }));
    const head = await scenarioReport(
      tokenRun(700, { ttftMs: exponentialMs(MANY, 1.3), requestsWithUsage: 0, requestsEstimated: 300 }),
    );
    const comparison = compareScenario(head, base, [
      rule("output_tps", { maxRelative: 0.1 }),
      rule("ttft.p95", { maxRelative: 0.1 }),
    ]);
    expect(comparison.checks.map((c) => c.status)).toEqual(["not_compared", "regression"]);
    expect(comparison.checks[0]?.note).toBe(
      "not compared: token counts came from usage in the baseline, estimated in this run",
    );
  });

  it.each([
    ["another stream format", { format: "openai" }, { format: "sse" }, "baseline openai, this run sse"],
    ["no stream in the baseline", undefined, { format: "openai" }, "baseline none, this run openai"],
  ] as const)("is not comparable after %s", async (_what, baseStream, headStream, reason) => {
    const latencyMs = exponentialMs(MANY);
    const base = await scenarioReport({ latencyMs, ...(baseStream ? { stream: baseStream } : {}) });
    const head = await scenarioReport({ latencyMs: exponentialMs(MANY, 2), stream: headStream });
    const comparison = compareScenario(head, base, [rule("latency.p95", { maxRelative: 0.1 })]);
    expect(comparison.comparable).toBe(false);
    expect(comparison.reasons).toEqual([`stream format differs: ${reason}`]);
    expect(comparison.checks[0]?.status).toBe("not_compared");
  });

  it("compares a body read for its usage (json) with a baseline from before it was read: the same request, timed the same", async () => {
    const base = await scenarioReport({ latencyMs: exponentialMs(MANY) });
    const head = await scenarioReport({ latencyMs: exponentialMs(MANY, 2), stream: { format: "json" } });
    const comparison = compareScenario(head, base, [rule("latency.p95", { maxRelative: 0.1 })]);
    expect(comparison.reasons).toEqual([]);
    expect(comparison.comparable).toBe(true);
    expect(comparison.checks[0]?.status).toBe("regression");
  });
});

describe("how an sse stream was read (stream.sse)", () => {
  /** A `stream: sse` scenario report read with `sse` (absent: a report from before the record). */
  async function sseReport(
    latencyMs: readonly number[],
    sse: SseReading | undefined,
  ): Promise<ScenarioReport> {
    const s = await scenarioReport({ latencyMs, stream: { format: "sse" } });
    if (s.stream === undefined) throw new Error("no stream block");
    const { sse: _recorded, ...stream } = s.stream;
    return { ...s, stream: { ...stream, ...(sse === undefined ? {} : { sse }) } };
  }
  const DELTA: SseReading = { event: ["delta"], text: "$.delta.text" };

  it.each([
    [
      "another spec",
      DELTA,
      { ...DELTA, usage: "$.usage.output_tokens", end: "stop" },
      "baseline sse: { event: delta, text: $.delta.text }, this run sse: { event: delta, text: $.delta.text, usage: $.usage.output_tokens, end: stop }",
    ],
    [
      "no spec in the baseline",
      {},
      { event: ["delta", "content"] },
      "baseline every data event (no sse:), this run sse: { event: [content, delta] }",
    ],
  ] as const)("is not comparable when the baseline read its stream with %s", async (_what, b, h, reason) => {
    const base = await sseReport(exponentialMs(MANY), b);
    const head = await sseReport(exponentialMs(MANY, 2), h);
    const comparison = compareScenario(head, base, [rule("latency.p95", { maxRelative: 0.1 })]);
    expect(comparison.comparable).toBe(false);
    expect(comparison.reasons).toEqual([`stream reading differs: ${reason}`]);
    expect(comparison.checks[0]?.status).toBe("not_compared");
  });

  it.each([
    ["the same spec", DELTA],
    ["no record (a report from before it was kept)", undefined],
  ] as const)("compares a baseline read with %s", async (_what, b) => {
    const base = await sseReport(exponentialMs(MANY), b);
    const head = await sseReport(exponentialMs(MANY, 2), DELTA);
    const comparison = compareScenario(head, base, [rule("latency.p95", { maxRelative: 0.1 })]);
    expect(comparison.reasons).toEqual([]);
    expect(comparison.comparable).toBe(true);
    expect(comparison.checks[0]?.status).toBe("regression");
  });

  it("compares a baseline whose event types are the same in another order (was: stream reading differs)", async () => {
    const base = await sseReport(exponentialMs(MANY), { event: ["text", "delta"], end: "stop" });
    const head = await sseReport(exponentialMs(MANY, 2), { event: ["delta", "text"], end: "stop" });
    const comparison = compareScenario(head, base, [rule("latency.p95", { maxRelative: 0.1 })]);
    expect(comparison.reasons).toEqual([]);
    expect(comparison.comparable).toBe(true);
  });
});
