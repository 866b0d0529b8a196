import { beforeAll, describe, expect, it } from "vitest";
import { evaluateGate } from "../../src/gate/evaluate-gate.js";
import type { GateInput, RegressionRule } from "../../src/gate/types.js";
import { recordedThresholds } from "../../src/judge-run.js";
import type { Report, ScenarioReport } from "../../src/report/types.js";
import { exponentialMs, reportOf, rule, scenarioReport } from "./gate-fixtures.js";

/**
 * A scenario report renamed, with one `latency.p95` threshold the gate will find passing (10 s)
 * or failing (1 ms). Its recorded `pass` says the opposite, so a gate that trusted the recorded
 * check instead of evaluating the threshold itself would be caught.
 */
function named(report: ScenarioReport, name: string, thresholdPasses = true): ScenarioReport {
  const limit = thresholdPasses ? 10_000 : 1;
  const check = {
    metric: "latency.p95",
    op: "<=" as const,
    limit,
    source: `${limit}ms`,
    actual: 40,
    pass: !thresholdPasses,
    line: 9,
  };
  return { ...report, name, checks: [check] };
}

let fast: ScenarioReport;
let slow: ScenarioReport;
beforeAll(async () => {
  fast = await scenarioReport({ latencyMs: exponentialMs(5000) });
  slow = await scenarioReport({ latencyMs: exponentialMs(5000, 1.3) });
});

const RULES: ReadonlyMap<string, readonly RegressionRule[]> = new Map([
  ["a", [rule("latency.p95", { maxRelative: 0.1 })]],
  ["b", [rule("latency.p95", { maxRelative: 0.1 })]],
]);

function input(head: Report, baseline: Report | null, failOn: GateInput["failOn"] = "any"): GateInput {
  return {
    head,
    thresholds: recordedThresholds(head),
    baseline,
    baselineSource: baseline ? { description: "base.json", path: "base.json" } : null,
    rules: RULES,
    failOn,
  };
}

describe("evaluateGate", () => {
  // [what, failOn, threshold of "a" passes, "a" regressed, verdict, failedChecks, regressions]
  const VERDICTS: [string, GateInput["failOn"], boolean, boolean, "pass" | "fail", number, number][] = [
    ["all good, any", "any", true, false, "pass", 0, 0],
    ["regression, any", "any", true, true, "fail", 0, 1],
    ["failed threshold, any", "any", false, false, "fail", 1, 0],
    ["regression, thresholds", "thresholds", true, true, "pass", 0, 1],
    ["failed threshold, thresholds", "thresholds", false, false, "fail", 1, 0],
    ["both, never", "never", false, true, "pass", 1, 1],
  ];

  it.each(VERDICTS)("%s", (_what, failOn, thresholdPasses, regressed, verdict, failedChecks, regressions) => {
    const head = reportOf([named(regressed ? slow : fast, "a", thresholdPasses), named(fast, "b")]);
    const baseline = reportOf([named(fast, "a"), named(fast, "b")]);
    const result = evaluateGate(input(head, baseline, failOn));
    expect(result).toMatchObject({ verdict, failedChecks, regressions, warnings: [] });
    expect(result.baseline).toEqual({ description: "base.json", path: "base.json" });
    expect(result.scenarios.map((s) => s.name)).toEqual(["a", "b"]);
    expect(result.scenarios[0]?.thresholds[0]?.pass).toBe(thresholdPasses);
    expect(result.scenarios[0]?.comparison?.checks[0]?.status).toBe(regressed ? "regression" : "pass");
  });

  it("without a baseline, warns and gates on thresholds only", () => {
    const head = reportOf([named(slow, "a", false)]);
    const result = evaluateGate(input(head, null));
    expect(result).toMatchObject({ verdict: "fail", failedChecks: 1, regressions: 0, baseline: null });
    expect(result.warnings).toEqual(["no baseline: regressions not checked"]);
    expect(result.scenarios[0]?.comparison).toBeNull();
  });

  it("without a baseline and without regression rules, has nothing to warn about", () => {
    const head = reportOf([named(fast, "a")]);
    const result = evaluateGate({ ...input(head, null), rules: new Map([["a", []]]) });
    expect(result).toMatchObject({ verdict: "pass", warnings: [], baseline: null });
  });

  it("does not use a baseline written for another budget file", () => {
    const head = reportOf([named(slow, "a")]);
    const result = evaluateGate(input(head, reportOf([named(fast, "a")], "other.yml")));
    expect(result).toMatchObject({ verdict: "pass", regressions: 0, baseline: null });
    expect(result.warnings).toEqual([
      'baseline is from another budget file ("other.yml", this run "perf-budget.yml"): regressions not checked',
    ]);
  });

  it("warns about a scenario missing from the baseline and still compares the others", () => {
    const head = reportOf([named(slow, "a"), named(slow, "b")]);
    const result = evaluateGate(input(head, reportOf([named(fast, "b")])));
    expect(result.scenarios[0]?.comparison).toBeNull();
    expect(result.scenarios[1]?.comparison?.checks[0]?.status).toBe("regression");
    expect(result).toMatchObject({ verdict: "fail", regressions: 1 });
    expect(result.warnings).toEqual(['scenario "a" is not in the baseline: regressions not checked']);
  });

  it("never fails on an incomparable load", async () => {
    const openSlow = await scenarioReport({ latencyMs: exponentialMs(5000, 2), load: { ratePerSec: 10 } });
    const result = evaluateGate(input(reportOf([named(openSlow, "a")]), reportOf([named(fast, "a")])));
    expect(result).toMatchObject({ verdict: "pass", regressions: 0 });
    expect(result.scenarios[0]?.comparison?.comparable).toBe(false);
  });

  it("compares a scenario without rules for its comparability alone", () => {
    const result = evaluateGate(input(reportOf([named(slow, "c")]), reportOf([named(fast, "c")])));
    expect(result.scenarios[0]?.comparison).toEqual({
      name: "c",
      comparable: true,
      reasons: [],
      checks: [],
      creep: [],
      trend: [],
    });
  });
});
