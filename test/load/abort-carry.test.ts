/**
 * The abort watch side by side judges a side's earlier rounds with the running one: the carried
 * totals plus the live recorder must read exactly as one recorder fed everything would.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Threshold } from "../../src/budget/types.js";
import { AbortCarry } from "../../src/load/abort-carry.js";
import { findBreach } from "../../src/load/abort-watch.js";
import { createHistogram, initHistograms } from "../../src/metrics/histogram.js";
import { MetricsRecorder } from "../../src/metrics/recorder.js";
import { StreamRecorder } from "../../src/metrics/stream-recorder.js";
import type { ScenarioResult } from "../../src/metrics/types.js";
import { destroyResult } from "./plan.js";

beforeAll(() => initHistograms());

const rule = (metric: string, limit: number): Threshold => ({
  metric,
  op: "<=",
  limit,
  source: String(limit),
  line: 1,
  abort: true,
});

function recorded(ok: number, failed: number, latencyMs: number): MetricsRecorder {
  const r = new MetricsRecorder(60_000);
  for (let i = 0; i < ok; i++) {
    r.recordOk(200, latencyMs * 1000, latencyMs * 1000, 0, 0);
    // Headers at 90 % of the latency: a plain request's ttfb, the rest its body.
    r.recordPhases(latencyMs * 900, latencyMs * 100, latencyMs * 1000, 0);
  }
  for (let i = 0; i < failed; i++) r.recordFailure(1, 500, 1000, 0);
  return r;
}

/** A finished round's result: only what the carry reads is real. */
function finished(ok: number, failed: number, latencyMs: number): ScenarioResult {
  const r = recorded(ok, failed, latencyMs);
  return {
    requests: { total: ok + failed, ok, failed, dropped: 0, droppedQueueFull: 0, droppedAtEnd: 0 },
    latency: r.latency,
    latencyUncorrected: r.latencyUncorrected,
    queueTime: r.queueTime,
    latencyFailed: r.latencyFailed,
    ttfb: r.ttfb,
    body: r.body,
  } as unknown as ScenarioResult;
}

