import type { GateResult, RegressionCheck } from "../../src/gate/types.js";
import type { MeasuredScenario, Report } from "../../src/report/types.js";
import { regressionCheck, sampleGate } from "./sample-gate.js";

/**
 * Hand-built fixtures of the two new baseline modes over `sampleReport()`, for the renderers:
 * side by side (side A embedded in the report, 12 round pairs) and a history window of 5 runs on
 * main with a creep rule, a trend and an inconclusive rule. Numbers are chosen to be recognisable.
 */

/** The gate's note on an inconclusive rule, as the lead's gate words it (shown verbatim). */
export const INCONCLUSIVE_NOTE =
  "inconclusive: 95 % CI −12 … +17 % spans ±10 %; about 45 s per side would decide it";

/** `report` with `baseline`'s scenarios embedded as side A, measured against :8081. */
export function withSideA(report: Report, baseline: Report): Report {
  const sideA: MeasuredScenario[] = baseline.scenarios.map(
    ({ checks: _c, verdict: _v, thresholds_verdict: _t, trust: _r, ...measured }) => measured,
  );
  return { ...report, side_by_side: { baseline_target: "http://127.0.0.1:8081", scenarios: sideA } };
}

/** `gate` with chat's `latency.p99` rule replaced by an inconclusive one (line 19). */
export function withInconclusive(gate: GateResult, failOn: GateResult["failOn"] = "any"): GateResult {
  const inconclusive: RegressionCheck = regressionCheck({
    metric: "latency.p99",
    baseline: 792,
    actual: 990,
    change: 198,
    changeRelative: 0.25,
    interval: { low: -95, high: 135, confidence: 0.95 },
    method: "paired_rounds",
    status: "inconclusive",
    source: "{ max: +15%, floor: 20ms }",
    line: 19,
    note: INCONCLUSIVE_NOTE,
  });
  return {
    ...gate,
    failOn,
    inconclusive: 1,
    scenarios: gate.scenarios.map((s) =>
      s.name === "chat" && s.comparison
        ? {
            ...s,
            comparison: {
              ...s.comparison,
              checks: s.comparison.checks.map((c) => (c.metric === "latency.p99" ? inconclusive : c)),
            },
          }
        : s,
    ),
  };
}

/** The side-by-side gate: `sampleGate` measured against side A in 12 round pairs (no artifact). */
export function sideBySideGate(report: Report): GateResult {
  const gate = sampleGate(report);
  return {
    ...gate,
    baseline: null,
    baselineMode: "side_by_side",
    roundPairs: 12,
    scenarios: gate.scenarios.map((s) =>
      s.comparison ? { ...s, comparison: { ...s.comparison, pairs: 12 } } : s,
    ),
  };
}

/**
 * The history gate: 5 runs on main, newest run 1234 at abc1234. Chat's `latency.p95: +10%` rule
 * passes at +9 % (872 → 950.48 ms), its creep rule `latency.p95: +25%` (line 23) regresses at
 * +31 % over the window (725.56 → 950.48 ms), its `error_rate` creep rule (line 24) passes; the
 * trend has latency.p95 over the 5 runs, error_rate with one run without data, and a series of
 * one baseline (no chart).
 */
export function historyGate(report: Report): GateResult {
  const gate = sampleGate(report);
  const p95 = regressionCheck({
    metric: "latency.p95",
    baseline: 872,
    actual: 950.48,
    change: 78.48,
    changeRelative: 0.09,
    interval: { low: 20, high: 140, confidence: 0.95 },
    method: "run_to_run",
    status: "pass",
    source: "+10%",
    line: 18,
  });
  const creep = [
    regressionCheck({
      metric: "latency.p95",
      baseline: 725.56,
      actual: 950.48,
      change: 224.92,
      changeRelative: 0.31,
      interval: { low: 150, high: 300, confidence: 0.95 },
      method: "run_to_run",
      status: "regression",
      source: "+25%",
      line: 23,
    }),
    regressionCheck({
      metric: "error_rate",
      baseline: 0.01,
      actual: 0.0196,
      change: 0.0096,
      changeRelative: 0.96,
      status: "pass",
      source: "+1pp",
      line: 24,
    }),
  ];
  const trend = [
    { metric: "latency.p95", baselines: [725.56, 760, 800, 845, 872], actual: 950.48 },
    { metric: "error_rate", baselines: [0.01, 0.012, null, 0.005, 0], actual: 0.0196 },
    { metric: "latency.p99", baselines: [990], actual: 995 },
  ];
  return {
    ...gate,
    baselineMode: "history",
    historyRuns: 5,
    regressions: 1,
    scenarios: gate.scenarios.map((s) =>
      s.name === "chat" && s.comparison
        ? {
            ...s,
            comparison: {
              ...s.comparison,
              checks: s.comparison.checks.map((c) => (c.metric === "latency.p95" ? p95 : c)),
              creep,
              trend,
            },
          }
        : s,
    ),
  };
}
