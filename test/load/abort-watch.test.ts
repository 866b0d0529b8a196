import { beforeAll, describe, expect, test } from "vitest";
import type { Threshold } from "../../src/budget/types.js";
import { findBreach, MIN_REQUESTS } from "../../src/load/abort-watch.js";
import { initHistograms } from "../../src/metrics/histogram.js";
import { MetricsRecorder } from "../../src/metrics/recorder.js";

beforeAll(() => initHistograms());

const rule = (metric: string, limit: number, op: Threshold["op"] = "<="): Threshold => ({
  metric,
  op,
  limit,
  source: String(limit),
  line: 1,
  abort: true,
});

/** A recorder holding `ok` requests of `latencyMs` each (plus `slow` of `slowMs`) and `failed` failures. */
function recorded(ok: number, failed: number, latencyMs = 5, slow = 0, slowMs = 0): MetricsRecorder {
  const r = new MetricsRecorder(60_000);
  for (let i = 0; i < ok; i++) r.recordOk(200, latencyMs * 1000, latencyMs * 1000, 0, 0);
  for (let i = 0; i < slow; i++) r.recordOk(200, slowMs * 1000, slowMs * 1000, 0, 0);
  for (let i = 0; i < failed; i++) r.recordFailure(1, 500, 1000, 0);
  return r;
}

describe("findBreach: aborts only beyond doubt", () => {
  test.each([
    ["every request failed, but fewer than MIN_REQUESTS: not yet", 0, MIN_REQUESTS - 1, 0.05, false],
    ["every request failed, MIN_REQUESTS of them: abort", 0, MIN_REQUESTS, 0.05, true],
    ["6 % failed of 1,000 with a 5 % limit: too close to call", 940, 60, 0.05, false],
    ["20 % failed of 100 with a 5 % limit: abort", 80, 20, 0.05, true],
    ["0 failed: never", 1000, 0, 0.01, false],
  ])("error_rate: %s", (_, ok, failed, limit, hit) => {
    const r = recorded(ok, failed);
    const breach = findBreach([rule("error_rate", limit)], { recorder: r, stream: null }, 1234);
    expect(breach !== null).toBe(hit);
    if (breach) expect(breach).toMatchObject({ actual: failed / (ok + failed), atMs: 1234 });
    r.destroy();
  });

  test.each([
    ["every request 30 ms, p95 ≤ 10 ms: abort, at the measured p95", 100, 0, 0, 10, true],
    ["94 % at 5 ms and 6 % at 50 ms of 200, p95 ≤ 10 ms: too close to call", 188, 12, 50, 10, false],
    ["50 % at 5 ms and 50 % at 50 ms of 200, p95 ≤ 10 ms: abort", 100, 100, 50, 10, true],
    ["every request 5 ms, p95 ≤ 10 ms: never", 1000, 0, 0, 10, false],
  ])("latency.p95: %s", (_, fast, slow, slowMs, limit, hit) => {
    const r = slow === 0 && fast === 100 ? recorded(100, 0, 30) : recorded(fast, 0, 5, slow, slowMs);
    const breach = findBreach([rule("latency.p95", limit)], { recorder: r, stream: null }, 0);
    expect(breach !== null).toBe(hit);
    if (breach) expect(breach.actual).toBeGreaterThan(limit);
    r.destroy();
  });

  test("max: a single value above the limit is certain", () => {
    const r = recorded(1, 0, 300);
    expect(findBreach([rule("latency.max", 200)], { recorder: r, stream: null }, 0)?.actual).toBeCloseTo(
      300,
      0,
    );
    r.destroy();
  });

  test("a strict limit (<) aborts once the lower bound passes it, not before", () => {
    // 20 of 20 failed: the one-sided 99.9 % Wilson lower bound is 0.677.
    const r = recorded(0, MIN_REQUESTS);
    expect(findBreach([rule("error_rate", 0.6, "<")], { recorder: r, stream: null }, 0)?.actual).toBe(1);
    expect(findBreach([rule("error_rate", 0.7, "<")], { recorder: r, stream: null }, 0)).toBeNull();
    r.destroy();
  });
});