describe("AbortCarry", () => {
  it("error_rate: two rounds of 15 (6 failed in all) and a running 10 (3 failed) read as 9 of 40", () => {
    const carry = new AbortCarry();
    const rounds = [finished(12, 3, 5), finished(12, 3, 5)];
    for (const r of rounds) carry.add(r);
    const live = recorded(7, 3, 5);
    try {
      const view = carry.view({ recorder: live, stream: null });
      expect([view.recorder.ok, view.recorder.failed]).toEqual([31, 9]);
      // 9 of 40 (22.5 %) under a 5 % limit is beyond doubt; the running 10 alone are not enough.
      expect(findBreach([rule("error_rate", 0.05)], view, 0)?.actual).toBeCloseTo(9 / 40, 9);
      expect(findBreach([rule("error_rate", 0.05)], { recorder: live, stream: null }, 0)).toBeNull();
    } finally {
      carry.destroy();
      live.destroy();
      for (const r of rounds) destroyResult(r);
    }
  });

  it("posted to a worker thread as plain data, it reads the same: counts, and the latency histogram bucket for bucket", () => {
    const carry = new AbortCarry();
    const rounds = [finished(12, 3, 5), finished(20, 1, 40)];
    for (const r of rounds) carry.add(r);
    const wire = structuredClone(carry.toWire());
    const copy = AbortCarry.fromWire(wire);
    const live = recorded(7, 3, 9);
    try {
      const a = carry.view({ recorder: live, stream: null });
      const [ok, failed, count, p50, p99] = [
        a.recorder.ok,
        a.recorder.failed,
        a.recorder.latency.totalCount,
        a.recorder.latency.getValueAtPercentile(50),
        a.recorder.latency.getValueAtPercentile(99),
      ];
      const b = copy.view({ recorder: live, stream: null });
      expect([b.recorder.ok, b.recorder.failed]).toEqual([ok, failed]);
      expect([ok, failed]).toEqual([39, 7]);
      expect(b.recorder.latency.totalCount).toBe(count);
      expect(b.recorder.latency.getValueAtPercentile(50)).toBe(p50);
      expect(b.recorder.latency.getValueAtPercentile(99)).toBe(p99);
    } finally {
      carry.destroy();
      copy.destroy();
      live.destroy();
      for (const r of rounds) destroyResult(r);
    }
  });

  it("latency: the carried histogram plus the live one, rebuilt at each check (never counted twice)", () => {
    const carry = new AbortCarry();
    const round = finished(30, 0, 40);
    carry.add(round);
    const live = recorded(10, 0, 40);
    try {
      const first = carry.view({ recorder: live, stream: null });
      expect(first.recorder.latency.totalCount).toBe(40);
      expect(carry.view({ recorder: live, stream: null }).recorder.latency.totalCount).toBe(40);
      expect(findBreach([rule("latency.p95", 10)], first, 0)?.actual).toBeCloseTo(40, 0);
    } finally {
      carry.destroy();
      live.destroy();
      destroyResult(round);
    }
  });

  it("a plain scenario's ttfb is carried across rounds too (was: the watch read no ttfb side by side): two rounds of 15 at 60 ms and a running 5 breach ttfb.p95 <= 50ms, the running 5 alone cannot", () => {
    const carry = new AbortCarry();
    const rounds = [finished(15, 0, 60), finished(15, 0, 60)];
    for (const r of rounds) carry.add(r);
    const live = recorded(5, 0, 60);
    const copy = AbortCarry.fromWire(structuredClone(carry.toWire()));
    try {
      const view = carry.view({ recorder: live, stream: null });
      expect(view.recorder.ttfb?.totalCount).toBe(35);
      // ttfb is 90 % of the 60 ms latency: 54 ms, above the 50 ms limit beyond doubt.
      expect(findBreach([rule("ttfb.p95", 50)], view, 0)?.actual).toBeCloseTo(54, 0);
      expect(findBreach([rule("ttfb.p95", 50)], { recorder: live, stream: null }, 0)).toBeNull();
      // Posted to a worker thread, the carry holds the same ttfb.
      const posted = copy.view({ recorder: live, stream: null });
      expect(posted.recorder.ttfb?.totalCount).toBe(35);
      expect(findBreach([rule("ttfb.p95", 50)], posted, 0)?.actual).toBeCloseTo(54, 0);
    } finally {
      carry.destroy();
      copy.destroy();
      live.destroy();
      for (const r of rounds) destroyResult(r);
    }
  });

  it("ttfb of a streamed scenario: the earlier rounds' phase ttfb (its only one) plus the running recorder's, 30 + 10 values", () => {
    const carry = new AbortCarry();
    // A streamed round: its ttfb is the recorder's phase histogram; the stream part has none.
    const ttfb = createHistogram();
    for (let i = 0; i < 30; i++) ttfb.recordValue(100_000);
    const round = { ...finished(30, 0, 105), ttfb, stream: new StreamRecorder("openai").result() };
    carry.add(round);
    // The running round: 10 ok requests, headers at 100 ms (too few alone to decide).
    const live = new MetricsRecorder(60_000);
    for (let i = 0; i < 10; i++) {
      live.recordOk(200, 105_000, 105_000, 0, 0);
      live.recordPhases(100_000, 5_000, 105_000, 0);
    }
    const running = new StreamRecorder("openai");
    try {
      const view = carry.view({ recorder: live, stream: running });
      expect(view.recorder.ttfb?.totalCount).toBe(40);
      expect(view.stream).not.toHaveProperty("ttfb");
      // 40 values at 100 ms break a 50 ms p50 beyond doubt; the running 10 alone are too few.
      expect(findBreach([rule("ttfb.p50", 50)], view, 0)?.actual).toBeCloseTo(100, 0);
      expect(findBreach([rule("ttfb.p50", 50)], { recorder: live, stream: running }, 0)).toBeNull();
    } finally {
      carry.destroy();
      live.destroy();
      running.destroy();
      destroyResult(round);
    }
  });
});
