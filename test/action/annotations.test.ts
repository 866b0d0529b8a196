import { describe, expect, it } from "vitest";
import { gateAnnotations } from "../../src/action/annotations.js";
import type { GateResult, RegressionCheck } from "../../src/gate/types.js";
import type { Check } from "../../src/report/types.js";

const check = (over: Partial<Check>): Check => ({
  metric: "latency.p95",
  op: "<=",
  limit: 500,
  source: "500ms",
  actual: 612.5,
  pass: false,
  line: 14,
  ...over,
});

const regression = (over: Partial<RegressionCheck>): RegressionCheck => ({
  metric: "latency.p99",
  baseline: 100,
  actual: 140,
  change: 40,
  changeRelative: 0.4,
  interval: { low: 30, high: 50, confidence: 0.95 },
  status: "regression",
  source: "+10%",
  line: 21,
  ...over,
});

type ScenarioSpec = Pick<GateResult["scenarios"][number], "name" | "thresholds" | "comparison">;

function gate(scenarios: readonly ScenarioSpec[]): GateResult {
  return {
    verdict: "fail",
    reason: "",
    thresholdsVerdict: "fail",
    failOn: "any",
    failedChecks: 0,
    regressions: 0,
    untrustedScenarios: 0,
    baseline: null,
    baselineMode: "none",
    inconclusive: 0,
    warnings: [],
    notRun: [],
    scenarios: scenarios.map((s) => ({
      ...s,
      trust: { trusted: true, reasons: [], policy: "fail" },
      verdict: "fail",
      thresholdsVerdict: "fail",
    })),
  };
}

describe("gateAnnotations", () => {
  it("one annotation per failed threshold and per regression, at its budget line", () => {
    const annotations = gateAnnotations(
      gate([
        {
          name: "chat",
          thresholds: [check({}), check({ metric: "error_rate", pass: true, line: 15 })],
          comparison: {
            name: "chat",
            comparable: true,
            reasons: [],
            checks: [regression({}), regression({ metric: "latency.p50", status: "within_noise", line: 20 })],
            creep: [],
            trend: [],
          },
        },
        {
          name: "health",
          thresholds: [check({ metric: "rps", op: ">=", limit: 40, source: ">= 40", actual: 12, line: 30 })],
          comparison: null,
        },
      ]),
    );
    expect(annotations.map((a) => a.line)).toEqual([14, 21, 30]);
    expect(annotations[0]).toMatchObject({ title: "perf-gate: chat latency.p95 failed" });
    expect(annotations[0]?.message).toMatch(
      /^chat: latency\.p95 was 612\.5 ?ms, the budget allows ≤ 500 ms$/,
    );
    expect(annotations[1]?.message).toMatch(
      /latency\.p99 went from 100(\.0)? ?ms to 140(\.0)? ?ms, beyond the tolerance \+10%/,
    );
    // The operator is not doubled when the limit was written with one.
    expect(annotations[2]?.message).toContain("the budget allows ≥ 40");
  });

  it("a passing gate has no annotations", () => {
    expect(
      gateAnnotations(gate([{ name: "a", thresholds: [check({ pass: true })], comparison: null }])),
    ).toEqual([]);
  });
});
