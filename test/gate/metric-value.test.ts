import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { type MeasuredScenario, metricValue } from "../../src/gate/metric-value.js";
import { METRIC_CATALOGUE } from "../../src/metrics/catalogue.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import { makeResult, makeScenario, range, withinHdr } from "../report/fixtures.js";

// Each family records different known values, so reading the wrong family cannot pass.
let report: MeasuredScenario;
beforeAll(async () => {
  const result = await makeResult({
    latencyMs: range(10, 1000, 10), // 100 values: p95 = 950, mean 505
    uncorrectedMs: range(1, 100), // p95 = 95
    queueMs: Array(50).fill(5),
    failedMs: [2000, 2000],
    measuredDurationMs: 4_000,
    requests: { total: 110, dropped: 3 },
  });
  report = buildScenarioReport(result, makeScenario(), "http://127.0.0.1:1/v1/chat");
});

describe("metricValue", () => {
  it.each([
    ["latency.min", 10],
    ["latency.mean", 505],
    ["latency.p50", 500],
    ["latency.p90", 900],
    ["latency.p95", 950],
    ["latency.p99", 990],
    ["latency.p999", 1000],
    ["latency.max", 1000],
    ["latency_uncorrected.p95", 95],
    ["latency_uncorrected.max", 100],
    ["queue_time.p99", 5],
    ["latency_failed.p50", 2000],
  ])("%s reads the known recorded value %f ms", (metric, expected) => {
    const actual = metricValue(report, metric);
    expect(withinHdr(actual, expected), `${metric}: ${actual}`).toBe(true);
  });

  it.each([
    // 100 ok + 2 failed completed in 4 s.
    ["error_rate", 2 / 102],
    ["rps", 102 / 4],
    ["requests.total", 110],
    ["requests.ok", 100],
    ["requests.failed", 2],
    ["requests.dropped", 3],
  ])("%s is %f", (metric, expected) => {
    expect(metricValue(report, metric)).toBe(expected);
  });

  it("latency.stdev is the population stdev of the recorded values", () => {
    // 10..1000 step 10: 10 × stdev(1..100) = 10 × sqrt((100² − 1) / 12) = 288.661
    expect(withinHdr(metricValue(report, "latency.stdev"), 288.661)).toBe(true);
  });

  it("resolves every metric in the catalogue", () => {
    for (const def of METRIC_CATALOGUE) {
      expect(() => metricValue(report, def.name), def.name).not.toThrow();
    }
  });

  it("is null for a latency statistic whose family recorded nothing, not 0", () => {
    const empty: MeasuredScenario = { ...report, queue_time: { ...report.queue_time, count: 0, p99: 0 } };
    expect(metricValue(empty, "queue_time.p99")).toBeNull();
    expect(metricValue(empty, "latency.p99")).not.toBeNull();
  });

  it("is null for error_rate when no request completed (the report stores 0)", () => {
    const none: MeasuredScenario = {
      ...report,
      requests: { total: 5, ok: 0, failed: 0, dropped: 5 },
      error_rate: 0,
    };
    expect(metricValue(none, "error_rate")).toBeNull();
    expect(metricValue(none, "requests.ok")).toBe(0);
  });

  it.each(["latency.p42", "latency", "throughput", "requests.bogus", ""])(
    "throws InputError for %j",
    (metric) => {
      expect(() => metricValue(report, metric)).toThrow(InputError);
    },
  );
});

