import type { LoadSpec, Scenario, Threshold, ThresholdOp } from "../../src/budget/types.js";
import { createHistogram, type Histogram, initHistograms } from "../../src/metrics/histogram.js";
import type { ScenarioResult, TimelinePoint } from "../../src/metrics/types.js";

/**
 * Test builders for report/gate/render tests: engine results whose histograms hold KNOWN values
 * (given in ms, recorded as integer µs like the engine does), and budget scenarios.
 */

/** `from`, `from + step`, … up to `to` inclusive. */
export function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

function histogramOf(valuesMs: readonly number[]): Histogram {
  const h = createHistogram();
  for (const ms of valuesMs) h.recordValue(Math.round(ms * 1000));
  return h;
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
}

/** An engine result; counts default to the number of recorded ok / failed latencies. */
export async function makeResult(spec: ResultSpec = {}): Promise<ScenarioResult> {
  await initHistograms();
  const latencyMs = spec.latencyMs ?? [];
  const failedMs = spec.failedMs ?? [];
  const ok = spec.requests?.ok ?? latencyMs.length;
  const failed = spec.requests?.failed ?? failedMs.length;
  return {
    name: "chat",
    model: spec.model ?? "closed",
    startedAtMs: Date.UTC(2025, 0, 1),
    measuredDurationMs: spec.measuredDurationMs ?? 10_000,
    incomplete: spec.incomplete ?? false,
    warmupRequests: 7,
    requests: { total: ok + failed, ok, failed, dropped: 0, ...spec.requests },
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
    errorSamples: [],
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

/** A scenario; closed model with 4 connections unless `load` says otherwise. */
export function makeScenario(thresholds: readonly Threshold[] = [], load: Partial<LoadSpec> = {}): Scenario {
  return {
    name: "chat",
    line: 5,
    request: { method: "POST", path: "/v1/chat", headers: {}, timeoutMs: 30_000, expectStatus: [] },
    load: { connections: 4, arrival: "constant", seed: 1, durationMs: 10_000, warmupMs: 2_000, ...load },
    thresholds,
    regression: [],
  };
}

/** Asserts `actual` is within HDR's 3-significant-digit precision (0.1%) of `expected`. */
export function withinHdr(actual: number | null, expected: number): boolean {
  return actual !== null && Math.abs(actual - expected) <= expected * 0.001 + 0.001;
}
