/**
 * Phase timings in the metrics layer: the recorder's ttfb and body (and a load shape's per-stage
 * copy), exact merges of the four families, and which names a scenario may gate on.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { initHistograms } from "../../src/metrics/histogram.js";
import { mergeScenarioResults } from "../../src/metrics/merge-results.js";
import { MetricsRecorder } from "../../src/metrics/recorder.js";
import { findScenarioMetric, type MetricScopeInfo } from "../../src/metrics/scenario-metrics.js";
import { StagedRecorder } from "../../src/metrics/staged-recorder.js";
import { makeResult } from "../report/fixtures.js";

beforeAll(() => initHistograms());

const PLAIN: MetricScopeInfo = { steps: [], checks: [], streamed: false, slo: false, multiStep: false };
const FLOW: MetricScopeInfo = {
  steps: [{ name: "upload", streamed: false }],
  checks: [],
  streamed: false,
  slo: false,
  multiStep: true,
};
const SHAPE: MetricScopeInfo = { ...PLAIN, stages: ["up", "hold"] };

function problemOf(name: string, scope: MetricScopeInfo): string {
  const found = findScenarioMetric(name, scope);
  if (!("problem" in found)) throw new Error(`${name} was accepted`);
  return found.problem;
}

describe("recordPhases", () => {
  it("records ttfb and body of an ok request, and a load shape files them with the stage its latency chose", () => {
    const r = new StagedRecorder(2000, {}, [
      { name: "up", durationMs: 1000 },
      { name: "hold", durationMs: 1000 },
    ]);
    r.startTimeline(0);
    // Due at 1.2 s (completed at 1.5 s after 300 ms): the second stage's.
    r.recordOk(200, 300_000, 300_000, 0, 1500);
    r.recordPhases(100_000, 200_000, 300_000, 1500);
    expect(r.ttfb.totalCount).toBe(1);
    expect(r.body.getValueAtPercentile(50)).toBeCloseTo(200_000, -3);
    expect(r.stageRecorders.map((s) => s.ttfb.totalCount)).toEqual([0, 1]);
    expect(r.stageRecorders.map((s) => s.latency.totalCount)).toEqual([0, 1]);
    r.destroy();
  });

  it("a plain recorder keeps them apart from latency", () => {
    const r = new MetricsRecorder(1000);
    r.recordPhases(5_000, 7_000, 12_000, 10);
    expect([r.ttfb.totalCount, r.body.totalCount, r.latency.totalCount]).toEqual([1, 1, 0]);
    r.destroy();
  });
});

describe("mergeScenarioResults over the phases", () => {
  it("adds each family's histograms (counts summed), keeps tls where one part has it, none where none has", async () => {
    const a = await makeResult({ latencyMs: [10], phases: { ttfbMs: [4], bodyMs: [6], connectMs: [1, 1] } });
    const b = await makeResult({
      latencyMs: [20, 30],
      phases: { ttfbMs: [8, 9], bodyMs: [12, 21], connectMs: [2], tlsMs: [3] },
    });
    const merged = mergeScenarioResults([a, b], "parallel");
    expect(merged.ttfb?.totalCount).toBe(3);
    expect(merged.body?.totalCount).toBe(3);
    expect(merged.connect?.totalCount).toBe(3);
    expect(merged.tls?.totalCount).toBe(1);
    const plainA = await makeResult({ latencyMs: [1], phases: { connectMs: [1] } });
    const plainB = await makeResult({ latencyMs: [1], phases: { connectMs: [1] } });
    const http = mergeScenarioResults([plainA, plainB]);
    expect(http.tls).toBeUndefined();
    expect(http.ttfb).toBeUndefined();
    for (const h of [merged.ttfb, merged.body, merged.connect, merged.tls, http.connect]) h?.destroy();
    for (const r of [merged, http])
      for (const h of [r.latency, r.latencyUncorrected, r.queueTime, r.latencyFailed]) h.destroy();
  });
});

describe("which phase names a scenario may gate on", () => {
  it.each(["ttfb.p95", "body.p50", "connect.p99", "tls.max"])(
    "%s on a plain scenario (no stream needed)",
    (name) => {
      expect(findScenarioMetric(name, PLAIN)).toMatchObject({ name, unit: "duration", better: "lower" });
    },
  );

  it("a step has ttfb and body; connect and tls are the scenario's", () => {
    expect(findScenarioMetric("steps.upload.ttfb.p95", FLOW)).toMatchObject({ unit: "duration" });
    expect(problemOf("steps.upload.connect.p95", FLOW)).toBe(
      "steps.upload.connect.p95: a step has no connect.p95 (it is the whole scenario's)",
    );
    expect(findScenarioMetric("connect.p95", FLOW)).toMatchObject({ name: "connect.p95" });
  });

  it("a multi-step scenario's own ttfb points at a step's", () => {
    expect(problemOf("ttfb.p95", FLOW)).toBe(
      "ttfb.p95: an iteration of steps has no single response; gate a step's instead, like steps.upload.ttfb.p95",
    );
  });

  it("a stage of a multi-step scenario has no ttfb or body (it records whole iterations): refused, pointing at the steps (was: accepted, always no data)", () => {
    const stagedFlow: MetricScopeInfo = { ...FLOW, stages: ["up", "hold"] };
    expect(problemOf("stages.up.ttfb.p95", stagedFlow)).toBe(
      "stages.up.ttfb.p95: a stage has no ttfb.p95 (a stage of steps records whole iterations, which have no single response: gate a step's instead (steps.<step>.…))",
    );
    expect(findScenarioMetric("stages.up.latency.p95", stagedFlow)).toMatchObject({ unit: "duration" });
  });

  it("a stage has ttfb and body, not connect or tls", () => {
    expect(findScenarioMetric("stages.up.ttfb.p95", SHAPE)).toMatchObject({ unit: "duration" });
    expect(problemOf("stages.hold.tls.p95", SHAPE)).toBe(
      "stages.hold.tls.p95: a stage has no tls.p95 (connections are opened for the whole scenario, not per stage; the scenario's is tls.p95)",
    );
  });
});
