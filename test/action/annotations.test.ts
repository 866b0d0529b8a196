import { describe, expect, it, vi } from "vitest";
import { annotateBudget, gateAnnotations } from "../../src/action/annotations.js";
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

function gate(scenarios: readonly ScenarioSpec[], over: Partial<GateResult> = {}): GateResult {
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
    ...over,
  };
}

const NOTE = "inconclusive: 95 % CI −12 … +17 % spans ±10 %; about 45 s per side would decide it";

/** chat with an inconclusive regression rule (line 19) and a creep regression (line 23). */
function historyGate(failOn: GateResult["failOn"]): GateResult {
  return gate(
    [
      {
        name: "chat",
        thresholds: [],
        comparison: {
          name: "chat",
          comparable: true,
          reasons: [],
          checks: [regression({ status: "inconclusive", line: 19, note: NOTE })],
          creep: [
            regression({ metric: "latency.p95", baseline: 700, actual: 917, source: "+25%", line: 23 }),
          ],
          trend: [],
        },
      },
    ],
    {
      failOn,
      baselineMode: "history",
      historyRuns: 5,
      baseline: { description: "run 1234 on main at abc1234", runId: 1234, commit: "abc1234" },
      inconclusive: 1,
    },
  );
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
    expect(annotations.map((a) => a.level)).toEqual(["error", "error", "error"]);
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

  it("an inconclusive rule is a notice with the gate's note, not an error; a creep regression is an error", () => {
    const annotations = gateAnnotations(historyGate("any"));
    expect(annotations).toEqual([
      {
        level: "error",
        title: "perf-gate: chat latency.p95 crept",
        message:
          "chat: latency.p95 went from 700.0 ms to 917.0 ms over the last 5 runs on main, beyond the creep tolerance +25%",
        line: 23,
      },
      {
        level: "notice",
        title: "perf-gate: chat latency.p99 inconclusive",
        message:
          "chat: latency.p99 rule +10% is inconclusive: 95 % CI −12 … +17 % spans ±10 %; about 45 s per side would decide it. This does not fail the gate (fail-on: any; fail-on: strict would fail it).",
        line: 19,
      },
    ]);
  });

  it("under fail-on: strict an inconclusive rule fails, so it is an error", () => {
    const inconclusive = gateAnnotations(historyGate("strict")).find((a) => a.line === 19);
    expect(inconclusive?.level).toBe("error");
    expect(inconclusive?.message.endsWith("This fails the gate (fail-on: strict).")).toBe(true);
  });

  it("a passing gate has no annotations", () => {
    expect(
      gateAnnotations(gate([{ name: "a", thresholds: [check({ pass: true })], comparison: null }])),
    ).toEqual([]);
  });
});

describe("annotateBudget", () => {
  it("writes a notice as ::notice and an error as ::error, at the budget file's line", () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      annotateBudget("perf-budget.yml", gateAnnotations(historyGate("any")));
    } finally {
      spy.mockRestore();
    }
    const commands = written.filter((w) => w.startsWith("::"));
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^::error .*file=perf-budget\.yml.*line=23.*::chat: latency\.p95 went from/);
    expect(commands[1]).toMatch(/^::notice .*file=perf-budget\.yml.*line=19.*::chat: latency\.p99 rule/);
  });
});
