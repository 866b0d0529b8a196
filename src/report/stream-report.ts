/**
 * The blocks a streamed scenario adds to its report (distributions, token counts and where they
 * came from, `output_tps`), and those a scenario with `slo:` adds (the objectives, `goodput`).
 * Absent otherwise, so a scenario that does not stream reports exactly the keys it always had.
 */
import type { Scenario, Slo, SseSpec } from "../budget/types.js";
import type { StreamResult } from "../metrics/types.js";
import { perSecond } from "./per-second.js";
import { summarizeHistogram } from "./summarize-histogram.js";
import type { LatencySummary, ScenarioReport, SseReading, StreamReport } from "./types.js";

/** What `streamBlocks` adds to a scenario report: the distributions and the stream's totals. */
export type StreamBlocks = StreamDistributions &
  Pick<ScenarioReport, "stream" | "output_tps" | "prompt_cache_hit_rate">;

/**
 * Where `output_tokens` came from, from the ok requests' counters: `usage` when every one had the
 * server's count, `estimated` when none did, `mixed` otherwise, `none` when no ok request counted.
 */
export function outputTokensSource(
  requestsWithUsage: number,
  requestsEstimated: number,
): StreamReport["output_tokens_source"] {
  if (requestsWithUsage + requestsEstimated === 0) return "none";
  if (requestsEstimated === 0) return "usage";
  return requestsWithUsage === 0 ? "estimated" : "mixed";
}

/**
 * A token-count summary with its order statistics (min, percentiles, max) as whole tokens. Every
 * recorded count is an integer, but a percentile is the top of its HDR bucket, which at 3
 * significant digits of thousandths reads 45 tokens as 45.023; rounding gives back the integer the
 * bucket holds (exactly below 500 tokens, within HDR's 0.1 % above). Mean and stdev stay fractional.
 */
export function wholeTokens(summary: LatencySummary): LatencySummary {
  const { min, p50, p90, p95, p99, p999, max } = summary;
  const round = Math.round;
  return {
    ...summary,
    min: round(min),
    p50: round(p50),
    p90: round(p90),
    p95: round(p95),
    p99: round(p99),
    p999: round(p999),
    max: round(max),
  };
}

/**
 * The report blocks of a streamed scenario: `stream`, its distributions (`streamDistributions`)
 * and `output_tps`.
 * `output_tps` = output tokens of ok requests completed inside the measured window
 * (`windowOutputTokens`) per second of it; tokens of requests that end in the drain count in the
 * distributions and `output_tokens_total`, never in the rate.
 */
export function streamBlocks(
  stream: StreamResult,
  scenario: Scenario,
  measuredDurationMs: number,
  windowOutputTokens: number,
): StreamBlocks {
  return {
    stream: {
      format: stream.format,
      usage_requested: scenario.request.stream?.includeUsage === true,
      output_tokens_source: outputTokensSource(stream.requestsWithUsage, stream.requestsEstimated),
      output_tokens_total: stream.outputTokensTotal,
      requests_with_usage: stream.requestsWithUsage,
      requests_estimated: stream.requestsEstimated,
      streams_without_done: stream.streamsWithoutDone,
      ...(stream.format === "json" ? { requests_without_usage: stream.requestsWithoutUsage } : {}),
      ...(stream.requestsWithReasoning > 0
        ? { reasoning: { requests: stream.requestsWithReasoning, estimated: stream.reasoningEstimated } }
        : {}),
      ...(stream.cacheRequests > 0
        ? {
            prompt_cache: {
              requests: stream.cacheRequests,
              prompt_tokens: stream.cachePromptTokens,
              cached_tokens: stream.cachedPromptTokens,
            },
          }
        : {}),
      ...sseReadingOf(stream.format, scenario),
    },
    ...streamDistributions(stream),
    // A non-streamed body with no output count in any usage (embeddings, a server that sends
    // none) has no token rate: absent, so a threshold on it says "no data" instead of 0 tok/s.
    ...(stream.format === "json" && stream.requestsWithUsage === 0
      ? {}
      : { output_tps: perSecond(windowOutputTokens, measuredDurationMs) }),
    ...promptCacheHitRate(stream),
  };
}

/**
 * `stream.sse`: how a `stream: sse` scenario's events were read (its `request.sse`, `{}` without
 * one), so the gate can tell a baseline read another way. Nothing when the scenario at hand has
 * no stream spec (a shard merge rebuilds it without one: merge-shards.ts keeps the shards' record).
 */
