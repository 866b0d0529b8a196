/**
 * The regression check of `capacity`. Capacity has no sampling distribution to bootstrap: what a
 * search knows is a bracket — the true capacity is at least the highest rate that met every
 * objective and below the lowest that broke one. So the change is judged at the searches' own
 * resolution: with base bracket [Cb, Bb) and head bracket [Ch, Bh), and the tolerance line
 * L = Cb × (1 − tolerance) (or Cb − the absolute tolerance):
 * - regression: the head's first failing rate Bh is below L too (so Ch < Bh < L ≤ base's truth
 *   × (1 − tolerance): the drop is beyond the tolerance whatever the truths inside the brackets);
 * - pass: the head's capacity Ch is at least Bb × (1 − tolerance) (no truth inside the brackets
 *   drops by more than the tolerance); a base that broke nothing up to `to` counts `to` as Bb,
 *   and a base stopped by the generator (a floor, no Bb at all) never yields a pass;
 * - inconclusive otherwise: the brackets overlap the tolerance line, a finer search would decide.
 * The interval recorded is that of head − base the brackets allow: [Ch − Bb, Bh − Cb].
 */
import type { RegressionRule } from "../budget/types.js";
import type { CapacitySearchRecord, MeasuredScenario } from "../report/types.js";
import { checkBase } from "./check-base.js";
import { metricValue } from "./metric-value.js";
import type { RegressionCheck } from "./types.js";

/** The bracket of one search: capacity met, lowest rate that broke (null: none broke, or the generator stopped it). */
function bracketOf(
  search: CapacitySearchRecord,
  capacity: number | null,
): { low: number; high: number | null } {
  const broke = search.steps.filter((s) => !s.met && !s.generator_limited).map((s) => s.rate);
  const high = broke.length === 0 || search.stopped_by === "generator" ? null : Math.min(...broke);
  return { low: capacity ?? 0, high };
}

/** What differs in how the two searches were run, in words; undefined when they match. */
function searchDifference(head: CapacitySearchRecord, base: CapacitySearchRecord): string | undefined {
  const objectives = (s: CapacitySearchRecord) =>
    s.slo.map((o) => `${o.metric} ${o.op} ${o.source}`).join(", ");
  if (objectives(head) !== objectives(base))
    return `the objectives differ: baseline ${objectives(base)}, this run ${objectives(head)}`;
  if (head.step_ms !== base.step_ms)
    return `the step differs: baseline ${base.step_ms} ms, this run ${head.step_ms} ms`;
  return undefined;
}

function rate(value: number): string {
  return `${Number(value.toPrecision(4))}/s`;
}

/** The `capacity` rule's check (see the file's comment); `not_compared` when a side has no search. */
export function checkCapacityRule(
  head: MeasuredScenario,
  base: MeasuredScenario,
  rule: RegressionRule,
): RegressionCheck {
  const baseline = base.capacity ?? null;
  const actual = head.capacity ?? null;
  const { common, notCompared } = checkBase(rule, baseline, actual);
  const [hs, bs] = [head.capacity_search, base.capacity_search];
  if (hs === undefined || bs === undefined)
    return notCompared(
      `not compared: ${hs === undefined ? "this run" : "the baseline"} ran no capacity search`,
    );
  if (head.incomplete || bs.stopped_by === "interrupted" || hs.stopped_by === "interrupted")
    return notCompared(
      `not compared: ${head.incomplete ? "this run's" : "the baseline's"} search was interrupted`,
    );
  const differs = searchDifference(hs, bs);
  if (differs !== undefined) return notCompared(`not compared: ${differs}`);
  if (baseline === null)
    return notCompared("not compared: the baseline's search met no objective at its first rate");
  const h = bracketOf(hs, actual);
  const b = bracketOf(bs, baseline);
  const lineBelow = (x: number) =>
    Math.min(
      rule.maxRelative === undefined ? Number.POSITIVE_INFINITY : x * (1 - rule.maxRelative),
      rule.maxAbsolute === undefined ? Number.POSITIVE_INFINITY : x - rule.maxAbsolute,
    );
  const line = lineBelow(baseline);
  const interval = {
    low: h.low - (b.high ?? b.low),
    // A head search that broke nothing ran up to `to`: its capacity is at least that, no more is known.
    high: (h.high ?? hs.to_rate) - b.low,
    confidence: 1,
  };
  const brackets = `this run [${rate(h.low)}, ${h.high === null ? "?" : rate(h.high)}), baseline [${rate(b.low)}, ${b.high === null ? "?" : rate(b.high)})`;
  const floorMet = rule.floor !== undefined && baseline - h.low < rule.floor;
  if (h.high !== null && h.high < line && !floorMet) {
    return {
      ...common,
      interval,
      status: "regression",
      note: `regression: ${brackets}, both below ${rate(line)}`,
    };
  }
  // The base's truth may lie anywhere below its first failing rate: measure the drop from there.
  // A base that reached `to` is judged at `to` (the budget's own ceiling); a base stopped by the
  // generator has no ceiling at all: its truth may be far above its floor, so no pass is sure.
  const baseFloor = bs.stopped_by === "generator";
  const sureLine = b.high === null ? line : lineBelow(b.high);
  if (floorMet || (!baseFloor && h.low >= sureLine)) return { ...common, interval, status: "pass" };
  if (baseFloor) {
    return {
      ...common,
      interval,
      status: "inconclusive",
      note: `inconclusive: the baseline's search stopped at this machine's limit (${rate(b.low)} is a floor, its capacity may be higher): ${brackets}`,
    };
  }
  return {
    ...common,
    interval,
    status: "inconclusive",
    note: `inconclusive: the search brackets (${brackets}) overlap the tolerance line ${rate(line)}; smaller steps between rates (a narrower rate range) would decide it`,
  };
}

/**
 * Why a rule other than `capacity` cannot compare two capacity searches' reports, or undefined:
 * each report holds the step at its own capacity, and steps at different rates measure
 * different loads.
 */
export function searchRateDifference(head: MeasuredScenario, base: MeasuredScenario): string | undefined {
  const [h, b] = [head.load.rate, base.load.rate];
  if (h === b) return undefined;
  return `not compared: each capacity search reports the step at its capacity, and those ran at different rates (baseline ${b === undefined ? "none" : rate(b)}, this run ${h === undefined ? "none" : rate(h)})`;
}

/** A rule's check that was not compared, with its values for display. */
export function notComparedRule(
  head: MeasuredScenario,
  base: MeasuredScenario,
  rule: RegressionRule,
  note: string,
): RegressionCheck {
  const baseline = metricValue(base, rule.metric);
  const actual = metricValue(head, rule.metric);
  const change = baseline !== null && actual !== null ? actual - baseline : null;
  return {
    metric: rule.metric,
    baseline,
    actual,
    change,
    changeRelative: change !== null && baseline ? change / baseline : null,
    interval: null,
    status: "not_compared",
    note,
    source: rule.source,
    line: rule.line,
  };
}
