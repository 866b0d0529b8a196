import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_KIND_INDEX } from "../../src/metrics/error-kinds.js";
import { HIGHEST_TRACKABLE_US, initHistograms } from "../../src/metrics/histogram.js";
import { MAX_ERROR_SAMPLES, MetricsRecorder, toUs } from "../../src/metrics/recorder.js";

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
  it("counts by status, kind and second; drain completions fold into the last second", () => {
    const r = new MetricsRecorder(2500);
    r.startTimeline(10_000);
    r.recordOk(200, 1500, 1000, 500, 10_100);
    r.recordOk(200, 2500, 2000, 500, 11_999);
    r.recordFailure(ERROR_KIND_INDEX.http_5xx, 503, 800, 12_000);
    r.recordFailure(ERROR_KIND_INDEX.timeout, 0, 5_000_000, 13_700); // in the drain
    expect(r.ok).toBe(2);
    expect(r.failed).toBe(2);
    expect(r.status()).toEqual({ "200": 2, "503": 1 });
    expect(r.errors()).toEqual({ http_5xx: 1, timeout: 1 });
    expect(r.timeline(2500)).toEqual([
      { t: 0, ok: 1, errors: 0 },
      { t: 1, ok: 1, errors: 0 },
      { t: 2, ok: 0, errors: 2 },
    ]);
    // Stopped after 1.2 s: later seconds fold into the last one that ran.
    expect(r.timeline(1200)).toEqual([
      { t: 0, ok: 1, errors: 0 },
      { t: 1, ok: 1, errors: 2 },
    ]);
    expect(r.latency.totalCount).toBe(2);
    expect(r.latency.maxValue).toBeGreaterThanOrEqual(2500);
    expect(r.latencyFailed.totalCount).toBe(2);
    expect(r.queueTime.totalCount).toBe(2);
    r.destroy();
  });

  it("keeps good requests and output tokens per second only when asked, folding the drain alike", () => {
    const r = new MetricsRecorder(2000, { goodput: true, outputTokens: true });
    r.startTimeline(0);
    r.recordOk(200, 1000, 1000, 0, 100);
    r.recordGood(100);
    r.recordOutputTokens(12.5, 100);
    r.recordOk(200, 1000, 1000, 0, 2500); // in the drain
    r.recordOutputTokens(3, 2500);
    expect(r.goodRequests).toBe(1);
    expect(r.timeline(2000)).toEqual([
      { t: 0, ok: 1, errors: 0, good: 1, outputTokens: 12.5 },
      { t: 1, ok: 1, errors: 0, good: 0, outputTokens: 3 },
    ]);
    const plain = new MetricsRecorder(1000);
    plain.recordOutputTokens(5, 0);
    expect(plain.timeline(1000)).toEqual([{ t: 0, ok: 0, errors: 0 }]);
    r.destroy();
    plain.destroy();
  });

  it(`keeps the first ${MAX_ERROR_SAMPLES} error samples`, () => {
    const r = new MetricsRecorder(1000);
    for (let i = 0; i < 8; i++) r.sampleError("stream_error", `bad ${i}`);
    expect(r.errorSamples.map((e) => e.message)).toEqual(["bad 0", "bad 1", "bad 2", "bad 3", "bad 4"]);
    expect(r.errorSamples.every((e) => e.kind === "stream_error")).toBe(true);
    r.destroy();
  });
});
