/**
 * A report's scenario block turned back into the engine's result (`ScenarioResult`), so that parts
 * measured in other processes — the shards of a matrix — merge with the same code as parts
 * measured in one (`mergeScenarioResults`) and report with the same code as a run
 * (`buildScenarioReport`). Exact where the report is: histograms decode from their `hdr`, counts
 * are copied. Window counts the report only keeps as rates (ok, good, output tokens, bytes in the
 * window) come back as rate × duration, rounded where they are counts of requests.
 *
 * Read it only from a report that passed the report schema: every `hdr` was decoded and checked
 * there, so decoding it here cannot fail.
 */
import { createHistogram, decodeHistogram, type Histogram } from "../metrics/histogram.js";
import type { CheckCount, ErrorKind, ScenarioResult, StreamResult, TimelinePoint } from "../metrics/types.js";
import type { LatencySummary, MeasuredScenario, StepReport } from "./types.js";

/** A summary's histogram, decoded into a new one the caller owns. */
function histogramOf(summary: LatencySummary): Histogram {
  return decodeHistogram(summary.hdr);
}

/** A count per second of `durationMs` back to the count; `whole` rounds to a whole count. */
function countOf(rate: number | undefined, durationMs: number, whole = true): number {
  const n = ((rate ?? 0) * durationMs) / 1000;
  return whole ? Math.round(n) : n;
}

function timelineOf(block: StepReport): TimelinePoint[] {
  return block.timeline.map((p) => ({
    t: p.t,
    ok: p.ok,
    errors: p.errors,
    ...(p.responses !== undefined ? { responses: p.responses } : {}),
    ...(p.output_tokens !== undefined ? { outputTokens: p.output_tokens } : {}),
    ...(p.good !== undefined ? { good: p.good } : {}),
    ...(p.stage !== undefined ? { stage: p.stage } : {}),
    ...(p.latency_p50 !== undefined
      ? { latencyP50Ms: p.latency_p50, latencyP95Ms: p.latency_p95, latencyP99Ms: p.latency_p99 }
      : {}),
  }));
}

function streamOf(block: StepReport): StreamResult | undefined {
  const s = block.stream;
  if (s === undefined) return undefined;
  // `prompt_tokens` is left out of a report when no server sent any: an empty histogram then.
  const of = (summary: LatencySummary | undefined): Histogram =>
    summary === undefined ? createHistogram() : histogramOf(summary);
  return {
    format: s.format,
    ttft: of(block.ttft),
    itl: of(block.itl),
    tpot: of(block.tpot),
    outputTokens: of(block.output_tokens),
    promptTokens: of(block.prompt_tokens),
    requestOutputTps: of(block.request_output_tps),
    outputTokensTotal: s.output_tokens_total,
    requestsWithUsage: s.requests_with_usage,
    requestsEstimated: s.requests_estimated,
    streamsWithoutDone: s.streams_without_done,
    // Reasoning and cache blocks are left out when nothing reasoned or reported a cache count.
    ttfat: of(block.ttfat),
    reasoningTokens: of(block.reasoning_tokens),
    answerTokens: of(block.answer_tokens),
    requestsWithReasoning: s.reasoning?.requests ?? 0,
    reasoningEstimated: s.reasoning?.estimated ?? 0,
    requestsWithoutUsage: s.requests_without_usage ?? 0,
    cacheRequests: s.prompt_cache?.requests ?? 0,
    cachePromptTokens: s.prompt_cache?.prompt_tokens ?? 0,
    cachedPromptTokens: s.prompt_cache?.cached_tokens ?? 0,
  };
}

/**
 * The phase histograms a block has. A streamed block's `ttfb` is the phase in every report: one
 * from before phase timings (no `body`) recorded the stream's, the same due time → headers of the
 * same ok requests, so a merge with newer shards counts every shard's requests.
 */
function phasesOf(block: StepReport): Pick<ScenarioResult, "ttfb" | "body" | "connect" | "tls"> {
  const out: { -readonly [K in "ttfb" | "body" | "connect" | "tls"]?: Histogram } = {};
  for (const key of ["ttfb", "body", "connect", "tls"] as const) {
    const summary = block[key];
    if (summary !== undefined) out[key] = histogramOf(summary);
  }
  return out;
}

