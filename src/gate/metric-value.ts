import { InputError } from "../errors.js";
import { LATENCY_FAMILIES, LATENCY_STATS } from "../metrics/catalogue.js";
import type { LatencySummary, ScenarioReport } from "../report/types.js";

/** The measured part of a scenario report: everything a threshold can be evaluated against. */
export type MeasuredScenario = Omit<ScenarioReport, "checks" | "verdict">;

type Family = (typeof LATENCY_FAMILIES)[number];
type Stat = (typeof LATENCY_STATS)[number];

const FAMILIES: ReadonlySet<string> = new Set(LATENCY_FAMILIES);
const STATS: ReadonlySet<string> = new Set(LATENCY_STATS);

function latencyValue(report: MeasuredScenario, family: Family, stat: Stat): number | null {
  const summary: LatencySummary = report[family];
  // An empty histogram summarizes to zeros; a zero there is "no data", not "instant".
  return summary.count === 0 ? null : summary[stat];
}

/**
 * The value of a catalogue metric (`latency.p95`, `error_rate`, `rps`, `requests.ok`, …) in a
 * scenario report, in the report's unit: ms for durations, a fraction 0..1 for `error_rate`,
 * completed requests per second for `rps`, plain counts for `requests.*`.
 *
 * Returns null when the run produced no data for the metric: a latency statistic whose family
 * recorded nothing, or `error_rate` when no request completed (a rate of nothing is undefined,
 * even though the report stores 0 there). Throws `InputError` for a name outside the catalogue,
 * which the budget validator should already have rejected.
 */
export function metricValue(report: MeasuredScenario, metric: string): number | null {
  const dot = metric.indexOf(".");
  const head = dot < 0 ? metric : metric.slice(0, dot);
  const tail = dot < 0 ? "" : metric.slice(dot + 1);
  if (FAMILIES.has(head) && STATS.has(tail)) return latencyValue(report, head as Family, tail as Stat);
  switch (metric) {
    case "error_rate":
      return report.requests.ok + report.requests.failed === 0 ? null : report.error_rate;
    case "rps":
      return report.rps;
    case "requests.total":
      return report.requests.total;
    case "requests.ok":
      return report.requests.ok;
    case "requests.failed":
      return report.requests.failed;
    case "requests.dropped":
      return report.requests.dropped;
    default:
      throw new InputError(`unknown metric "${metric}" in scenario "${report.name}"`);
  }
}
