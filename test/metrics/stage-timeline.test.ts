/**
 * The marks of a load shape's timeline: the per-second latency quantiles (one live histogram,
 * read into three numbers when its second ends), the stage each second starts in, and what a
 * merge keeps of them (quantiles cannot be added).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { initHistograms } from "../../src/metrics/histogram.js";
import { mergeTimelines } from "../../src/metrics/merge-results.js";
import { SecondLatency } from "../../src/metrics/second-latency.js";
import { StagedRecorder } from "../../src/metrics/staged-recorder.js";
import type { ScenarioResult, TimelinePoint } from "../../src/metrics/types.js";

beforeAll(async () => {
  await initHistograms();
});

describe("SecondLatency", () => {
  it("reads each second's p50/p95/p99 of the values recorded in it, not of the seconds before", () => {
    const s = new SecondLatency();
    // Second 0: 1…100 ms; second 1: nothing; second 2: 200 ms × 10; second 3 (live): 5 ms.
    for (let ms = 1; ms <= 100; ms++) s.record(0, ms * 1000);
    for (let i = 0; i < 10; i++) s.record(2, 200_000);
    s.record(3, 5000);
    // HDR's 3 significant digits: a percentile is its bucket's top, within 0.1 % of the value.
    const first = s.at(0);
    expect(first?.p50Ms).toBeGreaterThanOrEqual(50);
    expect(first?.p50Ms).toBeLessThanOrEqual(50.05);
    expect(first?.p95Ms).toBeGreaterThanOrEqual(95);
    expect(first?.p95Ms).toBeLessThanOrEqual(95.1);
    expect(first?.p99Ms).toBeGreaterThanOrEqual(99);
    expect(first?.p99Ms).toBeLessThanOrEqual(99.1);
    expect(s.at(1)).toBeUndefined();
    expect(s.at(2)).toEqual({ p50Ms: 200, p95Ms: 200, p99Ms: 200 });
    expect(s.at(3)).toEqual({ p50Ms: 5, p95Ms: 5, p99Ms: 5 });
    expect(s.at(4)).toBeUndefined();
  });

  it("a value recorded late for a closed second counts in the current one (seconds never reopen)", () => {
    const s = new SecondLatency();
    s.record(0, 10_000);
    s.record(1, 20_000);
    s.record(0, 30_000);
    expect(s.at(0)).toEqual({ p50Ms: 10, p95Ms: 10, p99Ms: 10 });
    expect(s.at(1)?.p99Ms).toBe(30);
  });
});

describe("a staged recorder's timeline", () => {
  it("names the stage each second starts in when stages end between whole seconds (1.5 s + 1 s + 0.5 s)", () => {
    const r = new StagedRecorder(3000, {}, [
      { name: "a", durationMs: 1500, ratePerSec: 10 },
      { name: "b", durationMs: 1000, ratePerSec: 10 },
      { name: "c", durationMs: 500, ratePerSec: 10 },
    ]);
    r.startTimeline(1000);
    // One ok request completing in each second, latency 7 ms, then 70 ms, then none in second 2.
    r.recordOk(200, 7000, 7000, 0, 1500);
    r.recordOk(200, 70_000, 70_000, 0, 2500);
    const points = r.timeline(3000);
    expect(points.map((p) => [p.t, p.stage])).toEqual([
      [0, "a"],
      [1, "a"],
      [2, "b"],
    ]);
    expect(points.map((p) => p.latencyP50Ms)).toEqual([7, 70, undefined]);
    // The stage recorders keep plain timelines.
    expect(r.stageRecorders[0]?.timeline(3000)[0]).toEqual({ t: 0, ok: 1, errors: 0 });
    r.destroy();
  });

  it("gives a stage that runs 1.5 s … 2.5 s both seconds it touches (it got only second 1)", () => {
    const r = new StagedRecorder(3000, {}, [
      { name: "a", durationMs: 1500, ratePerSec: 10 },
      { name: "b", durationMs: 1000, ratePerSec: 10 },
      { name: "c", durationMs: 500, ratePerSec: 10 },
    ]);
    r.startTimeline(0);
    // Requests due in b at 1.6 s and 2.2 s (1 ms latency), each completing in its own second.
    r.recordOk(200, 1000, 1000, 0, 1601);
    r.recordOk(200, 1000, 1000, 0, 2201);
    const b = r.stageTimeline(1, 1000, 3000);
    expect(b.map((p) => [p.t, p.ok])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    r.destroy();
  });
});

function part(durationMs: number, timeline: TimelinePoint[]): ScenarioResult {
  // mergeTimelines reads only these two fields.
  return { measuredDurationMs: durationMs, timeline } as unknown as ScenarioResult;
}

describe("mergeTimelines and the per-second quantiles", () => {
  const q = (ms: number) => ({ latencyP50Ms: ms, latencyP95Ms: ms + 1, latencyP99Ms: ms + 2 });

  it("keeps a second's quantiles when one part fed it, drops them when two did (quantiles cannot be added)", () => {
    // Part 1 lasts 1.5 s: its second 1 and part 2's second 0 both land in merged second 1.
    const merged = mergeTimelines([
      part(1500, [
        { t: 0, ok: 1, errors: 0, stage: "up", ...q(10) },
        { t: 1, ok: 1, errors: 0, stage: "up", ...q(20) },
      ]),
      part(2000, [
        { t: 0, ok: 1, errors: 0, stage: "hold", ...q(30) },
        { t: 1, ok: 1, errors: 0, stage: "hold", ...q(40) },
      ]),
    ]);
    expect(merged).toEqual([
      { t: 0, ok: 1, errors: 0, stage: "up", ...q(10) },
      { t: 1, ok: 2, errors: 0, stage: "up" },
      { t: 2, ok: 1, errors: 0, stage: "hold", ...q(40) },
      { t: 3, ok: 0, errors: 0 },
    ]);
  });
});
