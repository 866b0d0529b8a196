/**
 * Reading a metric's value out of a scenario report for display (a baseline column, the
 * streaming rows, the comment's digest), whichever version of perf-gate wrote the report.
 */
import { type MeasuredScenario, metricValue } from "../gate/metric-value.js";

/**
 * The value of a catalogue metric (`ttft.p95`, `output_tps`, `goodput`, `latency.p99`, …) in a
 * scenario report, in the report's unit (see `metricValue`), or null when there is none: no
 * scenario, no such block (a scenario that did not stream, no `slo`), no data, or a name this
 * version does not know.
 */
export function scenarioMetricValue(s: MeasuredScenario | null, metric: string): number | null {
  if (s === null) return null;
  try {
    return metricValue(s, metric);
  } catch {
    // A metric this version does not know in an older report is "no value", not a crash.
    return null;
  }
}
