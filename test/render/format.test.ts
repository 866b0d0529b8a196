import { describe, expect, it } from "vitest";
import type { MetricUnit } from "../../src/metrics/catalogue.js";
import {
  formatBytes,
  formatLimit,
  formatMetric,
  formatMetricValue,
  formatMs,
  formatPercent,
  formatSeconds,
  formatTokenRate,
  formatTokens,
} from "../../src/render/format.js";

describe("format", () => {
  it.each([
    [0, "0"],
    [0.412, "0.412"],
    [4.2666, "4.27"],
    [231.42, "231.4"],
    [1500, "1500.0"],
  ])("formatMs(%f) = %s", (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it.each([
    [0, "0 %"],
    [0.005, "0.50 %"],
    [0.1234, "12.34 %"],
    [1, "100.00 %"],
    [0.0000123, "0.0012 %"],
  ])("formatPercent(%f) = %s", (fraction, text) => {
    expect(formatPercent(fraction)).toBe(text);
  });

  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1536, "1.5 KiB"],
    [12.3 * 1024 * 1024, "12.3 MiB"],
    [3 * 1024 ** 3, "3.0 GiB"],
  ])("formatBytes(%f) = %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("formatSeconds shows one decimal", () => {
    expect(formatSeconds(12_049)).toBe("12.0 s");
  });

  it.each<[number | null, MetricUnit, string]>([
    [231.42, "duration", "231.4 ms"],
    [0.0196, "fraction", "1.96 %"],
    [48.66, "per_sec", "48.7 req/s"],
    [1461, "count", "1,461"],
    [null, "duration", "n/a"],
  ])("formatMetricValue(%o, %s) = %s", (value, unit, text) => {
    expect(formatMetricValue(value, unit)).toBe(text);
  });

  it("formatMetric looks the unit up in the catalogue", () => {
    expect(formatMetric("latency.p95", 950.3)).toBe("950.3 ms");
    expect(formatMetric("error_rate", 0.05)).toBe("5.00 %");
    expect(formatMetric("rps", 25.5)).toBe("25.5 req/s");
    expect(formatMetric("requests.dropped", 3)).toBe("3");
  });

  it.each([
    [0, "0 tok"],
    [160, "160 tok"],
    [1234.4, "1,234 tok"],
    [1_234_567, "1,234,567 tok"],
  ])("formatTokens(%f) = %s", (tokens, text) => {
    expect(formatTokens(tokens)).toBe(text);
  });

  it.each([
    [52.34, "52.3 tok/s"],
    [1600, "1,600.0 tok/s"],
    [-100, "-100.0 tok/s"],
    [-1234.5, "-1,234.5 tok/s"],
  ])("formatTokenRate(%f) = %s", (rate, text) => {
    expect(formatTokenRate(rate)).toBe(text);
  });

  it("formatMetric gives token metrics their unit and request rates req/s", () => {
    expect(formatMetric("output_tps", 1600)).toBe("1,600.0 tok/s");
    expect(formatMetric("request_output_tps.p50", 47.32)).toBe("47.3 tok/s");
    expect(formatMetric("output_tokens.p50", 160)).toBe("160 tok");
    expect(formatMetric("goodput", 9)).toBe("9.0 req/s");
    expect(formatMetric("ttft.p95", 380)).toBe("380.0 ms");
    expect(formatMetric("output_tps", null)).toBe("n/a");
  });

  // Units in one style (issue 9): limits were printed bare or as written (`>= 500`, `1%`).
  it.each([
    ["rps", 500, "500 req/s"],
    ["latency.p95", 100, "100 ms"],
    ["latency.p95", 0.5, "0.5 ms"],
    ["error_rate", 0.01, "1 %"],
    ["error_rate", 0.005, "0.5 %"],
    ["goodput", 0, "0 req/s"],
    ["output_tps", 1500, "1,500 tok/s"],
    ["output_tokens.p50", 160, "160 tok"],
    ["requests.dropped", 3, "3"],
  ])("limits carry their unit with no padding decimals: formatLimit(%s, %f) = %s", (metric, value, text) => {
    expect(formatLimit(metric, value)).toBe(text);
  });
});
