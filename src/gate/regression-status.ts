/**
 * The verdict of one regression rule once both values and the interval of their change are
 * known, with a note in words for every status but a plain pass.
 */
import type { RegressionRule } from "../budget/types.js";
import { isTokenMetric, type MetricDef } from "../metrics/catalogue.js";
import type { RegressionStatus } from "./types.js";

/**
 * `regression` when the change is worse than the rule's tolerance (every tolerance it sets:
 * relative to the baseline and/or absolute), at least the floor, and the whole confidence
 * interval lies on the worse side of zero; else `inconclusive` when the interval reaches past
 * the tolerance on both sides (−T and +T: this run cannot tell a change of the tolerance's size
 * from noise; `hint` says what would decide it); else `within_noise` when only the interval test
 * failed; `pass` otherwise. "Worse" follows the metric's direction (`def.better`): up for latency,
 * error rate, ttft, itl, tpot; down for rps, output_tps, request_output_tps and goodput.
 * `interval` is of head − base in the metric's unit. With a baseline of 0 (an error rate of 0 %),
 * any rise exceeds a relative tolerance: use `pp` to allow some errors.
 */
export function describeStatus(
  rule: RegressionRule,
  def: MetricDef,
  baseline: number,
  actual: number,
  interval: { readonly low: number; readonly high: number; readonly confidence: number },
  hint?: (tolerance: number) => string,
): { status: RegressionStatus; note?: string } {
  const direction = def.better === "lower" ? 1 : -1;
  const worse = direction * (actual - baseline);
  // The interval of the worsening: for higher-is-better metrics a drop is the positive side.
  const worseLow = direction === 1 ? interval.low : -interval.high;
  const worseHigh = direction === 1 ? interval.high : -interval.low;
  const beyondRelative = rule.maxRelative === undefined || worse > rule.maxRelative * Math.abs(baseline);
  const beyondAbsolute = rule.maxAbsolute === undefined || worse > rule.maxAbsolute;
  const beyond = worse > 0 && beyondRelative && beyondAbsolute;
  const ci = `${Math.round(interval.confidence * 100)} % CI ${formatChange(interval.low, def)} … ${formatChange(interval.high, def)}`;
  const underFloor = rule.floor !== undefined && worse < rule.floor;
  if (beyond && !underFloor && worseLow > 0) return { status: "regression", note: `regression: ${ci}` };
  const tolerance = toleranceOf(rule, baseline);
  if (tolerance > 0 && worseLow <= -tolerance && worseHigh >= tolerance) {
    const band = `±${withoutTrailingZeros(formatAmount(tolerance, def))}`;
    const decide = hint ? `; ${hint(tolerance)}` : "";
    return { status: "inconclusive", note: `inconclusive: ${ci} spans ${band}, the tolerance${decide}` };
  }
  if (!beyond) return { status: "pass" };
  if (underFloor) {
    // Beyond the tolerance yet a pass: without this note the row reads as a bug (`+28.2 %` vs `+10 %`).
    const change = withoutTrailingZeros(formatChange(actual - baseline, def));
    return {
      status: "pass",
      note: `${change} is under the ${withoutTrailingZeros(formatAmount(rule.floor, def))} floor`,
    };
  }
  return { status: "within_noise", note: `within noise: ${ci}` };
}

/**
 * The smallest worsening the rule would call a regression (metric unit): the largest of its
 * relative tolerance (of the baseline), its absolute tolerance and its floor.
 */
export function toleranceOf(rule: RegressionRule, baseline: number): number {
  return Math.max(
    rule.maxRelative === undefined ? 0 : rule.maxRelative * Math.abs(baseline),
    rule.maxAbsolute ?? 0,
    rule.floor ?? 0,
  );
}

/** A change in the metric's unit, signed: `+6.20 ms`, `+2.00 pp`, `-12.5 req/s`, `-4.10 tok/s`. */
export function formatChange(value: number, def: MetricDef): string {
  return `${value < 0 ? "−" : "+"}${formatAmount(Math.abs(value), def)}`;
}

/** An unsigned amount in the metric's unit: `6.20 ms`, `2.00 pp`, `12.5 req/s`. */
export function formatAmount(value: number, def: MetricDef): string {
  if (def.unit === "duration") return `${round(value)} ms`;
  if (def.unit === "fraction") return `${round(value * 100)} pp`;
  if (def.unit === "per_sec") return `${round(value)} ${isTokenMetric(def.name) ? "tok/s" : "req/s"}`;
  if (def.unit === "count" && isTokenMetric(def.name)) return `${round(value)} tokens`;
  return round(value);
}

/** `+0.400 ms` → `+0.4 ms`, `1.00 ms` → `1 ms`: the floor note quotes amounts as a budget writes them. */
export function withoutTrailingZeros(text: string): string {
  return text.replace(/(\d)\.(\d*?)0+(?=\D|$)/g, (_, digit: string, kept: string) =>
    kept === "" ? digit : `${digit}.${kept}`,
  );
}

/** Three significant digits, never in exponent notation. */
function round(value: number): string {
  if (value === 0) return "0";
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 6));
}
