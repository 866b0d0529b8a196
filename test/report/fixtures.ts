import type { LoadSpec, Scenario, Slo, StreamSpec, Threshold, ThresholdOp } from "../../src/budget/types.js";
import { judgeRun } from "../../src/judge-run.js";
import { createHistogram, type Histogram, initHistograms } from "../../src/metrics/histogram.js";
import type { ErrorSample, ScenarioResult, StreamResult, TimelinePoint } from "../../src/metrics/types.js";
import type { MeasuredReport, Report } from "../../src/report/types.js";

/**
 * Test builders for report/gate/render tests: engine results whose histograms hold KNOWN values
 * (given in the report unit: ms, tokens or tokens/s; recorded as integer thousandths of it like
 * the engine does), and budget scenarios.
 */

/** `from`, `from + step`, … up to `to` inclusive. */
export function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** A histogram of `values` in report units, recorded as integer thousandths (µs for ms). */
function histogramOf(values: readonly number[]): Histogram {
  const h = createHistogram();
  for (const v of values) h.recordValue(Math.round(v * 1000));
  return h;
}

/**
 * The streamed part of a result, in report units. Counters default to what the lists imply:
 * `outputTokensTotal` = the sum of `outputTokens`, every ok request counted with usage.
 */
export interface StreamPartSpec {
  readonly format?: StreamResult["format"];
  readonly ttfbMs?: readonly number[];
  readonly ttftMs?: readonly number[];
  readonly itlMs?: readonly number[];
  readonly tpotMs?: readonly number[];
  readonly outputTokens?: readonly number[];
  readonly promptTokens?: readonly number[];
  readonly requestOutputTps?: readonly number[];
  readonly outputTokensTotal?: number;
  readonly requestsWithUsage?: number;
  readonly requestsEstimated?: number;
  readonly streamsWithoutDone?: number;
  readonly ttfatMs?: readonly number[];
  readonly reasoningTokens?: readonly number[];
  readonly answerTokens?: readonly number[];
  readonly requestsWithReasoning?: number;
  readonly reasoningEstimated?: number;
  readonly requestsWithoutUsage?: number;
  readonly cacheRequests?: number;
  readonly cachePromptTokens?: number;
  readonly cachedPromptTokens?: number;
}

function streamPart(spec: StreamPartSpec, ok: number): StreamResult {
  const outputTokens = spec.outputTokens ?? [];
  return {
    format: spec.format ?? "openai",
    ttft: histogramOf(spec.ttftMs ?? []),
    itl: histogramOf(spec.itlMs ?? []),
    tpot: histogramOf(spec.tpotMs ?? []),
    outputTokens: histogramOf(outputTokens),
    promptTokens: histogramOf(spec.promptTokens ?? []),
    requestOutputTps: histogramOf(spec.requestOutputTps ?? []),
    outputTokensTotal: spec.outputTokensTotal ?? outputTokens.reduce((a, b) => a + b, 0),
    requestsWithUsage: spec.requestsWithUsage ?? ok,
    requestsEstimated: spec.requestsEstimated ?? 0,
    streamsWithoutDone: spec.streamsWithoutDone ?? 0,
    ttfat: histogramOf(spec.ttfatMs ?? []),
    reasoningTokens: histogramOf(spec.reasoningTokens ?? []),
    answerTokens: histogramOf(spec.answerTokens ?? []),
    requestsWithReasoning: spec.requestsWithReasoning ?? 0,
    reasoningEstimated: spec.reasoningEstimated ?? 0,
    requestsWithoutUsage: spec.requestsWithoutUsage ?? 0,
    cacheRequests: spec.cacheRequests ?? 0,
    cachePromptTokens: spec.cachePromptTokens ?? 0,
    cachedPromptTokens: spec.cachedPromptTokens ?? 0,
  };
}

export interface ResultSpec {
  readonly latencyMs?: readonly number[];
  readonly uncorrectedMs?: readonly number[];
  readonly queueMs?: readonly number[];
  readonly failedMs?: readonly number[];
  readonly model?: "open" | "closed";
  readonly measuredDurationMs?: number;
  readonly incomplete?: boolean;
  readonly requests?: Partial<ScenarioResult["requests"]>;
  readonly errors?: ScenarioResult["errors"];
  readonly status?: ScenarioResult["status"];
  readonly bytesReceived?: number;
  readonly bytesSent?: number;
  readonly timeline?: readonly TimelinePoint[];
  readonly lagged?: boolean;
  /** Present: the result has a `stream` part built from these known values. */
  readonly stream?: StreamPartSpec;
  readonly goodRequests?: number;
  readonly errorSamples?: readonly ErrorSample[];
  /** What completed inside the window; default: every ok and failed request, all tokens and bytes. */
  readonly window?: Partial<ScenarioResult["window"]>;
  /** Present: the result has these phase histograms (each only when its values are given). */
  readonly phases?: {
    readonly ttfbMs?: readonly number[];
    readonly bodyMs?: readonly number[];
    readonly connectMs?: readonly number[];
    readonly tlsMs?: readonly number[];
  };
}

