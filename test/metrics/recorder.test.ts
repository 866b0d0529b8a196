import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_KIND_INDEX } from "../../src/metrics/error-kinds.js";
import { HIGHEST_TRACKABLE_US, initHistograms } from "../../src/metrics/histogram.js";
import {
  MAX_ERROR_SAMPLES,
  MAX_SAMPLES_PER_KIND,
  MetricsRecorder,
  toUs,
} from "../../src/metrics/recorder.js";
import { SAMPLE_RAW_CHARS } from "../../src/metrics/types.js";

beforeAll(() => initHistograms());

describe("toUs", () => {
  it.each([
    [1.0004, 1000],
    [1.0005, 1001],
    [20.25, 20250],
    [-0.001, 0],
    [1e12, HIGHEST_TRACKABLE_US],
  ])("%f ms → %i µs", (ms, us) => {
    expect(toUs(ms)).toBe(us);
  });
});

describe("MetricsRecorder", () => {
  it("counts by status, kind and second; completions after the window are in the totals only", () => {
    const r = new MetricsRecorder(2500);
    r.startTimeline(10_000);
    r.recordOk(200, 1500, 1000, 500, 10_100);
    r.recordOk(200, 2500, 2000, 500, 11_999);
    r.recordFailure(ERROR_KIND_INDEX.http_5xx, 503, 800, 12_000);
    r.recordFailure(ERROR_KIND_INDEX.timeout, 0, 5_000_000, 12_100); // not a response
    r.recordOk(200, 900, 900, 0, 12_500); // the window ends at 12,500: the drain
    r.recordFailure(ERROR_KIND_INDEX.http_5xx, 503, 800, 13_700); // in the drain
    expect(r.ok).toBe(3);
    expect(r.failed).toBe(3);
    expect(r.status()).toEqual({ "200": 3, "503": 2 });
    expect(r.errors()).toEqual({ http_5xx: 2, timeout: 1 });
    // Drain completions used to fold into the last second; the timeline covers the window only.
    expect(r.timeline(2500)).toEqual([
      { t: 0, ok: 1, errors: 0 },
      { t: 1, ok: 1, errors: 0 },
      // One of the two failures was a response (a 5xx), the other a timeout: rps counts 1 here.
      { t: 2, ok: 0, errors: 2, responses: 1 },
    ]);
    expect(r.window()).toEqual({ responses: 3, ok: 2, outputTokens: 0, good: 0 });
    expect(r.latency.totalCount).toBe(3);
    expect(r.latency.maxValue).toBeGreaterThanOrEqual(2500);
    expect(r.latencyFailed.totalCount).toBe(3);
    expect(r.queueTime.totalCount).toBe(3);
    r.destroy();
  });

  it("ends the window at a stop: later completions count in totals, not in the window or the timeline", () => {
    const r = new MetricsRecorder(10_000);
    r.startTimeline(0);
    r.recordOk(200, 1000, 1000, 0, 900);
    r.recordOk(200, 1000, 1000, 0, 1100);
    r.endWindow(1200);
    r.endWindow(5000); // never lengthens it
    r.recordOk(200, 1000, 1000, 0, 1300);
    expect(r.ok).toBe(3);
    expect(r.window().ok).toBe(2);
    expect(r.timeline(1200)).toEqual([
      { t: 0, ok: 1, errors: 0 },
      { t: 1, ok: 1, errors: 0 },
    ]);
    r.destroy();
  });

  it("keeps good requests and output tokens per second only when asked, and in the window only", () => {
    const r = new MetricsRecorder(2000, { goodput: true, outputTokens: true });
    r.startTimeline(0);
    r.recordOk(200, 1000, 1000, 0, 100);
    r.recordGood(100);
    r.recordOutputTokens(12.5, 100);
    r.recordOk(200, 1000, 1000, 0, 1500);
    r.recordOutputTokens(3, 1500);
    r.recordOk(200, 1000, 1000, 0, 2500); // in the drain
    r.recordGood(2500);
    r.recordOutputTokens(7, 2500);
    expect(r.goodRequests).toBe(2);
    expect(r.timeline(2000)).toEqual([
      { t: 0, ok: 1, errors: 0, good: 1, outputTokens: 12.5 },
      { t: 1, ok: 1, errors: 0, good: 0, outputTokens: 3 },
    ]);
    expect(r.window()).toEqual({ responses: 2, ok: 2, outputTokens: 15.5, good: 1 });
    const plain = new MetricsRecorder(1000);
    plain.recordOutputTokens(5, 0);
    expect(plain.timeline(1000)).toEqual([{ t: 0, ok: 0, errors: 0 }]);
    r.destroy();
    plain.destroy();
  });

  it("grows the timeline with the seconds reached, not the planned duration (600 h planned)", () => {
    const r = new MetricsRecorder(600 * 3_600_000);
    r.startTimeline(0);
    r.recordOk(200, 1000, 1000, 0, 7_200_500); // second 7200, past the first allocation
    r.endWindow(7_201_000);
    const timeline = r.timeline(7_201_000);
    expect(timeline).toHaveLength(7201);
    expect(timeline[7200]).toEqual({ t: 7200, ok: 1, errors: 0 });
    r.destroy();
  });

  it("counts many queue expiries in one call", () => {
    const r = new MetricsRecorder(1000);
    r.startTimeline(0);
    r.recordFailures(ERROR_KIND_INDEX.timeout, 1000, 300_000, 500);
    expect([r.failed, r.latencyFailed.totalCount, r.window().responses]).toEqual([1000, 1000, 0]);
    expect(r.errors()).toEqual({ timeout: 1000 });
    expect(r.timeline(1000)).toEqual([{ t: 0, ok: 0, errors: 1000, responses: 0 }]);
    r.destroy();
  });

  it(`keeps at most ${MAX_SAMPLES_PER_KIND} samples a kind and ${MAX_ERROR_SAMPLES} in all, raw up to SAMPLE_RAW_CHARS`, () => {
    const r = new MetricsRecorder(1000);
    for (let i = 0; i < 5; i++) r.sampleError(ERROR_KIND_INDEX.stream_error, `bad ${i}`);
    expect(r.errorSamples.map((e) => e.message)).toEqual(["bad 0", "bad 1"]);
    expect(r.wantsSample(ERROR_KIND_INDEX.stream_error)).toBe(false);
    const long = `${"x".repeat(SAMPLE_RAW_CHARS - 3)}sk-SECRET`;
    r.sampleError(ERROR_KIND_INDEX.http_5xx, long, undefined, 503);
    r.sampleError(ERROR_KIND_INDEX.connect, "connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED");
    expect(r.errorSamples[2]).toEqual({
      kind: "http_5xx",
      message: `${long.slice(0, SAMPLE_RAW_CHARS)}…`,
      status: 503,
    });
    expect(r.errorSamples[3]).toEqual({
      kind: "connect",
      message: "connect ECONNREFUSED 127.0.0.1:1",
      code: "ECONNREFUSED",
    });
    for (const kind of ["http_4xx", "timeout", "reset", "other", "body"] as const) {
      r.sampleError(ERROR_KIND_INDEX[kind], kind);
      r.sampleError(ERROR_KIND_INDEX[kind], kind);
    }
    expect(r.errorSamples).toHaveLength(MAX_ERROR_SAMPLES);
    r.destroy();
  });
});