function sseReadingOf(format: StreamReport["format"], scenario: Scenario): Pick<StreamReport, "sse"> {
  const spec = scenario.request.stream;
  if (format !== "sse" || spec === undefined) return {};
  return { sse: sseReading(spec.sse) };
}

/** A `request.sse` spec as the report records it: the keys set, the JSONPaths as written. */
function sseReading(spec: SseSpec | undefined): SseReading {
  if (spec === undefined) return {};
  return {
    ...(spec.events === undefined ? {} : { event: spec.events }),
    ...(spec.text === undefined ? {} : { text: spec.text.text }),
    ...(spec.usage === undefined ? {} : { usage: spec.usage.text }),
    ...(spec.promptUsage === undefined ? {} : { prompt_usage: spec.promptUsage.text }),
    ...(spec.end === undefined ? {} : { end: spec.end }),
  };
}

/**
 * `prompt_cache_hit_rate` = cached prompt tokens / prompt tokens, summed over the ok requests
 * whose server reported a cached count (a token-weighted rate, as a provider bills it); absent
 * when none reported one, or their prompts had no tokens.
 */
export function promptCacheHitRate(stream: StreamResult): Pick<ScenarioReport, "prompt_cache_hit_rate"> {
  if (stream.cacheRequests === 0 || stream.cachePromptTokens === 0) return {};
  return { prompt_cache_hit_rate: Math.min(1, stream.cachedPromptTokens / stream.cachePromptTokens) };
}

/** The distribution blocks of a streamed scenario: what `streamBlocks` and each round report. */
export type StreamDistributions = Pick<
  ScenarioReport,
  | "ttft"
  | "itl"
  | "tpot"
  | "output_tokens"
  | "prompt_tokens"
  | "request_output_tps"
  | "ttfat"
  | "reasoning_tokens"
  | "answer_tokens"
>;

/**
 * Each stream histogram summarized like `latency` (every one holds integer thousandths of its
 * unit); token counts as whole tokens; `prompt_tokens` only when the server reported any, since
 * an empty block would read as "prompts of 0 tokens".
 */
export function streamDistributions(stream: StreamResult): StreamDistributions {
  // A non-streamed body (`json`) has no chunks: no ttft, itl or tpot to report, not empty ones.
  const chunks = stream.format !== "json";
  const reasoned = stream.requestsWithReasoning > 0;
  return {
    ...(chunks
      ? {
          ttft: summarizeHistogram(stream.ttft),
          itl: summarizeHistogram(stream.itl),
          tpot: summarizeHistogram(stream.tpot),
        }
      : {}),
    output_tokens: wholeTokens(summarizeHistogram(stream.outputTokens)),
    ...(stream.promptTokens.totalCount > 0
      ? { prompt_tokens: wholeTokens(summarizeHistogram(stream.promptTokens)) }
      : {}),
    request_output_tps: summarizeHistogram(stream.requestOutputTps),
    // Reasoning blocks only when some request reasoned: ttfat is then the answer's wait.
    ...(reasoned && chunks ? { ttfat: summarizeHistogram(stream.ttfat) } : {}),
    ...(reasoned
      ? {
          reasoning_tokens: wholeTokens(summarizeHistogram(stream.reasoningTokens)),
          answer_tokens: wholeTokens(summarizeHistogram(stream.answerTokens)),
        }
      : {}),
  };
}

/**
 * The `slo` echo (ms, only the objectives set) and `goodput` = good requests completed inside the
 * measured window per second of it. `goodput` is left out when the engine counted no good requests at all
 * (`goodRequests` undefined): a made-up 0 would fail a goodput threshold for the wrong reason.
 */
export function sloBlocks(
  slo: Slo,
  goodRequests: number | undefined,
  measuredDurationMs: number,
): Pick<ScenarioReport, "slo" | "goodput"> {
  const echo = {
    ...(slo.ttfbMs !== undefined ? { ttfb_ms: slo.ttfbMs } : {}),
    ...(slo.ttftMs !== undefined ? { ttft_ms: slo.ttftMs } : {}),
    ...(slo.tpotMs !== undefined ? { tpot_ms: slo.tpotMs } : {}),
    ...(slo.latencyMs !== undefined ? { latency_ms: slo.latencyMs } : {}),
  };
  if (goodRequests === undefined) return { slo: echo };
  return { slo: echo, goodput: perSecond(goodRequests, measuredDurationMs) };
}
