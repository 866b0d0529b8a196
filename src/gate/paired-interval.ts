/**
 * The interval of a side-by-side change, paired over rounds. The baseline target (A) and the
 * target (B) ran interleaved in rounds; rounds `2k` and `2k + 1` (one of each side, back to back)
 * form pair `k`. Whatever moved both sides during a pair — a slower runner, a noisy neighbour, a
 * GC pause in a shared database — is in both of its rounds and cancels in their difference, so
 * the spread of the per-pair differences is the noise of the comparison, and the runner's drift
 * is not.
 *
 * Method (justified in the README, "Side by side"): per pair, the log ratio ln(B/A) of the
 * metric's round values (or B − A when a value can be 0: error rates, an idle second); the
 * Student-t interval of their mean over the n pairs, with n − 1 degrees of freedom, centred on
 * the change of the whole runs (each side's rounds merged), and mapped back to the metric's unit.
 * A t interval and not a bootstrap: with 4–30 pairs a bootstrap's percentile interval is too
 * narrow, while t is exact for normal differences and robust for these near-normal ones.
 */
import type { MetricDef } from "../metrics/catalogue.js";
import type { RoundRecord } from "../report/types.js";
import type { Interval } from "./bootstrap.js";
import { studentTQuantile } from "./student-t.js";

/** A paired interval, with how many round pairs it rests on. */
export interface PairedInterval extends Interval {
  readonly pairs: number;
}

/**
 * The value of `metric` over one round, in the report's unit; null when the round has no data
 * for it (no ok response, no completed request, a family the scenario does not record).
 * Per-second metrics are counts inside the round's window over its length.
 */
export function roundValue(round: RoundRecord, metric: string): number | null {
  const seconds = round.duration_ms / 1000;
  switch (metric) {
    case "error_rate": {
      const completed = round.ok + round.failed;
      return completed === 0 ? null : round.failed / completed;
    }
    case "rps":
      return seconds > 0 ? round.responses / seconds : null;
    case "output_tps":
      return seconds > 0 && round.output_tokens !== undefined ? round.output_tokens / seconds : null;
    case "goodput":
      return seconds > 0 && round.good !== undefined ? round.good / seconds : null;
  }
  const [family, stat] = metric.split(".");
  const stats = family === undefined ? undefined : round.stats[family];
  if (!stats || stats.count === 0 || stat === undefined) return null;
  const value = (stats as unknown as Record<string, number>)[stat];
  return typeof value === "number" ? value : null;
}

/**
 * Least share of a round's window a stage must fill for that round to count in the stage's
 * pairing. Rounds are cut from the shape's timeline without regard to its stage boundaries, so
 * a round can end 50 ms into the next stage: a p95 of those few requests is mostly noise, and one
 * such pair would widen the stage's interval for nothing. Both rounds of a pair ran the same
 * segment, so a pair is kept or dropped on both sides at once (the schedule decides it, not the
 * measured values).
 */
export const MIN_STAGE_SHARE = 0.25;

/**
 * The rounds of a load shape's stage, each as a round of its own (`RoundPart` in place of the
 * round's totals), for pairing a `stages.<stage>.…` rule: the rounds whose segment covered at
 * least `MIN_STAGE_SHARE` of their window in that stage. Rounds without stage parts (no shape,
 * or a report written before they existed) give none.
 */
export function stageRounds(rounds: readonly RoundRecord[], stage: string): RoundRecord[] {
  return rounds.flatMap((round) => {
    const part = round.stages?.[stage];
    if (part === undefined || part.duration_ms < MIN_STAGE_SHARE * round.duration_ms) return [];
    const { stages: _all, output_tokens: _t, good: _g, ...position } = round;
    return [{ ...position, ...part }];
  });
}

/** Per pair with a value on both sides: [baseline, target], in pair order. */
export function pairedValues(rounds: readonly RoundRecord[], metric: string): [number, number][] {
  const byPair = new Map<number, { a?: number; b?: number }>();
  for (const round of rounds) {
    const value = roundValue(round, metric);
    if (value === null) continue;
    const entry = byPair.get(round.pair) ?? {};
    if (round.side === "baseline") entry.a = value;
    else entry.b = value;
    byPair.set(round.pair, entry);
  }
  return [...byPair.entries()]
    .sort(([p], [q]) => p - q)
    .flatMap(([, { a, b }]) => (a === undefined || b === undefined ? [] : [[a, b] as [number, number]]));
}

/**
 * Interval of `actual − baseline` (the merged runs' values, metric unit) from the round pairs;
 * null with fewer than 2 pairs holding the metric on both sides (one pair has no spread).
 */
export function pairedChangeInterval(
  rounds: readonly RoundRecord[],
  def: MetricDef,
  baseline: number,
  actual: number,
  confidence: number,
): PairedInterval | null {
  const pairs = pairedValues(rounds, def.name);
  const n = pairs.length;
  if (n < 2) return null;
  const t = studentTQuantile(1 - (1 - confidence) / 2, n - 1);
  // Ratios suit every metric that scales with the runner's speed; a rate that can be 0 cannot.
  const relative =
    def.unit !== "fraction" && baseline > 0 && actual > 0 && pairs.every(([a, b]) => a > 0 && b > 0);
  const differences = pairs.map(([a, b]) => (relative ? Math.log(b / a) : b - a));
  const half = (t * standardDeviation(differences)) / Math.sqrt(n);
  if (!relative) return { low: actual - baseline - half, high: actual - baseline + half, pairs: n };
  const centre = Math.log(actual / baseline);
  return {
    low: baseline * (Math.exp(centre - half) - 1),
    high: baseline * (Math.exp(centre + half) - 1),
    pairs: n,
  };
}

/** Sample standard deviation (n − 1); 0 for fewer than 2 values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}
