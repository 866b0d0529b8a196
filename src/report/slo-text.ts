/**
 * A scenario's `slo` objectives in words, the way a budget writes them, for every place that
 * shows or compares them (the gate's notes, the terminal, the markdown summary).
 */
import type { ScenarioReport } from "./types.js";

/** The objectives of an `slo` block in budget order, with the metric word the user wrote. */
const SLO_KEYS = [
  ["ttfb", "ttfb_ms"],
  ["ttft", "ttft_ms"],
  ["tpot", "tpot_ms"],
  ["latency", "latency_ms"],
] as const;

/** A duration in the one unit style of every output: `500 ms`, `1.5 s`, `10 s`. */
function writtenMs(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** `ttft ≤ 500 ms, tpot ≤ 50 ms`: every objective of the scenario's `slo`; "" when it has none. */
export function describeSlo(slo: ScenarioReport["slo"]): string {
  if (slo === undefined) return "";
  return SLO_KEYS.flatMap(([word, key]) => {
    const ms = slo[key];
    return ms === undefined ? [] : [`${word} ≤ ${writtenMs(ms)}`];
  }).join(", ");
}