/** An engine result; counts default to the number of recorded ok / failed latencies. */
export async function makeResult(spec: ResultSpec = {}): Promise<ScenarioResult> {
  await initHistograms();
  const latencyMs = spec.latencyMs ?? [];
  const failedMs = spec.failedMs ?? [];
  const ok = spec.requests?.ok ?? latencyMs.length;
  const failed = spec.requests?.failed ?? failedMs.length;
  const stream = spec.stream ? streamPart(spec.stream, ok) : undefined;
  return {
    name: "chat",
    model: spec.model ?? "closed",
    startedAtMs: Date.UTC(2025, 0, 1),
    measuredDurationMs: spec.measuredDurationMs ?? 10_000,
    incomplete: spec.incomplete ?? false,
    warmupRequests: 7,
    requests: {
      total: ok + failed,
      ok,
      failed,
      dropped: 0,
      droppedQueueFull: spec.requests?.dropped ?? 0,
      droppedAtEnd: 0,
      ...spec.requests,
    },
    window: {
      responses: ok + failed,
      ok,
      outputTokens: stream?.outputTokensTotal ?? 0,
      good: spec.goodRequests ?? 0,
      bytesReceived: spec.bytesReceived ?? 0,
      bytesSent: spec.bytesSent ?? 0,
      ...spec.window,
    },
    errors: spec.errors ?? {},
    status: spec.status ?? {},
    bytesReceived: spec.bytesReceived ?? 0,
    bytesSent: spec.bytesSent ?? 0,
    latency: histogramOf(latencyMs),
    latencyUncorrected: histogramOf(spec.uncorrectedMs ?? latencyMs),
    queueTime: histogramOf(spec.queueMs ?? []),
    latencyFailed: histogramOf(failedMs),
    timeline: spec.timeline ?? [],
    generator: {
      eventLoopDelayMeanMs: spec.lagged ? 40 : 0.5,
      eventLoopDelayP99Ms: spec.lagged ? 95.5 : 1.2,
      eventLoopDelayMaxMs: spec.lagged ? 180 : 3,
      lagged: spec.lagged ?? false,
    },
    errorSamples: spec.errorSamples ?? [],
    ...(stream ? { stream } : {}),
    ...(spec.goodRequests !== undefined ? { goodRequests: spec.goodRequests } : {}),
    ...phasesOf(spec.phases, spec.stream?.ttfbMs),
  };
}

/**
 * The result's phase histograms; `streamTtfbMs` (a stream part's `ttfbMs`) is the ttfb when the
 * phases give none: a streamed request's ttfb is recorded once, as the phase.
 */
function phasesOf(
  phases: ResultSpec["phases"],
  streamTtfbMs: readonly number[] | undefined,
): Pick<ScenarioResult, "ttfb" | "body" | "connect" | "tls"> {
  if (phases === undefined) return streamTtfbMs === undefined ? {} : { ttfb: histogramOf(streamTtfbMs) };
  const { bodyMs, connectMs, tlsMs } = phases;
  const ttfbMs = phases.ttfbMs ?? streamTtfbMs;
  return {
    ...(ttfbMs ? { ttfb: histogramOf(ttfbMs) } : {}),
    ...(bodyMs ? { body: histogramOf(bodyMs) } : {}),
    ...(connectMs ? { connect: histogramOf(connectMs) } : {}),
    ...(tlsMs ? { tls: histogramOf(tlsMs) } : {}),
  };
}

/** A threshold as the budget parser produces it. */
export function threshold(
  metric: string,
  op: ThresholdOp,
  limit: number,
  source = String(limit),
  line = 12,
): Threshold {
  return { metric, op, limit, source, line };
}

/** What a scenario streams and its per-request objectives, for `makeScenario`. */
export interface ScenarioExtras {
  readonly stream?: StreamSpec;
  readonly slo?: Slo;
}

/**
 * A scenario; closed model with 4 connections unless `load` says otherwise, streamed and with an
 * `slo` only when `extras` says so.
 */
export function makeScenario(
  thresholds: readonly Threshold[] = [],
  load: Partial<LoadSpec> = {},
  extras: ScenarioExtras = {},
): Scenario {
  const request = { method: "POST", path: "/v1/chat", headers: {}, timeoutMs: 30_000, expectStatus: [] };
  return {
    name: "chat",
    line: 5,
    request: extras.stream ? { ...request, stream: extras.stream } : request,
    load: {
      connections: 4,
      arrival: "constant",
      seed: 1,
      durationMs: 10_000,
      warmupMs: 2_000,
      untrusted: "fail",
      ...load,
    },
    thresholds,
    regression: [],
    creep: [],
    ...(extras.slo ? { slo: extras.slo } : {}),
  };
}

/** Asserts `actual` is within HDR's 3-significant-digit precision (0.1%) of `expected`. */
export function withinHdr(actual: number | null, expected: number): boolean {
  return actual !== null && Math.abs(actual - expected) <= expected * 0.001 + 0.001;
}

/**
 * The report a run writes: `measured` judged by the gate with `thresholds` per scenario name (none
 * by default), no baseline, `fail-on: any`.
 */
export function judged(
  measured: MeasuredReport,
  thresholds: ReadonlyMap<string, readonly Threshold[]> = new Map(),
): Report {
  return judgeRun(measured, {
    thresholds,
    rules: new Map(),
    baseline: null,
    baselineSource: null,
    failOn: "any",
  }).report;
}