function checksOf(scenario: MeasuredScenario): CheckCount[] | undefined {
  if (scenario.response_checks === undefined) return undefined;
  return scenario.response_checks.map((c) => ({
    name: c.name,
    ...(c.step !== undefined ? { step: c.step } : {}),
    line: c.line,
    source: c.source,
    evaluated: c.evaluated,
    failed: c.failed,
  }));
}

/** One block (a scenario, a step or a stage) as a result; `shared` holds what only the scenario records. */
function blockResult(
  block: StepReport,
  shared: Pick<ScenarioResult, "model" | "startedAtMs" | "generator" | "warmupRequests">,
  bytes: { readonly received: number; readonly sent: number; readonly inWindow: [number, number] },
): ScenarioResult {
  const d = block.duration_ms;
  const r = block.requests;
  const stream = streamOf(block);
  const timeline = timelineOf(block);
  const windowOk =
    block.ok_rps === undefined ? timeline.reduce((a, p) => a + p.ok, 0) : countOf(block.ok_rps, d);
  return {
    name: block.name,
    ...shared,
    measuredDurationMs: d,
    incomplete: block.incomplete,
    requests: {
      total: r.total,
      ok: r.ok,
      failed: r.failed,
      dropped: r.dropped,
      droppedQueueFull: r.dropped_queue_full ?? 0,
      droppedAtEnd: r.dropped_at_end ?? 0,
      ...(r.due !== undefined ? { due: r.due } : {}),
    },
    window: {
      responses: r.responses_in_window ?? countOf(block.rps, d),
      ok: windowOk,
      outputTokens: countOf(block.output_tps, d, false),
      good: countOf(block.goodput, d),
      bytesReceived: bytes.inWindow[0],
      bytesSent: bytes.inWindow[1],
    },
    errors: block.errors as Partial<Record<ErrorKind, number>>,
    status: block.status,
    bytesReceived: bytes.received,
    bytesSent: bytes.sent,
    latency: histogramOf(block.latency),
    latencyUncorrected: histogramOf(block.latency_uncorrected),
    queueTime: histogramOf(block.queue_time),
    latencyFailed: histogramOf(block.latency_failed),
    ...phasesOf(block),
    timeline,
    errorSamples: (block.error_samples ?? []).map((e) => ({ ...e, kind: e.kind as ErrorKind })),
    ...(stream ? { stream } : {}),
    ...(block.goodput !== undefined ? { goodRequests: countOf(block.goodput, d) } : {}),
  };
}

/**
 * The engine result a report's scenario block describes, with new histograms the caller owns
 * (`mergeScenarioResults` destroys them). Steps and stages come back the same way; they share
 * the scenario's generator health and start, and record no bytes (the report keeps the
 * scenario's only). `startedAtMs` is the block's `started_at_ms` (the caller checks it is there).
 */
export function resultFromReport(scenario: MeasuredScenario, startedAtMs: number): ScenarioResult {
  const g = scenario.generator;
  const shared = {
    model: scenario.load.model,
    startedAtMs,
    warmupRequests: scenario.warmup_requests,
    generator: {
      eventLoopDelayMeanMs: g.event_loop_delay_mean_ms,
      eventLoopDelayP99Ms: g.event_loop_delay_p99_ms,
      eventLoopDelayMaxMs: g.event_loop_delay_max_ms,
      lagged: g.lagged,
    },
  };
  const d = scenario.duration_ms;
  const b = scenario.bytes;
  const own = blockResult(scenario, shared, {
    received: b.received,
    sent: b.sent,
    inWindow: [countOf(b.received_per_sec, d), countOf(b.sent_per_sec, d)],
  });
  const none = { received: 0, sent: 0, inWindow: [0, 0] as [number, number] };
  const checks = checksOf(scenario);
  return {
    ...own,
    ...(scenario.steps ? { steps: scenario.steps.map((s) => blockResult(s, shared, none)) } : {}),
    ...(scenario.stages ? { stages: scenario.stages.map((s) => blockResult(s, shared, none)) } : {}),
    ...(checks ? { checks } : {}),
    ...(scenario.transport ? { transport: scenario.transport } : {}),
  };
}
