/**
 * One round of a side-by-side run in the report's words (`RoundRecord`): its counts and, per
 * distribution family it recorded, the statistics the paired comparison reads. Summarized with
 * the same code as the scenario's own blocks, so a round's p95 and the scenario's p95 mean the
 * same thing, in the same unit.
 *
 * A multi-step scenario's round records its iterations only (the scenario's own counts and
 * latency): there are no per-step rounds, so a regression rule on a step or check metric is
 * compared without the paired method (compare-scenario.ts falls back to the run's sampling).
 * A load shape's round also records its part of each stage its segment touched (`stages`), so
 * a rule on a stage pairs the rounds that ran that stage (paired-interval.ts `stageRounds`): a
 * part is a few counts and one `stats` block per family, small beside the rounds themselves.
 */
import type { ScenarioResult } from "../metrics/types.js";
import { streamDistributions } from "./stream-report.js";
import { summarizeHistogram } from "./summarize-histogram.js";
import type { LatencySummary, RoundPart, RoundRecord, RoundStats, Side } from "./types.js";

/** Where a round sits in the run: its side, run-order index and pair. */
export interface RoundPosition {
  readonly side: Side;
  readonly index: number;
  readonly pair: number;
}

function statsOf(summary: LatencySummary): RoundStats {
  const { count, mean, p50, p90, p95, p99, p999 } = summary;
  return { count, mean, p50, p90, p95, p99, p999 };
}

/**
 * `latency` always; the phases the round has (ttfb, body, connect, tls); the stream families when
 * the round streamed (`prompt_tokens` when reported).
 */
function familyStats(result: ScenarioResult): Record<string, RoundStats> {
  const stats: Record<string, RoundStats> = { latency: statsOf(summarizeHistogram(result.latency)) };
  for (const key of ["ttfb", "body", "connect", "tls"] as const) {
    const h = result[key];
    if (h !== undefined) stats[key] = statsOf(summarizeHistogram(h));
  }
  if (result.stream === undefined) return stats;
  for (const [name, summary] of Object.entries(streamDistributions(result.stream)))
    if (summary !== undefined) stats[name] = statsOf(summary);
  return stats;
}

/** The counts and statistics of `result`'s requests, as a round (or a stage's part of one) records them. */
function partOf(result: ScenarioResult): RoundPart {
  return {
    duration_ms: result.measuredDurationMs,
    ok: result.requests.ok,
    failed: result.requests.failed,
    responses: result.window.responses,
    ...(result.stream ? { output_tokens: result.window.outputTokens } : {}),
    ...(result.goodRequests !== undefined ? { good: result.window.good } : {}),
    stats: familyStats(result),
  };
}

/**
 * The record of one round's result. `firstStartedAtMs` is the `startedAtMs` of the run's first
 * round, so `t_ms` is the round's measured start relative to it (both derive from the monotonic
 * clock). Reads the result's histograms, never destroys them.
 */
export function buildRoundRecord(
  position: RoundPosition,
  result: ScenarioResult,
  firstStartedAtMs: number,
): RoundRecord {
  return {
    side: position.side,
    index: position.index,
    pair: position.pair,
    t_ms: Math.max(0, result.startedAtMs - firstStartedAtMs),
    ...partOf(result),
    ...(result.stages === undefined
      ? {}
      : { stages: Object.fromEntries(result.stages.map((stage) => [stage.name, partOf(stage)])) }),
  };
}
