import type { Threshold, ThresholdOp } from "../budget/types.js";
import type { Check, ThresholdsVerdict } from "../report/types.js";
import { type MeasuredScenario, metricValue } from "./metric-value.js";

/**
 * Relative tolerance under which an actual and a limit count as equal. Limits are converted
 * from the budget's units (`0.7%` → 0.007) and actuals computed by division, so the same number
 * can differ in its last bits; without this, `error_rate <= 0.7%` could fail at exactly 0.7%.
 */
const EQUAL_RELATIVE = 1e-9;

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= EQUAL_RELATIVE * Math.max(Math.abs(a), Math.abs(b));
}

/** Whether `actual op limit` holds; equality within float noise decides the boundary. */
export function compare(actual: number, op: ThresholdOp, limit: number): boolean {
  const equal = nearlyEqual(actual, limit);
  switch (op) {
    case "<=":
      return equal || actual < limit;
    case "<":
      return !equal && actual < limit;
    case ">=":
      return equal || actual > limit;
    case ">":
      return !equal && actual > limit;
  }
}

/**
 * Evaluates each threshold as `actual op limit` against the measured scenario, in budget order,
 * one `Check` per threshold carrying its budget line.
 *
 * A metric with no data (`actual: null`, e.g. `latency.p95` when no request succeeded) fails its
 * check whatever the operator: a limit cannot be proven on no data, and passing it would let a
 * run where everything failed or nothing ran slip through the gate.
 */
export function evaluateThresholds(report: MeasuredScenario, thresholds: readonly Threshold[]): Check[] {
  return thresholds.map((t) => {
    const actual = metricValue(report, t.metric);
    return {
      metric: t.metric,
      op: t.op,
      limit: t.limit,
      source: t.source,
      actual,
      pass: actual !== null && compare(actual, t.op, t.limit),
      line: t.line,
    };
  });
}

/** `fail` when any check failed, else `pass` (a scenario without thresholds passes). */
export function verdictOf(checks: readonly Check[]): ThresholdsVerdict {
  return checks.every((c) => c.pass) ? "pass" : "fail";
}
