/**
 * The load shape's latency-over-time chart and stage table, from hand-written reports: what is
 * charted per x position (each second, or the highest second of each bucket), where the stage
 * marks go, and the fallback to latency by stage for a report without per-second latency.
 */
import { describe, expect, it } from "vitest";
import { MAX_CHART_POINTS, renderStageChart } from "../../src/render/stage-chart.js";
import { stageTableRows } from "../../src/render/workload-text.js";
import type { ScenarioReport, StageReport } from "../../src/report/types.js";
import { sampleStreamReport, summary } from "./sample-stream.js";

const base = sampleStreamReport().scenarios[0] as ScenarioReport;

function stage(name: string, durationMs: number, ttft?: number): StageReport {
  const { load: _l, bytes: _b, generator: _g, warmup_requests: _w, steps: _s, stages: _t, ...block } = base;
  return {
    ...block,
    name,
    latency: summary(10, 10, 20, 30, 12, 40),
    ...(ttft === undefined ? { ttft: undefined } : { ttft: summary(10, ttft / 2, ttft, ttft, ttft, ttft) }),
    planned: { duration_ms: durationMs, rate: 10 },
  };
}

/** A timeline of `seconds` points; second t has p50 t, p95 t + 1, p99 t + 2 ms (none where `gap`). */
function timeline(seconds: number, gap: (t: number) => boolean = () => false): ScenarioReport["timeline"] {
  return Array.from({ length: seconds }, (_, t) => ({
    t,
    ok: 1,
    errors: 0,
    ...(gap(t) ? {} : { latency_p50: t, latency_p95: t + 1, latency_p99: t + 2 }),
  }));
}

const lineOf = (lines: string[], start: string): string =>
  (lines.find((l) => l.trim().startsWith(start)) ?? "").trim();
const lines = (chart: string[]) => chart.filter((l) => l.trim().startsWith("line ["));

describe("the latency-over-time chart", () => {
  it("charts each second's p50/p95/p99 with the stage names where stages start and a grey bar there", () => {
    const s = {
      ...base,
      stages: [stage("up", 2000), stage("spike", 1500)],
      timeline: timeline(4, (t) => t === 3),
    };
    const chart = renderStageChart(s);
    expect(lineOf(chart, "title")).toBe(`title "${base.name}: latency over time (ms)"`);
    expect(lineOf(chart, "x-axis")).toBe('x-axis ["up 0s", "1s", "spike 2s", "3s"]');
    // p99 tops at 4 ms: the axis at 5; the bar marks spike's start at full height.
    expect(lineOf(chart, "y-axis")).toBe('y-axis "ms" 0 --> 5');
    expect(lineOf(chart, "bar")).toBe("bar [0, 0, 5, 0]");
    expect(lines(chart)).toEqual(["  line [0, 1, 2, 0]", "  line [1, 2, 3, 0]", "  line [2, 3, 4, 0]"]);
    expect(chart.at(-1)).toContain("each second");
    expect(chart.at(-1)).toContain("0 where none completed");
  });

  it(`downsamples 600 seconds to ${MAX_CHART_POINTS} points, each the highest of its 10 seconds, and says so`, () => {
    const s = {
      ...base,
      stages: [stage("hold", 300_000), stage("spike", 5000), stage("after", 295_000)],
      timeline: timeline(600),
    };
    const chart = renderStageChart(s);
    const x = lineOf(chart, "x-axis");
    const labels = JSON.parse(x.slice("x-axis ".length)) as string[];
    expect(labels).toHaveLength(60);
    expect(new Set(labels).size).toBe(60);
    expect(labels.slice(0, 2)).toEqual(["hold 0s", "10s"]);
    // spike (300 s) and after (305 s) start in the same bucket.
    expect(labels[30]).toBe("spike/after 300s");
    const [p50, , p99] = lines(chart).map((l) => JSON.parse(l.trim().slice("line ".length)) as number[]);
    // Bucket b covers seconds 10b … 10b + 9: its highest p50 is 10b + 9.
    expect(p50?.slice(0, 3)).toEqual([9, 19, 29]);
    expect(p99?.at(-1)).toBe(601);
    expect(chart.at(-1)).toContain("each 10 s (the highest second of each)");
  });

  it("falls back to latency by stage when the timeline has no per-second latency (an older report)", () => {
    const s = { ...base, stages: [stage("a", 1000), stage("b", 1000)], timeline: timeline(2, () => true) };
    const chart = renderStageChart(s);
    expect(lineOf(chart, "title")).toBe(`title "${base.name}: latency by stage (ms)"`);
    expect(lineOf(chart, "x-axis")).toBe('x-axis ["a (10.0/s)", "b (10.0/s)"]');
  });

  it("draws nothing for a scenario without stages", () => {
    expect(renderStageChart({ ...base, timeline: timeline(5) })).toEqual([]);
  });
});

describe("the stage table", () => {
  it("adds the ttft p95 of each stage's requests when the scenario streams", () => {
    const [head, calm, busy] = stageTableRows({
      ...base,
      stages: [stage("calm", 1000, 21), stage("busy", 1000, 130)],
    });
    expect(head?.at(-1)).toBe("ttft p95 (ms)");
    expect([calm?.[0], calm?.at(-1)]).toEqual(["calm", "21.0"]);
    expect([busy?.[0], busy?.at(-1)]).toEqual(["busy", "130.0"]);
  });

  it("has no ttft column when it does not", () => {
    const [head] = stageTableRows({ ...base, stages: [stage("a", 1000), stage("b", 1000)] });
    expect(head?.at(-1)).toBe("p99 (ms)");
  });
});
