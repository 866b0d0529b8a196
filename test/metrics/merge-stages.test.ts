/**
 * Side-by-side rounds of a load shape each hold only the stages their segment touched: the merge
 * must find a stage's parts by NAME (an index would add round 2's first stage, "hold", into "up"),
 * sum their durations, add their histograms exactly, and lay each stage's own timeline (its
 * seconds from t = 0 in each round) end to end.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHistogram, type Histogram, initHistograms } from "../../src/metrics/histogram.js";
import { mergeScenarioResults } from "../../src/metrics/merge-results.js";
import type { ScenarioResult, TimelinePoint } from "../../src/metrics/types.js";

beforeAll(async () => {
  await initHistograms();
});

function histogram(values: readonly number[]): Histogram {
  const h = createHistogram();
  for (const v of values) h.recordValue(v);
  return h;
}

/** A result of `n` ok requests at `latencyUs`, over `durationMs`, with this timeline. */
function part(
  name: string,
  n: number,
  latencyUs: number,
  durationMs: number,
  timeline: readonly TimelinePoint[],
  stages?: ScenarioResult[],
): ScenarioResult {
  return {
    name,
    model: "open",
    startedAtMs: 0,
    measuredDurationMs: durationMs,
    incomplete: false,
    warmupRequests: 0,
    requests: { total: n, ok: n, failed: 0, dropped: 0, droppedQueueFull: 0, droppedAtEnd: 0 },
    window: { responses: n, ok: n, outputTokens: 0, good: 0, bytesReceived: 0, bytesSent: 0 },
    errors: {},
    status: { "200": n },
    bytesReceived: 0,
    bytesSent: 0,
    latency: histogram(new Array(n).fill(latencyUs)),
    latencyUncorrected: histogram([]),
    queueTime: histogram([]),
    latencyFailed: histogram([]),
    timeline,
    generator: { eventLoopDelayMeanMs: 0, eventLoopDelayP99Ms: 0, eventLoopDelayMaxMs: 0, lagged: false },
    errorSamples: [],
    ...(stages === undefined ? {} : { stages }),
  };
}

function destroyAll(r: ScenarioResult): void {
  for (const h of [r.latency, r.latencyUncorrected, r.queueTime, r.latencyFailed]) h.destroy();
  for (const s of r.stages ?? []) destroyAll(s);
}

const at = (t: number, ok: number): TimelinePoint => ({ t, ok, errors: 0 });

describe("mergeScenarioResults: load-shape stages", () => {
  it("merges stages by name across rounds that each hold only the stages of their segment", () => {
    // A side's three 2 s rounds over up (0–3 s) and hold (3–6 s): round 1 straddles the boundary.
    const rounds = [
      part("s", 10, 10_000, 2000, [at(0, 4), at(1, 6)], [part("up", 10, 10_000, 2000, [at(0, 4), at(1, 6)])]),
      // Each stage part's timeline is its own stretch from t = 0 (hold's first second here).
      part(
        "s",
        30,
        20_000,
        2000,
        [at(0, 10), at(1, 20)],
        [part("up", 10, 10_000, 1000, [at(0, 10)]), part("hold", 20, 30_000, 1000, [at(0, 20)])],
      ),
      part(
        "s",
        40,
        30_000,
        2000,
        [at(0, 20), at(1, 20)],
        [part("hold", 40, 30_000, 2000, [at(0, 20), at(1, 20)])],
      ),
    ];
    const merged = mergeScenarioResults(rounds);
    try {
      const [up, hold] = merged.stages ?? [];
      expect(merged.stages?.map((s) => s.name)).toEqual(["up", "hold"]);
      expect([up?.measuredDurationMs, hold?.measuredDurationMs]).toEqual([3000, 3000]);
      expect([up?.requests.ok, hold?.requests.ok]).toEqual([20, 60]);
      // Exactly the stage's own values: up is all 10 ms, hold all 30 ms.
      expect([up?.latency.totalCount, hold?.latency.totalCount]).toEqual([20, 60]);
      expect(Math.round((up?.latency.maxValue ?? 0) / 1000)).toBe(10);
      expect(Math.round((hold?.latency.minNonZeroValue ?? 0) / 1000)).toBe(30);
      // Each stage's own seconds: its parts end to end over the parts' own lengths.
      expect(up?.timeline.filter((p) => p.ok > 0).map((p) => [p.t, p.ok])).toEqual([
        [0, 4],
        [1, 6],
        [2, 10],
      ]);
      expect(hold?.timeline.filter((p) => p.ok > 0).map((p) => [p.t, p.ok])).toEqual([
        [0, 20],
        [1, 20],
        [2, 20],
      ]);
      expect([up?.timeline.length, hold?.timeline.length]).toEqual([3, 3]);
      expect(merged.timeline).toHaveLength(6);
    } finally {
      destroyAll(merged);
    }
  });

  it("destroys the parts' stage histograms (ownership moves to the merged result)", () => {
    const round = part("s", 1, 1000, 1000, [at(0, 1)], [part("up", 1, 1000, 1000, [at(0, 1)])]);
    const merged = mergeScenarioResults([round]);
    try {
      expect(() => round.stages?.[0]?.latency.totalCount).toThrow(/destroyed/);
    } finally {
      destroyAll(merged);
    }
  });
});

describe("mergeScenarioResults: parallel layout (parts of a split load)", () => {
  it("aligns the parts' timelines on the wall clock; its duration is the longest part's, so rates add up", () => {
    // Two workers measured 2 s each, the second starting 1 s later (a late shard).
    const a = { ...part("s", 6, 10_000, 2000, [at(0, 3), at(1, 3)]), startedAtMs: 10_000 };
    const b = { ...part("s", 4, 30_000, 2000, [at(0, 2), at(1, 2)]), startedAtMs: 11_000 };
    const merged = mergeScenarioResults([b, a], "parallel");
    try {
      expect(merged.startedAtMs).toBe(10_000);
      expect(merged.measuredDurationMs).toBe(2000);
      expect(merged.requests.ok).toBe(10);
      expect(merged.latency.totalCount).toBe(10);
      expect(merged.timeline.map((p) => [p.t, p.ok])).toEqual([
        [0, 3],
        [1, 5],
        [2, 2],
      ]);
    } finally {
      destroyAll(merged);
    }
  });
});
