import { describe, expect, it } from "vitest";
import { isTokenMetric } from "../../src/metrics/catalogue.js";

describe("catalogue", () => {
  it.each([
    ["output_tps", true],
    ["output_tokens.p50", true],
    ["prompt_tokens.max", true],
    ["request_output_tps.p95", true],
    ["rps", false],
    ["goodput", false],
    ["ttft.p95", false],
    ["requests.ok", false],
  ])("isTokenMetric(%s) = %s", (metric, yes) => {
    expect(isTokenMetric(metric)).toBe(yes);
  });
});
