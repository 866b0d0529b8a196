import { beforeAll, describe, expect, it } from "vitest";
import { createHistogram, type Histogram, initHistograms } from "../../src/metrics/histogram.js";
import { mergeScenarioResults, mergeTimelines } from "../../src/metrics/merge-results.js";
import type { ErrorSample, ScenarioResult, StreamResult, TimelinePoint } from "../../src/metrics/types.js";
import { destroyResult } from "../load/plan.js";

beforeAll(async () => {
  await initHistograms();
});

function histogram(values: readonly number[]): Histogram {
  const h = createHistogram();
  for (const v of values) h.recordValue(v);
  return h;
}

function stream(values: readonly number[], tokens: number): StreamResult {
  return {
    format: "openai",
    ttft: histogram(values),
    itl: histogram(values),
    tpot: histogram(values),
    outputTokens: histogram(values.map(() => 5000)),
    promptTokens: histogram([]),
    requestOutputTps: histogram(values),
    outputTokensTotal: tokens,
    requestsWithUsage: values.length,
    requestsEstimated: 0,
    streamsWithoutDone: 1,
    ttfat: histogram(values),
    reasoningTokens: histogram(values.map(() => 2000)),
    answerTokens: histogram(values.map(() => 3000)),
    requestsWithReasoning: values.length,
    reasoningEstimated: 1,
    requestsWithoutUsage: 0,
    cacheRequests: values.length,
    cachePromptTokens: 10 * values.length,
    cachedPromptTokens: 4 * values.length,
  };
}

interface Part {
  readonly latencyUs: readonly number[];
  readonly durationMs: number;
  readonly timeline: readonly TimelinePoint[];
  readonly due?: number;
  readonly good?: number;
  readonly stream?: boolean;
  readonly samples?: readonly ErrorSample[];
  readonly lagged?: boolean;
  readonly meanMs?: number;
}

function result(p: Part, i: number): ScenarioResult {
  const n = p.latencyUs.length;
  return {
    name: "chat",
    model: p.due === undefined ? "closed" : "open",
    startedAtMs: 1000 + i * 10_000,
    measuredDurationMs: p.durationMs,
    incomplete: i === 1,
    warmupRequests: 3,
    requests: {
      total: n + 1,
      ok: n,
      failed: 1,
      dropped: 2,
      droppedQueueFull: 1,
      droppedAtEnd: 1,
      ...(p.due === undefined ? {} : { due: p.due }),
    },
    window: {
      responses: n,
      ok: n - 1,
      outputTokens: 10,
      good: p.good ?? 0,
      bytesReceived: 100,
      bytesSent: 50,
    },
    errors: i === 0 ? { http_5xx: 1 } : { timeout: 1 },
    status: { "200": n, ...(i === 0 ? { "503": 1 } : {}) },
    bytesReceived: 120,
    bytesSent: 60,
    latency: histogram(p.latencyUs),
    latencyUncorrected: histogram(p.latencyUs),
    queueTime: histogram([1, 2]),
    latencyFailed: histogram([500_000]),
    timeline: p.timeline,
    generator: {
      eventLoopDelayMeanMs: p.meanMs ?? 1,
      eventLoopDelayP99Ms: 2 + i,
      eventLoopDelayMaxMs: 10 - i,
      lagged: p.lagged ?? false,
    },
    ...(p.stream ? { stream: stream(p.latencyUs, 10 * n) } : {}),
    ...(p.good === undefined ? {} : { goodRequests: p.good }),
    errorSamples: p.samples ?? [],
  };
}

const point = (t: number, ok: number, errors = 0, more: Partial<TimelinePoint> = {}): TimelinePoint => ({
  t,
  ok,
  errors,
  ...more,
});