describe("metricValue of the streamed-response metrics", () => {
  // Each family records different known values, so reading the wrong family cannot pass.
  let streamed: MeasuredScenario;
  let plain: MeasuredScenario;
  beforeAll(async () => {
    const result = await makeResult({
      latencyMs: Array(100).fill(3000),
      queueMs: [1],
      failedMs: [5000],
      measuredDurationMs: 4_000,
      goodRequests: 10,
      stream: {
        ttfbMs: range(1, 100), // p50 = 50
        ttftMs: range(100, 1090, 10), // p95 = 1040
        itlMs: range(2, 200, 2), // p99 = 198
        tpotMs: Array(100).fill(25),
        outputTokens: range(101, 200), // p50 = 150, 15 050 in all
        promptTokens: Array(100).fill(42),
        requestOutputTps: range(31, 130), // p90 = 120
        ttfatMs: range(300, 399), // p50 = 349
        reasoningTokens: Array(100).fill(60),
        answerTokens: range(41, 140), // p50 = 90
        requestsWithReasoning: 100,
        cacheRequests: 100,
        cachePromptTokens: 4200,
        cachedPromptTokens: 1050,
      },
      // The phases of the same requests: ttfb as the stream's, the others their own known values.
      phases: {
        ttfbMs: range(1, 100),
        bodyMs: range(201, 300), // p50 = 250
        connectMs: Array(8).fill(0.5),
        tlsMs: Array(8).fill(2),
      },
    });
    const scenario = makeScenario(
      [],
      {},
      {
        stream: { format: "openai", idleTimeoutMs: 30_000, includeUsage: true },
        slo: { ttftMs: 500, line: 9 },
      },
    );
    streamed = buildScenarioReport(result, scenario, "http://127.0.0.1:1/v1/chat");
    plain = buildScenarioReport(
      await makeResult({ latencyMs: [5] }),
      makeScenario(),
      "http://127.0.0.1:1/v1/chat",
    );
  });

  it.each([
    ["ttfb.p50", 50],
    ["ttft.p95", 1040],
    ["ttft.min", 100],
    ["itl.p99", 198],
    ["tpot.mean", 25],
    ["output_tokens.p50", 150],
    ["output_tokens.max", 200],
    ["prompt_tokens.p99", 42],
    ["request_output_tps.p90", 120],
    ["ttfat.p50", 349],
    ["reasoning_tokens.p99", 60],
    ["answer_tokens.p50", 90],
    ["body.p50", 250],
    ["connect.max", 0.5],
    ["tls.p95", 2],
  ])("%s reads the known recorded value %f", (metric, expected) => {
    const actual = metricValue(streamed, metric);
    expect(withinHdr(actual, expected), `${metric}: ${actual}`).toBe(true);
  });

  it.each([
    // 15 050 output tokens and 10 good requests over 4 s.
    ["output_tps", 15_050 / 4],
    ["goodput", 10 / 4],
    // 1 050 of 4 200 prompt tokens came from the cache.
    ["prompt_cache_hit_rate", 0.25],
  ])("%s is %f", (metric, expected) => {
    expect(metricValue(streamed, metric)).toBe(expected);
  });

  it.each([
    "ttft.p95",
    "itl.p50",
    "output_tokens.p50",
    "request_output_tps.mean",
    "output_tps",
    "goodput",
    "ttfat.p50",
    "reasoning_tokens.p50",
    "prompt_cache_hit_rate",
  ])("%s is null for a scenario that neither streams nor has an slo", (metric) => {
    expect(metricValue(plain, metric)).toBeNull();
  });

  it("is null for prompt_tokens when the server reported no usage, and for an empty ttft", () => {
    const { prompt_tokens: _, ...withoutPrompt } = streamed;
    expect(metricValue(withoutPrompt, "prompt_tokens.p50")).toBeNull();
    const noContent: MeasuredScenario = { ...streamed, ttft: { ...plain.latency, count: 0 } };
    expect(metricValue(noContent, "ttft.p50")).toBeNull();
  });

  it("resolves every metric in the catalogue to a number for a streamed scenario with an slo", () => {
    // capacity exists only in a capacity search's report (its own test below).
    for (const def of METRIC_CATALOGUE.filter((d) => d.requires !== "capacity"))
      expect(metricValue(streamed, def.name), def.name).not.toBeNull();
  });

  it("reads capacity from the scenario: its number, null when no step met or there was no search", () => {
    expect(metricValue({ ...streamed, capacity: 48.7 }, "capacity")).toBe(48.7);
    expect(metricValue({ ...streamed, capacity: null }, "capacity")).toBeNull();
    expect(metricValue(streamed, "capacity")).toBeNull();
  });
});
