/**
 * The report side of a capacity search: one `CapacityStepRecord` from a step's measured report,
 * and the one-line `reason` of the whole search. Pure.
 */

import type { Threshold } from "../budget/types.js";
import type { StopReason } from "../load/capacity-search.js";
import { findMetric } from "../metrics/catalogue.js";
import { holdsLimit } from "../metrics/limit.js";
import type { CapacitySearchRecord, CapacityStepRecord, MeasuredScenario } from "./types.js";

/** `50/s`, `137.5/s`: a rate as the search's steps are written. */
export function rateText(rate: number): string {
  return `${Number(rate.toPrecision(4))}/s`;
}

/** An objective's value in its metric's unit: `61.2 ms`, `3.5 %`, `48.7/s`. */
export function objectiveValueText(metric: string, value: number): string {
  const unit = findMetric(metric)?.unit;
  if (unit === "duration") return `${value.toFixed(1)} ms`;
  if (unit === "fraction") return `${(100 * value).toFixed(1)} %`;
  if (unit === "per_sec") return `${Number(value.toPrecision(4))}/s`;
  return String(Number(value.toPrecision(6)));
}

/** The objectives as written, for `capacity_search.slo`. */
export function sloRecord(slo: readonly Threshold[]): CapacitySearchRecord["slo"] {
  return slo.map((t) => ({ metric: t.metric, op: t.op, limit: t.limit, source: t.source }));
}

/** One step's record: the rate asked for, what was measured, each objective's value, and whether all held. */
export function stepRecord(
  rate: number,
  report: MeasuredScenario,
  values: readonly (number | null)[],
  met: boolean,
  generatorLimited: boolean,
): CapacityStepRecord {
  return {
    rate,
    duration_ms: report.duration_ms,
    requests: report.requests.total,
    ok: report.requests.ok,
    error_rate: report.error_rate,
    rps: report.rps,
    latency_p50: report.latency.p50,
    latency_p95: report.latency.p95,
    latency_p99: report.latency.p99,
    values,
    met,
    generator_limited: generatorLimited,
  };
}

/** `latency.p95 (61.2 ms > 50ms)`: the first objective a step broke, or `no data` for one it could not measure. */
export function brokenText(slo: readonly Threshold[], step: CapacityStepRecord): string {
  const i = slo.findIndex((t, j) => {
    const v = step.values[j];
    return v === null || v === undefined || !holds(v, t);
  });
  const t = slo[i];
  if (t === undefined) return "an objective";
  const v = step.values[i];
  if (v === null || v === undefined) return `${t.metric} (no data)`;
  return `${t.metric} (${objectiveValueText(t.metric, v)}, limit ${t.op} ${t.source})`;
}

/**
 * Whether `value` meets objective `t` (the threshold operators). `op` is a string because a
 * report read back from a file records it as one; an operator this version does not know holds nothing.
 */
export function holds(value: number, t: { readonly op: string; readonly limit: number }): boolean {
  return holdsLimit(value, t.op, t.limit);
}

/** The search's one line for users (`CapacitySearchRecord.reason`). */
export function searchReason(
  stoppedBy: StopReason,
  capacity: number | null,
  steps: readonly CapacityStepRecord[],
  slo: readonly Threshold[],
  toRate: number,
  generatorWhy?: string,
): string {
  const cap = capacity === null ? null : rateText(capacity);
  const last = steps.at(-1);
  const firstBad = steps.filter((s) => !s.met && !s.generator_limited).sort((a, b) => a.rate - b.rate)[0];
  switch (stoppedBy) {
    case "slo":
      if (cap === null || firstBad === undefined) {
        const first = steps[0];
        return first === undefined
          ? "no step ran"
          : `no capacity: the first step, ${rateText(first.rate)}, broke ${brokenText(slo, first)}`;
      }
      return `capacity ${cap}: ${cap} met every objective, ${rateText(firstBad.rate)} broke ${brokenText(slo, firstBad)}`;
    case "max_rate":
      return `capacity at least ${cap ?? rateText(toRate)}: the highest rate tried (capacity.rate.to) met every objective; raise it to find where the objectives break`;
    case "generator": {
      const at = last === undefined ? "" : ` at ${rateText(last.rate)}`;
      const floor =
        cap === null ? "no capacity measured" : `capacity ${cap} is a floor, not the server's capacity`;
      return `${floor}: this machine could not produce the load${at}${generatorWhy ? ` (${generatorWhy})` : ""}; give the generator more connections or a core of its own`;
    }
    case "interrupted":
      return `interrupted after ${steps.length} step${steps.length === 1 ? "" : "s"}${cap === null ? "" : `; ${cap} met every objective so far`}`;
  }
}
