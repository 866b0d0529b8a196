import { describe, expect, it } from "vitest";
import type { GateResult, RegressionCheck, RegressionStatus } from "../../src/gate/types.js";
import { verdictReason } from "../../src/gate/verdict-reason.js";
import type { Check } from "../../src/report/types.js";

const threshold = (pass: boolean): Check => ({
  metric: "latency.p95",
  op: "<=",
  limit: 500,
  source: "500ms",
  actual: pass ? 400 : 600,
  pass,
  line: 14,
});

const rule = (status: RegressionStatus): RegressionCheck => ({
  metric: "latency.p95",
  baseline: 100,
  actual: 105,
  change: 5,
  changeRelative: 0.05,
  interval: { low: -12, high: 17, confidence: 0.95 },
  status,
  source: "+10%",
  line: 18,
});

/**
 * A gate over one scenario with `thresholds` and regression `checks` (and `creep`), with the
 * verdict and counts given: the reason is worded from them, never decided here.
 */
function gate(
  over: Partial<Omit<GateResult, "reason">>,
  thresholds: readonly Check[],
  checks: readonly RegressionCheck[],
  creep: readonly RegressionCheck[] = [],
): Omit<GateResult, "reason"> {
  const all = [...checks, ...creep];
  return {
    verdict: "pass",
    thresholdsVerdict: thresholds.every((c) => c.pass) ? "pass" : "fail",
    failOn: "any",
    failedChecks: thresholds.filter((c) => !c.pass).length,
    regressions: all.filter((c) => c.status === "regression").length,
    untrustedScenarios: 0,
    baseline: { description: "run 1 on main at abc1234" },
    baselineMode: "artifact",
    inconclusive: all.filter((c) => c.status === "inconclusive").length,
    warnings: [],
    notRun: [],
    scenarios: [
      {
        name: "chat",
        thresholds,
        comparison: { name: "chat", comparable: true, reasons: [], checks, creep, trend: [] },
        trust: { trusted: true, reasons: [], policy: "fail" },
        verdict: over.verdict ?? "pass",
        thresholdsVerdict: "pass",
      },
    ],
    ...over,
  };
}

describe("verdictReason", () => {
  it.each([
    // [fail-on, verdict the gate reached, thresholds, rules, reason]
    ["any", "pass", [true], ["pass"], "1 of 1 threshold held, no regression in 1 rule"],
    [
      "any",
      "pass",
      [true],
      ["inconclusive", "pass"],
      "1 of 1 threshold held, no regression in 2 rules, 1 inconclusive (does not fail; fail-on: strict would)",
    ],
    [
      "any",
      "fail",
      [false],
      ["inconclusive"],
      "1 of 1 threshold failed, 1 inconclusive (does not fail; fail-on: strict would)",
    ],
    ["strict", "fail", [true], ["inconclusive"], "1 inconclusive (fails under fail-on: strict)"],
    [
      "strict",
      "fail",
      [true],
      ["regression", "inconclusive", "inconclusive"],
      "1 regression, 2 inconclusive (fails under fail-on: strict)",
    ],
    [
      "thresholds",
      "pass",
      [true],
      ["inconclusive"],
      "1 of 1 threshold held, no regression in 1 rule, 1 inconclusive (does not fail; fail-on: strict would)",
    ],
  ] as const)("fail-on %s, %s: %j %j → %s", (failOn, verdict, passes, statuses, reason) => {
    const g = gate(
      { failOn, verdict },
      passes.map((p) => threshold(p)),
      statuses.map((s) => rule(s)),
    );
    expect(verdictReason(g)).toBe(reason);
  });

  it("counts creep rules and creep inconclusives with the regression rules", () => {
    const g = gate({}, [threshold(true)], [rule("pass")], [rule("inconclusive")]);
    expect(verdictReason(g)).toBe(
      "1 of 1 threshold held, no regression in 2 rules, 1 inconclusive (does not fail; fail-on: strict would)",
    );
  });

  it("counts inconclusive checks itself when the gate's count is missing (a result built before it)", () => {
    const { inconclusive: _dropped, ...old } = gate({}, [threshold(true)], [rule("inconclusive")]);
    expect(verdictReason(old as Omit<GateResult, "reason">)).toBe(
      "1 of 1 threshold held, no regression in 1 rule, 1 inconclusive (does not fail; fail-on: strict would)",
    );
  });

  it("says nothing of inconclusive when there is none", () => {
    expect(verdictReason(gate({ verdict: "fail" }, [threshold(false)], [rule("regression")]))).toBe(
      "1 of 1 threshold failed, 1 regression",
    );
  });
});
