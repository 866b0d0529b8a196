/**
 * Reading a metric's value out of a scenario report for display (a baseline column, a compact
 * streaming line), whichever version of perf-gate wrote the report.
 */
import { type MeasuredScenario, metricValue } from "../gate/metric-value.js";
import { DISTRIBUTION_FAMILIES, type DistributionFamily, LATENCY_STATS } from "../metrics/catalogue.js";
import type { LatencySummary, ScenarioReport } from "../report/types.js";

type Stat = (typeof LATENCY_STATS)[number];

const FAMILIES: ReadonlySet<string> = new Set(DISTRIBUTION_FAMILIES);
const STATS: ReadonlySet<string> = new Set(LATENCY_STATS);

function distributionValue(s: ScenarioReport, family: DistributionFamily, stat: Stat): number | null {
  const summary: LatencySummary | undefined = s[family];
  // Absent (a scenario that does not stream) and empty (nothing recorded) are both "no data".
  return summary === undefined || summary.count === 0 ? null : summary[stat];
}

/**
 * The value of a catalogue metric (`ttft.p95`, `output_tps`, `goodput`, `latency.p99`, …) in a
 * scenario report, in the report's unit, or null when the scenario has none: no such block
 * (a scenario that did not stream, an older report), no data, or a name this version does not
 * know. Display only: the gate reads values through its own `metricValue`.
 */
export function scenarioMetricValue(s: ScenarioReport | null, metric: string): number | null {
  if (s === null) return null;
  const [family = "", stat = "", ...rest] = metric.split(".");
  if (rest.length === 0 && FAMILIES.has(family) && STATS.has(stat)) {
    return distributionValue(s, family as DistributionFamily, stat as Stat);
  }
  if (metric === "output_tps") return s.output_tps ?? null;
  if (metric === "goodput") return s.goodput ?? null;
  try {
    return metricValue(s as MeasuredScenario, metric);
  } catch {
    // A metric this version does not know in an older report is "no value", not a crash.
    return null;
  }
}
