/**
 * How a set of metric names is listed in "unknown metric" messages: each distribution family
 * once as `family.<stat>` with the statistics named once, then the single metrics. Listing every
 * `ttft.p95` would bury the message under a hundred names.
 */
import { DISTRIBUTION_FAMILIES, type MetricDef } from "../metrics/catalogue.js";

const FAMILIES: ReadonlySet<string> = new Set(DISTRIBUTION_FAMILIES);

/**
 * `latency.<stat>, ttft.<stat> (stat: p50, p95), error_rate, rps` for `defs`, in their order.
 * `stats` is what `<stat>` stands for in this context (every family listed takes the same ones).
 */
export function listMetricNames(defs: readonly MetricDef[], stats: readonly string[]): string {
  const families = new Set<string>();
  const singles: string[] = [];
  for (const { name } of defs) {
    const family = name.slice(0, name.indexOf("."));
    if (FAMILIES.has(family)) families.add(family);
    else singles.push(name);
  }
  const grouped = [...families].map((family) => `${family}.<stat>`).join(", ");
  return [`${grouped} (stat: ${stats.join(", ")})`, ...singles].join(", ");
}
