import { describe, expect, test } from "vitest";
import { listMetricNames } from "../../src/budget/metric-names.js";
import { REGRESSION_NAMES_HINT } from "../../src/budget/regression-schema.js";
import { METRIC_NAMES_HINT } from "../../src/budget/thresholds-schema.js";
import type { MetricDef } from "../../src/metrics/catalogue.js";

const def = (name: string): MetricDef => ({ name, unit: "count", better: "lower", description: name });

describe("listMetricNames", () => {
  test.each<[string[], string[], string]>([
    [
      ["ttft.p50", "ttft.p95", "itl.p99", "rps"],
      ["p50", "p95"],
      "ttft.<stat>, itl.<stat> (stat: p50, p95), rps",
    ],
    // requests.* has a dot but is no distribution: each is listed by name.
    [["latency.max", "requests.ok", "goodput"], ["max"], "latency.<stat> (stat: max), requests.ok, goodput"],
  ])("%o", (names, stats, expected) => {
    expect(listMetricNames(names.map(def), stats)).toBe(expected);
  });
});

describe("unknown-metric hints name every family once", () => {
  test("thresholds", () => {
    expect(METRIC_NAMES_HINT).toBe(
      "metrics are latency.<stat>, latency_uncorrected.<stat>, queue_time.<stat>, latency_failed.<stat>, " +
        "ttfb.<stat>, ttft.<stat>, itl.<stat>, tpot.<stat>, output_tokens.<stat>, prompt_tokens.<stat>, " +
        "request_output_tps.<stat>, ttfat.<stat>, reasoning_tokens.<stat>, answer_tokens.<stat>, connect.<stat>, tls.<stat>, body.<stat> (stat: min, mean, stdev, p50, p90, p95, p99, p999, max), error_rate, rps, ok_rps, " +
        "requests.total, requests.ok, requests.failed, requests.dropped, output_tps, prompt_cache_hit_rate, goodput, capacity",
    );
  });

  test("regression rules (no token counts)", () => {
    expect(REGRESSION_NAMES_HINT).toBe(
      "regression rules take latency.<stat>, latency_uncorrected.<stat>, queue_time.<stat>, latency_failed.<stat>, " +
        "ttfb.<stat>, ttft.<stat>, itl.<stat>, tpot.<stat>, request_output_tps.<stat>, ttfat.<stat>, connect.<stat>, tls.<stat>, body.<stat> " +
        "(stat: mean, p50, p90, p95, p99, p999), error_rate, rps, output_tps, goodput, capacity",
    );
  });
});
