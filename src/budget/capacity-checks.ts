/**
 * Cross-key rules of `load.capacity.slo`: an objective on a metric that only a streamed response
 * (ttft, itl, tpot, token rates) or a scenario `slo:` (goodput) produces has no value in any step
 * of a scenario without it, so every step would "break" it and the search would report no
 * capacity after its first step. Refused at the objective, as thresholds are (stream-checks.ts).
 * Reads the raw data, so it runs even when the schema failed elsewhere.
 */
import { findMetric } from "../metrics/catalogue.js";
import type { PathProblem } from "./issues.js";
import { asMap, type PlainMap } from "./plain-map.js";
import { readsUsage } from "./usage-read.js";

/** Every objective of scenario `index`'s `load.capacity.slo` that its request cannot produce. */
export function checkCapacityObjectives(scenario: PlainMap, index: number): PathProblem[] {
  const slo = asMap(asMap(asMap(scenario.load)?.capacity)?.slo);
  if (slo === undefined) return [];
  const streams = asMap(scenario.request)?.stream !== undefined;
  // A token objective makes a non-streamed request read its usage, unless usage: false.
  const tokens = streams || readsUsage(asMap(scenario.request), true);
  return Object.keys(slo).flatMap((metric): PathProblem[] => {
    const requires = findMetric(metric)?.requires;
    const path = ["scenarios", index, "load", "capacity", "slo", metric];
    if (requires === "tokens" && !tokens) {
      const message = `${metric} needs token counts, and request.usage is false: set it true (or remove it), or set request.stream, or use a latency objective (latency.p95)`;
      return [{ path, anchor: "key", message }];
    }
    if (requires === "stream" && !streams) {
      const message = `${metric} needs a streamed response, and no step of this search would have it: set request.stream: openai (or sse) in this scenario, or use a latency objective (latency.p95)`;
      return [{ path, anchor: "key", message }];
    }
    if (requires === "slo" && scenario.slo === undefined) {
      const example = streams ? "ttft: 500ms" : "latency: 2s";
      const message = `${metric} counts requests that meet every slo objective: add slo: { ${example}, … } to this scenario`;
      return [{ path, anchor: "key", message }];
    }
    return [];
  });
}
