import { describe, expect, it } from "vitest";
import { scenarioMetricValue } from "../../src/render/scenario-metric.js";
import type { ScenarioReport } from "../../src/report/types.js";
import { sampleStreamReport, summary } from "./sample-stream.js";

const [chat, embed] = sampleStreamReport().scenarios as [ScenarioReport, ScenarioReport];

describe("scenarioMetricValue", () => {
  it.each([
    ["ttft.p95", 380],
    ["itl.p99", 48],
    ["tpot.p50", 20],
    ["output_tokens.p50", 160],
    ["prompt_tokens.p50", 420],
    ["request_output_tps.p50", 47.3],
    ["output_tps", 1600],
    ["goodput", 9],
    ["latency.p50", 3380],
    ["rps", 10.75],
  ])("streamed scenario: %s = %d", (metric, value) => {
    expect(scenarioMetricValue(chat, metric)).toBe(value);
  });

  it.each(["ttft.p95", "output_tps", "prompt_tokens.p50"])("no stream, no %s", (metric) => {
    expect(scenarioMetricValue(embed, metric)).toBeNull();
  });

  it("null for no scenario, an empty block, or a name this version does not know", () => {
    expect(scenarioMetricValue(null, "ttft.p95")).toBeNull();
    expect(scenarioMetricValue({ ...chat, ttft: summary(0, 0, 0, 0, 0, 0) }, "ttft.p95")).toBeNull();
    expect(scenarioMetricValue(chat, "ttft.p12")).toBeNull();
    expect(scenarioMetricValue(chat, "made_up")).toBeNull();
  });
});