describe("mergeScenarioResults", () => {
  it("adds histograms exactly: the merged percentiles are those of one histogram fed every value", () => {
    // Two rounds with disjoint latency ranges: an average of their percentiles would be wrong.
    const a = Array.from({ length: 900 }, (_, i) => 20_000 + i * 10);
    const b = Array.from({ length: 100 }, (_, i) => 40_000 + i * 100);
    const merged = mergeScenarioResults([
      result({ latencyUs: a, durationMs: 1000, timeline: [point(0, 900)] }, 0),
      result({ latencyUs: b, durationMs: 1000, timeline: [point(0, 100)] }, 2),
    ]);
    const truth = histogram([...a, ...b]);
    try {
      expect(merged.latency.totalCount).toBe(1000);
      for (const q of [50, 90, 95, 99, 99.9])
        expect(merged.latency.getValueAtPercentile(q)).toBe(truth.getValueAtPercentile(q));
      expect(merged.latency.maxValue).toBe(truth.maxValue);
      expect(merged.latencyFailed.totalCount).toBe(2);
      expect(merged.queueTime.totalCount).toBe(4);
    } finally {
      truth.destroy();
      destroyResult(merged);
    }
  });

  it("sums every counter exactly, including due, window, errors, statuses, bytes and goodput", () => {
    const parts = [
      result({ latencyUs: [1, 2, 3], durationMs: 1500, timeline: [point(0, 3)], due: 6, good: 2 }, 0),
      result({ latencyUs: [4, 5], durationMs: 1500, timeline: [point(0, 2)], due: 5, good: 1 }, 1),
    ];
    const merged = mergeScenarioResults(parts);
    try {
      expect(merged.requests).toEqual({
        total: 7,
        ok: 5,
        failed: 2,
        dropped: 4,
        droppedQueueFull: 2,
        droppedAtEnd: 2,
        due: 11,
      });
      expect(merged.window).toEqual({
        responses: 5,
        ok: 3,
        outputTokens: 20,
        good: 3,
        bytesReceived: 200,
        bytesSent: 100,
      });
      expect(merged.errors).toEqual({ http_5xx: 1, timeout: 1 });
      expect(merged.status).toEqual({ "200": 5, "503": 1 });
      expect([merged.bytesReceived, merged.bytesSent, merged.warmupRequests]).toEqual([240, 120, 6]);
      expect(merged.goodRequests).toBe(3);
      expect(merged.measuredDurationMs).toBe(3000);
      expect(merged.startedAtMs).toBe(1000);
      expect(merged.incomplete).toBe(true); // the second part was
      expect(merged.model).toBe("open");
    } finally {
      destroyResult(merged);
    }
  });

  it("leaves due and goodRequests absent when no part had them (closed model, no slo)", () => {
    const merged = mergeScenarioResults([result({ latencyUs: [1], durationMs: 1000, timeline: [] }, 0)]);
    try {
      expect(merged.requests.due).toBeUndefined();
      expect("goodRequests" in merged).toBe(false);
      expect(merged.stream).toBeUndefined();
    } finally {
      destroyResult(merged);
    }
  });

  it("merges stream results: histograms added, totals summed, the first part's format", () => {
    const merged = mergeScenarioResults([
      result({ latencyUs: [1000, 2000], durationMs: 1000, timeline: [], stream: true }, 0),
      result({ latencyUs: [3000], durationMs: 1000, timeline: [], stream: true }, 2),
    ]);
    try {
      const s = merged.stream;
      expect(s?.format).toBe("openai");
      expect(s?.ttft.totalCount).toBe(3);
      expect(s?.itl.maxValue).toBe(3000);
      expect(s?.outputTokens.totalCount).toBe(3);
      expect([s?.outputTokensTotal, s?.requestsWithUsage, s?.streamsWithoutDone]).toEqual([30, 3, 2]);
    } finally {
      destroyResult(merged);
    }
  });

  it("takes generator health as a duration-weighted mean, the largest p99 and max, and lagged if any", () => {
    const merged = mergeScenarioResults([
      result({ latencyUs: [1], durationMs: 3000, timeline: [], meanMs: 1 }, 0),
      result({ latencyUs: [1], durationMs: 1000, timeline: [], meanMs: 5, lagged: true }, 2),
    ]);
    try {
      expect(merged.generator).toEqual({
        eventLoopDelayMeanMs: 2,
        eventLoopDelayP99Ms: 4,
        eventLoopDelayMaxMs: 10,
        lagged: true,
      });
    } finally {
      destroyResult(merged);
    }
  });

  it("keeps at most 2 error samples of a kind and 8 in all, in order", () => {
    const sample = (kind: ErrorSample["kind"], n: number): ErrorSample => ({ kind, message: `${kind} ${n}` });
    const kinds: ErrorSample["kind"][] = ["timeout", "reset", "connect", "http_5xx", "body"];
    const first = kinds.flatMap((k) => [sample(k, 1)]);
    const second = kinds.flatMap((k) => [sample(k, 2), sample(k, 3)]);
    const merged = mergeScenarioResults([
      result({ latencyUs: [1], durationMs: 1000, timeline: [], samples: first }, 0),
      result({ latencyUs: [1], durationMs: 1000, timeline: [], samples: second }, 2),
    ]);
    try {
      expect(merged.errorSamples.map((s) => s.message)).toEqual([
        "timeout 1",
        "reset 1",
        "connect 1",
        "http_5xx 1",
        "body 1",
        "timeout 2",
        "reset 2",
        "connect 2",
      ]);
    } finally {
      destroyResult(merged);
    }
  });
});

describe("mergeTimelines", () => {
  it("lays the parts end to end on the merged measured time, summing points of the same second", () => {
    const parts = [
      // 1.5 s: its second point covers 1.0–1.5 s
      result({ latencyUs: [], durationMs: 1500, timeline: [point(0, 10), point(1, 5, 1)] }, 0),
      // starts at 1.5 s: its t=0 lands in second 1, its t=1 (2.5 s) in second 2
      result(
        { latencyUs: [], durationMs: 1500, timeline: [point(0, 7, 2, { responses: 8 }), point(1, 4)] },
        2,
      ),
    ];
    try {
      expect(mergeTimelines(parts)).toEqual([
        { t: 0, ok: 10, errors: 0 },
        // 5 + 1 from the first part (responses = 6), 7 + 2 with 8 responses from the second
        { t: 1, ok: 12, errors: 3, responses: 14 },
        { t: 2, ok: 4, errors: 0 },
      ]);
    } finally {
      for (const p of parts) destroyResult(p);
    }
  });

  it("keeps output tokens and good counts per second when the parts had them", () => {
    const parts = [
      result(
        { latencyUs: [], durationMs: 1000, timeline: [point(0, 1, 0, { outputTokens: 30, good: 1 })] },
        0,
      ),
      result(
        { latencyUs: [], durationMs: 1000, timeline: [point(0, 2, 0, { outputTokens: 50, good: 2 })] },
        2,
      ),
    ];
    try {
      expect(mergeTimelines(parts)).toEqual([
        { t: 0, ok: 1, errors: 0, outputTokens: 30, good: 1 },
        { t: 1, ok: 2, errors: 0, outputTokens: 50, good: 2 },
      ]);
    } finally {
      for (const p of parts) destroyResult(p);
    }
  });
});
