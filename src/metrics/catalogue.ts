/**
 * The metrics a budget can name, with their unit and which direction is better. One list serves
 * the budget validator (unknown metric, "did you mean", unit of the limit), the JSON Schema, and
 * the gate (where to read the value in a scenario report). Names are the user's words.
 */

/** How a limit is written and in which unit the report holds the value. */
export type MetricUnit =
  /** Written `250ms`, `1.5s`; held in milliseconds. */
  | "duration"
  /** Written `0.5%`; held as a fraction 0..1. */
  | "fraction"
  /** Written as a plain number; held per second. */
  | "per_sec"
  /** Written as a plain number; held as a count. */
  | "count";

export interface MetricDef {
  readonly name: string;
  readonly unit: MetricUnit;
  /** "lower": a limit is "at most" by default. "higher": the budget must write `>=` / `>`. */
  readonly better: "lower" | "higher";
  readonly description: string;
}

/** Histogram-backed families in a scenario report, each with the same statistics. */
export const LATENCY_FAMILIES = ["latency", "latency_uncorrected", "queue_time", "latency_failed"] as const;
/** Statistics of every latency family, as named in the report and the budget. */
export const LATENCY_STATS = ["min", "mean", "stdev", "p50", "p90", "p95", "p99", "p999", "max"] as const;

const FAMILY_TEXT: Record<(typeof LATENCY_FAMILIES)[number], string> = {
  latency: "latency of ok requests (open model: from the due time)",
  latency_uncorrected: "latency of ok requests from the moment they were sent",
  queue_time: "time ok requests waited in the client before being sent",
  latency_failed: "latency of failed requests",
};

function latencyMetrics(): MetricDef[] {
  return LATENCY_FAMILIES.flatMap((family) =>
    LATENCY_STATS.map((stat) => ({
      name: `${family}.${stat}`,
      unit: "duration" as const,
      better: "lower" as const,
      description: `${stat} of the ${FAMILY_TEXT[family]}`,
    })),
  );
}

/** Every metric a threshold may name. */
export const METRIC_CATALOGUE: readonly MetricDef[] = [
  ...latencyMetrics(),
  { name: "error_rate", unit: "fraction", better: "lower", description: "failed / completed requests" },
  { name: "rps", unit: "per_sec", better: "higher", description: "completed requests per second" },
  { name: "requests.total", unit: "count", better: "higher", description: "requests started" },
  { name: "requests.ok", unit: "count", better: "higher", description: "requests that succeeded" },
  { name: "requests.failed", unit: "count", better: "lower", description: "requests that failed" },
  {
    name: "requests.dropped",
    unit: "count",
    better: "lower",
    description: "arrivals the client could not queue",
  },
];

const BY_NAME = new Map(METRIC_CATALOGUE.map((m) => [m.name, m]));

/** The definition of a metric named in a budget, or undefined when no such metric exists. */
export function findMetric(name: string): MetricDef | undefined {
  return BY_NAME.get(name);
}
