import type { Threshold, ThresholdOp } from "../budget/types.js";
import { holdsLimit } from "../metrics/limit.js";
import type { Check, ThresholdsVerdict } from "../report/types.js";
import { type MeasuredScenario, metricValue } from "./metric-value.js";
import { noDataReason } from "./no-data-reason.js";

/** Whether `actual op limit` holds; equality within float noise decides the boundary. */
export function compare(actual: number, op: ThresholdOp, limit: number): boolean {
  return holdsLimit(actual, op, limit);
}

/**
 * Evaluates each threshold as `actual op limit` against the measured scenario, in budget order,
 * one `Check` per threshold carrying its budget line.
 *
 * A metric with no data (`actual: null`, e.g. `latency.p95` when no request succeeded) fails its
 * check whatever the operator: a limit cannot be proven on no data, and passing it would let a
 * run where everything failed or nothing ran slip through the gate. Such a check says why in
 * `no_data` (`an http target has no TLS handshake`).
 */
export function evaluateThresholds(report: MeasuredScenario, thresholds: readonly Threshold[]): Check[] {
  return thresholds.map((t) => {
    const actual = metricValue(report, t.metric);
    const why = actual === null ? noDataReason(report, t.metric) : null;
    return {
      metric: t.metric,
      op: t.op,
      limit: t.limit,
      source: t.source,
      actual,
      pass: actual !== null && compare(actual, t.op, t.limit),
      line: t.line,
      ...(why === null ? {} : { no_data: why }),
    };
  });
}

/** `fail` when any check failed, else `pass` (a scenario without thresholds passes). */
export function verdictOf(checks: readonly Check[]): ThresholdsVerdict {
  return checks.every((c) => c.pass) ? "pass" : "fail";
}
