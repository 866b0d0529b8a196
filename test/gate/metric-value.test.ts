import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { type MeasuredScenario, metricValue } from "../../src/gate/metric-value.js";
import { METRIC_CATALOGUE } from "../../src/metrics/catalogue.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { ScenarioReport } from "../../src/report/types.js";
import { makeResult, makeScenario, range, withinHdr } from "../report/fixtures.js";

// Each family records different known values, so reading the wrong family cannot pass.
let report: ScenarioReport;
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
